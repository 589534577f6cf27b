// SPDX-License-Identifier: GPL-2.0
/*
 * Conversions between resctrl's units and MPAM's, kept apart from the glue
 * so that they can be tested exhaustively.
 */

#include <linux/bits.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/resctrl_types.h>

#include "mpam_glue_math.h"

/*
 * MPAMCFG_MBW_MAX holds a fixed-point fraction below one in bits 15:0, of
 * which only the BWA_WD most significant bits are implemented.  An
 * implemented value v (0 .. 2^wd - 1) is taken to allow up to (v + 1) / 2^wd
 * of the bandwidth - the top of its granule - so that all ones means "no
 * limit" (resctrl's 100%) and every width converts both ways by rounding to
 * the nearest representable value.
 */

/**
 * mpam_mbw_granularity() - The smallest step of a bandwidth control, in %.
 * @wd: implemented bits (MPAMF_MBW_IDR.BWA_WD), 1..16.
 *
 * Return: ceil(100 / 2^@wd), at least 1.
 */
unsigned int mpam_mbw_granularity(unsigned int wd)
{
	return DIV_ROUND_UP(100, 1U << wd);
}

/**
 * mpam_mbw_pct_to_fract() - Convert a percentage to an MBW_MAX/MIN field.
 * @pct: bandwidth in percent, 0..100 (larger values are taken as 100).
 * @wd: implemented bits (MPAMF_MBW_IDR.BWA_WD), 1..16.
 *
 * Return: the 16-bit register field, implemented bits MSB aligned.
 */
u16 mpam_mbw_pct_to_fract(unsigned int pct, unsigned int wd)
{
	unsigned int granules = DIV_ROUND_CLOSEST(min(pct, 100U) << wd, 100);
	unsigned int v = granules ? granules - 1 : 0;

	return v << (16 - wd);
}

/**
 * mpam_mbw_fract_to_pct() - Convert an MBW_MAX/MIN field to a percentage.
 * @fract: the 16-bit register field.
 * @wd: implemented bits (MPAMF_MBW_IDR.BWA_WD), 1..16.
 *
 * Unimplemented low bits are ignored, as the hardware does.
 *
 * Return: the nearest whole percentage, 100 for all ones.
 */
unsigned int mpam_mbw_fract_to_pct(u16 fract, unsigned int wd)
{
	unsigned int v = fract >> (16 - wd);

	return DIV_ROUND_CLOSEST((v + 1) * 100, 1U << wd);
}

/**
 * mpam_cntrs_for_monitors() - How many resctrl counters monitors can back.
 * @nr_monitors: bandwidth monitors available in every component.
 * @cdp: whether CDP is enabled, which needs a monitor per PARTID of a pair.
 *
 * Return: @nr_monitors, or half of it (rounded down) with CDP.
 */
unsigned int mpam_cntrs_for_monitors(unsigned int nr_monitors, bool cdp)
{
	return cdp ? nr_monitors / 2 : nr_monitors;
}

/**
 * mpam_closid_partids() - The PARTIDs a CLOSID uses.
 * @closid: resctrl CLOSID.
 * @cdp: whether CDP is enabled.
 * @partid_d: set to the PARTID of data accesses.
 * @partid_i: set to the PARTID of instruction fetches.
 *
 * Without CDP both are @closid.  With CDP they are the indexes fs/resctrl's
 * resctrl_get_config_index() gives: 2 * closid and 2 * closid + 1.
 */
void mpam_closid_partids(u32 closid, bool cdp, u16 *partid_d, u16 *partid_i)
{
	*partid_d = cdp ? 2 * closid : closid;
	*partid_i = cdp ? 2 * closid + 1 : closid;
}

/**
 * mpam_cntr_monitor() - Which pre-allocated monitor backs part of a counter.
 * @cntr_id: resctrl's counter id in a domain.
 * @part: 0, or 1 for the code PARTID's monitor with CDP.
 * @nr_mons: monitors per counter: 1, or 2 with CDP.
 *
 * Return: the position in the class's list of bandwidth monitors.
 */
unsigned int mpam_cntr_monitor(unsigned int cntr_id, unsigned int part, unsigned int nr_mons)
{
	return cntr_id * nr_mons + part;
}

/**
 * mpam_rmid_idx_encode() - Flatten a CLOSID/RMID pair.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID (a PMG).
 * @num_pmg: PMGs per PARTID.
 *
 * Return: closid * num_pmg + rmid; the same with or without CDP.
 */
u32 mpam_rmid_idx_encode(u32 closid, u32 rmid, u32 num_pmg)
{
	return closid * num_pmg + rmid;
}

/**
 * mpam_rmid_idx_decode() - Split an index from mpam_rmid_idx_encode().
 * @idx: the index.
 * @num_pmg: PMGs per PARTID.
 * @closid: set to the CLOSID.
 * @rmid: set to the RMID.
 */
void mpam_rmid_idx_decode(u32 idx, u32 num_pmg, u32 *closid, u32 *rmid)
{
	*closid = idx / num_pmg;
	*rmid = idx % num_pmg;
}

/*
 * resctrl's memory transaction kinds (event_filter) by what an MPAM
 * bandwidth monitor sees of them: a read, or a write (a dirty victim is
 * written back).  MSMON_CFG_MBWU_FLT.RWBW tells reads from writes and
 * nothing else: not local from remote, not slow memory from other memory,
 * not victims from non-temporal writes.
 */
#define MPAM_GLUE_READ_KINDS	(READS_TO_LOCAL_MEM | READS_TO_REMOTE_MEM | \
				 READS_TO_LOCAL_S_MEM | READS_TO_REMOTE_S_MEM)
#define MPAM_GLUE_WRITE_KINDS	(NON_TEMP_WRITE_TO_LOCAL_MEM | \
				 NON_TEMP_WRITE_TO_REMOTE_MEM | DIRTY_VICTIMS_TO_ALL_MEM)

/* fs/resctrl's names of the kinds (event_filter), in its order. */
#define MPAM_GLUE_READ_NAMES \
	"local_reads,remote_reads,local_reads_slow_memory,remote_reads_slow_memory"
#define MPAM_GLUE_WRITE_NAMES \
	"local_non_temporal_writes,remote_non_temporal_writes,dirty_victim_writes_all"

static const char mpam_glue_rw_choices[] = "MPAM counts all reads (" MPAM_GLUE_READ_NAMES
	"), all writes (" MPAM_GLUE_WRITE_NAMES "), or both";

/**
 * mpam_glue_filter_to_rw() - What a bandwidth monitor counts for an event filter.
 * @evt_cfg: resctrl memory transaction bits (MAX_EVT_CONFIG_BITS).
 * @rw: set to reads, writes or both.
 * @msg: on refusal, set to what can be counted, for last_cmd_status.
 *
 * Every read kind is reads, every write kind is writes, all seven are both.
 * Any other set, a subset of the reads say, would count transactions the
 * user left out: it is refused.
 *
 * Return: 0, or -EINVAL when no RWBW value counts exactly @evt_cfg.
 */
int mpam_glue_filter_to_rw(u32 evt_cfg, enum mpam_glue_rw *rw, const char **msg)
{
	switch (evt_cfg) {
	case MPAM_GLUE_READ_KINDS:
		*rw = MPAM_GLUE_RW_READS;
		return 0;
	case MPAM_GLUE_WRITE_KINDS:
		*rw = MPAM_GLUE_RW_WRITES;
		return 0;
	case MPAM_GLUE_READ_KINDS | MPAM_GLUE_WRITE_KINDS:
		*rw = MPAM_GLUE_RW_BOTH;
		return 0;
	}
	*msg = mpam_glue_rw_choices;
	return -EINVAL;
}
