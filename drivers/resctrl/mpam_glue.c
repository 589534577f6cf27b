// SPDX-License-Identifier: GPL-2.0
/*
 * Arm MPAM glue to the resctrl filesystem.
 *
 * resctrl's CLOSID is MPAM's PARTID and its RMID is the PMG.  With CDP a
 * CLOSID uses two PARTIDs: 2 * closid for data and 2 * closid + 1 for
 * instruction fetches, the indexes of fs/resctrl's resctrl_get_config_index().
 *
 * What backs what:
 *  - L3 and L2: cache portion partitioning of the level 3 and level 2 cache
 *    classes, each with CDP; L2 only where every CPU has an L2 with an MSC;
 *  - MB: maximum bandwidth of the L3 class, or else of the memory class,
 *    when its components map one to one onto the L3 components (resctrl
 *    scopes MB by L3 domain): the bandwidth leaving the L3, which is what
 *    mbm_total_bytes counts;
 *  - llc_occupancy: the L3 class's cache storage usage (CSU) monitors;
 *  - mbm_total_bytes: the L3 class's bandwidth usage (MBWU) monitors, always
 *    in "mbm_event" mode.  Every MBWU monitor the class offers is allocated
 *    up front and exposed as an assignable counter; with CDP a counter needs
 *    a monitor for each PARTID of the pair, so there are half as many.
 *
 * Locking: the state below is changed only under resctrl's rdtgroup_mutex
 * (every hook that touches it is called with it held, see the table in
 * include/linux/resctrl.h) or from the glue's CPU hotplug callbacks, which
 * run with the hotplug lock held for writing and so exclude every hook that
 * holds cpus_read_lock().  Domain lists are RCU lists, as fs/resctrl wants.
 */

#define pr_fmt(fmt) "mpam: resctrl: " fmt

#include <linux/arm_mpam.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/debugfs.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/rculist.h>
#include <linux/seq_file.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string_choices.h>
#include <linux/workqueue.h>
#include <linux/resctrl.h>

#include <asm/mpam.h>

#include "mpam_core.h"
#include "mpam_glue_internal.h"

/*
 * fs/resctrl allocates arrays indexed by the CLOSID/RMID index with plain
 * kmalloc(): keep the index space well below what that can allocate.
 */
#define MPAM_GLUE_MAX_RMID_IDX	BIT(16)

struct mpam_glue_res mpam_glue_res[RDT_NUM_RESOURCES];

/* Sizes of the label space exposed to resctrl; fixed once resctrl is up. */
u32 mpam_glue_num_closid = 1;
u32 mpam_glue_num_pmg = 1;

/* The PARTID pair of CDP is in use (CDP on L3 or L2).  Changed only under rdtgroup_mutex. */
bool mpam_glue_cdp;

/* Set once MPAM is torn down after an error: every hook then fails. */
bool mpam_glue_dead;

/* The dynamic CPU hotplug state, or 0. */
static int mpam_glue_cpuhp_state;

static u64 mpam_glue_label(u32 closid, u32 rmid)
{
	u16 partid_d, partid_i;

	mpam_glue_partids(closid, &partid_d, &partid_i);
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
	return &mpam_glue_res[l].resctrl_res;
}

/**
 * resctrl_arch_alloc_capable() - Whether any resource can allocate.
 *
 * Return: true when L2, L3 or MB is backed by a class.
 */
bool resctrl_arch_alloc_capable(void)
{
	return mpam_glue_res[RDT_RESOURCE_L2].resctrl_res.alloc_capable ||
	       mpam_glue_res[RDT_RESOURCE_L3].resctrl_res.alloc_capable ||
	       mpam_glue_res[RDT_RESOURCE_MBA].resctrl_res.alloc_capable;
}

/**
 * resctrl_arch_mon_capable() - Whether any resource can monitor.
 *
 * Return: true when L3 has monitors.
 */
bool resctrl_arch_mon_capable(void)
{
	return mpam_glue_res[RDT_RESOURCE_L3].resctrl_res.mon_capable;
}

/**
 * resctrl_arch_set_closid_rmid() - Label @tsk with @closid and @rmid.
 * @tsk: the task.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 */
void resctrl_arch_set_closid_rmid(struct task_struct *tsk, u32 closid, u32 rmid)
{
	/*
	 * A task of the default group has no label of its own: it runs with
	 * its CPU's default, which a group's "cpus" file may have changed.
	 * Under CDP the default group's encoded label is not zero, so say so
	 * explicitly.
	 */
	if (closid == RESCTRL_RESERVED_CLOSID && rmid == RESCTRL_RESERVED_RMID) {
		mpam_task_set_label(tsk, 0);
		return;
	}
	mpam_glue_note_label(closid, rmid);
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
	mpam_glue_note_label(closid, rmid);
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
	u16 partid_d, partid_i;

	mpam_glue_partids(closid, &partid_d, &partid_i);
	return mpam_label_partid_d(mpam_task_get_label(tsk)) == partid_d;
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
	return resctrl_arch_match_closid(tsk, closid) &&
	       mpam_label_pmg_d(mpam_task_get_label(tsk)) == rmid;
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
	return mpam_rmid_idx_encode(closid, rmid, mpam_glue_num_pmg);
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
	mpam_rmid_idx_decode(idx, mpam_glue_num_pmg, closid, rmid);
}

/**
 * resctrl_arch_system_num_rmid_idx() - Size of the CLOSID/RMID index space.
 *
 * Return: number of indexes resctrl_arch_rmid_idx_encode() can produce.
 */
u32 resctrl_arch_system_num_rmid_idx(void)
{
	return mpam_glue_num_closid * mpam_glue_num_pmg;
}

/**
 * resctrl_arch_get_num_closid() - Number of CLOSIDs of @r, without CDP.
 * @r: the resource.
 *
 * Return: the number of CLOSIDs; fs/resctrl halves it for CDP.
 */
u32 resctrl_arch_get_num_closid(struct rdt_resource *r)
{
	return mpam_glue_num_closid;
}

/* Write @val for @partid of @dom's component; @val is in resctrl's unit. */
static int mpam_glue_write_cfg(struct mpam_glue_res *res,
			       struct mpam_glue_ctrl_dom *dom, u16 partid, u32 val)
{
	int err;

	if (res->resctrl_res.schema_fmt == RESCTRL_SCHEMA_BITMAP)
		err = mpam_glue_hw_set_cpbm(dom->comp, partid, val);
	else
		err = mpam_glue_hw_set_mbw_max(dom->comp, partid,
					       mpam_mbw_pct_to_fract(val, res->caps.bwa_wd));
	if (!err)
		dom->cfg[partid] = val;
	return err;
}

/*
 * The PARTIDs a (closid, type) configuration applies to.  A cache with CDP
 * on has one PARTID per type.  CDP on one cache pairs the PARTIDs of every
 * resource: the other cache (with "cdp" but not "cdpl2", say) and MB, which
 * are not CDP-aware then, apply their value to both PARTIDs of the pair.
 */
static unsigned int mpam_glue_cfg_partids(struct rdt_resource *r, u32 closid,
					  enum resctrl_conf_type t, u16 partids[2])
{
	u16 partid_d, partid_i;

	if (!mpam_glue_cdp) {
		partids[0] = closid;
		return 1;
	}
	if (to_glue_res(r)->cdp_enabled) {
		partids[0] = resctrl_get_config_index(closid, t);
		return 1;
	}
	mpam_glue_partids(closid, &partid_d, &partid_i);
	partids[0] = partid_d;
	partids[1] = partid_i;
	return 2;
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
	struct mpam_glue_ctrl_dom *dom = to_glue_ctrl_dom(d);
	unsigned int i, nr;
	u16 partids[2];
	int err = 0;

	if (mpam_glue_dead)
		return -EIO;

	nr = mpam_glue_cfg_partids(r, closid, t, partids);
	for (i = 0; i < nr && !err; i++)
		err = mpam_glue_write_cfg(to_glue_res(r), dom, partids[i], cfg_val);
	return err;
}

/**
 * resctrl_arch_update_domains() - Apply the staged configuration of @closid.
 * @r: the resource.
 * @closid: resctrl CLOSID.
 *
 * Return: 0 or the first error.
 */
int resctrl_arch_update_domains(struct rdt_resource *r, u32 closid)
{
	struct resctrl_staged_config *cfg;
	struct rdt_ctrl_domain *d;
	enum resctrl_conf_type t;
	int err;

	lockdep_assert_cpus_held();
	list_for_each_entry(d, &r->ctrl_domains, hdr.list) {
		for (t = 0; t < CDP_NUM_TYPES; t++) {
			cfg = &d->staged_config[t];
			if (!cfg->have_new_ctrl)
				continue;
			err = resctrl_arch_update_one(r, d, closid, t, cfg->new_ctrl);
			if (err)
				return err;
		}
	}
	return 0;
}

/**
 * resctrl_arch_get_config() - Read back a configuration value.
 * @r: the resource.
 * @d: the domain.
 * @closid: resctrl CLOSID.
 * @type: code, data or both.
 *
 * Return: the value resctrl last set.
 */
u32 resctrl_arch_get_config(struct rdt_resource *r, struct rdt_ctrl_domain *d,
			    u32 closid, enum resctrl_conf_type type)
{
	u16 partids[2];

	mpam_glue_cfg_partids(r, closid, type, partids);
	return to_glue_ctrl_dom(d)->cfg[partids[0]];
}

static void mpam_glue_reset_dom_cfg(struct rdt_resource *r,
				    struct mpam_glue_ctrl_dom *dom)
{
	u32 partid;

	for (partid = 0; partid < dom->nr_cfg; partid++)
		dom->cfg[partid] = resctrl_get_default_ctrl(r);
}

/**
 * resctrl_arch_reset_all_ctrls() - Reset every control of @r to its default.
 * @r: the resource.
 *
 * Called at unmount; the hardware of the whole class is reset.
 */
void resctrl_arch_reset_all_ctrls(struct rdt_resource *r)
{
	struct mpam_glue_res *res = to_glue_res(r);
	struct rdt_ctrl_domain *d;

	lockdep_assert_cpus_held();
	if (!res->class || mpam_glue_dead)
		return;
	if (mpam_glue_hw_reset_class(res->class))
		pr_err("%s: resetting the controls failed\n", r->name);
	list_for_each_entry(d, &r->ctrl_domains, hdr.list)
		mpam_glue_reset_dom_cfg(r, to_glue_ctrl_dom(d));
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
	return l < RDT_NUM_RESOURCES && mpam_glue_res[l].cdp_enabled;
}

/* Re-encode every CPU's default label after the PARTID encoding changed. */
static void mpam_glue_relabel_cpus(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		resctrl_arch_set_cpu_default_closid_rmid(cpu, RESCTRL_RESERVED_CLOSID,
							 RESCTRL_RESERVED_RMID);
	on_each_cpu(resctrl_arch_sync_cpu_closid_rmid, NULL, true);
}

/*
 * MB is not CDP-aware: a group's one MB value is written to both PARTIDs of
 * its pair, and without help the group could use its limit twice.  Where
 * every memory MSC narrows PARTIDs, both are mapped onto one internal
 * PARTID, whose limit holds for their sum.  Otherwise MB is hidden for the
 * mount: fs/resctrl builds the schemata from alloc_capable after CDP is set
 * and before anything reads it; the domains stay, and come back at unmount,
 * which turns CDP off before it resets the controls.
 */
static void mpam_glue_cdp_mb(bool enable)
{
	struct mpam_glue_res *mb = &mpam_glue_res[RDT_RESOURCE_MBA];
	int err;

	if (!mb->ctrl_backed)
		return;
	if (!mb->cdp_pairs) {
		mb->resctrl_res.alloc_capable = !enable;
		/*
		 * Once per mount: CDP goes on at mount only.  Say why, and
		 * that MB needs a mount without both cdp and cdpl2 (either
		 * switches every resource to PARTID pairs).
		 */
		if (enable && mb->class == mpam_glue_res[RDT_RESOURCE_L3].class)
			pr_info("MB is not offered on this mount (cdp or cdpl2): MB is backed by the L3 MSCs' bandwidth controls, and narrowing a CLOSID's two PARTIDs onto one there would make code and data share the L3 portions; mount without cdp and cdpl2 to use MB\n");
		else if (enable)
			pr_info("MB is not offered on this mount (cdp or cdpl2): the MSCs backing MB cannot narrow a CLOSID's two PARTIDs onto one, so a limit would hold for each separately; mount without cdp and cdpl2 to use MB\n");
		return;
	}
	err = mpam_glue_hw_pair_partids(mb->class, enable);
	if (err) {
		pr_err("MB: %s the PARTID pairs of CDP failed: %d%s\n",
		       enable ? "mapping" : "unmapping", err,
		       enable ? ", MB is not offered while CDP is on" : "");
		mb->resctrl_res.alloc_capable = !enable;
	}
}

/**
 * resctrl_arch_set_cdp_enabled() - Turn CDP on or off at level @l.
 * @l: the resource level: L3 ("cdp") or L2 ("cdpl2").
 * @enable: the new state.
 *
 * x86 keeps a CDP mode per cache, each with its own CLOS space.  MPAM has
 * one label per task, so CDP on either cache switches every resource to
 * the pair of PARTIDs (mpam_glue_cfg_partids()); that stays until both are
 * off.  The pair doubles the PARTIDs a CLOSID uses, and so the monitors a
 * counter needs: the number of counters halves while it is on, and so do
 * the RMIDs info/L3_MON/num_rmids reports.  MB follows mpam_glue_cdp_mb().
 * Called at mount, and at unmount before the counters are unassigned.
 *
 * Return: 0, or -EINVAL when the level cannot do CDP.
 */
int resctrl_arch_set_cdp_enabled(enum resctrl_res_level l, bool enable)
{
	struct rdt_resource *r = &mpam_glue_res[RDT_RESOURCE_L3].resctrl_res;
	struct mpam_glue_res *res;

	if ((l != RDT_RESOURCE_L3 && l != RDT_RESOURCE_L2) ||
	    !mpam_glue_res[l].resctrl_res.cdp_capable)
		return enable ? -EINVAL : 0;
	if (mpam_glue_dead)
		return enable ? -EIO : 0;
	res = &mpam_glue_res[l];
	res->cdp_enabled = enable;
	enable = mpam_glue_res[RDT_RESOURCE_L3].cdp_enabled ||
		 mpam_glue_res[RDT_RESOURCE_L2].cdp_enabled;
	if (mpam_glue_cdp == enable)
		return 0;

	mpam_glue_cdp = enable;
	if (r->mon.mbm_cntr_assignable)
		r->mon.num_mbm_cntrs = mpam_cntrs_for_monitors(mpam_glue_nr_mbwu_mon, enable);
	/* What a mount can use: with CDP a CLOSID takes two PARTIDs. */
	if (r->mon_capable)
		r->mon.num_rmid = resctrl_arch_system_num_rmid_idx() / (enable ? 2 : 1);
	mpam_glue_cdp_mb(enable);
	mpam_glue_relabel_cpus();
	return 0;
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

/* --- Domains and CPU hotplug ------------------------------------------- */

/**
 * mpam_glue_comp_of_cpu() - The component of @class that @cpu belongs to.
 * @class: the class.
 * @cpu: the CPU.
 *
 * Return: the component, or NULL.
 */
struct mpam_comp *mpam_glue_comp_of_cpu(struct mpam_class *class, unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < mpam_glue_hw_nr_comps(class); i++) {
		struct mpam_comp *comp = mpam_glue_hw_comp(class, i);

		if (cpumask_test_cpu(cpu, mpam_glue_hw_comp_cpus(comp)))
			return comp;
	}
	return NULL;
}

/*
 * A cache resource's domain is its cache: the component's id, which is
 * cacheinfo's id of the cache (fs/resctrl looks the domain up by it).  MB
 * is scoped by L3 domain: its domain for @cpu is the component whose CPUs
 * are exactly those of @cpu's L3 (checked at setup), under the L3
 * component's id.
 */
static int mpam_glue_domain_id(struct rdt_resource *r, unsigned int cpu)
{
	struct mpam_comp *comp;

	if (r->rid == RDT_RESOURCE_MBA)
		comp = mpam_glue_comp_of_cpu(mpam_glue_res[RDT_RESOURCE_L3].class, cpu);
	else
		comp = mpam_glue_comp_of_cpu(to_glue_res(r)->class, cpu);
	return comp ? mpam_glue_hw_comp_id(comp) : -ENODEV;
}

/*
 * If @domains has a domain @id, add @cpu to it.  Otherwise set @pos to where
 * a new domain @id goes and return false.
 */
static bool mpam_glue_join_domain(struct list_head *domains, int id, unsigned int cpu,
				  struct list_head **pos)
{
	struct rdt_domain_hdr *hdr = resctrl_find_domain(domains, id, pos);

	if (!hdr)
		return false;
	cpumask_set_cpu(cpu, &hdr->cpu_mask);
	return true;
}

/* A new domain @id of @r, of @type, with @cpu as its first CPU. */
static void mpam_glue_init_domain_hdr(struct rdt_domain_hdr *hdr, struct rdt_resource *r,
				      enum resctrl_domain_type type, int id, unsigned int cpu)
{
	hdr->id = id;
	hdr->type = type;
	hdr->rid = r->rid;
	cpumask_set_cpu(cpu, &hdr->cpu_mask);
}

static int mpam_glue_ctrl_add_cpu(struct rdt_resource *r, unsigned int cpu)
{
	struct mpam_glue_res *res = to_glue_res(r);
	struct mpam_glue_ctrl_dom *dom;
	struct mpam_comp *comp;
	struct list_head *pos;
	int id, err;

	comp = mpam_glue_comp_of_cpu(res->class, cpu);
	id = mpam_glue_domain_id(r, cpu);
	if (!comp || id < 0)
		return 0;	/* this CPU's accesses are not controlled */

	if (mpam_glue_join_domain(&r->ctrl_domains, id, cpu, &pos))
		return 0;

	/* One value per PARTID, up to 65536 of them: too large for kmalloc() to be sure of. */
	dom = kvzalloc(struct_size(dom, cfg, mpam_glue_num_closid), GFP_KERNEL);
	if (!dom)
		return -ENOMEM;
	dom->nr_cfg = mpam_glue_num_closid;
	dom->comp = comp;
	mpam_glue_init_domain_hdr(&dom->resctrl_dom.hdr, r, RESCTRL_CTRL_DOMAIN, id, cpu);
	/*
	 * resctrl shows a new domain at its defaults: make the hardware match,
	 * whatever the MSC kept (or was restored to) from before it went away.
	 * A component nothing changed since its last reset (at enable, say)
	 * holds them already: with 65536 PARTIDs the rewrite is not free.
	 */
	mpam_glue_reset_dom_cfg(r, dom);
	err = mpam_glue_hw_comp_at_defaults(comp) ? 0 : mpam_glue_hw_reset_comp(comp);
	if (err)
		pr_err("%s domain %d: resetting the controls failed: %d\n", r->name, id, err);

	err = resctrl_online_ctrl_domain(r, &dom->resctrl_dom);
	if (err) {
		kvfree(dom);
		return err;
	}
	list_add_tail_rcu(&dom->resctrl_dom.hdr.list, pos);
	return 0;
}

static int mpam_glue_mon_add_cpu(struct rdt_resource *r, unsigned int cpu)
{
	struct mpam_glue_res *res = to_glue_res(r);
	struct mpam_glue_mon_dom *dom;
	struct mpam_comp *comp;
	struct list_head *pos;
	int id, err;

	comp = mpam_glue_comp_of_cpu(res->class, cpu);
	if (!comp)
		return 0;
	id = mpam_glue_hw_comp_id(comp);

	if (mpam_glue_join_domain(&r->mon_domains, id, cpu, &pos))
		return 0;

	dom = kzalloc(struct_size(dom, cntrs, mpam_glue_nr_mbwu_mon), GFP_KERNEL);
	if (!dom)
		return -ENOMEM;
	dom->nr_cntrs = mpam_glue_nr_mbwu_mon;
	dom->comp = comp;
	/* One to one with the L3 components: the one with the same CPUs. */
	if (mpam_glue_mbwu_class)
		dom->mbwu_comp = mpam_glue_comp_of_cpu(mpam_glue_mbwu_class, cpu);
	mpam_glue_init_domain_hdr(&dom->resctrl_dom.hdr, r, RESCTRL_MON_DOMAIN, id, cpu);
	dom->resctrl_dom.ci_id = id;

	err = resctrl_online_mon_domain(r, &dom->resctrl_dom.hdr);
	if (err) {
		kfree(dom);
		return err;
	}
	list_add_tail_rcu(&dom->resctrl_dom.hdr.list, pos);
	return 0;
}

static void mpam_glue_ctrl_remove_cpu(struct rdt_resource *r, unsigned int cpu)
{
	struct rdt_domain_hdr *hdr;
	int id = mpam_glue_domain_id(r, cpu);

	hdr = id < 0 ? NULL : resctrl_find_domain(&r->ctrl_domains, id, NULL);
	if (!hdr)
		return;
	cpumask_clear_cpu(cpu, &hdr->cpu_mask);
	if (!cpumask_empty(&hdr->cpu_mask))
		return;

	list_del_rcu(&hdr->list);
	synchronize_rcu();
	resctrl_offline_ctrl_domain(r, container_of(hdr, struct rdt_ctrl_domain, hdr));
	/*
	 * While the domain is away its MSCs may lose state, or be restored
	 * by a CPU outside it: reset them when it comes back, as x86 writes
	 * every CLOSID of a domain that comes online.
	 */
	mpam_glue_hw_comp_forget(to_glue_ctrl_dom(container_of(hdr, struct rdt_ctrl_domain,
							       hdr))->comp);
	kvfree(to_glue_ctrl_dom(container_of(hdr, struct rdt_ctrl_domain, hdr)));
}

static void mpam_glue_mon_remove_cpu(struct rdt_resource *r, unsigned int cpu)
{
	struct mpam_comp *comp;
	struct rdt_domain_hdr *hdr;

	comp = mpam_glue_comp_of_cpu(to_glue_res(r)->class, cpu);
	hdr = comp ? resctrl_find_domain(&r->mon_domains, mpam_glue_hw_comp_id(comp), NULL) : NULL;
	if (!hdr)
		return;
	cpumask_clear_cpu(cpu, &hdr->cpu_mask);
	if (!cpumask_empty(&hdr->cpu_mask))
		return;

	list_del_rcu(&hdr->list);
	synchronize_rcu();
	resctrl_offline_mon_domain(r, hdr);
	kfree(to_glue_mon_dom(container_of(hdr, struct rdt_l3_mon_domain, hdr)));
	/* Its limbo entries were freed without a read. */
	mpam_glue_note_idx_modes();
}

/*
 * Resource @l when the glue keeps its control domains: set up with a class,
 * including MB while CDP hides it from a mount (mpam_glue_cdp_mb()).
 */
static struct rdt_resource *mpam_glue_ctrl_res(enum resctrl_res_level l)
{
	return mpam_glue_res[l].ctrl_backed ? &mpam_glue_res[l].resctrl_res : NULL;
}

/* Take @cpu out of every domain it joined; those it leaves empty go. */
static void mpam_glue_remove_cpu_domains(unsigned int cpu)
{
	struct rdt_resource *r;
	enum resctrl_res_level l;

	for_each_mon_capable_rdt_resource(r)
		mpam_glue_mon_remove_cpu(r, cpu);
	for (l = 0; l < RDT_NUM_RESOURCES; l++) {
		r = mpam_glue_ctrl_res(l);
		if (r)
			mpam_glue_ctrl_remove_cpu(r, cpu);
	}
}

/*
 * x86 cannot fail here (its domain_add_cpu() logs and goes on).  The glue
 * can run out of memory for a new domain: it then takes the CPU back out
 * of the domains it already joined, so that no half-added domain is left,
 * and the CPU does not come online.
 */
static int mpam_glue_cpu_online(unsigned int cpu)
{
	struct rdt_resource *r;
	enum resctrl_res_level l;
	int err = 0;

	for (l = 0; l < RDT_NUM_RESOURCES; l++) {
		r = mpam_glue_ctrl_res(l);
		err = r ? mpam_glue_ctrl_add_cpu(r, cpu) : 0;
		if (err)
			goto undo;
	}
	for_each_mon_capable_rdt_resource(r) {
		err = mpam_glue_mon_add_cpu(r, cpu);
		if (err)
			goto undo;
	}
	/* A new CPU starts with the encoding of the default group. */
	resctrl_arch_set_cpu_default_closid_rmid(cpu, RESCTRL_RESERVED_CLOSID,
						 RESCTRL_RESERVED_RMID);
	resctrl_online_cpu(cpu);
	return 0;

undo:
	pr_err("CPU %u: adding it to its resctrl domains failed: %d\n", cpu, err);
	mpam_glue_remove_cpu_domains(cpu);
	return err;
}

static int mpam_glue_cpu_offline(unsigned int cpu)
{
	resctrl_offline_cpu(cpu);
	mpam_glue_remove_cpu_domains(cpu);
	return 0;
}

/* --- Setup: which class backs what --------------------------------------- */

/**
 * mpam_glue_cpumask_equal_comps() - Whether two classes split the CPUs alike.
 * @a: a class.
 * @b: another class.
 *
 * Return: true when every component of @a has the CPUs of one of @b's, and
 * they have as many components.
 */
bool mpam_glue_cpumask_equal_comps(struct mpam_class *a, struct mpam_class *b)
{
	unsigned int i, j;

	if (mpam_glue_hw_nr_comps(a) != mpam_glue_hw_nr_comps(b))
		return false;
	for (i = 0; i < mpam_glue_hw_nr_comps(a); i++) {
		const struct cpumask *ca = mpam_glue_hw_comp_cpus(mpam_glue_hw_comp(a, i));
		bool found = false;

		for (j = 0; j < mpam_glue_hw_nr_comps(b) && !found; j++)
			found = cpumask_equal(ca, mpam_glue_hw_comp_cpus(mpam_glue_hw_comp(b, j)));
		if (!found)
			return false;
	}
	return true;
}

/* Whether the components of @class together see every possible CPU. */
static bool mpam_glue_class_covers_cpus(struct mpam_class *class)
{
	unsigned int cpu, i;
	bool found;

	/* No cpumask on the stack: it can be 512 bytes (NR_CPUS=4096). */
	for_each_possible_cpu(cpu) {
		found = false;
		for (i = 0; i < mpam_glue_hw_nr_comps(class) && !found; i++) {
			struct mpam_comp *comp = mpam_glue_hw_comp(class, i);

			found = cpumask_test_cpu(cpu, mpam_glue_hw_comp_cpus(comp));
		}
		if (!found)
			return false;
	}
	return true;
}

/*
 * resctrl's L3 or L2 (@l) from the cache class of that level.  The L3 is
 * kept even without cache portions: its monitors back L3_MON.  An L2 whose
 * MSCs leave CPUs out is refused: those CPUs' L2 would be in no domain,
 * and a group's L2 limits would hold on some clusters only.
 */
static void mpam_glue_setup_cache(enum resctrl_res_level l, struct mpam_class *class)
{
	struct mpam_glue_res *res = &mpam_glue_res[l];
	struct rdt_resource *r = &res->resctrl_res;
	struct mpam_glue_caps caps;

	mpam_glue_hw_caps(class, &caps);
	if (l == RDT_RESOURCE_L2) {
		if (!caps.cpbm_wd)
			return;
		if (!mpam_glue_class_covers_cpus(class)) {
			pr_info("L2: cache portion controls are not in the L2 of every CPU, not used\n");
			return;
		}
	}

	res->class = class;
	res->caps = caps;
	r->name = l == RDT_RESOURCE_L2 ? "L2" : "L3";
	r->ctrl_scope = l == RDT_RESOURCE_L2 ? RESCTRL_L2_CACHE : RESCTRL_L3_CACHE;
	if (l == RDT_RESOURCE_L3)
		r->mon_scope = RESCTRL_L3_CACHE;
	r->schema_fmt = RESCTRL_SCHEMA_BITMAP;

	if (res->caps.cpbm_wd) {
		r->alloc_capable = true;
		res->ctrl_backed = true;
		r->cache.cbm_len = res->caps.cpbm_wd;
		r->cache.min_cbm_bits = 1;
		r->cache.arch_has_sparse_bitmasks = true;
		/* CDP needs two PARTIDs per CLOSID. */
		r->cdp_capable = mpam_glue_num_closid >= 2;
	}
}

/*
 * Whether @class can back MB: it has a maximum bandwidth control, and its
 * components map one to one onto the L3's, so that a limit is per L3
 * domain as resctrl shows it.  Only the L3 and memory classes are tried:
 * bandwidth controls elsewhere (an L2, an interconnect) do not limit what
 * leaves the L3, which is what resctrl's MB and mbm_total_bytes mean.
 */
static bool mpam_glue_mb_candidate(struct mpam_class *class, const char *what,
				   struct mpam_glue_caps *caps)
{
	struct mpam_class *l3 = mpam_glue_res[RDT_RESOURCE_L3].class;

	if (!class)
		return false;
	mpam_glue_hw_caps(class, caps);
	if (!caps->bwa_wd)
		return false;
	if (!l3 || !mpam_glue_cpumask_equal_comps(class, l3)) {
		pr_info("MB: %s bandwidth controls do not map one to one onto L3 domains, not used\n",
			what);
		return false;
	}
	return true;
}

static bool mpam_glue_has_mbw_max(struct mpam_class *class)
{
	struct mpam_glue_caps caps;

	if (!class)
		return false;
	mpam_glue_hw_caps(class, &caps);
	return caps.bwa_wd;
}

/*
 * MB: the bandwidth controls nearest the L3, as mbm_total_bytes counts
 * what leaves it: the L3's own, or else the memory controllers'.
 */
static void mpam_glue_setup_mb(void)
{
	struct mpam_glue_res *res = &mpam_glue_res[RDT_RESOURCE_MBA];
	struct rdt_resource *r = &res->resctrl_res;
	struct mpam_class *l2 = mpam_glue_hw_cache_class(2);
	struct mpam_class *other = mpam_glue_hw_other_class();
	struct mpam_class *class;
	struct mpam_glue_caps caps;

	if (mpam_glue_has_mbw_max(l2))
		pr_info("MB: L2 bandwidth controls do not limit what leaves the L3, not used\n");
	if (mpam_glue_has_mbw_max(other))
		pr_info("MB: bandwidth controls of MSCs that are neither caches nor memory, not used\n");

	class = mpam_glue_hw_cache_class(3);
	if (!mpam_glue_mb_candidate(class, "L3", &caps)) {
		class = mpam_glue_hw_memory_class();
		if (!mpam_glue_mb_candidate(class, "memory", &caps))
			return;
	}

	res->class = class;
	res->caps = caps;
	res->ctrl_backed = true;
	/*
	 * Pairing the PARTIDs of CDP narrows them onto one internal PARTID,
	 * whose cache portions would then be shared by code and data: not in
	 * a class that backs a cache resource too.
	 */
	res->cdp_pairs = class != mpam_glue_res[RDT_RESOURCE_L3].class &&
			 mpam_glue_hw_can_pair_partids(class);
	r->name = "MB";
	r->alloc_capable = true;
	r->ctrl_scope = RESCTRL_L3_CACHE;
	r->schema_fmt = RESCTRL_SCHEMA_RANGE;
	r->membw.min_bw = mpam_mbw_granularity(caps.bwa_wd);
	r->membw.bw_gran = mpam_mbw_granularity(caps.bwa_wd);
	r->membw.max_bw = 100;
	r->membw.delay_linear = true;
	r->membw.throttle_mode = THREAD_THROTTLE_UNDEFINED;
}

static void mpam_glue_setup_label_space(void)
{
	u32 num_partid, num_pmg;

	mpam_glue_hw_label_space(&num_partid, &num_pmg);
	mpam_glue_num_pmg = clamp(num_pmg, 1U, MPAM_GLUE_MAX_RMID_IDX);
	mpam_glue_num_closid = max(1U, min(num_partid,
					   MPAM_GLUE_MAX_RMID_IDX / mpam_glue_num_pmg));
	if (mpam_glue_num_closid < num_partid || mpam_glue_num_pmg < num_pmg)
		pr_info("exposing %u of %u PARTIDs and %u of %u PMGs: resctrl allocates per CLOSID/RMID pair\n",
			mpam_glue_num_closid, num_partid, mpam_glue_num_pmg, num_pmg);
}

static void mpam_glue_clear_resources(void)
{
	enum resctrl_res_level l;

	for (l = 0; l < RDT_NUM_RESOURCES; l++) {
		struct mpam_glue_res *res = &mpam_glue_res[l];

		memset(res, 0, sizeof(*res));
		res->resctrl_res.rid = l;
		INIT_LIST_HEAD(&res->resctrl_res.ctrl_domains);
		INIT_LIST_HEAD(&res->resctrl_res.mon_domains);
	}
}

/**
 * mpam_glue_setup() - Register what the MSCs can do with resctrl.
 *
 * Called once by the MSC core when every MSC firmware describes has probed
 * and MPAM is enabled.  Picks the classes that back each resource and event,
 * brings the domains online and registers the resctrl filesystem.
 *
 * Return: 0, or an errno when resctrl could not be registered (MPAM keeps
 * running without it).
 */
int mpam_glue_setup(void)
{
	struct mpam_class *l3, *l2;
	int err;

	mpam_glue_clear_resources();
	mpam_glue_setup_label_space();

	l3 = mpam_glue_hw_cache_class(3);
	l2 = mpam_glue_hw_cache_class(2);
	if (l3)
		mpam_glue_setup_cache(RDT_RESOURCE_L3, l3);
	if (l2)
		mpam_glue_setup_cache(RDT_RESOURCE_L2, l2);
	mpam_glue_setup_monitors(mpam_glue_hw_memory_class());
	mpam_glue_setup_mb();

	if (!resctrl_arch_alloc_capable() && !resctrl_arch_mon_capable()) {
		pr_info("no class resctrl can use\n");
		return -ENODEV;
	}

	err = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "arm64/mpam/resctrl:online",
				mpam_glue_cpu_online, mpam_glue_cpu_offline);
	if (err < 0)
		goto free_counters;
	mpam_glue_cpuhp_state = err;

	err = resctrl_init();
	if (err)
		goto remove_cpuhp;
	mpam_glue_mon_debugfs_init();
	pr_info("L3 %s, L2 %s, MB %s, llc_occupancy %s, %u bandwidth counters per domain\n",
		str_yes_no(mpam_glue_res[RDT_RESOURCE_L3].resctrl_res.alloc_capable),
		str_yes_no(mpam_glue_res[RDT_RESOURCE_L2].resctrl_res.alloc_capable),
		str_yes_no(mpam_glue_res[RDT_RESOURCE_MBA].resctrl_res.alloc_capable),
		str_yes_no(resctrl_is_mon_event_enabled(QOS_L3_OCCUP_EVENT_ID)),
		mpam_glue_nr_mbwu_mon);
	return 0;

remove_cpuhp:
	cpuhp_remove_state(mpam_glue_cpuhp_state);
	mpam_glue_cpuhp_state = 0;
free_counters:
	mpam_glue_free_mbwu_counters();
	mpam_glue_free_limbo();
	pr_err("registering with resctrl failed: %d\n", err);
	return err;
}

static void mpam_glue_teardown_work_fn(struct work_struct *work)
{
	if (!mpam_glue_cpuhp_state)
		return;

	/* Every domain offline first: resctrl_exit() expects it. */
	cpuhp_remove_state(mpam_glue_cpuhp_state);
	mpam_glue_cpuhp_state = 0;
	resctrl_exit();

	mpam_glue_free_mbwu_counters();
	pr_err("resctrl disabled after an MPAM error\n");
}

static DECLARE_WORK(mpam_glue_teardown_work, mpam_glue_teardown_work_fn);

/**
 * mpam_glue_teardown_wait() - Wait for mpam_glue_teardown() to finish.
 */
void mpam_glue_teardown_wait(void)
{
	flush_work(&mpam_glue_teardown_work);
}

/**
 * mpam_glue_teardown() - Take resctrl down after a fatal MPAM error.
 *
 * May be called from any context; the work runs from a workqueue.  Every
 * hook fails from now on; the resources stay valid so that a mounted resctrl
 * can still be unmounted.  There is no way back without a reboot.
 */
void mpam_glue_teardown(void)
{
	WRITE_ONCE(mpam_glue_dead, true);
	schedule_work(&mpam_glue_teardown_work);
}
