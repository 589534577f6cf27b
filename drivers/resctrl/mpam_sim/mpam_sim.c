// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: a register-level model of Arm MPAM memory system components.
 *
 * Each simulated MSC answers 32-bit reads and writes of the MPAM register
 * map (mpam_regs.h) the way the architecture describes them: ID registers
 * per resource instance (RIS) selected through MPAMCFG_PART_SEL.RIS, the
 * configuration of the selected PARTID, monitors selected through
 * MSMON_CFG_MON_SEL, errors recorded in MPAMF_ESR and signalled through the
 * firmware-described interrupt.  Traffic is injected exactly (bytes for a
 * PARTID/PMG, occupancy) and attributed to the monitors whose filters match.
 *
 * What is modelled beyond the happy path, because drivers get it wrong:
 *  - monitors read NRDY for a fixed number of reads after (re)configuration;
 *  - MSMON_MBWU_L is two halves that can tear between reads;
 *  - MBWUMON_IDR.SCALE, 31/44/63-bit counters wrapping with OFLOW_STATUS;
 *  - PARTID narrowing through MPAMCFG_INTPARTID;
 *  - all state lost on a power-down;
 *  - accesses from a CPU that cannot reach the MSC, or with preemption on;
 *  - the errata of the MSCs whose IIDR it reports (mpam_sim_errata.c).
 *
 * The parameters and debugfs files are documented in
 * Documentation/arch/arm64/mpam-sim.rst.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "../mpam_regs.h"
#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

/*
 * Every simulated MSC given as a parameter, for mpam_sim_msc_find().  Changed
 * under mpam_sim_list_lock; the background model walks it under RCU.
 */
LIST_HEAD(mpam_sim_list);
static DEFINE_MUTEX(mpam_sim_list_lock);

static u64 mbwu_width_mask(const struct mpam_sim_ris_desc *d)
{
	return GENMASK_ULL(d->mbwu_width - 1, 0);
}

static unsigned int cpbm_words(const struct mpam_sim_ris_desc *d)
{
	return DIV_ROUND_UP(d->cpbm_wd, 32);
}

static unsigned int bwpbm_words(const struct mpam_sim_ris_desc *d)
{
	return DIV_ROUND_UP(d->bwpbm_wd, 32);
}

static bool ris_has_ccap(const struct mpam_sim_ris_desc *d)
{
	return d->cmax_wd || d->cassoc_wd;
}

static bool ris_has_mbw(const struct mpam_sim_ris_desc *d)
{
	return d->bwa_wd || d->bwpbm_wd || d->has_mbw_prop;
}

static bool ris_has_pri(const struct mpam_sim_ris_desc *d)
{
	return d->intpri_wd || d->dspri_wd;
}

static bool ris_has_control(const struct mpam_sim_ris_desc *d)
{
	return d->cpbm_wd || ris_has_ccap(d) || ris_has_mbw(d) || ris_has_pri(d);
}

/* The implemented bits of a 16-bit fraction @wd bits wide. */
static u32 fract_mask(u16 wd)
{
	return wd ? GENMASK(15, 16 - min_t(u16, wd, 16)) : 0;
}

/*
 * BWA_WD is a 6-bit field; the architecture implements at most 16 bits of
 * the fractions.  A model may report more, as broken hardware could: the
 * registers still hold 16.
 */
static u16 bwa_bits(const struct mpam_sim_ris_desc *d)
{
	return min_t(u16, d->bwa_wd, 16);
}

/* The implemented bits of word @word of a @wd-bit bitmap. */
static u32 bitmap_word_mask(u16 wd, unsigned int word)
{
	return GENMASK(min(32U, wd - 32 * word) - 1, 0);
}

static bool ris_has_monitor(const struct mpam_sim_ris_desc *d)
{
	return d->num_csu_mon || d->num_mbwu_mon;
}

/* Record an error in ESR, raising the error interrupt if ECR enables it. */
static void sim_error(struct mpam_sim_msc *sim, u8 ris, u8 errcode, u16 partid_mon, u8 pmg)
{
	lockdep_assert_held(&sim->lock);
	sim->errors++;
	if (!sim->desc.has_esr)
		return;

	if (FIELD_GET(MPAMF_ESR_ERRCODE, sim->esr_lo)) {
		sim->esr_lo |= MPAMF_ESR_OVRWR;
	} else {
		sim->esr_lo = FIELD_PREP(MPAMF_ESR_PARTID_MON, partid_mon) |
			      FIELD_PREP(MPAMF_ESR_PMG, pmg) |
			      FIELD_PREP(MPAMF_ESR_ERRCODE, errcode);
		sim->esr_hi = FIELD_PREP(MPAMF_ESR_HI_RIS, ris);
	}
	if ((sim->ecr & MPAMF_ECR_INTEN) && sim->error_irq > 0)
		sim->raise_error_irq = true;
}

/*
 * Interrupts are raised once the lock is dropped.  The numbers are taken
 * under it too: the driver clears them (mpam_sim_set_irqs()) before it
 * frees its interrupt.
 */
static void sim_raise_irqs(struct mpam_sim_msc *sim)
{
	int error_irq = 0, overflow_irq = 0;
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->lock, flags);
	if (sim->raise_error_irq)
		error_irq = sim->error_irq;
	if (sim->raise_overflow_irq) {
		overflow_irq = sim->overflow_irq;
		sim->stats.overflow_irqs++;
	}
	sim->raise_error_irq = false;
	sim->raise_overflow_irq = false;
	raw_spin_unlock_irqrestore(&sim->lock, flags);

	mpam_sim_raise_irq(sim, 0, error_irq);
	mpam_sim_raise_irq(sim, 1, overflow_irq);
}

static struct mpam_sim_ris *sel_ris(struct mpam_sim_msc *sim)
{
	return &sim->ris[FIELD_GET(MPAMCFG_PART_SEL_RIS, sim->part_sel)];
}

static struct mpam_sim_ris *mon_ris(struct mpam_sim_msc *sim)
{
	return &sim->ris[FIELD_GET(MSMON_CFG_MON_SEL_RIS, sim->mon_sel)];
}

static u32 read_idr(struct mpam_sim_msc *sim, const struct mpam_sim_ris_desc *d, bool hi)
{
	bool ext = sim->desc.nr_ris > 1 || sim->desc.has_esr;
	u32 lo;

	if (hi)
		return ext ? FIELD_PREP(MPAMF_IDR_HI_HAS_RIS, sim->desc.nr_ris > 1) |
			     FIELD_PREP(MPAMF_IDR_HI_HAS_ESR, sim->desc.has_esr) |
			     FIELD_PREP(MPAMF_IDR_HI_RIS_MAX, sim->desc.nr_ris - 1) : 0;

	lo = FIELD_PREP(MPAMF_IDR_PARTID_MAX, d->partid_max) |
	     FIELD_PREP(MPAMF_IDR_PMG_MAX, d->pmg_max) |
	     FIELD_PREP(MPAMF_IDR_HAS_CCAP_PART, ris_has_ccap(d)) |
	     FIELD_PREP(MPAMF_IDR_HAS_CPOR_PART, !!d->cpbm_wd) |
	     FIELD_PREP(MPAMF_IDR_HAS_MBW_PART, ris_has_mbw(d)) |
	     FIELD_PREP(MPAMF_IDR_HAS_PRI_PART, ris_has_pri(d)) |
	     FIELD_PREP(MPAMF_IDR_EXT, ext) |
	     FIELD_PREP(MPAMF_IDR_HAS_MSMON, ris_has_monitor(d)) |
	     FIELD_PREP(MPAMF_IDR_HAS_PARTID_NRW, d->has_partid_nrw);
	return lo;
}

/*
 * HAS_RWBW and MSMON_CFG_MBWU_FLT.RWBW exist only "when FEAT_MPAMv0p1 is
 * implemented or FEAT_MPAMv1p1 is implemented": on any other version both
 * are RES0, whatever the RIS description asks for.
 */
static bool sim_rwbw_exists(const struct mpam_sim_msc *sim, const struct mpam_sim_ris_desc *d)
{
	u8 major = FIELD_GET(MPAMF_AIDR_ARCH_MAJOR_REV, sim->desc.aidr);
	u8 minor = FIELD_GET(MPAMF_AIDR_ARCH_MINOR_REV, sim->desc.aidr);

	if (!d->has_rwbw)
		return false;
	return major ? major > 1 || minor >= 1 : minor == 1;
}

static u32 read_mbwumon_idr(const struct mpam_sim_msc *sim, const struct mpam_sim_ris_desc *d)
{
	bool has_rwbw = sim_rwbw_exists(sim, d) || (d->has_rwbw && sim->desc.res0_rwbw_set);

	if (!d->num_mbwu_mon)
		return 0;
	return FIELD_PREP(MPAMF_MBWUMON_IDR_NUM_MON, d->num_mbwu_mon) |
	       FIELD_PREP(MPAMF_MBWUMON_IDR_SCALE, d->mbwu_scale) |
	       FIELD_PREP(MPAMF_MBWUMON_IDR_HAS_RWBW, has_rwbw) |
	       FIELD_PREP(MPAMF_MBWUMON_IDR_HAS_LONG, d->mbwu_width >= 44) |
	       FIELD_PREP(MPAMF_MBWUMON_IDR_LWD, d->mbwu_width == 63);
}

/* The PARTID a configuration access addresses, or -1 after an error. */
static int cfg_partid(struct mpam_sim_msc *sim)
{
	struct mpam_sim_ris *ris = sel_ris(sim);
	u16 partid = FIELD_GET(MPAMCFG_PART_SEL_PARTID_SEL, sim->part_sel);
	bool internal = sim->part_sel & MPAMCFG_PART_SEL_INTERNAL;

	if (sim->part_sel_bad)
		return -1;
	if (ris->d.has_partid_nrw && !internal)
		return -1;	/* controls are per internal PARTID */
	return partid;
}

/* The monitor MON_SEL addresses, or NULL after an error. */
static struct mpam_sim_mon *sel_mon(struct mpam_sim_msc *sim, bool mbwu)
{
	struct mpam_sim_ris *ris = mon_ris(sim);
	u16 mon = FIELD_GET(MSMON_CFG_MON_SEL_MON_SEL, sim->mon_sel);
	u16 nr = mbwu ? ris->d.num_mbwu_mon : ris->d.num_csu_mon;

	if (sim->mon_sel_bad)
		return NULL;
	if (mon >= nr) {
		sim_error(sim, FIELD_GET(MSMON_CFG_MON_SEL_RIS, sim->mon_sel),
			  MPAM_ERRCODE_MONITOR_RANGE, mon, 0);
		return NULL;
	}
	return mbwu ? &ris->mbwu[mon] : &ris->csu[mon];
}

static u64 mbwu_view(const struct mpam_sim_ris *ris, const struct mpam_sim_mon *mon,
		     bool long_reg)
{
	u64 count = mon->bytes - mon->base;

	if (long_reg)
		return count & mbwu_width_mask(&ris->d);
	return (count >> ris->d.mbwu_scale) & MSMON_VALUE;
}

/* What internal PARTID @p occupies: with all its PMGs, or with @pmg only. */
static u64 csu_partid_sum(const struct mpam_sim_ris *ris, unsigned int p,
			  bool match_pmg, u8 pmg)
{
	const u64 *occ = &ris->occupancy[p * (ris->d.pmg_max + 1)];
	unsigned int g;
	u64 sum = 0;

	if (match_pmg)
		return pmg <= ris->d.pmg_max ? occ[pmg] : 0;
	for (g = 0; g <= ris->d.pmg_max; g++)
		sum += occ[g];
	return sum;
}

/*
 * The value of a CSU monitor.  The register is read with the MSC's lock
 * held and interrupts off, so the walk is bounded by what can match: one
 * PARTID when the monitor matches PARTIDs, else only those occ_partids
 * says may hold something (4096 PARTIDs of 256 PMGs would otherwise be a
 * million entries for every read).
 */
static u64 csu_value(const struct mpam_sim_ris *ris, const struct mpam_sim_mon *mon)
{
	u16 partid = FIELD_GET(MSMON_CFG_FLT_PARTID, mon->flt);
	u8 pmg = FIELD_GET(MSMON_CFG_FLT_PMG, mon->flt);
	bool match_pmg = mon->ctl & MSMON_CFG_CTL_MATCH_PMG;
	unsigned int p;
	u64 sum = 0;

	if (!(mon->ctl & MSMON_CFG_CTL_EN))
		return 0;	/* a disabled monitor measures nothing */
	if (mon->ctl & MSMON_CFG_CTL_MATCH_PARTID)
		return partid <= ris->d.partid_max ?
		       csu_partid_sum(ris, partid, match_pmg, pmg) : 0;
	for_each_set_bit(p, ris->occ_partids, ris->d.partid_max + 1)
		sum += csu_partid_sum(ris, p, match_pmg, pmg);
	return sum;
}

/*
 * A value register read: NRDY while the monitor settles, for nrdy_reads
 * reads but no longer than the nrdy_us firmware promises: a driver that
 * waits that long after a configuration reads a ready monitor.
 */
static bool mon_not_ready(struct mpam_sim_msc *sim, struct mpam_sim_mon *mon)
{
	if (sim->nrdy_stuck)
		return true;
	if (mon->nrdy_reads && sim->desc.nrdy_us &&
	    ktime_get_ns() - mon->nrdy_since >= (u64)sim->desc.nrdy_us * NSEC_PER_USEC)
		mon->nrdy_reads = 0;
	if (mon->nrdy_reads) {
		mon->nrdy_reads--;
		return true;
	}
	return false;
}

static u32 read_mon_value(struct mpam_sim_msc *sim, u32 offset)
{
	struct mpam_sim_ris *ris = mon_ris(sim);
	bool csu = offset == MSMON_CSU;
	struct mpam_sim_mon *mon = sel_mon(sim, !csu);
	u64 val;
	bool nrdy;

	if (!mon)
		return 0;
	if (offset == MSMON_MBWU_L_HI) {
		/* The high half; NRDY was decided by the low half. */
		val = mbwu_view(ris, mon, true);
		return upper_32_bits(val) | (mon->last_nrdy ? BIT(31) : 0);
	}

	nrdy = mon_not_ready(sim, mon);
	if (csu) {
		if (ris->d.csu_nrdy_sw)
			nrdy = mon->sw_nrdy;	/* software's bit: never set by the model */
		nrdy |= mpam_sim_errata_csu_nrdy(sim);
		val = csu_value(ris, mon);
		return min_t(u64, val, MSMON_VALUE) | (nrdy ? MSMON_NRDY : 0);
	}
	if (offset == MSMON_MBWU) {
		val = mbwu_view(ris, mon, false);
		return val | (nrdy ? MSMON_NRDY : 0);
	}

	/* MSMON_MBWU_L low half: a pending tear lands before the high half. */
	mon->last_nrdy = nrdy;
	val = mbwu_view(ris, mon, true);
	if (sim->tear_bytes) {
		mon->bytes += sim->tear_bytes;
		sim->tear_bytes = 0;
	}
	return lower_32_bits(val);
}

/*
 * MPAMCFG_INTPARTID is accessed with PART_SEL holding a request PARTID; with
 * PART_SEL.INTERNAL set the access is an Unexpected_INTERNAL error.
 * Returns the RIS, or NULL when the access does nothing.
 */
static struct mpam_sim_ris *intpartid_ris(struct mpam_sim_msc *sim)
{
	struct mpam_sim_ris *ris = sel_ris(sim);

	if (sim->part_sel_bad || !ris->d.has_partid_nrw)
		return NULL;
	if (sim->part_sel & MPAMCFG_PART_SEL_INTERNAL) {
		sim_error(sim, FIELD_GET(MPAMCFG_PART_SEL_RIS, sim->part_sel),
			  MPAM_ERRCODE_UNEXPECTED_INTERNAL,
			  FIELD_GET(MPAMCFG_PART_SEL_PARTID_SEL, sim->part_sel), 0);
		return NULL;
	}
	return ris;
}

static u32 read_intpartid(struct mpam_sim_msc *sim)
{
	struct mpam_sim_ris *ris = intpartid_ris(sim);
	u16 reqpartid = FIELD_GET(MPAMCFG_PART_SEL_PARTID_SEL, sim->part_sel);

	if (!ris)
		return 0;
	return MPAMCFG_INTPARTID_INTERNAL | ris->intpartid[reqpartid];
}

static u32 sim_read_locked(struct mpam_sim_msc *sim, u32 offset)
{
	struct mpam_sim_ris *ris = sel_ris(sim);
	const struct mpam_sim_ris_desc *d = &ris->d;
	struct mpam_sim_mon *mon;
	int partid;

	switch (offset) {
	case MPAMF_IDR:
		return read_idr(sim, d, false);
	case MPAMF_IDR_HI:
		return read_idr(sim, d, true);
	case MPAMF_IIDR:
		return sim->desc.iidr;
	case MPAMF_AIDR:
		return sim->desc.aidr;
	case MPAMF_CPOR_IDR:
		return FIELD_PREP(MPAMF_CPOR_IDR_CPBM_WD, d->cpbm_wd);
	case MPAMF_CCAP_IDR:
		if (!ris_has_ccap(d))
			return 0;
		return FIELD_PREP(MPAMF_CCAP_IDR_CMAX_WD, d->cmax_wd) |
		       FIELD_PREP(MPAMF_CCAP_IDR_NO_CMAX, !d->cmax_wd) |
		       FIELD_PREP(MPAMF_CCAP_IDR_HAS_CMIN, d->has_cmin) |
		       FIELD_PREP(MPAMF_CCAP_IDR_HAS_CASSOC, !!d->cassoc_wd) |
		       FIELD_PREP(MPAMF_CCAP_IDR_CASSOC_WD, d->cassoc_wd);
	case MPAMF_MBW_IDR:
		if (!ris_has_mbw(d))
			return 0;
		return FIELD_PREP(MPAMF_MBW_IDR_BWA_WD, d->bwa_wd) |
		       FIELD_PREP(MPAMF_MBW_IDR_HAS_MIN, d->has_mbw_min) |
		       FIELD_PREP(MPAMF_MBW_IDR_HAS_MAX, d->has_mbw_max) |
		       FIELD_PREP(MPAMF_MBW_IDR_HAS_PBM, !!d->bwpbm_wd) |
		       FIELD_PREP(MPAMF_MBW_IDR_HAS_PROP, d->has_mbw_prop) |
		       FIELD_PREP(MPAMF_MBW_IDR_BWPBM_WD, d->bwpbm_wd);
	case MPAMF_PRI_IDR:
		return FIELD_PREP(MPAMF_PRI_IDR_HAS_INTPRI, !!d->intpri_wd) |
		       FIELD_PREP(MPAMF_PRI_IDR_INTPRI_WD, d->intpri_wd) |
		       FIELD_PREP(MPAMF_PRI_IDR_HAS_DSPRI, !!d->dspri_wd) |
		       FIELD_PREP(MPAMF_PRI_IDR_DSPRI_WD, d->dspri_wd) |
		       FIELD_PREP(MPAMF_PRI_IDR_INTPRI_0_IS_LOW, d->pri_0_is_low && d->intpri_wd) |
		       FIELD_PREP(MPAMF_PRI_IDR_DSPRI_0_IS_LOW, d->pri_0_is_low && d->dspri_wd);
	case MPAMF_PARTID_NRW_IDR:
		return d->has_partid_nrw ?
			FIELD_PREP(MPAMF_PARTID_NRW_IDR_INTPARTID_MAX, d->intpartid_max) : 0;
	case MPAMF_MSMON_IDR:
		return FIELD_PREP(MPAMF_MSMON_IDR_MSMON_CSU, !!d->num_csu_mon) |
		       FIELD_PREP(MPAMF_MSMON_IDR_MSMON_MBWU, !!d->num_mbwu_mon);
	case MPAMF_CSUMON_IDR:
		return FIELD_PREP(MPAMF_CSUMON_IDR_NUM_MON, d->num_csu_mon);
	case MPAMF_MBWUMON_IDR:
		return read_mbwumon_idr(sim, d);
	case MPAMF_ECR:
		return sim->ecr;
	case MPAMF_ESR:
		return sim->esr_lo;
	case MPAMF_ESR_HI:
		return sim->esr_hi;
	case MPAMCFG_PART_SEL:
		return sim->part_sel;
	case MSMON_CFG_MON_SEL:
		return sim->mon_sel;
	case MSMON_CFG_CSU_FLT:
	case MSMON_CFG_CSU_CTL:
	case MSMON_CFG_MBWU_FLT:
	case MSMON_CFG_MBWU_CTL:
		mon = sel_mon(sim, offset >= MSMON_CFG_MBWU_FLT);
		if (!mon)
			return 0;
		return (offset == MSMON_CFG_CSU_FLT || offset == MSMON_CFG_MBWU_FLT) ?
			mon->flt : mon->ctl;
	case MSMON_CSU:
	case MSMON_MBWU:
	case MSMON_MBWU_L:
	case MSMON_MBWU_L_HI:
		return read_mon_value(sim, offset);
	case MPAMCFG_INTPARTID:
		return read_intpartid(sim);
	}

	partid = cfg_partid(sim);
	if (partid < 0)
		return 0;
	if (offset >= MPAMCFG_CPBM && offset < MPAMCFG_CPBM + 4 * cpbm_words(d))
		return ris->cpbm[partid * cpbm_words(d) + (offset - MPAMCFG_CPBM) / 4];
	if (offset >= MPAMCFG_MBW_PBM && offset < MPAMCFG_MBW_PBM + 4 * bwpbm_words(d))
		return ris->mbw_pbm[partid * bwpbm_words(d) + (offset - MPAMCFG_MBW_PBM) / 4];
	switch (offset) {
	case MPAMCFG_CMAX:
		return ris->cmax[partid];
	case MPAMCFG_CMIN:
		return ris->cmin[partid];
	case MPAMCFG_CASSOC:
		return ris->cassoc[partid];
	case MPAMCFG_MBW_PROP:
		return ris->mbw_prop[partid];
	case MPAMCFG_MBW_MIN:
		return ris->mbw_min[partid];
	case MPAMCFG_MBW_MAX:
		return ris->mbw_max[partid];
	case MPAMCFG_PRI:
		return ris->pri[partid];
	}
	return 0;	/* RES0, as unimplemented registers read */
}

static void write_part_sel(struct mpam_sim_msc *sim, u32 val)
{
	u8 ris_idx = FIELD_GET(MPAMCFG_PART_SEL_RIS, val);
	u16 partid = FIELD_GET(MPAMCFG_PART_SEL_PARTID_SEL, val);
	bool internal = val & MPAMCFG_PART_SEL_INTERNAL;
	const struct mpam_sim_ris_desc *d;

	sim->part_sel_bad = true;
	if (ris_idx >= sim->desc.nr_ris) {
		sim_error(sim, ris_idx, MPAM_ERRCODE_UNDEFINED_RIS_PART_SEL, partid, 0);
		return;
	}
	sim->part_sel = val;
	d = &sim->ris[ris_idx].d;
	if (internal && !d->has_partid_nrw)
		sim_error(sim, ris_idx, MPAM_ERRCODE_UNEXPECTED_INTERNAL, partid, 0);
	else if (internal && partid > d->intpartid_max)
		sim_error(sim, ris_idx, MPAM_ERRCODE_INTPARTID_RANGE, partid, 0);
	else if (!internal && partid > d->partid_max)
		sim_error(sim, ris_idx, MPAM_ERRCODE_PARTID_SEL_RANGE, partid, 0);
	else
		sim->part_sel_bad = false;
}

static void write_mon_sel(struct mpam_sim_msc *sim, u32 val)
{
	u8 ris_idx = FIELD_GET(MSMON_CFG_MON_SEL_RIS, val);

	sim->mon_sel_bad = true;
	if (ris_idx >= sim->desc.nr_ris) {
		sim_error(sim, ris_idx, MPAM_ERRCODE_UNDEFINED_RIS_MON_SEL,
			  FIELD_GET(MSMON_CFG_MON_SEL_MON_SEL, val), 0);
		return;
	}
	sim->mon_sel = val;
	if (!ris_has_monitor(&sim->ris[ris_idx].d)) {
		sim_error(sim, ris_idx, MPAM_ERRCODE_RIS_NO_MONITOR,
			  FIELD_GET(MSMON_CFG_MON_SEL_MON_SEL, val), 0);
		return;
	}
	sim->mon_sel_bad = false;
}

static void write_mon_cfg(struct mpam_sim_msc *sim, u32 offset, u32 val)
{
	struct mpam_sim_ris *ris = mon_ris(sim);
	struct mpam_sim_mon *mon = sel_mon(sim, offset >= MSMON_CFG_MBWU_FLT);

	if (!mon)
		return;
	if (offset == MSMON_CFG_CSU_FLT || offset == MSMON_CFG_MBWU_FLT) {
		if (FIELD_GET(MSMON_CFG_FLT_PARTID, val) > ris->d.partid_max ||
		    FIELD_GET(MSMON_CFG_FLT_PMG, val) > ris->d.pmg_max) {
			sim_error(sim, FIELD_GET(MSMON_CFG_MON_SEL_RIS, sim->mon_sel),
				  MPAM_ERRCODE_MSMONCFG_ID_RANGE,
				  FIELD_GET(MSMON_CFG_FLT_PARTID, val),
				  FIELD_GET(MSMON_CFG_FLT_PMG, val));
			return;
		}
		if (!sim_rwbw_exists(sim, &ris->d))
			val &= ~MSMON_CFG_MBWU_FLT_RWBW;
		mon->flt = val;
	} else {
		u32 status = MSMON_CFG_CTL_OFLOW_STATUS | MSMON_CFG_CTL_OFLOW_STATUS_L;
		bool reconfig = (mon->ctl ^ val) & ~status;

		mon->ctl = val;
		/* Clearing the overflow status is not a reconfiguration. */
		if (!reconfig)
			return;
	}
	mon->nrdy_reads = sim->desc.nrdy_reads;
	mon->nrdy_since = ktime_get_ns();
}

static void write_mon_value(struct mpam_sim_msc *sim, u32 offset, u32 val)
{
	struct mpam_sim_ris *ris = mon_ris(sim);
	struct mpam_sim_mon *mon = sel_mon(sim, offset != MSMON_CSU);
	u64 count;

	if (mon && offset == MSMON_CSU && ris->d.csu_nrdy_sw)
		mon->sw_nrdy = val & MSMON_NRDY;
	if (!mon || offset == MSMON_CSU)
		return;		/* occupancy is not writable */
	count = mon->bytes - mon->base;
	if (offset == MSMON_MBWU)
		count = (u64)(val & MSMON_VALUE) << ris->d.mbwu_scale;
	else if (offset == MSMON_MBWU_L)
		count = (count & GENMASK_ULL(63, 32)) | val;
	else
		count = ((u64)val << 32 | lower_32_bits(count)) & mbwu_width_mask(&ris->d);
	mon->base = mon->bytes - count;
	mon->nrdy_reads = sim->desc.nrdy_reads;
	mon->nrdy_since = ktime_get_ns();
}

static void write_cfg(struct mpam_sim_msc *sim, u32 offset, u32 val)
{
	struct mpam_sim_ris *ris = sel_ris(sim);
	const struct mpam_sim_ris_desc *d = &ris->d;
	int partid = cfg_partid(sim);

	if (partid < 0)
		return;
	if (!ris_has_control(d)) {
		sim_error(sim, FIELD_GET(MPAMCFG_PART_SEL_RIS, sim->part_sel),
			  MPAM_ERRCODE_RIS_NO_CONTROL, partid, 0);
		return;
	}
	if (offset >= MPAMCFG_CPBM && offset < MPAMCFG_CPBM + 4 * cpbm_words(d)) {
		unsigned int word = (offset - MPAMCFG_CPBM) / 4;
		unsigned int bits = min(32U, d->cpbm_wd - 32 * word);

		ris->cpbm[partid * cpbm_words(d) + word] = val & GENMASK(bits - 1, 0);
		return;
	}
	if (offset >= MPAMCFG_MBW_PBM && offset < MPAMCFG_MBW_PBM + 4 * bwpbm_words(d)) {
		unsigned int word = (offset - MPAMCFG_MBW_PBM) / 4;

		ris->mbw_pbm[partid * bwpbm_words(d) + word] = val & bitmap_word_mask(d->bwpbm_wd,
										     word);
		return;
	}
	switch (offset) {
	case MPAMCFG_CMAX:
		if (d->cmax_wd)
			ris->cmax[partid] = val & GENMASK(15, 16 - d->cmax_wd);
		break;
	case MPAMCFG_CMIN:
		if (d->has_cmin)
			ris->cmin[partid] = val & fract_mask(d->cmax_wd);
		break;
	case MPAMCFG_CASSOC:
		if (d->cassoc_wd)
			ris->cassoc[partid] = val & fract_mask(d->cassoc_wd);
		break;
	case MPAMCFG_MBW_PROP:
		if (d->has_mbw_prop)
			ris->mbw_prop[partid] = val & (MPAMCFG_MBW_PROP_EN |
						       fract_mask(d->bwa_wd ?: 16));
		break;
	case MPAMCFG_MBW_MIN:
		mpam_sim_errata_mbw_write(sim, ris - sim->ris, partid);
		if (d->has_mbw_min)
			ris->mbw_min[partid] = val & fract_mask(bwa_bits(d));
		break;
	case MPAMCFG_MBW_MAX:
		mpam_sim_errata_mbw_write(sim, ris - sim->ris, partid);
		if (d->has_mbw_max)
			ris->mbw_max[partid] = val & (fract_mask(bwa_bits(d)) |
						      MPAMCFG_MBW_MAX_HARDLIM);
		break;
	case MPAMCFG_PRI:
		ris->pri[partid] = 0;
		if (d->intpri_wd)
			ris->pri[partid] |= val & GENMASK(d->intpri_wd - 1, 0);
		if (d->dspri_wd)
			ris->pri[partid] |= val & GENMASK(16 + d->dspri_wd - 1, 16);
		break;
	}
}

static void write_intpartid(struct mpam_sim_msc *sim, u32 val)
{
	struct mpam_sim_ris *ris = intpartid_ris(sim);
	u16 intpartid = FIELD_GET(MPAMCFG_INTPARTID_INTPARTID, val);

	if (!ris)
		return;
	/* Out of range, or INTERNAL clear: the association is not written. */
	if (intpartid > ris->d.intpartid_max || !(val & MPAMCFG_INTPARTID_INTERNAL)) {
		sim_error(sim, FIELD_GET(MPAMCFG_PART_SEL_RIS, sim->part_sel),
			  MPAM_ERRCODE_INTPARTID_RANGE, intpartid, 0);
		return;
	}
	ris->intpartid[FIELD_GET(MPAMCFG_PART_SEL_PARTID_SEL, sim->part_sel)] = intpartid;
}

static void sim_write_locked(struct mpam_sim_msc *sim, u32 offset, u32 val)
{
	switch (offset) {
	case MPAMF_ECR:
		sim->ecr = val & MPAMF_ECR_INTEN;
		return;
	case MPAMF_ESR:
		sim->esr_lo = val;
		return;
	case MPAMF_ESR_HI:
		sim->esr_hi = val & MPAMF_ESR_HI_RIS;
		return;
	case MPAMCFG_PART_SEL:
		write_part_sel(sim, val);
		return;
	case MSMON_CFG_MON_SEL:
		write_mon_sel(sim, val);
		return;
	case MSMON_CFG_CSU_FLT:
	case MSMON_CFG_CSU_CTL:
	case MSMON_CFG_MBWU_FLT:
	case MSMON_CFG_MBWU_CTL:
		write_mon_cfg(sim, offset, val);
		return;
	case MSMON_CSU:
	case MSMON_MBWU:
	case MSMON_MBWU_L:
	case MSMON_MBWU_L_HI:
		write_mon_value(sim, offset, val);
		return;
	case MPAMCFG_INTPARTID:
		write_intpartid(sim, val);
		return;
	}
	write_cfg(sim, offset, val);
}

/*
 * Real MSCs can only be reached from some CPUs, and not across a migration.
 * Judged before the model's lock is taken, which disables preemption.  A
 * task that cannot leave its CPU (a per-CPU kthread or worker, a hotplug
 * callback, migration disabled) may access the MSC preemptible: the
 * architecture asks only for a CPU that can reach it.
 */
static bool sim_bad_context(struct mpam_sim_msc *sim)
{
	const struct cpumask *ok = &sim->desc.accessible;
	bool may_migrate = preemptible() && current->nr_cpus_allowed > 1 &&
			   !current->migration_disabled;

	return may_migrate ||
	       (!cpumask_empty(ok) && !cpumask_test_cpu(raw_smp_processor_id(), ok));
}

static void sim_count_bad_context(struct mpam_sim_msc *sim, bool bad)
{
	lockdep_assert_held(&sim->lock);
	if (!bad)
		return;
	sim->stats.bad_context++;
	if (!sim->quiet_bad_context)
		WARN_ONCE(1, "mpam_sim: MSC at %pa: access from CPU %d, preemptible or not allowed\n",
			  &sim->desc.base, raw_smp_processor_id());
}

/*
 * One more access in the current interrupts-off stretch.  One made with
 * interrupts enabled (judged before the model's lock) is in none, and
 * ends the stretch before it.
 */
static void sim_count_irqoff(struct mpam_sim_msc *sim, bool irqs_on)
{
	lockdep_assert_held(&sim->lock);
	if (irqs_on) {
		sim->irqoff_run = 0;
		return;
	}
	sim->irqoff_run++;
	sim->stats.max_irqoff_run = max(sim->stats.max_irqoff_run, sim->irqoff_run);
}

/**
 * mpam_sim_lock_section() - The driver took its lock of the MSC.
 * @sim: the MSC.
 * @irqs_off_outside: interrupts were already disabled when the lock was
 *		      taken (an IPI, or a caller's own lock), so this hold
 *		      continues the stretch of an earlier one on this CPU.
 *
 * The model cannot see interrupts being enabled between two accesses; the
 * driver brackets its accesses with its lock, which disables them, and says
 * whether they were off around it.  A stretch is every access from one lock
 * hold that enabled interrupts on release, through the next.
 */
void mpam_sim_lock_section(struct mpam_sim_msc *sim, bool irqs_off_outside)
{
	int cpu = raw_smp_processor_id();
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->lock, flags);
	if (!irqs_off_outside || sim->irqoff_cpu != cpu)
		sim->irqoff_run = 0;
	sim->irqoff_cpu = cpu;
	raw_spin_unlock_irqrestore(&sim->lock, flags);
}

/**
 * mpam_sim_reset_irqoff_run() - Start measuring interrupts-off stretches anew.
 * @sim: the MSC.
 */
void mpam_sim_reset_irqoff_run(struct mpam_sim_msc *sim)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->lock, flags);
	sim->stats.max_irqoff_run = 0;
	raw_spin_unlock_irqrestore(&sim->lock, flags);
}

/* Caller holds the MSC's lock: when the driver touched it, for make bench. */
static void sim_stamp_access(struct mpam_sim_msc *sim)
{
	u64 now = ktime_get_ns();

	if (!sim->stats.first_access_ns)
		sim->stats.first_access_ns = now;
	sim->stats.last_access_ns = now;
}

/**
 * mpam_sim_read() - Read a 32-bit register of a simulated MSC.
 * @sim: the MSC.
 * @offset: the register's offset in the MSC frame.
 *
 * Return: the register's value.
 */
u32 mpam_sim_read(struct mpam_sim_msc *sim, u32 offset)
{
	bool bad = sim_bad_context(sim);
	bool irqs_on = !irqs_disabled();
	unsigned long flags;
	u32 val;

	raw_spin_lock_irqsave(&sim->lock, flags);
	sim_count_bad_context(sim, bad);
	sim_count_irqoff(sim, irqs_on);
	sim_stamp_access(sim);
	sim->stats.reads++;
	val = sim->powered ? sim_read_locked(sim, offset) : 0;
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	sim_raise_irqs(sim);
	return val;
}

/**
 * mpam_sim_write() - Write a 32-bit register of a simulated MSC.
 * @sim: the MSC.
 * @offset: the register's offset in the MSC frame.
 * @val: the value.
 */
void mpam_sim_write(struct mpam_sim_msc *sim, u32 offset, u32 val)
{
	bool bad = sim_bad_context(sim);
	bool irqs_on = !irqs_disabled();
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->lock, flags);
	sim_count_bad_context(sim, bad);
	sim_count_irqoff(sim, irqs_on);
	sim_stamp_access(sim);
	sim->stats.writes++;
	if (offset == MSMON_CFG_MON_SEL)
		sim->stats.mon_sel_writes++;
	sim->powered = true;
	sim_write_locked(sim, offset, val);
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	sim_raise_irqs(sim);
}

/*
 * The controls of every PARTID of @ris after power-up.  Architecturally
 * UNKNOWN: the model picks the permissive values (every portion, no limit)
 * for the bitmaps and zero elsewhere; with @fw_left it picks what a firmware
 * that partitioned the system before Linux could leave behind instead.
 */
static void sim_reset_controls(struct mpam_sim_ris *ris, bool fw_left)
{
	const struct mpam_sim_ris_desc *d = &ris->d;
	unsigned int nparts = d->partid_max + 1;
	unsigned int p, w;

	for (p = 0; p < nparts; p++) {
		for (w = 0; w < cpbm_words(d); w++)
			ris->cpbm[p * cpbm_words(d) + w] = fw_left ? !w :
				bitmap_word_mask(d->cpbm_wd, w);
		for (w = 0; w < bwpbm_words(d); w++)
			ris->mbw_pbm[p * bwpbm_words(d) + w] = fw_left ? !w :
				bitmap_word_mask(d->bwpbm_wd, w);
		/* The smallest non-zero fraction, or the largest for a minimum. */
		ris->cmax[p] = fw_left ? BIT(16 - d->cmax_wd) & fract_mask(d->cmax_wd) : 0;
		ris->cmin[p] = fw_left && d->has_cmin ? fract_mask(d->cmax_wd) : 0;
		ris->cassoc[p] = fw_left ? BIT(16 - d->cassoc_wd) & fract_mask(d->cassoc_wd) : 0;
		ris->mbw_min[p] = fw_left && d->has_mbw_min ? fract_mask(d->bwa_wd) : 0;
		ris->mbw_max[p] = fw_left && d->has_mbw_max ?
				  BIT(16 - bwa_bits(d)) | MPAMCFG_MBW_MAX_HARDLIM : 0;
		ris->mbw_prop[p] = fw_left && d->has_mbw_prop ? MPAMCFG_MBW_PROP_EN | 1 : 0;
		ris->pri[p] = 0;
		if (fw_left && d->intpri_wd)
			ris->pri[p] |= 1;
		if (fw_left && d->dspri_wd)
			ris->pri[p] |= BIT(16);
		ris->intpartid[p] = 0;
	}
}

static void sim_reset_monitors(struct mpam_sim_ris *ris)
{
	memset(ris->csu, 0, ris->d.num_csu_mon * sizeof(*ris->csu));
	memset(ris->mbwu, 0, ris->d.num_mbwu_mon * sizeof(*ris->mbwu));
}

/* Reset state: what the hardware holds after power-up. */
static void sim_reset_locked(struct mpam_sim_msc *sim, bool fw_left)
{
	unsigned int i;

	sim->part_sel = 0;
	sim->mon_sel = 0;
	sim->part_sel_bad = false;
	sim->mon_sel_bad = false;
	sim->ecr = 0;
	sim->esr_lo = 0;
	sim->esr_hi = 0;
	for (i = 0; i < sim->desc.nr_ris; i++) {
		sim_reset_controls(&sim->ris[i], fw_left);
		sim_reset_monitors(&sim->ris[i]);
	}
	mpam_sim_errata_reset(sim);
}

/**
 * mpam_sim_power_down() - Lose the MSC's state, as a power-down would.
 * @sim: the MSC.
 *
 * Configuration, monitors and error state return to their reset values;
 * registers read as zero until the next write powers the MSC up again.
 */
void mpam_sim_power_down(struct mpam_sim_msc *sim)
{
	mpam_sim_lose_state(sim, MPAM_SIM_LOSE_ALL);
}

/**
 * mpam_sim_lose_state() - Lose some of the MSC's state.
 * @sim: the MSC.
 * @loss: what is lost; see enum mpam_sim_loss.
 *
 * Partial losses model MSCs whose counters and configuration are in
 * different power or reset domains.
 */
void mpam_sim_lose_state(struct mpam_sim_msc *sim, enum mpam_sim_loss loss)
{
	unsigned long flags;
	unsigned int i, m;

	raw_spin_lock_irqsave(&sim->lock, flags);
	for (i = 0; i < sim->desc.nr_ris && loss != MPAM_SIM_LOSE_ALL; i++) {
		struct mpam_sim_ris *ris = &sim->ris[i];

		for (m = 0; m < ris->d.num_mbwu_mon; m++) {
			struct mpam_sim_mon *mon = &ris->mbwu[m];

			if (loss == MPAM_SIM_LOSE_COUNTERS) {
				mon->base = mon->bytes;
			} else {
				mon->ctl = 0;
				mon->flt = 0;
			}
		}
		for (m = 0; m < ris->d.num_csu_mon && loss == MPAM_SIM_LOSE_CONFIG; m++) {
			ris->csu[m].ctl = 0;
			ris->csu[m].flt = 0;
		}
		if (loss == MPAM_SIM_LOSE_CONFIG)
			sim_reset_controls(ris, false);
	}
	if (loss == MPAM_SIM_LOSE_ALL) {
		sim_reset_locked(sim, false);
		sim->powered = false;
	}
	raw_spin_unlock_irqrestore(&sim->lock, flags);
}

static void count_mbwu(struct mpam_sim_msc *sim, struct mpam_sim_ris *ris,
		       u16 partid, u8 pmg, bool write, u64 bytes)
{
	unsigned int i;

	for (i = 0; i < ris->d.num_mbwu_mon; i++) {
		struct mpam_sim_mon *mon = &ris->mbwu[i];
		u8 rwbw = FIELD_GET(MSMON_CFG_MBWU_FLT_RWBW, mon->flt);
		bool is_long = ris->d.mbwu_width > 31;
		u64 before, after, long_before, units;
		u32 wrapped;

		if (!(mon->ctl & MSMON_CFG_CTL_EN) ||
		    FIELD_GET(MSMON_CFG_CTL_TYPE, mon->ctl) != MSMON_CFG_CTL_TYPE_MBWU)
			continue;
		if ((mon->ctl & MSMON_CFG_CTL_MATCH_PARTID) &&
		    FIELD_GET(MSMON_CFG_FLT_PARTID, mon->flt) != partid)
			continue;
		if ((mon->ctl & MSMON_CFG_CTL_MATCH_PMG) &&
		    FIELD_GET(MSMON_CFG_FLT_PMG, mon->flt) != pmg)
			continue;
		if ((rwbw == MPAM_RWBW_WRITE && !write) || (rwbw == MPAM_RWBW_READ && write))
			continue;

		/* In counter units: a long counter counts bytes, a short one is scaled. */
		/*
		 * Each view has its overflow status: OFLOW_STATUS for the 31-bit
		 * MSMON_MBWU (bytes >> SCALE), OFLOW_STATUS_L for MSMON_MBWU_L.
		 */
		units = bytes >> ris->d.mbwu_scale;
		before = mbwu_view(ris, mon, false);
		long_before = is_long ? mbwu_view(ris, mon, true) : 0;
		mon->bytes += bytes;
		after = mbwu_view(ris, mon, false);
		/*
		 * A wrap of a view interrupts if that view's enable is set:
		 * OFLOW_INTR for the 31-bit one, OFLOW_INTR_L for the long one.
		 */
		wrapped = 0;
		if (after < before || units >> 31)
			wrapped |= MSMON_CFG_CTL_OFLOW_STATUS;
		if (is_long && (mbwu_view(ris, mon, true) < long_before ||
				bytes >> ris->d.mbwu_width))
			wrapped |= MSMON_CFG_CTL_OFLOW_STATUS_L;
		mon->ctl |= wrapped;
		if (((wrapped & MSMON_CFG_CTL_OFLOW_STATUS) &&
		     (mon->ctl & MSMON_CFG_CTL_OFLOW_INTR)) ||
		    ((wrapped & MSMON_CFG_CTL_OFLOW_STATUS_L) &&
		     (mon->ctl & MSMON_CFG_CTL_OFLOW_INTR_L))) {
			if (sim->overflow_irq > 0)
				sim->raise_overflow_irq = true;
		}
	}
}

/**
 * mpam_sim_add_bytes() - Attribute memory traffic to a label.
 * @sim: the MSC.
 * @ris: the RIS the traffic passes through.
 * @partid: the request PARTID.
 * @pmg: the request PMG.
 * @write: writes rather than reads.
 * @bytes: how many bytes.
 *
 * Requests outside the RIS's PARTID or PMG range are reported in ESR as the
 * hardware would and counted nowhere.
 *
 * Return: 0, or -EINVAL for a RIS that does not exist.
 */
int mpam_sim_add_bytes(struct mpam_sim_msc *sim, unsigned int ris, u16 partid,
		       u8 pmg, bool write, u64 bytes)
{
	struct mpam_sim_ris *r;
	unsigned long flags;

	if (ris >= sim->desc.nr_ris)
		return -EINVAL;
	r = &sim->ris[ris];

	raw_spin_lock_irqsave(&sim->lock, flags);
	if (partid > r->d.partid_max) {
		sim_error(sim, ris, MPAM_ERRCODE_REQ_PARTID_RANGE, partid, pmg);
	} else if (pmg > r->d.pmg_max) {
		sim_error(sim, ris, MPAM_ERRCODE_REQ_PMG_RANGE, partid, pmg);
	} else {
		r->traffic += bytes;
		count_mbwu(sim, r, mpam_sim_traffic_partid(r, partid), pmg, write, bytes);
	}
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	sim_raise_irqs(sim);
	return 0;
}

/**
 * mpam_sim_memory_traffic() - What an MSC's memory controllers moved.
 * @sim: the MSC.
 *
 * Return: the bytes of traffic, of every label, that passed through the RIS
 * of @sim that are memory controllers, since it was created.
 */
u64 mpam_sim_memory_traffic(struct mpam_sim_msc *sim)
{
	unsigned long flags;
	unsigned int r;
	u64 sum = 0;

	raw_spin_lock_irqsave(&sim->lock, flags);
	for (r = 0; r < sim->desc.nr_ris; r++)
		if (sim->ris[r].d.is_memory)
			sum += sim->ris[r].traffic;
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	return sum;
}

/**
 * mpam_sim_set_occupancy() - Set how much of a cache a label occupies.
 * @sim: the MSC.
 * @ris: the RIS (the cache).
 * @partid: the request PARTID.
 * @pmg: the request PMG.
 * @bytes: the occupancy.
 *
 * Return: 0, or -EINVAL for a RIS, PARTID or PMG that does not exist.
 */
int mpam_sim_set_occupancy(struct mpam_sim_msc *sim, unsigned int ris,
			   u16 partid, u8 pmg, u64 bytes)
{
	struct mpam_sim_ris *r;
	unsigned long flags;

	if (ris >= sim->desc.nr_ris)
		return -EINVAL;
	r = &sim->ris[ris];
	if (partid > r->d.partid_max || pmg > r->d.pmg_max)
		return -EINVAL;

	raw_spin_lock_irqsave(&sim->lock, flags);
	partid = mpam_sim_traffic_partid(r, partid);
	r->occupancy[partid * (r->d.pmg_max + 1) + pmg] = bytes;
	if (bytes)
		__set_bit(partid, r->occ_partids);
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	return 0;
}

/**
 * mpam_sim_inject_error() - Make the MSC report an error.
 * @sim: the MSC.
 * @ris: the RIS to report.
 * @errcode: the MPAMF_ESR.ERRCODE.
 * @partid: the PARTID (or monitor) to report.
 * @pmg: the PMG to report.
 */
void mpam_sim_inject_error(struct mpam_sim_msc *sim, unsigned int ris,
			   u8 errcode, u16 partid, u8 pmg)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->lock, flags);
	sim_error(sim, ris, errcode, partid, pmg);
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	sim_raise_irqs(sim);
}

/**
 * mpam_sim_set_nrdy_stuck() - Make every monitor read not-ready, or stop.
 * @sim: the MSC.
 * @stuck: whether monitors stay NRDY.
 */
void mpam_sim_set_nrdy_stuck(struct mpam_sim_msc *sim, bool stuck)
{
	WRITE_ONCE(sim->nrdy_stuck, stuck);
}

/**
 * mpam_sim_set_tear() - Tear the next read of a long counter.
 * @sim: the MSC.
 * @bytes: traffic that arrives between the next read of an MSMON_MBWU_L low
 *	   half and the read of its high half.
 */
void mpam_sim_set_tear(struct mpam_sim_msc *sim, u64 bytes)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->lock, flags);
	sim->tear_bytes = bytes;
	raw_spin_unlock_irqrestore(&sim->lock, flags);
}

/**
 * mpam_sim_set_irqs() - Tell the simulator which IRQs the MSC signals.
 * @sim: the MSC.
 * @error_irq: the Linux IRQ of the error interrupt, 0 for none.
 * @overflow_irq: the Linux IRQ of the overflow interrupt, 0 for none.
 */
void mpam_sim_set_irqs(struct mpam_sim_msc *sim, int error_irq, int overflow_irq)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->lock, flags);
	sim->error_irq = error_irq;
	sim->overflow_irq = overflow_irq;
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	mpam_sim_irq_sync(sim);
}

/**
 * mpam_sim_get_stats() - What the simulator has seen of an MSC.
 * @sim: the MSC.
 * @stats: filled in.
 */
void mpam_sim_get_stats(struct mpam_sim_msc *sim, struct mpam_sim_stats *stats)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->lock, flags);
	*stats = sim->stats;
	raw_spin_unlock_irqrestore(&sim->lock, flags);
}

static void sim_free(struct mpam_sim_msc *sim)
{
	unsigned int i;

	for (i = 0; i < sim->desc.nr_ris; i++) {
		struct mpam_sim_ris *ris = &sim->ris[i];

		kvfree(ris->cpbm);
		kvfree(ris->cmax);
		kvfree(ris->cmin);
		kvfree(ris->cassoc);
		kvfree(ris->mbw_min);
		kvfree(ris->mbw_max);
		kvfree(ris->mbw_pbm);
		kvfree(ris->mbw_prop);
		kvfree(ris->pri);
		kvfree(ris->intpartid);
		kvfree(ris->occupancy);
		bitmap_free(ris->occ_partids);
		kfree(ris->csu);
		kfree(ris->mbwu);
	}
	mpam_sim_errata_free(sim);
	kfree(sim);
}

static int sim_alloc_ris(struct mpam_sim_ris *ris, const struct mpam_sim_ris_desc *d)
{
	unsigned int nparts = d->partid_max + 1;

	ris->d = *d;
	ris->cpbm = kvcalloc(nparts * max(1U, cpbm_words(d)), sizeof(u32), GFP_KERNEL);
	ris->cmax = kvcalloc(nparts, sizeof(u32), GFP_KERNEL);
	ris->cmin = kvcalloc(nparts, sizeof(u32), GFP_KERNEL);
	ris->cassoc = kvcalloc(nparts, sizeof(u32), GFP_KERNEL);
	ris->mbw_min = kvcalloc(nparts, sizeof(u32), GFP_KERNEL);
	ris->mbw_max = kvcalloc(nparts, sizeof(u32), GFP_KERNEL);
	ris->mbw_pbm = kvcalloc(nparts * max(1U, bwpbm_words(d)), sizeof(u32), GFP_KERNEL);
	ris->mbw_prop = kvcalloc(nparts, sizeof(u32), GFP_KERNEL);
	ris->pri = kvcalloc(nparts, sizeof(u32), GFP_KERNEL);
	ris->intpartid = kvcalloc(nparts, sizeof(u16), GFP_KERNEL);
	ris->occupancy = kvcalloc(nparts * (d->pmg_max + 1), sizeof(u64), GFP_KERNEL);
	ris->occ_partids = bitmap_zalloc(nparts, GFP_KERNEL);
	ris->csu = kcalloc(max_t(u16, 1, d->num_csu_mon), sizeof(*ris->csu), GFP_KERNEL);
	ris->mbwu = kcalloc(max_t(u16, 1, d->num_mbwu_mon), sizeof(*ris->mbwu), GFP_KERNEL);
	if (!ris->cpbm || !ris->cmax || !ris->cmin || !ris->cassoc || !ris->mbw_min ||
	    !ris->mbw_max || !ris->mbw_pbm || !ris->mbw_prop || !ris->pri || !ris->intpartid ||
	    !ris->occupancy || !ris->occ_partids || !ris->csu || !ris->mbwu)
		return -ENOMEM;
	return 0;
}

/* Reject descriptions no hardware could have. */
static int sim_check_desc(const struct mpam_sim_msc_desc *desc)
{
	unsigned int i;

	if (!desc->nr_ris || desc->nr_ris > MPAM_SIM_MAX_RIS)
		return -EINVAL;
	for (i = 0; i < desc->nr_ris; i++) {
		const struct mpam_sim_ris_desc *d = &desc->ris[i];

		if (d->cpbm_wd > 128 || d->cmax_wd > 16 || d->bwa_wd > 63 ||
		    d->cassoc_wd > 16 || d->bwpbm_wd > 4096 || d->dspri_wd > 16 ||
		    (d->has_cmin && !d->cmax_wd) ||
		    d->intpri_wd > 16 || d->mbwu_scale > 31 ||
		    (d->num_mbwu_mon && d->mbwu_width != 31 && d->mbwu_width != 44 &&
		     d->mbwu_width != 63) ||
		    ((d->has_mbw_max || d->has_mbw_min) && !d->bwa_wd))
			return -EINVAL;
	}
	return 0;
}

/**
 * mpam_sim_msc_create() - Create a simulated MSC.
 * @desc: its hardware properties; copied.
 *
 * Return: the MSC, or an ERR_PTR(): -EINVAL for an impossible description,
 * -EEXIST when an MSC already sits at @desc->base, -ENOMEM.
 */
struct mpam_sim_msc *mpam_sim_msc_create(const struct mpam_sim_msc_desc *desc)
{
	struct mpam_sim_msc *sim, *other;
	unsigned int i;
	int err;

	err = sim_check_desc(desc);
	if (err)
		return ERR_PTR(err);

	sim = kzalloc(struct_size(sim, ris, desc->nr_ris), GFP_KERNEL);
	if (!sim)
		return ERR_PTR(-ENOMEM);
	sim->desc = *desc;
	raw_spin_lock_init(&sim->lock);
	INIT_LIST_HEAD(&sim->list);
	for (i = 0; i < desc->nr_ris; i++) {
		err = sim_alloc_ris(&sim->ris[i], &desc->ris[i]);
		if (err) {
			sim_free(sim);
			return ERR_PTR(err);
		}
	}
	mpam_sim_irq_init(sim);
	err = mpam_sim_errata_create(sim);
	if (err) {
		sim_free(sim);
		return ERR_PTR(err);
	}
	sim_reset_locked(sim, desc->fw_left);
	sim->powered = true;

	if (!desc->base)
		return sim;	/* a private MSC, for KUnit */

	mutex_lock(&mpam_sim_list_lock);
	list_for_each_entry(other, &mpam_sim_list, list) {
		if (other->desc.base == desc->base) {
			mutex_unlock(&mpam_sim_list_lock);
			sim_free(sim);
			return ERR_PTR(-EEXIST);
		}
	}
	list_add_tail_rcu(&sim->list, &mpam_sim_list);
	mutex_unlock(&mpam_sim_list_lock);
	mpam_sim_debugfs_add(sim);
	return sim;
}

/**
 * mpam_sim_msc_destroy() - Free a simulated MSC.
 * @sim: the MSC, no longer used by any driver.
 */
void mpam_sim_msc_destroy(struct mpam_sim_msc *sim)
{
	if (IS_ERR_OR_NULL(sim))
		return;
	if (sim->desc.base) {
		mpam_sim_debugfs_remove(sim);
		mutex_lock(&mpam_sim_list_lock);
		list_del_rcu(&sim->list);
		mutex_unlock(&mpam_sim_list_lock);
		synchronize_rcu();
	}
	sim_free(sim);
}

/**
 * mpam_sim_msc_find() - The simulated MSC firmware placed at @base.
 * @base: the physical address of the MSC's frame.
 *
 * Return: the MSC, NULL when the frame is real hardware, or
 * ERR_PTR(-ENODEV) when a parameter describes a simulated MSC there that
 * could not be created: nothing is behind that frame, it must not be mapped.
 */
struct mpam_sim_msc *mpam_sim_msc_find(phys_addr_t base)
{
	struct mpam_sim_msc *sim, *found = NULL;

	if (mpam_sim_param_failed(base))
		return ERR_PTR(-ENODEV);

	mutex_lock(&mpam_sim_list_lock);
	list_for_each_entry(sim, &mpam_sim_list, list) {
		if (sim->desc.base == base) {
			found = sim;
			break;
		}
	}
	mutex_unlock(&mpam_sim_list_lock);
	return found;
}

/**
 * mpam_sim_for_each() - Call @fn for every simulated MSC given as a parameter.
 * @fn: the callback.
 * @arg: passed to @fn.
 */
void mpam_sim_for_each(void (*fn)(struct mpam_sim_msc *sim, void *arg), void *arg)
{
	struct mpam_sim_msc *sim;

	mutex_lock(&mpam_sim_list_lock);
	list_for_each_entry(sim, &mpam_sim_list, list)
		fn(sim, arg);
	mutex_unlock(&mpam_sim_list_lock);
}
