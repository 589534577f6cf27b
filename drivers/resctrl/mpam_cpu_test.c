// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the CPU-side MPAM label encoding (asm/mpam.h).
 *
 * The label must match the architected MPAM0_EL1 layout exactly: the kept
 * cpufeature code writes arm64_mpam_current straight into the register.
 */

#include <kunit/test.h>
#include <linux/bits.h>

#include <asm/mpam.h>

static void mpam_label_field_positions(struct kunit *test)
{
	/* PARTID_I 15:0, PARTID_D 31:16, PMG_I 39:32, PMG_D 47:40 */
	KUNIT_EXPECT_EQ(test, mpam_label_make(1, 0, 0, 0), BIT_ULL(0));
	KUNIT_EXPECT_EQ(test, mpam_label_make(0, 1, 0, 0), BIT_ULL(16));
	KUNIT_EXPECT_EQ(test, mpam_label_make(0, 0, 1, 0), BIT_ULL(32));
	KUNIT_EXPECT_EQ(test, mpam_label_make(0, 0, 0, 1), BIT_ULL(40));
}

static void mpam_label_field_widths(struct kunit *test)
{
	u64 label = mpam_label_make(0xffff, 0xffff, 0xff, 0xff);

	KUNIT_EXPECT_EQ(test, label, GENMASK_ULL(47, 0));
	/* No field may spill into MPAM1_EL1.MPAMEN or the reserved bits. */
	KUNIT_EXPECT_EQ(test, label & ~GENMASK_ULL(47, 0), 0ULL);
}

static void mpam_label_round_trip(struct kunit *test)
{
	static const struct {
		u16 partid_i, partid_d;
		u8 pmg_i, pmg_d;
	} cases[] = {
		{ 0, 0, 0, 0 },
		{ 1, 2, 3, 4 },
		{ 0x1234, 0xabcd, 0x5a, 0xa5 },
		{ 0xffff, 0, 0xff, 0 },
		{ 0, 0xffff, 0, 0xff },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u64 label = mpam_label_make(cases[i].partid_i, cases[i].partid_d,
					    cases[i].pmg_i, cases[i].pmg_d);

		KUNIT_EXPECT_EQ(test, mpam_label_partid_i(label), cases[i].partid_i);
		KUNIT_EXPECT_EQ(test, mpam_label_partid_d(label), cases[i].partid_d);
		KUNIT_EXPECT_EQ(test, mpam_label_pmg_i(label), cases[i].pmg_i);
		KUNIT_EXPECT_EQ(test, mpam_label_pmg_d(label), cases[i].pmg_d);
	}
}

static void mpam_label_resolve_default(struct kunit *test)
{
	u64 cpu_default = mpam_label_make(7, 7, 1, 1);
	u64 own = mpam_label_make(3, 2, 0, 0);

	/* A task without a label runs with the CPU's default... */
	KUNIT_EXPECT_EQ(test, mpam_label_resolve(0, cpu_default), cpu_default);
	/* ...and one with a label keeps it, even PARTID 0 with a PMG. */
	KUNIT_EXPECT_EQ(test, mpam_label_resolve(own, cpu_default), own);
	KUNIT_EXPECT_EQ(test, mpam_label_resolve(mpam_label_make(0, 0, 1, 1), cpu_default),
			mpam_label_make(0, 0, 1, 1));
}

static struct kunit_case mpam_cpu_label_cases[] = {
	KUNIT_CASE(mpam_label_field_positions),
	KUNIT_CASE(mpam_label_field_widths),
	KUNIT_CASE(mpam_label_round_trip),
	KUNIT_CASE(mpam_label_resolve_default),
	{}
};

static struct kunit_suite mpam_cpu_label_suite = {
	.name = "mpam_cpu_label",
	.test_cases = mpam_cpu_label_cases,
};

kunit_test_suite(mpam_cpu_label_suite);
