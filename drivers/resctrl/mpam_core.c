// SPDX-License-Identifier: GPL-2.0
/*
 * Arm MPAM memory system component (MSC) driver core: reading what each
 * resource instance (RIS) can do, grouping RIS into classes and components,
 * configuring PARTIDs and reading monitors.
 *
 * Register access: each sequence runs under the MSC's raw spinlock on a CPU
 * that can reach the MSC (mpam_msc_run()), so that PART_SEL/MON_SEL and the
 * registers they select are never interleaved, and never from a CPU that
 * cannot see the MSC.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/list_sort.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "mpam_core.h"
#include "mpam_regs.h"

/* The longest a monitor read busy-waits for NRDY to clear, whatever firmware says. */
#define MPAM_NRDY_MAX_USEC		1000

/* The wait when firmware gives no not-ready time: enough for a settling monitor. */
#define MPAM_NRDY_DEFAULT_USEC		10

/**
 * mpam_system_init() - Initialise an empty system.
 * @sys: the system.
 */
void mpam_system_init(struct mpam_system *sys)
{
	memset(sys, 0, sizeof(*sys));
	mutex_init(&sys->lock);
	mutex_init(&sys->mon_lock);
	INIT_LIST_HEAD(&sys->mscs);
	INIT_LIST_HEAD(&sys->classes);
}

/* Run @fn(@arg) on a CPU that can reach @msc. */
static int mpam_msc_run(struct mpam_msc *msc, smp_call_func_t fn, void *arg)
{
	int cpu = get_cpu();
	int err = 0;

	if (cpumask_test_cpu(cpu, &msc->accessible))
		fn(arg);
	else if (irqs_disabled())
		err = -EIO;	/* an IPI can't be waited for here */
	else
		err = smp_call_function_any(&msc->accessible, fn, arg, true);
	put_cpu();
	return err;
}

/**
 * mpam_msc_create() - Create an MSC from its firmware description.
 * @fw: the description.
 *
 * The MSC has no registers yet: the caller maps them or attaches a
 * simulated MSC.
 *
 * Return: the MSC, or an ERR_PTR().
 */
struct mpam_msc *mpam_msc_create(const struct mpam_fw_msc *fw)
{
	struct mpam_msc *msc;
	unsigned int i;

	if (!fw->nr_ris || fw->nr_ris > 16)
		return ERR_PTR(-EINVAL);
	msc = kzalloc(struct_size(msc, ris, fw->nr_ris), GFP_KERNEL);
	if (!msc)
		return ERR_PTR(-ENOMEM);

	msc->nr_ris = fw->nr_ris;
	msc->id = fw->id;
	msc->nrdy_usec = fw->nrdy_usec;
	raw_spin_lock_init(&msc->lock);
	INIT_LIST_HEAD(&msc->node);
	if (cpumask_empty(&fw->accessible))
		cpumask_copy(&msc->accessible, cpu_possible_mask);
	else
		cpumask_copy(&msc->accessible, &fw->accessible);
	msc->mbwu_bytes_per_unit = 1;

	for (i = 0; i < fw->nr_ris; i++) {
		msc->ris[i].msc = msc;
		msc->ris[i].idx = fw->ris[i].ris_idx;
		msc->ris[i].fw = fw->ris[i];
		INIT_LIST_HEAD(&msc->ris[i].comp_node);
	}
	return msc;
}

static void mpam_ris_free_state(struct mpam_ris *ris)
{
	int t;

	kfree(ris->cfg);
	ris->cfg = NULL;
	for (t = 0; t < MPAM_MON_NR_TYPES; t++) {
		kfree(ris->mon[t]);
		ris->mon[t] = NULL;
	}
}

/**
 * mpam_msc_free() - Free an MSC no longer in any system.
 * @msc: the MSC.
 */
void mpam_msc_free(struct mpam_msc *msc)
{
	unsigned int i;

	if (IS_ERR_OR_NULL(msc))
		return;
	for (i = 0; i < msc->nr_ris; i++)
		mpam_ris_free_state(&msc->ris[i]);
	kfree(msc);
}

/* --- Feature discovery -------------------------------------------------- */

struct mpam_read_feat_arg {
	struct mpam_msc	*msc;
	int		err;
};

static void mpam_ris_read_feat(struct mpam_msc *msc, struct mpam_ris *ris, u32 idr_hi)
{
	struct mpam_feat *f = &ris->feat;
	u32 idr, val;

	idr = mpam_msc_read(msc, MPAMF_IDR);
	memset(f, 0, sizeof(*f));
	f->partid_max = FIELD_GET(MPAMF_IDR_PARTID_MAX, idr);
	f->pmg_max = FIELD_GET(MPAMF_IDR_PMG_MAX, idr);

	if (idr & MPAMF_IDR_HAS_CPOR_PART)
		f->cpbm_wd = FIELD_GET(MPAMF_CPOR_IDR_CPBM_WD,
				       mpam_msc_read(msc, MPAMF_CPOR_IDR));
	if (idr & MPAMF_IDR_HAS_CCAP_PART)
		f->cmax_wd = FIELD_GET(MPAMF_CCAP_IDR_CMAX_WD,
				       mpam_msc_read(msc, MPAMF_CCAP_IDR));
	if (idr & MPAMF_IDR_HAS_MBW_PART) {
		val = mpam_msc_read(msc, MPAMF_MBW_IDR);
		f->bwa_wd = FIELD_GET(MPAMF_MBW_IDR_BWA_WD, val);
		f->has_mbw_max = val & MPAMF_MBW_IDR_HAS_MAX;
		f->has_mbw_min = val & MPAMF_MBW_IDR_HAS_MIN;
	}
	if (idr & MPAMF_IDR_HAS_PRI_PART) {
		val = mpam_msc_read(msc, MPAMF_PRI_IDR);
		if (val & MPAMF_PRI_IDR_HAS_INTPRI)
			f->intpri_wd = FIELD_GET(MPAMF_PRI_IDR_INTPRI_WD, val);
	}
	if (idr & MPAMF_IDR_HAS_PARTID_NRW) {
		f->has_partid_nrw = true;
		f->intpartid_max = FIELD_GET(MPAMF_PARTID_NRW_IDR_INTPARTID_MAX,
					     mpam_msc_read(msc, MPAMF_PARTID_NRW_IDR));
	}
	if (!(idr & MPAMF_IDR_HAS_MSMON))
		return;

	val = mpam_msc_read(msc, MPAMF_MSMON_IDR);
	if (val & MPAMF_MSMON_IDR_MSMON_CSU)
		f->num_csu = FIELD_GET(MPAMF_CSUMON_IDR_NUM_MON,
				       mpam_msc_read(msc, MPAMF_CSUMON_IDR));
	if (val & MPAMF_MSMON_IDR_MSMON_MBWU) {
		val = mpam_msc_read(msc, MPAMF_MBWUMON_IDR);
		f->num_mbwu = FIELD_GET(MPAMF_MBWUMON_IDR_NUM_MON, val);
		f->mbwu_scale = FIELD_GET(MPAMF_MBWUMON_IDR_SCALE, val);
		f->has_rwbw = val & MPAMF_MBWUMON_IDR_HAS_RWBW;
		if (val & MPAMF_MBWUMON_IDR_LWD)
			f->mbwu_width = 63;
		else if (val & MPAMF_MBWUMON_IDR_HAS_LONG)
			f->mbwu_width = 44;
		else
			f->mbwu_width = 31;
	}
}

static void mpam_msc_read_feat_fn(void *data)
{
	struct mpam_read_feat_arg *arg = data;
	struct mpam_msc *msc = arg->msc;
	unsigned long flags;
	unsigned int i, ris_max = 0;
	u32 idr, idr_hi = 0;

	raw_spin_lock_irqsave(&msc->lock, flags);
	msc->aidr = mpam_msc_read(msc, MPAMF_AIDR);
	msc->iidr = mpam_msc_read(msc, MPAMF_IIDR);
	idr = mpam_msc_read(msc, MPAMF_IDR);
	if (idr & MPAMF_IDR_EXT)
		idr_hi = mpam_msc_read(msc, MPAMF_IDR_HI);
	if (idr_hi & MPAMF_IDR_HI_HAS_RIS)
		ris_max = FIELD_GET(MPAMF_IDR_HI_RIS_MAX, idr_hi);
	msc->has_esr = idr_hi & MPAMF_IDR_HI_HAS_ESR;

	arg->err = 0;
	for (i = 0; i < msc->nr_ris; i++) {
		struct mpam_ris *ris = &msc->ris[i];

		if (ris->idx > ris_max) {
			arg->err = -ENODEV;
			break;
		}
		mpam_msc_write(msc, MPAMCFG_PART_SEL,
			       FIELD_PREP(MPAMCFG_PART_SEL_RIS, ris->idx));
		mpam_ris_read_feat(msc, ris, idr_hi);
	}
	raw_spin_unlock_irqrestore(&msc->lock, flags);
}

/**
 * mpam_msc_read_features() - Read the MSC's ID registers, for every RIS.
 * @msc: the MSC, with registers.
 *
 * Return: 0; -EPROTONOSUPPORT for an architecture version the driver does
 * not know; -ENODEV when firmware describes a RIS the MSC does not have.
 */
int mpam_msc_read_features(struct mpam_msc *msc)
{
	struct mpam_read_feat_arg arg = { .msc = msc };
	int err;

	err = mpam_msc_run(msc, mpam_msc_read_feat_fn, &arg);
	if (err)
		return err;

	/*
	 * Later versions may move or reinterpret fields this driver relies
	 * on; refuse them rather than misprogram the MSC.
	 */
	if (msc->aidr != MPAM_AIDR_V1_0 && msc->aidr != MPAM_AIDR_V1_1) {
		pr_err("MSC %u: MPAM architecture version %lu.%lu (AIDR %#x) is not supported, only v1.0 and v1.1\n",
		       msc->id, FIELD_GET(MPAMF_AIDR_ARCH_MAJOR_REV, msc->aidr),
		       FIELD_GET(MPAMF_AIDR_ARCH_MINOR_REV, msc->aidr), msc->aidr);
		return -EPROTONOSUPPORT;
	}
	if (arg.err) {
		pr_err("MSC %u: firmware describes a RIS the MSC does not implement\n", msc->id);
		return arg.err;
	}
	mpam_msc_apply_errata(msc);
	return 0;
}

/**
 * mpam_system_add_msc() - Add a probed MSC to a system.
 * @sys: the system, not enabled yet.
 * @msc: the MSC, features read.
 *
 * Return: 0, or -EBUSY once the system is enabled or disabled.
 */
int mpam_system_add_msc(struct mpam_system *sys, struct mpam_msc *msc)
{
	int err = 0;

	mutex_lock(&sys->lock);
	if (sys->enabled || sys->disabled)
		err = -EBUSY;
	else
		list_add_tail(&msc->node, &sys->mscs);
	mutex_unlock(&sys->lock);
	return err;
}

/**
 * mpam_system_remove_msc() - Take an MSC out of a system, before freeing it.
 * @sys: the system, which must not use the MSC any more: not enabled yet,
 *	 or disabled with every monitor released.
 * @msc: the MSC.
 *
 * Its RIS leave their components; the classes keep the features merged with
 * them, which only matters for debugfs once the system is disabled.
 */
void mpam_system_remove_msc(struct mpam_system *sys, struct mpam_msc *msc)
{
	unsigned int i;

	mutex_lock(&sys->lock);
	WARN_ON_ONCE(sys->enabled && !sys->disabled);
	for (i = 0; i < msc->nr_ris; i++) {
		struct mpam_ris *ris = &msc->ris[i];

		if (ris->comp) {
			list_del_init(&ris->comp_node);
			ris->comp = NULL;
		}
		mpam_ris_free_state(ris);
	}
	list_del_init(&msc->node);
	mutex_unlock(&sys->lock);
}

/* --- Topology -------------------------------------------------------------- */

/**
 * mpam_feat_merge() - Keep in @into what @from can do too.
 * @into: the merged features so far.
 * @from: one more RIS.
 *
 * Widths are reduced to the smallest; a feature one RIS lacks is dropped;
 * cache portion bitmaps of different widths and bandwidth counters of
 * different scales cannot be used as one, so they are dropped too.
 */
void mpam_feat_merge(struct mpam_feat *into, const struct mpam_feat *from)
{
	into->partid_max = min(into->partid_max, from->partid_max);
	into->pmg_max = min(into->pmg_max, from->pmg_max);
	if (into->cpbm_wd != from->cpbm_wd)
		into->cpbm_wd = 0;
	into->cmax_wd = min(into->cmax_wd, from->cmax_wd);
	into->bwa_wd = min(into->bwa_wd, from->bwa_wd);
	into->has_mbw_max &= from->has_mbw_max;
	into->has_mbw_min &= from->has_mbw_min;
	if (!into->bwa_wd) {
		into->has_mbw_max = false;
		into->has_mbw_min = false;
	}
	into->intpri_wd = min(into->intpri_wd, from->intpri_wd);
	into->num_csu = min(into->num_csu, from->num_csu);
	into->num_mbwu = min(into->num_mbwu, from->num_mbwu);
	if (into->mbwu_scale != from->mbwu_scale)
		into->num_mbwu = 0;
	into->mbwu_width = min(into->mbwu_width, from->mbwu_width);
	into->has_rwbw &= from->has_rwbw;
	if (from->has_partid_nrw) {
		into->intpartid_max = into->has_partid_nrw ?
			min(into->intpartid_max, from->intpartid_max) : from->intpartid_max;
		into->has_partid_nrw = true;
	}
}

/**
 * mpam_system_find_class() - The class of a type and level.
 * @sys: the system.
 * @type: cache, memory or other.
 * @level: the cache level (ignored for other types).
 *
 * Return: the class, or NULL.
 */
struct mpam_class *mpam_system_find_class(struct mpam_system *sys,
					  enum mpam_fw_ris_type type, u8 level)
{
	struct mpam_class *class;

	list_for_each_entry(class, &sys->classes, node)
		if (class->type == type && (type != MPAM_FW_RIS_CACHE || class->level == level))
			return class;
	return NULL;
}

static struct mpam_comp *mpam_class_get_comp(struct mpam_class *class, int id)
{
	struct mpam_comp *comp, *pos;

	list_for_each_entry(comp, &class->comps, node)
		if (comp->id == id)
			return comp;

	comp = kzalloc_obj(*comp);
	if (!comp)
		return NULL;
	comp->class = class;
	comp->id = id;
	INIT_LIST_HEAD(&comp->ris);
	/* Keep components sorted by id, as resctrl lists domains. */
	list_for_each_entry(pos, &class->comps, node)
		if (pos->id > id)
			break;
	list_add_tail(&comp->node, &pos->node);
	class->nr_comps++;
	return comp;
}

static struct mpam_class *mpam_system_get_class(struct mpam_system *sys,
						const struct mpam_fw_ris *fw)
{
	struct mpam_class *class = mpam_system_find_class(sys, fw->type, fw->level);

	if (class)
		return class;
	class = kzalloc_obj(*class);
	if (!class)
		return NULL;
	class->type = fw->type;
	class->level = fw->type == MPAM_FW_RIS_CACHE ? fw->level : 0;
	INIT_LIST_HEAD(&class->comps);
	list_add_tail(&class->node, &sys->classes);
	return class;
}

static int mpam_system_place_ris(struct mpam_system *sys, struct mpam_ris *ris)
{
	struct mpam_class *class = mpam_system_get_class(sys, &ris->fw);
	struct mpam_comp *comp = class ? mpam_class_get_comp(class, ris->fw.id) : NULL;

	if (!comp)
		return -ENOMEM;
	/* The class can do what its first RIS can, less what the others can't. */
	if (!class->nr_ris++)
		class->feat = ris->feat;
	else
		mpam_feat_merge(&class->feat, &ris->feat);
	cpumask_or(&comp->cpus, &comp->cpus, &ris->fw.affinity);
	ris->comp = comp;
	list_add_tail(&ris->comp_node, &comp->ris);
	return 0;
}

static void mpam_system_free_topology(struct mpam_system *sys)
{
	struct mpam_class *class, *tmp_class;
	struct mpam_comp *comp, *tmp_comp;
	struct mpam_ris *ris, *tmp_ris;
	int t;

	list_for_each_entry_safe(class, tmp_class, &sys->classes, node) {
		list_for_each_entry_safe(comp, tmp_comp, &class->comps, node) {
			list_for_each_entry_safe(ris, tmp_ris, &comp->ris, comp_node) {
				list_del_init(&ris->comp_node);
				ris->comp = NULL;
			}
			list_del(&comp->node);
			kfree(comp);
		}
		for (t = 0; t < MPAM_MON_NR_TYPES; t++)
			bitmap_free(class->mon_used[t]);
		list_del(&class->node);
		kfree(class);
	}
}

static int mpam_ris_alloc_state(struct mpam_ris *ris, u16 partid_max)
{
	ris->cfg = kcalloc(partid_max + 1, sizeof(*ris->cfg), GFP_KERNEL);
	ris->mon[MPAM_MON_CSU] = kcalloc(max_t(u16, 1, ris->feat.num_csu),
					 sizeof(struct mpam_mon_state), GFP_KERNEL);
	ris->mon[MPAM_MON_MBWU] = kcalloc(max_t(u16, 1, ris->feat.num_mbwu),
					  sizeof(struct mpam_mon_state), GFP_KERNEL);
	if (!ris->cfg || !ris->mon[MPAM_MON_CSU] || !ris->mon[MPAM_MON_MBWU])
		return -ENOMEM;
	return 0;
}

/* Every portion of a @wd-bit cache portion bitmap; 0 without one. */
static u64 mpam_cpbm_all(u16 wd)
{
	if (!wd)
		return 0;
	return wd >= 64 ? U64_MAX : GENMASK_ULL(wd - 1, 0);
}

/* The implemented bits of a 16-bit fraction field @wd bits wide: its maximum. */
static u16 mpam_fract_all(u8 wd)
{
	return wd ? GENMASK(15, 16 - min_t(u8, wd, 16)) : 0;
}

static bool mpam_feat_has_ctrls(const struct mpam_feat *f)
{
	return f->cpbm_wd || f->cmax_wd || f->has_mbw_min || f->has_mbw_max || f->intpri_wd;
}

/* Writes the shadowed configuration of every PARTID, and the monitors. */
struct mpam_restore_arg {
	struct mpam_msc	*msc;
	u16		partid_max;
};

static void mpam_ris_write_partid(struct mpam_msc *msc, struct mpam_ris *ris, u16 partid)
{
	const struct mpam_feat *f = &ris->feat;
	const struct mpam_partid_cfg *cfg = &ris->cfg[partid];
	u32 sel = FIELD_PREP(MPAMCFG_PART_SEL_RIS, ris->idx) |
		  FIELD_PREP(MPAMCFG_PART_SEL_PARTID_SEL, partid);
	unsigned int w;

	if (f->has_partid_nrw) {
		/* Request PARTID n uses internal PARTID n: the range was cut to fit. */
		mpam_msc_write(msc, MPAMCFG_PART_SEL, sel);
		/* Without INTERNAL set, the write leaves the mapping as it was. */
		mpam_msc_write(msc, MPAMCFG_INTPARTID, MPAMCFG_INTPARTID_INTERNAL |
			       FIELD_PREP(MPAMCFG_INTPARTID_INTPARTID, partid));
		sel |= MPAMCFG_PART_SEL_INTERNAL;
	}
	if (!mpam_feat_has_ctrls(f))
		return;
	mpam_msc_write(msc, MPAMCFG_PART_SEL, sel);
	for (w = 0; w < DIV_ROUND_UP(f->cpbm_wd, 32); w++)
		mpam_msc_write(msc, MPAMCFG_CPBM + 4 * w, (u32)(cfg->cpbm >> (32 * w)));
	if (f->cmax_wd)
		mpam_msc_write(msc, MPAMCFG_CMAX, FIELD_PREP(MPAMCFG_CMAX_CMAX, cfg->cmax));
	if (f->has_mbw_min)
		mpam_msc_write(msc, MPAMCFG_MBW_MIN,
			       mpam_errata_mbw_min(msc, f->bwa_wd, cfg->mbw_min));
	if (f->has_mbw_max)
		mpam_msc_write(msc, MPAMCFG_MBW_MAX, cfg->mbw_max);
	if (f->intpri_wd)
		mpam_msc_write(msc, MPAMCFG_PRI, FIELD_PREP(MPAMCFG_PRI_INTPRI, cfg->intpri));
}

static void mpam_ris_write_mon(struct mpam_msc *msc, struct mpam_ris *ris,
			       enum mpam_mon_type type, int idx)
{
	struct mpam_mon_state *st = &ris->mon[type][idx];
	bool mbwu = type == MPAM_MON_MBWU;

	mpam_msc_write(msc, MSMON_CFG_MON_SEL, FIELD_PREP(MSMON_CFG_MON_SEL_RIS, ris->idx) |
		       FIELD_PREP(MSMON_CFG_MON_SEL_MON_SEL, idx));
	mpam_msc_write(msc, mbwu ? MSMON_CFG_MBWU_FLT : MSMON_CFG_CSU_FLT, st->flt);
	mpam_msc_write(msc, mbwu ? MSMON_CFG_MBWU_CTL : MSMON_CFG_CSU_CTL, st->ctl);
	if (!mbwu)
		return;
	if (ris->feat.mbwu_width > 31) {
		mpam_msc_write(msc, MSMON_MBWU_L, 0);
		mpam_msc_write(msc, MSMON_MBWU_L_HI, 0);
	} else {
		mpam_msc_write(msc, MSMON_MBWU, 0);
	}
	st->prev = 0;
}

static void mpam_msc_restore_fn(void *data)
{
	struct mpam_restore_arg *arg = data;
	struct mpam_msc *msc = arg->msc;
	unsigned long flags;
	unsigned int i;
	int m;
	u32 p;

	raw_spin_lock_irqsave(&msc->lock, flags);
	for (i = 0; i < msc->nr_ris; i++) {
		struct mpam_ris *ris = &msc->ris[i];

		if (!ris->cfg)
			continue;
		for (p = 0; p <= arg->partid_max; p++)
			mpam_ris_write_partid(msc, ris, p);
		for (m = 0; m < ris->feat.num_csu; m++)
			if (ris->mon[MPAM_MON_CSU][m].ctl)
				mpam_ris_write_mon(msc, ris, MPAM_MON_CSU, m);
		for (m = 0; m < ris->feat.num_mbwu; m++)
			if (ris->mon[MPAM_MON_MBWU][m].ctl)
				mpam_ris_write_mon(msc, ris, MPAM_MON_MBWU, m);
	}
	if (msc->has_esr && msc->error_irq)
		mpam_msc_write(msc, MPAMF_ECR, MPAMF_ECR_INTEN);
	raw_spin_unlock_irqrestore(&msc->lock, flags);
}

/**
 * mpam_msc_restore() - Put back everything the MSC should hold.
 * @msc: the MSC, after its state was lost (power-up) or at enable.
 * @partid_max: the largest PARTID in use.
 *
 * Configuration of every PARTID, INTPARTID mappings, programmed monitors
 * (which restart from zero: what they counted is lost) and the error
 * interrupt enable.
 *
 * Return: 0 or an errno.
 */
int mpam_msc_restore(struct mpam_msc *msc, u16 partid_max)
{
	struct mpam_restore_arg arg = { .msc = msc, .partid_max = partid_max };

	return mpam_msc_run(msc, mpam_msc_restore_fn, &arg);
}

/*
 * The defaults: every portion, all the capacity, no guaranteed and no
 * limited bandwidth, and one priority for all, so that no PARTID is
 * treated differently from another until someone asks.
 */
static void mpam_ris_reset_shadow(struct mpam_ris *ris, u16 partid_max)
{
	const struct mpam_partid_cfg dflt = {
		.cpbm		= mpam_cpbm_all(ris->feat.cpbm_wd),
		.cmax		= mpam_fract_all(ris->feat.cmax_wd),
		.mbw_min	= 0,
		.mbw_max	= mpam_fract_all(ris->feat.bwa_wd),
		.intpri		= 0,
	};
	u32 p;

	for (p = 0; p <= partid_max; p++)
		ris->cfg[p] = dflt;
}

struct mpam_ris_reset_arg {
	struct mpam_ris	*ris;
	u16		partid_max;
};

/* Runs on a CPU that can reach the MSC: default every PARTID of one RIS. */
static void mpam_ris_reset_fn(void *data)
{
	struct mpam_ris_reset_arg *arg = data;
	struct mpam_ris *ris = arg->ris;
	unsigned long flags;
	u32 p;

	raw_spin_lock_irqsave(&ris->msc->lock, flags);
	mpam_ris_reset_shadow(ris, arg->partid_max);
	for (p = 0; p <= arg->partid_max; p++)
		mpam_ris_write_partid(ris->msc, ris, p);
	raw_spin_unlock_irqrestore(&ris->msc->lock, flags);
}

/**
 * mpam_comp_reset() - Reset every PARTID of @comp's RIS to default.
 * @sys: the system.
 * @comp: the component.
 *
 * Only the controls: monitors keep their configuration and their counts.
 * A RIS that cannot be reached does not stop the others being reset.
 *
 * Return: 0 or the first error.
 */
int mpam_comp_reset(struct mpam_system *sys, struct mpam_comp *comp)
{
	struct mpam_ris_reset_arg arg = { .partid_max = sys->partid_max };
	struct mpam_ris *ris;
	int err = 0, ret;

	list_for_each_entry(ris, &comp->ris, comp_node) {
		if (!ris->cfg)
			continue;
		arg.ris = ris;
		ret = mpam_msc_run(ris->msc, mpam_ris_reset_fn, &arg);
		err = err ?: ret;
	}
	return err;
}

/**
 * mpam_class_reset() - Reset every PARTID of every MSC of @class to default.
 * @sys: the system.
 * @class: the class.
 *
 * Every component is tried, whatever failed before.
 *
 * Return: 0 or the first error.
 */
int mpam_class_reset(struct mpam_system *sys, struct mpam_class *class)
{
	struct mpam_comp *comp;
	int err = 0, ret;

	list_for_each_entry(comp, &class->comps, node) {
		ret = mpam_comp_reset(sys, comp);
		err = err ?: ret;
	}
	return err;
}

static void mpam_msc_mask_errors_fn(void *data)
{
	struct mpam_msc *msc = data;
	unsigned long flags;

	raw_spin_lock_irqsave(&msc->lock, flags);
	mpam_msc_write(msc, MPAMF_ECR, 0);
	raw_spin_unlock_irqrestore(&msc->lock, flags);
}

/**
 * mpam_system_quiesce() - Leave every MSC at its defaults, errors masked.
 * @sys: the system, being disabled for good.
 *
 * Nothing will change a PARTID's configuration again, so none may stay
 * restricted; and an error that keeps recurring must not keep interrupting.
 *
 * Return: 0 or the first error; every MSC is tried.
 */
int mpam_system_quiesce(struct mpam_system *sys)
{
	struct mpam_class *class;
	struct mpam_msc *msc;
	int err = 0, ret;

	mutex_lock(&sys->lock);
	if (sys->enabled) {
		list_for_each_entry(class, &sys->classes, node) {
			ret = mpam_class_reset(sys, class);
			err = err ?: ret;
		}
	}
	list_for_each_entry(msc, &sys->mscs, node) {
		if (!msc->has_esr)
			continue;
		ret = mpam_msc_run(msc, mpam_msc_mask_errors_fn, msc);
		err = err ?: ret;
	}
	mutex_unlock(&sys->lock);
	return err;
}

static void mpam_system_compute_limits(struct mpam_system *sys, u16 req_partid_max,
				       u8 req_pmg_max)
{
	struct mpam_msc *msc;
	unsigned int i;

	sys->partid_max = req_partid_max;
	sys->pmg_max = req_pmg_max;
	list_for_each_entry(msc, &sys->mscs, node) {
		for (i = 0; i < msc->nr_ris; i++) {
			const struct mpam_feat *f = &msc->ris[i].feat;

			sys->partid_max = min(sys->partid_max, f->partid_max);
			sys->pmg_max = min(sys->pmg_max, f->pmg_max);
			if (f->has_partid_nrw)
				sys->partid_max = min(sys->partid_max, f->intpartid_max);
		}
	}
}

/**
 * mpam_system_enable() - Build the topology of a system and reset it.
 * @sys: the system, every MSC firmware describes added.
 * @req_partid_max: the largest PARTID the requestors (CPUs) can emit.
 * @req_pmg_max: the largest PMG the requestors can emit.
 *
 * Groups the RIS into classes and components, merges their features,
 * computes the PARTID and PMG range every requestor and MSC supports, and
 * writes the default configuration of that range everywhere.
 *
 * Return: 0 or an errno, with nothing left built.
 */
int mpam_system_enable(struct mpam_system *sys, u16 req_partid_max, u8 req_pmg_max)
{
	struct mpam_class *class;
	struct mpam_msc *msc;
	unsigned int i;
	int t, err = 0;

	mutex_lock(&sys->lock);
	if (sys->enabled || sys->disabled) {
		err = -EBUSY;
		goto out;
	}
	mpam_system_compute_limits(sys, req_partid_max, req_pmg_max);
	list_for_each_entry(msc, &sys->mscs, node) {
		for (i = 0; i < msc->nr_ris && !err; i++) {
			err = mpam_system_place_ris(sys, &msc->ris[i]);
			err = err ?: mpam_ris_alloc_state(&msc->ris[i], sys->partid_max);
			if (!err)
				mpam_ris_reset_shadow(&msc->ris[i], sys->partid_max);
		}
	}
	list_for_each_entry(class, &sys->classes, node) {
		class->mon_used[MPAM_MON_CSU] = bitmap_zalloc(class->feat.num_csu, GFP_KERNEL);
		class->mon_used[MPAM_MON_MBWU] = bitmap_zalloc(class->feat.num_mbwu, GFP_KERNEL);
		for (t = 0; t < MPAM_MON_NR_TYPES; t++)
			if (!class->mon_used[t])
				err = -ENOMEM;
	}
	list_for_each_entry(msc, &sys->mscs, node)
		err = err ?: mpam_msc_restore(msc, sys->partid_max);
	if (err) {
		mpam_system_free_topology(sys);
		list_for_each_entry(msc, &sys->mscs, node)
			for (i = 0; i < msc->nr_ris; i++)
				mpam_ris_free_state(&msc->ris[i]);
		goto out;
	}
	sys->enabled = true;
out:
	mutex_unlock(&sys->lock);
	return err;
}

/**
 * mpam_system_teardown() - Undo mpam_system_enable() and forget every MSC.
 * @sys: the system.  The MSCs stay allocated: their owners free them.
 */
void mpam_system_teardown(struct mpam_system *sys)
{
	struct mpam_msc *msc, *tmp;
	unsigned int i;

	mutex_lock(&sys->lock);
	mpam_system_free_topology(sys);
	list_for_each_entry_safe(msc, tmp, &sys->mscs, node) {
		for (i = 0; i < msc->nr_ris; i++)
			mpam_ris_free_state(&msc->ris[i]);
		list_del_init(&msc->node);
	}
	sys->enabled = false;
	mutex_unlock(&sys->lock);
}

/* --- Configuration ---------------------------------------------------------- */

/* Whether @f has @ctrl, and @val is a value it can hold. */
static bool mpam_ctrl_valid(const struct mpam_feat *f, enum mpam_ctrl ctrl, u64 val)
{
	switch (ctrl) {
	case MPAM_CTRL_CPBM:
		return f->cpbm_wd && !(val & ~mpam_cpbm_all(f->cpbm_wd));
	case MPAM_CTRL_CMAX:
		return f->cmax_wd && val <= U16_MAX;
	case MPAM_CTRL_MBW_MIN:
		return f->has_mbw_min && val <= U16_MAX;
	case MPAM_CTRL_MBW_MAX:
		return f->has_mbw_max && val <= U16_MAX;
	case MPAM_CTRL_INTPRI:
		return f->intpri_wd && val < BIT_ULL(f->intpri_wd);
	default:
		return false;
	}
}

/*
 * Store @val as @ris will hold it: fractions keep only the bits the RIS
 * implements, as the hardware would, so that the copy matches a read back.
 */
static void mpam_cfg_store(struct mpam_ris *ris, u16 partid, enum mpam_ctrl ctrl, u64 val)
{
	struct mpam_partid_cfg *cfg = &ris->cfg[partid];
	const struct mpam_feat *f = &ris->feat;

	switch (ctrl) {
	case MPAM_CTRL_CPBM:
		cfg->cpbm = val;
		break;
	case MPAM_CTRL_CMAX:
		cfg->cmax = val & mpam_fract_all(f->cmax_wd);
		break;
	case MPAM_CTRL_MBW_MIN:
		cfg->mbw_min = val & mpam_fract_all(f->bwa_wd);
		break;
	case MPAM_CTRL_MBW_MAX:
		cfg->mbw_max = val & mpam_fract_all(f->bwa_wd);
		break;
	case MPAM_CTRL_INTPRI:
		cfg->intpri = val;
		break;
	default:
		break;
	}
}

struct mpam_ctrl_arg {
	struct mpam_ris	*ris;
	u16		partid;
	enum mpam_ctrl	ctrl;
	u64		val;
};

/* Read @ctrl of one PARTID from the hardware. */
static void mpam_read_ctrl_fn(void *data)
{
	struct mpam_ctrl_arg *arg = data;
	struct mpam_ris *ris = arg->ris;
	struct mpam_msc *msc = ris->msc;
	unsigned long flags;
	u32 hi = 0;

	raw_spin_lock_irqsave(&msc->lock, flags);
	/* With narrowing the configuration lives at the internal PARTID. */
	mpam_msc_write(msc, MPAMCFG_PART_SEL, FIELD_PREP(MPAMCFG_PART_SEL_RIS, ris->idx) |
		       FIELD_PREP(MPAMCFG_PART_SEL_PARTID_SEL, arg->partid) |
		       (ris->feat.has_partid_nrw ? MPAMCFG_PART_SEL_INTERNAL : 0));
	switch (arg->ctrl) {
	case MPAM_CTRL_CPBM:
		if (ris->feat.cpbm_wd > 32)
			hi = mpam_msc_read(msc, MPAMCFG_CPBM + 4);
		arg->val = (u64)hi << 32 | mpam_msc_read(msc, MPAMCFG_CPBM);
		break;
	case MPAM_CTRL_CMAX:
		arg->val = FIELD_GET(MPAMCFG_CMAX_CMAX, mpam_msc_read(msc, MPAMCFG_CMAX));
		break;
	case MPAM_CTRL_MBW_MIN:
		arg->val = FIELD_GET(MPAMCFG_MBW_MIN_MIN, mpam_msc_read(msc, MPAMCFG_MBW_MIN));
		break;
	case MPAM_CTRL_MBW_MAX:
		arg->val = FIELD_GET(MPAMCFG_MBW_MAX_MAX, mpam_msc_read(msc, MPAMCFG_MBW_MAX));
		break;
	case MPAM_CTRL_INTPRI:
		arg->val = FIELD_GET(MPAMCFG_PRI_INTPRI, mpam_msc_read(msc, MPAMCFG_PRI));
		break;
	default:
		arg->val = 0;
		break;
	}
	raw_spin_unlock_irqrestore(&msc->lock, flags);
}

/* Write every control of one PARTID from the driver's copy. */
static void mpam_ris_apply_fn(void *data)
{
	struct mpam_ctrl_arg *arg = data;
	struct mpam_msc *msc = arg->ris->msc;
	unsigned long flags;

	raw_spin_lock_irqsave(&msc->lock, flags);
	mpam_ris_write_partid(msc, arg->ris, arg->partid);
	raw_spin_unlock_irqrestore(&msc->lock, flags);
}

/**
 * mpam_comp_set_ctrl() - Set one control of @partid in every RIS of @comp.
 * @comp: the component.
 * @partid: the PARTID, within the system's range.
 * @ctrl: the control.
 * @val: the value, in the units enum mpam_ctrl gives; fractions are cut to
 *	 the bits each RIS implements.
 *
 * The value is kept, so that it is restored after the MSC loses its state.
 *
 * Return: 0, -EINVAL when the class lacks @ctrl or @val does not fit, or
 * the error of reaching an MSC.
 */
int mpam_comp_set_ctrl(struct mpam_comp *comp, u16 partid, enum mpam_ctrl ctrl, u64 val)
{
	struct mpam_ctrl_arg arg = { .partid = partid };
	struct mpam_ris *ris;
	unsigned long flags;
	int err = 0;

	if (!mpam_ctrl_valid(&comp->class->feat, ctrl, val))
		return -EINVAL;
	list_for_each_entry(ris, &comp->ris, comp_node)
		if (!ris->cfg || partid > ris->feat.partid_max)
			return -EINVAL;

	list_for_each_entry(ris, &comp->ris, comp_node) {
		raw_spin_lock_irqsave(&ris->msc->lock, flags);
		mpam_cfg_store(ris, partid, ctrl, val);
		raw_spin_unlock_irqrestore(&ris->msc->lock, flags);
		arg.ris = ris;
		err = err ?: mpam_msc_run(ris->msc, mpam_ris_apply_fn, &arg);
	}
	return err;
}

/**
 * mpam_comp_get_ctrl() - Read one control of @partid back from the hardware.
 * @comp: the component.
 * @partid: the PARTID.
 * @ctrl: the control.
 * @val: set to what the component's first RIS holds (errata included: a
 *	 T241 MSC shows the MBW_MIN it was really given).
 *
 * Return: 0, -EINVAL when the class lacks @ctrl, or an access error.
 */
int mpam_comp_get_ctrl(struct mpam_comp *comp, u16 partid, enum mpam_ctrl ctrl, u64 *val)
{
	struct mpam_ris *ris = list_first_entry_or_null(&comp->ris, struct mpam_ris, comp_node);
	struct mpam_ctrl_arg arg = { .ris = ris, .partid = partid, .ctrl = ctrl };
	int err;

	*val = 0;
	if (!ris || !mpam_ctrl_valid(&comp->class->feat, ctrl, 0) ||
	    partid > ris->feat.partid_max)
		return -EINVAL;
	err = mpam_msc_run(ris->msc, mpam_read_ctrl_fn, &arg);
	*val = arg.val;
	return err;
}

/**
 * mpam_comp_set_cpbm() - Set the cache portions @partid may allocate into.
 * @comp: the component (a cache).
 * @partid: the PARTID.
 * @cpbm: one bit per portion, within the class's width.
 *
 * Return: 0, -EINVAL without cache portion partitioning, or an access error.
 */
int mpam_comp_set_cpbm(struct mpam_comp *comp, u16 partid, u64 cpbm)
{
	return mpam_comp_set_ctrl(comp, partid, MPAM_CTRL_CPBM, cpbm);
}

/**
 * mpam_comp_get_cpbm() - Read back the cache portions of @partid from hardware.
 * @comp: the component.
 * @partid: the PARTID.
 * @cpbm: set to what the first RIS holds.
 *
 * Return: 0 or an errno.
 */
int mpam_comp_get_cpbm(struct mpam_comp *comp, u16 partid, u64 *cpbm)
{
	return mpam_comp_get_ctrl(comp, partid, MPAM_CTRL_CPBM, cpbm);
}

/**
 * mpam_comp_set_mbw_max() - Set the maximum bandwidth of @partid.
 * @comp: the component (a memory controller or cache).
 * @partid: the PARTID.
 * @fract: the MBW_MAX field: a fraction, implemented bits MSB aligned.
 *
 * Return: 0, -EINVAL without a maximum bandwidth control, or an access error.
 */
int mpam_comp_set_mbw_max(struct mpam_comp *comp, u16 partid, u16 fract)
{
	return mpam_comp_set_ctrl(comp, partid, MPAM_CTRL_MBW_MAX, fract);
}

/* --- Monitors ------------------------------------------------------------------ */

/**
 * mpam_class_mbwu_wrap_shift() - How soon the bandwidth counters of @class wrap.
 * @class: the class.
 *
 * SCALE applies to the 31-bit format only; an erratum may make one count
 * stand for several bytes.
 *
 * Return: the smallest n such that some counter of @class wraps after 2^n
 * bytes, or 0 when the class has no bandwidth monitors.
 */
unsigned int mpam_class_mbwu_wrap_shift(struct mpam_class *class)
{
	unsigned int shift, min_shift = UINT_MAX;
	struct mpam_comp *comp;
	struct mpam_ris *ris;

	if (!class->feat.num_mbwu)
		return 0;
	list_for_each_entry(comp, &class->comps, node) {
		list_for_each_entry(ris, &comp->ris, comp_node) {
			shift = ris->feat.mbwu_width + ilog2(ris->msc->mbwu_bytes_per_unit);
			if (ris->feat.mbwu_width == 31)
				shift += ris->feat.mbwu_scale;
			min_shift = min(min_shift, shift);
		}
	}
	return min_shift == UINT_MAX ? 0 : min_shift;
}

/* How many monitors of @type every component of @class has. */
static unsigned int mpam_class_nr_mon(const struct mpam_class *class, enum mpam_mon_type type)
{
	return type == MPAM_MON_CSU ? class->feat.num_csu : class->feat.num_mbwu;
}

/**
 * mpam_class_mon_alloc() - Allocate a monitor index of @class.
 * @sys: the system.
 * @class: the class.
 * @type: CSU or MBWU.
 *
 * The index is valid in every component of the class.
 *
 * Return: the index, or -ENOSPC when all are in use.
 */
int mpam_class_mon_alloc(struct mpam_system *sys, struct mpam_class *class,
			 enum mpam_mon_type type)
{
	unsigned int nr = mpam_class_nr_mon(class, type);
	unsigned int idx;

	mutex_lock(&sys->mon_lock);
	idx = nr ? find_first_zero_bit(class->mon_used[type], nr) : 0;
	if (idx < nr && !sys->disabled)
		set_bit(idx, class->mon_used[type]);
	else
		idx = -ENOSPC;
	mutex_unlock(&sys->mon_lock);
	return idx;
}

/**
 * mpam_class_mon_free() - Free a monitor index of @class.
 * @sys: the system.
 * @class: the class.
 * @type: CSU or MBWU.
 * @idx: an index from mpam_class_mon_alloc().
 */
void mpam_class_mon_free(struct mpam_system *sys, struct mpam_class *class,
			 enum mpam_mon_type type, int idx)
{
	mutex_lock(&sys->mon_lock);
	WARN_ON_ONCE(!test_and_clear_bit(idx, class->mon_used[type]));
	mutex_unlock(&sys->mon_lock);
}

/**
 * mpam_class_mon_allocated() - How many monitors of @class are allocated.
 * @sys: the system.
 * @class: the class.
 * @type: CSU or MBWU.
 *
 * Return: the number of allocated indexes.
 */
unsigned int mpam_class_mon_allocated(struct mpam_system *sys, struct mpam_class *class,
				      enum mpam_mon_type type)
{
	unsigned int nr = mpam_class_nr_mon(class, type);
	unsigned int used;

	mutex_lock(&sys->mon_lock);
	used = bitmap_weight(class->mon_used[type], nr);
	mutex_unlock(&sys->mon_lock);
	return used;
}

struct mpam_mon_arg {
	struct mpam_ris			*ris;
	enum mpam_mon_type		type;
	int				idx;
	const struct mpam_mon_cfg	*cfg;
	u64				bytes;
	int				err;
};

/* The FLT and CTL values that make a monitor count what @cfg says. */
static void mpam_mon_encode(const struct mpam_mon_cfg *cfg, enum mpam_mon_type type,
			    bool has_rwbw, u32 *flt, u32 *ctl)
{
	*flt = FIELD_PREP(MSMON_CFG_FLT_PARTID, cfg->partid) |
	       FIELD_PREP(MSMON_CFG_FLT_PMG, cfg->pmg);
	if (type == MPAM_MON_MBWU && has_rwbw)
		*flt |= FIELD_PREP(MSMON_CFG_MBWU_FLT_RWBW, cfg->rwbw);

	*ctl = FIELD_PREP(MSMON_CFG_CTL_TYPE, type == MPAM_MON_MBWU ?
			  MSMON_CFG_CTL_TYPE_MBWU : MSMON_CFG_CTL_TYPE_CSU) |
	       MSMON_CFG_CTL_EN;
	if (cfg->match_partid)
		*ctl |= MSMON_CFG_CTL_MATCH_PARTID;
	if (cfg->match_pmg)
		*ctl |= MSMON_CFG_CTL_MATCH_PMG;
}

static void mpam_mon_config_fn(void *data)
{
	struct mpam_mon_arg *arg = data;
	struct mpam_ris *ris = arg->ris;
	struct mpam_mon_state *st = &ris->mon[arg->type][arg->idx];
	unsigned long flags;

	raw_spin_lock_irqsave(&ris->msc->lock, flags);
	mpam_mon_encode(arg->cfg, arg->type, ris->feat.has_rwbw, &st->flt, &st->ctl);
	st->bytes = 0;
	mpam_ris_write_mon(ris->msc, ris, arg->type, arg->idx);
	raw_spin_unlock_irqrestore(&ris->msc->lock, flags);
}

static bool mpam_ris_has_mon(struct mpam_ris *ris, enum mpam_mon_type type, int idx)
{
	return idx >= 0 && idx < (type == MPAM_MON_CSU ? ris->feat.num_csu : ris->feat.num_mbwu) &&
	       ris->mon[type];
}

/* Whether every RIS of @comp with monitor @idx can take @cfg. */
static bool mpam_comp_mon_cfg_valid(struct mpam_comp *comp, enum mpam_mon_type type, int idx,
				    const struct mpam_mon_cfg *cfg)
{
	struct mpam_ris *ris;

	if (cfg->rwbw != MPAM_RWBW_BOTH &&
	    (type != MPAM_MON_MBWU || !comp->class->feat.has_rwbw))
		return false;
	list_for_each_entry(ris, &comp->ris, comp_node) {
		if (!mpam_ris_has_mon(ris, type, idx))
			continue;
		if (cfg->partid > ris->feat.partid_max || cfg->pmg > ris->feat.pmg_max)
			return false;
	}
	return true;
}

/**
 * mpam_comp_mon_setup() - Program monitor @idx of @comp and count from zero.
 * @comp: the component.
 * @type: CSU or MBWU.
 * @idx: an index from mpam_class_mon_alloc().
 * @cfg: what to count.
 *
 * The programmed filter and control are kept: reads do not read them back,
 * and they are restored when the MSC loses its state.
 *
 * Return: 0, -EINVAL when @cfg does not fit every RIS, or an access error.
 */
int mpam_comp_mon_setup(struct mpam_comp *comp, enum mpam_mon_type type, int idx,
			const struct mpam_mon_cfg *cfg)
{
	struct mpam_mon_arg arg = { .type = type, .idx = idx, .cfg = cfg };
	struct mpam_ris *ris;
	int err = 0;

	if (!mpam_comp_mon_cfg_valid(comp, type, idx, cfg))
		return -EINVAL;
	list_for_each_entry(ris, &comp->ris, comp_node) {
		if (!mpam_ris_has_mon(ris, type, idx))
			continue;
		arg.ris = ris;
		err = err ?: mpam_msc_run(ris->msc, mpam_mon_config_fn, &arg);
	}
	return err;
}

/**
 * mpam_comp_mon_config() - Count @partid/@pmg with monitor @idx, from zero.
 * @comp: the component.
 * @type: CSU or MBWU.
 * @idx: an index from mpam_class_mon_alloc().
 * @partid: the PARTID to match.
 * @pmg: the PMG to match.
 *
 * Bandwidth monitors count reads and writes.
 *
 * Return: 0 or an errno.
 */
int mpam_comp_mon_config(struct mpam_comp *comp, enum mpam_mon_type type, int idx,
			 u16 partid, u8 pmg)
{
	const struct mpam_mon_cfg cfg = {
		.partid = partid, .pmg = pmg,
		.match_partid = true, .match_pmg = true,
		.rwbw = MPAM_RWBW_BOTH,
	};

	return mpam_comp_mon_setup(comp, type, idx, &cfg);
}

/* How many 1us polls a not-ready monitor gets: firmware's time, bounded. */
static unsigned int mpam_msc_nrdy_polls(const struct mpam_msc *msc)
{
	if (!msc->nrdy_usec)
		return MPAM_NRDY_DEFAULT_USEC;
	return min_t(u32, msc->nrdy_usec, MPAM_NRDY_MAX_USEC);
}

/*
 * Read a counter until it is ready.  Returns the raw value (NRDY clear) or
 * -EIO when the monitor is still not ready after the firmware's not-ready
 * time.  64-bit counters are read high, low, high: a carry between the
 * halves shows as a changed high half, and the low half is read again.
 */
static int mpam_mon_read_raw(struct mpam_ris *ris, enum mpam_mon_type type, u64 *raw)
{
	struct mpam_msc *msc = ris->msc;
	unsigned int tries = mpam_msc_nrdy_polls(msc);
	bool is_long = type == MPAM_MON_MBWU && ris->feat.mbwu_width > 31;
	u32 lo, hi, hi2;

	do {
		if (!is_long) {
			lo = mpam_msc_read(msc, type == MPAM_MON_CSU ? MSMON_CSU : MSMON_MBWU);
			if (!(lo & MSMON_NRDY)) {
				*raw = lo & MSMON_VALUE;
				return 0;
			}
		} else {
			hi = mpam_msc_read(msc, MSMON_MBWU_L_HI);
			lo = mpam_msc_read(msc, MSMON_MBWU_L);
			hi2 = mpam_msc_read(msc, MSMON_MBWU_L_HI);
			if (hi2 != hi)
				lo = mpam_msc_read(msc, MSMON_MBWU_L);
			*raw = (u64)hi2 << 32 | lo;
			if (!(*raw & MSMON_MBWU_L_NRDY)) {
				*raw &= GENMASK_ULL(ris->feat.mbwu_width - 1, 0);
				return 0;
			}
		}
		udelay(1);
	} while (--tries);
	return -EIO;
}

/*
 * Whether the selected monitor lost what the driver programmed, which a
 * power-down of the MSC does.  Costs one read, so it is asked only when a
 * read looks wrong: the counter went backwards, or stays not ready.  The
 * overflow status bits are the hardware's to set and are not compared.
 */
static bool mpam_mon_lost_state(struct mpam_msc *msc, enum mpam_mon_type type,
				const struct mpam_mon_state *st)
{
	u32 ctl = mpam_msc_read(msc, type == MPAM_MON_MBWU ? MSMON_CFG_MBWU_CTL :
						       MSMON_CFG_CSU_CTL);

	ctl &= ~(MSMON_CFG_CTL_OFLOW_STATUS | MSMON_CFG_CTL_OFLOW_STATUS_L);
	return ctl != st->ctl;
}

/* Bytes a bandwidth counter advanced by from @st->prev to @raw, with one wrap. */
static u64 mpam_mbwu_delta_bytes(const struct mpam_ris *ris, const struct mpam_mon_state *st,
				 u64 raw)
{
	u8 width = ris->feat.mbwu_width;
	u64 delta = raw >= st->prev ? raw - st->prev : raw + BIT_ULL(width) - st->prev;

	/* SCALE applies to the 31-bit format only; long counters count bytes. */
	if (width == 31)
		delta <<= ris->feat.mbwu_scale;
	return delta * ris->msc->mbwu_bytes_per_unit;
}

static void mpam_mon_read_fn(void *data)
{
	struct mpam_mon_arg *arg = data;
	struct mpam_ris *ris = arg->ris;
	struct mpam_msc *msc = ris->msc;
	struct mpam_mon_state *st = &ris->mon[arg->type][arg->idx];
	unsigned long flags;
	u64 raw;

	raw_spin_lock_irqsave(&msc->lock, flags);
	mpam_msc_write(msc, MSMON_CFG_MON_SEL, FIELD_PREP(MSMON_CFG_MON_SEL_RIS, ris->idx) |
		       FIELD_PREP(MSMON_CFG_MON_SEL_MON_SEL, arg->idx));
	arg->err = mpam_mon_read_raw(ris, arg->type, &raw);
	if (arg->err || (arg->type == MPAM_MON_MBWU && raw < st->prev)) {
		/*
		 * After a power-down the monitor is disabled and its counter
		 * reset: program it again and count on from what was counted
		 * before, rather than take the reset for an overflow or fail
		 * for ever.  What it counted while off is lost.
		 */
		if (st->ctl && mpam_mon_lost_state(msc, arg->type, st)) {
			mpam_ris_write_mon(msc, ris, arg->type, arg->idx);
			/* An occupancy is meaningless until the monitor settles. */
			arg->err = arg->type == MPAM_MON_CSU ? -EIO : 0;
			arg->bytes = st->bytes;
			goto unlock;
		}
		if (arg->err)
			goto unlock;
	}
	if (arg->type == MPAM_MON_CSU) {
		arg->bytes = raw;
		goto unlock;
	}

	/* Still programmed and below its last value: it wrapped (1 Hz reads see one). */
	st->bytes += mpam_mbwu_delta_bytes(ris, st, raw);
	st->prev = raw;
	arg->bytes = st->bytes;
unlock:
	raw_spin_unlock_irqrestore(&msc->lock, flags);
}

/**
 * mpam_comp_mon_read() - Read monitor @idx of @comp.
 * @comp: the component.
 * @type: CSU or MBWU.
 * @idx: an index from mpam_class_mon_alloc(), configured.
 * @bytes: set to the occupancy (CSU) or the bytes counted since the monitor
 *	   was configured (MBWU), summed over the component's RIS.
 *
 * Costs one MON_SEL write and one counter read per RIS (three reads for a
 * 64-bit counter) once the counter is ready.
 *
 * Return: 0, or -EIO when a monitor stays not-ready or cannot be reached.
 */
int mpam_comp_mon_read(struct mpam_comp *comp, enum mpam_mon_type type, int idx,
		       u64 *bytes)
{
	struct mpam_mon_arg arg = { .type = type, .idx = idx };
	struct mpam_ris *ris;
	int err;

	*bytes = 0;
	list_for_each_entry(ris, &comp->ris, comp_node) {
		if (!mpam_ris_has_mon(ris, type, idx))
			continue;
		arg.ris = ris;
		err = mpam_msc_run(ris->msc, mpam_mon_read_fn, &arg);
		if (err || arg.err)
			return -EIO;
		*bytes += arg.bytes;
	}
	return 0;
}

/* --- Errors ---------------------------------------------------------------------- */

static const char *const mpam_errcode_names[] = {
	[MPAM_ERRCODE_NONE]			= "no error",
	[MPAM_ERRCODE_PARTID_SEL_RANGE]		= "PARTID_SEL out of range",
	[MPAM_ERRCODE_REQ_PARTID_RANGE]		= "request PARTID out of range",
	[MPAM_ERRCODE_MSMONCFG_ID_RANGE]	= "monitor filter PARTID/PMG out of range",
	[MPAM_ERRCODE_REQ_PMG_RANGE]		= "request PMG out of range",
	[MPAM_ERRCODE_MONITOR_RANGE]		= "monitor selection out of range",
	[MPAM_ERRCODE_INTPARTID_RANGE]		= "internal PARTID out of range",
	[MPAM_ERRCODE_UNEXPECTED_INTERNAL]	= "unexpected internal PARTID",
	[MPAM_ERRCODE_UNDEFINED_RIS_PART_SEL]	= "undefined RIS in PART_SEL",
	[MPAM_ERRCODE_RIS_NO_CONTROL]		= "RIS has no control",
	[MPAM_ERRCODE_UNDEFINED_RIS_MON_SEL]	= "undefined RIS in MON_SEL",
	[MPAM_ERRCODE_RIS_NO_MONITOR]		= "RIS has no monitor",
};

/**
 * mpam_errcode_name() - The name of an MPAMF_ESR.ERRCODE.
 * @errcode: the code.
 *
 * Return: a description, "unknown error code" for reserved values.
 */
const char *mpam_errcode_name(u8 errcode)
{
	if (errcode < ARRAY_SIZE(mpam_errcode_names))
		return mpam_errcode_names[errcode];
	return "unknown error code";
}

struct mpam_esr_arg {
	struct mpam_msc *msc;
	u32 esr;
	u32 esr_hi;
};

/* Runs on a CPU that can reach the MSC: take the syndrome and clear it. */
static void mpam_msc_take_esr_fn(void *info)
{
	struct mpam_esr_arg *arg = info;
	struct mpam_msc *msc = arg->msc;
	unsigned long flags;

	raw_spin_lock_irqsave(&msc->lock, flags);
	arg->esr = mpam_msc_read(msc, MPAMF_ESR);
	arg->esr_hi = mpam_msc_read(msc, MPAMF_ESR_HI);
	mpam_msc_write(msc, MPAMF_ESR, 0);
	mpam_msc_write(msc, MPAMF_ESR_HI, 0);
	raw_spin_unlock_irqrestore(&msc->lock, flags);
}

/**
 * mpam_msc_handle_error() - Decode, log and clear an MSC's error.
 * @msc: the MSC that raised its error interrupt.
 *
 * Context: process context (the threaded half of the error interrupt):
 * the registers are read on a CPU that can reach @msc, which need not be
 * the CPU the interrupt thread runs on.
 *
 * Return: the error code, MPAM_ERRCODE_NONE when there was none, or a
 * negative errno when no CPU that can reach @msc could read it.
 */
int mpam_msc_handle_error(struct mpam_msc *msc)
{
	struct mpam_esr_arg arg = { .msc = msc };
	u8 code;
	int err;

	err = mpam_msc_run(msc, mpam_msc_take_esr_fn, &arg);
	if (err) {
		pr_err("MSC %u raised an error that no CPU could read: %d\n", msc->id, err);
		return err;
	}

	code = FIELD_GET(MPAMF_ESR_ERRCODE, arg.esr);
	if (code == MPAM_ERRCODE_NONE)
		return code;
	pr_err_ratelimited("MSC %u error: %s (ERRCODE %u), RIS %lu, PARTID/mon %lu, PMG %lu%s\n",
			   msc->id, mpam_errcode_name(code), code,
			   FIELD_GET(MPAMF_ESR_HI_RIS, arg.esr_hi),
			   FIELD_GET(MPAMF_ESR_PARTID_MON, arg.esr),
			   FIELD_GET(MPAMF_ESR_PMG, arg.esr),
			   (arg.esr & MPAMF_ESR_OVRWR) ? ", earlier errors overwritten" : "");
	return code;
}

/**
 * mpam_system_release_monitors() - Mark @sys disabled and free every monitor.
 * @sys: the system.
 *
 * Whatever held a monitor index must no longer use it; allocation fails
 * from now on.
 *
 * Return: how many monitors were still allocated, so that a caller which
 * expected its users to have freed them all can tell.
 */
unsigned int mpam_system_release_monitors(struct mpam_system *sys)
{
	struct mpam_class *class;
	unsigned int held = 0;
	int t;

	mutex_lock(&sys->mon_lock);
	sys->disabled = true;
	list_for_each_entry(class, &sys->classes, node) {
		for (t = 0; t < MPAM_MON_NR_TYPES; t++) {
			unsigned int nr = mpam_class_nr_mon(class, t);

			if (!class->mon_used[t])
				continue;
			held += bitmap_weight(class->mon_used[t], nr);
			bitmap_zero(class->mon_used[t], nr);
		}
	}
	mutex_unlock(&sys->mon_lock);
	return held;
}
