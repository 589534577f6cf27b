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
#include <linux/printk.h>

#include "mpam_core.h"
#include "mpam_regs.h"

/* Match every variant and revision of a product. */
#define MPAM_IIDR_PRODUCT_MASK	(MPAMF_IIDR_IMPLEMENTER | MPAMF_IIDR_PRODUCTID)

/* Match one revision of one variant of a product. */
#define MPAM_IIDR_EXACT_MASK	(~0U)

/* SMCCC SOC_ID of the T241 chip: JEP106 bank and code, then the product. */
#define MPAM_SOC_ID_NVIDIA_T241	0x036b0241

/* How many times the T241's shadows are read before the workaround gives up. */
#define MPAM_T241_SHADOW_POLLS	1000

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

/**
 * mpam_errata_mbw_written() - Make a PARTID's new bandwidth controls take effect.
 * @msc: the MSC, its lock held.
 * @partid: the PARTID whose MBW_MIN or MBW_MAX was just written.
 *
 * T241-MPAM-1: the controls reach the chip's slices one by one.  Wait
 * until every slice's shadow of the PARTID shows the same, then write the
 * two spare registers, which makes them take effect.  The wait is bounded
 * (the slices normally agree within a few looks); past it, the spare
 * registers are written anyway, with a warning.
 */
void mpam_errata_mbw_written(struct mpam_msc *msc, u16 partid)
{
	unsigned int look, slice;
	u64 first;

	if (!mpam_msc_has_quirk(msc, MPAM_QUIRK_T241_MBW_SHADOWS))
		return;
	for (look = 0; look < MPAM_T241_SHADOW_POLLS; look++) {
		first = mpam_msc_t241_read(msc, MPAM_T241_SHADOW(0, partid));
		for (slice = 1; slice < MPAM_T241_NR_SLICES; slice++)
			if (mpam_msc_t241_read(msc, MPAM_T241_SHADOW(slice, partid)) != first)
				break;
		if (slice == MPAM_T241_NR_SLICES)
			break;
	}
	if (look == MPAM_T241_SHADOW_POLLS)
		pr_warn_once("MSC %u: T241 slices disagree on PARTID %u's bandwidth controls\n",
			     msc->id, partid);
	mpam_msc_t241_write(msc, MPAM_T241_SPARE0, 0);
	mpam_msc_t241_write(msc, MPAM_T241_SPARE1, 0);
}
