// SPDX-License-Identifier: GPL-2.0
/*
 * Arm MPAM memory system component (MSC) driver core: reading what each
 * resource instance (RIS) can do, grouping RIS into classes and components,
 * enabling and tearing down a system, and MSC errors.  Configuration is in
 * mpam_config.c, monitors in mpam_mon.c.
 *
 * Register access: each sequence runs under the MSC's raw spinlock on a CPU
 * that can reach the MSC (mpam_msc_run()), so that PART_SEL/MON_SEL and the
 * registers they select are never interleaved, and never from a CPU that
 * cannot see the MSC.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/cpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "mpam_core.h"
#include "mpam_regs.h"

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

/**
 * mpam_msc_run() - Run @fn(@arg) on a CPU that can reach @msc.
 * @msc: the MSC.
 * @fn: the function, called with preemption disabled.
 * @arg: its argument.
 *
 * Return: 0, or an errno when no such CPU could be asked (with interrupts
 * disabled on a CPU that cannot reach @msc).
 */
int mpam_msc_run(struct mpam_msc *msc, smp_call_func_t fn, void *arg)
{
	int cpu = get_cpu();
	int err = 0;

	if (cpumask_test_cpu(cpu, &msc->accessible)) {
		fn(arg);
	} else if (irqs_disabled()) {
		err = -EIO;	/* an IPI can't be waited for here */
	} else {
		/*
		 * Any online CPU that reaches the MSC: smp_call_function_any()
		 * prefers the scheduler's NUMA masks, which a CPU still coming
		 * online is not in yet.
		 */
		unsigned int target = cpumask_any_and(&msc->accessible, cpu_online_mask);

		err = target < nr_cpu_ids ? smp_call_function_single(target, fn, arg, true) : -EIO;
	}
	put_cpu();
	return err;
}

/**
 * mpam_msc_call() - Run @fn(@arg) in process context on a CPU that reaches @msc.
 * @msc: the MSC.
 * @fn: the function; it may sleep, and takes the MSC's lock itself, for
 *	stretches short enough to keep interrupt latency bounded.
 * @arg: its argument.
 *
 * For work that grows with the number of PARTIDs or monitors (resets,
 * restores): unlike mpam_msc_run(), nothing here runs from an IPI.  The
 * current CPU is used when it can reach @msc, pinned; otherwise a kworker
 * on one that can (smp_call_on_cpu()).
 *
 * Context: process context; the caller keeps that CPU online (hotplug lock
 * or a hotplug callback).
 *
 * Return: what @fn returned, or -EIO when no online CPU can reach @msc.
 */
int mpam_msc_call(struct mpam_msc *msc, int (*fn)(void *arg), void *arg)
{
	unsigned int cpu;
	int err;

	might_sleep();
	migrate_disable();
	if (cpumask_test_cpu(smp_processor_id(), &msc->accessible)) {
		err = fn(arg);
		migrate_enable();
		return err;
	}
	migrate_enable();

	cpu = cpumask_any_and(&msc->accessible, cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		return -EIO;
	return smp_call_on_cpu(cpu, fn, arg, false);
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

	kvfree(ris->cfg);
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

/*
 * MPAMF_MBWUMON_IDR.HAS_RWBW and MSMON_CFG_MBWU_FLT.RWBW exist only "when
 * FEAT_MPAMv0p1 is implemented or FEAT_MPAMv1p1 is implemented"; on an MPAM
 * v1.0 MSC the bit is RES0, so a set bit there is not a promise that the
 * filter field exists.  Trust it only on v0.1 or v1.1 and later.
 */
static bool mpam_aidr_has_rwbw(u32 aidr)
{
	u8 major = FIELD_GET(MPAMF_AIDR_ARCH_MAJOR_REV, aidr);
	u8 minor = FIELD_GET(MPAMF_AIDR_ARCH_MINOR_REV, aidr);

	if (major == 0)
		return minor == 1;
	return major > 1 || minor >= 1;
}

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
	if (idr & MPAMF_IDR_HAS_CCAP_PART) {
		val = mpam_msc_read(msc, MPAMF_CCAP_IDR);
		/* CMAX_WD is the width of CMIN too, which exists without CMAX. */
		if (!(val & MPAMF_CCAP_IDR_NO_CMAX))
			f->cmax_wd = FIELD_GET(MPAMF_CCAP_IDR_CMAX_WD, val);
		if (val & MPAMF_CCAP_IDR_HAS_CMIN && FIELD_GET(MPAMF_CCAP_IDR_CMAX_WD, val))
			f->has_cmin = true;
		if (val & MPAMF_CCAP_IDR_HAS_CASSOC)
			f->cassoc_wd = FIELD_GET(MPAMF_CCAP_IDR_CASSOC_WD, val);
	}
	if (idr & MPAMF_IDR_HAS_MBW_PART) {
		val = mpam_msc_read(msc, MPAMF_MBW_IDR);
		/* The fraction fields are 16 bits: wider is a broken ID register. */
		f->bwa_wd = min_t(u8, FIELD_GET(MPAMF_MBW_IDR_BWA_WD, val), 16);
		f->has_mbw_max = val & MPAMF_MBW_IDR_HAS_MAX;
		f->has_mbw_min = val & MPAMF_MBW_IDR_HAS_MIN;
		f->has_mbw_prop = val & MPAMF_MBW_IDR_HAS_PROP;
		if (val & MPAMF_MBW_IDR_HAS_PBM)
			f->bwpbm_wd = FIELD_GET(MPAMF_MBW_IDR_BWPBM_WD, val);
	}
	if (idr & MPAMF_IDR_HAS_PRI_PART) {
		val = mpam_msc_read(msc, MPAMF_PRI_IDR);
		if (val & MPAMF_PRI_IDR_HAS_INTPRI)
			f->intpri_wd = min_t(u8, FIELD_GET(MPAMF_PRI_IDR_INTPRI_WD, val), 16);
		if (val & MPAMF_PRI_IDR_HAS_DSPRI)
			f->dspri_wd = min_t(u8, FIELD_GET(MPAMF_PRI_IDR_DSPRI_WD, val), 16);
		f->intpri_0_is_low = val & MPAMF_PRI_IDR_INTPRI_0_IS_LOW;
		f->dspri_0_is_low = val & MPAMF_PRI_IDR_DSPRI_0_IS_LOW;
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
		f->has_rwbw = (val & MPAMF_MBWUMON_IDR_HAS_RWBW) &&
			      mpam_aidr_has_rwbw(msc->aidr);
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

	flags = mpam_msc_lock(msc);
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
		mpam_ris_probe_csu_nrdy(msc, ris);
	}
	mpam_msc_unlock(msc, flags);
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
	into->has_cmin &= from->has_cmin;
	into->cassoc_wd = min(into->cassoc_wd, from->cassoc_wd);
	into->bwa_wd = min(into->bwa_wd, from->bwa_wd);
	into->has_mbw_max &= from->has_mbw_max;
	into->has_mbw_min &= from->has_mbw_min;
	if (!into->bwa_wd) {
		into->has_mbw_max = false;
		into->has_mbw_min = false;
	}
	if (into->bwpbm_wd != from->bwpbm_wd)
		into->bwpbm_wd = 0;
	into->has_mbw_prop &= from->has_mbw_prop;
	into->intpri_wd = min(into->intpri_wd, from->intpri_wd);
	into->dspri_wd = min(into->dspri_wd, from->dspri_wd);
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

/* An aliasing width: one RIS's, or the smaller where both have the control. */
static u8 mpam_alias_wd(u8 into, u8 from)
{
	return into && from ? min(into, from) : into | from;
}

/* An aliasing bitmap width: one RIS's; two different ones cannot be one. */
static u16 mpam_alias_bitmap_wd(u16 into, u16 from)
{
	if (into && from && into != from)
		return 0;
	return into ?: from;
}

/* An aliasing priority: its width, unless the two mean opposite things by 0. */
static void mpam_alias_pri(u8 *wd, bool *zero_is_low, u8 from_wd, bool from_zero_is_low)
{
	if (*wd && from_wd && *zero_is_low != from_zero_is_low) {
		*wd = 0;
		return;
	}
	if (!*wd)
		*zero_is_low = from_zero_is_low;
	*wd = mpam_alias_wd(*wd, from_wd);
}

/**
 * mpam_feat_merge_alias() - Add to @into what aliasing @ris can do.
 * @into: the merged features of the earlier RIS of the same MSC and component.
 * @ris: one more RIS of that MSC controlling the same resource.
 *
 * Aliasing RIS control one resource: a control one of them has is a
 * control of the resource, so features are added, not intersected.  Where
 * both have a control, the narrower width is what both can hold, except
 * for bitmaps of different widths (which portion is which?) and
 * priorities whose 0 means opposite things, which are dropped.  Both see
 * the same traffic, so their monitors are not added: the first RIS's are
 * used, and @ris's are marked unused when the earlier ones had some.
 */
void mpam_feat_merge_alias(struct mpam_feat *into, struct mpam_ris *ris)
{
	const struct mpam_feat *from = &ris->feat;

	into->partid_max = min(into->partid_max, from->partid_max);
	into->pmg_max = min(into->pmg_max, from->pmg_max);
	into->cpbm_wd = mpam_alias_bitmap_wd(into->cpbm_wd, from->cpbm_wd);
	into->cmax_wd = mpam_alias_wd(into->cmax_wd, from->cmax_wd);
	into->has_cmin |= from->has_cmin;
	into->cassoc_wd = mpam_alias_wd(into->cassoc_wd, from->cassoc_wd);
	into->bwa_wd = mpam_alias_wd(into->bwa_wd, from->bwa_wd);
	into->has_mbw_max |= from->has_mbw_max;
	into->has_mbw_min |= from->has_mbw_min;
	into->bwpbm_wd = mpam_alias_bitmap_wd(into->bwpbm_wd, from->bwpbm_wd);
	into->has_mbw_prop |= from->has_mbw_prop;
	mpam_alias_pri(&into->intpri_wd, &into->intpri_0_is_low,
		       from->intpri_wd, from->intpri_0_is_low);
	mpam_alias_pri(&into->dspri_wd, &into->dspri_0_is_low,
		       from->dspri_wd, from->dspri_0_is_low);
	if (from->has_partid_nrw) {
		into->intpartid_max = into->has_partid_nrw ?
			min(into->intpartid_max, from->intpartid_max) : from->intpartid_max;
		into->has_partid_nrw = true;
	}

	if (into->num_csu && from->num_csu)
		ris->mon_alias[MPAM_MON_CSU] = true;
	else if (from->num_csu)
		into->num_csu = from->num_csu;
	if (into->num_mbwu && from->num_mbwu) {
		ris->mon_alias[MPAM_MON_MBWU] = true;
	} else if (from->num_mbwu) {
		into->num_mbwu = from->num_mbwu;
		into->mbwu_width = from->mbwu_width;
		into->mbwu_scale = from->mbwu_scale;
		into->has_rwbw = from->has_rwbw;
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
	class->nr_ris++;
	cpumask_or(&comp->cpus, &comp->cpus, &ris->fw.affinity);
	ris->comp = comp;
	memset(ris->mon_alias, 0, sizeof(ris->mon_alias));
	list_add_tail(&ris->comp_node, &comp->ris);
	return 0;
}

/*
 * What the RIS of @msc in @comp can do together, from @first, the first of
 * them: they alias, each controlling part of one resource (the cache's
 * portions in one RIS, its capacity in another, say).
 */
static void mpam_comp_msc_feat(struct mpam_ris *first, struct mpam_feat *feat)
{
	struct mpam_ris *ris = first;

	*feat = first->feat;
	list_for_each_entry_continue(ris, &first->comp->ris, comp_node)
		if (ris->msc == first->msc)
			mpam_feat_merge_alias(feat, ris);
}

/* Whether @ris is the first RIS of its MSC in its component. */
static bool mpam_ris_first_of_msc(struct mpam_ris *ris)
{
	struct mpam_ris *pos;

	list_for_each_entry(pos, &ris->comp->ris, comp_node) {
		if (pos == ris)
			return true;
		if (pos->msc == ris->msc)
			return false;
	}
	return false;
}

/*
 * The features of @class: what the RIS of each MSC in each component can do
 * together (mpam_feat_merge_alias()), less what another MSC or component
 * cannot do (mpam_feat_merge()): each MSC of a component controls its own
 * slice of the resource (one of the memory controllers of a node, say), and
 * every slice must take a configuration for the component to.
 */
static void mpam_class_merge_features(struct mpam_class *class)
{
	struct mpam_feat feat;
	struct mpam_comp *comp;
	struct mpam_ris *ris;
	bool first = true;

	list_for_each_entry(comp, &class->comps, node) {
		list_for_each_entry(ris, &comp->ris, comp_node) {
			if (!mpam_ris_first_of_msc(ris))
				continue;
			mpam_comp_msc_feat(ris, &feat);
			if (first)
				class->feat = feat;
			else
				mpam_feat_merge(&class->feat, &feat);
			first = false;
		}
	}
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
	/* Up to 65536 PARTIDs: too large for kmalloc() to be sure of. */
	ris->cfg = kvcalloc(partid_max + 1, sizeof(*ris->cfg), GFP_KERNEL);
	ris->pair_partids = false;
	ris->mon[MPAM_MON_CSU] = kcalloc(max_t(u16, 1, ris->feat.num_csu),
					 sizeof(struct mpam_mon_state), GFP_KERNEL);
	ris->mon[MPAM_MON_MBWU] = kcalloc(max_t(u16, 1, ris->feat.num_mbwu),
					  sizeof(struct mpam_mon_state), GFP_KERNEL);
	if (!ris->cfg || !ris->mon[MPAM_MON_CSU] || !ris->mon[MPAM_MON_MBWU])
		return -ENOMEM;
	return 0;
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

	/* The resets below run on CPUs that can reach each MSC: keep them. */
	cpus_read_lock();
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
		mpam_class_merge_features(class);
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
	cpus_read_unlock();
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

	flags = mpam_msc_lock(msc);
	/* A MON_SEL write that raised the error may not have been taken. */
	mpam_msc_forget_mon_sel(msc);
	arg->esr = mpam_msc_read(msc, MPAMF_ESR);
	arg->esr_hi = mpam_msc_read(msc, MPAMF_ESR_HI);
	mpam_msc_write(msc, MPAMF_ESR, 0);
	mpam_msc_write(msc, MPAMF_ESR_HI, 0);
	mpam_msc_unlock(msc, flags);
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
