// SPDX-License-Identifier: GPL-2.0
/*
 * The resctrl glue's view of the hardware (mpam_glue.h), on top of the live
 * MSC core.  Classes and components are the core's; the glue never sees
 * MSCs or RIS.
 */

#include <linux/cacheinfo.h>
#include <linux/cpu.h>

#include "mpam_core.h"
#include "mpam_glue.h"

static enum mpam_mon_type to_mon_type(enum mpam_glue_mon_type type)
{
	return type == MPAM_GLUE_MON_CSU ? MPAM_MON_CSU : MPAM_MON_MBWU;
}

/**
 * mpam_glue_hw_cache_class() - The class of the caches of @level.
 * @level: the cache level.
 *
 * Return: the class, or NULL.
 */
struct mpam_class *mpam_glue_hw_cache_class(unsigned int level)
{
	return mpam_system_find_class(&mpam_live, MPAM_FW_RIS_CACHE, level);
}

/**
 * mpam_glue_hw_memory_class() - The class of the memory controllers.
 *
 * Return: the class, or NULL.
 */
struct mpam_class *mpam_glue_hw_memory_class(void)
{
	return mpam_system_find_class(&mpam_live, MPAM_FW_RIS_MEMORY, 0);
}

/**
 * mpam_glue_hw_other_class() - The class of the MSCs that are neither caches
 *				nor memory (interconnects, SMMUs...).
 *
 * Return: the class, or NULL.
 */
struct mpam_class *mpam_glue_hw_other_class(void)
{
	return mpam_system_find_class(&mpam_live, MPAM_FW_RIS_OTHER, 0);
}

/**
 * mpam_glue_hw_caps() - What every component of a class can do.
 * @class: the class.
 * @caps: filled in.
 */
void mpam_glue_hw_caps(struct mpam_class *class, struct mpam_glue_caps *caps)
{
	const struct mpam_feat *f = &class->feat;

	caps->cpbm_wd = f->cpbm_wd <= 32 ? f->cpbm_wd : 0;	/* resctrl's u32 */
	caps->bwa_wd = f->has_mbw_max ? f->bwa_wd : 0;
	caps->num_csu = f->num_csu;
	caps->num_mbwu = f->num_mbwu;
	caps->mbwu_wrap_shift = mpam_class_mbwu_wrap_shift(class);
	caps->mbwu_rw = f->num_mbwu && f->has_rwbw;
}

/**
 * mpam_glue_hw_nr_comps() - How many components a class has.
 * @class: the class.
 *
 * Return: the number.
 */
unsigned int mpam_glue_hw_nr_comps(struct mpam_class *class)
{
	return class->nr_comps;
}

/**
 * mpam_glue_hw_comp() - The @idx-th component of a class, by id order.
 * @class: the class.
 * @idx: the position.
 *
 * Return: the component, or NULL.
 */
struct mpam_comp *mpam_glue_hw_comp(struct mpam_class *class, unsigned int idx)
{
	struct mpam_comp *comp;

	list_for_each_entry(comp, &class->comps, node)
		if (!idx--)
			return comp;
	return NULL;
}

/**
 * mpam_glue_hw_comp_id() - A component's id: cache id or NUMA node.
 * @comp: the component.
 *
 * Return: the id.
 */
int mpam_glue_hw_comp_id(struct mpam_comp *comp)
{
	return comp->id;
}

/**
 * mpam_glue_hw_comp_cpus() - The CPUs whose accesses a component sees.
 * @comp: the component.
 *
 * Return: the mask.
 */
const struct cpumask *mpam_glue_hw_comp_cpus(struct mpam_comp *comp)
{
	return &comp->cpus;
}

/**
 * mpam_glue_hw_label_space() - The PARTIDs and PMGs everything supports.
 * @num_partid: set to the number of PARTIDs.
 * @num_pmg: set to the number of PMGs.
 */
void mpam_glue_hw_label_space(u32 *num_partid, u32 *num_pmg)
{
	*num_partid = mpam_live.partid_max + 1;
	*num_pmg = mpam_live.pmg_max + 1;
}

/**
 * mpam_glue_hw_set_cpbm() - Set the cache portions of a PARTID.
 * @comp: the component.
 * @partid: the PARTID.
 * @cpbm: the bitmap.
 *
 * Return: 0 or an errno.
 */
int mpam_glue_hw_set_cpbm(struct mpam_comp *comp, u16 partid, u32 cpbm)
{
	return mpam_comp_set_cpbm(comp, partid, cpbm);
}

/**
 * mpam_glue_hw_set_mbw_max() - Set the maximum bandwidth of a PARTID.
 * @comp: the component.
 * @partid: the PARTID.
 * @fract: the MBW_MAX field.
 *
 * Return: 0 or an errno.
 */
int mpam_glue_hw_set_mbw_max(struct mpam_comp *comp, u16 partid, u16 fract)
{
	return mpam_comp_set_mbw_max(comp, partid, fract);
}

/**
 * mpam_glue_hw_reset_class() - Reset every PARTID of a class to its default.
 * @class: the class.
 *
 * Return: 0 or an errno.
 */
int mpam_glue_hw_reset_class(struct mpam_class *class)
{
	return mpam_class_reset(&mpam_live, class);
}

/**
 * mpam_glue_hw_reset_comp() - Reset every PARTID of a component to its default.
 * @comp: the component.
 *
 * Return: 0 or an errno.
 */
int mpam_glue_hw_reset_comp(struct mpam_comp *comp)
{
	return mpam_comp_reset(&mpam_live, comp);
}

/**
 * mpam_glue_hw_comp_forget() - The glue no longer knows what a component holds.
 * @comp: the component.
 */
void mpam_glue_hw_comp_forget(struct mpam_comp *comp)
{
	mpam_comp_forget(comp);
}

/**
 * mpam_glue_hw_comp_at_defaults() - Whether a component holds only the defaults.
 * @comp: the component.
 *
 * Return: true when no control was set since it was last reset.
 */
bool mpam_glue_hw_comp_at_defaults(struct mpam_comp *comp)
{
	return mpam_comp_at_defaults(comp);
}

/**
 * mpam_glue_hw_can_pair_partids() - Whether a class can pair CDP's PARTIDs.
 * @class: the class.
 *
 * Return: true when every RIS of @class narrows PARTIDs.
 */
bool mpam_glue_hw_can_pair_partids(struct mpam_class *class)
{
	return mpam_class_can_pair_partids(class);
}

/**
 * mpam_glue_hw_pair_partids() - Map each CDP PARTID pair onto one internal PARTID.
 * @class: the class.
 * @pair: pair them, or undo it.
 *
 * Return: 0 or an errno.
 */
int mpam_glue_hw_pair_partids(struct mpam_class *class, bool pair)
{
	return mpam_class_pair_partids(&mpam_live, class, pair);
}

/**
 * mpam_glue_hw_cache_size() - The size of the largest cache of a cache class.
 * @class: the class.
 *
 * From cacheinfo, which firmware filled in; a component with no CPU online
 * has none to ask, and is skipped.
 *
 * Return: the size in bytes, or 0 when no cache of @class has one.
 */
unsigned int mpam_glue_hw_cache_size(struct mpam_class *class)
{
	struct cacheinfo *ci;
	struct mpam_comp *comp;
	unsigned int size = 0;
	int cpu;

	if (class->type != MPAM_FW_RIS_CACHE)
		return 0;
	cpus_read_lock();
	list_for_each_entry(comp, &class->comps, node) {
		cpu = cpumask_first_and(&comp->cpus, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			continue;
		ci = get_cpu_cacheinfo_level(cpu, class->level);
		if (ci)
			size = max(size, ci->size);
	}
	cpus_read_unlock();
	return size;
}

/**
 * mpam_glue_hw_mon_alloc() - Allocate a monitor index of a class.
 * @class: the class.
 * @type: CSU or MBWU.
 *
 * Return: the index, or -ENOSPC.
 */
int mpam_glue_hw_mon_alloc(struct mpam_class *class, enum mpam_glue_mon_type type)
{
	return mpam_class_mon_alloc(&mpam_live, class, to_mon_type(type));
}

/**
 * mpam_glue_hw_csu_alloc_wait() - Allocate an occupancy monitor, waiting for one.
 * @class: the class.
 *
 * Context: process context, may sleep (up to MPAM_MON_WAIT_MSEC).
 *
 * Return: the index, -ENOSPC when the class has none or none was freed in
 * time, or -EINTR.
 */
int mpam_glue_hw_csu_alloc_wait(struct mpam_class *class)
{
	return mpam_class_mon_alloc_wait(&mpam_live, class, MPAM_MON_CSU);
}

/**
 * mpam_glue_hw_mon_free() - Free a monitor index of a class.
 * @class: the class.
 * @type: CSU or MBWU.
 * @idx: the index.
 */
void mpam_glue_hw_mon_free(struct mpam_class *class, enum mpam_glue_mon_type type,
			   int idx)
{
	mpam_class_mon_free(&mpam_live, class, to_mon_type(type), idx);
}

/**
 * mpam_glue_hw_mon_config() - Count a PARTID/PMG with a monitor, from zero.
 * @comp: the component.
 * @type: CSU or MBWU.
 * @idx: the monitor index.
 * @partid: the PARTID.
 * @pmg: the PMG.
 *
 * Return: 0 or an errno.
 */
int mpam_glue_hw_mon_config(struct mpam_comp *comp, enum mpam_glue_mon_type type,
			    int idx, u16 partid, u8 pmg)
{
	return mpam_comp_mon_config(comp, to_mon_type(type), idx, partid, pmg);
}

/**
 * mpam_glue_hw_mbwu_config() - Count a PARTID/PMG's reads, writes or both.
 * @comp: the component.
 * @idx: the bandwidth monitor index.
 * @partid: the PARTID.
 * @pmg: the PMG.
 * @rw: which accesses; reads or writes only where the class's caps say so.
 *
 * The monitor counts from zero.
 *
 * Return: 0 or an errno.
 */
int mpam_glue_hw_mbwu_config(struct mpam_comp *comp, int idx, u16 partid, u8 pmg,
			     enum mpam_glue_rw rw)
{
	const struct mpam_mon_cfg cfg = {
		.partid = partid, .pmg = pmg,
		.match_partid = true, .match_pmg = true,
		.rwbw = rw == MPAM_GLUE_RW_READS ? MPAM_RWBW_READ :
			rw == MPAM_GLUE_RW_WRITES ? MPAM_RWBW_WRITE : MPAM_RWBW_BOTH,
	};

	return mpam_comp_mon_setup(comp, MPAM_MON_MBWU, idx, &cfg);
}

/**
 * mpam_glue_hw_mon_read() - Read a monitor.
 * @comp: the component.
 * @type: CSU or MBWU.
 * @idx: the monitor index.
 * @bytes: set to the occupancy or the bytes counted since configuration.
 *
 * Return: 0 or -EIO.
 */
int mpam_glue_hw_mon_read(struct mpam_comp *comp, enum mpam_glue_mon_type type,
			  int idx, u64 *bytes)
{
	return mpam_comp_mon_read(comp, to_mon_type(type), idx, bytes);
}
