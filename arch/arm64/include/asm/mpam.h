/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU side of Arm MPAM: the PARTID/PMG label each task runs with.
 *
 * A label is kept in the layout of MPAM0_EL1 (PARTID_I 15:0, PARTID_D 31:16,
 * PMG_I 39:32, PMG_D 47:40) so that it can be written to the system
 * registers without conversion.  The all-zero label on a task means "use the
 * default label of the CPU the task runs on", which is how resctrl's default
 * group behaves.
 */
#ifndef __ASM_ARM64_MPAM_H
#define __ASM_ARM64_MPAM_H

#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/jump_label.h>
#include <linux/percpu.h>
#include <linux/types.h>

#include <asm/sysreg.h>

struct task_struct;

/*
 * Enabled by the MSC driver once every MSC firmware describes has probed and
 * labels mean something.  Until then the context-switch hook does nothing.
 */
DECLARE_STATIC_KEY_FALSE(mpam_enabled);

/*
 * The label this CPU is running with right now, in MPAM0_EL1 layout.  Kept up
 * to date whether or not the CPU implements FEAT_MPAM: the simulated platform
 * reads it to attribute traffic.  Written only by the CPU it belongs to, with
 * preemption disabled; read remotely with READ_ONCE().
 */
DECLARE_PER_CPU(u64, arm64_mpam_current);

/* The label of tasks in the default group while they run on this CPU. */
DECLARE_PER_CPU(u64, mpam_cpu_default_label);

/**
 * mpam_label_make() - Build a label from its four fields.
 * @partid_i: PARTID used for instruction fetches.
 * @partid_d: PARTID used for data accesses.
 * @pmg_i: PMG used for instruction fetches.
 * @pmg_d: PMG used for data accesses.
 *
 * Return: the label in MPAM0_EL1 layout.
 */
static inline u64 mpam_label_make(u16 partid_i, u16 partid_d, u8 pmg_i, u8 pmg_d)
{
	return FIELD_PREP(MPAM0_EL1_PARTID_I, partid_i) |
	       FIELD_PREP(MPAM0_EL1_PARTID_D, partid_d) |
	       FIELD_PREP(MPAM0_EL1_PMG_I, pmg_i) |
	       FIELD_PREP(MPAM0_EL1_PMG_D, pmg_d);
}

static inline u16 mpam_label_partid_d(u64 label)
{
	return FIELD_GET(MPAM0_EL1_PARTID_D, label);
}

static inline u16 mpam_label_partid_i(u64 label)
{
	return FIELD_GET(MPAM0_EL1_PARTID_I, label);
}

static inline u8 mpam_label_pmg_d(u64 label)
{
	return FIELD_GET(MPAM0_EL1_PMG_D, label);
}

static inline u8 mpam_label_pmg_i(u64 label)
{
	return FIELD_GET(MPAM0_EL1_PMG_I, label);
}

/**
 * mpam_label_resolve() - The label a CPU runs with for a task.
 * @task_label: the task's own label, zero for "none".
 * @cpu_default: the CPU's default label.
 *
 * Return: @task_label, or @cpu_default when the task has no label.
 */
static inline u64 mpam_label_resolve(u64 task_label, u64 cpu_default)
{
	return task_label ? task_label : cpu_default;
}

#ifdef CONFIG_ARM64_MPAM
void __mpam_thread_switch(struct task_struct *next);

/**
 * mpam_thread_switch() - Context-switch hook called from __switch_to().
 * @next: the task about to run on this CPU.
 */
static inline void mpam_thread_switch(struct task_struct *next)
{
	if (static_branch_likely(&mpam_enabled))
		__mpam_thread_switch(next);
}

void mpam_task_set_label(struct task_struct *tsk, u64 label);
u64 mpam_task_get_label(struct task_struct *tsk);
void mpam_cpu_set_default_label(unsigned int cpu, u64 label);
void mpam_cpu_sync_label(void);
int mpam_cpu_requestor_limits(u16 *partid_max, u8 *pmg_max);
#else
static inline void mpam_thread_switch(struct task_struct *next) { }
static inline void mpam_task_set_label(struct task_struct *tsk, u64 label) { }
static inline u64 mpam_task_get_label(struct task_struct *tsk) { return 0; }
static inline void mpam_cpu_set_default_label(unsigned int cpu, u64 label) { }
static inline void mpam_cpu_sync_label(void) { }
static inline int mpam_cpu_requestor_limits(u16 *partid_max, u8 *pmg_max)
{
	return -ENODEV;
}
#endif /* CONFIG_ARM64_MPAM */

#endif /* __ASM_ARM64_MPAM_H */
