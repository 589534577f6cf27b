// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the MSC driver core on simulated MSCs.  Every test builds
 * its own struct mpam_system from its own MSCs; the live driver is never
 * touched.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>

#include "../mpam_core.h"
#include "../mpam_regs.h"
#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

static const struct mpam_sim_ris_desc l3_hw = {
	.partid_max = 31, .pmg_max = 3, .cpbm_wd = 12, .num_csu_mon = 2,
	.num_mbwu_mon = 4, .mbwu_width = 44,
};

static const struct mpam_sim_ris_desc mem_hw = {
	.partid_max = 63, .pmg_max = 1, .bwa_wd = 6, .has_mbw_max = true,
	.num_mbwu_mon = 2, .mbwu_width = 31, .mbwu_scale = 2,
};

struct test_msc {
	struct mpam_sim_msc	*sim;
	struct mpam_msc		*msc;
};

static void free_msc_action(void *data)
{
	struct test_msc *t = data;

	mpam_msc_free(t->msc);
	mpam_sim_msc_destroy(t->sim);
}

static void teardown_action(void *sys)
{
	mpam_system_teardown(sys);
}

static struct mpam_fw_ris cache_ris(u8 idx, u8 level, u32 id)
{
	struct mpam_fw_ris r = { .ris_idx = idx, .type = MPAM_FW_RIS_CACHE, .level = level,
				 .id = id };

	cpumask_copy(&r.affinity, cpu_possible_mask);
	return r;
}

static struct mpam_fw_ris mem_ris(u8 idx, u32 node)
{
	struct mpam_fw_ris r = { .ris_idx = idx, .type = MPAM_FW_RIS_MEMORY, .id = node };

	cpumask_copy(&r.affinity, cpu_possible_mask);
	return r;
}

/*
 * An MSC with @nr RIS of hardware @hw described by firmware as @fw.
 * Returns the MSC, or NULL with @err set when probing it fails.
 */
static struct mpam_msc *make_msc(struct kunit *test, const struct mpam_sim_ris_desc *hw,
				 unsigned int nr_hw, const struct mpam_fw_ris *fw_ris,
				 unsigned int nr, u32 aidr, int *err)
{
	struct mpam_sim_msc_desc *sd = kunit_kzalloc(test, sizeof(*sd), GFP_KERNEL);
	struct mpam_fw_msc *fw = kunit_kzalloc(test, struct_size(fw, ris, nr), GFP_KERNEL);
	struct test_msc *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	static u32 next_id = 100;
	unsigned int i;

	KUNIT_ASSERT_TRUE(test, sd && fw && t);
	sd->aidr = aidr;
	sd->has_esr = true;
	sd->nrdy_reads = 1;
	sd->nr_ris = nr_hw;
	for (i = 0; i < nr_hw; i++)
		sd->ris[i] = hw[i];
	fw->id = next_id++;
	fw->nrdy_usec = 5;
	fw->nr_ris = nr;
	for (i = 0; i < nr; i++)
		fw->ris[i] = fw_ris[i];

	t->sim = mpam_sim_msc_create(sd);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->sim);
	t->msc = mpam_msc_create(fw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->msc);
	t->msc->sim = t->sim;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_msc_action, t), 0);
	*err = mpam_msc_read_features(t->msc);
	return *err ? NULL : t->msc;
}

static struct mpam_msc *good_msc(struct kunit *test, const struct mpam_sim_ris_desc *hw,
				 const struct mpam_fw_ris *fw_ris, unsigned int nr)
{
	struct mpam_msc *msc;
	int err;

	msc = make_msc(test, hw, nr, fw_ris, nr, MPAM_AIDR_V1_0, &err);
	KUNIT_ASSERT_EQ(test, err, 0);
	return msc;
}

static struct mpam_system *new_system(struct kunit *test)
{
	struct mpam_system *sys = kunit_kzalloc(test, sizeof(*sys), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sys);
	mpam_system_init(sys);
	return sys;
}

/* L3 id 0 and id 1 (one MSC each), memory node 0 on the second MSC's RIS 1. */
static struct mpam_system *l3_mem_system(struct kunit *test, u16 req_partid_max)
{
	struct mpam_sim_ris_desc two[2] = { l3_hw, mem_hw };
	struct mpam_fw_ris a = cache_ris(0, 3, 0);
	struct mpam_fw_ris b[2] = { cache_ris(0, 3, 1), mem_ris(1, 0) };
	struct mpam_system *sys = new_system(test);

	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, good_msc(test, &l3_hw, &a, 1)), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, good_msc(test, two, b, 2)), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_enable(sys, req_partid_max, 3), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, teardown_action, sys), 0);
	return sys;
}

static struct mpam_comp *first_comp(struct mpam_class *class)
{
	return list_first_entry(&class->comps, struct mpam_comp, node);
}

static void core_probe_msc_shapes(struct kunit *test)
{
	struct mpam_sim_ris_desc two[2] = { l3_hw, mem_hw };
	struct mpam_fw_ris fw2[2] = { cache_ris(0, 3, 0), mem_ris(1, 0) };
	struct mpam_fw_ris bad_idx = cache_ris(3, 3, 0);
	struct mpam_msc *msc;
	int err;

	/* One RIS. */
	msc = good_msc(test, &l3_hw, fw2, 1);
	KUNIT_EXPECT_EQ(test, msc->ris[0].feat.cpbm_wd, 12);
	KUNIT_EXPECT_EQ(test, msc->ris[0].feat.num_mbwu, 4);
	KUNIT_EXPECT_EQ(test, msc->ris[0].feat.mbwu_width, 44);
	KUNIT_EXPECT_TRUE(test, msc->has_esr);

	/* Two RIS with different features, read with RIS selected. */
	msc = good_msc(test, two, fw2, 2);
	KUNIT_EXPECT_EQ(test, msc->ris[1].feat.partid_max, 63);
	KUNIT_EXPECT_EQ(test, msc->ris[1].feat.bwa_wd, 6);
	KUNIT_EXPECT_TRUE(test, msc->ris[1].feat.has_mbw_max);
	KUNIT_EXPECT_EQ(test, msc->ris[1].feat.cpbm_wd, 0);
	KUNIT_EXPECT_EQ(test, msc->ris[1].feat.mbwu_width, 31);
	KUNIT_EXPECT_EQ(test, msc->ris[1].feat.mbwu_scale, 2);

	/* MPAM v1.0 and v1.1 are known; v1.2, v2.0 and garbage are not. */
	KUNIT_EXPECT_NOT_NULL(test, make_msc(test, &l3_hw, 1, fw2, 1, MPAM_AIDR_V1_1, &err));
	KUNIT_EXPECT_NULL(test, make_msc(test, &l3_hw, 1, fw2, 1, 0x20, &err));
	KUNIT_EXPECT_EQ(test, err, -EPROTONOSUPPORT);
	KUNIT_EXPECT_NULL(test, make_msc(test, &l3_hw, 1, fw2, 1, 0x12, &err));
	KUNIT_EXPECT_EQ(test, err, -EPROTONOSUPPORT);
	KUNIT_EXPECT_NULL(test, make_msc(test, &l3_hw, 1, fw2, 1, 0, &err));
	KUNIT_EXPECT_EQ(test, err, -EPROTONOSUPPORT);

	/* Firmware describes a RIS the MSC does not have. */
	KUNIT_EXPECT_NULL(test, make_msc(test, &l3_hw, 1, &bad_idx, 1, MPAM_AIDR_V1_0, &err));
	KUNIT_EXPECT_EQ(test, err, -ENODEV);
}

/*
 * HAS_RWBW is RES0 unless the MSC is MPAM v0.1 or v1.1+: a v1.0 MSC that
 * sets it anyway (non-conforming) gets no read/write filtering.
 */
static u32 sim_mbwumon_idr(struct mpam_sim_msc *sim)
{
	u32 val;

	preempt_disable();	/* as the driver's accesses are */
	val = mpam_sim_read(sim, MPAMF_MBWUMON_IDR);
	preempt_enable();
	return val;
}

static void core_rwbw_needs_v1p1(struct kunit *test)
{
	struct mpam_sim_ris_desc hw = l3_hw;
	struct mpam_fw_ris fw = cache_ris(0, 3, 0);
	struct mpam_msc *msc;
	int err;

	hw.has_rwbw = true;
	msc = make_msc(test, &hw, 1, &fw, 1, MPAM_AIDR_V1_0, &err);
	KUNIT_ASSERT_NOT_NULL(test, msc);
	/* A conforming v1.0 MSC: the bit reads as 0. */
	KUNIT_EXPECT_FALSE(test, sim_mbwumon_idr(msc->sim) & MPAMF_MBWUMON_IDR_HAS_RWBW);
	KUNIT_EXPECT_FALSE(test, msc->ris[0].feat.has_rwbw);

	/* A v1.0 MSC that sets the RES0 bit anyway. */
	msc->sim->desc.res0_rwbw_set = true;
	KUNIT_ASSERT_EQ(test, mpam_msc_read_features(msc), 0);
	KUNIT_EXPECT_TRUE(test, sim_mbwumon_idr(msc->sim) & MPAMF_MBWUMON_IDR_HAS_RWBW);
	KUNIT_EXPECT_FALSE(test, msc->ris[0].feat.has_rwbw);
	KUNIT_EXPECT_EQ(test, msc->ris[0].feat.num_mbwu, hw.num_mbwu_mon);

	/* The same RIS on MPAM v1.1 has it. */
	msc->sim->desc.aidr = MPAM_AIDR_V1_1;
	KUNIT_ASSERT_EQ(test, mpam_msc_read_features(msc), 0);
	KUNIT_EXPECT_TRUE(test, msc->ris[0].feat.has_rwbw);
}

static void core_feature_merge_rules(struct kunit *test)
{
	struct mpam_feat a = {
		.partid_max = 63, .pmg_max = 3, .cpbm_wd = 16, .cmax_wd = 8, .bwa_wd = 8,
		.has_mbw_max = true, .has_mbw_min = true, .num_csu = 8, .num_mbwu = 4,
		.mbwu_width = 63, .has_rwbw = true,
	};
	struct mpam_feat b = a;

	b.partid_max = 31;
	b.cmax_wd = 4;
	b.num_mbwu = 2;
	b.mbwu_width = 44;
	b.has_mbw_min = false;
	b.has_rwbw = false;
	mpam_feat_merge(&a, &b);
	KUNIT_EXPECT_EQ(test, a.partid_max, 31);	/* smallest range */
	KUNIT_EXPECT_EQ(test, a.cmax_wd, 4);		/* smallest width */
	KUNIT_EXPECT_EQ(test, a.cpbm_wd, 16);		/* same width kept */
	KUNIT_EXPECT_EQ(test, a.num_mbwu, 2);		/* fewest monitors */
	KUNIT_EXPECT_EQ(test, a.mbwu_width, 44);
	KUNIT_EXPECT_TRUE(test, a.has_mbw_max);
	KUNIT_EXPECT_FALSE(test, a.has_mbw_min);	/* one lacks it */
	KUNIT_EXPECT_FALSE(test, a.has_rwbw);

	b = a;
	b.cpbm_wd = 12;		/* bitmaps of different widths can't be one */
	b.mbwu_scale = 1;	/* counters of different units can't be summed */
	b.bwa_wd = 0;
	b.has_mbw_max = false;
	mpam_feat_merge(&a, &b);
	KUNIT_EXPECT_EQ(test, a.cpbm_wd, 0);
	KUNIT_EXPECT_EQ(test, a.num_mbwu, 0);
	KUNIT_EXPECT_FALSE(test, a.has_mbw_max);

	b = a;
	b.has_partid_nrw = true;
	b.intpartid_max = 7;
	mpam_feat_merge(&a, &b);
	KUNIT_EXPECT_TRUE(test, a.has_partid_nrw);
	KUNIT_EXPECT_EQ(test, a.intpartid_max, 7);
}

static void core_partid_pmg_limits(struct kunit *test)
{
	struct mpam_sim_ris_desc nrw = l3_hw;
	struct mpam_fw_ris fw = cache_ris(0, 3, 0);
	struct mpam_system *sys;

	/* MSCs allow 0-31 and 0-63: the requestors' 0-15 wins. */
	sys = l3_mem_system(test, 15);
	KUNIT_EXPECT_EQ(test, sys->partid_max, 15);
	KUNIT_EXPECT_EQ(test, sys->pmg_max, 1);		/* memory has PMG 0-1 */

	/* The requestors allow more: the smallest MSC wins. */
	sys = l3_mem_system(test, 255);
	KUNIT_EXPECT_EQ(test, sys->partid_max, 31);

	/* PARTID narrowing: INTPARTID_MAX + 1 PARTIDs at most. */
	nrw.has_partid_nrw = true;
	nrw.intpartid_max = 7;
	sys = new_system(test);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, good_msc(test, &nrw, &fw, 1)), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_enable(sys, 63, 3), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, teardown_action, sys), 0);
	KUNIT_EXPECT_EQ(test, sys->partid_max, 7);
}

static void core_topology(struct kunit *test)
{
	struct mpam_system *sys = l3_mem_system(test, 63);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_class *mem = mpam_system_find_class(sys, MPAM_FW_RIS_MEMORY, 0);

	KUNIT_ASSERT_NOT_NULL(test, l3);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_EXPECT_NULL(test, mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 2));
	KUNIT_EXPECT_EQ(test, l3->nr_comps, 2);
	KUNIT_EXPECT_EQ(test, mem->nr_comps, 1);
	KUNIT_EXPECT_EQ(test, first_comp(l3)->id, 0);
	KUNIT_EXPECT_EQ(test, l3->feat.cpbm_wd, 12);
	KUNIT_EXPECT_EQ(test, mem->feat.bwa_wd, 6);
}

static void core_config_apply_readback_reset(struct kunit *test)
{
	struct mpam_system *sys = l3_mem_system(test, 63);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_comp *comp = first_comp(l3);
	struct mpam_ris *ris;
	u64 cpbm;

	/* After enable every PARTID may use every portion. */
	KUNIT_ASSERT_EQ(test, mpam_comp_get_cpbm(comp, 5, &cpbm), 0);
	KUNIT_EXPECT_EQ(test, cpbm, 0xfff);

	KUNIT_EXPECT_EQ(test, mpam_comp_set_cpbm(comp, 5, 0x3c), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_get_cpbm(comp, 5, &cpbm), 0);
	KUNIT_EXPECT_EQ(test, cpbm, 0x3c);
	KUNIT_ASSERT_EQ(test, mpam_comp_get_cpbm(comp, 6, &cpbm), 0);
	KUNIT_EXPECT_EQ(test, cpbm, 0xfff);
	KUNIT_EXPECT_EQ(test, mpam_comp_set_cpbm(comp, 5, 0x1000), -EINVAL);	/* 13 bits */

	KUNIT_EXPECT_EQ(test, mpam_class_reset(sys, l3), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_get_cpbm(comp, 5, &cpbm), 0);
	KUNIT_EXPECT_EQ(test, cpbm, 0xfff);

	/* Bandwidth: only the implemented bits are kept. */
	comp = first_comp(mpam_system_find_class(sys, MPAM_FW_RIS_MEMORY, 0));
	KUNIT_EXPECT_EQ(test, mpam_comp_set_mbw_max(comp, 3, 0x8421), 0);
	ris = list_first_entry(&comp->ris, struct mpam_ris, comp_node);
	KUNIT_EXPECT_EQ(test, ris->cfg[3].mbw_max, 0x8400);
	KUNIT_EXPECT_EQ(test, mpam_comp_set_mbw_max(first_comp(l3), 3, 0x8000), -EINVAL);
}

static void core_monitor_alloc_exhaustion(struct kunit *test)
{
	struct mpam_system *sys = l3_mem_system(test, 63);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	int i, idx[4];

	for (i = 0; i < 4; i++) {
		idx[i] = mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU);
		KUNIT_EXPECT_EQ(test, idx[i], i);
	}
	KUNIT_EXPECT_EQ(test, mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU), -ENOSPC);
	KUNIT_EXPECT_EQ(test, mpam_class_mon_allocated(sys, l3, MPAM_MON_MBWU), 4);
	mpam_class_mon_free(sys, l3, MPAM_MON_MBWU, 2);
	KUNIT_EXPECT_EQ(test, mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU), 2);
	/* CSU monitors are counted apart. */
	KUNIT_EXPECT_EQ(test, mpam_class_mon_alloc(sys, l3, MPAM_MON_CSU), 0);
	KUNIT_EXPECT_EQ(test, mpam_class_mon_allocated(sys, l3, MPAM_MON_CSU), 1);
}

static struct mpam_ris *first_ris(struct mpam_comp *comp)
{
	return list_first_entry(&comp->ris, struct mpam_ris, comp_node);
}

static struct mpam_sim_msc *comp_sim(struct mpam_comp *comp)
{
	return list_first_entry(&comp->ris, struct mpam_ris, comp_node)->msc->sim;
}

static void core_nrdy_timeout(struct kunit *test)
{
	struct mpam_system *sys = l3_mem_system(test, 63);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_comp *comp = first_comp(l3);
	int mon = mpam_class_mon_alloc(sys, l3, MPAM_MON_CSU);
	u64 bytes;

	KUNIT_ASSERT_GE(test, mon, 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(comp_sim(comp), 0, 4, 1, 65536), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_CSU, mon, 4, 1), 0);
	/* Not ready for one read after configuration: waited for. */
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_CSU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 65536);

	mpam_sim_set_nrdy_stuck(comp_sim(comp), true);
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_CSU, mon, &bytes), -EIO);
	mpam_sim_set_nrdy_stuck(comp_sim(comp), false);
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_CSU, mon, &bytes), 0);
}

/* Count up to just below the counter's range, then past it. */
static void check_wrap(struct kunit *test, struct mpam_system *sys, struct mpam_class *class,
		       u64 range)
{
	struct mpam_comp *comp = first_comp(class);
	int mon = mpam_class_mon_alloc(sys, class, MPAM_MON_MBWU);
	u64 bytes;

	KUNIT_ASSERT_GE(test, mon, 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, mon, 2, 0), 0);
	mpam_sim_add_bytes(comp_sim(comp), 0, 2, 0, false, range - 64);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, range - 64);
	mpam_sim_add_bytes(comp_sim(comp), 0, 2, 0, false, 128);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ_MSG(test, bytes, range + 64, "range %llu", range);
}

static void core_overflow_each_width(struct kunit *test)
{
	struct mpam_sim_ris_desc l2 = mem_hw, l3 = l3_hw, llc = l3_hw;
	struct mpam_fw_ris f2 = cache_ris(0, 2, 0), f3 = cache_ris(0, 3, 0),
			   f4 = cache_ris(0, 4, 0);
	struct mpam_system *sys = new_system(test);

	l2.mbwu_scale = 3;		/* 31 bits of 8-byte units */
	llc.mbwu_width = 63;
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, good_msc(test, &l2, &f2, 1)), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, good_msc(test, &l3, &f3, 1)), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, good_msc(test, &llc, &f4, 1)), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_enable(sys, 63, 3), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, teardown_action, sys), 0);

	check_wrap(test, sys, mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 2), BIT_ULL(31 + 3));
	check_wrap(test, sys, mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3), BIT_ULL(44));
	/* 63 bits do not wrap in a test's lifetime: just count past 2^44. */
	check_wrap(test, sys, mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 4), BIT_ULL(44));
}

/* Accesses of one read of @mon in @comp after @bytes more traffic for PARTID 1. */
static void read_cost(struct kunit *test, struct mpam_comp *comp, int mon, u64 bytes,
		      u64 *writes, u64 *reads)
{
	struct mpam_ris *ris = list_first_entry(&comp->ris, struct mpam_ris, comp_node);
	struct mpam_sim_stats before, after;
	u64 count;

	if (bytes)
		mpam_sim_add_bytes(comp_sim(comp), ris->idx, 1, 0, false, bytes);
	mpam_sim_get_stats(comp_sim(comp), &before);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &count), 0);
	mpam_sim_get_stats(comp_sim(comp), &after);
	*writes = after.writes - before.writes;
	*reads = after.reads - before.reads;
}

/*
 * Repeated reads of one counter cost the counter only: MON_SEL still holds
 * the monitor (mpam_msc_select_mon()).  One that did not move costs one
 * more read, of its control register, to tell a lost configuration or an
 * overflow from no traffic.  Reading another monitor costs the select.
 */
static void core_steady_state_read_cost(struct kunit *test)
{
	struct mpam_system *sys = l3_mem_system(test, 63);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_class *mem = mpam_system_find_class(sys, MPAM_FW_RIS_MEMORY, 0);
	struct mpam_comp *comp;
	u64 writes, reads;
	int mon, other;

	/* 44 bits: lo, hi, lo; lo, hi when it did not move. */
	comp = list_last_entry(&l3->comps, struct mpam_comp, node);
	mon = mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU);
	other = mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, other, 2, 0), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, mon, 1, 0), 0);
	/* The first read waits out NRDY after the configuration. */
	read_cost(test, comp, mon, 0, &writes, &reads);
	KUNIT_EXPECT_EQ(test, writes, 0);
	read_cost(test, comp, mon, 4096, &writes, &reads);
	KUNIT_EXPECT_EQ(test, writes, 0);
	KUNIT_EXPECT_EQ(test, reads, 3);
	read_cost(test, comp, mon, 4096, &writes, &reads);
	KUNIT_EXPECT_EQ(test, writes, 0);
	KUNIT_EXPECT_EQ(test, reads, 3);
	read_cost(test, comp, mon, 0, &writes, &reads);
	KUNIT_EXPECT_EQ(test, writes, 0);
	KUNIT_EXPECT_EQ(test, reads, 3);
	/* Another monitor, then back: MON_SEL each time, never more. */
	read_cost(test, comp, other, 0, &writes, &reads);
	KUNIT_EXPECT_EQ(test, writes, 1);
	read_cost(test, comp, mon, 4096, &writes, &reads);
	KUNIT_EXPECT_EQ(test, writes, 1);
	KUNIT_EXPECT_EQ(test, reads, 3);

	/* 31 bits: the counter. */
	comp = first_comp(mem);
	mon = mpam_class_mon_alloc(sys, mem, MPAM_MON_MBWU);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, mon, 1, 0), 0);
	read_cost(test, comp, mon, 4096, &writes, &reads);
	read_cost(test, comp, mon, 4096, &writes, &reads);
	KUNIT_EXPECT_EQ(test, writes, 0);
	KUNIT_EXPECT_EQ(test, reads, 1);
	read_cost(test, comp, mon, 0, &writes, &reads);
	KUNIT_EXPECT_EQ(test, writes, 0);
	KUNIT_EXPECT_EQ(test, reads, 2);
}

static void core_restore_after_power_loss(struct kunit *test)
{
	struct mpam_system *sys = l3_mem_system(test, 63);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_comp *comp = first_comp(l3);
	struct mpam_ris *ris = list_first_entry(&comp->ris, struct mpam_ris, comp_node);
	int mon = mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU);
	u64 bytes, cpbm;

	KUNIT_ASSERT_EQ(test, mpam_comp_set_cpbm(comp, 7, 0x00f), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, mon, 7, 1), 0);
	mpam_sim_add_bytes(comp_sim(comp), 0, 7, 1, false, 1000);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 1000);

	mpam_sim_power_down(comp_sim(comp));
	KUNIT_ASSERT_EQ(test, mpam_msc_restore(ris->msc, sys->partid_max), 0);

	KUNIT_ASSERT_EQ(test, mpam_comp_get_cpbm(comp, 7, &cpbm), 0);
	KUNIT_EXPECT_EQ(test, cpbm, 0x00f);
	/* The counter restarted from zero: not an overflow, the count goes on. */
	mpam_sim_add_bytes(comp_sim(comp), 0, 7, 1, false, 50);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 1050);
}

static void core_error_frees_every_monitor(struct kunit *test)
{
	struct mpam_system *sys = l3_mem_system(test, 63);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_class *mem = mpam_system_find_class(sys, MPAM_FW_RIS_MEMORY, 0);
	struct mpam_comp *comp = first_comp(l3);
	struct mpam_ris *ris = list_first_entry(&comp->ris, struct mpam_ris, comp_node);
	u64 cpbm;
	int i;

	/* Classes with different numbers of monitors, partly used. */
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_GE(test, mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU), 0);
	KUNIT_ASSERT_GE(test, mpam_class_mon_alloc(sys, l3, MPAM_MON_CSU), 0);
	KUNIT_ASSERT_GE(test, mpam_class_mon_alloc(sys, mem, MPAM_MON_MBWU), 0);

	KUNIT_EXPECT_EQ(test, mpam_msc_handle_error(ris->msc), MPAM_ERRCODE_NONE);
	mpam_sim_inject_error(comp_sim(comp), 0, MPAM_ERRCODE_REQ_PMG_RANGE, 3, 9);
	KUNIT_EXPECT_EQ(test, mpam_msc_handle_error(ris->msc), MPAM_ERRCODE_REQ_PMG_RANGE);
	KUNIT_EXPECT_EQ(test, mpam_msc_handle_error(ris->msc), MPAM_ERRCODE_NONE); /* cleared */

	/* Five were still held: the caller learns it, and they are all freed. */
	KUNIT_EXPECT_EQ(test, mpam_system_release_monitors(sys), 5);
	/* Disabled for good: nothing may stay restricted. */
	KUNIT_ASSERT_EQ(test, mpam_comp_set_cpbm(comp, 7, 0x3), 0);
	KUNIT_EXPECT_EQ(test, mpam_system_quiesce(sys), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_get_cpbm(comp, 7, &cpbm), 0);
	KUNIT_EXPECT_EQ(test, cpbm, 0xfff);
	KUNIT_EXPECT_EQ(test, mpam_class_mon_allocated(sys, l3, MPAM_MON_MBWU), 0);
	KUNIT_EXPECT_EQ(test, mpam_class_mon_allocated(sys, l3, MPAM_MON_CSU), 0);
	KUNIT_EXPECT_EQ(test, mpam_class_mon_allocated(sys, mem, MPAM_MON_MBWU), 0);
	KUNIT_EXPECT_EQ(test, mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU), -ENOSPC);
	KUNIT_EXPECT_STREQ(test, mpam_errcode_name(MPAM_ERRCODE_RIS_NO_MONITOR),
			   "RIS has no monitor");
}

/*
 * The error interrupt's thread may run anywhere; the syndrome must still be
 * read from a CPU that can reach the MSC (the model counts any other access).
 */
static void core_error_read_where_reachable(struct kunit *test)
{
	struct mpam_fw_ris fw = cache_ris(0, 3, 0);
	struct mpam_msc *msc = good_msc(test, &l3_hw, &fw, 1);
	struct mpam_sim_stats st;
	unsigned int other;

	/* Stay off the MSC's CPU, so that the cross-CPU path is the one taken. */
	migrate_disable();
	other = cpumask_any_but(cpu_online_mask, raw_smp_processor_id());
	if (other >= nr_cpu_ids) {
		migrate_enable();
		kunit_skip(test, "needs a second online CPU");
	}

	cpumask_copy(&msc->accessible, cpumask_of(other));
	cpumask_copy(&msc->sim->desc.accessible, cpumask_of(other));
	mpam_sim_inject_error(msc->sim, 0, MPAM_ERRCODE_MONITOR_RANGE, 1, 0);

	KUNIT_EXPECT_EQ(test, mpam_msc_handle_error(msc), MPAM_ERRCODE_MONITOR_RANGE);
	KUNIT_EXPECT_EQ(test, mpam_msc_handle_error(msc), MPAM_ERRCODE_NONE);
	migrate_enable();
	mpam_sim_get_stats(msc->sim, &st);
	KUNIT_EXPECT_EQ(test, st.bad_context, 0);
}

/* A RIS with every control, a 40-portion bitmap and read/write filtering. */
static const struct mpam_sim_ris_desc every_ctrl_hw = {
	.partid_max = 15, .pmg_max = 3, .cpbm_wd = 40, .cmax_wd = 8, .bwa_wd = 6,
	.has_mbw_min = true, .has_mbw_max = true, .intpri_wd = 4, .num_csu_mon = 1,
	.num_mbwu_mon = 2, .mbwu_width = 44, .has_rwbw = true,
};

/* A system of one MSC with one RIS of @hw, as an L3 cache; IIDR @iidr. */
static struct mpam_system *one_msc_system(struct kunit *test, const struct mpam_sim_ris_desc *hw,
					  u32 iidr)
{
	struct mpam_fw_ris fw = cache_ris(0, 3, 0);
	struct mpam_system *sys = new_system(test);
	struct mpam_msc *msc = good_msc(test, hw, &fw, 1);

	/*
	 * Errata are chosen from the IIDR read at probe: read it again.  MPAM
	 * v1.1, so that a RIS with HAS_RWBW (RES0 on v1.0) keeps it.
	 */
	msc->sim->desc.iidr = iidr;
	msc->sim->desc.aidr = MPAM_AIDR_V1_1;
	KUNIT_ASSERT_EQ(test, mpam_msc_read_features(msc), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, msc), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_enable(sys, 63, 3), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, teardown_action, sys), 0);
	return sys;
}

static u64 read_ctrl(struct kunit *test, struct mpam_comp *comp, u16 partid, enum mpam_ctrl ctrl)
{
	u64 val;

	KUNIT_EXPECT_EQ(test, mpam_comp_get_ctrl(comp, partid, ctrl, &val), 0);
	return val;
}

static void core_config_every_control(struct kunit *test)
{
	struct mpam_system *sys = one_msc_system(test, &every_ctrl_hw, 0);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_comp *comp = first_comp(l3);
	struct mpam_ris *ris = list_first_entry(&comp->ris, struct mpam_ris, comp_node);

	/* The defaults after enable. */
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_CPBM), GENMASK_ULL(39, 0));
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_CMAX), 0xff00);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_MBW_MIN), 0);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_MBW_MAX), 0xfc00);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_INTPRI), 0);

	/* Each control applied and read back from the registers. */
	KUNIT_EXPECT_EQ(test, mpam_comp_set_ctrl(comp, 9, MPAM_CTRL_CPBM, BIT_ULL(39) | 1), 0);
	KUNIT_EXPECT_EQ(test, mpam_comp_set_ctrl(comp, 9, MPAM_CTRL_CMAX, 0x80ff), 0);
	KUNIT_EXPECT_EQ(test, mpam_comp_set_ctrl(comp, 9, MPAM_CTRL_MBW_MIN, 0x2000), 0);
	KUNIT_EXPECT_EQ(test, mpam_comp_set_ctrl(comp, 9, MPAM_CTRL_MBW_MAX, 0x8000), 0);
	KUNIT_EXPECT_EQ(test, mpam_comp_set_ctrl(comp, 9, MPAM_CTRL_INTPRI, 5), 0);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_CPBM), BIT_ULL(39) | 1);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_CMAX), 0x8000);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_MBW_MIN), 0x2000);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_MBW_MAX), 0x8000);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_INTPRI), 5);
	/* Other PARTIDs are untouched. */
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 8, MPAM_CTRL_INTPRI), 0);

	/* Values that do not fit are refused. */
	KUNIT_EXPECT_EQ(test, mpam_comp_set_ctrl(comp, 9, MPAM_CTRL_CPBM, BIT_ULL(40)), -EINVAL);
	KUNIT_EXPECT_EQ(test, mpam_comp_set_ctrl(comp, 9, MPAM_CTRL_INTPRI, 16), -EINVAL);
	KUNIT_EXPECT_EQ(test, mpam_comp_set_ctrl(comp, 16, MPAM_CTRL_INTPRI, 1), -EINVAL);

	/* Power loss, then restore: everything comes back. */
	mpam_sim_power_down(comp_sim(comp));
	KUNIT_ASSERT_EQ(test, mpam_msc_restore(ris->msc, sys->partid_max), 0);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_CPBM), BIT_ULL(39) | 1);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_MBW_MIN), 0x2000);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_INTPRI), 5);

	/* Reset on request: the defaults again. */
	KUNIT_EXPECT_EQ(test, mpam_class_reset(sys, l3), 0);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_CPBM), GENMASK_ULL(39, 0));
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_CMAX), 0xff00);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_MBW_MAX), 0xfc00);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 9, MPAM_CTRL_INTPRI), 0);
}

/* NVIDIA T241: implementer 0x36b, product 0x241, any variant and revision. */
#define TEST_IIDR_T241		0x2410036b
#define TEST_IIDR_T241_R1P2	(TEST_IIDR_T241 | 0x00012000)

static void core_errata_t241(struct kunit *test)
{
	static const u32 affected[] = { TEST_IIDR_T241, TEST_IIDR_T241_R1P2 };
	struct mpam_system *sys;
	struct mpam_comp *comp;
	unsigned int i;
	u64 bytes;
	int mon;

	for (i = 0; i < ARRAY_SIZE(affected); i++) {
		sys = one_msc_system(test, &every_ctrl_hw, affected[i]);
		comp = first_comp(mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3));

		/* T241-MPAM-4: a zero MBW_MIN becomes the smallest step (6 bits). */
		KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 2, MPAM_CTRL_MBW_MIN), 0x0400);
		KUNIT_EXPECT_EQ(test, mpam_comp_set_ctrl(comp, 2, MPAM_CTRL_MBW_MIN, 0x4000), 0);
		KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 2, MPAM_CTRL_MBW_MIN), 0x4000);

		/* T241-MPAM-6: the counter counts 64-byte requests. */
		mon = mpam_class_mon_alloc(sys, comp->class, MPAM_MON_MBWU);
		KUNIT_ASSERT_GE(test, mon, 0);
		KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, mon, 2, 0), 0);
		mpam_sim_add_bytes(comp_sim(comp), 0, 2, 0, false, 1000);
		KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
		KUNIT_EXPECT_EQ(test, bytes, 64000);
	}

	/* Another product of the same implementer is not affected. */
	sys = one_msc_system(test, &every_ctrl_hw, 0x2420036b);
	comp = first_comp(mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3));
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 2, MPAM_CTRL_MBW_MIN), 0);
	mon = mpam_class_mon_alloc(sys, comp->class, MPAM_MON_MBWU);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, mon, 2, 0), 0);
	mpam_sim_add_bytes(comp_sim(comp), 0, 2, 0, false, 1000);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 1000);
}

/* A power-down nobody restored: the reset counter is not an overflow. */
static void core_power_loss_is_not_overflow(struct kunit *test)
{
	struct mpam_system *sys = l3_mem_system(test, 63);
	struct mpam_class *mem = mpam_system_find_class(sys, MPAM_FW_RIS_MEMORY, 0);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_comp *comp = first_comp(mem);
	int mon = mpam_class_mon_alloc(sys, mem, MPAM_MON_MBWU);
	int csu = mpam_class_mon_alloc(sys, l3, MPAM_MON_CSU);
	struct mpam_comp *l3c = first_comp(l3);
	u64 bytes;

	/* 31 bits, SCALE 2: counts of 4 bytes. */
	KUNIT_ASSERT_GE(test, mon, 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, mon, 6, 1), 0);
	mpam_sim_add_bytes(comp_sim(comp), 1, 6, 1, false, 4000);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 4000);

	mpam_sim_power_down(comp_sim(comp));
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 4000);
	/* The read put the monitor back: counting goes on. */
	mpam_sim_add_bytes(comp_sim(comp), 1, 6, 1, false, 400);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 4400);

	/* An occupancy monitor fails once, then reads again. */
	KUNIT_ASSERT_GE(test, csu, 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(l3c, MPAM_MON_CSU, csu, 6, 1), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(comp_sim(l3c), 0, 6, 1, 8192), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(l3c, MPAM_MON_CSU, csu, &bytes), 0);
	mpam_sim_power_down(comp_sim(l3c));
	mpam_sim_set_nrdy_stuck(comp_sim(l3c), true);
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(l3c, MPAM_MON_CSU, csu, &bytes), -EIO);
	mpam_sim_set_nrdy_stuck(comp_sim(l3c), false);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(comp_sim(l3c), 0, 6, 1, 8192), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(l3c, MPAM_MON_CSU, csu, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 8192);
}

/*
 * With PARTID narrowing, request PARTID n must reach internal PARTID n (the
 * reset mapping sends every request PARTID to internal 0), at enable and
 * again after the MSC lost its state.
 */
static void core_partid_narrowing_mapping(struct kunit *test)
{
	struct mpam_sim_ris_desc nrw = l3_hw;
	struct mpam_mon_cfg five = { .partid = 5, .match_partid = true };
	struct mpam_system *sys;
	struct mpam_comp *comp;
	struct mpam_sim_msc *sim;
	u64 bytes;

	nrw.has_partid_nrw = true;
	nrw.intpartid_max = 7;
	sys = one_msc_system(test, &nrw, 0);
	comp = first_comp(mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3));
	sim = comp_sim(comp);

	KUNIT_ASSERT_EQ(test, mpam_comp_mon_setup(comp, MPAM_MON_MBWU, 0, &five), 0);
	mpam_sim_add_bytes(sim, 0, 5, 0, false, 500);
	mpam_sim_add_bytes(sim, 0, 0, 0, false, 7);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 500);

	mpam_sim_power_down(sim);
	KUNIT_ASSERT_EQ(test, mpam_msc_restore(first_ris(comp)->msc, sys->partid_max), 0);
	mpam_sim_add_bytes(sim, 0, 5, 0, false, 30);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 530);
	KUNIT_EXPECT_EQ(test, mpam_msc_handle_error(first_ris(comp)->msc), MPAM_ERRCODE_NONE);
}

/*
 * A 44-bit counter is read in two halves; traffic arriving between them
 * carries into the high half.  The core's read must not return the torn
 * value (0x1fffffff0 here) but the count after the carry.
 */
static void core_long_counter_read_not_torn(struct kunit *test)
{
	struct mpam_system *sys = one_msc_system(test, &l3_hw, 0);
	struct mpam_comp *comp = first_comp(mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3));
	struct mpam_mon_cfg three = { .partid = 3, .match_partid = true };
	struct mpam_sim_msc *sim = comp_sim(comp);
	u64 bytes;

	KUNIT_ASSERT_EQ(test, mpam_comp_mon_setup(comp, MPAM_MON_MBWU, 0, &three), 0);
	/* Past NRDY first, so that the torn read is not simply retried. */
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &bytes), 0);
	KUNIT_ASSERT_EQ(test, bytes, 0);
	mpam_sim_add_bytes(sim, 0, 3, 0, false, 0xfffffff0ULL);
	mpam_sim_set_tear(sim, 0x20);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 0x100000010ULL);

	/* Torn without a carry: the second low half goes with the high one. */
	mpam_sim_add_bytes(sim, 0, 3, 0, false, 0x100);
	mpam_sim_set_tear(sim, 0x100);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 0x100000210ULL);
	/*
	 * Traffic after the low half of a counter that had not moved: the
	 * read is of the moment before it, the next one counts it.
	 */
	mpam_sim_set_tear(sim, 0x20);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 0x100000210ULL);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 0x100000230ULL);
}

/* When the counters wrap: SCALE counts for the 31-bit format only. */
static void core_mbwu_wrap_shift(struct kunit *test)
{
	struct mpam_system *sys = l3_mem_system(test, 63);
	struct mpam_sim_ris_desc scaled_long = l3_hw;
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_class *mem = mpam_system_find_class(sys, MPAM_FW_RIS_MEMORY, 0);

	KUNIT_EXPECT_EQ(test, mpam_class_mbwu_wrap_shift(l3), 44);
	KUNIT_EXPECT_EQ(test, mpam_class_mbwu_wrap_shift(mem), 31 + 2);

	scaled_long.mbwu_scale = 3;
	sys = one_msc_system(test, &scaled_long, 0);
	l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	KUNIT_EXPECT_EQ(test, mpam_class_mbwu_wrap_shift(l3), 44);
}

static void core_monitor_filters(struct kunit *test)
{
	struct mpam_system *sys = one_msc_system(test, &every_ctrl_hw, 0);
	struct mpam_comp *comp = first_comp(mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3));
	struct mpam_mon_cfg any_pmg = { .partid = 3, .match_partid = true };
	struct mpam_mon_cfg reads = { .partid = 3, .pmg = 1, .match_partid = true,
				      .match_pmg = true, .rwbw = MPAM_RWBW_READ };
	struct mpam_sim_msc *sim = comp_sim(comp);
	u64 bytes;

	KUNIT_ASSERT_EQ(test, mpam_comp_mon_setup(comp, MPAM_MON_MBWU, 0, &any_pmg), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_setup(comp, MPAM_MON_MBWU, 1, &reads), 0);
	mpam_sim_add_bytes(sim, 0, 3, 0, false, 100);
	mpam_sim_add_bytes(sim, 0, 3, 1, false, 20);
	mpam_sim_add_bytes(sim, 0, 3, 1, true, 3);
	mpam_sim_add_bytes(sim, 0, 4, 1, false, 5000);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 123);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 1, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 20);

	/* Read/write filtering only where the class has it, never for CSU. */
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_setup(comp, MPAM_MON_CSU, 0, &reads), -EINVAL);
	reads.pmg = 4;
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_setup(comp, MPAM_MON_MBWU, 1, &reads), -EINVAL);
}

/* Every control the architecture has, PARTID narrowing, and firmware's leftovers. */
static const struct mpam_sim_ris_desc all_ctrls_hw = {
	.partid_max = 15, .pmg_max = 1, .cpbm_wd = 40, .cmax_wd = 8, .has_cmin = true,
	.cassoc_wd = 4, .bwa_wd = 6, .has_mbw_min = true, .has_mbw_max = true,
	.bwpbm_wd = 36, .has_mbw_prop = true, .intpri_wd = 4, .dspri_wd = 3,
	.has_partid_nrw = true, .intpartid_max = 15, .num_mbwu_mon = 2, .mbwu_width = 31,
};

/* A register of @partid as the simulated MSC holds it (@internal: with narrowing). */
static u32 sim_partid_reg(struct mpam_sim_msc *sim, u16 partid, bool internal, u32 offset)
{
	u32 val;

	preempt_disable();
	mpam_sim_write(sim, MPAMCFG_PART_SEL, FIELD_PREP(MPAMCFG_PART_SEL_PARTID_SEL, partid) |
		       (internal ? MPAMCFG_PART_SEL_INTERNAL : 0));
	val = mpam_sim_read(sim, offset);
	preempt_enable();
	return val;
}

/* How many PARTIDs of @sim hold anything but the defaults of all_ctrls_hw. */
static unsigned int partids_not_default(struct mpam_sim_msc *sim)
{
	unsigned int p, bad = 0;

	for (p = 0; p <= all_ctrls_hw.partid_max; p++) {
		bool ok = sim_partid_reg(sim, p, false, MPAMCFG_INTPARTID) ==
			  (MPAMCFG_INTPARTID_INTERNAL | p);

		ok &= sim_partid_reg(sim, p, true, MPAMCFG_CPBM) == U32_MAX;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_CPBM + 4) == 0xff;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_CMAX) == 0xff00;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_CMIN) == 0;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_CASSOC) == 0xf000;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_MBW_MIN) == 0;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_MBW_MAX) == 0xfc00;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_MBW_PBM) == U32_MAX;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_MBW_PBM + 4) == 0xf;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_MBW_PROP) == 0;
		ok &= sim_partid_reg(sim, p, true, MPAMCFG_PRI) == 0;
		bad += !ok;
	}
	return bad;
}

/* A simulated MSC as firmware hands it over (@fw_left) with @hw, probed. */
static struct mpam_msc *fw_left_msc(struct kunit *test, const struct mpam_sim_ris_desc *hw)
{
	struct mpam_sim_msc_desc sd = { .aidr = MPAM_AIDR_V1_1, .has_esr = true, .nr_ris = 1,
					.fw_left = true, .ris = { *hw } };
	struct mpam_fw_msc *fwm = kunit_kzalloc(test, struct_size(fwm, ris, 1), GFP_KERNEL);
	struct test_msc *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_TRUE(test, fwm && t);
	fwm->id = 1;
	fwm->nr_ris = 1;
	fwm->ris[0] = cache_ris(0, 3, 0);
	t->sim = mpam_sim_msc_create(&sd);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->sim);
	t->msc = mpam_msc_create(fwm);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->msc);
	t->msc->sim = t->sim;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, free_msc_action, t), 0);
	KUNIT_ASSERT_EQ(test, mpam_msc_read_features(t->msc), 0);
	return t->msc;
}

/*
 * An MSC whose firmware left every PARTID restricted, in every control:
 * enable and a reset leave none of it; every new feature is probed.
 */
static void core_reset_every_control(struct kunit *test)
{
	struct mpam_system *sys = new_system(test);
	struct mpam_msc *msc = fw_left_msc(test, &all_ctrls_hw);
	struct mpam_comp *comp;

	KUNIT_EXPECT_EQ(test, partids_not_default(msc->sim), all_ctrls_hw.partid_max + 1);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, msc), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_enable(sys, 63, 3), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, teardown_action, sys), 0);
	comp = first_comp(mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3));
	KUNIT_EXPECT_EQ(test, comp->class->feat.cassoc_wd, 4);
	KUNIT_EXPECT_EQ(test, comp->class->feat.bwpbm_wd, 36);
	KUNIT_EXPECT_TRUE(test, comp->class->feat.has_cmin && comp->class->feat.has_mbw_prop);
	KUNIT_EXPECT_EQ(test, comp->class->feat.dspri_wd, 3);
	KUNIT_EXPECT_EQ(test, partids_not_default(msc->sim), 0);

	KUNIT_ASSERT_EQ(test, mpam_comp_set_cpbm(comp, 3, 0x1), 0);
	KUNIT_EXPECT_EQ(test, partids_not_default(msc->sim), 1);
	KUNIT_ASSERT_EQ(test, mpam_comp_reset(sys, comp), 0);
	KUNIT_EXPECT_EQ(test, partids_not_default(msc->sim), 0);
}

/*
 * An ID register that reports more bandwidth fraction bits than the 16 the
 * MBW_MIN/MBW_MAX fields have: used as 16, never a shift past the field.
 */
static void core_bwa_wd_capped(struct kunit *test)
{
	struct mpam_sim_ris_desc wide = all_ctrls_hw;
	struct mpam_comp *comp;
	struct mpam_system *sys;

	wide.bwa_wd = 20;
	sys = one_msc_system(test, &wide, 0);
	comp = first_comp(mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3));
	KUNIT_EXPECT_EQ(test, comp->class->feat.bwa_wd, 16);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 1, MPAM_CTRL_MBW_MAX), 0xffff);
	KUNIT_ASSERT_EQ(test, mpam_comp_set_mbw_max(comp, 1, 0x8001), 0);
	KUNIT_EXPECT_EQ(test, read_ctrl(test, comp, 1, MPAM_CTRL_MBW_MAX), 0x8001);
}

/* Where 0 is the lowest priority, the default is the highest: all ones. */
static void core_reset_priority_0_is_low(struct kunit *test)
{
	const u32 highest = FIELD_PREP(MPAMCFG_PRI_INTPRI, 0xf) |
			    FIELD_PREP(MPAMCFG_PRI_DSPRI, 0x7);
	struct mpam_sim_ris_desc low = all_ctrls_hw;
	struct mpam_system *sys = new_system(test);
	struct mpam_msc *msc;
	unsigned int p;

	low.pri_0_is_low = true;
	msc = fw_left_msc(test, &low);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, msc), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_enable(sys, 63, 3), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, teardown_action, sys), 0);
	for (p = 0; p <= low.partid_max; p++)
		KUNIT_EXPECT_EQ(test, sim_partid_reg(msc->sim, p, true, MPAMCFG_PRI), highest);
}

/*
 * Resetting 4096 PARTIDs with every control is ~60000 register writes:
 * never more than a short stretch of them with interrupts off, at enable,
 * at a reset, and at a restore after power loss.
 */
static void core_reset_irqoff_bounded(struct kunit *test)
{
	struct mpam_sim_ris_desc big = all_ctrls_hw;
	struct mpam_system *sys = new_system(test);
	struct mpam_sim_stats st;
	struct mpam_msc *msc;

	big.partid_max = 4095;
	big.intpartid_max = 4095;
	msc = fw_left_msc(test, &big);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, msc), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_enable(sys, 4095, 3), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, teardown_action, sys), 0);
	mpam_sim_get_stats(msc->sim, &st);
	KUNIT_EXPECT_GT(test, st.writes, 4096 * 10);
	KUNIT_EXPECT_LE(test, st.max_irqoff_run, 256);

	mpam_sim_reset_irqoff_run(msc->sim);
	KUNIT_ASSERT_EQ(test, mpam_class_reset(sys, mpam_system_find_class(sys, MPAM_FW_RIS_CACHE,
									   3)), 0);
	mpam_sim_power_down(msc->sim);
	KUNIT_ASSERT_EQ(test, mpam_msc_restore(msc, sys->partid_max), 0);
	mpam_sim_get_stats(msc->sim, &st);
	KUNIT_EXPECT_GT(test, st.max_irqoff_run, 0);
	KUNIT_EXPECT_LE(test, st.max_irqoff_run, 256);
}

/* An L3 component whose bandwidth monitor 0 counts PARTID 4. */
static struct mpam_comp *partid4_monitor(struct kunit *test)
{
	struct mpam_system *sys = one_msc_system(test, &l3_hw, 0);
	struct mpam_comp *comp = first_comp(mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3));
	struct mpam_mon_cfg four = { .partid = 4, .match_partid = true };

	KUNIT_ASSERT_EQ(test, mpam_comp_mon_setup(comp, MPAM_MON_MBWU, 0, &four), 0);
	return comp;
}

/* What monitor 0 of @comp reads after @bytes more traffic for PARTID 4. */
static u64 partid4_after(struct kunit *test, struct mpam_comp *comp, u64 bytes)
{
	u64 count;

	if (bytes)
		mpam_sim_add_bytes(comp_sim(comp), 0, 4, 0, false, bytes);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &count), 0);
	return count;
}

/* What monitor @mon of @comp reads after @bytes more traffic for @partid. */
static u64 mon_after(struct kunit *test, struct mpam_comp *comp, int mon, u16 partid, u64 bytes)
{
	u64 count;

	if (bytes)
		mpam_sim_add_bytes(comp_sim(comp), 0, partid, 0, false, bytes);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &count), 0);
	return count;
}

/*
 * A power-down the driver is not told about, with MON_SEL skipped: the
 * MSC forgot the selection too, so the read sees a monitor that is off,
 * and the monitor is programmed again through a fresh MON_SEL write (not
 * into whatever monitor the MSC selects after reset).
 */
static void core_mon_sel_lost_at_power_down(struct kunit *test)
{
	struct mpam_system *sys = one_msc_system(test, &l3_hw, 0);
	struct mpam_class *l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_comp *comp = first_comp(l3);
	int zero = mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU);
	int one = mpam_class_mon_alloc(sys, l3, MPAM_MON_MBWU);

	KUNIT_ASSERT_EQ(test, zero, 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, zero, 2, 0), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, one, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, mon_after(test, comp, one, 1, 1000), 1000);

	mpam_sim_power_down(comp_sim(comp));
	/* Counted while off: lost.  The read programs it again. */
	KUNIT_EXPECT_EQ(test, mon_after(test, comp, one, 1, 100), 1000);
	KUNIT_EXPECT_EQ(test, mon_after(test, comp, one, 1, 70), 1070);
	/* Monitor 0 was not given monitor 1's filter. */
	KUNIT_EXPECT_EQ(test, mon_after(test, comp, zero, 2, 0), 0);
	KUNIT_EXPECT_EQ(test, mon_after(test, comp, zero, 2, 30), 30);
	KUNIT_EXPECT_EQ(test, mon_after(test, comp, one, 1, 5), 1075);
}

/*
 * A power-down that loses only the counters: the counter restarts from
 * zero with its configuration kept, and no overflow status.  Not a wrap:
 * what it shows was counted since.
 */
static void core_lost_counters_only(struct kunit *test)
{
	struct mpam_comp *comp = partid4_monitor(test);

	KUNIT_EXPECT_EQ(test, partid4_after(test, comp, 1000), 1000);
	mpam_sim_lose_state(comp_sim(comp), MPAM_SIM_LOSE_COUNTERS);
	KUNIT_EXPECT_EQ(test, partid4_after(test, comp, 50), 1050);
	KUNIT_EXPECT_EQ(test, partid4_after(test, comp, 25), 1075);
}

/*
 * A power-down that loses only the configuration while the counter reads
 * zero: the value never moves, so only reading CTL back shows it.
 */
static void core_lost_config_at_zero(struct kunit *test)
{
	struct mpam_comp *comp = partid4_monitor(test);

	KUNIT_EXPECT_EQ(test, partid4_after(test, comp, 0), 0);
	mpam_sim_lose_state(comp_sim(comp), MPAM_SIM_LOSE_CONFIG);
	/* Off: this is lost. */
	KUNIT_EXPECT_EQ(test, partid4_after(test, comp, 100), 0);
	/* Programmed again by that read: counting goes on. */
	KUNIT_EXPECT_EQ(test, partid4_after(test, comp, 70), 70);
}

/*
 * CDP pairs: PARTIDs 2n and 2n + 1 share internal PARTID 2n, so a monitor
 * of 2n counts both and one limit holds for both; undone, each is its own.
 */
static void core_pair_partids(struct kunit *test)
{
	struct mpam_system *sys = one_msc_system(test, &all_ctrls_hw, 0);
	struct mpam_class *class = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	struct mpam_comp *comp = first_comp(class);
	struct mpam_mon_cfg two = { .partid = 2, .match_partid = true };
	struct mpam_sim_msc *sim = comp_sim(comp);
	u64 bytes;

	KUNIT_ASSERT_TRUE(test, mpam_class_can_pair_partids(class));
	KUNIT_ASSERT_EQ(test, mpam_class_pair_partids(sys, class, true), 0);
	KUNIT_EXPECT_EQ(test, sim_partid_reg(sim, 3, false, MPAMCFG_INTPARTID),
			MPAMCFG_INTPARTID_INTERNAL | 2);
	KUNIT_EXPECT_EQ(test, sim_partid_reg(sim, 2, false, MPAMCFG_INTPARTID),
			MPAMCFG_INTPARTID_INTERNAL | 2);
	KUNIT_ASSERT_EQ(test, mpam_comp_set_mbw_max(comp, 2, 0x8000), 0);
	KUNIT_EXPECT_EQ(test, sim_partid_reg(sim, 2, true, MPAMCFG_MBW_MAX), 0x8000);

	KUNIT_ASSERT_EQ(test, mpam_comp_mon_setup(comp, MPAM_MON_MBWU, 0, &two), 0);
	mpam_sim_add_bytes(sim, 0, 2, 0, false, 400);
	mpam_sim_add_bytes(sim, 0, 3, 0, false, 44);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, 0, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 444);

	KUNIT_ASSERT_EQ(test, mpam_class_pair_partids(sys, class, false), 0);
	KUNIT_EXPECT_EQ(test, sim_partid_reg(sim, 3, false, MPAMCFG_INTPARTID),
			MPAMCFG_INTPARTID_INTERNAL | 3);
	/* Without narrowing there is nothing to pair. */
	sys = one_msc_system(test, &l3_hw, 0);
	class = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	KUNIT_EXPECT_FALSE(test, mpam_class_can_pair_partids(class));
	KUNIT_EXPECT_EQ(test, mpam_class_pair_partids(sys, class, true), -EOPNOTSUPP);
}

static struct kunit_case mpam_core_cases[] = {
	KUNIT_CASE(core_probe_msc_shapes),
	KUNIT_CASE(core_rwbw_needs_v1p1),
	KUNIT_CASE(core_feature_merge_rules),
	KUNIT_CASE(core_partid_pmg_limits),
	KUNIT_CASE(core_topology),
	KUNIT_CASE(core_config_apply_readback_reset),
	KUNIT_CASE(core_monitor_alloc_exhaustion),
	KUNIT_CASE(core_nrdy_timeout),
	KUNIT_CASE(core_overflow_each_width),
	KUNIT_CASE(core_steady_state_read_cost),
	KUNIT_CASE(core_mon_sel_lost_at_power_down),
	KUNIT_CASE(core_restore_after_power_loss),
	KUNIT_CASE(core_error_frees_every_monitor),
	KUNIT_CASE(core_error_read_where_reachable),
	KUNIT_CASE(core_config_every_control),
	KUNIT_CASE(core_errata_t241),
	KUNIT_CASE(core_power_loss_is_not_overflow),
	KUNIT_CASE(core_monitor_filters),
	KUNIT_CASE(core_mbwu_wrap_shift),
	KUNIT_CASE(core_long_counter_read_not_torn),
	KUNIT_CASE(core_partid_narrowing_mapping),
	KUNIT_CASE(core_reset_every_control),
	KUNIT_CASE(core_reset_priority_0_is_low),
	KUNIT_CASE(core_bwa_wd_capped),
	KUNIT_CASE(core_reset_irqoff_bounded),
	KUNIT_CASE(core_lost_counters_only),
	KUNIT_CASE(core_lost_config_at_zero),
	KUNIT_CASE(core_pair_partids),
	{}
};

static struct kunit_suite mpam_core_suite = {
	.name = "mpam_core",
	.test_cases = mpam_core_cases,
};

kunit_test_suite(mpam_core_suite);
