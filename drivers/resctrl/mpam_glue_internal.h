/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MPAM resctrl glue's own state, shared by its files: mpam_glue.c
 * (resources, controls, CDP, domains, setup) and mpam_glue_mon.c
 * (monitors, limbo, assignable counters).
 *
 * Locking: the state is changed only under resctrl's rdtgroup_mutex (every
 * hook that touches it is called with it held, see the table in
 * include/linux/resctrl.h) or from the glue's CPU hotplug callbacks, which
 * run with the hotplug lock held for writing and so exclude every hook that
 * holds cpus_read_lock().  Domain lists are RCU lists, as fs/resctrl wants.
 */
#ifndef __MPAM_GLUE_INTERNAL_H
#define __MPAM_GLUE_INTERNAL_H

#include <linux/resctrl.h>
#include <linux/types.h>

#include "mpam_glue.h"
#include "mpam_glue_math.h"

struct mpam_class;
struct mpam_comp;

/**
 * struct mpam_glue_res - One resctrl resource and what backs it.
 * @resctrl_res: the resource fs/resctrl sees.
 * @class: the class that backs it, NULL when the resource is not capable.
 * @caps: what every component of @class can do.
 * @ctrl_backed: @class backs the resource's controls: the glue keeps its
 *		 control domains, even while alloc_capable is cleared (MB
 *		 under CDP without PARTID narrowing).
 * @cdp_pairs: under CDP, the two PARTIDs of a CLOSID share one internal
 *	       PARTID in @class (MB with narrowing).
 * @cdp_enabled: CDP is on for this resource (L3 or L2): code and data have
 *		 a schema each.  Changed under rdtgroup_mutex.
 */
struct mpam_glue_res {
	struct rdt_resource		resctrl_res;
	struct mpam_class		*class;
	struct mpam_glue_caps		caps;
	bool				ctrl_backed;
	bool				cdp_pairs;
	bool				cdp_enabled;
};

/**
 * struct mpam_glue_ctrl_dom - A control domain.
 * @resctrl_dom: the domain fs/resctrl sees.
 * @comp: the component its configuration is written to.
 * @nr_cfg: entries in @cfg, one per PARTID.
 * @cfg: the value resctrl last set for each PARTID (bitmap or percentage).
 */
struct mpam_glue_ctrl_dom {
	struct rdt_ctrl_domain		resctrl_dom;
	struct mpam_comp	*comp;
	unsigned int			nr_cfg;
	u32				cfg[] __counted_by(nr_cfg);
};

/**
 * struct mpam_glue_cntr - One assignable counter of one monitor domain.
 * @assigned: fs/resctrl assigned it (resctrl_arch_config_cntr()).
 * @nr_mons: the monitors it uses: one, or two (data, code) with CDP.
 * @partid: the PARTID each monitor counts.
 * @pmg: the PMG the monitors count.
 * @rw: reads, writes or both: the event's filter when it was assigned or
 *	the filter last changed.
 * @err: a failure of resctrl_arch_config_cntr(), which cannot return one,
 *	 reported by the next read.
 * @fresh: programmed and not read since: its monitors count from their
 *	   programming, which fs/resctrl resets right after (see
 *	   resctrl_arch_reset_cntr()).  Like the other fields, written and
 *	   read under rdtgroup_mutex (reads from the CPU that fs/resctrl
 *	   calls, while it waits holding the mutex).
 */
struct mpam_glue_cntr {
	bool	assigned;
	bool	fresh;
	u8	nr_mons;
	u8	pmg;
	u16	partid[2];
	enum mpam_glue_rw	rw;
	int	err;
};

/**
 * struct mpam_glue_mon_dom - A monitor domain of L3.
 * @resctrl_dom: the domain fs/resctrl sees.
 * @comp: the L3 component, whose CSU monitors it reads.
 * @mbwu_comp: the component whose MBWU monitors back its counters: @comp,
 *	       or the memory component with the same CPUs; NULL for none.
 * @nr_cntrs: entries in @cntrs: one per MBWU monitor, the most counters the
 *	      domain can have (without CDP).
 * @cntrs: the assignable counters, indexed by resctrl's cntr_id.
 */
struct mpam_glue_mon_dom {
	struct rdt_l3_mon_domain	resctrl_dom;
	struct mpam_comp		*comp;
	struct mpam_comp		*mbwu_comp;
	unsigned int			nr_cntrs;
	struct mpam_glue_cntr		cntrs[] __counted_by(nr_cntrs);
};

extern struct mpam_glue_res mpam_glue_res[RDT_NUM_RESOURCES];

/* Sizes of the label space exposed to resctrl; fixed once resctrl is up. */
extern u32 mpam_glue_num_closid;
extern u32 mpam_glue_num_pmg;

/* The PARTID pair of CDP is in use (CDP on L3 or L2).  Changed only under rdtgroup_mutex. */
extern bool mpam_glue_cdp;

/*
 * The class whose MBWU monitors back mbm_total_bytes: the L3's, or the
 * memory controllers' where they map one to one onto L3 domains.  The
 * monitors allocated in it; counter c uses mbwu_mon[c].  Set up before
 * resctrl_init(), freed after resctrl_exit().
 */
extern struct mpam_class *mpam_glue_mbwu_class;
extern int *mpam_glue_mbwu_mon;
extern unsigned int mpam_glue_nr_mbwu_mon;

/* Set once MPAM is torn down after an error: every hook then fails. */
extern bool mpam_glue_dead;

static inline struct mpam_glue_res *to_glue_res(struct rdt_resource *r)
{
	return container_of(r, struct mpam_glue_res, resctrl_res);
}

static inline struct mpam_glue_ctrl_dom *to_glue_ctrl_dom(struct rdt_ctrl_domain *d)
{
	return container_of(d, struct mpam_glue_ctrl_dom, resctrl_dom);
}

static inline struct mpam_glue_mon_dom *to_glue_mon_dom(struct rdt_l3_mon_domain *d)
{
	return container_of(d, struct mpam_glue_mon_dom, resctrl_dom);
}

/* The data and code PARTIDs of @closid: the same one without CDP. */
static inline void mpam_glue_partids(u32 closid, u16 *partid_d, u16 *partid_i)
{
	mpam_closid_partids(closid, mpam_glue_cdp, partid_d, partid_i);
}

/* mpam_glue.c */
struct mpam_comp *mpam_glue_comp_of_cpu(struct mpam_class *class, unsigned int cpu);
bool mpam_glue_cpumask_equal_comps(struct mpam_class *a, struct mpam_class *b);

/* mpam_glue_mon.c */
void mpam_glue_setup_monitors(struct mpam_class *mem);
void mpam_glue_free_mbwu_counters(void);
void mpam_glue_free_limbo(void);
void mpam_glue_mon_debugfs_init(void);
void mpam_glue_note_label(u32 closid, u32 rmid);
void mpam_glue_note_idx_modes(void);

#endif /* __MPAM_GLUE_INTERNAL_H */
