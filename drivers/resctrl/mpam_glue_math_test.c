// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the MPAM glue's unit conversions: the bandwidth percentage
 * for every implemented width, the counter count with and without CDP, and
 * which event filters a bandwidth monitor can count.
 */

#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/resctrl.h>
#include <linux/string.h>

#include "mpam_glue_math.h"

/*
 * How far the fraction a field allows, (v + 1) / 2^wd, is from pct / 100,
 * scaled by 100 * 2^wd so that it is an exact integer.
 */
static u64 fract_error(u16 fract, unsigned int pct, unsigned int wd)
{
	u64 allowed = ((u64)(fract >> (16 - wd)) + 1) * 100;

	return abs_diff(allowed, (u64)pct << wd);
}

static void mbw_pct_nearest_for_every_width(struct kunit *test)
{
	unsigned int wd, pct, v;

	for (wd = 1; wd <= 16; wd++) {
		for (pct = mpam_mbw_granularity(wd); pct <= 100; pct++) {
			u16 fract = mpam_mbw_pct_to_fract(pct, wd);
			u64 err = fract_error(fract, pct, wd);

			/* Only the implemented bits may be set. */
			KUNIT_ASSERT_EQ_MSG(test, fract & (BIT(16 - wd) - 1), 0,
					    "wd %u pct %u", wd, pct);
			/* No implemented value is nearer (ties may go either way). */
			for (v = 0; v < (1U << wd); v++)
				KUNIT_ASSERT_LE_MSG(test, err, fract_error(v << (16 - wd), pct, wd),
						    "wd %u pct %u: v %u is nearer than %u",
						    wd, pct, v, fract >> (16 - wd));
		}
	}
}

static void mbw_hundred_is_all_ones(struct kunit *test)
{
	unsigned int wd;

	for (wd = 1; wd <= 16; wd++) {
		u16 ones = GENMASK(15, 16 - wd);

		KUNIT_EXPECT_EQ_MSG(test, mpam_mbw_pct_to_fract(100, wd), ones, "wd %u", wd);
		KUNIT_EXPECT_EQ_MSG(test, mpam_mbw_pct_to_fract(250, wd), ones, "wd %u", wd);
		KUNIT_EXPECT_EQ_MSG(test, mpam_mbw_fract_to_pct(ones, wd), 100, "wd %u", wd);
	}
}

static void mbw_round_trip(struct kunit *test)
{
	unsigned int wd, pct, v;

	for (wd = 1; wd <= 16; wd++) {
		/* A percentage read back converts to the same field. */
		for (pct = mpam_mbw_granularity(wd); pct <= 100; pct++) {
			u16 fract = mpam_mbw_pct_to_fract(pct, wd);
			unsigned int back = mpam_mbw_fract_to_pct(fract, wd);

			KUNIT_ASSERT_EQ_MSG(test, mpam_mbw_pct_to_fract(back, wd), fract,
					    "wd %u pct %u read back as %u", wd, pct, back);
			/* Wide enough controls give every percentage exactly. */
			if (wd >= 7)
				KUNIT_ASSERT_EQ_MSG(test, back, pct, "wd %u", wd);
		}
		/* Narrow controls give every field its own percentage. */
		for (v = 0; wd <= 6 && v < (1U << wd); v++) {
			u16 fract = v << (16 - wd);
			unsigned int pct = mpam_mbw_fract_to_pct(fract, wd);

			KUNIT_ASSERT_EQ_MSG(test, mpam_mbw_pct_to_fract(pct, wd), fract,
					    "wd %u v %u", wd, v);
		}
	}
}

static void mbw_known_values(struct kunit *test)
{
	/* 1 bit: 50% or 100%. */
	KUNIT_EXPECT_EQ(test, mpam_mbw_granularity(1), 50);
	KUNIT_EXPECT_EQ(test, mpam_mbw_pct_to_fract(50, 1), 0x0000);
	KUNIT_EXPECT_EQ(test, mpam_mbw_fract_to_pct(0x0000, 1), 50);
	KUNIT_EXPECT_EQ(test, mpam_mbw_pct_to_fract(80, 1), 0x8000);
	/* 8 bits: 50% is 128/256, v = 127. */
	KUNIT_EXPECT_EQ(test, mpam_mbw_granularity(8), 1);
	KUNIT_EXPECT_EQ(test, mpam_mbw_pct_to_fract(50, 8), 127 << 8);
	KUNIT_EXPECT_EQ(test, mpam_mbw_fract_to_pct(127 << 8, 8), 50);
	/* Unimplemented bits are ignored on the way back. */
	KUNIT_EXPECT_EQ(test, mpam_mbw_fract_to_pct((127 << 8) | 0xff, 8), 50);
	KUNIT_EXPECT_EQ(test, mpam_mbw_granularity(16), 1);
}

static void cntrs_halve_with_cdp(struct kunit *test)
{
	static const struct {
		unsigned int monitors, plain, cdp;
	} cases[] = {
		{ 0, 0, 0 }, { 1, 1, 0 }, { 2, 2, 1 }, { 3, 3, 1 }, { 7, 7, 3 },
		{ 8, 8, 4 }, { 65535, 65535, 32767 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_EXPECT_EQ(test, mpam_cntrs_for_monitors(cases[i].monitors, false),
				cases[i].plain);
		KUNIT_EXPECT_EQ(test, mpam_cntrs_for_monitors(cases[i].monitors, true),
				cases[i].cdp);
	}
}

static void closid_partids_with_and_without_cdp(struct kunit *test)
{
	u16 d, i;

	mpam_closid_partids(5, false, &d, &i);
	KUNIT_EXPECT_EQ(test, d, 5);
	KUNIT_EXPECT_EQ(test, i, 5);
	mpam_closid_partids(5, true, &d, &i);
	/* fs/resctrl's config index: DATA is 2c, CODE is 2c + 1. */
	KUNIT_EXPECT_EQ(test, d, resctrl_get_config_index(5, CDP_DATA));
	KUNIT_EXPECT_EQ(test, i, resctrl_get_config_index(5, CDP_CODE));
	KUNIT_EXPECT_EQ(test, d, 10);
	KUNIT_EXPECT_EQ(test, i, 11);
}

static void counter_to_monitor_mapping(struct kunit *test)
{
	unsigned int c, seen[8] = { 0 };

	/* Without CDP counter c is monitor c. */
	for (c = 0; c < 8; c++)
		KUNIT_EXPECT_EQ(test, mpam_cntr_monitor(c, 0, 1), c);
	/* With CDP the counters of 8 monitors use each monitor exactly once. */
	for (c = 0; c < mpam_cntrs_for_monitors(8, true); c++) {
		seen[mpam_cntr_monitor(c, 0, 2)]++;
		seen[mpam_cntr_monitor(c, 1, 2)]++;
	}
	for (c = 0; c < 8; c++)
		KUNIT_EXPECT_EQ_MSG(test, seen[c], 1, "monitor %u", c);
	/* An odd count leaves the last monitor unused, never past the end. */
	KUNIT_EXPECT_EQ(test, mpam_cntrs_for_monitors(7, true), 3);
	KUNIT_EXPECT_LT(test, mpam_cntr_monitor(2, 1, 2), 7);
}

static void rmid_index_round_trip(struct kunit *test)
{
	u32 closid, rmid, c, r, idx, prev = 0;
	bool first = true;

	for (closid = 0; closid < 64; closid++) {
		for (rmid = 0; rmid < 4; rmid++) {
			idx = mpam_rmid_idx_encode(closid, rmid, 4);
			/* Dense and increasing: fs sizes arrays by the count. */
			if (!first)
				KUNIT_ASSERT_EQ(test, idx, prev + 1);
			first = false;
			prev = idx;
			mpam_rmid_idx_decode(idx, 4, &c, &r);
			KUNIT_ASSERT_EQ(test, c, closid);
			KUNIT_ASSERT_EQ(test, r, rmid);
		}
	}
	KUNIT_EXPECT_EQ(test, prev, 64 * 4 - 1);
}

/* resctrl's transaction kinds that are reads; the others are writes. */
#define READ_KINDS	(READS_TO_LOCAL_MEM | READS_TO_REMOTE_MEM | READS_TO_LOCAL_S_MEM | \
			 READS_TO_REMOTE_S_MEM)

static void filter_reads_writes_both(struct kunit *test)
{
	const u32 writes = MAX_EVT_CONFIG_BITS & ~READ_KINDS;
	enum mpam_glue_rw rw = MPAM_GLUE_RW_BOTH;
	const char *msg = NULL;

	/* The write kinds, named: only the reads are left for READ_KINDS. */
	KUNIT_EXPECT_EQ(test, writes, NON_TEMP_WRITE_TO_LOCAL_MEM | NON_TEMP_WRITE_TO_REMOTE_MEM |
				      DIRTY_VICTIMS_TO_ALL_MEM);
	KUNIT_EXPECT_EQ(test, mpam_glue_filter_to_rw(READ_KINDS, &rw, &msg), 0);
	KUNIT_EXPECT_EQ(test, rw, MPAM_GLUE_RW_READS);
	KUNIT_EXPECT_EQ(test, mpam_glue_filter_to_rw(writes, &rw, &msg), 0);
	KUNIT_EXPECT_EQ(test, rw, MPAM_GLUE_RW_WRITES);
	KUNIT_EXPECT_EQ(test, mpam_glue_filter_to_rw(MAX_EVT_CONFIG_BITS, &rw, &msg), 0);
	KUNIT_EXPECT_EQ(test, rw, MPAM_GLUE_RW_BOTH);
	KUNIT_EXPECT_NULL(test, msg);
}

/* Every other set of the seven kinds is refused, and says what can be. */
static void filter_refuses_every_other_set(struct kunit *test)
{
	const u32 writes = MAX_EVT_CONFIG_BITS & ~READ_KINDS;
	unsigned int refused = 0;
	enum mpam_glue_rw rw;
	const char *msg;
	u32 cfg;

	for (cfg = 0; cfg <= MAX_EVT_CONFIG_BITS; cfg++) {
		if (cfg == READ_KINDS || cfg == writes || cfg == MAX_EVT_CONFIG_BITS)
			continue;
		msg = NULL;
		rw = MPAM_GLUE_RW_READS;
		KUNIT_EXPECT_EQ_MSG(test, mpam_glue_filter_to_rw(cfg, &rw, &msg), -EINVAL,
				    "filter %#x", cfg);
		KUNIT_EXPECT_EQ_MSG(test, rw, MPAM_GLUE_RW_READS, "filter %#x", cfg);
		KUNIT_ASSERT_NOT_NULL(test, msg);
		/* The message names what can be counted, with fs's names. */
		KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "all reads (local_reads,remote_reads,"));
		KUNIT_EXPECT_NOT_NULL(test, strstr(msg, "dirty_victim_writes_all), or both"));
		refused++;
	}
	/* 128 sets, three of them countable; the empty set is refused too. */
	KUNIT_EXPECT_EQ(test, refused, 125);
	/* Bits fs never sets are not a way around the refusal. */
	KUNIT_EXPECT_EQ(test, mpam_glue_filter_to_rw(MAX_EVT_CONFIG_BITS | BIT(7), &rw, &msg),
			-EINVAL);
}

static struct kunit_case mpam_glue_math_cases[] = {
	KUNIT_CASE(mbw_pct_nearest_for_every_width),
	KUNIT_CASE(mbw_hundred_is_all_ones),
	KUNIT_CASE(mbw_round_trip),
	KUNIT_CASE(mbw_known_values),
	KUNIT_CASE(cntrs_halve_with_cdp),
	KUNIT_CASE(closid_partids_with_and_without_cdp),
	KUNIT_CASE(counter_to_monitor_mapping),
	KUNIT_CASE(rmid_index_round_trip),
	KUNIT_CASE(filter_reads_writes_both),
	KUNIT_CASE(filter_refuses_every_other_set),
	{}
};

static struct kunit_suite mpam_glue_math_suite = {
	.name = "mpam_glue_math",
	.test_cases = mpam_glue_math_cases,
};

kunit_test_suite(mpam_glue_math_suite);
