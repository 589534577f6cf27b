// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/mpam/: what the driver found and how it is used.
 *
 *   status     "probing", "enabled" or "disabled" (then "reason ..."), the
 *              PARTID/PMG range
 *   mscs       every MSC and RIS with the features read from its ID registers
 *   classes    classes, components, merged features and monitor allocation
 *              ("allocated / total"), where tests check teardown freed all
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "mpam_core.h"

static const char *mpam_type_name(enum mpam_fw_ris_type type)
{
	switch (type) {
	case MPAM_FW_RIS_CACHE:
		return "cache";
	case MPAM_FW_RIS_MEMORY:
		return "memory";
	default:
		return "other";
	}
}

static void mpam_show_feat(struct seq_file *s, const struct mpam_feat *f)
{
	seq_printf(s, "partid_max=%u pmg_max=%u", f->partid_max, f->pmg_max);
	if (f->cpbm_wd)
		seq_printf(s, " cpbm_wd=%u", f->cpbm_wd);
	if (f->cmax_wd)
		seq_printf(s, " cmax_wd=%u", f->cmax_wd);
	if (f->has_cmin)
		seq_puts(s, " cmin");
	if (f->cassoc_wd)
		seq_printf(s, " cassoc_wd=%u", f->cassoc_wd);
	if (f->bwa_wd)
		seq_printf(s, " bwa_wd=%u%s%s", f->bwa_wd, f->has_mbw_max ? " mbw_max" : "",
			   f->has_mbw_min ? " mbw_min" : "");
	if (f->bwpbm_wd)
		seq_printf(s, " bwpbm_wd=%u", f->bwpbm_wd);
	if (f->has_mbw_prop)
		seq_puts(s, " mbw_prop");
	if (f->intpri_wd)
		seq_printf(s, " intpri_wd=%u", f->intpri_wd);
	if (f->dspri_wd)
		seq_printf(s, " dspri_wd=%u", f->dspri_wd);
	if (f->has_partid_nrw)
		seq_printf(s, " intpartid_max=%u", f->intpartid_max);
	if (f->num_csu)
		seq_printf(s, " csu=%u", f->num_csu);
	if (f->num_mbwu)
		seq_printf(s, " mbwu=%u width=%u scale=%u%s", f->num_mbwu, f->mbwu_width,
			   f->mbwu_scale, f->has_rwbw ? " rwbw" : "");
	seq_putc(s, '\n');
}

static int status_show(struct seq_file *s, void *unused)
{
	struct mpam_system *sys = s->private;

	const char *reason;

	mutex_lock(&sys->lock);
	reason = READ_ONCE(sys->off_reason);
	/* "probing" only while MPAM may still come on. */
	seq_printf(s, "%s\n", sys->disabled || reason ? "disabled" :
			      sys->enabled ? "enabled" : "probing");
	if (reason)
		seq_printf(s, "reason %s\n", reason);
	seq_printf(s, "partid_max %u\npmg_max %u\n", sys->partid_max, sys->pmg_max);
	mutex_unlock(&sys->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(status);

static int mscs_show(struct seq_file *s, void *unused)
{
	struct mpam_system *sys = s->private;
	struct mpam_msc *msc;
	unsigned int i;

	mutex_lock(&sys->lock);
	list_for_each_entry(msc, &sys->mscs, node) {
		seq_printf(s, "msc %u base=%pa%s aidr=%#x iidr=%#x quirks=%#lx esr=%d error_irq=%d overflow_irq=%d%s overflows=%llu cpus=%*pbl\n",
			   msc->id, &msc->phys, msc->sim ? " simulated" : "", msc->aidr, msc->iidr,
			   msc->quirks, msc->has_esr, msc->error_irq, msc->overflow_irq,
			   msc->ppis ? " ppi" : "", READ_ONCE(msc->overflows),
			   cpumask_pr_args(&msc->accessible));
		for (i = 0; i < msc->nr_ris; i++) {
			struct mpam_ris *ris = &msc->ris[i];

			seq_printf(s, "  ris %u %s", ris->idx, mpam_type_name(ris->fw.type));
			if (ris->fw.type == MPAM_FW_RIS_CACHE)
				seq_printf(s, " L%u", ris->fw.level);
			seq_printf(s, " id %u: ", ris->fw.id);
			mpam_show_feat(s, &ris->feat);
		}
	}
	mutex_unlock(&sys->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mscs);

static int classes_show(struct seq_file *s, void *unused)
{
	struct mpam_system *sys = s->private;
	struct mpam_class *class;
	struct mpam_comp *comp;
	struct mpam_ris *ris;

	mutex_lock(&sys->lock);
	list_for_each_entry(class, &sys->classes, node) {
		seq_printf(s, "class %s", mpam_type_name(class->type));
		if (class->type == MPAM_FW_RIS_CACHE)
			seq_printf(s, " L%u", class->level);
		seq_puts(s, ": ");
		mpam_show_feat(s, &class->feat);
		seq_printf(s, "  monitors csu %u/%u mbwu %u/%u\n",
			   mpam_class_mon_allocated(sys, class, MPAM_MON_CSU), class->feat.num_csu,
			   mpam_class_mon_allocated(sys, class, MPAM_MON_MBWU),
			   class->feat.num_mbwu);
		list_for_each_entry(comp, &class->comps, node) {
			seq_printf(s, "  component %d cpus %*pbl:", comp->id,
				   cpumask_pr_args(&comp->cpus));
			list_for_each_entry(ris, &comp->ris, comp_node)
				seq_printf(s, " msc %u ris %u", ris->msc->id, ris->idx);
			seq_putc(s, '\n');
		}
	}
	mutex_unlock(&sys->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(classes);

static struct dentry *mpam_debugfs_dir;

/**
 * mpam_debugfs_root() - The driver's debugfs directory, for the glue's files.
 *
 * Return: the directory.
 */
struct dentry *mpam_debugfs_root(void)
{
	return mpam_debugfs_dir;
}

/**
 * mpam_debugfs_init() - Create /sys/kernel/debug/mpam for @sys.
 * @sys: the live system.
 */
void mpam_debugfs_init(struct mpam_system *sys)
{
	struct dentry *dir = debugfs_create_dir("mpam", NULL);

	mpam_debugfs_dir = dir;
	debugfs_create_file("status", 0444, dir, sys, &status_fops);
	debugfs_create_file("mscs", 0444, dir, sys, &mscs_fops);
	debugfs_create_file("classes", 0444, dir, sys, &classes_fops);
}
