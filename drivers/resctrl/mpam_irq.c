// SPDX-License-Identifier: GPL-2.0
/*
 * MSC interrupts: the error interrupt (any error means the driver and the
 * hardware disagree: MPAM is disabled) and the overflow interrupt (a
 * bandwidth counter wrapped: the wrap is accounted at once, so that a
 * short counter stays exact however rarely it is read).
 *
 * Firmware wires each to an SPI or to a PPI.  An SPI is handled by a
 * thread, steered to the CPUs that can reach the MSC; the registers are
 * read on one of them either way (mpam_msc_run()).  A PPI is a per-CPU
 * interrupt: it is enabled on every CPU that can reach the MSC, as each
 * comes online, and handled in hard interrupt context on the CPU it was
 * signalled on, which can reach the MSC by construction.  A PPI is the
 * MSC's own: one shared with another MSC is refused.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "mpam_core.h"
#include "mpam_sim.h"

/**
 * struct mpam_msc_ppis - An MSC's per-CPU interrupts.
 * @node: in mpam_ppi_list.
 * @msc: the MSC.
 * @dev_id: the MSC, on every CPU: the per-CPU cookie of request_percpu_irq().
 * @irq: the error and the overflow interrupt when they are PPIs, else 0.
 */
struct mpam_msc_ppis {
	struct list_head	node;
	struct mpam_msc		*msc;
	struct mpam_msc * __percpu *dev_id;
	int			irq[2];
};

/* MSCs with a PPI, for CPU hotplug; the lock is taken with the hotplug lock held. */
static LIST_HEAD(mpam_ppi_list);
static DEFINE_MUTEX(mpam_ppi_lock);
static int mpam_ppi_cpuhp_state;

static void mpam_error_seen(struct mpam_msc *msc)
{
	if (mpam_msc_handle_error(msc) != MPAM_ERRCODE_NONE)
		mpam_disable("an MSC reported an error");
}

static irqreturn_t mpam_error_irq(int irq, void *data)
{
	mpam_error_seen(data);
	return IRQ_HANDLED;
}

static irqreturn_t mpam_overflow_irq(int irq, void *data)
{
	mpam_msc_handle_overflow(data);
	return IRQ_HANDLED;
}

/* PPIs: @data is this CPU's copy of the MSC pointer. */
static irqreturn_t mpam_error_ppi(int irq, void *data)
{
	mpam_error_seen(*(struct mpam_msc **)data);
	return IRQ_HANDLED;
}

static irqreturn_t mpam_overflow_ppi(int irq, void *data)
{
	mpam_msc_handle_overflow(*(struct mpam_msc **)data);
	return IRQ_HANDLED;
}

static void mpam_ppis_enable_here(void *data)
{
	struct mpam_msc_ppis *p = data;
	int i;

	for (i = 0; i < ARRAY_SIZE(p->irq); i++)
		if (p->irq[i] > 0)
			enable_percpu_irq(p->irq[i], IRQ_TYPE_NONE);
}

static void mpam_ppis_disable_here(void *data)
{
	struct mpam_msc_ppis *p = data;
	int i;

	for (i = 0; i < ARRAY_SIZE(p->irq); i++)
		if (p->irq[i] > 0)
			disable_percpu_irq(p->irq[i]);
}

static int mpam_ppi_cpu_online(unsigned int cpu)
{
	struct mpam_msc_ppis *p;

	mutex_lock(&mpam_ppi_lock);
	list_for_each_entry(p, &mpam_ppi_list, node)
		if (cpumask_test_cpu(cpu, &p->msc->accessible))
			mpam_ppis_enable_here(p);
	mutex_unlock(&mpam_ppi_lock);
	return 0;
}

static int mpam_ppi_cpu_offline(unsigned int cpu)
{
	struct mpam_msc_ppis *p;

	mutex_lock(&mpam_ppi_lock);
	list_for_each_entry(p, &mpam_ppi_list, node)
		if (cpumask_test_cpu(cpu, &p->msc->accessible))
			mpam_ppis_disable_here(p);
	mutex_unlock(&mpam_ppi_lock);
	return 0;
}

/* Enable @p's PPIs on the online CPUs that reach the MSC, and on those to come. */
static int mpam_ppis_start(struct mpam_msc_ppis *p)
{
	int err = 0;

	cpus_read_lock();
	mutex_lock(&mpam_ppi_lock);
	if (!mpam_ppi_cpuhp_state) {
		err = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN, "arm64/mpam:ppi",
							   mpam_ppi_cpu_online,
							   mpam_ppi_cpu_offline);
		if (err > 0)
			mpam_ppi_cpuhp_state = err;
	}
	if (err >= 0) {
		err = 0;
		list_add_tail(&p->node, &mpam_ppi_list);
		on_each_cpu_mask(&p->msc->accessible, mpam_ppis_enable_here, p, true);
	}
	mutex_unlock(&mpam_ppi_lock);
	cpus_read_unlock();
	return err;
}

static void mpam_ppis_stop(struct mpam_msc_ppis *p)
{
	cpus_read_lock();
	mutex_lock(&mpam_ppi_lock);
	list_del_init(&p->node);
	on_each_cpu_mask(&p->msc->accessible, mpam_ppis_disable_here, p, true);
	/* The last MSC with PPIs gone: nothing for the CPU callbacks to do. */
	if (list_empty(&mpam_ppi_list) && mpam_ppi_cpuhp_state) {
		cpuhp_remove_state_nocalls_cpuslocked(mpam_ppi_cpuhp_state);
		mpam_ppi_cpuhp_state = 0;
	}
	mutex_unlock(&mpam_ppi_lock);
	cpus_read_unlock();
}

static void mpam_ppis_free(struct mpam_msc *msc)
{
	struct mpam_msc_ppis *p = msc->ppis;
	int i;

	if (!p)
		return;
	if (!list_empty(&p->node))
		mpam_ppis_stop(p);
	for (i = 0; i < ARRAY_SIZE(p->irq); i++)
		if (p->irq[i] > 0)
			free_percpu_irq(p->irq[i], p->dev_id);
	free_percpu(p->dev_id);
	kfree(p);
	msc->ppis = NULL;
}

static int mpam_ppi_request(struct mpam_msc *msc, int idx, int irq, irq_handler_t fn,
			    const char *name)
{
	struct mpam_msc_ppis *p = msc->ppis;
	int cpu, err;

	if (!p) {
		p = kzalloc_obj(*p);
		if (!p)
			return -ENOMEM;
		INIT_LIST_HEAD(&p->node);
		p->msc = msc;
		p->dev_id = alloc_percpu(struct mpam_msc *);
		if (!p->dev_id) {
			kfree(p);
			return -ENOMEM;
		}
		for_each_possible_cpu(cpu)
			per_cpu(*p->dev_id, cpu) = msc;
		msc->ppis = p;
	}
	err = request_percpu_irq(irq, fn, msc->dev ? dev_name(msc->dev) : name, p->dev_id);
	if (err) {
		pr_err("MSC %u: cannot request its %s interrupt, PPI %d: %d%s\n", msc->id,
		       name, irq, err, err == -EBUSY ? " (another device has it)" : "");
		return err;
	}
	p->irq[idx] = irq;
	return 0;
}

/* One interrupt: a thread for an SPI, a per-CPU handler for a PPI. */
static int mpam_msc_request_one(struct device *dev, struct mpam_msc *msc, int idx, int irq)
{
	static const char *const names[] = { "error", "overflow" };
	irq_handler_t thread = idx ? mpam_overflow_irq : mpam_error_irq;
	int err;

	if (irq <= 0)
		return 0;
	if (irq_is_percpu_devid(irq))
		return mpam_ppi_request(msc, idx, irq, idx ? mpam_overflow_ppi : mpam_error_ppi,
					names[idx]);
	err = devm_request_threaded_irq(dev, irq, NULL, thread, IRQF_ONESHOT, dev_name(dev), msc);
	if (err)
		return dev_err_probe(dev, err, "cannot request the %s interrupt\n", names[idx]);
	irq_set_affinity_and_hint(irq, &msc->accessible);
	return 0;
}

/**
 * mpam_msc_request_irqs() - Request an MSC's error and overflow interrupts.
 * @dev: the device that owns them.
 * @msc: the MSC.
 * @error_irq: the error interrupt, 0 or negative for none.
 * @overflow_irq: the overflow interrupt, 0 or negative for none.
 *
 * Either may be an SPI or a PPI.  A simulated MSC is told which they are,
 * so that it raises them.  Bandwidth monitors programmed after this ask
 * for an interrupt on overflow when there is one.
 *
 * Return: 0, or the errno of the request that failed (nothing is left
 * requested then).
 */
int mpam_msc_request_irqs(struct device *dev, struct mpam_msc *msc, int error_irq,
			  int overflow_irq)
{
	int err;

	err = mpam_msc_request_one(dev, msc, 0, error_irq);
	if (!err)
		msc->error_irq = max(error_irq, 0);
	err = err ?: mpam_msc_request_one(dev, msc, 1, overflow_irq);
	if (!err)
		msc->overflow_irq = max(overflow_irq, 0);
	if (!err && msc->ppis)
		err = mpam_ppis_start(msc->ppis);
	if (err) {
		mpam_msc_free_irqs(dev, msc);
		return err;
	}
#ifdef CONFIG_ARM64_MPAM_SIM
	if (msc->sim)
		mpam_sim_set_irqs(msc->sim, msc->error_irq, msc->overflow_irq);
#endif
	return 0;
}

/**
 * mpam_msc_free_irqs() - Free what mpam_msc_request_irqs() requested.
 * @dev: the device that owns them.
 * @msc: the MSC.
 */
void mpam_msc_free_irqs(struct device *dev, struct mpam_msc *msc)
{
	int irqs[2] = { msc->error_irq, msc->overflow_irq };
	int i;

#ifdef CONFIG_ARM64_MPAM_SIM
	if (msc->sim)
		mpam_sim_set_irqs(msc->sim, 0, 0);
#endif
	for (i = 0; i < ARRAY_SIZE(irqs); i++) {
		if (irqs[i] <= 0 || irq_is_percpu_devid(irqs[i]))
			continue;
		/* The hint points into @msc; free_irq() warns about one left set. */
		irq_update_affinity_hint(irqs[i], NULL);
		devm_free_irq(dev, irqs[i], msc);
	}
	mpam_ppis_free(msc);
	msc->error_irq = 0;
	msc->overflow_irq = 0;
}
