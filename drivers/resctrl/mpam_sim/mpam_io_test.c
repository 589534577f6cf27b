// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the MSC frame checks: the frame size an MSC's features
 * need, and the accessors' refusal of any register past the frame.  Each
 * test uses its own simulated MSC; the live driver is never touched.
 */

#include <kunit/test.h>

#include "../mpam_core.h"
#include "../mpam_regs.h"
#include "../mpam_sim.h"

struct io_test_msc {
	struct mpam_sim_msc	*sim;
	struct mpam_msc		*msc;
};

static void io_test_free(void *data)
{
	struct io_test_msc *t = data;

	mpam_msc_free(t->msc);
	mpam_sim_msc_destroy(t->sim);
}

/* A one-RIS simulated MSC with hardware @hw, features read. */
static struct mpam_msc *io_test_msc(struct kunit *test, const struct mpam_sim_ris_desc *hw)
{
	struct mpam_sim_msc_desc *sd = kunit_kzalloc(test, sizeof(*sd), GFP_KERNEL);
	struct mpam_fw_msc *fw = kunit_kzalloc(test, struct_size(fw, ris, 1), GFP_KERNEL);
	struct io_test_msc *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_TRUE(test, sd && fw && t);
	sd->aidr = MPAM_AIDR_V1_0;
	sd->has_esr = true;
	sd->nrdy_reads = 1;
	sd->nr_ris = 1;
	sd->ris[0] = *hw;
	fw->id = 200;
	fw->nr_ris = 1;
	fw->ris[0].type = MPAM_FW_RIS_OTHER;

	t->sim = mpam_sim_msc_create(sd);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->sim);
	t->msc = mpam_msc_create(fw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->msc);
	t->msc->sim = t->sim;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, io_test_free, t), 0);
	KUNIT_ASSERT_EQ(test, mpam_msc_read_features(t->msc), 0);
	return t->msc;
}

static const struct mpam_sim_ris_desc io_mem_hw = {
	.partid_max = 63, .pmg_max = 3, .bwa_wd = 8, .has_mbw_max = true,
	.has_mbw_min = true, .num_mbwu_mon = 2, .mbwu_width = 31,
};

static const struct mpam_sim_ris_desc io_l3_hw = {
	.partid_max = 63, .pmg_max = 3, .cpbm_wd = 16, .cmax_wd = 7,
	.num_csu_mon = 8, .num_mbwu_mon = 4, .mbwu_width = 44,
};

/* What each feature needs of the frame, and the refusal of a short one. */
static void io_frame_needed(struct kunit *test)
{
	struct mpam_sim_ris_desc wide = io_l3_hw, nrw = {
		.partid_max = 63, .pmg_max = 3, .intpri_wd = 4, .has_partid_nrw = true,
		.intpartid_max = 15,
	};
	struct mpam_msc *msc;

	/* Bandwidth controls and a 31-bit counter: MSMON_MBWU is the last. */
	msc = io_test_msc(test, &io_mem_hw);
	KUNIT_EXPECT_EQ(test, mpam_msc_frame_needed(msc), MSMON_MBWU + 4);
	msc->frame_size = 0x1000;
	KUNIT_EXPECT_EQ(test, mpam_msc_check_frame(msc), 0);

	/* 16 portions: one bitmap word at 0x1000. */
	msc = io_test_msc(test, &io_l3_hw);
	KUNIT_EXPECT_EQ(test, mpam_msc_frame_needed(msc), MPAMCFG_CPBM + 4);
	msc->frame_size = 0x1000;
	KUNIT_EXPECT_EQ(test, mpam_msc_check_frame(msc), -EINVAL);
	msc->frame_size = MPAMCFG_CPBM + 4;
	KUNIT_EXPECT_EQ(test, mpam_msc_check_frame(msc), 0);

	/* 40 portions: two words. */
	wide.cpbm_wd = 40;
	msc = io_test_msc(test, &wide);
	KUNIT_EXPECT_EQ(test, mpam_msc_frame_needed(msc), MPAMCFG_CPBM + 8);

	/* Priorities and narrowing, no monitor: INTPARTID is the last. */
	msc = io_test_msc(test, &nrw);
	KUNIT_EXPECT_EQ(test, mpam_msc_frame_needed(msc), MPAMCFG_INTPARTID + 4);

	/* A reset writes MBW_PBM too: 36 bandwidth portions, two words at 0x2000. */
	nrw.bwa_wd = 6;
	nrw.has_mbw_max = true;
	nrw.bwpbm_wd = 36;
	msc = io_test_msc(test, &nrw);
	KUNIT_EXPECT_EQ(test, mpam_msc_frame_needed(msc), MPAMCFG_MBW_PBM + 8);
	msc->frame_size = 0x2000;
	KUNIT_EXPECT_EQ(test, mpam_msc_check_frame(msc), -EINVAL);
}

/* A register past the frame never reaches the MSC: reads give 0. */
static void io_access_past_frame(struct kunit *test)
{
	struct mpam_msc *msc = io_test_msc(test, &io_l3_hw);
	struct mpam_sim_stats before, after;
	unsigned long flags;
	u32 inside, outside;

	msc->frame_size = 0x1000;
	mpam_sim_get_stats(msc->sim, &before);
	raw_spin_lock_irqsave(&msc->lock, flags);
	mpam_msc_write(msc, MPAMCFG_PART_SEL, 0);
	mpam_msc_write(msc, MPAMCFG_CPBM, 0x1);
	outside = mpam_msc_read(msc, MPAMCFG_CPBM);
	inside = mpam_msc_read(msc, MPAMF_IDR);
	raw_spin_unlock_irqrestore(&msc->lock, flags);
	mpam_sim_get_stats(msc->sim, &after);

	KUNIT_EXPECT_EQ(test, outside, 0);
	KUNIT_EXPECT_NE(test, inside, 0);
	KUNIT_EXPECT_EQ(test, after.writes - before.writes, 1);
	KUNIT_EXPECT_EQ(test, after.reads - before.reads, 1);

	/* The whole frame is reachable, up to its last word. */
	msc->frame_size = MPAMCFG_CPBM + 4;
	raw_spin_lock_irqsave(&msc->lock, flags);
	mpam_msc_write(msc, MPAMCFG_CPBM, 0x3);
	inside = mpam_msc_read(msc, MPAMCFG_CPBM);
	raw_spin_unlock_irqrestore(&msc->lock, flags);
	KUNIT_EXPECT_EQ(test, inside, 0x3);
}

static struct kunit_case mpam_io_cases[] = {
	KUNIT_CASE(io_frame_needed),
	KUNIT_CASE(io_access_past_frame),
	{}
};

static struct kunit_suite mpam_io_suite = {
	.name = "mpam_msc_frame",
	.test_cases = mpam_io_cases,
};

kunit_test_suite(mpam_io_suite);
