// SPDX-License-Identifier: GPL-2.0
/*
 * MSC errata, keyed by MPAMF_IIDR.
 *
 * Each entry names the erratum as Documentation/arch/arm64/silicon-errata.rst
 * does and sets a quirk bit on the MSC; the code that needs a workaround
 * tests the bit, so that a workaround is visible where it applies.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/arm-smccc.h>
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/printk.h>

#include "mpam_core.h"
#include "mpam_regs.h"

/* Match every variant and revision of a product. */
#define MPAM_IIDR_PRODUCT_MASK	(MPAMF_IIDR_IMPLEMENTER | MPAMF_IIDR_PRODUCTID)

/* Match one revision of one variant of a product. */
#define MPAM_IIDR_EXACT_MASK	(~0U)

/* SMCCC SOC_ID of the T241 chip: JEP106 bank and code, then the product. */
#define MPAM_SOC_ID_NVIDIA_T241	0x036b0241

/*
 * How long T241-MPAM-1's slices get to agree on the next PARTID of a
 * batch, counted again from each PARTID that does.  They normally agree
 * within the first few reads; the bound is for a chip that never does,
 * and is paid once, with the MSC's lock held.
 */
#define MPAM_T241_SETTLE_USEC	500

/**
 * struct mpam_erratum - An erratum and the MSCs it applies to.
 * @name: the name silicon-errata.rst uses.
 * @iidr: MPAMF_IIDR of affected MSCs, after @mask.
 * @mask: the IIDR fields that identify them.
 * @quirk: the workaround's bit in struct mpam_msc's @quirks.
 * @init: optional; what the workaround needs before it can be used.  An
 *	  error leaves the erratum unhandled, with a message.
 */
struct mpam_erratum {
	const char	*name;
	u32		iidr;
	u32		mask;
	enum mpam_quirk	quirk;
	int		(*init)(struct mpam_msc *msc);
};

/*
 * T241-MPAM-1 writes registers that are not the MSC's: make sure the chip
 * is a T241 before mapping them (a simulated MSC models them itself).
 */
static int mpam_t241_shadows_init(struct mpam_msc *msc)
{
	if (!msc->sim && arm_smccc_get_soc_id_version() != MPAM_SOC_ID_NVIDIA_T241) {
		pr_warn("MSC %u: T241 IIDR but the SoC is not a T241: scratch registers not mapped\n",
			msc->id);
		return -ENODEV;
	}
	return mpam_msc_map_t241_scratch(msc);
}

static const struct mpam_erratum mpam_errata[] = {
	{
		/* Bandwidth controls take effect once the slices agree and spares are written. */
		.name = "NVIDIA T241-MPAM-1",
		.iidr = MPAM_IIDR_NVIDIA_T241,
		.mask = MPAM_IIDR_PRODUCT_MASK,
		.quirk = MPAM_QUIRK_T241_MBW_SHADOWS,
		.init = mpam_t241_shadows_init,
	},
	{
		/* Bandwidth limits misbehave while MBW_MIN is zero. */
		.name = "NVIDIA T241-MPAM-4",
		.iidr = MPAM_IIDR_NVIDIA_T241,
		.mask = MPAM_IIDR_PRODUCT_MASK,
		.quirk = MPAM_QUIRK_MBW_MIN_NONZERO,
	},
	{
		/* Bandwidth counters, of every width, count 64-byte requests. */
		.name = "NVIDIA T241-MPAM-6",
		.iidr = MPAM_IIDR_NVIDIA_T241,
		.mask = MPAM_IIDR_PRODUCT_MASK,
		.quirk = MPAM_QUIRK_MBWU_64B_UNITS,
	},
	{
		/* CSU monitors may never clear NRDY: the value is good after the wait. */
		.name = "Arm CMN-650 #3642720",
		.iidr = MPAM_IIDR_ARM_CMN_650,
		.mask = MPAM_IIDR_EXACT_MASK,
		.quirk = MPAM_QUIRK_CSU_NRDY_STUCK,
	},
};

/**
 * mpam_msc_apply_errata() - Select the workarounds an MSC needs.
 * @msc: the MSC, MPAMF_IIDR read.
 *
 * Logs each erratum found once per MSC.
 */
void mpam_msc_apply_errata(struct mpam_msc *msc)
{
	unsigned int i;

	msc->quirks = 0;
	for (i = 0; i < ARRAY_SIZE(mpam_errata); i++) {
		const struct mpam_erratum *e = &mpam_errata[i];

		if ((msc->iidr & e->mask) != e->iidr)
			continue;
		if (e->init && e->init(msc)) {
			pr_err("MSC %u: erratum %s cannot be worked around\n", msc->id, e->name);
			continue;
		}
		msc->quirks |= BIT(e->quirk);
		pr_info("MSC %u: working around erratum %s\n", msc->id, e->name);
	}
	msc->mbwu_bytes_per_unit = mpam_msc_has_quirk(msc, MPAM_QUIRK_MBWU_64B_UNITS) ? 64 : 1;
}

/**
 * mpam_errata_mbw_min() - The MBW_MIN value to write for a configured one.
 * @msc: the MSC.
 * @bwa_wd: implemented bits of the RIS's bandwidth fractions.
 * @mbw_min: the configured minimum, a fraction MSB aligned in 16 bits.
 *
 * T241-MPAM-4: a zero minimum must not reach the hardware; the smallest
 * step the RIS implements is used instead, which is as close to "no
 * guaranteed bandwidth" as the hardware allows.
 *
 * Return: the value for MPAMCFG_MBW_MIN.
 */
u16 mpam_errata_mbw_min(const struct mpam_msc *msc, u8 bwa_wd, u16 mbw_min)
{
	if (mbw_min || !bwa_wd || !mpam_msc_has_quirk(msc, MPAM_QUIRK_MBW_MIN_NONZERO))
		return mbw_min;
	return BIT(16 - min_t(u8, bwa_wd, 16));
}

/* Whether every slice's shadow of @partid reads as slice 0's. */
static bool mpam_t241_slices_agree(struct mpam_msc *msc, u16 partid)
{
	u64 want = mpam_msc_t241_read(msc, MPAM_T241_SHADOW(0, partid));
	unsigned int s = MPAM_T241_NR_SLICES;

	while (--s)
		if (mpam_msc_t241_read(msc, MPAM_T241_SHADOW(s, partid)) != want)
			return false;
	return true;
}

/**
 * mpam_errata_mbw_commit() - Make new bandwidth controls of PARTIDs take effect.
 * @msc: the MSC, its lock held.
 * @first: the first PARTID whose MBW_MIN or MBW_MAX was just written.
 * @last: the last one; every PARTID in between was written too.
 *
 * T241-MPAM-1: a bandwidth control reaches the chip's slices one after
 * the other, each keeping a shadow of it, and is applied only when the
 * two spare registers are written after every slice has it.  The spare
 * registers name no PARTID: one write of them applies every control the
 * slices agree on.  So a batch of PARTIDs (a reset, a restore) is
 * committed once: each PARTID is looked at until its slices agree, one
 * after the other, each within a time bound, and then the spare
 * registers are written, which leaves the hardware as writing them
 * after each PARTID would, for two writes instead of two per PARTID.  Past
 * the bound they are written anyway, with a warning: the controls of the
 * PARTIDs that agree then still take effect.
 */
void mpam_errata_mbw_commit(struct mpam_msc *msc, u16 first, u16 last)
{
	ktime_t give_up;
	u32 partid = first;

	if (!mpam_msc_has_quirk(msc, MPAM_QUIRK_T241_MBW_SHADOWS))
		return;
	give_up = ktime_add_us(ktime_get(), MPAM_T241_SETTLE_USEC);
	while (partid <= last) {
		if (mpam_t241_slices_agree(msc, partid)) {
			partid++;
			give_up = ktime_add_us(ktime_get(), MPAM_T241_SETTLE_USEC);
		} else if (ktime_after(ktime_get(), give_up)) {
			pr_warn_once("MSC %u: T241 slices still differ on PARTID %u's bandwidth controls after %u us\n",
				     msc->id, partid, MPAM_T241_SETTLE_USEC);
			break;
		}
	}
	mpam_msc_t241_write(msc, MPAM_T241_SPARE0, 0);
	mpam_msc_t241_write(msc, MPAM_T241_SPARE1, 0);
}
