// SPDX-License-Identifier: GPL-2.0
/*
 * Arm MPAM glue to the resctrl filesystem.
 *
 * resctrl's CLOSID is MPAM's PARTID and its RMID is the PMG.  With CDP a
 * CLOSID uses two PARTIDs: 2 * closid for data and 2 * closid + 1 for
 * instruction fetches, the indexes fs/resctrl's resctrl_get_config_index()
 * uses for the configuration.
 *
 * Until the MSC core registers resources, nothing is capable and resctrl is
 * not initialised; these hooks only have to be safe to call.
 */

#include <linux/arm_mpam.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/workqueue.h>
#include <linux/resctrl.h>

#include <asm/mpam.h>

/* One rdt_resource per resctrl level; none is capable yet. */
static struct rdt_resource mpam_resctrl_res[RDT_NUM_RESOURCES];

/* Whether CDP is on for L3: protected by resctrl's rdtgroup_mutex. */
static bool mpam_l3_cdp_enabled;

/* Number of PMGs per PARTID exposed to resctrl (RMIDs per CLOSID). */
static u32 mpam_glue_num_pmg = 1;

static u64 mpam_glue_label(u32 closid, u32 rmid)
{
	u16 partid_d = closid, partid_i = closid;

	if (mpam_l3_cdp_enabled) {
		partid_d = 2 * closid;
		partid_i = 2 * closid + 1;
	}
	return mpam_label_make(partid_i, partid_d, rmid, rmid);
}

/**
 * resctrl_arch_get_resource() - The resource that backs resctrl level @l.
 * @l: the resctrl resource level.
 *
 * Return: a resource with rid == @l, or NULL past the last level.
 */
struct rdt_resource *resctrl_arch_get_resource(enum resctrl_res_level l)
{
	if (l >= RDT_NUM_RESOURCES)
		return NULL;
	mpam_resctrl_res[l].rid = l;
	return &mpam_resctrl_res[l];
}

/**
 * resctrl_arch_alloc_capable() - Whether any resource can allocate.
 *
 * Return: false until the MSC core registers resources.
 */
bool resctrl_arch_alloc_capable(void)
{
	return false;
}

/**
 * resctrl_arch_mon_capable() - Whether any resource can monitor.
 *
 * Return: false until the MSC core registers resources.
 */
bool resctrl_arch_mon_capable(void)
{
	return false;
}

/**
 * resctrl_arch_set_closid_rmid() - Label @tsk with @closid and @rmid.
 * @tsk: the task.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 */
void resctrl_arch_set_closid_rmid(struct task_struct *tsk, u32 closid, u32 rmid)
{
	mpam_task_set_label(tsk, mpam_glue_label(closid, rmid));
}

/**
 * resctrl_arch_set_cpu_default_closid_rmid() - Set the default group of @cpu.
 * @cpu: the CPU.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 */
void resctrl_arch_set_cpu_default_closid_rmid(int cpu, u32 closid, u32 rmid)
{
	mpam_cpu_set_default_label(cpu, mpam_glue_label(closid, rmid));
}

/**
 * resctrl_arch_sync_cpu_closid_rmid() - Apply new labels on this CPU.
 * @info: NULL, or the CPU's new default CLOSID/RMID.
 *
 * Runs from an IPI with interrupts disabled.
 */
void resctrl_arch_sync_cpu_closid_rmid(void *info)
{
	struct resctrl_cpu_defaults *defaults = info;

	lockdep_assert_irqs_disabled();
	if (defaults)
		resctrl_arch_set_cpu_default_closid_rmid(smp_processor_id(),
							 defaults->closid,
							 defaults->rmid);
	mpam_cpu_sync_label();
}

/**
 * resctrl_arch_sched_in() - Apply the label of @tsk, the current task.
 * @tsk: the task now running.
 */
void resctrl_arch_sched_in(struct task_struct *tsk)
{
	lockdep_assert_preemption_disabled();
	mpam_cpu_sync_label();
}

/**
 * resctrl_arch_match_closid() - Whether @tsk belongs to @closid.
 * @tsk: the task.
 * @closid: resctrl CLOSID.
 *
 * Return: true when the data PARTID of @tsk is that of @closid.
 */
bool resctrl_arch_match_closid(struct task_struct *tsk, u32 closid)
{
	u64 label = mpam_task_get_label(tsk);

	return mpam_label_partid_d(label) == mpam_label_partid_d(mpam_glue_label(closid, 0));
}

/**
 * resctrl_arch_match_rmid() - Whether @tsk belongs to @closid and @rmid.
 * @tsk: the task.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 *
 * A PMG means something only together with its PARTID.
 *
 * Return: true when both match.
 */
bool resctrl_arch_match_rmid(struct task_struct *tsk, u32 closid, u32 rmid)
{
	u64 label = mpam_task_get_label(tsk);

	return resctrl_arch_match_closid(tsk, closid) &&
	       mpam_label_pmg_d(label) == rmid;
}

/**
 * resctrl_arch_rmid_idx_encode() - Flatten a CLOSID/RMID pair.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 *
 * The encoding does not depend on CDP: fs sizes its arrays once.
 *
 * Return: the index.
 */
u32 resctrl_arch_rmid_idx_encode(u32 closid, u32 rmid)
{
	return closid * mpam_glue_num_pmg + rmid;
}

/**
 * resctrl_arch_rmid_idx_decode() - Split an index from
 *				    resctrl_arch_rmid_idx_encode().
 * @idx: the index.
 * @closid: set to the CLOSID.
 * @rmid: set to the RMID.
 */
void resctrl_arch_rmid_idx_decode(u32 idx, u32 *closid, u32 *rmid)
{
	*closid = idx / mpam_glue_num_pmg;
	*rmid = idx % mpam_glue_num_pmg;
}

/**
 * resctrl_arch_system_num_rmid_idx() - Size of the CLOSID/RMID index space.
 *
 * Return: number of indexes resctrl_arch_rmid_idx_encode() can produce.
 */
u32 resctrl_arch_system_num_rmid_idx(void)
{
	return mpam_glue_num_pmg;
}

/**
 * resctrl_arch_mon_ctx_alloc() - Allocate a monitor context for a read.
 * @r: the resource.
 * @evtid: the event.
 *
 * Return: a context, or an ERR_PTR() when the event cannot be read.
 */
void *resctrl_arch_mon_ctx_alloc(struct rdt_resource *r,
				 enum resctrl_event_id evtid)
{
	return ERR_PTR(-EOPNOTSUPP);
}

/**
 * resctrl_arch_mon_ctx_free() - Free a context from resctrl_arch_mon_ctx_alloc().
 * @r: the resource.
 * @evtid: the event.
 * @ctx: the context.
 */
void resctrl_arch_mon_ctx_free(struct rdt_resource *r,
			       enum resctrl_event_id evtid, void *ctx)
{
}

/**
 * resctrl_arch_get_num_closid() - Number of CLOSIDs of @r, without CDP.
 * @r: the resource.
 *
 * Return: the number of CLOSIDs.
 */
u32 resctrl_arch_get_num_closid(struct rdt_resource *r)
{
	return 1;
}

/**
 * resctrl_arch_update_one() - Apply one configuration value now.
 * @r: the resource.
 * @d: the domain.
 * @closid: resctrl CLOSID.
 * @t: code, data or both.
 * @cfg_val: the value.
 *
 * Return: 0 or an errno.
 */
int resctrl_arch_update_one(struct rdt_resource *r, struct rdt_ctrl_domain *d,
			    u32 closid, enum resctrl_conf_type t, u32 cfg_val)
{
	return -EOPNOTSUPP;
}

/**
 * resctrl_arch_update_domains() - Apply the staged configuration of @closid.
 * @r: the resource.
 * @closid: resctrl CLOSID.
 *
 * Return: 0 or an errno.
 */
int resctrl_arch_update_domains(struct rdt_resource *r, u32 closid)
{
	return -EOPNOTSUPP;
}

/**
 * resctrl_arch_get_config() - Read back a configuration value.
 * @r: the resource.
 * @d: the domain.
 * @closid: resctrl CLOSID.
 * @type: code, data or both.
 *
 * Return: the value.
 */
u32 resctrl_arch_get_config(struct rdt_resource *r, struct rdt_ctrl_domain *d,
			    u32 closid, enum resctrl_conf_type type)
{
	return resctrl_get_default_ctrl(r);
}

/**
 * resctrl_arch_reset_all_ctrls() - Reset every control of @r to its default.
 * @r: the resource.
 */
void resctrl_arch_reset_all_ctrls(struct rdt_resource *r)
{
}

/**
 * resctrl_arch_pre_mount() - Called before the first mount.
 */
void resctrl_arch_pre_mount(void)
{
}

/**
 * resctrl_arch_get_cdp_enabled() - Whether CDP is enabled at level @l.
 * @l: the resource level.
 *
 * Return: true when enabled.
 */
bool resctrl_arch_get_cdp_enabled(enum resctrl_res_level l)
{
	return l == RDT_RESOURCE_L3 && mpam_l3_cdp_enabled;
}

/**
 * resctrl_arch_set_cdp_enabled() - Turn CDP on or off at level @l.
 * @l: the resource level.
 * @enable: the new state.
 *
 * Return: 0, or -EOPNOTSUPP when the level cannot do CDP.
 */
int resctrl_arch_set_cdp_enabled(enum resctrl_res_level l, bool enable)
{
	return enable ? -EOPNOTSUPP : 0;
}

/**
 * resctrl_arch_is_evt_configurable() - Whether @evt's filter can be changed.
 * @evt: the event.
 *
 * Return: false, MPAM has no per-event filter.
 */
bool resctrl_arch_is_evt_configurable(enum resctrl_event_id evt)
{
	return false;
}

/**
 * resctrl_arch_mon_event_config_read() - IPI target, not used by MPAM.
 * @info: a struct resctrl_mon_config_info.
 */
void resctrl_arch_mon_event_config_read(void *info)
{
}

/**
 * resctrl_arch_mon_event_config_write() - IPI target, not used by MPAM.
 * @info: a struct resctrl_mon_config_info.
 */
void resctrl_arch_mon_event_config_write(void *info)
{
}

/**
 * resctrl_arch_rmid_read() - Read an event counter.
 * @r: the resource.
 * @hdr: the domain.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 * @eventid: the event.
 * @arch_priv: the event's private data.
 * @val: set to the value in bytes.
 * @arch_mon_ctx: context from resctrl_arch_mon_ctx_alloc().
 *
 * Return: 0, -EIO or -EINVAL.
 */
int resctrl_arch_rmid_read(struct rdt_resource *r, struct rdt_domain_hdr *hdr,
			   u32 closid, u32 rmid, enum resctrl_event_id eventid,
			   void *arch_priv, u64 *val, void *arch_mon_ctx)
{
	return -EINVAL;
}

/**
 * resctrl_arch_reset_rmid() - Forget the state of one RMID's counter.
 * @r: the resource.
 * @d: the domain.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 * @eventid: the event.
 */
void resctrl_arch_reset_rmid(struct rdt_resource *r, struct rdt_l3_mon_domain *d,
			     u32 closid, u32 rmid, enum resctrl_event_id eventid)
{
}

/**
 * resctrl_arch_reset_rmid_all() - Forget the state of every RMID's counters.
 * @r: the resource.
 * @d: the domain.
 */
void resctrl_arch_reset_rmid_all(struct rdt_resource *r, struct rdt_l3_mon_domain *d)
{
}

/**
 * resctrl_arch_mbm_cntr_assign_enabled() - Whether counters are assignable.
 * @r: the resource.
 *
 * Return: true in mbm_event mode.
 */
bool resctrl_arch_mbm_cntr_assign_enabled(struct rdt_resource *r)
{
	return false;
}

/**
 * resctrl_arch_mbm_cntr_assign_set() - Change the counter assignment mode.
 * @r: the resource.
 * @enable: the requested mode.
 *
 * Return: 0, or -EINVAL: the mode is fixed.
 */
int resctrl_arch_mbm_cntr_assign_set(struct rdt_resource *r, bool enable)
{
	return -EINVAL;
}

/**
 * resctrl_arch_config_cntr() - Program counter @cntr_id of domain @d.
 * @r: the resource.
 * @d: the domain.
 * @evtid: the event.
 * @rmid: resctrl RMID.
 * @closid: resctrl CLOSID.
 * @cntr_id: the counter.
 * @assign: assign or unassign.
 */
void resctrl_arch_config_cntr(struct rdt_resource *r, struct rdt_l3_mon_domain *d,
			      enum resctrl_event_id evtid, u32 rmid, u32 closid,
			      u32 cntr_id, bool assign)
{
}

/**
 * resctrl_arch_cntr_read() - Read counter @cntr_id of domain @d.
 * @r: the resource.
 * @d: the domain.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 * @cntr_id: the counter.
 * @eventid: the event.
 * @val: set to the value in bytes.
 *
 * Return: 0, -EIO or -EINVAL.
 */
int resctrl_arch_cntr_read(struct rdt_resource *r, struct rdt_l3_mon_domain *d,
			   u32 closid, u32 rmid, int cntr_id,
			   enum resctrl_event_id eventid, u64 *val)
{
	return -EINVAL;
}

/**
 * resctrl_arch_reset_cntr() - Forget the state of counter @cntr_id.
 * @r: the resource.
 * @d: the domain.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 * @cntr_id: the counter.
 * @eventid: the event.
 */
void resctrl_arch_reset_cntr(struct rdt_resource *r, struct rdt_l3_mon_domain *d,
			     u32 closid, u32 rmid, int cntr_id,
			     enum resctrl_event_id eventid)
{
}

/**
 * resctrl_arch_io_alloc_enable() - Turn io_alloc on or off.
 * @r: the resource.
 * @enable: the new state.
 *
 * Return: -EOPNOTSUPP, MPAM has no io_alloc.
 */
int resctrl_arch_io_alloc_enable(struct rdt_resource *r, bool enable)
{
	return -EOPNOTSUPP;
}

/**
 * resctrl_arch_get_io_alloc_enabled() - Whether io_alloc is on.
 * @r: the resource.
 *
 * Return: false.
 */
bool resctrl_arch_get_io_alloc_enabled(struct rdt_resource *r)
{
	return false;
}
