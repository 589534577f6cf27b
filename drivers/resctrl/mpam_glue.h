/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MPAM resctrl glue's view of the hardware.
 *
 * The glue (mpam_glue.c) decides which class backs which resctrl resource and
 * event, maps CLOSID/RMID to PARTID/PMG and keeps the assignable-counter
 * state.  Everything it asks of the MSC core goes through the calls below,
 * implemented on top of the core in mpam_glue_hw.c.
 */
#ifndef __MPAM_GLUE_H
#define __MPAM_GLUE_H

#include <linux/cpumask.h>
#include <linux/types.h>

struct mpam_class;
struct mpam_comp;

enum mpam_glue_mon_type {
	MPAM_GLUE_MON_CSU,
	MPAM_GLUE_MON_MBWU,
};

/* Which accesses a bandwidth monitor counts. */
enum mpam_glue_rw {
	MPAM_GLUE_RW_BOTH,
	MPAM_GLUE_RW_READS,
	MPAM_GLUE_RW_WRITES,
};

/**
 * struct mpam_glue_caps - What a class can do in every one of its components.
 * @cpbm_wd: cache portion bitmap width, 0 without cache portion partitioning.
 * @bwa_wd: implemented bits of MBW_MAX, 0 without a maximum bandwidth control.
 * @num_csu: cache storage usage monitors every component has.
 * @num_mbwu: bandwidth usage monitors every component has.
 * @mbwu_wrap_shift: the class's bandwidth counters wrap after
 *		     2^mbwu_wrap_shift bytes at the soonest; 0 without any.
 * @mbwu_rw: the bandwidth monitors of every MSC of the class can count
 *	     reads only or writes only (MPAMF_MBWUMON_IDR.HAS_RWBW).
 */
struct mpam_glue_caps {
	u16	cpbm_wd;
	u8	bwa_wd;
	u16	num_csu;
	u16	num_mbwu;
	u8	mbwu_wrap_shift;
	bool	mbwu_rw;
};

/* Classes and components, as the MSC core merged them. */
struct mpam_class *mpam_glue_hw_cache_class(unsigned int level);
struct mpam_class *mpam_glue_hw_memory_class(void);
struct mpam_class *mpam_glue_hw_other_class(void);
void mpam_glue_hw_caps(struct mpam_class *class, struct mpam_glue_caps *caps);
unsigned int mpam_glue_hw_nr_comps(struct mpam_class *class);
struct mpam_comp *mpam_glue_hw_comp(struct mpam_class *class, unsigned int idx);
int mpam_glue_hw_comp_id(struct mpam_comp *comp);
const struct cpumask *mpam_glue_hw_comp_cpus(struct mpam_comp *comp);

/* The PARTIDs and PMGs every requestor and MSC supports. */
void mpam_glue_hw_label_space(u32 *num_partid, u32 *num_pmg);

/* Configuration of one PARTID in one component. */
int mpam_glue_hw_set_cpbm(struct mpam_comp *comp, u16 partid, u32 cpbm);
int mpam_glue_hw_set_mbw_max(struct mpam_comp *comp, u16 partid, u16 fract);
int mpam_glue_hw_reset_class(struct mpam_class *class);
int mpam_glue_hw_reset_comp(struct mpam_comp *comp);
bool mpam_glue_hw_comp_at_defaults(struct mpam_comp *comp);
void mpam_glue_hw_comp_forget(struct mpam_comp *comp);
bool mpam_glue_hw_can_pair_partids(struct mpam_class *class);
int mpam_glue_hw_pair_partids(struct mpam_class *class, bool pair);

/* The size of the largest cache of a cache class, in bytes; 0 if unknown. */
unsigned int mpam_glue_hw_cache_size(struct mpam_class *class);

/* Monitors: an index allocated in a class is valid in all its components. */
int mpam_glue_hw_mon_alloc(struct mpam_class *class, enum mpam_glue_mon_type type);
int mpam_glue_hw_csu_alloc_wait(struct mpam_class *class);
void mpam_glue_hw_mon_free(struct mpam_class *class, enum mpam_glue_mon_type type,
			   int idx);
int mpam_glue_hw_mon_config(struct mpam_comp *comp, enum mpam_glue_mon_type type,
			    int idx, u16 partid, u8 pmg);
int mpam_glue_hw_mbwu_config(struct mpam_comp *comp, int idx, u16 partid, u8 pmg,
			     enum mpam_glue_rw rw);
int mpam_glue_hw_mon_read(struct mpam_comp *comp, enum mpam_glue_mon_type type,
			  int idx, u64 *bytes);

#endif /* __MPAM_GLUE_H */
