// SPDX-License-Identifier: GPL-2.0
/*
 * Arm MPAM MSC driver core: monitors.  Cache storage usage (CSU) and
 * bandwidth usage (MBWU) monitor indexes are allocated per class, valid in
 * every component; a read corrects the counter for wrap and for state the
 * MSC lost.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/log2.h>
#include <linux/smp.h>

#include "mpam_core.h"
#include "mpam_regs.h"

/* The longest a monitor read busy-waits for NRDY to clear, whatever firmware says. */
#define MPAM_NRDY_MAX_USEC		1000

/* The wait when firmware gives no not-ready time: enough for a settling monitor. */
#define MPAM_NRDY_DEFAULT_USEC		10

/**
 * mpam_ris_write_mon() - Write the driver's copy of a monitor to the hardware.
 * @msc: the MSC, its lock held.
 * @ris: the RIS.
 * @type: CSU or MBWU.
 * @idx: the monitor.
 *
 * The counter restarts from zero.
 */
void mpam_ris_write_mon(struct mpam_msc *msc, struct mpam_ris *ris,
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
