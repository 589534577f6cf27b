// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the device-tree cache id rule: the id MPAM gives a DT
 * cache must be the one cacheinfo gives it, which resctrl uses to name the
 * cache's domain.  QEMU's virt machine cannot give CPUs an Aff3, so the
 * rule is tested on MPIDR values here.
 */

#include <kunit/test.h>
#include <linux/arm_mpam.h>
#include <linux/kernel.h>

#include <asm/cache.h>

/* Two clusters of two CPUs in Aff3 1: MPIDRs 1.0.0.x and 1.0.1.x. */
static const u64 aff3_hwids[] = { 0x100000000, 0x100000001, 0x100000100, 0x100000101 };

static void of_cache_id_aff3(struct kunit *test)
{
	const bool second_cluster[] = { false, false, true, true };
	const bool all[] = { true, true, true, true };
	u32 id = 0;

	KUNIT_ASSERT_EQ(test, mpam_fw_of_cache_id(aff3_hwids, second_cluster,
						  ARRAY_SIZE(aff3_hwids), &id), 0);
	/* Aff3 moved down to bits 31:24, as cacheinfo has it. */
	KUNIT_EXPECT_EQ(test, id, 0x01000100);
	KUNIT_EXPECT_EQ(test, (u64)id, arch_compact_of_hwid(aff3_hwids[2]));

	KUNIT_ASSERT_EQ(test, mpam_fw_of_cache_id(aff3_hwids, all,
						  ARRAY_SIZE(aff3_hwids), &id), 0);
	KUNIT_EXPECT_EQ(test, (u64)id, arch_compact_of_hwid(aff3_hwids[0]));
}

/* The smallest id of the sharing CPUs, wherever it is in the tree. */
static void of_cache_id_smallest_sharer(struct kunit *test)
{
	const u64 hwids[] = { 0x301, 0x300, 0x200, 0x201 };
	const bool shares[] = { true, true, false, false };
	u32 id = 0;

	KUNIT_ASSERT_EQ(test, mpam_fw_of_cache_id(hwids, shares, ARRAY_SIZE(hwids), &id), 0);
	KUNIT_EXPECT_EQ(test, id, 0x300);
}

/*
 * MPIDR bits above Aff3 are RES0: a cpu node with them set leaves every
 * cache without an id in cacheinfo, even caches that CPU does not share.
 */
static void of_cache_id_none(struct kunit *test)
{
	const u64 hwids[] = { 0x0, 0x1, 0x10000000000 };
	const bool shares[] = { true, true, false };
	const bool nobody[] = { false, false, false };
	u32 id = 0;

	KUNIT_EXPECT_EQ(test, mpam_fw_of_cache_id(hwids, shares, ARRAY_SIZE(hwids), &id),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, mpam_fw_of_cache_id(aff3_hwids, nobody, 3, &id), -ENOENT);
}

static struct kunit_case mpam_fw_of_cases[] = {
	KUNIT_CASE(of_cache_id_aff3),
	KUNIT_CASE(of_cache_id_smallest_sharer),
	KUNIT_CASE(of_cache_id_none),
	{}
};

static struct kunit_suite mpam_fw_of_suite = {
	.name = "mpam_fw_of",
	.test_cases = mpam_fw_of_cases,
};

kunit_test_suite(mpam_fw_of_suite);
