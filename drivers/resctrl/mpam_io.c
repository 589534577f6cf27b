// SPDX-License-Identifier: GPL-2.0
/*
 * The MPAM driver's only register accessors.
 *
 * Every MSC register access goes through mpam_msc_read()/mpam_msc_write():
 * to MMIO for a real MSC, to the simulator for a simulated one.  A simulated
 * MSC is never ioremapped.  Callers hold the MSC's lock and run on a CPU
 * that can reach the MSC.
 */

#include <linux/device.h>
#include <linux/io.h>
#include <linux/ioport.h>

#include "mpam_core.h"
#include "mpam_regs.h"
#include "mpam_sim.h"

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
#ifdef CONFIG_ARM64_MPAM_SIM
	if (mpam_msc_is_simulated(msc)) {
		mpam_sim_write(msc->sim, offset, val);
		return;
	}
#endif
	writel_relaxed(val, msc->base + offset);
}

/**
 * mpam_msc_map() - Give the MSC its registers: the simulator, or MMIO.
 * @msc: the MSC.
 * @dev: the MSC's device, which owns the mapping.
 * @res: the MMIO frame firmware describes.
 *
 * Return: 0, -EINVAL for a frame too small for the register map, -ENODEV
 * for a simulated MSC that could not be created, or the error of the
 * mapping.
 */
int mpam_msc_map(struct mpam_msc *msc, struct device *dev, struct resource *res)
{
	struct mpam_sim_msc *sim;

	if (resource_size(res) < MPAM_MSC_MIN_SIZE) {
		dev_err(dev, "MMIO frame %pR is smaller than the MPAM register map (%#x)\n",
			res, MPAM_MSC_MIN_SIZE);
		return -EINVAL;
	}

	msc->phys = res->start;
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
