// SPDX-License-Identifier: GPL-2.0
/*
 * Arm MPAM MSC driver core: the per-PARTID controls.  The driver keeps a
 * copy of what each PARTID of each RIS is configured with, writes it to the
 * hardware on every change, restores it after the MSC lost its state, and
 * resets it to the architecture's defaults.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/bitfield.h>
#include <linux/cpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "mpam_core.h"
#include "mpam_regs.h"

/*
 * Interrupts are never off for more than about this many register accesses
 * in a row: resets and restores of thousands of PARTIDs and monitors take
 * the MSC's lock for a stretch of this size at a time, from a context that
 * can sleep in between.
 */
#define MPAM_ACCESSES_PER_HOLD		128

/* Every portion of a @wd-bit cache portion bitmap; 0 without one. */
static u64 mpam_cpbm_all(u16 wd)
{
	if (!wd)
		return 0;
	return wd >= 64 ? U64_MAX : GENMASK_ULL(wd - 1, 0);
}

/* Bits [32 * word, 32 * word + 31] of a @wd-bit bitmap with every bit set. */
static u32 mpam_bitmap_word_all(u16 wd, unsigned int word)
{
	unsigned int bits = min(32U, wd - 32 * word);

	return bits == 32 ? U32_MAX : GENMASK(bits - 1, 0);
}

/* The highest priority of a @wd-bit priority field: 0, or its maximum. */
static u16 mpam_pri_highest(u8 wd, bool zero_is_low)
{
	return zero_is_low && wd ? GENMASK(wd - 1, 0) : 0;
}

/* The implemented bits of a 16-bit fraction field @wd bits wide: its maximum. */
static u16 mpam_fract_all(u8 wd)
{
	return wd ? GENMASK(15, 16 - min_t(u8, wd, 16)) : 0;
}

static bool mpam_feat_has_ctrls(const struct mpam_feat *f)
{
	return f->cpbm_wd || f->cmax_wd || f->has_cmin || f->cassoc_wd ||
	       f->has_mbw_min || f->has_mbw_max || f->bwpbm_wd || f->has_mbw_prop ||
	       f->intpri_wd || f->dspri_wd;
}

/* Register accesses mpam_ris_write_partid() makes for one PARTID. */
static unsigned int mpam_partid_accesses(const struct mpam_feat *f)
{
	unsigned int n = f->has_partid_nrw ? 2 : 0;

	if (!mpam_feat_has_ctrls(f))
		return max(n, 1U);
	n += 1 + DIV_ROUND_UP(f->cpbm_wd, 32) + DIV_ROUND_UP(f->bwpbm_wd, 32);
	n += !!f->cmax_wd + f->has_cmin + !!f->cassoc_wd;
	n += f->has_mbw_min + f->has_mbw_max + f->has_mbw_prop;
	n += f->intpri_wd || f->dspri_wd;
	return n;
}

/*
 * The internal PARTID request PARTID @partid uses, with narrowing: itself,
 * or under CDP pairing (mpam_class_pair_partids()) the even PARTID of its
 * pair, so that the data and instruction PARTIDs of a CLOSID share one
 * configuration and one bandwidth budget.
 */
static u16 mpam_ris_intpartid(const struct mpam_ris *ris, u16 partid)
{
	return ris->pair_partids ? partid & ~1 : partid;
}

/*
 * Write the copy of @partid to @ris, and the defaults of the controls
 * resctrl does not use.  Every control the RIS implements is written, so
 * that nothing firmware left behind survives a reset.  The caller holds
 * the MSC's lock.
 */
static void mpam_ris_write_partid(struct mpam_msc *msc, struct mpam_ris *ris, u16 partid)
{
	const struct mpam_feat *f = &ris->feat;
	const struct mpam_partid_cfg *cfg = &ris->cfg[partid];
	u32 sel = FIELD_PREP(MPAMCFG_PART_SEL_RIS, ris->idx) |
		  FIELD_PREP(MPAMCFG_PART_SEL_PARTID_SEL, partid);
	u32 cpbm;
	unsigned int w;

	if (f->has_partid_nrw) {
		mpam_msc_write(msc, MPAMCFG_PART_SEL, sel);
		/* Without INTERNAL set, the write leaves the mapping as it was. */
		mpam_msc_write(msc, MPAMCFG_INTPARTID, MPAMCFG_INTPARTID_INTERNAL |
			       FIELD_PREP(MPAMCFG_INTPARTID_INTPARTID,
					  mpam_ris_intpartid(ris, partid)));
		/* The controls live at the internal PARTID of the same number. */
		sel |= MPAMCFG_PART_SEL_INTERNAL;
	}
	if (!mpam_feat_has_ctrls(f))
		return;
	mpam_msc_write(msc, MPAMCFG_PART_SEL, sel);
	for (w = 0; w < DIV_ROUND_UP(f->cpbm_wd, 32); w++) {
		/* Portions past the 64 the copy holds are always allowed. */
		cpbm = w < 2 ? (u32)(cfg->cpbm >> (32 * w)) : mpam_bitmap_word_all(f->cpbm_wd, w);
		mpam_msc_write(msc, MPAMCFG_CPBM + 4 * w, cpbm);
	}
	if (f->cmax_wd)
		mpam_msc_write(msc, MPAMCFG_CMAX, FIELD_PREP(MPAMCFG_CMAX_CMAX, cfg->cmax));
	if (f->has_cmin)
		mpam_msc_write(msc, MPAMCFG_CMIN, 0);
	if (f->cassoc_wd)
		mpam_msc_write(msc, MPAMCFG_CASSOC, mpam_fract_all(f->cassoc_wd));
	if (f->has_mbw_min)
		mpam_msc_write(msc, MPAMCFG_MBW_MIN,
			       mpam_errata_mbw_min(msc, f->bwa_wd, cfg->mbw_min));
	if (f->has_mbw_max)
		mpam_msc_write(msc, MPAMCFG_MBW_MAX, cfg->mbw_max);
	for (w = 0; w < DIV_ROUND_UP(f->bwpbm_wd, 32); w++)
		mpam_msc_write(msc, MPAMCFG_MBW_PBM + 4 * w, mpam_bitmap_word_all(f->bwpbm_wd, w));
	if (f->has_mbw_prop)
		mpam_msc_write(msc, MPAMCFG_MBW_PROP, 0);	/* EN clear: no stride limit */
	if (f->intpri_wd || f->dspri_wd)
		mpam_msc_write(msc, MPAMCFG_PRI, FIELD_PREP(MPAMCFG_PRI_INTPRI, cfg->intpri) |
			       FIELD_PREP(MPAMCFG_PRI_DSPRI,
					  mpam_pri_highest(f->dspri_wd, f->dspri_0_is_low)));
}

/*
 * The defaults: every portion, all the capacity, no guaranteed and no
 * limited bandwidth, and the highest priority for all (0, or the largest
 * value where the ID register says 0 is low), so that no PARTID is treated
 * differently from another, nor behind requestors MPAM does not label.
 */
static void mpam_ris_reset_shadow_range(struct mpam_ris *ris, u32 first, u32 last)
{
	const struct mpam_partid_cfg dflt = {
		.cpbm		= mpam_cpbm_all(ris->feat.cpbm_wd),
		.cmax		= mpam_fract_all(ris->feat.cmax_wd),
		.mbw_min	= 0,
		.mbw_max	= mpam_fract_all(ris->feat.bwa_wd),
		.intpri		= mpam_pri_highest(ris->feat.intpri_wd, ris->feat.intpri_0_is_low),
	};
	u32 p;

	for (p = first; p <= last; p++)
		ris->cfg[p] = dflt;
}

/**
 * mpam_ris_reset_shadow() - Set the driver's copy of @ris to the defaults.
 * @ris: the RIS, its state allocated.
 * @partid_max: the largest PARTID in use.
 */
void mpam_ris_reset_shadow(struct mpam_ris *ris, u16 partid_max)
{
	mpam_ris_reset_shadow_range(ris, 0, partid_max);
}

/*
 * Write PARTIDs 0 to @partid_max of @ris from the copy, defaulting the copy
 * first when @reset, a stretch of PARTIDs per hold of the MSC's lock.
 * Resets are serialised by their callers (resctrl's mutex, the system's
 * lock), so the copy of a PARTID is only changed here.
 */
static void mpam_ris_write_partids(struct mpam_ris *ris, u16 partid_max, bool reset)
{
	unsigned int per_hold = max(1U, MPAM_ACCESSES_PER_HOLD /
				    mpam_partid_accesses(&ris->feat));
	struct mpam_msc *msc = ris->msc;
	unsigned long flags;
	u32 p = 0, first, last;

	while (p <= partid_max) {
		last = min_t(u32, p + per_hold - 1, partid_max);
		flags = mpam_msc_lock(msc);
		if (reset)
			mpam_ris_reset_shadow_range(ris, p, last);
		first = p;
		for (; p <= last; p++)
			mpam_ris_write_partid(msc, ris, p);
		if (ris->feat.has_mbw_min || ris->feat.has_mbw_max)
			mpam_errata_mbw_commit(msc, first, last);
		mpam_msc_unlock(msc, flags);
		cond_resched();
	}
}

/* Write every programmed monitor of @type of @ris again, a stretch per hold. */
static void mpam_ris_write_mons(struct mpam_ris *ris, enum mpam_mon_type type)
{
	unsigned int nr = type == MPAM_MON_CSU ? ris->feat.num_csu : ris->feat.num_mbwu;
	/* A monitor costs at most six accesses (mpam_ris_write_mon()). */
	unsigned int per_hold = MPAM_ACCESSES_PER_HOLD / 6;
	struct mpam_msc *msc = ris->msc;
	unsigned long flags;
	unsigned int m = 0, last;

	while (m < nr) {
		last = min(m + per_hold, nr);
		flags = mpam_msc_lock(msc);
		for (; m < last; m++)
			if (ris->mon[type][m].ctl)
				mpam_ris_write_mon(msc, ris, type, m);
		mpam_msc_unlock(msc, flags);
		cond_resched();
	}
}

struct mpam_restore_arg {
	struct mpam_msc	*msc;
	u16		partid_max;
};

static int mpam_msc_restore_fn(void *data)
{
	struct mpam_restore_arg *arg = data;
	struct mpam_msc *msc = arg->msc;
	unsigned long flags;
	unsigned int i;

	/* What it held was lost, MON_SEL too. */
	flags = mpam_msc_lock(msc);
	mpam_msc_forget_mon_sel(msc);
	mpam_msc_unlock(msc, flags);
	for (i = 0; i < msc->nr_ris; i++) {
		struct mpam_ris *ris = &msc->ris[i];

		if (!ris->cfg)
			continue;
		mpam_ris_write_partids(ris, arg->partid_max, false);
		mpam_ris_write_mons(ris, MPAM_MON_CSU);
		mpam_ris_write_mons(ris, MPAM_MON_MBWU);
	}
	flags = mpam_msc_lock(msc);
	if (msc->has_esr && msc->error_irq)
		mpam_msc_write(msc, MPAMF_ECR, MPAMF_ECR_INTEN);
	mpam_msc_unlock(msc, flags);
	return 0;
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
 * Context: process context; the caller keeps the CPUs that can reach @msc
 * from going offline (hotplug lock, or a hotplug callback).
 *
 * Return: 0 or an errno.
 */
int mpam_msc_restore(struct mpam_msc *msc, u16 partid_max)
{
	struct mpam_restore_arg arg = { .msc = msc, .partid_max = partid_max };

	return mpam_msc_call(msc, mpam_msc_restore_fn, &arg);
}

/* mpam_ris_write_partids() through mpam_msc_call(). */
struct mpam_partids_arg {
	struct mpam_ris	*ris;
	u16		partid_max;
	bool		reset;
};

static int mpam_ris_write_partids_fn(void *data)
{
	struct mpam_partids_arg *arg = data;

	mpam_ris_write_partids(arg->ris, arg->partid_max, arg->reset);
	return 0;
}

/*
 * No online CPU can reach @ris's MSC: reset the copy only.  The first CPU
 * that can reach it writes the copy when it comes online (the MSC driver's
 * restore), so the MSC never comes back with the old configuration.
 */
static void mpam_ris_reset_shadow_unreachable(struct mpam_ris *ris, u16 partid_max)
{
	unsigned long flags;
	u32 p, last;

	for (p = 0; p <= partid_max; p = last + 1) {
		last = min_t(u32, p + 1023, partid_max);
		flags = mpam_msc_lock(ris->msc);
		mpam_ris_reset_shadow_range(ris, p, last);
		mpam_msc_unlock(ris->msc, flags);
		cond_resched();
	}
}

/* An MSC that no online CPU reaches, from mpam_msc_call(). */
static bool mpam_msc_unreachable(int err)
{
	return err == -EIO || err == -ENXIO;
}

/**
 * mpam_comp_reset() - Reset every PARTID of @comp's RIS to default.
 * @sys: the system.
 * @comp: the component.
 *
 * Only the controls: monitors keep their configuration and their counts.
 * A RIS no online CPU can reach has only its copy reset; the MSC gets it
 * when one of its CPUs comes online (mpam_msc_restore()).
 *
 * Context: process context, as for mpam_msc_restore().
 *
 * Return: 0 or the first error.
 */
int mpam_comp_reset(struct mpam_system *sys, struct mpam_comp *comp)
{
	struct mpam_partids_arg arg = { .partid_max = sys->partid_max, .reset = true };
	struct mpam_ris *ris;
	int err = 0, ret;

	list_for_each_entry(ris, &comp->ris, comp_node) {
		if (!ris->cfg)
			continue;
		arg.ris = ris;
		ret = mpam_msc_call(ris->msc, mpam_ris_write_partids_fn, &arg);
		if (mpam_msc_unreachable(ret)) {
			mpam_ris_reset_shadow_unreachable(ris, sys->partid_max);
			ret = 0;
		}
		err = err ?: ret;
	}
	if (!err)
		comp->ctrls_changed = false;
	return err;
}

/**
 * mpam_comp_at_defaults() - Whether @comp holds only the defaults.
 * @comp: the component.
 *
 * True after a reset (and at enable) until a control is set: the driver
 * writes every change and restores the hardware from its copy, so the
 * hardware holds the defaults too, and a reset would rewrite every PARTID
 * for nothing.
 *
 * Return: true when no control was set since the last reset.
 */
bool mpam_comp_at_defaults(struct mpam_comp *comp)
{
	return !comp->ctrls_changed;
}

/**
 * mpam_comp_forget() - What @comp's hardware holds is no longer known.
 * @comp: the component.
 *
 * The next mpam_comp_at_defaults() is false: a caller that resets only
 * changed components resets this one.
 */
void mpam_comp_forget(struct mpam_comp *comp)
{
	comp->ctrls_changed = true;
}

/**
 * mpam_class_reset() - Reset every PARTID of every MSC of @class to default.
 * @sys: the system.
 * @class: the class.
 *
 * Every component is tried, whatever failed before.
 *
 * Context: process context, as for mpam_msc_restore().
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

/**
 * mpam_class_can_pair_partids() - Whether mpam_class_pair_partids() can work.
 * @class: the class.
 *
 * Return: true when every RIS of @class implements PARTID narrowing.
 */
bool mpam_class_can_pair_partids(struct mpam_class *class)
{
	struct mpam_comp *comp;
	struct mpam_ris *ris;

	list_for_each_entry(comp, &class->comps, node)
		list_for_each_entry(ris, &comp->ris, comp_node)
			if (!ris->feat.has_partid_nrw)
				return false;
	return !list_empty(&class->comps);
}

/**
 * mpam_class_pair_partids() - Map PARTIDs 2n and 2n + 1 onto one internal PARTID.
 * @sys: the system.
 * @class: the class, every RIS with PARTID narrowing.
 * @pair: pair them, or map every request PARTID onto its own again.
 *
 * With CDP a CLOSID has two PARTIDs; paired, they share the configuration
 * and the budget of internal PARTID 2n, so a bandwidth limit holds for
 * both together.  Monitors of the class match internal PARTIDs: one that
 * filters 2n counts both, one that filters 2n + 1 counts nothing.  The
 * configuration of every PARTID is written again.
 *
 * Context: process context, as for mpam_msc_restore().
 *
 * Return: 0, -EOPNOTSUPP when a RIS has no narrowing, or the first error.
 */
int mpam_class_pair_partids(struct mpam_system *sys, struct mpam_class *class, bool pair)
{
	struct mpam_partids_arg arg = { .partid_max = sys->partid_max };
	struct mpam_comp *comp;
	unsigned long flags;
	int err = 0, ret;

	if (!mpam_class_can_pair_partids(class))
		return -EOPNOTSUPP;
	/*
	 * Every RIS's copy first, reachable or not: a restore when an MSC's
	 * first CPU comes online writes the mapping of the copy.
	 */
	list_for_each_entry(comp, &class->comps, node) {
		list_for_each_entry(arg.ris, &comp->ris, comp_node) {
			flags = mpam_msc_lock(arg.ris->msc);
			arg.ris->pair_partids = pair;
			mpam_msc_unlock(arg.ris->msc, flags);
		}
	}
	list_for_each_entry(comp, &class->comps, node) {
		list_for_each_entry(arg.ris, &comp->ris, comp_node) {
			if (!arg.ris->cfg)
				continue;
			ret = mpam_msc_call(arg.ris->msc, mpam_ris_write_partids_fn, &arg);
			err = err ?: (mpam_msc_unreachable(ret) ? 0 : ret);
		}
	}
	return err;
}

static void mpam_msc_mask_errors_fn(void *data)
{
	struct mpam_msc *msc = data;
	unsigned long flags;

	flags = mpam_msc_lock(msc);
	mpam_msc_write(msc, MPAMF_ECR, 0);
	mpam_msc_unlock(msc, flags);
}

/**
 * mpam_system_quiesce() - Leave every MSC at its defaults, errors masked.
 * @sys: the system, being disabled for good.
 *
 * Nothing will change a PARTID's configuration again, so none may stay
 * restricted; and an error that keeps recurring must not keep interrupting.
 * PARTID pairs are undone too: nothing needs them any more.
 *
 * Context: process context, without the hotplug lock.
 *
 * Return: 0 or the first error; every MSC is tried.
 */
int mpam_system_quiesce(struct mpam_system *sys)
{
	struct mpam_class *class;
	struct mpam_msc *msc;
	unsigned int i;
	int err = 0, ret;

	cpus_read_lock();
	mutex_lock(&sys->lock);
	if (sys->enabled) {
		list_for_each_entry(msc, &sys->mscs, node)
			for (i = 0; i < msc->nr_ris; i++)
				msc->ris[i].pair_partids = false;
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
	cpus_read_unlock();
	return err;
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

	flags = mpam_msc_lock(msc);
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
	mpam_msc_unlock(msc, flags);
}

/*
 * Write one control of one PARTID from the driver's copy: PART_SEL and the
 * control's register (every word of a portion bitmap).  The other controls
 * already hold the copy: a reset or restore wrote every one.
 */
static void mpam_ris_write_ctrl_fn(void *data)
{
	struct mpam_ctrl_arg *arg = data;
	struct mpam_ris *ris = arg->ris;
	const struct mpam_feat *f = &ris->feat;
	const struct mpam_partid_cfg *cfg = &ris->cfg[arg->partid];
	struct mpam_msc *msc = ris->msc;
	unsigned long flags;
	unsigned int w;

	flags = mpam_msc_lock(msc);
	/* With narrowing the configuration lives at the internal PARTID. */
	mpam_msc_write(msc, MPAMCFG_PART_SEL, FIELD_PREP(MPAMCFG_PART_SEL_RIS, ris->idx) |
		       FIELD_PREP(MPAMCFG_PART_SEL_PARTID_SEL, arg->partid) |
		       (f->has_partid_nrw ? MPAMCFG_PART_SEL_INTERNAL : 0));
	switch (arg->ctrl) {
	case MPAM_CTRL_CPBM:
		for (w = 0; w < DIV_ROUND_UP(f->cpbm_wd, 32); w++)
			mpam_msc_write(msc, MPAMCFG_CPBM + 4 * w,
				       w < 2 ? (u32)(cfg->cpbm >> (32 * w)) :
				       mpam_bitmap_word_all(f->cpbm_wd, w));
		break;
	case MPAM_CTRL_CMAX:
		mpam_msc_write(msc, MPAMCFG_CMAX, FIELD_PREP(MPAMCFG_CMAX_CMAX, cfg->cmax));
		break;
	case MPAM_CTRL_MBW_MIN:
		mpam_msc_write(msc, MPAMCFG_MBW_MIN,
			       mpam_errata_mbw_min(msc, f->bwa_wd, cfg->mbw_min));
		mpam_errata_mbw_commit(msc, arg->partid, arg->partid);
		break;
	case MPAM_CTRL_MBW_MAX:
		mpam_msc_write(msc, MPAMCFG_MBW_MAX, cfg->mbw_max);
		mpam_errata_mbw_commit(msc, arg->partid, arg->partid);
		break;
	case MPAM_CTRL_INTPRI:
		mpam_msc_write(msc, MPAMCFG_PRI, FIELD_PREP(MPAMCFG_PRI_INTPRI, cfg->intpri) |
			       FIELD_PREP(MPAMCFG_PRI_DSPRI,
					  mpam_pri_highest(f->dspri_wd, f->dspri_0_is_low)));
		break;
	default:
		break;
	}
	mpam_msc_unlock(msc, flags);
}

/*
 * Store @val in the copy of @ris; true when that changed it.  A value the
 * RIS already holds is not written again: resctrl sets the defaults of
 * every new group, which a reset left in place.
 */
static bool mpam_cfg_update(struct mpam_ris *ris, u16 partid, enum mpam_ctrl ctrl, u64 val)
{
	struct mpam_partid_cfg before = ris->cfg[partid];

	mpam_cfg_store(ris, partid, ctrl, val);
	return memcmp(&before, &ris->cfg[partid], sizeof(before));
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
 * Only that control is written (PART_SEL and its register), and not at
 * all to a RIS that already holds the value.
 *
 * Return: 0, -EINVAL when the class lacks @ctrl or @val does not fit, or
 * the error of reaching an MSC.
 */
int mpam_comp_set_ctrl(struct mpam_comp *comp, u16 partid, enum mpam_ctrl ctrl, u64 val)
{
	struct mpam_ctrl_arg arg = { .partid = partid, .ctrl = ctrl };
	struct mpam_ris *ris;
	unsigned long flags;
	bool changed;
	int err = 0;

	if (!mpam_ctrl_valid(&comp->class->feat, ctrl, val))
		return -EINVAL;
	list_for_each_entry(ris, &comp->ris, comp_node)
		if (!ris->cfg || partid > ris->feat.partid_max)
			return -EINVAL;

	list_for_each_entry(ris, &comp->ris, comp_node) {
		flags = mpam_msc_lock(ris->msc);
		changed = mpam_cfg_update(ris, partid, ctrl, val);
		mpam_msc_unlock(ris->msc, flags);
		if (!changed)
			continue;
		comp->ctrls_changed = true;
		arg.ris = ris;
		err = err ?: mpam_msc_run(ris->msc, mpam_ris_write_ctrl_fn, &arg);
	}
	return err;
}

/**
 * mpam_comp_get_ctrl() - Read one control of @partid back from the hardware.
 * @comp: the component.
 * @partid: the PARTID.
 * @ctrl: the control.
 * @val: set to what the component's first RIS with @ctrl holds (errata
 *	 included: a T241 MSC shows the MBW_MIN it was really given).  Of
 *	 aliasing RIS, only some may have @ctrl.
 *
 * Return: 0, -EINVAL when the class lacks @ctrl, or an access error.
 */
int mpam_comp_get_ctrl(struct mpam_comp *comp, u16 partid, enum mpam_ctrl ctrl, u64 *val)
{
	struct mpam_ctrl_arg arg = { .partid = partid, .ctrl = ctrl };
	struct mpam_ris *ris;
	int err;

	*val = 0;
	list_for_each_entry(ris, &comp->ris, comp_node) {
		if (mpam_ctrl_valid(&ris->feat, ctrl, 0)) {
			arg.ris = ris;
			break;
		}
	}
	if (!arg.ris || !mpam_ctrl_valid(&comp->class->feat, ctrl, 0) ||
	    partid > arg.ris->feat.partid_max)
		return -EINVAL;
	err = mpam_msc_run(arg.ris->msc, mpam_read_ctrl_fn, &arg);
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

