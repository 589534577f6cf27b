/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arm MPAM: the interface between the MSC driver, the firmware description
 * code and the generic resctrl filesystem.
 */
#ifndef __LINUX_ARM_MPAM_H
#define __LINUX_ARM_MPAM_H

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
static inline void resctrl_arch_enable_mon(void) { }
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

#endif /* __LINUX_ARM_MPAM_H */
