// SPDX-License-Identifier: GPL-2.0
/*
 * MSC errata, keyed by MPAMF_IIDR.
 *
 * Each entry names the erratum as Documentation/arch/arm64/silicon-errata.rst
 * does and sets a quirk bit on the MSC; the code that needs a workaround
 * tests the bit, so that a workaround is visible where it applies.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/printk.h>

#include "mpam_core.h"
#include "mpam_regs.h"

/* Build an IIDR value from its implementer and product fields. */
#define MPAM_IIDR(impl, product)					\
	(FIELD_PREP_CONST(MPAMF_IIDR_IMPLEMENTER, impl) |		\
	 FIELD_PREP_CONST(MPAMF_IIDR_PRODUCTID, product))

/* Match every variant and revision of a product. */
#define MPAM_IIDR_PRODUCT_MASK	(MPAMF_IIDR_IMPLEMENTER | MPAMF_IIDR_PRODUCTID)

/* NVIDIA's JEP106 code (bank 4, 0x6b) and the T241 (Grace) product id. */
#define MPAM_IIDR_NVIDIA_T241	MPAM_IIDR(0x36b, 0x241)

/**
 * struct mpam_erratum - An erratum and the MSCs it applies to.
 * @name: the name silicon-errata.rst uses.
 * @iidr: MPAMF_IIDR of affected MSCs, after @mask.
 * @mask: the IIDR fields that identify them.
 * @quirk: the workaround's bit in struct mpam_msc's @quirks.
 */
struct mpam_erratum {
	const char	*name;
	u32		iidr;
	u32		mask;
	enum mpam_quirk	quirk;
};

static const struct mpam_erratum mpam_errata[] = {
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
