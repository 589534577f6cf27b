// SPDX-License-Identifier: GPL-2.0
/*
 * Arm MPAM glue to resctrl: monitoring.
 *
 *  - llc_occupancy: the L3 class's cache storage usage (CSU) monitors,
 *    one allocated per read (fs/resctrl's monitor contexts), and the limbo
 *    of freed RMIDs that still occupy the cache;
 *  - mbm_total_bytes: bandwidth usage (MBWU) monitors, always in
 *    "mbm_event" mode.  Every MBWU monitor the backing class offers is
 *    allocated up front and exposed as an assignable counter; with CDP a
 *    counter needs a monitor for each PARTID of the pair, so there are half
 *    as many.  Where every MSC of that class has HAS_RWBW, the event's
 *    filter (event_filter) is writable: all reads, all writes or both
 *    (mpam_glue_filter_to_rw()).
 *
 * Locking: see mpam_glue_internal.h.
 */

#define pr_fmt(fmt) "mpam: resctrl: " fmt

#include <linux/arm_mpam.h>
#include <linux/bitmap.h>
#include <linux/cacheinfo.h>
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/errno.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/resctrl.h>

#include "mpam_core.h"
#include "mpam_glue_internal.h"

/*
 * The class whose MBWU monitors back mbm_total_bytes: the L3's, or the
 * memory controllers' where they map one to one onto L3 domains.  The
 * monitors allocated in it; counter c uses mbwu_mon[c].  Set up before
 * resctrl_init(), freed after resctrl_exit().
 */
struct mpam_class *mpam_glue_mbwu_class;
int *mpam_glue_mbwu_mon;
unsigned int mpam_glue_nr_mbwu_mon;

/*
 * The CDP encoding each CLOSID/RMID index was last used with, one bit per
 * index: set for the CDP pair of PARTIDs.  fs/resctrl frees a group's RMID
 * into limbo and keeps reading its occupancy, possibly after an unmount
 * and a mount with the other CDP mode; the occupancy is where the group's
 * tasks ran, in the encoding of the mount that freed it.  An index gets a
 * label only through the hooks below (tasks, CPUs, counters), and a mount
 * only hands out indexes not in limbo: the mode is noted at those hooks,
 * for every index not in limbo at each mount and when a domain goes
 * offline (fs then frees its limbo entries unread), and for an entry as
 * the read that lets fs release it returns (mpam_glue_read_occupancy()).
 * Written under rdtgroup_mutex or the hotplug lock, or from IPIs changing
 * CPU defaults (atomic bit ops).
 */
static unsigned long *mpam_glue_idx_cdp;

/* Whether @idx waits in limbo in @d: fs set its busy bit when it was freed. */
static bool mpam_glue_idx_in_limbo(struct rdt_l3_mon_domain *d, u32 idx)
{
	return d->rmid_busy_llc && test_bit(idx, d->rmid_busy_llc);
}

/* Whether @idx waits in limbo in a domain other than @except (or any). */
static bool mpam_glue_idx_in_limbo_elsewhere(struct rdt_l3_mon_domain *except, u32 idx)
{
	struct rdt_resource *r = &mpam_glue_res[RDT_RESOURCE_L3].resctrl_res;
	struct rdt_l3_mon_domain *d;

	list_for_each_entry(d, &r->mon_domains, hdr.list)
		if (d != except && mpam_glue_idx_in_limbo(d, idx))
			return true;
	return false;
}

/**
 * mpam_glue_note_idx_modes() - Every index out of limbo uses the current encoding.
 *
 * At each mount, and after a domain went offline (fs frees its limbo
 * entries without reading them): those indexes may be handed out again.
 *
 * Context: rdtgroup_mutex or the hotplug lock held for writing.
 */
void mpam_glue_note_idx_modes(void)
{
	u32 idx, nr = resctrl_arch_system_num_rmid_idx();

	if (!mpam_glue_idx_cdp)
		return;
	for (idx = 0; idx < nr; idx++)
		if (!mpam_glue_idx_in_limbo_elsewhere(NULL, idx))
			assign_bit(idx, mpam_glue_idx_cdp, mpam_glue_cdp);
}

/**
 * mpam_glue_note_label() - A label for @closid/@rmid is being handed out.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 *
 * Records the CDP encoding it uses, for reads of its occupancy once it is
 * freed into limbo.  Any context.
 */
void mpam_glue_note_label(u32 closid, u32 rmid)
{
	u32 idx = resctrl_arch_rmid_idx_encode(closid, rmid);

	if (mpam_glue_idx_cdp && idx < resctrl_arch_system_num_rmid_idx())
		assign_bit(idx, mpam_glue_idx_cdp, READ_ONCE(mpam_glue_cdp));
}

/**
 * resctrl_arch_enable_mon() - Monitoring starts: resctrl is being mounted.
 *
 * Every index not in limbo may be handed out by this mount: it uses this
 * mount's encoding.  Those in limbo keep the one they were freed with.
 *
 * Context: rdtgroup_mutex and the hotplug lock held.
 */
void resctrl_arch_enable_mon(void)
{
	mpam_glue_note_idx_modes();
}

/**
 * resctrl_arch_is_evt_configurable() - Whether @evt has a *_config file.
 * @evt: the event.
 *
 * These are the files of x86's BMEC, read and written by IPIs to the
 * domain in "default" mode, which MPAM does not have.  In "mbm_event"
 * mode the filter is event_filter, writable where r->mon.mbm_cntr_configurable
 * (mpam_glue_setup_mbwu_counters()).
 *
 * Return: false.
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

/* The context of a read after MPAM was disabled: it holds no monitor. */
#define MPAM_GLUE_DEAD_CTX	((void *)(uintptr_t)(U16_MAX + 2))

/*
 * llc_occupancy needs a cache storage usage monitor for the duration of a
 * read; fs/resctrl allocates one per read (and one for its limbo worker)
 * through these contexts.  The context is the monitor index plus one, so
 * that it is never NULL.
 */

/**
 * resctrl_arch_mon_ctx_alloc() - Allocate a monitor context for a read.
 * @r: the resource.
 * @evtid: the event.
 *
 * Return: a context, NULL for events that need none, or an ERR_PTR().
 */
void *resctrl_arch_mon_ctx_alloc(struct rdt_resource *r,
				 enum resctrl_event_id evtid)
{
	struct mpam_glue_res *res = to_glue_res(r);
	int idx;

	might_sleep();
	if (evtid != QOS_L3_OCCUP_EVENT_ID)
		return NULL;
	/*
	 * fs/resctrl shows a failed allocation as "Unavailable"; once MPAM is
	 * disabled a read is an error, which resctrl_arch_rmid_read() says.
	 */
	if (mpam_glue_dead)
		return MPAM_GLUE_DEAD_CTX;
	if (!res->class)
		return ERR_PTR(-EIO);

	/*
	 * fs/resctrl allocates where it may sleep: wait a little rather than
	 * fail the read, but bounded, see mpam_class_mon_alloc_wait().
	 */
	idx = mpam_glue_hw_csu_alloc_wait(res->class);
	if (idx < 0)
		return ERR_PTR(idx);
	return (void *)(uintptr_t)(idx + 1);
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
	struct mpam_glue_res *res = to_glue_res(r);

	if (evtid != QOS_L3_OCCUP_EVENT_ID || IS_ERR_OR_NULL(ctx) || ctx == MPAM_GLUE_DEAD_CTX ||
	    !res->class)
		return;
	mpam_glue_hw_mon_free(res->class, MPAM_GLUE_MON_CSU, (uintptr_t)ctx - 1);
}

/*
 * Occupancy of @closid/@rmid in @dom: the sum over the PARTIDs it uses, in
 * the encoding it was used with when it waits in limbo.
 */
static int mpam_glue_read_occupancy(struct mpam_glue_mon_dom *dom, int mon,
				    u32 closid, u32 rmid, u64 *val)
{
	u32 idx = resctrl_arch_rmid_idx_encode(closid, rmid);
	bool in_limbo = mpam_glue_idx_cdp && mpam_glue_idx_in_limbo(&dom->resctrl_dom, idx);
	bool cdp = in_limbo ? test_bit(idx, mpam_glue_idx_cdp) : mpam_glue_cdp;
	u16 partid[2];
	u64 bytes;
	int i, err;

	mpam_closid_partids(closid, cdp, &partid[0], &partid[1]);
	*val = 0;
	for (i = 0; i < (cdp ? 2 : 1); i++) {
		err = mpam_glue_hw_mon_config(dom->comp, MPAM_GLUE_MON_CSU, mon,
					      partid[i], rmid);
		if (!err)
			err = mpam_glue_hw_mon_read(dom->comp, MPAM_GLUE_MON_CSU,
						    mon, &bytes);
		if (err)
			return err;
		*val += bytes;
	}
	/*
	 * fs releases a limbo entry when it reads below the threshold in its
	 * last busy domain (__check_limbo(), under rdtgroup_mutex like this
	 * read): from then on it may be handed out by this mount, with no
	 * hook to say so.
	 */
	if (in_limbo && *val < resctrl_rmid_realloc_threshold &&
	    !mpam_glue_idx_in_limbo_elsewhere(&dom->resctrl_dom, idx))
		assign_bit(idx, mpam_glue_idx_cdp, mpam_glue_cdp);
	return 0;
}

/* Only -EIO and -EINVAL are shown to users as words: map the rest. */
static int mpam_glue_read_errno(int err)
{
	return (err == -EINVAL || err == -ENOENT || !err) ? err : -EIO;
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
 * Only llc_occupancy is read this way: bandwidth is counted by assigned
 * counters (resctrl_arch_cntr_read()).
 *
 * Return: 0, -EIO or -EINVAL.
 */
int resctrl_arch_rmid_read(struct rdt_resource *r, struct rdt_domain_hdr *hdr,
			   u32 closid, u32 rmid, enum resctrl_event_id eventid,
			   void *arch_priv, u64 *val, void *arch_mon_ctx)
{
	struct rdt_l3_mon_domain *d;

	resctrl_arch_rmid_read_context_check();
	if (mpam_glue_dead)
		return -EIO;
	if (eventid != QOS_L3_OCCUP_EVENT_ID || IS_ERR_OR_NULL(arch_mon_ctx))
		return -EINVAL;
	if (!domain_header_is_valid(hdr, RESCTRL_MON_DOMAIN, RDT_RESOURCE_L3))
		return -EINVAL;

	d = container_of(hdr, struct rdt_l3_mon_domain, hdr);
	return mpam_glue_read_errno(mpam_glue_read_occupancy(to_glue_mon_dom(d),
							     (uintptr_t)arch_mon_ctx - 1,
							     closid, rmid, val));
}

/**
 * resctrl_arch_reset_rmid() - Forget the state of one RMID's counter.
 * @r: the resource.
 * @d: the domain.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 * @eventid: the event.
 *
 * Nothing to forget: occupancy has no history and bandwidth is counted by
 * assigned counters.
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
 * Return: true: MPAM bandwidth is always counted in mbm_event mode.
 */
bool resctrl_arch_mbm_cntr_assign_enabled(struct rdt_resource *r)
{
	return r->mon.mbm_cntr_assignable;
}

/**
 * resctrl_arch_mbm_cntr_assign_set() - Change the counter assignment mode.
 * @r: the resource.
 * @enable: the requested mode.
 *
 * Return: 0 when @enable is the current mode, else -EINVAL: it is fixed.
 */
int resctrl_arch_mbm_cntr_assign_set(struct rdt_resource *r, bool enable)
{
	return enable == r->mon.mbm_cntr_assignable ? 0 : -EINVAL;
}

/* The monitor index behind part @i of counter @cntr_id. */
static int mpam_glue_cntr_mon(const struct mpam_glue_cntr *cntr, u32 cntr_id, unsigned int i)
{
	return mpam_glue_mbwu_mon[mpam_cntr_monitor(cntr_id, i, cntr->nr_mons)];
}

/* (Re)program the monitors of @cntr; a failure is kept for the next read. */
static void mpam_glue_program_cntr(struct mpam_glue_mon_dom *dom, u32 cntr_id)
{
	struct mpam_glue_cntr *cntr = &dom->cntrs[cntr_id];
	unsigned int i;
	int err = dom->mbwu_comp ? 0 : -ENODEV;

	for (i = 0; i < cntr->nr_mons && !err; i++)
		err = mpam_glue_hw_mbwu_config(dom->mbwu_comp,
					       mpam_glue_cntr_mon(cntr, cntr_id, i),
					       cntr->partid[i], cntr->pmg, cntr->rw);
	cntr->err = err;
	cntr->fresh = !err;
	if (err)
		pr_err_ratelimited("domain %d: programming counter %u failed: %d\n",
				   dom->resctrl_dom.hdr.id, cntr_id, err);
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
 *
 * A counter uses monitor mbwu_mon[cntr_id], or with CDP the two monitors
 * mbwu_mon[2 * cntr_id] and mbwu_mon[2 * cntr_id + 1] for the data and code
 * PARTIDs.  Both count what the event's filter says; fs calls this again
 * for every assigned counter when the filter changed, and the monitors
 * count from zero.  This cannot fail: errors are reported by the next read.
 */
void resctrl_arch_config_cntr(struct rdt_resource *r, struct rdt_l3_mon_domain *d,
			      enum resctrl_event_id evtid, u32 rmid, u32 closid,
			      u32 cntr_id, bool assign)
{
	struct mpam_glue_mon_dom *dom = to_glue_mon_dom(d);
	struct mpam_glue_cntr *cntr;
	enum mpam_glue_rw rw;
	const char *msg;
	int err;

	/* fs never asks past num_mbm_cntrs, which never exceeds nr_cntrs. */
	if (WARN_ON_ONCE(cntr_id >= dom->nr_cntrs))
		return;
	cntr = &dom->cntrs[cntr_id];

	if (!assign) {
		/* Unassign may come after CDP was turned off: keep nr_mons. */
		cntr->assigned = false;
		cntr->fresh = false;
		cntr->err = 0;
		return;
	}

	cntr->assigned = true;
	mpam_glue_note_label(closid, rmid);
	cntr->nr_mons = mpam_glue_cdp ? 2 : 1;
	mpam_glue_partids(closid, &cntr->partid[0], &cntr->partid[1]);
	cntr->pmg = rmid;
	/* Every filter fs stores passed resctrl_arch_check_event_filter(). */
	err = mpam_glue_filter_to_rw(resctrl_get_mon_evt_cfg(evtid), &rw, &msg);
	if (WARN_ON_ONCE(err))
		rw = MPAM_GLUE_RW_BOTH;
	cntr->rw = rw;
	if (mpam_glue_dead) {
		cntr->err = -EIO;
		return;
	}
	mpam_glue_program_cntr(dom, cntr_id);
}

/**
 * resctrl_arch_check_event_filter() - Whether the counters can count a filter.
 * @r: the resource.
 * @evtid: the event.
 * @evt_cfg: the memory transactions requested.
 * @msg: set to what can be counted when @evt_cfg cannot.
 *
 * Unlike x86's ABMC, an MPAM bandwidth monitor cannot count any set of
 * resctrl's transaction kinds, only reads, writes or both.
 *
 * Return: 0, -EPERM when the filter is fixed, or -EINVAL.
 */
int resctrl_arch_check_event_filter(struct rdt_resource *r, enum resctrl_event_id evtid,
				    u32 evt_cfg, const char **msg)
{
	enum mpam_glue_rw rw;

	/* fs asks only where mbm_cntr_configurable, for mbm_total_bytes. */
	if (!r->mon.mbm_cntr_configurable || evtid != QOS_L3_MBM_TOTAL_EVENT_ID)
		return -EPERM;
	return mpam_glue_filter_to_rw(evt_cfg, &rw, msg);
}

/**
 * resctrl_arch_cntr_read() - Read counter @cntr_id of domain @d.
 * @r: the resource.
 * @d: the domain.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 * @cntr_id: the counter.
 * @eventid: the event.
 * @val: set to the bytes counted since the counter was assigned or reset.
 *
 * Return: 0, -EIO (hardware error) or -EINVAL (not assigned here).
 */
int resctrl_arch_cntr_read(struct rdt_resource *r, struct rdt_l3_mon_domain *d,
			   u32 closid, u32 rmid, int cntr_id,
			   enum resctrl_event_id eventid, u64 *val)
{
	struct mpam_glue_mon_dom *dom = to_glue_mon_dom(d);
	struct mpam_glue_cntr *cntr;
	unsigned int i;
	u64 bytes;
	int err;

	if (mpam_glue_dead)
		return -EIO;
	if (cntr_id < 0 || cntr_id >= dom->nr_cntrs || !dom->cntrs[cntr_id].assigned)
		return -EINVAL;
	cntr = &dom->cntrs[cntr_id];
	if (cntr->err)
		return -EIO;

	cntr->fresh = false;
	*val = 0;
	for (i = 0; i < cntr->nr_mons; i++) {
		err = mpam_glue_hw_mon_read(dom->mbwu_comp, MPAM_GLUE_MON_MBWU,
					    mpam_glue_cntr_mon(cntr, cntr_id, i),
					    &bytes);
		if (err)
			return mpam_glue_read_errno(err);
		*val += bytes;
	}
	return 0;
}

/**
 * resctrl_arch_reset_cntr() - Restart counter @cntr_id from zero.
 * @r: the resource.
 * @d: the domain.
 * @closid: resctrl CLOSID.
 * @rmid: resctrl RMID.
 * @cntr_id: the counter.
 * @eventid: the event.
 *
 * fs/resctrl calls this only right after resctrl_arch_config_cntr() for
 * the same counter, in the same hold of rdtgroup_mutex: when it creates a
 * group's mon_data files (mkdir, mount) and after moving a MON group.  A
 * counter not read since it was programmed has counted only since then, so
 * the reset costs no register access.  Unlike x86, whose reset takes a new
 * baseline after the configuration cleared the counter, the traffic
 * between the two calls is kept.  Only a counter whose programming failed
 * (not fresh) is programmed again, which also zeroes it.
 */
void resctrl_arch_reset_cntr(struct rdt_resource *r, struct rdt_l3_mon_domain *d,
			     u32 closid, u32 rmid, int cntr_id,
			     enum resctrl_event_id eventid)
{
	struct mpam_glue_mon_dom *dom = to_glue_mon_dom(d);

	if (mpam_glue_dead || cntr_id < 0 || cntr_id >= dom->nr_cntrs ||
	    !dom->cntrs[cntr_id].assigned || dom->cntrs[cntr_id].fresh)
		return;
	mpam_glue_program_cntr(dom, cntr_id);
}

/*
 * Pre-allocate every MBWU monitor @class can offer in all its components:
 * they are resctrl's assignable counters, the same indexes in every domain.
 */
static int mpam_glue_setup_mbwu_counters(struct mpam_class *class, unsigned int num_mbwu)
{
	struct rdt_resource *r = &mpam_glue_res[RDT_RESOURCE_L3].resctrl_res;
	struct mpam_glue_caps caps;
	unsigned int i;
	int idx;

	mpam_glue_mbwu_mon = kcalloc(num_mbwu, sizeof(*mpam_glue_mbwu_mon), GFP_KERNEL);
	if (!mpam_glue_mbwu_mon)
		return -ENOMEM;
	for (i = 0; i < num_mbwu; i++) {
		idx = mpam_glue_hw_mon_alloc(class, MPAM_GLUE_MON_MBWU);
		if (idx < 0)
			break;
		mpam_glue_mbwu_mon[mpam_glue_nr_mbwu_mon++] = idx;
	}
	if (!mpam_glue_nr_mbwu_mon) {
		kfree(mpam_glue_mbwu_mon);
		mpam_glue_mbwu_mon = NULL;
		return 0;
	}

	mpam_glue_mbwu_class = class;
	r->mon_capable = true;
	r->mon.mbm_cntr_assignable = true;
	r->mon.mbm_cntr_assign_fixed = true;
	r->mon.mbm_assign_on_mkdir = true;
	r->mon.num_mbm_cntrs = mpam_glue_nr_mbwu_mon;
	r->mon.max_mbm_cntrs = mpam_glue_nr_mbwu_mon;
	/*
	 * The monitors count every kind of transaction until told otherwise;
	 * fs makes event_filter writable, in resctrl_init(), where every MSC
	 * of the class can count reads or writes only.
	 */
	r->mon.mbm_cfg_mask = MAX_EVT_CONFIG_BITS;
	mpam_glue_hw_caps(class, &caps);
	r->mon.mbm_cntr_configurable = caps.mbwu_rw;
	resctrl_enable_mon_event(QOS_L3_MBM_TOTAL_EVENT_ID, false, 0, NULL);
	return 0;
}

/**
 * mpam_glue_free_mbwu_counters() - Give back the monitors of the counters.
 */
void mpam_glue_free_mbwu_counters(void)
{
	unsigned int i;

	for (i = 0; i < mpam_glue_nr_mbwu_mon; i++)
		mpam_glue_hw_mon_free(mpam_glue_mbwu_class, MPAM_GLUE_MON_MBWU,
				      mpam_glue_mbwu_mon[i]);
	mpam_glue_nr_mbwu_mon = 0;
	mpam_glue_mbwu_class = NULL;
	kfree(mpam_glue_mbwu_mon);
	mpam_glue_mbwu_mon = NULL;
}

/*
 * The class that counts mbm_total_bytes, and how many monitors it has: the
 * L3's own bandwidth monitors, else the memory controllers' where each L3
 * domain has exactly one, with the same CPUs.  NULL for none.
 */
static struct mpam_class *mpam_glue_pick_mbwu_class(struct mpam_class *l3,
						    struct mpam_class *mem,
						    unsigned int *num_mbwu)
{
	struct mpam_glue_caps caps;

	*num_mbwu = mpam_glue_res[RDT_RESOURCE_L3].caps.num_mbwu;
	if (*num_mbwu)
		return l3;
	if (!mem)
		return NULL;
	mpam_glue_hw_caps(mem, &caps);
	if (!caps.num_mbwu)
		return NULL;
	if (!mpam_glue_cpumask_equal_comps(mem, l3)) {
		pr_info("mbm_total_bytes: memory bandwidth monitors do not map one to one onto L3 domains, not used\n");
		return NULL;
	}
	pr_info("mbm_total_bytes: counted by the memory controllers' bandwidth monitors\n");
	*num_mbwu = caps.num_mbwu;
	return mem;
}

/*
 * resctrl reads every assigned counter once a second (its overflow
 * handler) and the core corrects one wrap between two reads.  A counter
 * that can wrap twice in a second at memory-system speeds loses counts.
 */
#define MPAM_GLUE_MBWU_SAFE_SHIFT	40	/* 1 TiB a second */

static void mpam_glue_warn_narrow_mbwu(struct mpam_class *class)
{
	struct mpam_glue_caps caps;

	mpam_glue_hw_caps(class, &caps);
	if (caps.mbwu_wrap_shift >= MPAM_GLUE_MBWU_SAFE_SHIFT)
		return;
	pr_warn("mbm_total_bytes: the bandwidth counters wrap every %llu MiB; a group moving more than that in a second loses counts\n",
		BIT_ULL(caps.mbwu_wrap_shift) >> 20);
}

/* When the L3 size is unknown: a common server LLC slice. */
#define MPAM_GLUE_DEFAULT_LLC_SIZE	SZ_32M

/*
 * fs/resctrl keeps a freed RMID in limbo while its llc_occupancy is at or
 * above resctrl_rmid_realloc_threshold, and accepts thresholds up to
 * resctrl_rmid_realloc_limit (info/L3_MON/max_threshold_occupancy).  Both
 * are the arch's to set; left at zero no RMID is ever reused.  As x86 does
 * (arch/x86/kernel/cpu/resctrl/monitor.c), the limit is the L3 size and the
 * default threshold the share of it each index would have if all occupied
 * the cache equally.  MPAM's CSU monitors count bytes, so no rounding.
 */
static int mpam_glue_setup_limbo(struct mpam_class *l3)
{
	u32 nr_idx = resctrl_arch_system_num_rmid_idx();
	unsigned int size = mpam_glue_hw_cache_size(l3);

	mpam_glue_idx_cdp = bitmap_zalloc(nr_idx, GFP_KERNEL);
	if (!mpam_glue_idx_cdp) {
		pr_err("no memory for the limbo state, llc_occupancy disabled\n");
		return -ENOMEM;
	}
	if (!size) {
		size = MPAM_GLUE_DEFAULT_LLC_SIZE;
		pr_warn("llc_occupancy: the L3 size is unknown, taking %u MiB for max_threshold_occupancy\n",
			size >> 20);
	}
	resctrl_rmid_realloc_limit = size;
	resctrl_rmid_realloc_threshold = resctrl_arch_round_mon_val(size / nr_idx);
	return 0;
}

/**
 * mpam_glue_free_limbo() - Undo mpam_glue_setup_limbo(), resctrl never came up.
 *
 * Not after a teardown: hooks of a still-mounted resctrl may note labels.
 */
void mpam_glue_free_limbo(void)
{
	bitmap_free(mpam_glue_idx_cdp);
	mpam_glue_idx_cdp = NULL;
	resctrl_rmid_realloc_threshold = 0;
	resctrl_rmid_realloc_limit = 0;
}

/**
 * mpam_glue_setup_monitors() - Set up llc_occupancy and mbm_total_bytes.
 * @mem: the memory class, or NULL.
 *
 * Called before resctrl_init(), after the L3 resource is set up.
 */
void mpam_glue_setup_monitors(struct mpam_class *mem)
{
	struct mpam_glue_res *res = &mpam_glue_res[RDT_RESOURCE_L3];
	struct rdt_resource *r = &res->resctrl_res;
	struct mpam_class *mbwu_class;
	unsigned int num_mbwu;

	if (!res->class)
		return;
	if (res->caps.num_csu && !mpam_glue_setup_limbo(res->class)) {
		r->mon_capable = true;
		resctrl_enable_mon_event(QOS_L3_OCCUP_EVENT_ID, false, 0, NULL);
	}
	mbwu_class = mpam_glue_pick_mbwu_class(res->class, mem, &num_mbwu);
	if (mbwu_class)
		mpam_glue_warn_narrow_mbwu(mbwu_class);
	if (mbwu_class && mpam_glue_setup_mbwu_counters(mbwu_class, num_mbwu))
		pr_err("no memory for the bandwidth counters, mbm_total_bytes disabled\n");
	if (r->mon_capable)
		r->mon.num_rmid = resctrl_arch_system_num_rmid_idx();
}

/*
 * /sys/kernel/debug/mpam/resctrl_counters: what each assignable counter of
 * each L3 monitor domain counts, one line per assigned counter:
 *   "domain <id> counter <cntr_id> monitors <m>[,<m>] partid <p>[,<p>] pmg <g>"
 * Tests use it to know which label a group's counter counts.  Taken under
 * the hotplug lock only: a concurrent assignment may show half-updated.
 */
static int resctrl_counters_show(struct seq_file *s, void *unused)
{
	struct rdt_resource *r = &mpam_glue_res[RDT_RESOURCE_L3].resctrl_res;
	struct rdt_l3_mon_domain *d;
	unsigned int c, i;

	cpus_read_lock();
	list_for_each_entry(d, &r->mon_domains, hdr.list) {
		struct mpam_glue_mon_dom *dom = to_glue_mon_dom(d);

		for (c = 0; c < dom->nr_cntrs; c++) {
			struct mpam_glue_cntr *cntr = &dom->cntrs[c];

			if (!cntr->assigned)
				continue;
			seq_printf(s, "domain %d counter %u monitors", d->hdr.id, c);
			for (i = 0; i < cntr->nr_mons; i++)
				seq_printf(s, "%c%d", i ? ',' : ' ',
					   mpam_glue_cntr_mon(cntr, c, i));
			seq_puts(s, " partid");
			for (i = 0; i < cntr->nr_mons; i++)
				seq_printf(s, "%c%u", i ? ',' : ' ', cntr->partid[i]);
			seq_printf(s, " pmg %u%s\n", cntr->pmg, cntr->err ? " error" : "");
		}
	}
	cpus_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(resctrl_counters);

/*
 * /sys/kernel/debug/mpam/resctrl_labels: the label each CLOSID of the
 * current mount runs with, one line per CLOSID:
 *   "closid <c> partid <p>[,<p>]"
 * (data, then code PARTID under CDP).  A group's PMG is its RMID.  With
 * resctrl mounted "-o debug", each group's ctrl_hw_id and mon_hw_id files
 * give its CLOSID and RMID, so user space can tell which group a label or
 * a counter of resctrl_counters belongs to.  Not serialised with a remount:
 * read it while resctrl stays mounted.
 */
static int resctrl_labels_show(struct seq_file *s, void *unused)
{
	bool cdp = READ_ONCE(mpam_glue_cdp);
	u32 nr = cdp ? mpam_glue_num_closid / 2 : mpam_glue_num_closid;
	u16 partid_d, partid_i;
	u32 closid;

	for (closid = 0; closid < nr; closid++) {
		mpam_closid_partids(closid, cdp, &partid_d, &partid_i);
		if (cdp)
			seq_printf(s, "closid %u partid %u,%u\n", closid,
				   partid_d, partid_i);
		else
			seq_printf(s, "closid %u partid %u\n", closid, partid_d);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(resctrl_labels);

/**
 * mpam_glue_mon_debugfs_init() - Create the glue's monitor files in debugfs.
 */
void mpam_glue_mon_debugfs_init(void)
{
	debugfs_create_file("resctrl_counters", 0400, mpam_debugfs_root(), NULL,
			    &resctrl_counters_fops);
	debugfs_create_file("resctrl_labels", 0400, mpam_debugfs_root(), NULL,
			    &resctrl_labels_fops);
}

