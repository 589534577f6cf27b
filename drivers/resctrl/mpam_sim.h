/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mpam_sim: a register-level model of Arm MPAM memory system components,
 * for testing the MPAM driver without MPAM hardware.
 *
 * This is the interface between the simulator and the rest of the driver.
 * The driver's register accessors route an MSC's accesses here when the MSC
 * is simulated; everything else (KUnit, debugfs traffic injection) uses the
 * calls below.  With CONFIG_ARM64_MPAM_SIM=n every call compiles away.
 */
#ifndef __MPAM_SIM_H
#define __MPAM_SIM_H

#include <linux/cpumask.h>
#include <linux/types.h>

struct mpam_sim_msc;

/**
 * struct mpam_sim_ris_desc - Hardware properties of one simulated RIS.
 * @partid_max: MPAMF_IDR.PARTID_MAX.
 * @pmg_max: MPAMF_IDR.PMG_MAX.
 * @cpbm_wd: cache portions (MPAMF_CPOR_IDR.CPBM_WD), 0 for no CPOR.
 * @cmax_wd: MPAMF_CCAP_IDR.CMAX_WD, 0 for no CMAX (nor CMIN).
 * @has_cmin: MPAMF_CCAP_IDR.HAS_CMIN (needs @cmax_wd).
 * @cassoc_wd: MPAMF_CCAP_IDR.CASSOC_WD, 0 for no CASSOC.
 * @bwa_wd: MPAMF_MBW_IDR.BWA_WD, 0 for no MBW_MIN/MBW_MAX.
 * @has_mbw_min: MPAMF_MBW_IDR.HAS_MIN (needs @bwa_wd).
 * @has_mbw_max: MPAMF_MBW_IDR.HAS_MAX (needs @bwa_wd).
 * @bwpbm_wd: MPAMF_MBW_IDR.BWPBM_WD, 0 for no bandwidth portion bitmap.
 * @has_mbw_prop: MPAMF_MBW_IDR.HAS_PROP: proportional stride control.
 * @intpri_wd: MPAMF_PRI_IDR.INTPRI_WD, 0 for no internal priority.
 * @dspri_wd: MPAMF_PRI_IDR.DSPRI_WD, 0 for no downstream priority.
 * @pri_0_is_low: MPAMF_PRI_IDR.INTPRI_0_IS_LOW and DSPRI_0_IS_LOW.
 * @intpartid_max: MPAMF_PARTID_NRW_IDR.INTPARTID_MAX; PARTID narrowing is
 *		   implemented when @has_partid_nrw.
 * @has_partid_nrw: MPAMF_IDR.HAS_PARTID_NRW.
 * @num_csu_mon: cache storage usage monitors, 0 for none.
 * @num_mbwu_mon: bandwidth usage monitors, 0 for none.
 * @mbwu_width: 31, 44 (HAS_LONG) or 63 (HAS_LONG and LWD) counter bits.
 * @mbwu_scale: MPAMF_MBWUMON_IDR.SCALE, the 31-bit counter counts
 *		bytes >> scale.
 * @has_rwbw: MPAMF_MBWUMON_IDR.HAS_RWBW: monitors can filter reads/writes.
 *	      Only on an MSC whose AIDR is v0.1 or v1.1 and later; on v1.0
 *	      HAS_RWBW and MSMON_CFG_MBWU_FLT.RWBW read as 0 (RES0).
 * @csu_nrdy_sw: the NRDY bit of MSMON_CSU is not managed by the hardware:
 *		 software may use it for any purpose, and it reads what was
 *		 last written (the architecture allows both).
 * @traffic_cpus: CPUs whose memory traffic passes through this RIS, for the
 *		  background traffic model; empty for none.
 * @is_memory: the RIS is a memory controller: its traffic is what the
 *	       mpam_sim perf PMU counts.
 * @cache_size: bytes of the cache the RIS controls, 0 when it is no cache
 *		(or unknown): the background model's occupancy is bounded by
 *		it.
 */
struct mpam_sim_ris_desc {
	u16	partid_max;
	u16	pmg_max;
	u16	cpbm_wd;
	u16	cmax_wd;
	bool	has_cmin;
	u16	cassoc_wd;
	u16	bwa_wd;
	bool	has_mbw_min;
	bool	has_mbw_max;
	u16	bwpbm_wd;
	bool	has_mbw_prop;
	u16	intpri_wd;
	u16	dspri_wd;
	bool	pri_0_is_low;
	u16	intpartid_max;
	bool	has_partid_nrw;
	u16	num_csu_mon;
	u16	num_mbwu_mon;
	u16	mbwu_width;
	u16	mbwu_scale;
	bool	has_rwbw;
	bool	csu_nrdy_sw;
	cpumask_t traffic_cpus;
	bool	is_memory;
	u32	cache_size;
};

#define MPAM_SIM_MAX_RIS	16

/**
 * struct mpam_sim_msc_desc - Hardware properties of one simulated MSC.
 * @base: physical address firmware gives for the MSC's frame; the MSC is
 *	  found by it when the driver probes the firmware's platform device.
 * @iidr: MPAMF_IIDR (selects errata in the driver).
 * @aidr: MPAMF_AIDR, e.g. 0x10 for MPAM v1.0.
 * @has_esr: MPAMF_IDR.HAS_ESR: errors are recorded in MPAMF_ESR.
 * @nrdy_reads: a monitor reports NRDY for this many reads of its value
 *		register after it is (re)configured; 0 for never.
 * @nrdy_us: but never longer than this after it is (re)configured: the
 *	     bound firmware gives the driver (the ACPI MPAM table's maximum
 *	     NRDY time, arm,not-ready-us); 0 for no bound.
 * @accessible: CPUs allowed to access the registers; empty means all.
 * @fw_left: at creation every PARTID holds restrictive values, as firmware
 *	     may leave them (one portion, least capacity and bandwidth, a
 *	     priority, every request PARTID narrowed onto internal PARTID 0),
 *	     instead of the model's reset values.
 * @res0_rwbw_set: non-conforming hardware, for testing the driver: where
 *		   a RIS has @has_rwbw on an AIDR without it, HAS_RWBW reads
 *		   as 1 anyway (MSMON_CFG_MBWU_FLT.RWBW stays RES0).
 * @nr_ris: number of RIS, 1..MPAM_SIM_MAX_RIS; more than one sets HAS_RIS.
 * @ris: the RIS properties.
 */
struct mpam_sim_msc_desc {
	phys_addr_t			base;
	u32				iidr;
	u32				aidr;
	bool				has_esr;
	u32				nrdy_reads;
	u32				nrdy_us;
	cpumask_t			accessible;
	bool				fw_left;
	bool				res0_rwbw_set;
	unsigned int			nr_ris;
	struct mpam_sim_ris_desc	ris[MPAM_SIM_MAX_RIS];
};

/**
 * struct mpam_sim_stats - What the simulator has seen of an MSC.
 * @reads: 32-bit register reads.
 * @writes: 32-bit register writes.
 * @mon_sel_writes: of @writes, those to MSMON_CFG_MON_SEL: whether a driver
 *		    needs one depends on what it selected last, so a count
 *		    that must not depend on history leaves them out.
 * @bad_context: accesses from a CPU outside the accessibility mask or with
 *		 preemption enabled (each also WARNs once).
 * @max_irqoff_run: the most accesses made in one stretch with interrupts
 *		    disabled, as the driver's lock sections show it (see
 *		    mpam_sim_lock_section()).
 * @overflow_irqs: overflow interrupts raised (a wrap of a view whose
 *		   interrupt enable, OFLOW_INTR or OFLOW_INTR_L, is set).
 * @first_access_ns: ktime_get_ns() of the first register access, 0 before.
 * @last_access_ns: ktime_get_ns() of the latest register access, 0 before.
 */
struct mpam_sim_stats {
	u64	reads;
	u64	writes;
	u64	mon_sel_writes;
	u64	bad_context;
	u64	max_irqoff_run;
	u64	overflow_irqs;
	u64	first_access_ns;
	u64	last_access_ns;
};

#ifdef CONFIG_ARM64_MPAM_SIM
/* Creation, for KUnit and for the MSCs given as kernel parameters. */
struct mpam_sim_msc *mpam_sim_msc_create(const struct mpam_sim_msc_desc *desc);
void mpam_sim_msc_destroy(struct mpam_sim_msc *sim);

/* The simulated MSC whose frame firmware puts at @base, or NULL. */
struct mpam_sim_msc *mpam_sim_msc_find(phys_addr_t base);

/* Register access, for the driver's accessors only. */
u32 mpam_sim_read(struct mpam_sim_msc *sim, u32 offset);
void mpam_sim_write(struct mpam_sim_msc *sim, u32 offset, u32 val);

/*
 * Interrupts: the driver tells the simulator which Linux IRQs firmware wired
 * to the MSC; the simulator makes them pending when an error (ECR.INTEN) or an
 * overflow (OFLOW_INTR for the 31-bit view, OFLOW_INTR_L for the long one)
 * is raised.  0 for none.
 */
void mpam_sim_set_irqs(struct mpam_sim_msc *sim, int error_irq, int overflow_irq);

/* Traffic: exact injection. */
int mpam_sim_add_bytes(struct mpam_sim_msc *sim, unsigned int ris, u16 partid,
		       u8 pmg, bool write, u64 bytes);
int mpam_sim_set_occupancy(struct mpam_sim_msc *sim, unsigned int ris,
			   u16 partid, u8 pmg, u64 bytes);

/* Traffic: the background model, by the label each CPU runs with. */
unsigned int mpam_sim_background_account(struct mpam_sim_msc *sim, unsigned int cpu,
					 u64 label, u64 bytes);
u64 mpam_sim_background_limit(struct mpam_sim_msc *sim, unsigned int cpu, u64 label,
			      u64 bytes);

/* What the memory controllers of an MSC moved, all labels together. */
u64 mpam_sim_memory_traffic(struct mpam_sim_msc *sim);

/* Faults: an error as hardware would report it, monitors stuck in NRDY. */
void mpam_sim_inject_error(struct mpam_sim_msc *sim, unsigned int ris,
			   u8 errcode, u16 partid, u8 pmg);
void mpam_sim_set_nrdy_stuck(struct mpam_sim_msc *sim, bool stuck);

/*
 * Errata (mpam_sim_errata.c): the NVIDIA T241's scratch region, reached
 * through the driver's accessors, and the bandwidth controls in effect.
 */
u64 mpam_sim_t241_read(struct mpam_sim_msc *sim, u32 offset);
void mpam_sim_t241_write(struct mpam_sim_msc *sim, u32 offset, u64 val);
int mpam_sim_mbw_in_effect(struct mpam_sim_msc *sim, unsigned int ris, u16 partid,
			   u32 *mbw_min, u32 *mbw_max);

/**
 * enum mpam_sim_loss - What a power-down of a simulated MSC loses.
 * @MPAM_SIM_LOSE_ALL: everything; registers read zero until the next write.
 * @MPAM_SIM_LOSE_COUNTERS: only the monitors' counters, which restart from
 *			    zero while the monitors stay programmed.
 * @MPAM_SIM_LOSE_CONFIG: only the configuration: the controls and what the
 *			  monitors were programmed with; counters keep their
 *			  values, and disabled monitors no longer count.
 */
enum mpam_sim_loss {
	MPAM_SIM_LOSE_ALL,
	MPAM_SIM_LOSE_COUNTERS,
	MPAM_SIM_LOSE_CONFIG,
};

/* Power: a power-down loses all configuration and monitor state. */
void mpam_sim_power_down(struct mpam_sim_msc *sim);
void mpam_sim_lose_state(struct mpam_sim_msc *sim, enum mpam_sim_loss loss);

void mpam_sim_get_stats(struct mpam_sim_msc *sim, struct mpam_sim_stats *stats);
void mpam_sim_reset_irqoff_run(struct mpam_sim_msc *sim);

/*
 * The driver says when it takes and drops its own lock of the MSC, and
 * whether interrupts are disabled outside that hold, so that the model can
 * measure how long interrupts stay off around its registers.
 */
void mpam_sim_lock_section(struct mpam_sim_msc *sim, bool irqs_off_outside);

/* The requestor (CPU) limits the simulated CPUs have: MPAMIDR_EL1. */
void mpam_sim_requestor_limits(u16 *partid_max, u8 *pmg_max);
bool mpam_sim_active(void);
#else
static inline struct mpam_sim_msc *mpam_sim_msc_find(phys_addr_t base)
{
	return NULL;
}

static inline void mpam_sim_lock_section(struct mpam_sim_msc *sim, bool irqs_off_outside)
{
}

static inline bool mpam_sim_active(void)
{
	return false;
}
#endif /* CONFIG_ARM64_MPAM_SIM */

#endif /* __MPAM_SIM_H */
