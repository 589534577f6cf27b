// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: background traffic, attributed to the label each CPU runs with.
 *
 * Exact injection through debugfs tests the counters; this model tests the
 * whole chain instead: resctrl labels a task, the context switch puts the
 * label in arm64_mpam_current, and the traffic the task makes shows up in
 * its group's counters.  While a rate is set, an hrtimer samples every
 * online CPU MPAM_SIM_BG_HZ times a second.  A CPU that is not idle is taken
 * to have moved rate / MPAM_SIM_BG_HZ bytes of reads with the data PARTID and
 * PMG of its current label, through every simulated RIS whose traffic_cpus
 * include it (its cache, its local memory: the platform file decides).
 *
 * The sampling runs in the timer's hardirq so that, on the CPU it fires on,
 * it sees the label of the task it interrupted rather than that of a worker.
 * It walks the MSC list under RCU and only takes each MSC's raw spinlock.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/init.h>
#include <linux/kstrtox.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>

#include <asm/mpam.h>

#include "mpam_sim.h"
#include "mpam_sim_internal.h"

#define MPAM_SIM_BG_HZ		100

/*
 * Bytes per second each busy CPU moves; 0 stops the model.  Any other rate
 * is at least MPAM_SIM_BG_HZ, so that every sample moves at least one byte.
 */
static u64 mpam_sim_bg_rate;

/* Serialises starting and stopping the timer; the rate is read locklessly. */
static DEFINE_MUTEX(mpam_sim_bg_lock);
static struct hrtimer mpam_sim_bg_timer;
static bool mpam_sim_bg_ready;

/**
 * mpam_sim_background_account() - Attribute one CPU's traffic to an MSC.
 * @sim: the MSC.
 * @cpu: the CPU that made the traffic.
 * @label: the label it ran with, in MPAM0_EL1 layout.
 * @bytes: how many bytes it read.
 *
 * The traffic passes through each RIS of @sim whose traffic_cpus include
 * @cpu, with the data PARTID and PMG of @label.
 *
 * Return: the number of RIS the traffic was counted in.
 */
unsigned int mpam_sim_background_account(struct mpam_sim_msc *sim, unsigned int cpu,
					 u64 label, u64 bytes)
{
	unsigned int r, hit = 0;

	for (r = 0; r < sim->desc.nr_ris; r++) {
		if (!cpumask_test_cpu(cpu, &sim->desc.ris[r].traffic_cpus))
			continue;
		mpam_sim_add_bytes(sim, r, mpam_label_partid_d(label),
				   mpam_label_pmg_d(label), false, bytes);
		hit++;
	}
	return hit;
}

static void mpam_sim_bg_sample(u64 bytes)
{
	struct mpam_sim_msc *sim;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		u64 label;

		if (idle_cpu(cpu))
			continue;
		label = READ_ONCE(per_cpu(arm64_mpam_current, cpu));
		mpam_sim_for_each_rcu(sim)
			mpam_sim_background_account(sim, cpu, label, bytes);
	}
}

static enum hrtimer_restart mpam_sim_bg_tick(struct hrtimer *timer)
{
	u64 bytes = div_u64(READ_ONCE(mpam_sim_bg_rate), MPAM_SIM_BG_HZ);

	if (!bytes)
		return HRTIMER_NORESTART;
	rcu_read_lock();
	mpam_sim_bg_sample(bytes);
	rcu_read_unlock();
	hrtimer_forward_now(timer, ns_to_ktime(NSEC_PER_SEC / MPAM_SIM_BG_HZ));
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

static void mpam_sim_bg_set_rate(u64 rate)
{
	mutex_lock(&mpam_sim_bg_lock);
	WRITE_ONCE(mpam_sim_bg_rate, rate);
	if (mpam_sim_bg_ready) {
		hrtimer_cancel(&mpam_sim_bg_timer);
		if (rate)
			hrtimer_start(&mpam_sim_bg_timer,
				      ns_to_ktime(NSEC_PER_SEC / MPAM_SIM_BG_HZ),
				      HRTIMER_MODE_REL_HARD);
	}
	mutex_unlock(&mpam_sim_bg_lock);
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
	/* Hard: on PREEMPT_RT too, the sample must interrupt the running task. */
	hrtimer_setup(&mpam_sim_bg_timer, mpam_sim_bg_tick, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_HARD);
	mutex_lock(&mpam_sim_bg_lock);
	mpam_sim_bg_ready = true;
	mutex_unlock(&mpam_sim_bg_lock);
	if (READ_ONCE(mpam_sim_bg_rate)) {
		pr_info("background traffic: %llu bytes/s per busy CPU\n",
			mpam_sim_bg_rate);
		mpam_sim_bg_set_rate(mpam_sim_bg_rate);
	}
	return 0;
}
late_initcall(mpam_sim_background_init);
