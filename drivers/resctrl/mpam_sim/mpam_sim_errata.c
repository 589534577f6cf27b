// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: the misbehaviour of MSCs with known errata, keyed by the IIDR
 * the simulated MSC reports, so that each workaround of the driver has
 * something to work around.
 *
 *  - NVIDIA T241-MPAM-1: a bandwidth control (MBW_MIN, MBW_MAX) written for
 *    a PARTID reaches the chip's slices late, and takes effect only once
 *    software has seen every slice's shadow of it agree and then written
 *    the two spare registers.  Until then the PARTID keeps the bandwidth
 *    limits it had, whatever the MSC's registers read back.  The shadows and
 *    spare registers live in a scratch region outside the MSC's frame,
 *    reached with mpam_sim_t241_read()/mpam_sim_t241_write().
 *  - Arm CMN-650 #3642720: the NRDY bit of cache storage usage monitors
 *    never clears, although the value beside it is good.
 *
 * The rest of the model calls in here: mpam_sim_errata_create() and _free()
 * with the MSC, _reset() with its state, _mbw_write() before a bandwidth
 * control changes, _csu_nrdy() on each CSU value read.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include <linux/bitfield.h>
#include <linux/bitmap.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "../mpam_regs.h"
#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

/* The chip's slices, each with its shadow of every PARTID's bandwidth controls. */
#define SIM_T241_NR_SLICES	MPAM_T241_NR_SLICES

/* Slices that catch up on a PARTID's new controls per look at slice 0. */
#define SIM_T241_SLICES_PER_LOOK	4

/**
 * struct mpam_sim_errata - The state behind an erratum's misbehaviour.
 * @nr_partids: PARTIDs of the widest RIS.
 * @gen: per PARTID, how many times a bandwidth control was written.
 * @caught_up: per PARTID, the slices whose shadow shows the latest @gen.
 * @pending: per (RIS, PARTID), RIS-major: a written bandwidth control has
 *	     not taken effect yet.
 * @eff_min: per (RIS, PARTID): the MBW_MIN in effect while @pending.
 * @eff_max: per (RIS, PARTID): the MBW_MAX in effect while @pending.
 * @spare0_written: SPARE0 was written since the last SPARE1 write.
 *
 * Protected by the MSC's lock.
 */
struct mpam_sim_errata {
	unsigned int	nr_partids;
	u32		*gen;
	u8		*caught_up;
	unsigned long	*pending;
	u32		*eff_min;
	u32		*eff_max;
	bool		spare0_written;
};

static bool sim_iidr_is(const struct mpam_sim_msc *sim, u32 iidr, u32 mask)
{
	return (sim->desc.iidr & mask) == iidr;
}

static bool sim_is_t241(const struct mpam_sim_msc *sim)
{
	return sim_iidr_is(sim, MPAM_IIDR_NVIDIA_T241,
			   MPAMF_IIDR_IMPLEMENTER | MPAMF_IIDR_PRODUCTID);
}

/**
 * mpam_sim_errata_create() - Allocate what @sim's errata need.
 * @sim: the MSC, its description set.
 *
 * Return: 0 or -ENOMEM.
 */
int mpam_sim_errata_create(struct mpam_sim_msc *sim)
{
	struct mpam_sim_errata *e;
	unsigned int i, n = 0, cells;

	if (!sim_is_t241(sim))
		return 0;
	for (i = 0; i < sim->desc.nr_ris; i++)
		n = max_t(unsigned int, n, sim->desc.ris[i].partid_max + 1);
	cells = n * sim->desc.nr_ris;

	e = kzalloc_obj(*e);
	if (!e)
		return -ENOMEM;
	sim->errata = e;
	e->nr_partids = n;
	e->gen = kvcalloc(n, sizeof(*e->gen), GFP_KERNEL);
	e->caught_up = kvcalloc(n, sizeof(*e->caught_up), GFP_KERNEL);
	e->pending = bitmap_zalloc(cells, GFP_KERNEL);
	e->eff_min = kvcalloc(cells, sizeof(*e->eff_min), GFP_KERNEL);
	e->eff_max = kvcalloc(cells, sizeof(*e->eff_max), GFP_KERNEL);
	if (!e->gen || !e->caught_up || !e->pending || !e->eff_min || !e->eff_max)
		return -ENOMEM;
	return 0;
}

/**
 * mpam_sim_errata_free() - Free what mpam_sim_errata_create() allocated.
 * @sim: the MSC.
 */
void mpam_sim_errata_free(struct mpam_sim_msc *sim)
{
	struct mpam_sim_errata *e = sim->errata;

	if (!e)
		return;
	kvfree(e->gen);
	kvfree(e->caught_up);
	bitmap_free(e->pending);
	kvfree(e->eff_min);
	kvfree(e->eff_max);
	kfree(e);
	sim->errata = NULL;
}

/**
 * mpam_sim_errata_reset() - A reset: every control in effect, slices agree.
 * @sim: the MSC, its lock held (or not yet shared).
 */
void mpam_sim_errata_reset(struct mpam_sim_msc *sim)
{
	struct mpam_sim_errata *e = sim->errata;

	if (!e)
		return;
	bitmap_zero(e->pending, e->nr_partids * sim->desc.nr_ris);
	memset(e->caught_up, SIM_T241_NR_SLICES, e->nr_partids);
	e->spare0_written = false;
}

/**
 * mpam_sim_errata_mbw_write() - A bandwidth control of @partid is written.
 * @sim: the MSC, its lock held.
 * @ris: the RIS.
 * @partid: the PARTID (internal, with narrowing).
 *
 * Called before the register changes: T241-MPAM-1 keeps the values in
 * effect until the workaround makes the new ones take effect.
 */
void mpam_sim_errata_mbw_write(struct mpam_sim_msc *sim, unsigned int ris, u16 partid)
{
	struct mpam_sim_errata *e = sim->errata;
	unsigned int cell;

	if (!e || partid >= e->nr_partids)
		return;
	cell = ris * e->nr_partids + partid;
	if (!test_and_set_bit(cell, e->pending)) {
		e->eff_min[cell] = sim->ris[ris].mbw_min[partid];
		e->eff_max[cell] = sim->ris[ris].mbw_max[partid];
	}
	e->gen[partid]++;
	e->caught_up[partid] = 0;
}

/**
 * mpam_sim_errata_csu_nrdy() - Whether a CSU value read shows NRDY anyway.
 * @sim: the MSC, its lock held.
 *
 * Return: true on a CMN-650 r0p0, whose CSU monitors never clear NRDY.
 */
bool mpam_sim_errata_csu_nrdy(struct mpam_sim_msc *sim)
{
	return sim_iidr_is(sim, MPAM_IIDR_ARM_CMN_650, ~0U);
}

/* The slices have all caught up with @partid's controls. */
static bool sim_t241_settled(struct mpam_sim_errata *e, u16 partid)
{
	return e->caught_up[partid] >= SIM_T241_NR_SLICES;
}

/* SPARE0 then SPARE1: every PARTID whose slices agree takes its new controls. */
static void sim_t241_spare_written(struct mpam_sim_errata *e, unsigned int nr_ris)
{
	unsigned int cell;

	for_each_set_bit(cell, e->pending, e->nr_partids * nr_ris)
		if (sim_t241_settled(e, cell % e->nr_partids))
			clear_bit(cell, e->pending);
}

/**
 * mpam_sim_t241_read() - Read a 64-bit register of the T241 scratch region.
 * @sim: an MSC that reports the T241's IIDR.
 * @offset: the offset in the region: a slice's shadow of a PARTID's
 *	    bandwidth controls (MPAM_T241_SHADOW()).
 *
 * A slice's shadow shows how many times the PARTID's controls were written,
 * once the slice has caught up; each look at slice 0 lets a few more catch
 * up, so that software has to look more than once.
 *
 * Return: the value; 0 for other offsets and MSCs.
 */
u64 mpam_sim_t241_read(struct mpam_sim_msc *sim, u32 offset)
{
	struct mpam_sim_errata *e = sim->errata;
	unsigned int slice, partid;
	unsigned long flags;
	u64 val = 0;

	if (!e || offset < MPAM_T241_SHADOW(0, 0) || offset % 8)
		return 0;
	slice = (offset - MPAM_T241_SHADOW(0, 0)) / MPAM_T241_SHADOW_SLICE_STRIDE;
	partid = (offset - MPAM_T241_SHADOW(slice, 0)) / 8;
	if (slice >= SIM_T241_NR_SLICES || partid >= e->nr_partids)
		return 0;

	raw_spin_lock_irqsave(&sim->lock, flags);
	if (!slice && !sim_t241_settled(e, partid))
		e->caught_up[partid] += SIM_T241_SLICES_PER_LOOK;
	val = e->gen[partid];
	if (slice >= e->caught_up[partid])
		val--;
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	return val;
}

/**
 * mpam_sim_t241_write() - Write a 64-bit register of the T241 scratch region.
 * @sim: an MSC that reports the T241's IIDR.
 * @offset: MPAM_T241_SPARE0 or MPAM_T241_SPARE1; others are ignored.
 * @val: the value (the workaround writes zero).
 */
void mpam_sim_t241_write(struct mpam_sim_msc *sim, u32 offset, u64 val)
{
	struct mpam_sim_errata *e = sim->errata;
	unsigned long flags;

	if (!e)
		return;
	raw_spin_lock_irqsave(&sim->lock, flags);
	if (offset == MPAM_T241_SPARE0) {
		e->spare0_written = true;
	} else if (offset == MPAM_T241_SPARE1 && e->spare0_written) {
		e->spare0_written = false;
		sim_t241_spare_written(e, sim->desc.nr_ris);
	}
	raw_spin_unlock_irqrestore(&sim->lock, flags);
}

/**
 * mpam_sim_mbw_in_effect() - The bandwidth controls a PARTID really gets.
 * @sim: the MSC.
 * @ris: the RIS.
 * @partid: the PARTID (internal, with narrowing).
 * @mbw_min: set to the MBW_MIN in effect.
 * @mbw_max: set to the MBW_MAX in effect.
 *
 * What the MSC's registers hold, except on a T241 where a written control
 * has not taken effect yet (T241-MPAM-1).
 *
 * Return: 0, or -EINVAL for a RIS or PARTID the MSC does not have.
 */
int mpam_sim_mbw_in_effect(struct mpam_sim_msc *sim, unsigned int ris, u16 partid,
			   u32 *mbw_min, u32 *mbw_max)
{
	unsigned long flags;

	if (ris >= sim->desc.nr_ris || partid > sim->ris[ris].d.partid_max)
		return -EINVAL;
	raw_spin_lock_irqsave(&sim->lock, flags);
	mpam_sim_errata_mbw_in_effect(sim, ris, partid, mbw_min, mbw_max);
	raw_spin_unlock_irqrestore(&sim->lock, flags);
	return 0;
}

/**
 * mpam_sim_errata_mbw_in_effect() - mpam_sim_mbw_in_effect(), the lock held.
 * @sim: the MSC, its lock held.
 * @ris: the RIS.
 * @partid: a PARTID it has.
 * @mbw_min: set to the MBW_MIN in effect.
 * @mbw_max: set to the MBW_MAX in effect.
 *
 * Return: whether the MSC has an erratum that can keep them out of effect.
 */
bool mpam_sim_errata_mbw_in_effect(struct mpam_sim_msc *sim, unsigned int ris, u16 partid,
				   u32 *mbw_min, u32 *mbw_max)
{
	struct mpam_sim_errata *e = sim->errata;
	unsigned int cell;

	*mbw_min = sim->ris[ris].mbw_min[partid];
	*mbw_max = sim->ris[ris].mbw_max[partid];
	if (!e)
		return false;
	cell = ris * e->nr_partids + partid;
	if (test_bit(cell, e->pending)) {
		*mbw_min = e->eff_min[cell];
		*mbw_max = e->eff_max[cell];
	}
	return true;
}
