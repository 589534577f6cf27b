/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arm MPAM: the interface between the MSC driver, the firmware description
 * code and the generic resctrl filesystem.
 */
#ifndef __LINUX_ARM_MPAM_H
#define __LINUX_ARM_MPAM_H

#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/resctrl_types.h>
#include <linux/types.h>

struct rdt_resource;
struct task_struct;

/*
 * resctrl's arch hooks that x86 keeps in its asm/resctrl.h.  MPAM has no
 * global enable switches: the MSC driver decides what is capable before
 * resctrl_init(), and labels are applied through the mpam_enabled key.
 */
bool resctrl_arch_alloc_capable(void);
bool resctrl_arch_mon_capable(void);

static inline void resctrl_arch_enable_alloc(void) { }
static inline void resctrl_arch_disable_alloc(void) { }
void resctrl_arch_enable_mon(void);
static inline void resctrl_arch_disable_mon(void) { }

/* MPAM counters are exact, no rounding of the occupancy threshold. */
static inline unsigned int resctrl_arch_round_mon_val(unsigned int val)
{
	return val;
}

void resctrl_arch_set_closid_rmid(struct task_struct *tsk, u32 closid, u32 rmid);
void resctrl_arch_set_cpu_default_closid_rmid(int cpu, u32 closid, u32 rmid);
void resctrl_arch_sched_in(struct task_struct *tsk);
bool resctrl_arch_match_closid(struct task_struct *tsk, u32 closid);
bool resctrl_arch_match_rmid(struct task_struct *tsk, u32 closid, u32 rmid);
u32 resctrl_arch_rmid_idx_encode(u32 closid, u32 rmid);
void resctrl_arch_rmid_idx_decode(u32 idx, u32 *closid, u32 *rmid);
void *resctrl_arch_mon_ctx_alloc(struct rdt_resource *r,
				 enum resctrl_event_id evtid);
void resctrl_arch_mon_ctx_free(struct rdt_resource *r,
			       enum resctrl_event_id evtid, void *ctx);

/*
 * The firmware description of an MSC, firmware-neutral.
 *
 * The ACPI MPAM table code and the device-tree code both turn what firmware
 * says into a platform device named MPAM_MSC_DRV_NAME with:
 *  - one IORESOURCE_MEM resource, the MSC's MMIO frame;
 *  - optional IRQ resources named "error" and "overflow";
 *  - platform data: a struct mpam_fw_msc followed by its RIS array.
 * The MSC driver knows nothing of ACPI or DT beyond this.
 */
#define MPAM_MSC_DRV_NAME	"arm-mpam-msc"

/**
 * enum mpam_fw_ris_type - What a resource instance (RIS) controls.
 * @MPAM_FW_RIS_CACHE: a processor cache; level and cache id are valid.
 * @MPAM_FW_RIS_MEMORY: a memory controller; the id is a NUMA node.
 * @MPAM_FW_RIS_OTHER: anything else firmware describes (SMMU, interconnect,
 *		       memory-side cache, ACPI device); not used by resctrl.
 */
enum mpam_fw_ris_type {
	MPAM_FW_RIS_CACHE,
	MPAM_FW_RIS_MEMORY,
	MPAM_FW_RIS_OTHER,
};

/**
 * struct mpam_fw_ris - One resource instance of an MSC as firmware describes it.
 * @ris_idx: the RIS index, the value of MPAMCFG_PART_SEL.RIS.
 * @type: what the RIS controls.
 * @level: cache level, for MPAM_FW_RIS_CACHE.
 * @id: cache id (MPAM_FW_RIS_CACHE) or NUMA node (MPAM_FW_RIS_MEMORY); for
 *	MPAM_FW_RIS_OTHER the firmware's own locator value.
 * @affinity: the CPUs whose accesses this RIS sees: the CPUs sharing the
 *	      cache, or the CPUs of the NUMA node.  Taken from firmware (PPTT or
 *	      DT), never from cacheinfo, which is freed for offline CPUs.
 */
struct mpam_fw_ris {
	u8			ris_idx;
	enum mpam_fw_ris_type	type;
	u8			level;
	u32			id;
	cpumask_t		affinity;
};

/**
 * struct mpam_fw_msc - Platform data of an MSC platform device.
 * @id: firmware's identifier of the MSC, unique in the system.
 * @nrdy_usec: the longest time a monitor can report not-ready (MAX_NRDY_USEC).
 * @accessible: the CPUs that can access the MSC's registers.
 * @nr_ris: the number of entries in @ris.
 * @ris: the resource instances.
 */
struct mpam_fw_msc {
	u32			id;
	u32			nrdy_usec;
	cpumask_t		accessible;
	u32			nr_ris;
	struct mpam_fw_ris	ris[] __counted_by(nr_ris);
};

struct device;

/*
 * The ACPI MPAM table parser, for the table code and its KUnit tests.  A
 * mesh interconnect has an MSC per cache slice: hundreds of them.
 */
#define ACPI_MPAM_MAX_MSC	1024

struct acpi_table_header;

/**
 * struct acpi_mpam_lookup_ops - What the parser asks of the PPTT and NUMA.
 * @cache_level: the level of the PPTT cache with this id, or an errno.
 * @cache_cpus: the CPUs sharing the PPTT cache with this id.
 * @pxm_to_node: the NUMA node of a proximity domain, or NUMA_NO_NODE.
 * @node_cpus: the CPUs of a NUMA node.
 * @container_cpus: the CPUs of the PPTT processor container with this UID,
 *		    empty when there is none.
 */
struct acpi_mpam_lookup_ops {
	int	(*cache_level)(u32 cache_id);
	int	(*cache_cpus)(u32 cache_id, cpumask_t *cpus);
	int	(*pxm_to_node)(u32 pxm);
	void	(*node_cpus)(int node, cpumask_t *cpus);
	void	(*container_cpus)(u32 uid, cpumask_t *cpus);
};

/**
 * struct acpi_mpam_irq - A wired interrupt of an MSC.
 * @gsi: the GSIV, 0 for none.
 * @edge: edge rather than level triggered.
 */
struct acpi_mpam_irq {
	u32	gsi;
	bool	edge;
};

/**
 * struct acpi_mpam_msc - One enabled MSC of the table.
 * @fw: its description (allocated).
 * @base: its MMIO frame.
 * @size: the frame's size.
 * @error_irq: the error interrupt.
 * @overflow_irq: the overflow interrupt.
 */
struct acpi_mpam_msc {
	struct mpam_fw_msc	*fw;
	u64			base;
	u32			size;
	struct acpi_mpam_irq	error_irq;
	struct acpi_mpam_irq	overflow_irq;
};

/**
 * struct acpi_mpam_parse - The result of parsing an MPAM table.
 * @ops: the lookups used.
 * @node_idx: the MSC node being parsed (for messages).
 * @node_id: its identifier.
 * @node_id_known: @node_id has been read.
 * @nr_msc: enabled MSCs in @msc.
 * @msc: the enabled MSCs.
 * @why: on failure, what is wrong and where.
 */
struct acpi_mpam_parse {
	const struct acpi_mpam_lookup_ops	*ops;
	unsigned int				node_idx;
	u32					node_id;
	bool					node_id_known;
	unsigned int				nr_msc;
	struct acpi_mpam_msc			msc[ACPI_MPAM_MAX_MSC];
	char					why[192];
};

#ifdef CONFIG_ACPI_MPAM
int acpi_mpam_msc_count(void);
int acpi_mpam_parse_table(const struct acpi_table_header *table,
			  const struct acpi_mpam_lookup_ops *ops, struct acpi_mpam_parse *p);
void acpi_mpam_free_parse(struct acpi_mpam_parse *p);
#else
static inline int acpi_mpam_msc_count(void)
{
	return 0;
}
#endif

#ifdef CONFIG_ARM64_MPAM_OF
struct mpam_fw_msc *mpam_fw_msc_from_of(struct device *dev);
int mpam_fw_of_msc_count(void);
int mpam_fw_of_cache_id(const u64 *hwids, const bool *shares, unsigned int nr, u32 *id);
#if IS_ENABLED(CONFIG_ARM64_MPAM_KUNIT_TEST)
/* Refusals of a node so far, each with a message (for KUnit). */
extern atomic_t mpam_fw_of_refusals;
#endif
#else
static inline struct mpam_fw_msc *mpam_fw_msc_from_of(struct device *dev)
{
	return ERR_PTR(-ENODEV);
}

static inline int mpam_fw_of_msc_count(void)
{
	return 0;
}
#endif

#endif /* __LINUX_ARM_MPAM_H */
