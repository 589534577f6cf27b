// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: debugfs, where tests inject traffic, faults and power-downs and
 * read what the model holds.  /sys/kernel/debug/mpam_sim/msc@<base>/:
 *
 *   inject      w  "ris=R partid=P pmg=G bytes=N [read|write]"
 *   occupancy   w  "ris=R partid=P pmg=G bytes=N"
 *   error       w  "ris=R code=C [partid=P] [pmg=G]"
 *   tear        w  "bytes=N": traffic between the halves of the next long read
 *   nrdy_stuck  rw 0/1
 *   power_down  w  "all" (or anything else empty), "counters" or "config"
 *   stats       rw register reads/writes, bad-context accesses, errors, the
 *                  longest interrupts-off stretch, when the first and the
 *                  latest access were (ktime_get_ns()); a write restarts
 *                  the stretch
 *   monitors    r  every monitor's CTL, FLT and count
 *   config      r  every PARTID's controls, per RIS
 *
 * and in /sys/kernel/debug/mpam_sim/:
 *
 *   background  rw bytes per second each busy CPU moves, 0 for off
 *   clock       r  ktime_get_ns() now, the clock of the stats' times (make
 *                  bench times enable and mount with it)
 *
 * Documented in Documentation/arch/arm64/mpam-sim.rst.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/math.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "../mpam_regs.h"
#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

static struct dentry *mpam_sim_debugfs_root;

/* The key=value words of a command; unknown keys are an error. */
struct sim_cmd {
	u64	ris, partid, pmg, bytes, code;
	bool	write;
	bool	has_ris, has_bytes, has_code;
};

static int parse_cmd(struct file *file, char *buf, struct sim_cmd *cmd)
{
	char *word, *val;

	memset(cmd, 0, sizeof(*cmd));
	while ((word = strsep(&buf, " \t\n")) != NULL) {
		u64 *dst = NULL;

		if (!*word)
			continue;
		if (!strcmp(word, "write") || !strcmp(word, "read")) {
			cmd->write = word[0] == 'w';
			continue;
		}
		val = strchr(word, '=');
		if (!val) {
			pr_warn("%pD: '%s' is neither key=value nor read/write\n", file, word);
			return -EINVAL;
		}
		*val++ = '\0';
		if (!strcmp(word, "ris")) {
			dst = &cmd->ris;
			cmd->has_ris = true;
		} else if (!strcmp(word, "partid")) {
			dst = &cmd->partid;
		} else if (!strcmp(word, "pmg")) {
			dst = &cmd->pmg;
		} else if (!strcmp(word, "bytes")) {
			dst = &cmd->bytes;
			cmd->has_bytes = true;
		} else if (!strcmp(word, "code")) {
			dst = &cmd->code;
			cmd->has_code = true;
		}
		if (!dst) {
			pr_warn("%pD: unknown key '%s'\n", file, word);
			return -EINVAL;
		}
		if (kstrtou64(val, 0, dst)) {
			pr_warn("%pD: %s=%s is not a number\n", file, word, val);
			return -EINVAL;
		}
	}
	if (cmd->partid > U16_MAX || cmd->pmg > U8_MAX || cmd->code > 15) {
		pr_warn("%pD: partid above %u, pmg above %u or code above 15\n", file,
			U16_MAX, U8_MAX);
		return -EINVAL;
	}
	return 0;
}

static ssize_t sim_cmd_write(struct file *file, const char __user *ubuf, size_t len,
			     loff_t *ppos,
			     int (*fn)(struct mpam_sim_msc *sim, struct sim_cmd *cmd))
{
	struct mpam_sim_msc *sim = file->private_data;
	struct sim_cmd cmd;
	char *buf;
	int err;

	if (len > 256) {
		pr_warn("%pD: a command of %zu bytes is longer than 256\n", file, len);
		return -E2BIG;
	}
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = parse_cmd(file, buf, &cmd);
	kfree(buf);
	if (err)
		return err;
	/* Parsed, but the command is incomplete or the model refuses it. */
	err = fn(sim, &cmd);
	if (err)
		pr_warn("%pD: refused (%pe): ris=, bytes= or code= missing, or out of range\n",
			file, ERR_PTR(err));
	return err ? err : len;
}

static int do_inject(struct mpam_sim_msc *sim, struct sim_cmd *cmd)
{
	if (!cmd->has_ris || !cmd->has_bytes)
		return -EINVAL;
	return mpam_sim_add_bytes(sim, cmd->ris, cmd->partid, cmd->pmg, cmd->write,
				  cmd->bytes);
}

static int do_occupancy(struct mpam_sim_msc *sim, struct sim_cmd *cmd)
{
	if (!cmd->has_ris || !cmd->has_bytes)
		return -EINVAL;
	return mpam_sim_set_occupancy(sim, cmd->ris, cmd->partid, cmd->pmg, cmd->bytes);
}

static int do_error(struct mpam_sim_msc *sim, struct sim_cmd *cmd)
{
	if (!cmd->has_ris || !cmd->has_code || cmd->ris >= sim->desc.nr_ris)
		return -EINVAL;
	mpam_sim_inject_error(sim, cmd->ris, cmd->code, cmd->partid, cmd->pmg);
	return 0;
}

static int do_tear(struct mpam_sim_msc *sim, struct sim_cmd *cmd)
{
	if (!cmd->has_bytes)
		return -EINVAL;
	mpam_sim_set_tear(sim, cmd->bytes);
	return 0;
}

#define SIM_CMD_FOPS(name)						\
static ssize_t name##_write(struct file *file, const char __user *ubuf,	\
			    size_t len, loff_t *ppos)			\
{									\
	return sim_cmd_write(file, ubuf, len, ppos, do_##name);		\
}									\
static const struct file_operations name##_fops = {			\
	.open = simple_open,						\
	.write = name##_write,						\
}

SIM_CMD_FOPS(inject);
SIM_CMD_FOPS(occupancy);
SIM_CMD_FOPS(error);
SIM_CMD_FOPS(tear);

static ssize_t power_down_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	enum mpam_sim_loss loss = MPAM_SIM_LOSE_ALL;
	char buf[16] = "", *word;

	/* A word too long to be one of ours is refused, not taken as "all". */
	if (len >= sizeof(buf)) {
		pr_warn("%pD: a command of %zu bytes is none of all, counters, config\n",
			file, len);
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	word = strim(buf);
	if (word[0] && strcmp(word, "all") && strcmp(word, "counters") &&
	    strcmp(word, "config")) {
		pr_warn("%pD: '%s' is not all, counters or config\n", file, word);
		return -EINVAL;
	}
	if (!strcmp(word, "counters"))
		loss = MPAM_SIM_LOSE_COUNTERS;
	else if (!strcmp(word, "config"))
		loss = MPAM_SIM_LOSE_CONFIG;
	mpam_sim_lose_state(file->private_data, loss);
	return len;
}

static const struct file_operations power_down_fops = {
	.open = simple_open,
	.write = power_down_write,
};

static int stats_show(struct seq_file *s, void *unused)
{
	struct mpam_sim_msc *sim = s->private;
	struct mpam_sim_stats st;

	mpam_sim_get_stats(sim, &st);
	seq_printf(s, "reads %llu\nwrites %llu\nbad_context %llu\nerrors %llu\nmax_irqoff_run %llu\n",
		   st.reads, st.writes, st.bad_context, READ_ONCE(sim->errors),
		   st.max_irqoff_run);
	seq_printf(s, "first_access_ns %llu\nlast_access_ns %llu\n",
		   st.first_access_ns, st.last_access_ns);
	seq_printf(s, "mon_sel_writes %llu\n", st.mon_sel_writes);
	return 0;
}

static int stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, stats_show, inode->i_private);
}

/* Any write starts the longest interrupts-off stretch from zero again. */
static ssize_t stats_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	struct seq_file *seq = file->private_data;

	mpam_sim_reset_irqoff_run(seq->private);
	return len;
}

static const struct file_operations stats_fops = {
	.open = stats_open,
	.read = seq_read,
	.write = stats_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int monitors_show(struct seq_file *s, void *unused)
{
	struct mpam_sim_msc *sim = s->private;
	unsigned long flags;
	unsigned int r, m;

	raw_spin_lock_irqsave(&sim->lock, flags);
	for (r = 0; r < sim->desc.nr_ris; r++) {
		struct mpam_sim_ris *ris = &sim->ris[r];

		for (m = 0; m < ris->d.num_mbwu_mon; m++)
			seq_printf(s, "ris %u mbwu %u ctl %#x flt %#x bytes %llu\n", r, m,
				   ris->mbwu[m].ctl, ris->mbwu[m].flt,
				   ris->mbwu[m].bytes - ris->mbwu[m].base);
		for (m = 0; m < ris->d.num_csu_mon; m++)
			seq_printf(s, "ris %u csu %u ctl %#x flt %#x\n", r, m,
				   ris->csu[m].ctl, ris->csu[m].flt);
	}
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(monitors);

/*
 * One line per (RIS, PARTID) with the controls the RIS has, as stored (an
 * internal PARTID with narrowing).  Only the first word of a portion bitmap
 * is shown: tests use at most 32 portions.  On an MSC whose erratum can keep
 * bandwidth controls out of effect (T241-MPAM-1), those in effect follow.
 */
static int config_show(struct seq_file *s, void *unused)
{
	struct mpam_sim_msc *sim = s->private;
	unsigned long flags;
	unsigned int r, p;
	u32 mbw_min, mbw_max;

	raw_spin_lock_irqsave(&sim->lock, flags);
	for (r = 0; r < sim->desc.nr_ris; r++) {
		struct mpam_sim_ris *ris = &sim->ris[r];
		unsigned int words = DIV_ROUND_UP(ris->d.cpbm_wd, 32);

		for (p = 0; p <= ris->d.partid_max; p++) {
			seq_printf(s, "ris %u partid %u", r, p);
			if (ris->d.cpbm_wd)
				seq_printf(s, " cpbm %#x", ris->cpbm[p * words]);
			if (ris->d.cmax_wd)
				seq_printf(s, " cmax %#x", ris->cmax[p]);
			if (ris->d.has_cmin)
				seq_printf(s, " cmin %#x", ris->cmin[p]);
			if (ris->d.cassoc_wd)
				seq_printf(s, " cassoc %#x", ris->cassoc[p]);
			if (ris->d.has_mbw_min)
				seq_printf(s, " mbw_min %#x", ris->mbw_min[p]);
			if (ris->d.has_mbw_max)
				seq_printf(s, " mbw_max %#x", ris->mbw_max[p]);
			if (ris->d.bwpbm_wd)
				seq_printf(s, " mbw_pbm %#x",
					   ris->mbw_pbm[p * DIV_ROUND_UP(ris->d.bwpbm_wd, 32)]);
			if (ris->d.has_mbw_prop)
				seq_printf(s, " mbw_prop %#x", ris->mbw_prop[p]);
			if (ris->d.intpri_wd || ris->d.dspri_wd)
				seq_printf(s, " pri %#x", ris->pri[p]);
			if (ris->d.has_partid_nrw)
				seq_printf(s, " intpartid %u", ris->intpartid[p]);
			if ((ris->d.has_mbw_min || ris->d.has_mbw_max) &&
			    mpam_sim_errata_mbw_in_effect(sim, r, p, &mbw_min, &mbw_max))
				seq_printf(s, " mbw_min_in_effect %#x mbw_max_in_effect %#x",
					   mbw_min, mbw_max);
			seq_putc(s, '\n');
		}
	}
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(config);

/**
 * mpam_sim_debugfs_add() - Give a simulated MSC its debugfs directory.
 * @sim: the MSC; nothing happens before debugfs is ready.
 */
void mpam_sim_debugfs_add(struct mpam_sim_msc *sim)
{
	char name[32];

	if (!mpam_sim_debugfs_root)
		return;
	snprintf(name, sizeof(name), "msc@%llx", (u64)sim->desc.base);
	sim->debugfs = debugfs_create_dir(name, mpam_sim_debugfs_root);
	debugfs_create_file("inject", 0200, sim->debugfs, sim, &inject_fops);
	debugfs_create_file("occupancy", 0200, sim->debugfs, sim, &occupancy_fops);
	debugfs_create_file("error", 0200, sim->debugfs, sim, &error_fops);
	debugfs_create_file("tear", 0200, sim->debugfs, sim, &tear_fops);
	debugfs_create_file("power_down", 0200, sim->debugfs, sim, &power_down_fops);
	debugfs_create_bool("nrdy_stuck", 0600, sim->debugfs, &sim->nrdy_stuck);
	debugfs_create_file("stats", 0600, sim->debugfs, sim, &stats_fops);
	debugfs_create_file("monitors", 0400, sim->debugfs, sim, &monitors_fops);
	debugfs_create_file("config", 0400, sim->debugfs, sim, &config_fops);
}

/**
 * mpam_sim_debugfs_remove() - Remove a simulated MSC's debugfs directory.
 * @sim: the MSC.
 */
void mpam_sim_debugfs_remove(struct mpam_sim_msc *sim)
{
	debugfs_remove_recursive(sim->debugfs);
	sim->debugfs = NULL;
}

static void add_one(struct mpam_sim_msc *sim, void *unused)
{
	mpam_sim_debugfs_add(sim);
}

static int clock_get(void *data, u64 *val)
{
	*val = ktime_get_ns();
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(clock_fops, clock_get, NULL, "%llu\n");

static int __init mpam_sim_debugfs_init(void)
{
	mpam_sim_debugfs_root = debugfs_create_dir("mpam_sim", NULL);
	debugfs_create_file_unsafe("clock", 0400, mpam_sim_debugfs_root, NULL, &clock_fops);
	mpam_sim_background_debugfs(mpam_sim_debugfs_root);
	mpam_sim_for_each(add_one, NULL);
	return 0;
}
fs_initcall(mpam_sim_debugfs_init);
