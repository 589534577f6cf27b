// SPDX-License-Identifier: GPL-2.0
/*
 * CPU side of Arm MPAM: per-task and per-CPU labels and the context-switch
 * hook that writes them to MPAM0_EL1/MPAM1_EL1 (and MPAMSM_EL1 with SME).
 *
 * Every system register access is gated on system_supports_mpam(): without
 * FEAT_MPAM (QEMU, for one) they are UNDEFINED.  The per-CPU current label is
 * maintained regardless, because the simulated MPAM platform reads it.
 */

#include <linux/cpu_pm.h>
#include <linux/init.h>
#include <linux/percpu.h>
#include <linux/sched.h>

#include <asm/cpufeature.h>
#include <asm/mpam.h>
#include <asm/sysreg.h>

DEFINE_STATIC_KEY_FALSE(mpam_enabled);

DEFINE_PER_CPU(u64, arm64_mpam_current);
DEFINE_PER_CPU(u64, mpam_cpu_default_label);

/* Write @label to this CPU's MPAM system registers.  Caller checked FEAT_MPAM. */
static void mpam_write_label_sysregs(u64 label)
{
	write_sysreg_s(label | MPAM1_EL1_MPAMEN, SYS_MPAM1_EL1);
	if (system_supports_sme())
		write_sysreg_s(label & (MPAMSM_EL1_PARTID_D | MPAMSM_EL1_PMG_D),
			       SYS_MPAMSM_EL1);
	isb();

	/* The EL0 copy takes effect at the next ERET, no isb needed. */
	write_sysreg_s(label, SYS_MPAM0_EL1);
}

/* Make this CPU run with @label.  Preemption must be disabled. */
static void mpam_cpu_apply_label(u64 label)
{
	if (__this_cpu_read(arm64_mpam_current) == label)
		return;

	__this_cpu_write(arm64_mpam_current, label);
	if (system_supports_mpam())
		mpam_write_label_sysregs(label);
}

/**
 * __mpam_thread_switch() - Switch this CPU to the label of @next.
 * @next: the task about to run.
 *
 * Called with preemption disabled from __switch_to() once MPAM is enabled.
 * The registers are written only when the label changes.
 */
void __mpam_thread_switch(struct task_struct *next)
{
	u64 label = mpam_label_resolve(mpam_task_get_label(next),
				       __this_cpu_read(mpam_cpu_default_label));

	mpam_cpu_apply_label(label);
}

/**
 * mpam_task_set_label() - Set the label @tsk runs with.
 * @tsk: the task.
 * @label: label in MPAM0_EL1 layout, zero for the CPU's default.
 *
 * Takes effect at the task's next context switch; see mpam_cpu_sync_label()
 * to apply it to a running task.
 */
void mpam_task_set_label(struct task_struct *tsk, u64 label)
{
	WRITE_ONCE(task_thread_info(tsk)->mpam_partid_pmg, label);
}

/**
 * mpam_task_get_label() - Read the label of @tsk.
 * @tsk: the task.
 *
 * Return: the label in MPAM0_EL1 layout, zero when the task has none.
 */
u64 mpam_task_get_label(struct task_struct *tsk)
{
	return READ_ONCE(task_thread_info(tsk)->mpam_partid_pmg);
}

/**
 * mpam_cpu_set_default_label() - Set the label of default-group tasks on @cpu.
 * @cpu: the CPU.
 * @label: label in MPAM0_EL1 layout.
 */
void mpam_cpu_set_default_label(unsigned int cpu, u64 label)
{
	WRITE_ONCE(per_cpu(mpam_cpu_default_label, cpu), label);
}

/**
 * mpam_cpu_sync_label() - Re-evaluate the label of the current task.
 *
 * Called with interrupts disabled (from an IPI) after a task's or the CPU's
 * default label changed, so the change applies without a context switch.
 */
void mpam_cpu_sync_label(void)
{
	if (!static_branch_likely(&mpam_enabled))
		return;

	__mpam_thread_switch(current);
}

/**
 * mpam_cpu_requestor_limits() - The largest PARTID and PMG the CPUs can emit.
 * @partid_max: set to MPAMIDR_EL1.PARTID_MAX.
 * @pmg_max: set to MPAMIDR_EL1.PMG_MAX.
 *
 * Uses the system-wide sanitised value, the minimum over all CPUs.
 *
 * Return: 0, or -ENODEV when the CPUs do not implement FEAT_MPAM.
 */
int mpam_cpu_requestor_limits(u16 *partid_max, u8 *pmg_max)
{
	u64 idr;

	if (!system_supports_mpam())
		return -ENODEV;

	idr = read_sanitised_ftr_reg(SYS_MPAMIDR_EL1);
	*partid_max = FIELD_GET(MPAMIDR_EL1_PARTID_MAX, idr);
	*pmg_max = FIELD_GET(MPAMIDR_EL1_PMG_MAX, idr);
	return 0;
}

/*
 * The MPAM system registers are lost when a CPU powers down; put the current
 * label back when it comes out of a low-power state.
 */
static int mpam_cpu_pm_notify(struct notifier_block *nb, unsigned long cmd,
			      void *unused)
{
	if (cmd == CPU_PM_EXIT || cmd == CPU_PM_ENTER_FAILED)
		mpam_write_label_sysregs(__this_cpu_read(arm64_mpam_current));

	return NOTIFY_OK;
}

static struct notifier_block mpam_cpu_pm_nb = {
	.notifier_call = mpam_cpu_pm_notify,
};

static int __init mpam_cpu_pm_init(void)
{
	if (!system_supports_mpam())
		return 0;

	return cpu_pm_register_notifier(&mpam_cpu_pm_nb);
}
arch_initcall(mpam_cpu_pm_init);
