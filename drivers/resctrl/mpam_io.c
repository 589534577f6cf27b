// SPDX-License-Identifier: GPL-2.0
/*
 * The MPAM driver's only register accessors.
 *
 * Every MSC register access goes through mpam_msc_read()/mpam_msc_write():
 * to MMIO for a real MSC, to the simulator for a simulated one.  A simulated
 * MSC is never ioremapped.  Callers hold the MSC's lock and run on a CPU
 * that can reach the MSC.
 *
 * Firmware may describe a frame smaller than the whole register map: an MSC
 * only implements the registers of its features.  The frame is checked
 * twice: before probing, against the ID registers probing reads, and once
 * the features are known, against every register they need.  The accessors
 * still refuse anything past the frame, so that a register the check did
 * not foresee is an error rather than an access outside the mapping.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/printk.h>

#include "mpam_core.h"
#include "mpam_regs.h"
#include "mpam_sim.h"

/*
 * Probing reads the ID registers up to MPAMF_MBWUMON_IDR and ESR, and
 * writes MPAMCFG_PART_SEL to select each RIS: the frame must reach past it.
 */
#define MPAM_MSC_PROBE_SIZE	(MPAMCFG_PART_SEL + 4)

#ifdef CONFIG_ARM64_MPAM_SIM
static bool mpam_msc_is_simulated(struct mpam_msc *msc)
{
	return msc->sim;
}
#else
static bool mpam_msc_is_simulated(struct mpam_msc *msc)
{
	return false;
}
#endif

/*
 * Whether the 32-bit register at @offset is inside @msc's frame.  One that
 * is not means the driver uses a register the frame check did not count:
 * the access is dropped (reads give 0), and a live MSC takes MPAM down, as
 * its programming can no longer be trusted.  Called with the MSC's raw lock
 * held, so only a ratelimited message and a deferred disable.
 */
static bool mpam_msc_in_frame(struct mpam_msc *msc, u32 offset, const char *what)
{
	if (!msc->frame_size || (u64)offset + 4 <= msc->frame_size)
		return true;
	pr_err_ratelimited("MSC %u: %s of register %#x is outside its %#llx-byte frame, dropped\n",
			   msc->id, what, offset, (u64)msc->frame_size);
	if (msc->dev)
		mpam_disable("an MSC register is outside its MMIO frame");
	return false;
}

/**
 * mpam_msc_read() - Read a 32-bit MSC register.
 * @msc: the MSC, its lock held.
 * @offset: the register's offset.
 *
 * Return: the value.
 */
u32 mpam_msc_read(struct mpam_msc *msc, u32 offset)
{
	lockdep_assert_held(&msc->lock);
	if (!mpam_msc_in_frame(msc, offset, "read"))
		return 0;
#ifdef CONFIG_ARM64_MPAM_SIM
	if (mpam_msc_is_simulated(msc))
		return mpam_sim_read(msc->sim, offset);
#endif
	return readl_relaxed(msc->base + offset);
}

/**
 * mpam_msc_write() - Write a 32-bit MSC register.
 * @msc: the MSC, its lock held.
 * @offset: the register's offset.
 * @val: the value.
 */
void mpam_msc_write(struct mpam_msc *msc, u32 offset, u32 val)
{
	lockdep_assert_held(&msc->lock);
	if (!mpam_msc_in_frame(msc, offset, "write"))
		return;
	if (offset == MSMON_CFG_MON_SEL) {
		msc->mon_sel = val;
		msc->mon_sel_valid = true;
	}
#ifdef CONFIG_ARM64_MPAM_SIM
	if (mpam_msc_is_simulated(msc)) {
		mpam_sim_write(msc->sim, offset, val);
		return;
	}
#endif
	writel_relaxed(val, msc->base + offset);
}

/**
 * mpam_msc_select_mon() - Select a monitor in MSMON_CFG_MON_SEL.
 * @msc: the MSC, its lock held.
 * @ris: the RIS index.
 * @mon: the monitor index.
 *
 * The write is skipped when the MSC still holds that selection: the driver
 * keeps what it last wrote, which stays true while the lock is held across
 * every MON_SEL write (mpam_msc_write() records each).  Repeated reads of
 * one monitor then cost only its counter.  Whoever learns that the MSC may
 * have lost its registers calls mpam_msc_forget_mon_sel().
 */
void mpam_msc_select_mon(struct mpam_msc *msc, u8 ris, u16 mon)
{
	u32 sel = FIELD_PREP(MSMON_CFG_MON_SEL_RIS, ris) |
		  FIELD_PREP(MSMON_CFG_MON_SEL_MON_SEL, mon);

	lockdep_assert_held(&msc->lock);
	if (msc->mon_sel_valid && msc->mon_sel == sel)
		return;
	mpam_msc_write(msc, MSMON_CFG_MON_SEL, sel);
}

/**
 * mpam_msc_forget_mon_sel() - The MSC may no longer hold the monitor selection.
 * @msc: the MSC, its lock held.
 *
 * After a power-down, a reset or an error (an out-of-range selection may
 * not have been taken), the next mpam_msc_select_mon() writes MON_SEL.
 */
void mpam_msc_forget_mon_sel(struct mpam_msc *msc)
{
	lockdep_assert_held(&msc->lock);
	msc->mon_sel_valid = false;
}

/**
 * mpam_msc_map() - Give the MSC its registers: the simulator, or MMIO.
 * @msc: the MSC.
 * @dev: the MSC's device, which owns the mapping.
 * @res: the MMIO frame firmware describes.
 *
 * Return: 0, -EINVAL for a frame too small for the ID registers, -ENODEV
 * for a simulated MSC that could not be created, or the error of the
 * mapping.
 */
int mpam_msc_map(struct mpam_msc *msc, struct device *dev, struct resource *res)
{
	struct mpam_sim_msc *sim;

	if (resource_size(res) < MPAM_MSC_PROBE_SIZE) {
		dev_err(dev, "MSC %u: MMIO frame %pR (%#llx bytes) cannot hold the ID registers: it needs %#x bytes\n",
			msc->id, res, (u64)resource_size(res), MPAM_MSC_PROBE_SIZE);
		return -EINVAL;
	}

	msc->phys = res->start;
	msc->frame_size = resource_size(res);
	sim = mpam_sim_msc_find(res->start);
	if (IS_ERR(sim)) {
		dev_err(dev, "the simulated MSC at %pR could not be created\n", res);
		return PTR_ERR(sim);
	}
	msc->sim = sim;
	if (msc->sim)
		return 0;

	msc->base = devm_ioremap_resource(dev, res);
	return PTR_ERR_OR_ZERO(msc->base);
}

/* The end of the register at @offset, for sizing. */
static u32 mpam_reg_end(u32 offset)
{
	return offset + 4;
}

/**
 * mpam_msc_frame_needed() - How much of the frame the MSC's features use.
 * @msc: the MSC, features read.
 *
 * Every register the driver accesses for what the RIS implement: the ID
 * registers and PART_SEL, the configuration registers of each control (a
 * reset writes every one the RIS has), the portion bitmap words, the
 * monitor registers.  Registers of features the driver does not use
 * (capture) are not counted.
 *
 * Return: the smallest frame size, in bytes, that holds them.
 */
u32 mpam_msc_frame_needed(const struct mpam_msc *msc)
{
	u32 need = MPAM_MSC_PROBE_SIZE;
	unsigned int i;

	if (msc->has_esr)
		need = max(need, mpam_reg_end(MPAMF_ESR_HI));
	for (i = 0; i < msc->nr_ris; i++) {
		const struct mpam_feat *f = &msc->ris[i].feat;

		if (f->cpbm_wd)
			need = max(need, MPAMCFG_CPBM + 4 * DIV_ROUND_UP(f->cpbm_wd, 32));
		if (f->cmax_wd)
			need = max(need, mpam_reg_end(MPAMCFG_CMAX));
		if (f->has_cmin)
			need = max(need, mpam_reg_end(MPAMCFG_CMIN));
		if (f->cassoc_wd)
			need = max(need, mpam_reg_end(MPAMCFG_CASSOC));
		if (f->has_mbw_min)
			need = max(need, mpam_reg_end(MPAMCFG_MBW_MIN));
		if (f->has_mbw_max)
			need = max(need, mpam_reg_end(MPAMCFG_MBW_MAX));
		if (f->bwpbm_wd)
			need = max(need, MPAMCFG_MBW_PBM + 4 * DIV_ROUND_UP(f->bwpbm_wd, 32));
		if (f->has_mbw_prop)
			need = max(need, mpam_reg_end(MPAMCFG_MBW_PROP));
		if (f->intpri_wd || f->dspri_wd)
			need = max(need, mpam_reg_end(MPAMCFG_PRI));
		if (f->has_partid_nrw)
			need = max(need, mpam_reg_end(MPAMCFG_INTPARTID));
		if (f->num_csu)
			need = max(need, mpam_reg_end(MSMON_CSU));
		if (f->num_mbwu)
			need = max(need, mpam_reg_end(f->mbwu_width > 31 ? MSMON_MBWU_L_HI :
						      MSMON_MBWU));
	}
	return need;
}

/**
 * mpam_msc_check_frame() - Refuse an MSC whose frame misses registers it needs.
 * @msc: the MSC, features read.
 *
 * Return: 0, or -EINVAL after a message naming the MSC, its frame size and
 * the size its features need.
 */
int mpam_msc_check_frame(struct mpam_msc *msc)
{
	u32 need = mpam_msc_frame_needed(msc);

	if (!msc->frame_size || need <= msc->frame_size)
		return 0;
	pr_err("MSC %u: its %#llx-byte MMIO frame is too small for its features, which need %#x bytes\n",
	       msc->id, (u64)msc->frame_size, need);
	return -EINVAL;
}

/**
 * mpam_msc_map_t241_scratch() - Map the NVIDIA T241 scratch region of @msc's chip.
 * @msc: an MSC with the T241's IIDR, its frame known.
 *
 * Erratum T241-MPAM-1 needs registers outside the MSC's frame, at an
 * address derived from the chip the frame is on.  A simulated MSC models
 * the region itself.  Each MSC maps the region for itself: the mapping is
 * not a claim, and MSCs of one chip share the registers.
 *
 * Return: 0, or -ENOMEM when the region cannot be mapped.
 */
int mpam_msc_map_t241_scratch(struct mpam_msc *msc)
{
	phys_addr_t phys;

	if (mpam_msc_is_simulated(msc))
		return 0;
	phys = MPAM_T241_SCRATCH_BASE |
	       FIELD_PREP(MPAM_T241_SCRATCH_CHIP, FIELD_GET(MPAM_T241_MSC_CHIP, msc->phys));
	msc->t241_scratch = msc->dev ? devm_ioremap(msc->dev, phys, MPAM_T241_SCRATCH_SIZE) :
				       NULL;
	return msc->t241_scratch ? 0 : -ENOMEM;
}

/**
 * mpam_msc_t241_read() - Read a 64-bit register of the T241 scratch region.
 * @msc: the MSC, its lock held, the region mapped.
 * @offset: the register's offset in the region.
 *
 * Return: the value.
 */
u64 mpam_msc_t241_read(struct mpam_msc *msc, u32 offset)
{
	lockdep_assert_held(&msc->lock);
#ifdef CONFIG_ARM64_MPAM_SIM
	if (mpam_msc_is_simulated(msc))
		return mpam_sim_t241_read(msc->sim, offset);
#endif
	return readq_relaxed(msc->t241_scratch + offset);
}

/**
 * mpam_msc_t241_write() - Write a 64-bit register of the T241 scratch region.
 * @msc: the MSC, its lock held, the region mapped.
 * @offset: the register's offset in the region.
 * @val: the value.
 */
void mpam_msc_t241_write(struct mpam_msc *msc, u32 offset, u64 val)
{
	lockdep_assert_held(&msc->lock);
#ifdef CONFIG_ARM64_MPAM_SIM
	if (mpam_msc_is_simulated(msc)) {
		mpam_sim_t241_write(msc->sim, offset, val);
		return;
	}
#endif
	writeq_relaxed(val, msc->t241_scratch + offset);
}
