/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MPAM MSC driver core: MSCs, their resource instances (RIS), and the
 * classes and components they are grouped into.
 *
 *   struct mpam_system       everything below; one live instance, KUnit
 *    `- struct mpam_class    makes private ones
 *        `- struct mpam_comp       e.g. "L3 cache id 2", "memory node 1"
 *            `- struct mpam_ris    one RIS of one MSC controlling it
 *   struct mpam_msc          an MSC: registers, lock, its RIS
 */
#ifndef __MPAM_CORE_H
#define __MPAM_CORE_H

#include <linux/arm_mpam.h>
#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "mpam_regs.h"
#include "mpam_sim.h"

struct device;
struct dentry;
struct mpam_msc_ppis;
struct mpam_sim_msc;
struct resource;

/**
 * struct mpam_feat - What a RIS, or every RIS of a class, can do.
 * @partid_max: largest PARTID.
 * @pmg_max: largest PMG.
 * @cpbm_wd: cache portion bitmap width, 0 for none.
 * @cmax_wd: cache capacity (CMAX) width, 0 for none.
 * @has_cmin: minimum cache capacity control (MPAMCFG_CMIN), @cmax_wd wide.
 * @cassoc_wd: cache associativity (CASSOC) width, 0 for none.
 * @bwa_wd: implemented bits of MBW_MIN/MAX, 0 for none.
 * @has_mbw_max: maximum bandwidth control.
 * @has_mbw_min: minimum bandwidth control.
 * @bwpbm_wd: bandwidth portion bitmap (MBW_PBM) width, 0 for none.
 * @has_mbw_prop: proportional stride bandwidth control (MBW_PROP).
 * @intpri_wd: internal priority width, 0 for none.
 * @intpri_0_is_low: INTPRI 0 is the lowest priority, not the highest.
 * @dspri_wd: downstream priority width, 0 for none.
 * @dspri_0_is_low: DSPRI 0 is the lowest priority, not the highest.
 * @has_partid_nrw: PARTID narrowing is implemented.
 * @intpartid_max: largest internal PARTID, with narrowing.
 * @num_csu: cache storage usage monitors.
 * @num_mbwu: bandwidth usage monitors.
 * @mbwu_width: bandwidth counter width: 31, 44 or 63.
 * @mbwu_scale: MBWUMON_IDR.SCALE: the 31-bit counter counts bytes >> scale.
 * @has_rwbw: bandwidth monitors can filter reads and writes.
 */
struct mpam_feat {
	u16	partid_max;
	u8	pmg_max;
	u16	cpbm_wd;
	u8	cmax_wd;
	bool	has_cmin;
	u8	cassoc_wd;
	u8	bwa_wd;
	bool	has_mbw_max;
	bool	has_mbw_min;
	u16	bwpbm_wd;
	bool	has_mbw_prop;
	u8	intpri_wd;
	bool	intpri_0_is_low;
	u8	dspri_wd;
	bool	dspri_0_is_low;
	bool	has_partid_nrw;
	u16	intpartid_max;
	u16	num_csu;
	u16	num_mbwu;
	u8	mbwu_width;
	u8	mbwu_scale;
	bool	has_rwbw;
};

enum mpam_mon_type {
	MPAM_MON_CSU,
	MPAM_MON_MBWU,
	MPAM_MON_NR_TYPES,
};

/**
 * enum mpam_ctrl - A per-PARTID control, as mpam_comp_set_ctrl() takes it.
 * @MPAM_CTRL_CPBM: cache portion bitmap, one bit per portion.
 * @MPAM_CTRL_CMAX: cache capacity limit, a fraction MSB aligned in 16 bits.
 * @MPAM_CTRL_MBW_MIN: minimum bandwidth, a fraction MSB aligned in 16 bits.
 * @MPAM_CTRL_MBW_MAX: maximum bandwidth, a fraction MSB aligned in 16 bits.
 * @MPAM_CTRL_INTPRI: internal priority, right aligned.
 * @MPAM_CTRL_NR: the number of controls.
 */
enum mpam_ctrl {
	MPAM_CTRL_CPBM,
	MPAM_CTRL_CMAX,
	MPAM_CTRL_MBW_MIN,
	MPAM_CTRL_MBW_MAX,
	MPAM_CTRL_INTPRI,
	MPAM_CTRL_NR,
};

/**
 * struct mpam_partid_cfg - What one PARTID of one RIS is configured with.
 * @cpbm: cache portion bitmap (up to 64 portions).
 * @cmax: MPAMCFG_CMAX.CMAX.
 * @mbw_min: MPAMCFG_MBW_MIN.MIN, before errata.
 * @mbw_max: MPAMCFG_MBW_MAX.MAX.
 * @intpri: MPAMCFG_PRI.INTPRI.
 *
 * The driver's copy, written to the hardware on every change and again
 * whenever the MSC may have lost it.  The controls resctrl never changes
 * are not kept: CMIN, CASSOC, MBW_PBM, MBW_PROP and DSPRI are always
 * written with their defaults (see mpam_ris_write_partid()).
 */
struct mpam_partid_cfg {
	u64	cpbm;
	u16	cmax;
	u16	mbw_min;
	u16	mbw_max;
	u16	intpri;
};

/**
 * struct mpam_mon_cfg - What a monitor counts.
 * @partid: the PARTID to match.
 * @pmg: the PMG to match.
 * @match_partid: count only @partid; otherwise every PARTID.
 * @match_pmg: count only @pmg; otherwise every PMG.
 * @rwbw: bandwidth monitors: reads, writes or both (MSMON_CFG_MBWU_FLT.RWBW);
 *	  only MPAM_RWBW_BOTH unless the class has_rwbw.
 */
struct mpam_mon_cfg {
	u16			partid;
	u8			pmg;
	bool			match_partid;
	bool			match_pmg;
	enum mpam_mbwu_rwbw	rwbw;
};

/**
 * enum mpam_quirk - Workarounds an MSC needs, selected by its IIDR.
 * @MPAM_QUIRK_MBW_MIN_NONZERO: T241-MPAM-4, never write a zero MBW_MIN.
 * @MPAM_QUIRK_MBWU_64B_UNITS: T241-MPAM-6, bandwidth counters count 64-byte
 *			       requests, not bytes.
 * @MPAM_QUIRK_T241_MBW_SHADOWS: T241-MPAM-1, a bandwidth control takes effect
 *				 once the slices' shadows agree and the spare
 *				 registers are written.
 * @MPAM_QUIRK_CSU_NRDY_STUCK: CMN-650 #3642720, the NRDY bit of a CSU monitor
 *			       may never clear: once the not-ready time is
 *			       over, the value is used.
 */
enum mpam_quirk {
	MPAM_QUIRK_MBW_MIN_NONZERO,
	MPAM_QUIRK_MBWU_64B_UNITS,
	MPAM_QUIRK_T241_MBW_SHADOWS,
	MPAM_QUIRK_CSU_NRDY_STUCK,
};

/**
 * struct mpam_mon_state - What the driver programmed into a monitor.
 * @flt: MSMON_CFG_*_FLT, as last written.
 * @ctl: MSMON_CFG_*_CTL, as last written; 0 for never.
 * @prev: the counter value of the last read, for overflow correction.
 * @bytes: bytes counted since the monitor was configured.
 * @wraps: wraps the overflow interrupt saw (and cleared) while the counter
 *	   was not ready, for the next look at it to add.
 *
 * The shadow lets a steady-state read skip reading CTL/FLT back, and lets a
 * restore after power loss put the monitor back as it was.
 */
struct mpam_mon_state {
	u32	flt;
	u32	ctl;
	u64	prev;
	u64	bytes;
	u32	wraps;
};

/**
 * struct mpam_ris - One resource instance of an MSC.
 * @msc: the MSC.
 * @idx: its index, MPAMCFG_PART_SEL.RIS.
 * @fw: what firmware says it controls.
 * @feat: its features, from its ID registers.
 * @comp: the component it belongs to.
 * @comp_node: in @comp's list.
 * @cfg: the configuration of each PARTID the system uses.
 * @mon: the state of each monitor, per type.
 * @pair_partids: with narrowing, request PARTIDs 2n and 2n + 1 both use
 *		  internal PARTID 2n (CDP, mpam_class_pair_partids()).
 * @mon_alias: per monitor type, its monitors see what those of an earlier
 *	       RIS of the same MSC and component see (aliasing RIS,
 *	       mpam_feat_merge_alias()): they are not used.  Set at enable.
 * @csu_nrdy_sw: the NRDY bit of its CSU monitors is not managed by the
 *		 hardware (probed, mpam_ris_probe_csu_nrdy()): it is ignored.
 *
 * @cfg, @mon and @pair_partids are protected by the MSC's lock.
 */
struct mpam_ris {
	struct mpam_msc		*msc;
	u8			idx;
	struct mpam_fw_ris	fw;
	struct mpam_feat	feat;
	struct mpam_comp	*comp;
	struct list_head	comp_node;
	struct mpam_partid_cfg	*cfg;
	struct mpam_mon_state	*mon[MPAM_MON_NR_TYPES];
	bool			pair_partids;
	bool			mon_alias[MPAM_MON_NR_TYPES];
	bool			csu_nrdy_sw;
};

/**
 * struct mpam_msc - A memory system component.
 * @node: in the system's list of MSCs.
 * @dev: the platform device, NULL for MSCs KUnit creates.
 * @id: firmware's identifier.
 * @phys: the physical address of the frame.
 * @base: the mapped frame, for real MSCs.
 * @frame_size: the size of the frame firmware describes; the accessors
 *		refuse any register past it.  0 for the MSCs KUnit creates,
 *		which have no frame.
 * @sim: the simulated MSC, for simulated ones (never ioremapped).
 * @lock: serialises every register access sequence (PART_SEL/MON_SEL then
 *	  the selected registers); taken with interrupts off, from IPIs too.
 * @mon_sel: what the driver last wrote to MSMON_CFG_MON_SEL, when
 *	     @mon_sel_valid; protected by @lock.
 * @mon_sel_valid: the MSC still holds @mon_sel: cleared when it may have
 *		   lost it (power-down, reset, an error).
 * @accessible: CPUs that can reach the registers.
 * @nrdy_usec: longest not-ready time of a monitor.
 * @iidr: MPAMF_IIDR, which selects errata.
 * @aidr: MPAMF_AIDR.
 * @has_esr: errors are reported in MPAMF_ESR.
 * @quirks: enum mpam_quirk bits, the errata workarounds it needs.
 * @mbwu_bytes_per_unit: bytes one MBWU count stands for (erratum T241-MPAM-6).
 * @t241_scratch: the NVIDIA T241 scratch region of the MSC's chip, mapped
 *		  for erratum T241-MPAM-1 (never for a simulated MSC).
 * @error_irq: the error interrupt, 0 for none.
 * @overflow_irq: the overflow interrupt, 0 for none: bandwidth monitors
 *		  signal each wrap, so that none is missed between reads.
 * @overflows: wraps the overflow interrupt accounted for, for debugfs and
 *	       tests; under @lock.
 * @ppis: its interrupts that are PPIs (mpam_irq.c), NULL for none.
 * @nr_ris: entries in @ris.
 * @ris: the resource instances.
 */
struct mpam_msc {
	struct list_head	node;
	struct device		*dev;
	u32			id;
	phys_addr_t		phys;
	void __iomem		*base;
	resource_size_t		frame_size;
	struct mpam_sim_msc	*sim;
	raw_spinlock_t		lock;
	u32			mon_sel;
	bool			mon_sel_valid;
	cpumask_t		accessible;
	u32			nrdy_usec;
	u32			iidr;
	u32			aidr;
	bool			has_esr;
	unsigned long		quirks;
	u32			mbwu_bytes_per_unit;
	void __iomem		*t241_scratch;
	int			error_irq;
	int			overflow_irq;
	u64			overflows;
	struct mpam_msc_ppis	*ppis;
	unsigned int		nr_ris;
	struct mpam_ris		ris[] __counted_by(nr_ris);
};

/**
 * struct mpam_comp - A component: the RIS that control one cache or node.
 * @node: in the class's list.
 * @class: the class.
 * @id: cache id or NUMA node.
 * @cpus: the CPUs whose accesses it sees (from firmware).
 * @ris: the RIS, linked by comp_node.
 * @ctrls_changed: a control was set since the last reset: the component may
 *		   hold something other than the defaults.  Set and cleared
 *		   by callers that serialise configuration (resctrl's mutex,
 *		   the system's lock).
 */
struct mpam_comp {
	struct list_head	node;
	struct mpam_class	*class;
	int			id;
	cpumask_t		cpus;
	struct list_head	ris;
	bool			ctrls_changed;
};

/**
 * struct mpam_class - Every component of one kind, e.g. the L3 caches.
 * @node: in the system's list.
 * @type: cache, memory or other.
 * @level: cache level, for caches.
 * @feat: what every RIS of the class can do (the merge).
 * @nr_ris: RIS merged into @feat.
 * @nr_comps: entries in @comps.
 * @comps: the components, sorted by id.
 * @mon_used: allocated monitor indexes per type, @feat.num_* bits; an index
 *	      is valid in every component.  Protected by the system's mon_lock.
 */
struct mpam_class {
	struct list_head	node;
	enum mpam_fw_ris_type	type;
	u8			level;
	struct mpam_feat	feat;
	unsigned int		nr_ris;
	unsigned int		nr_comps;
	struct list_head	comps;
	unsigned long		*mon_used[MPAM_MON_NR_TYPES];
};

/**
 * struct mpam_system - MSCs and the topology built from them.
 * @lock: protects the lists and @enabled against probe/remove.
 * @mon_lock: protects the classes' monitor bitmaps; may be taken under @lock.
 * @mscs: every MSC.
 * @classes: every class, built when MPAM is enabled.
 * @partid_max: largest PARTID every requestor and MSC supports.
 * @pmg_max: largest PMG every requestor and MSC supports.
 * @enabled: the topology is built and configured.
 * @disabled: MPAM was turned off after an error; no way back.
 * @off_reason: why MPAM is not on, for debugfs: an MSC that failed to
 *		probe, or the error that disabled it; NULL otherwise.
 */
struct mpam_system {
	struct mutex		lock;		/* see above */
	struct mutex		mon_lock;	/* see above */
	struct list_head	mscs;
	struct list_head	classes;
	u16			partid_max;
	u8			pmg_max;
	bool			enabled;
	bool			disabled;
	const char		*off_reason;
};

/**
 * mpam_msc_lock() - Take @msc's register lock, interrupts off.
 * @msc: the MSC.
 *
 * Every register access sequence runs under it.  A simulated MSC is told,
 * so that it can measure how long interrupts stay off around its registers.
 *
 * Return: the interrupt flags for mpam_msc_unlock().
 */
static inline unsigned long mpam_msc_lock(struct mpam_msc *msc)
	__acquires(&msc->lock)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&msc->lock, flags);
	if (IS_ENABLED(CONFIG_ARM64_MPAM_SIM) && msc->sim)
		mpam_sim_lock_section(msc->sim, irqs_disabled_flags(flags));
	return flags;
}

/**
 * mpam_msc_unlock() - Drop @msc's register lock.
 * @msc: the MSC.
 * @flags: from mpam_msc_lock().
 */
static inline void mpam_msc_unlock(struct mpam_msc *msc, unsigned long flags)
	__releases(&msc->lock)
{
	raw_spin_unlock_irqrestore(&msc->lock, flags);
}

/* mpam_io.c: the one pair of register accessors. */
u32 mpam_msc_read(struct mpam_msc *msc, u32 offset);
void mpam_msc_write(struct mpam_msc *msc, u32 offset, u32 val);
void mpam_msc_select_mon(struct mpam_msc *msc, u8 ris, u16 mon);
void mpam_msc_forget_mon_sel(struct mpam_msc *msc);
int mpam_msc_map(struct mpam_msc *msc, struct device *dev, struct resource *res);
u32 mpam_msc_frame_needed(const struct mpam_msc *msc);
int mpam_msc_check_frame(struct mpam_msc *msc);
int mpam_msc_map_t241_scratch(struct mpam_msc *msc);
u64 mpam_msc_t241_read(struct mpam_msc *msc, u32 offset);
void mpam_msc_t241_write(struct mpam_msc *msc, u32 offset, u64 val);

/* mpam_core.c */
void mpam_system_init(struct mpam_system *sys);
int mpam_msc_run(struct mpam_msc *msc, smp_call_func_t fn, void *arg);
int mpam_msc_call(struct mpam_msc *msc, int (*fn)(void *arg), void *arg);
struct mpam_msc *mpam_msc_create(const struct mpam_fw_msc *fw);
void mpam_msc_free(struct mpam_msc *msc);
int mpam_msc_read_features(struct mpam_msc *msc);
int mpam_system_add_msc(struct mpam_system *sys, struct mpam_msc *msc);
void mpam_system_remove_msc(struct mpam_system *sys, struct mpam_msc *msc);
int mpam_system_enable(struct mpam_system *sys, u16 req_partid_max, u8 req_pmg_max);
void mpam_system_teardown(struct mpam_system *sys);
struct mpam_class *mpam_system_find_class(struct mpam_system *sys,
					  enum mpam_fw_ris_type type, u8 level);
void mpam_feat_merge(struct mpam_feat *into, const struct mpam_feat *from);
void mpam_feat_merge_alias(struct mpam_feat *into, struct mpam_ris *ris);

/* mpam_config.c */
void mpam_ris_reset_shadow(struct mpam_ris *ris, u16 partid_max);
int mpam_comp_set_ctrl(struct mpam_comp *comp, u16 partid, enum mpam_ctrl ctrl, u64 val);
int mpam_comp_get_ctrl(struct mpam_comp *comp, u16 partid, enum mpam_ctrl ctrl, u64 *val);
int mpam_comp_set_cpbm(struct mpam_comp *comp, u16 partid, u64 cpbm);
int mpam_comp_set_mbw_max(struct mpam_comp *comp, u16 partid, u16 fract);
int mpam_comp_get_cpbm(struct mpam_comp *comp, u16 partid, u64 *cpbm);
int mpam_comp_reset(struct mpam_system *sys, struct mpam_comp *comp);
bool mpam_comp_at_defaults(struct mpam_comp *comp);
void mpam_comp_forget(struct mpam_comp *comp);
int mpam_class_reset(struct mpam_system *sys, struct mpam_class *class);
bool mpam_class_can_pair_partids(struct mpam_class *class);
int mpam_class_pair_partids(struct mpam_system *sys, struct mpam_class *class, bool pair);
int mpam_msc_restore(struct mpam_msc *msc, u16 partid_max);

/* mpam_mon.c */
void mpam_ris_write_mon(struct mpam_msc *msc, struct mpam_ris *ris,
			enum mpam_mon_type type, int idx);
int mpam_class_mon_alloc(struct mpam_system *sys, struct mpam_class *class,
			 enum mpam_mon_type type);
/* The longest mpam_class_mon_alloc_wait() waits for a monitor to be freed. */
#define MPAM_MON_WAIT_MSEC	10
int mpam_class_mon_alloc_wait(struct mpam_system *sys, struct mpam_class *class,
			      enum mpam_mon_type type);
void mpam_class_mon_free(struct mpam_system *sys, struct mpam_class *class,
			 enum mpam_mon_type type, int idx);
unsigned int mpam_class_mbwu_wrap_shift(struct mpam_class *class);
unsigned int mpam_class_mon_allocated(struct mpam_system *sys, struct mpam_class *class,
				      enum mpam_mon_type type);
int mpam_comp_mon_config(struct mpam_comp *comp, enum mpam_mon_type type, int idx,
			 u16 partid, u8 pmg);
int mpam_comp_mon_setup(struct mpam_comp *comp, enum mpam_mon_type type, int idx,
			const struct mpam_mon_cfg *cfg);
int mpam_comp_mon_read(struct mpam_comp *comp, enum mpam_mon_type type, int idx,
		       u64 *bytes);
unsigned int mpam_msc_handle_overflow(struct mpam_msc *msc);
void mpam_ris_probe_csu_nrdy(struct mpam_msc *msc, struct mpam_ris *ris);

/* mpam_irq.c */
int mpam_msc_request_irqs(struct device *dev, struct mpam_msc *msc, int error_irq,
			  int overflow_irq);
void mpam_msc_free_irqs(struct device *dev, struct mpam_msc *msc);

const char *mpam_errcode_name(u8 errcode);

/* mpam_errata.c */
void mpam_msc_apply_errata(struct mpam_msc *msc);
u16 mpam_errata_mbw_min(const struct mpam_msc *msc, u8 bwa_wd, u16 mbw_min);
void mpam_errata_mbw_commit(struct mpam_msc *msc, u16 first, u16 last);

static inline bool mpam_msc_has_quirk(const struct mpam_msc *msc, enum mpam_quirk quirk)
{
	return test_bit(quirk, &msc->quirks);
}

int mpam_msc_handle_error(struct mpam_msc *msc);
unsigned int mpam_system_release_monitors(struct mpam_system *sys);
int mpam_system_quiesce(struct mpam_system *sys);

/* The live system, and the hooks of the glue. */
extern struct mpam_system mpam_live;
int mpam_glue_setup(void);
void mpam_glue_teardown(void);
void mpam_glue_teardown_wait(void);
void mpam_disable(const char *why);
void mpam_debugfs_init(struct mpam_system *sys);
struct dentry *mpam_debugfs_root(void);

#endif /* __MPAM_CORE_H */
