// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: the simulated memory controllers' traffic as perf PMUs.
 *
 * A resctrl bandwidth count is only worth something compared with another
 * measurement of the same traffic; on Intel the resctrl selftests use the
 * memory controllers' uncore PMU (uncore_imc_N).  This is the simulated
 * platform's equivalent: one uncore-style PMU per simulated MSC with memory
 * controller RIS, named mpam_sim_mc_N in the order the MSCs were given,
 * with one event, "bytes", counting every byte of traffic (all labels,
 * injected or made by the background model) that passed through them.
 *
 * Like other uncore PMUs it counts for the whole system: events are opened
 * on a CPU (the "cpumask" file suggests CPU 0, so that a tool opens it once)
 * and cannot be attached to a task or sample.  The MSC is looked up by its
 * frame address under RCU on every read, so nothing here outlives it.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/init.h>
#include <linux/perf_event.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string_choices.h>
#include <linux/sysfs.h>

#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

#define MPAM_SIM_PMU_EV_BYTES	0x01

/**
 * struct mpam_sim_pmu - One memory controller PMU.
 * @pmu: the perf PMU.
 * @base: frame address of the MSC whose memory RIS it counts.
 * @name: mpam_sim_mc_N.
 */
struct mpam_sim_pmu {
	struct pmu	pmu;
	phys_addr_t	base;
	char		name[24];
};

static struct mpam_sim_pmu *to_sim_pmu(struct pmu *pmu)
{
	return container_of(pmu, struct mpam_sim_pmu, pmu);
}

/* The MSC's total, or the last value seen when it is gone. */
static u64 mpam_sim_pmu_total(struct perf_event *event)
{
	struct mpam_sim_pmu *sp = to_sim_pmu(event->pmu);
	u64 total = local64_read(&event->hw.prev_count);
	struct mpam_sim_msc *sim;

	rcu_read_lock();
	mpam_sim_for_each_rcu(sim) {
		if (sim->desc.base == sp->base) {
			total = mpam_sim_memory_traffic(sim);
			break;
		}
	}
	rcu_read_unlock();
	return total;
}

static int mpam_sim_pmu_event_init(struct perf_event *event)
{
	if (event->attr.type != event->pmu->type)
		return -ENOENT;
	/* System-wide counts only, as for any uncore PMU. */
	if (is_sampling_event(event) || event->attach_state & PERF_ATTACH_TASK)
		return -EINVAL;
	if (event->cpu < 0)
		return -EINVAL;
	if (event->attr.config != MPAM_SIM_PMU_EV_BYTES)
		return -EINVAL;
	return 0;
}

static void mpam_sim_pmu_update(struct perf_event *event)
{
	u64 prev = local64_read(&event->hw.prev_count);
	u64 now = mpam_sim_pmu_total(event);

	local64_set(&event->hw.prev_count, now);
	local64_add(now - prev, &event->count);
}

static void mpam_sim_pmu_start(struct perf_event *event, int flags)
{
	local64_set(&event->hw.prev_count, mpam_sim_pmu_total(event));
	event->hw.state = 0;
}

static void mpam_sim_pmu_stop(struct perf_event *event, int flags)
{
	if (event->hw.state & PERF_HES_STOPPED)
		return;
	mpam_sim_pmu_update(event);
	event->hw.state |= PERF_HES_STOPPED | PERF_HES_UPTODATE;
}

static int mpam_sim_pmu_add(struct perf_event *event, int flags)
{
	event->hw.state = PERF_HES_STOPPED | PERF_HES_UPTODATE;
	if (flags & PERF_EF_START)
		mpam_sim_pmu_start(event, flags);
	return 0;
}

static void mpam_sim_pmu_del(struct perf_event *event, int flags)
{
	mpam_sim_pmu_stop(event, PERF_EF_UPDATE);
}

static void mpam_sim_pmu_read(struct perf_event *event)
{
	if (!(event->hw.state & PERF_HES_STOPPED))
		mpam_sim_pmu_update(event);
}

PMU_FORMAT_ATTR(event, "config:0-7");

static struct attribute *mpam_sim_pmu_format_attrs[] = {
	&format_attr_event.attr,
	NULL,
};

static const struct attribute_group mpam_sim_pmu_format_group = {
	.name = "format",
	.attrs = mpam_sim_pmu_format_attrs,
};

/* perf's conventions: the count times .scale is in .unit. */
PMU_EVENT_ATTR_STRING(bytes, mpam_sim_pmu_ev_bytes, "event=0x01");
PMU_EVENT_ATTR_STRING(bytes.scale, mpam_sim_pmu_ev_bytes_scale, "9.5367431640625e-07");
PMU_EVENT_ATTR_STRING(bytes.unit, mpam_sim_pmu_ev_bytes_unit, "MiB");

static struct attribute *mpam_sim_pmu_event_attrs[] = {
	&mpam_sim_pmu_ev_bytes.attr.attr,
	&mpam_sim_pmu_ev_bytes_scale.attr.attr,
	&mpam_sim_pmu_ev_bytes_unit.attr.attr,
	NULL,
};

static const struct attribute_group mpam_sim_pmu_event_group = {
	.name = "events",
	.attrs = mpam_sim_pmu_event_attrs,
};

static ssize_t cpumask_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%*pbl\n", cpumask_pr_args(cpumask_of(0)));
}
static DEVICE_ATTR_RO(cpumask);

static struct attribute *mpam_sim_pmu_cpumask_attrs[] = {
	&dev_attr_cpumask.attr,
	NULL,
};

static const struct attribute_group mpam_sim_pmu_cpumask_group = {
	.attrs = mpam_sim_pmu_cpumask_attrs,
};

static const struct attribute_group *mpam_sim_pmu_groups[] = {
	&mpam_sim_pmu_format_group,
	&mpam_sim_pmu_event_group,
	&mpam_sim_pmu_cpumask_group,
	NULL,
};

static bool mpam_sim_has_memory(const struct mpam_sim_msc *sim)
{
	unsigned int r;

	for (r = 0; r < sim->desc.nr_ris; r++)
		if (sim->desc.ris[r].is_memory)
			return true;
	return false;
}

static void mpam_sim_pmu_add_msc(struct mpam_sim_msc *sim, void *arg)
{
	unsigned int *nr = arg;
	struct mpam_sim_pmu *sp;
	int err;

	if (!mpam_sim_has_memory(sim))
		return;
	sp = kzalloc_obj(*sp);
	if (!sp) {
		pr_err("no memory for the PMU of MSC %pa\n", &sim->desc.base);
		return;
	}
	sp->base = sim->desc.base;
	snprintf(sp->name, sizeof(sp->name), "mpam_sim_mc_%u", *nr);
	sp->pmu = (struct pmu) {
		.module		= THIS_MODULE,
		.task_ctx_nr	= perf_invalid_context,
		.capabilities	= PERF_PMU_CAP_NO_INTERRUPT | PERF_PMU_CAP_NO_EXCLUDE,
		.attr_groups	= mpam_sim_pmu_groups,
		.event_init	= mpam_sim_pmu_event_init,
		.add		= mpam_sim_pmu_add,
		.del		= mpam_sim_pmu_del,
		.start		= mpam_sim_pmu_start,
		.stop		= mpam_sim_pmu_stop,
		.read		= mpam_sim_pmu_read,
	};
	err = perf_pmu_register(&sp->pmu, sp->name, -1);
	if (err) {
		pr_err("cannot register PMU %s for MSC %pa: %d\n", sp->name, &sim->desc.base, err);
		kfree(sp);
		return;
	}
	(*nr)++;
}

/* After the MSCs (core_initcall) and perf (early_initcall) exist. */
static int __init mpam_sim_pmu_init(void)
{
	unsigned int nr = 0;

	mpam_sim_for_each(mpam_sim_pmu_add_msc, &nr);
	if (nr)
		pr_info("%u memory controller PMU%s: mpam_sim_mc_0..%u\n",
			nr, str_plural(nr), nr - 1);
	return 0;
}
device_initcall(mpam_sim_pmu_init);
