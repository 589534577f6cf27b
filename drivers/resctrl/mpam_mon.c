// SPDX-License-Identifier: GPL-2.0
/*
 * Arm MPAM MSC driver core: monitors.  Cache storage usage (CSU) and
 * bandwidth usage (MBWU) monitor indexes are allocated per class, valid in
 * every component; a read corrects the counter for wrap and for state the
 * MSC lost.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/log2.h>
#include <linux/smp.h>
#include <linux/wait.h>

#include "mpam_core.h"
#include "mpam_regs.h"

/* The longest a monitor read busy-waits for NRDY to clear, whatever firmware says. */
#define MPAM_NRDY_MAX_USEC		1000

/* The wait when firmware gives no not-ready time: enough for a settling monitor. */
#define MPAM_NRDY_DEFAULT_USEC		10

/* Between two looks at a not-ready monitor, where the caller may sleep. */
#define MPAM_NRDY_SLEEP_USEC		1

/*
 * Callers of mpam_class_mon_alloc_wait() waiting for a monitor, of any
 * class of any system; each free counts in mpam_mon_frees and wakes them
 * all, and each looks again at its own class.
 */
static DECLARE_WAIT_QUEUE_HEAD(mpam_mon_waiters);
static atomic_t mpam_mon_frees = ATOMIC_INIT(0);

/* Tell the waiters a monitor was freed, or that none will be. */
static void mpam_mon_wake_waiters(void)
{
	atomic_inc(&mpam_mon_frees);
	wake_up_all(&mpam_mon_waiters);
}

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

	mpam_msc_select_mon(msc, ris->idx, idx);
	mpam_msc_write(msc, mbwu ? MSMON_CFG_MBWU_FLT : MSMON_CFG_CSU_FLT, st->flt);
	/* st->ctl holds no status bit: this clears OFLOW_STATUS and OFLOW_STATUS_L. */
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
	st->wraps = 0;
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
			if (!ris->feat.num_mbwu || ris->mon_alias[MPAM_MON_MBWU])
				continue;
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
	mpam_mon_wake_waiters();	/* allocation fails from now on */
	return held;
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
	mpam_mon_wake_waiters();
}

/**
 * mpam_class_mon_alloc_wait() - Allocate a monitor index, waiting for one.
 * @sys: the system.
 * @class: the class.
 * @type: CSU or MBWU.
 *
 * As mpam_class_mon_alloc(), but while every monitor is in use, sleeps
 * until one is freed, for up to MPAM_MON_WAIT_MSEC.  A class without
 * monitors of @type, or a system that is disabled, fails at once.
 *
 * Context: process context, may sleep; a fatal signal ends the wait.
 *
 * Return: the index; -ENOSPC when there is none, or none was freed in
 * time; -EINTR.
 */
int mpam_class_mon_alloc_wait(struct mpam_system *sys, struct mpam_class *class,
			      enum mpam_mon_type type)
{
	/*
	 * Bounded: fs/resctrl's callers (a read, the limbo worker, mkdir)
	 * hold rdtgroup_mutex and cpus_read_lock() and free their monitor
	 * before unlocking, so no other resctrl user can free one while this
	 * waits, and the limbo kworker never sees a signal.  A monitor held
	 * by a read is back within that read: a few not-ready times, tens of
	 * microseconds.  Waiting longer than a few milliseconds with those
	 * locks held only stalls the system; failing gives "Unavailable".
	 */
	long left = msecs_to_jiffies(MPAM_MON_WAIT_MSEC);
	int frees, idx;

	might_sleep();
	for (;;) {
		frees = atomic_read(&mpam_mon_frees);
		idx = mpam_class_mon_alloc(sys, class, type);
		if (idx != -ENOSPC || !mpam_class_nr_mon(class, type) || READ_ONCE(sys->disabled))
			return idx;
		if (!left)
			return -ENOSPC;
		left = wait_event_killable_timeout(mpam_mon_waiters,
						   atomic_read(&mpam_mon_frees) != frees, left);
		if (left < 0)
			return -EINTR;
	}
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
	unsigned int			tries;
	bool				last_try;
	u64				bytes;
	unsigned int			wraps;
	int				err;
};

/* The overflow interrupt enable of the view the driver reads. */
static u32 mpam_mbwu_wrap_intr(const struct mpam_ris *ris)
{
	return ris->feat.mbwu_width > 31 ? MSMON_CFG_CTL_OFLOW_INTR_L : MSMON_CFG_CTL_OFLOW_INTR;
}

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

	flags = mpam_msc_lock(ris->msc);
	mpam_mon_encode(arg->cfg, arg->type, ris->feat.has_rwbw, &st->flt, &st->ctl);
	/*
	 * With an overflow interrupt, each wrap is accounted as it happens:
	 * the wraps of the view the driver reads only.  A long counter's
	 * 31-bit view wraps several times a second at memory speeds, so it
	 * must not interrupt (OFLOW_INTR stays clear); its own is OFLOW_INTR_L.
	 */
	if (arg->type == MPAM_MON_MBWU && ris->msc->overflow_irq > 0)
		st->ctl |= mpam_mbwu_wrap_intr(ris);
	st->bytes = 0;
	mpam_ris_write_mon(ris->msc, ris, arg->type, arg->idx);
	mpam_msc_unlock(ris->msc, flags);
}

static bool mpam_ris_has_mon(struct mpam_ris *ris, enum mpam_mon_type type, int idx)
{
	return idx >= 0 && idx < (type == MPAM_MON_CSU ? ris->feat.num_csu : ris->feat.num_mbwu) &&
	       ris->mon[type] && !ris->mon_alias[type];
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
 * A 64-bit counter, in two 32-bit reads while it has not moved from @prev,
 * its value at the last read, three while it moves, four when its low half
 * wrapped meanwhile.  The halves are not read atomically; the counter only
 * goes up, and cannot go 2^32 further within a few register reads:
 *  - low, high: if the pair is @prev, the counter read @prev when the low
 *    half was read (it was at least @prev then, and its high half cannot
 *    have gone down by the second read), so nothing moved;
 *  - low again: not below the first low half, no carry came in between,
 *    and the high half read between the two goes with it; below it, the
 *    low half wrapped, and the high half is read once more after it.
 * High, low, high costs three reads whether the counter moved or not.
 */
static u64 mpam_mbwu_read_long(struct mpam_msc *msc, u64 prev)
{
	u32 lo = mpam_msc_read(msc, MSMON_MBWU_L);
	u32 hi = mpam_msc_read(msc, MSMON_MBWU_L_HI);
	u32 lo2;

	if (((u64)hi << 32 | lo) == prev)
		return prev;
	lo2 = mpam_msc_read(msc, MSMON_MBWU_L);
	if (lo2 < lo)
		hi = mpam_msc_read(msc, MSMON_MBWU_L_HI);
	return (u64)hi << 32 | lo2;
}

/*
 * Read a counter, polling @tries times (1us apart) while it is not ready.
 * Returns 0 with the raw value, or -EBUSY when it is still not ready (a
 * 31-bit counter's value is then set too, for erratum CMN-650 #3642720).
 * @prev is what the counter read last (a bandwidth counter's; see
 * mpam_mbwu_read_long()).
 */
static int mpam_mon_read_raw(struct mpam_ris *ris, enum mpam_mon_type type,
			     unsigned int tries, u64 prev, u64 *raw)
{
	struct mpam_msc *msc = ris->msc;
	bool is_long = type == MPAM_MON_MBWU && ris->feat.mbwu_width > 31;
	u32 lo;

	for (;;) {
		if (!is_long) {
			lo = mpam_msc_read(msc, type == MPAM_MON_CSU ? MSMON_CSU : MSMON_MBWU);
			*raw = lo & MSMON_VALUE;
			if (!(lo & MSMON_NRDY) || (type == MPAM_MON_CSU && ris->csu_nrdy_sw))
				return 0;
		} else {
			*raw = mpam_mbwu_read_long(msc, prev);
			if (!(*raw & MSMON_MBWU_L_NRDY)) {
				*raw &= GENMASK_ULL(ris->feat.mbwu_width - 1, 0);
				return 0;
			}
		}
		if (!--tries)
			return -EBUSY;
		udelay(1);
	}
}

/* MSMON_CFG_*_CTL of the selected monitor, as the hardware holds it. */
static u32 mpam_mon_read_ctl(struct mpam_msc *msc, enum mpam_mon_type type)
{
	return mpam_msc_read(msc, type == MPAM_MON_MBWU ? MSMON_CFG_MBWU_CTL :
						      MSMON_CFG_CSU_CTL);
}

/*
 * Whether @ctl, read back, is no longer what the driver programmed: the
 * MSC lost its monitor configuration.  The overflow status bits are the
 * hardware's to set and are not compared.
 */
static bool mpam_mon_ctl_lost(const struct mpam_mon_state *st, u32 ctl)
{
	ctl &= ~(MSMON_CFG_CTL_OFLOW_STATUS | MSMON_CFG_CTL_OFLOW_STATUS_L);
	return ctl != st->ctl;
}

/* Counter units from @from to @to in bytes, having gone @wraps times past the width. */
static u64 mpam_mbwu_units_to_bytes(const struct mpam_ris *ris, u64 from, u64 to,
				    unsigned int wraps)
{
	u8 width = ris->feat.mbwu_width;
	u64 delta = to + wraps * BIT_ULL(width) - from;

	/* SCALE applies to the 31-bit format only; long counters count bytes. */
	if (width == 31)
		delta <<= ris->feat.mbwu_scale;
	return delta * ris->msc->mbwu_bytes_per_unit;
}

/*
 * The overflow status of the view the driver reads: a long counter's
 * 31-bit view keeps counting, and wraps with OFLOW_STATUS, long before the
 * long view (OFLOW_STATUS_L) does.
 */
static u32 mpam_mbwu_wrap_status(const struct mpam_ris *ris)
{
	return ris->feat.mbwu_width > 31 ? MSMON_CFG_CTL_OFLOW_STATUS_L :
					   MSMON_CFG_CTL_OFLOW_STATUS;
}

/*
 * A bandwidth counter that did not go forward since the last read.  One
 * more register read (CTL) tells the cases apart, so it is paid only here:
 *  - the configuration was lost (power-down): the monitor is off, and may
 *    read the same value for ever; program it again and count on;
 *  - the counter overflowed (OFLOW_STATUS, OFLOW_STATUS_L for a long
 *    counter): add the wrap, clear the status;
 *  - the counter was reset with its configuration kept (a power-down that
 *    lost only the counters): what it shows was counted since the reset;
 *  - nothing moved.
 * What a monitor counted while it was off or before its reset is lost.
 */
static void mpam_mbwu_not_forward(struct mpam_ris *ris, int idx, struct mpam_mon_state *st,
				  u64 raw)
{
	struct mpam_msc *msc = ris->msc;
	u32 ctl = mpam_mon_read_ctl(msc, MPAM_MON_MBWU);
	u32 wrapped = mpam_mbwu_wrap_status(ris);

	if (mpam_mon_ctl_lost(st, ctl)) {
		mpam_msc_forget_mon_sel(msc);
		mpam_ris_write_mon(msc, ris, MPAM_MON_MBWU, idx);
		return;
	}
	if (ctl & wrapped) {
		st->bytes += mpam_mbwu_units_to_bytes(ris, st->prev, raw, 1);
		mpam_msc_write(msc, MSMON_CFG_MBWU_CTL, st->ctl);
	} else if (raw < st->prev) {
		st->bytes += mpam_mbwu_units_to_bytes(ris, 0, raw, 0);
	}
	st->prev = raw;
}

/*
 * CMN-650 #3642720: a CSU monitor's NRDY may never clear.  Once the caller
 * has waited the not-ready time, the value beside it is taken, unless the
 * monitor lost its configuration (then it is not counting at all).
 */
static bool mpam_csu_nrdy_stuck(struct mpam_mon_arg *arg, const struct mpam_mon_state *st)
{
	struct mpam_msc *msc = arg->ris->msc;

	return arg->err == -EBUSY && arg->last_try && arg->type == MPAM_MON_CSU &&
	       mpam_msc_has_quirk(msc, MPAM_QUIRK_CSU_NRDY_STUCK) && st->ctl &&
	       !mpam_mon_ctl_lost(st, mpam_mon_read_ctl(msc, MPAM_MON_CSU));
}

/*
 * The selected monitor wrapped @st->wraps times, seen by the overflow
 * interrupt while it was not ready: add them with the move to @raw.  Its
 * status is looked at too, for a wrap since, not yet handled.
 */
static void mpam_mbwu_add_wraps(struct mpam_ris *ris, struct mpam_mon_state *st, u64 raw)
{
	struct mpam_msc *msc = ris->msc;
	unsigned int wraps = st->wraps;

	if (mpam_mon_read_ctl(msc, MPAM_MON_MBWU) & mpam_mbwu_wrap_status(ris)) {
		wraps++;
		mpam_msc_write(msc, MSMON_CFG_MBWU_CTL, st->ctl);
	}
	st->bytes += mpam_mbwu_units_to_bytes(ris, st->prev, raw, wraps);
	st->prev = raw;
	st->wraps = 0;
}

static void mpam_mon_read_fn(void *data)
{
	struct mpam_mon_arg *arg = data;
	struct mpam_ris *ris = arg->ris;
	struct mpam_msc *msc = ris->msc;
	struct mpam_mon_state *st = &ris->mon[arg->type][arg->idx];
	unsigned long flags;
	u64 raw;

	flags = mpam_msc_lock(msc);
	mpam_msc_select_mon(msc, ris->idx, arg->idx);
	arg->err = mpam_mon_read_raw(ris, arg->type, arg->tries, st->prev, &raw);
	if (arg->err && mpam_csu_nrdy_stuck(arg, st))
		arg->err = 0;
	if (arg->err) {
		/*
		 * Not ready: a monitor that lost its configuration can stay
		 * so for ever.  Only asked once the caller stops waiting.
		 */
		if (arg->last_try && st->ctl &&
		    mpam_mon_ctl_lost(st, mpam_mon_read_ctl(msc, arg->type))) {
			mpam_msc_forget_mon_sel(msc);
			mpam_ris_write_mon(msc, ris, arg->type, arg->idx);
			arg->err = arg->type == MPAM_MON_CSU ? -EIO : 0;
			arg->bytes = st->bytes;
		}
		goto unlock;
	}
	if (arg->type == MPAM_MON_CSU) {
		/* A disabled monitor reads zero: check it still is programmed. */
		if (!raw && st->ctl && mpam_mon_ctl_lost(st, mpam_mon_read_ctl(msc, arg->type))) {
			mpam_msc_forget_mon_sel(msc);
			mpam_ris_write_mon(msc, ris, arg->type, arg->idx);
			arg->err = -EIO;	/* meaningless until it settles again */
		}
		arg->bytes = raw;
		goto unlock;
	}

	if (st->wraps) {
		mpam_mbwu_add_wraps(ris, st, raw);
	} else if (raw > st->prev) {
		st->bytes += mpam_mbwu_units_to_bytes(ris, st->prev, raw, 0);
		st->prev = raw;
	} else {
		mpam_mbwu_not_forward(ris, arg->idx, st, raw);
	}
	arg->bytes = st->bytes;
unlock:
	mpam_msc_unlock(msc, flags);
}

/*
 * Read @arg's monitor.  Where the caller may sleep (interrupts enabled, as
 * resctrl's read hooks promise), a monitor that is not ready is waited for
 * sleeping at least 1us between looks, with the MSC's lock dropped;
 * otherwise by polling 1us apart.  Either way it gets as many looks as
 * firmware's not-ready time in microseconds, bounded.
 */
static int mpam_ris_mon_read(struct mpam_mon_arg *arg)
{
	unsigned int looks = mpam_msc_nrdy_polls(arg->ris->msc);
	bool may_sleep = !irqs_disabled();
	unsigned int i;
	int err;

	for (i = 1; ; i++) {
		arg->tries = may_sleep ? 1 : looks;
		arg->last_try = !may_sleep || i >= looks;
		err = mpam_msc_run(arg->ris->msc, mpam_mon_read_fn, arg);
		if (err)
			return err;
		if (arg->err != -EBUSY || arg->last_try)
			return arg->err == -EBUSY ? -EIO : arg->err;
		usleep_range(MPAM_NRDY_SLEEP_USEC, 2 * MPAM_NRDY_SLEEP_USEC);
	}
}

/**
 * mpam_comp_mon_read() - Read monitor @idx of @comp.
 * @comp: the component.
 * @type: CSU or MBWU.
 * @idx: an index from mpam_class_mon_alloc(), configured.
 * @bytes: set to the occupancy (CSU) or the bytes counted since the monitor
 *	   was configured (MBWU), summed over the component's RIS.
 *
 * Costs one counter read per RIS (three reads for a 64-bit counter) while
 * the counter moves forward; when it does not, one read (two for a 64-bit
 * counter, see mpam_mbwu_read_long()) and one of its control register (see
 * mpam_mbwu_not_forward()); and a MON_SEL write when another
 * monitor of the MSC was selected last (mpam_msc_select_mon()).  The
 * lost-state checks hold with the selection skipped: an MSC that lost its
 * registers also lost MON_SEL, so what is read then is a monitor that is
 * off, whose CTL does not match, and the monitor is programmed again with
 * a MON_SEL write.
 *
 * Context: interrupts disabled (polls a not-ready monitor), or a context
 * that may sleep (sleeps waiting for it): never preemption disabled with
 * interrupts enabled.
 *
 * Return: 0, or -EIO when a monitor stays not-ready or cannot be reached.
 */
int mpam_comp_mon_read(struct mpam_comp *comp, enum mpam_mon_type type, int idx,
		       u64 *bytes)
{
	struct mpam_mon_arg arg = { .type = type, .idx = idx };
	struct mpam_ris *ris;

	/* resctrl's rule: a read with interrupts enabled may sleep. */
	if (!irqs_disabled())
		might_sleep();
	*bytes = 0;
	list_for_each_entry(ris, &comp->ris, comp_node) {
		if (!mpam_ris_has_mon(ris, type, idx))
			continue;
		arg.ris = ris;
		if (mpam_ris_mon_read(&arg))
			return -EIO;
		*bytes += arg.bytes;
	}
	return 0;
}

/*
 * Account one monitor's wrap, if it signalled one: the counter went once
 * past its width since the last read.  Cleared status and the new value
 * are one step under the lock, so a read and the interrupt each see a
 * wrap at most once between them.
 */
static void mpam_mon_overflow_fn(void *data)
{
	struct mpam_mon_arg *arg = data;
	struct mpam_ris *ris = arg->ris;
	struct mpam_msc *msc = ris->msc;
	struct mpam_mon_state *st;
	unsigned long flags;
	u32 ctl;
	u64 raw;

	flags = mpam_msc_lock(msc);
	st = ris->mon[MPAM_MON_MBWU] ? &ris->mon[MPAM_MON_MBWU][arg->idx] : NULL;
	if (!st || !(st->ctl & mpam_mbwu_wrap_intr(ris)))
		goto unlock;
	mpam_msc_write(msc, MSMON_CFG_MON_SEL, FIELD_PREP(MSMON_CFG_MON_SEL_RIS, ris->idx) |
		       FIELD_PREP(MSMON_CFG_MON_SEL_MON_SEL, arg->idx));
	ctl = mpam_mon_read_ctl(msc, MPAM_MON_MBWU);
	/* A monitor that lost its configuration is the next read's to repair. */
	if (!(ctl & mpam_mbwu_wrap_status(ris)) || mpam_mon_ctl_lost(st, ctl))
		goto unlock;
	/*
	 * Not ready, the value is not to be trusted: the wrap is recorded for
	 * the next look at the counter to add.  The status is cleared either
	 * way: left set, a level-triggered interrupt would fire again at once.
	 */
	if (mpam_mon_read_raw(ris, MPAM_MON_MBWU, 1, st->prev, &raw)) {
		st->wraps++;
	} else {
		st->bytes += mpam_mbwu_units_to_bytes(ris, st->prev, raw, st->wraps + 1);
		st->prev = raw;
		st->wraps = 0;
	}
	mpam_msc_write(msc, MSMON_CFG_MBWU_CTL, st->ctl);
	msc->overflows++;
	arg->wraps++;
unlock:
	mpam_msc_unlock(msc, flags);
}

/**
 * mpam_msc_handle_overflow() - Account the wraps @msc's monitors signalled.
 * @msc: the MSC, whose overflow interrupt fired.
 *
 * Looks at every programmed bandwidth monitor of every RIS (one control
 * register read each), each in its own hold of the MSC's lock.  The
 * monitors are programmed and freed under the system's lock; the
 * interrupt is freed before the MSC's state is.
 *
 * Context: process context, or interrupts off on a CPU that can reach @msc.
 *
 * Return: how many wraps were accounted.
 */
unsigned int mpam_msc_handle_overflow(struct mpam_msc *msc)
{
	struct mpam_mon_arg arg = { .type = MPAM_MON_MBWU };
	unsigned int i;

	for (i = 0; i < msc->nr_ris; i++) {
		arg.ris = &msc->ris[i];
		for (arg.idx = 0; arg.idx < arg.ris->feat.num_mbwu; arg.idx++)
			if (mpam_msc_run(msc, mpam_mon_overflow_fn, &arg))
				return arg.wraps;
	}
	return arg.wraps;
}

/**
 * mpam_ris_probe_csu_nrdy() - Find out whether the hardware manages CSU NRDY.
 * @msc: the MSC, its lock held.
 * @ris: the RIS, its features read.
 *
 * A CSU monitor need not implement NRDY: the architecture then hands the
 * bit to software, to keep whatever it writes there.  Such a bit says
 * nothing about the value, and a 1 left in it (by firmware, by an earlier
 * kernel) would make every read wait and fail; reads ignore it.
 *
 * What the hardware does decides, watched on monitor 0 (left disabled):
 * with the bit cleared by software, a change to what the monitor counts
 * makes hardware that manages NRDY set it.  If it stays clear, either the
 * monitor settled at once or nothing manages the bit; a 1 written to it is
 * then kept only by a bit that is software's.
 *
 * A hardware-managed bit without a not-ready time from firmware is waited
 * for up to a default time, with a warning.
 */
void mpam_ris_probe_csu_nrdy(struct mpam_msc *msc, struct mpam_ris *ris)
{
	u32 counting = FIELD_PREP(MSMON_CFG_CTL_TYPE, MSMON_CFG_CTL_TYPE_CSU) | MSMON_CFG_CTL_EN;
	bool hw_set, sw_kept = false;

	ris->csu_nrdy_sw = false;
	/* A frame without the monitor registers is refused after probing. */
	if (!ris->feat.num_csu || (msc->frame_size && msc->frame_size < MSMON_CSU + 4))
		return;
	mpam_msc_write(msc, MSMON_CFG_MON_SEL, FIELD_PREP(MSMON_CFG_MON_SEL_RIS, ris->idx));
	mpam_msc_write(msc, MSMON_CFG_CSU_FLT, 0);
	mpam_msc_write(msc, MSMON_CFG_CSU_CTL, counting);
	mpam_msc_write(msc, MSMON_CSU, 0);
	/* Counting PMG 0 only as well: valid whatever the PMG range. */
	mpam_msc_write(msc, MSMON_CFG_CSU_CTL, counting | MSMON_CFG_CTL_MATCH_PMG);
	hw_set = mpam_msc_read(msc, MSMON_CSU) & MSMON_NRDY;
	if (!hw_set) {
		mpam_msc_write(msc, MSMON_CSU, MSMON_NRDY);
		sw_kept = mpam_msc_read(msc, MSMON_CSU) & MSMON_NRDY;
		mpam_msc_write(msc, MSMON_CSU, 0);
	}
	mpam_msc_write(msc, MSMON_CFG_CSU_CTL, 0);

	ris->csu_nrdy_sw = !hw_set && sw_kept;
	if (!ris->csu_nrdy_sw && !msc->nrdy_usec)
		pr_warn_once("MSC %u: firmware gives no not-ready time for its monitors: waiting up to %u us\n",
			     msc->id, MPAM_NRDY_DEFAULT_USEC);
}
