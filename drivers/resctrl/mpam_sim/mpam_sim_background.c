// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: background traffic, attributed to the label each CPU runs with.
 *
 * Exact injection through debugfs tests the counters; this model tests the
 * whole chain instead: resctrl labels a task, the context switch puts the
 * label in arm64_mpam_current, and the traffic the task makes shows up in
 * its group's counters.  While a rate is set, a pinned hrtimer on every
 * online CPU samples it MPAM_SIM_BG_HZ times a second.  A CPU running a user
 * task is taken to have moved rate / MPAM_SIM_BG_HZ bytes of reads with the
 * data PARTID and PMG of its current label, through every simulated RIS
 * whose traffic_cpus include it (its cache, its local memory: the platform
 * file decides); idle CPUs and kernel threads move nothing.
 *
 * The sampling runs in the timer's hardirq so that it sees the label of the
 * task it interrupted rather than that of a worker.  It walks the MSC list
 * under RCU and only takes each MSC's raw spinlock.
 *
 * Two rules make the controls matter (Documentation/arch/arm64/mpam-sim.rst):
 * a label's traffic is cut to the tightest MBW_MAX of the RIS it passes
 * through, and in a cache whose size is known a busy label fills the
 * portions its CPBM allows, displacing the labels it shares them with.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/smp.h>

#include <asm/mpam.h>

#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

#define MPAM_SIM_BG_HZ		100
/* The most periods a late tick accounts for: 100 ms. */
#define MPAM_SIM_BG_MAX_LATE	10

/*
 * Bytes per second each busy CPU moves; 0 stops the model.  Any other rate
 * is at least MPAM_SIM_BG_HZ, so that every sample moves at least one byte.
 */
static u64 mpam_sim_bg_rate;

/* Serialises starting and stopping the timer; the rate is read locklessly. */
static DEFINE_MUTEX(mpam_sim_bg_lock);
static DEFINE_PER_CPU(struct hrtimer, mpam_sim_bg_timer);
static bool mpam_sim_bg_ready;

/* Caller holds the MSC's lock.  MBW_MAX as the fraction (v + 1) / 2^wd. */
static u64 mpam_sim_bg_mbw_limit(const struct mpam_sim_ris *ris, u16 partid, u64 bytes)
{
	unsigned int wd = min_t(unsigned int, ris->d.bwa_wd, 16);
	u32 v;

	if (!ris->d.has_mbw_max || partid > ris->d.partid_max)
		return bytes;
	v = (ris->mbw_max[mpam_sim_traffic_partid(ris, partid)] & GENMASK(15, 0)) >> (16 - wd);
	return mul_u64_u32_div(bytes, v + 1, 1U << wd);
}

/**
 * mpam_sim_background_limit() - Cut one CPU's traffic to an MSC's MBW_MAX.
 * @sim: the MSC.
 * @cpu: the CPU that makes the traffic.
 * @label: the label it runs with, in MPAM0_EL1 layout.
 * @bytes: how many bytes it would move unrestricted.
 *
 * Return: @bytes, or less when a RIS of @sim the traffic passes through has a
 * maximum bandwidth control that limits the label's data PARTID.
 */
u64 mpam_sim_background_limit(struct mpam_sim_msc *sim, unsigned int cpu, u64 label,
			      u64 bytes)
{
	u16 partid = mpam_label_partid_d(label);
	unsigned long flags;
	unsigned int r;

	raw_spin_lock_irqsave(&sim->lock, flags);
	for (r = 0; r < sim->desc.nr_ris; r++)
		if (cpumask_test_cpu(cpu, &sim->desc.ris[r].traffic_cpus))
			bytes = min(bytes, mpam_sim_bg_mbw_limit(&sim->ris[r], partid, bytes));
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	return bytes;
}

static unsigned int mpam_sim_bg_cpbm_weight(const struct mpam_sim_ris *ris, u16 p,
					    const u32 *and)
{
	unsigned int w, n = DIV_ROUND_UP(ris->d.cpbm_wd, 32), weight = 0;
	const u32 *cpbm = &ris->cpbm[p * n];

	for (w = 0; w < n; w++)
		weight += hweight32(and ? cpbm[w] & and[w] : cpbm[w]);
	return weight;
}

/*
 * Caller holds the MSC's lock.  @p is the internal PARTID.  The label fills
 * its CPBM portion: what it brings in displaces the labels that share
 * portions with it, each by the share of the portions they have in common.
 * Only PARTIDs in occ_partids can hold anything: with 4096 PARTIDs of 256
 * PMGs, looking at every label on every tick, in hard interrupt context,
 * stalled the CPU.
 */
static void mpam_sim_bg_fill(struct mpam_sim_ris *ris, u16 p, u8 pmg, u64 bytes)
{
	unsigned int pmgs = ris->d.pmg_max + 1, mine, shared, q, g;
	const u32 *cpbm = &ris->cpbm[p * DIV_ROUND_UP(ris->d.cpbm_wd, 32)];
	u64 *occ = &ris->occupancy[p * pmgs + pmg];
	u64 portion, gained;

	mine = mpam_sim_bg_cpbm_weight(ris, p, NULL);
	portion = div_u64((u64)ris->d.cache_size * mine, ris->d.cpbm_wd);
	gained = *occ < portion ? min(bytes, portion - *occ) : 0;
	*occ = min(*occ + gained, portion);
	if (!gained)
		return;
	__set_bit(p, ris->occ_partids);
	for_each_set_bit(q, ris->occ_partids, ris->d.partid_max + 1) {
		bool holds = false;

		shared = mpam_sim_bg_cpbm_weight(ris, q, cpbm);
		if (!shared)
			continue;
		for (g = 0; g < pmgs; g++) {
			u64 *other = &ris->occupancy[q * pmgs + g];

			if (other != occ)
				*other -= min(*other, div_u64(gained * shared, mine));
			holds |= *other != 0;
		}
		if (!holds)
			__clear_bit(q, ris->occ_partids);
	}
}

/**
 * mpam_sim_background_account() - Attribute one CPU's traffic to an MSC.
 * @sim: the MSC.
 * @cpu: the CPU that made the traffic.
 * @label: the label it ran with, in MPAM0_EL1 layout.
 * @bytes: how many bytes it read.
 *
 * The traffic passes through each RIS of @sim whose traffic_cpus include
 * @cpu, with the data PARTID and PMG of @label.  A RIS that is a cache with
 * portions, occupancy monitors and a known size also sees the label fill
 * its portion by @bytes.
 *
 * Return: the number of RIS the traffic was counted in.
 */
unsigned int mpam_sim_background_account(struct mpam_sim_msc *sim, unsigned int cpu,
					 u64 label, u64 bytes)
{
	u16 partid = mpam_label_partid_d(label);
	u8 pmg = mpam_label_pmg_d(label);
	unsigned int r, hit = 0;

	for (r = 0; r < sim->desc.nr_ris; r++) {
		struct mpam_sim_ris *ris = &sim->ris[r];
		unsigned long flags;

		if (!cpumask_test_cpu(cpu, &sim->desc.ris[r].traffic_cpus))
			continue;
		mpam_sim_add_bytes(sim, r, partid, pmg, false, bytes);
		hit++;
		if (!ris->d.cache_size || !ris->d.cpbm_wd || !ris->d.num_csu_mon ||
		    partid > ris->d.partid_max || pmg > ris->d.pmg_max)
			continue;
		raw_spin_lock_irqsave(&sim->lock, flags);
		mpam_sim_bg_fill(ris, mpam_sim_traffic_partid(ris, partid), pmg, bytes);
		raw_spin_unlock_irqrestore(&sim->lock, flags);
	}
	return hit;
}

/* On the CPU the tick fires on, in its hardirq: the interrupted task. */
static void mpam_sim_bg_sample(u64 bytes)
{
	unsigned int cpu = smp_processor_id();
	struct mpam_sim_msc *sim;
	u64 label;

	/*
	 * Only user tasks move data in the model: a kernel thread that
	 * happens to run at a tick (resctrl's overflow and limbo workers,
	 * reading counters) would otherwise count as a CPU at full rate.
	 */
	if (is_idle_task(current) || (current->flags & PF_KTHREAD))
		return;
	label = this_cpu_read(arm64_mpam_current);
	mpam_sim_for_each_rcu(sim)
		bytes = mpam_sim_background_limit(sim, cpu, label, bytes);
	mpam_sim_for_each_rcu(sim)
		mpam_sim_background_account(sim, cpu, label, bytes);
}

static enum hrtimer_restart mpam_sim_bg_tick(struct hrtimer *timer)
{
	u64 bytes = div_u64(READ_ONCE(mpam_sim_bg_rate), MPAM_SIM_BG_HZ);
	u64 periods;

	if (!bytes)
		return HRTIMER_NORESTART;
	/*
	 * A late tick (a busy host running QEMU, say) stands for the periods
	 * since the last one, up to MPAM_SIM_BG_MAX_LATE: the model's rate
	 * holds in the guest's time, which the counters are read against,
	 * without bursts that land in one reader's window and not another's.
	 */
	periods = hrtimer_forward_now(timer, ns_to_ktime(NSEC_PER_SEC / MPAM_SIM_BG_HZ));
	periods = clamp_t(u64, periods, 1, MPAM_SIM_BG_MAX_LATE);
	rcu_read_lock();
	mpam_sim_bg_sample(bytes * periods);
	rcu_read_unlock();
	return HRTIMER_RESTART;
}

static int mpam_sim_bg_check_rate(u64 rate)
{
	if (rate && rate < MPAM_SIM_BG_HZ) {
		pr_err("background rate %llu bytes/s is below the model's resolution: use 0 or at least %u\n",
		       rate, MPAM_SIM_BG_HZ);
		return -EINVAL;
	}
	return 0;
}

/* Each CPU samples itself: its timer is pinned to it. */
static void mpam_sim_bg_start_this_cpu(void *unused)
{
	hrtimer_start(this_cpu_ptr(&mpam_sim_bg_timer),
		      ns_to_ktime(NSEC_PER_SEC / MPAM_SIM_BG_HZ),
		      HRTIMER_MODE_REL_PINNED_HARD);
}

static void mpam_sim_bg_set_rate(u64 rate)
{
	unsigned int cpu;

	mutex_lock(&mpam_sim_bg_lock);
	WRITE_ONCE(mpam_sim_bg_rate, rate);
	if (mpam_sim_bg_ready) {
		/* No CPU comes or goes while the timers are restarted. */
		cpus_read_lock();
		for_each_possible_cpu(cpu)
			hrtimer_cancel(per_cpu_ptr(&mpam_sim_bg_timer, cpu));
		if (rate)
			on_each_cpu(mpam_sim_bg_start_this_cpu, NULL, 1);
		cpus_read_unlock();
	}
	mutex_unlock(&mpam_sim_bg_lock);
}

/* CPU hotplug callbacks, run on the CPU concerned. */
static int mpam_sim_bg_cpu_online(unsigned int cpu)
{
	if (READ_ONCE(mpam_sim_bg_rate))
		mpam_sim_bg_start_this_cpu(NULL);
	return 0;
}

static int mpam_sim_bg_cpu_offline(unsigned int cpu)
{
	hrtimer_cancel(this_cpu_ptr(&mpam_sim_bg_timer));
	return 0;
}

static int mpam_sim_bg_get(void *data, u64 *val)
{
	*val = READ_ONCE(mpam_sim_bg_rate);
	return 0;
}

static int mpam_sim_bg_set(void *data, u64 val)
{
	int err = mpam_sim_bg_check_rate(val);

	if (!err)
		mpam_sim_bg_set_rate(val);
	return err;
}

/* A simple attribute whose write says why a rate that is no number is refused. */
static ssize_t mpam_sim_bg_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	u64 rate;
	int err;

	err = kstrtou64_from_user(ubuf, len, 0, &rate);
	if (err) {
		pr_warn("background: not a rate in bytes per second (%pe)\n", ERR_PTR(err));
		return err;
	}
	return debugfs_attr_write(file, ubuf, len, ppos);
}

static int mpam_sim_bg_open(struct inode *inode, struct file *file)
{
	return simple_attr_open(inode, file, mpam_sim_bg_get, mpam_sim_bg_set, "%llu\n");
}

static const struct file_operations mpam_sim_bg_fops = {
	.owner = THIS_MODULE,
	.open = mpam_sim_bg_open,
	.release = simple_attr_release,
	.read = debugfs_attr_read,
	.write = mpam_sim_bg_write,
};

/**
 * mpam_sim_background_debugfs() - Create the "background" rate file.
 * @root: mpam_sim's debugfs directory.
 */
void mpam_sim_background_debugfs(struct dentry *root)
{
	debugfs_create_file_unsafe("background", 0600, root, NULL, &mpam_sim_bg_fops);
}

/*
 * mpam_sim.background=BYTES_PER_SECOND starts the model at boot.  Parsed
 * before the timer exists: only store the rate, the initcall starts it.
 */
static int mpam_sim_bg_param_set(const char *val, const struct kernel_param *kp)
{
	u64 rate;

	if (kstrtou64(val, 0, &rate)) {
		pr_err("bad mpam_sim.background='%s', want bytes per second\n", val);
		return -EINVAL;
	}
	if (mpam_sim_bg_check_rate(rate))
		return -EINVAL;
	WRITE_ONCE(mpam_sim_bg_rate, rate);
	return 0;
}

static const struct kernel_param_ops mpam_sim_bg_param_ops = {
	.set = mpam_sim_bg_param_set,
};

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "mpam_sim."
module_param_cb(background, &mpam_sim_bg_param_ops, NULL, 0);

static int __init mpam_sim_background_init(void)
{
	unsigned int cpu;
	int state;

	/* Hard: on PREEMPT_RT too, the sample must interrupt the running task. */
	for_each_possible_cpu(cpu)
		hrtimer_setup(per_cpu_ptr(&mpam_sim_bg_timer, cpu), mpam_sim_bg_tick,
			      CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	mutex_lock(&mpam_sim_bg_lock);
	mpam_sim_bg_ready = true;
	mutex_unlock(&mpam_sim_bg_lock);
	if (READ_ONCE(mpam_sim_bg_rate))
		pr_info("background traffic: %llu bytes/s per busy CPU\n",
			mpam_sim_bg_rate);
	/* Starts the timers of the online CPUs when a rate was given. */
	state = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "mpam_sim/background:online",
				  mpam_sim_bg_cpu_online, mpam_sim_bg_cpu_offline);
	if (state < 0)
		pr_err("background traffic: no CPU hotplug state: %d\n", state);
	return 0;
}
late_initcall(mpam_sim_background_init);
