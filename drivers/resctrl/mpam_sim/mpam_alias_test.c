// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of how the MSC core merges aliasing RIS (several RIS of one
 * MSC controlling one resource) and components with several MSCs (each
 * controlling a slice of it), on simulated MSCs.  Every test builds its own
 * struct mpam_system; the live driver is never touched.
 */

#include <kunit/test.h>

#include "../mpam_core.h"
#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

struct alias_test_msc {
	struct mpam_sim_msc	*sim;
	struct mpam_msc		*msc;
};

static void alias_free_msc(void *data)
{
	struct alias_test_msc *t = data;

	mpam_msc_free(t->msc);
	mpam_sim_msc_destroy(t->sim);
}

static void alias_teardown(void *sys)
{
	mpam_system_teardown(sys);
}

/* An MSC whose RIS i is hardware @hw[i], every one an L3 with cache id @ids[i]. */
static struct alias_test_msc *alias_msc(struct kunit *test, const struct mpam_sim_ris_desc *hw,
					const u32 *ids, unsigned int nr)
{
	struct mpam_sim_msc_desc *sd = kunit_kzalloc(test, sizeof(*sd), GFP_KERNEL);
	struct mpam_fw_msc *fw = kunit_kzalloc(test, struct_size(fw, ris, nr), GFP_KERNEL);
	struct alias_test_msc *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	static u32 next_id = 300;
	unsigned int i;

	KUNIT_ASSERT_TRUE(test, sd && fw && t);
	sd->aidr = MPAM_AIDR_V1_0;
	sd->has_esr = true;
	sd->nrdy_reads = 1;
	sd->nr_ris = nr;
	fw->id = next_id++;
	fw->nr_ris = nr;
	for (i = 0; i < nr; i++) {
		sd->ris[i] = hw[i];
		fw->ris[i] = (struct mpam_fw_ris) { .ris_idx = i, .type = MPAM_FW_RIS_CACHE,
						    .level = 3, .id = ids[i] };
		cpumask_copy(&fw->ris[i].affinity, cpu_possible_mask);
	}
	t->sim = mpam_sim_msc_create(sd);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->sim);
	t->msc = mpam_msc_create(fw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->msc);
	t->msc->sim = t->sim;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, alias_free_msc, t), 0);
	KUNIT_ASSERT_EQ(test, mpam_msc_read_features(t->msc), 0);
	return t;
}

static const struct mpam_sim_ris_desc portions_hw = {
	.partid_max = 31, .pmg_max = 3, .cpbm_wd = 12, .num_csu_mon = 2,
	.num_mbwu_mon = 2, .mbwu_width = 44,
};

/* Capacity only, with monitors of its own that see what portions_hw's see. */
static const struct mpam_sim_ris_desc capacity_hw = {
	.partid_max = 31, .pmg_max = 3, .cmax_wd = 8, .num_csu_mon = 4,
};

/* A slice of L3 id 1: portions and capacity. */
static const struct mpam_sim_ris_desc slice_hw = {
	.partid_max = 31, .pmg_max = 3, .cpbm_wd = 12, .cmax_wd = 8, .num_csu_mon = 2,
	.num_mbwu_mon = 2, .mbwu_width = 44,
};

struct alias_system {
	struct mpam_system	*sys;
	struct mpam_class	*l3;
	struct mpam_comp	*comp[2];
	struct alias_test_msc	*aliasing;	/* L3 0: RIS 0 portions, RIS 1 capacity */
	struct alias_test_msc	*slice[2];	/* L3 1: one RIS each */
};

static void alias_system(struct kunit *test, struct alias_system *a)
{
	const struct mpam_sim_ris_desc two[2] = { portions_hw, capacity_hw };
	static const u32 l3_0[2] = { 0, 0 }, l3_1[1] = { 1 };
	unsigned int i;

	a->sys = kunit_kzalloc(test, sizeof(*a->sys), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a->sys);
	mpam_system_init(a->sys);
	a->aliasing = alias_msc(test, two, l3_0, 2);
	a->slice[0] = alias_msc(test, &slice_hw, l3_1, 1);
	a->slice[1] = alias_msc(test, &slice_hw, l3_1, 1);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(a->sys, a->aliasing->msc), 0);
	for (i = 0; i < 2; i++)
		KUNIT_ASSERT_EQ(test, mpam_system_add_msc(a->sys, a->slice[i]->msc), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_enable(a->sys, 31, 3), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, alias_teardown, a->sys), 0);
	a->l3 = mpam_system_find_class(a->sys, MPAM_FW_RIS_CACHE, 3);
	KUNIT_ASSERT_NOT_NULL(test, a->l3);
	KUNIT_ASSERT_EQ(test, a->l3->nr_comps, 2);
	a->comp[0] = list_first_entry(&a->l3->comps, struct mpam_comp, node);
	a->comp[1] = list_next_entry(a->comp[0], node);
}

/*
 * The aliasing RIS of L3 0 add up to portions and capacity; L3 1 has both
 * in each slice: the class has both.  The capacity RIS's monitors are not
 * added to those of the portion RIS, which see the same traffic.
 */
static void alias_features_merged(struct kunit *test)
{
	struct alias_system a;

	alias_system(test, &a);
	KUNIT_EXPECT_EQ(test, a.l3->feat.cpbm_wd, 12);
	KUNIT_EXPECT_EQ(test, a.l3->feat.cmax_wd, 8);
	KUNIT_EXPECT_EQ(test, a.l3->feat.num_csu, 2);
	KUNIT_EXPECT_EQ(test, a.l3->feat.num_mbwu, 2);
	KUNIT_EXPECT_EQ(test, a.l3->feat.mbwu_width, 44);
	KUNIT_EXPECT_FALSE(test, a.aliasing->msc->ris[0].mon_alias[MPAM_MON_CSU]);
	KUNIT_EXPECT_TRUE(test, a.aliasing->msc->ris[1].mon_alias[MPAM_MON_CSU]);
	/* Slices are different MSCs: nothing of theirs aliases. */
	KUNIT_EXPECT_FALSE(test, a.slice[1]->msc->ris[0].mon_alias[MPAM_MON_CSU]);
}

/*
 * A configuration reaches the RIS that has the control, in each MSC of the
 * component, and reads back from one that has it.
 */
static void alias_config_reaches_every_ris(struct kunit *test)
{
	struct alias_system a;
	u64 val;

	alias_system(test, &a);
	KUNIT_ASSERT_EQ(test, mpam_comp_set_ctrl(a.comp[0], 5, MPAM_CTRL_CPBM, 0x0f0), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_set_ctrl(a.comp[0], 5, MPAM_CTRL_CMAX, 0x8000), 0);
	KUNIT_EXPECT_EQ(test, a.aliasing->sim->ris[0].cpbm[5], 0x0f0);
	KUNIT_EXPECT_EQ(test, a.aliasing->sim->ris[1].cmax[5], 0x8000);
	KUNIT_ASSERT_EQ(test, mpam_comp_get_ctrl(a.comp[0], 5, MPAM_CTRL_CMAX, &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0x8000);
	KUNIT_ASSERT_EQ(test, mpam_comp_get_ctrl(a.comp[0], 5, MPAM_CTRL_CPBM, &val), 0);
	KUNIT_EXPECT_EQ(test, val, 0x0f0);

	KUNIT_ASSERT_EQ(test, mpam_comp_set_ctrl(a.comp[1], 7, MPAM_CTRL_CPBM, 0x00f), 0);
	KUNIT_EXPECT_EQ(test, a.slice[0]->sim->ris[0].cpbm[7], 0x00f);
	KUNIT_EXPECT_EQ(test, a.slice[1]->sim->ris[0].cpbm[7], 0x00f);
	/* The other component is left alone. */
	KUNIT_EXPECT_EQ(test, a.aliasing->sim->ris[0].cpbm[7], 0xfff);

	KUNIT_ASSERT_EQ(test, mpam_comp_reset(a.sys, a.comp[1]), 0);
	KUNIT_EXPECT_EQ(test, a.slice[1]->sim->ris[0].cpbm[7], 0xfff);
}

/*
 * Occupancy is read once per slice and summed; an aliasing RIS's monitors
 * are not read, so what both see is not counted twice.
 */
static void alias_monitors_not_doubled(struct kunit *test)
{
	struct alias_system a;
	int mon;
	u64 bytes;

	alias_system(test, &a);
	mon = mpam_class_mon_alloc(a.sys, a.l3, MPAM_MON_CSU);
	KUNIT_ASSERT_GE(test, mon, 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(a.aliasing->sim, 0, 3, 1, 4096), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(a.aliasing->sim, 1, 3, 1, 4096), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(a.slice[0]->sim, 0, 3, 1, 1024), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(a.slice[1]->sim, 0, 3, 1, 2048), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(a.comp[0], MPAM_MON_CSU, mon, 3, 1), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(a.comp[1], MPAM_MON_CSU, mon, 3, 1), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(a.comp[0], MPAM_MON_CSU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 4096);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(a.comp[1], MPAM_MON_CSU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 1024 + 2048);
}

/* The rules of mpam_feat_merge_alias(), field by field. */
static void alias_merge_rules(struct kunit *test)
{
	struct mpam_ris ris = { };
	struct mpam_feat into = {
		.partid_max = 63, .pmg_max = 3, .cpbm_wd = 16, .intpri_wd = 4,
		.intpri_0_is_low = true, .bwa_wd = 8, .has_mbw_max = true,
	};

	ris.feat = (struct mpam_feat) {
		.partid_max = 31, .pmg_max = 7, .cpbm_wd = 8, .cmax_wd = 6, .intpri_wd = 3,
		.dspri_wd = 2, .bwa_wd = 12, .has_mbw_min = true, .num_mbwu = 3,
		.mbwu_width = 63,
	};
	mpam_feat_merge_alias(&into, &ris);
	KUNIT_EXPECT_EQ(test, into.partid_max, 31);
	KUNIT_EXPECT_EQ(test, into.pmg_max, 3);
	/* Two portion bitmaps of different widths: which portion is which? */
	KUNIT_EXPECT_EQ(test, into.cpbm_wd, 0);
	KUNIT_EXPECT_EQ(test, into.cmax_wd, 6);
	/* Opposite meanings of 0: dropped; a priority only one has: kept. */
	KUNIT_EXPECT_EQ(test, into.intpri_wd, 0);
	KUNIT_EXPECT_EQ(test, into.dspri_wd, 2);
	/* Both have bandwidth fractions: the narrower; each control kept. */
	KUNIT_EXPECT_EQ(test, into.bwa_wd, 8);
	KUNIT_EXPECT_TRUE(test, into.has_mbw_max);
	KUNIT_EXPECT_TRUE(test, into.has_mbw_min);
	/* Monitors only one RIS has are used, with their counter format. */
	KUNIT_EXPECT_EQ(test, into.num_mbwu, 3);
	KUNIT_EXPECT_EQ(test, into.mbwu_width, 63);
	KUNIT_EXPECT_FALSE(test, ris.mon_alias[MPAM_MON_MBWU]);
}

static struct kunit_case mpam_alias_cases[] = {
	KUNIT_CASE(alias_features_merged),
	KUNIT_CASE(alias_config_reaches_every_ris),
	KUNIT_CASE(alias_monitors_not_doubled),
	KUNIT_CASE(alias_merge_rules),
	{}
};

static struct kunit_suite mpam_alias_suite = {
	.name = "mpam_core_alias",
	.test_cases = mpam_alias_cases,
};

kunit_test_suite(mpam_alias_suite);
