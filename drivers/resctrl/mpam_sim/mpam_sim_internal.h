/* SPDX-License-Identifier: GPL-2.0 */
/* mpam_sim's own structures, shared by its files only. */
#ifndef __MPAM_SIM_INTERNAL_H
#define __MPAM_SIM_INTERNAL_H

#include <linux/atomic.h>
#include <linux/irq_work.h>
#include <linux/list.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "../mpam_sim.h"

struct dentry;
struct mpam_sim_errata;

/**
 * struct mpam_sim_mon - One monitor.
 * @ctl: MSMON_CFG_*_CTL as written (plus OFLOW_STATUS set by the model).
 * @flt: MSMON_CFG_*_FLT as written.
 * @bytes: every byte counted since creation (MBWU).
 * @base: @bytes when the counter last read zero; the counter is the
 *	  difference, cut to its width.
 * @nrdy_reads: value reads left that report NRDY.
 * @nrdy_since: ktime_get_ns() of the (re)configuration that set @nrdy_reads.
 * @last_nrdy: NRDY of the last low-half read of MSMON_MBWU_L.
 * @sw_nrdy: NRDY as software wrote it, for a RIS with csu_nrdy_sw.
 */
struct mpam_sim_mon {
	u32	ctl;
	u32	flt;
	u64	bytes;
	u64	base;
	u32	nrdy_reads;
	u64	nrdy_since;
	bool	last_nrdy;
	bool	sw_nrdy;
};

/**
 * struct mpam_sim_ris - One resource instance: its properties and state.
 * @d: the hardware properties.
 * @cpbm: cache portion bitmaps, DIV_ROUND_UP(cpbm_wd, 32) words per PARTID.
 * @cmax: MPAMCFG_CMAX per PARTID.
 * @cmin: MPAMCFG_CMIN per PARTID.
 * @cassoc: MPAMCFG_CASSOC per PARTID.
 * @mbw_min: MPAMCFG_MBW_MIN per PARTID.
 * @mbw_max: MPAMCFG_MBW_MAX per PARTID.
 * @mbw_pbm: bandwidth portion bitmaps, DIV_ROUND_UP(bwpbm_wd, 32) words per
 *	     PARTID.
 * @mbw_prop: MPAMCFG_MBW_PROP per PARTID.
 * @pri: MPAMCFG_PRI per PARTID (INTPRI and DSPRI).
 * @intpartid: internal PARTID of each request PARTID (with narrowing).
 * @occupancy: bytes each (PARTID, PMG) occupies, PARTID-major.
 * @occ_partids: the PARTIDs that may occupy something (a superset): the
 *		 background model displaces only those, and a CSU monitor that
 *		 does not match one PARTID sums only those, so that neither a
 *		 tick nor a read grows with the label space.
 * @csu: the cache storage usage monitors.
 * @mbwu: the bandwidth usage monitors.
 * @traffic: every byte of traffic that passed through the RIS, whatever its
 *	     label and whether or not a monitor counted it (the PMU's count).
 */
struct mpam_sim_ris {
	struct mpam_sim_ris_desc	d;
	u32				*cpbm;
	u32				*cmax;
	u32				*cmin;
	u32				*cassoc;
	u32				*mbw_min;
	u32				*mbw_max;
	u32				*mbw_pbm;
	u32				*mbw_prop;
	u32				*pri;
	u16				*intpartid;
	u64				*occupancy;
	unsigned long			*occ_partids;
	struct mpam_sim_mon		*csu;
	struct mpam_sim_mon		*mbwu;
	u64				traffic;
};

/**
 * struct mpam_sim_msc - One simulated MSC.
 * @list: in the list of MSCs given as parameters.
 * @desc: the hardware properties.
 * @lock: protects everything below; taken with interrupts off because the
 *	  driver accesses registers from interrupt context.
 * @powered: false after a power-down, until the next write.
 * @part_sel: MPAMCFG_PART_SEL.
 * @part_sel_bad: the last PART_SEL write selected nothing valid.
 * @mon_sel: MSMON_CFG_MON_SEL.
 * @mon_sel_bad: the last MON_SEL write selected nothing valid.
 * @ecr: MPAMF_ECR.
 * @esr_lo: MPAMF_ESR, low word.
 * @esr_hi: MPAMF_ESR, high word.
 * @errors: errors the model detected, recorded in ESR or not.
 * @nrdy_stuck: every monitor read reports NRDY.
 * @tear_bytes: traffic to add between the halves of the next long read.
 * @error_irq: Linux IRQ of the error interrupt, 0 for none.
 * @overflow_irq: Linux IRQ of the overflow interrupt, 0 for none.
 * @raise_error_irq: make @error_irq pending once the lock is dropped.
 * @raise_overflow_irq: make @overflow_irq pending once the lock is dropped.
 * @ppi_work: raises PPIs on a CPU that reaches the MSC (mpam_sim_irq.c).
 * @ppi_pending: the error and overflow PPIs @ppi_work is to raise, 0 for none.
 * @quiet_bad_context: count bad-context accesses without a WARN (KUnit).
 * @irqoff_run: accesses in the current interrupts-off stretch.
 * @irqoff_cpu: the CPU that stretch runs on.
 * @stats: access counts.
 * @debugfs: the MSC's debugfs directory.
 * @errata: the state of its errata's misbehaviour (mpam_sim_errata.c),
 *	    NULL when its IIDR has none that needs state.
 * @ris: the resource instances.
 */
struct mpam_sim_msc {
	struct list_head		list;
	struct mpam_sim_msc_desc	desc;
	raw_spinlock_t			lock;
	bool				powered;
	u32				part_sel;
	bool				part_sel_bad;
	u32				mon_sel;
	bool				mon_sel_bad;
	u32				ecr;
	u32				esr_lo;
	u32				esr_hi;
	u64				errors;
	bool				nrdy_stuck;
	u64				tear_bytes;
	int				error_irq;
	int				overflow_irq;
	bool				raise_error_irq;
	bool				raise_overflow_irq;
	struct irq_work			ppi_work;
	atomic_t			ppi_pending[2];
	bool				quiet_bad_context;
	u64				irqoff_run;
	int				irqoff_cpu;
	struct mpam_sim_stats		stats;
	struct dentry			*debugfs;
	struct mpam_sim_errata		*errata;
	struct mpam_sim_ris		ris[];
};

void mpam_sim_debugfs_add(struct mpam_sim_msc *sim);
void mpam_sim_debugfs_remove(struct mpam_sim_msc *sim);
void mpam_sim_for_each(void (*fn)(struct mpam_sim_msc *sim, void *arg), void *arg);
void mpam_sim_background_debugfs(struct dentry *root);
bool mpam_sim_param_failed(phys_addr_t base);

/* Every MSC given as a parameter, under rcu_read_lock(). */
extern struct list_head mpam_sim_list;
#define mpam_sim_for_each_rcu(sim) \
	list_for_each_entry_rcu(sim, &mpam_sim_list, list)
void mpam_sim_set_tear(struct mpam_sim_msc *sim, u64 bytes);

/* mpam_sim_irq.c: raising the MSC's interrupts, SPIs or PPIs. */
void mpam_sim_irq_init(struct mpam_sim_msc *sim);
void mpam_sim_irq_sync(struct mpam_sim_msc *sim);
void mpam_sim_raise_irq(struct mpam_sim_msc *sim, unsigned int which, int irq);

/* mpam_sim_errata.c: what MSCs with errata get wrong. */
int mpam_sim_errata_create(struct mpam_sim_msc *sim);
void mpam_sim_errata_free(struct mpam_sim_msc *sim);
void mpam_sim_errata_reset(struct mpam_sim_msc *sim);
void mpam_sim_errata_mbw_write(struct mpam_sim_msc *sim, unsigned int ris, u16 partid);
bool mpam_sim_errata_csu_nrdy(struct mpam_sim_msc *sim);
bool mpam_sim_errata_mbw_in_effect(struct mpam_sim_msc *sim, unsigned int ris, u16 partid,
				   u32 *mbw_min, u32 *mbw_max);

/* The internal PARTID that traffic of request @partid uses in @ris. */
static inline u16 mpam_sim_traffic_partid(const struct mpam_sim_ris *ris, u16 partid)
{
	return ris->d.has_partid_nrw ? ris->intpartid[partid] : partid;
}

#endif /* __MPAM_SIM_INTERNAL_H */
