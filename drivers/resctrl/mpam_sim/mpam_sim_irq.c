// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: raising an MSC's interrupts.
 *
 * An SPI is made pending in the interrupt controller, whichever CPU the
 * model runs on.  A PPI is a per-CPU interrupt: making it pending sets it
 * on the CPU that asks, so it is raised on a CPU that can reach the MSC,
 * as hardware would signal it to one.  The driver's own accesses come from
 * such a CPU; traffic and errors injected from any other CPU are raised
 * through an irq_work queued on one.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/irq_work.h>
#include <linux/smp.h>

#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

/* Whether this CPU can reach @sim (an empty mask: every CPU). */
static bool sim_irq_cpu_reaches(struct mpam_sim_msc *sim, unsigned int cpu)
{
	return cpumask_empty(&sim->desc.accessible) ||
	       cpumask_test_cpu(cpu, &sim->desc.accessible);
}

static void sim_irq_set_pending(int irq)
{
	irq_set_irqchip_state(irq, IRQCHIP_STATE_PENDING, true);
}

/* On a CPU that can reach the MSC: the PPIs asked for elsewhere. */
static void sim_irq_ppi_work(struct irq_work *work)
{
	struct mpam_sim_msc *sim = container_of(work, struct mpam_sim_msc, ppi_work);
	int irq;

	while ((irq = atomic_xchg(&sim->ppi_pending[0], 0)) > 0)
		sim_irq_set_pending(irq);
	while ((irq = atomic_xchg(&sim->ppi_pending[1], 0)) > 0)
		sim_irq_set_pending(irq);
}

/**
 * mpam_sim_irq_init() - Prepare @sim for raising PPIs.
 * @sim: the MSC, being created.
 */
void mpam_sim_irq_init(struct mpam_sim_msc *sim)
{
	init_irq_work(&sim->ppi_work, sim_irq_ppi_work);
}

/**
 * mpam_sim_irq_sync() - Wait until no PPI of @sim is on its way.
 * @sim: the MSC, its interrupt numbers cleared.
 */
void mpam_sim_irq_sync(struct mpam_sim_msc *sim)
{
	irq_work_sync(&sim->ppi_work);
}

/**
 * mpam_sim_raise_irq() - Signal one of @sim's interrupts.
 * @sim: the MSC, its lock not held.
 * @which: 0 for the error interrupt, 1 for the overflow interrupt.
 * @irq: its Linux IRQ number.
 */
void mpam_sim_raise_irq(struct mpam_sim_msc *sim, unsigned int which, int irq)
{
	unsigned int cpu, target;

	if (irq <= 0)
		return;
	if (!irq_is_percpu_devid(irq)) {
		sim_irq_set_pending(irq);
		return;
	}
	cpu = get_cpu();
	if (sim_irq_cpu_reaches(sim, cpu)) {
		sim_irq_set_pending(irq);
	} else {
		target = cpumask_any_and(&sim->desc.accessible, cpu_online_mask);
		if (target < nr_cpu_ids) {
			atomic_set(&sim->ppi_pending[which], irq);
			irq_work_queue_on(&sim->ppi_work, target);
		}
	}
	put_cpu();
}
