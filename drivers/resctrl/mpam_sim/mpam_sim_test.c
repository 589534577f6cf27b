// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of mpam_sim against the MPAM architecture: each test creates
 * its own simulated MSCs and drives them through their registers.
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>

#include <asm/mpam.h>

#include "../mpam_regs.h"
#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

/* Register access as the driver does it: preemption off. */
static u32 rd(struct mpam_sim_msc *sim, u32 offset)
{
	u32 val;

	preempt_disable();
	val = mpam_sim_read(sim, offset);
	preempt_enable();
	return val;
}

static void wr(struct mpam_sim_msc *sim, u32 offset, u32 val)
{
	preempt_disable();
	mpam_sim_write(sim, offset, val);
	preempt_enable();
}

static void sim_destroy_action(void *sim)
{
	mpam_sim_msc_destroy(sim);
}

static struct mpam_sim_ris_desc cache_ris = {
	.partid_max = 31, .pmg_max = 1, .cpbm_wd = 12, .cmax_wd = 8,
	.num_csu_mon = 2, .num_mbwu_mon = 3, .mbwu_width = 44, .has_rwbw = true,
};

static struct mpam_sim_ris_desc mem_ris = {
	.partid_max = 15, .pmg_max = 0, .bwa_wd = 4, .has_mbw_max = true,
	.num_mbwu_mon = 1, .mbwu_width = 31, .mbwu_scale = 2,
};

static struct mpam_sim_msc *new_sim(struct kunit *test, unsigned int nr_ris,
				    const struct mpam_sim_ris_desc *ris, u32 nrdy_reads)
{
	struct mpam_sim_msc_desc *desc = kunit_kzalloc(test, sizeof(*desc), GFP_KERNEL);
	struct mpam_sim_msc *sim;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, desc);
	desc->aidr = MPAM_AIDR_V1_1;
	desc->iidr = 0x12345678;
	desc->has_esr = true;
	desc->nrdy_reads = nrdy_reads;
	desc->nr_ris = nr_ris;
	for (i = 0; i < nr_ris; i++)
		desc->ris[i] = ris[i];
	sim = mpam_sim_msc_create(desc);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sim);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sim_destroy_action, sim), 0);
	return sim;
}

static struct mpam_sim_msc *two_ris_sim(struct kunit *test, u32 nrdy_reads)
{
	struct mpam_sim_ris_desc ris[2] = { cache_ris, mem_ris };

	return new_sim(test, 2, ris, nrdy_reads);
}

static void sel_ris(struct mpam_sim_msc *sim, u8 ris, u16 partid)
{
	wr(sim, MPAMCFG_PART_SEL, FIELD_PREP(MPAMCFG_PART_SEL_RIS, ris) |
	   FIELD_PREP(MPAMCFG_PART_SEL_PARTID_SEL, partid));
}

static void sel_mon(struct mpam_sim_msc *sim, u8 ris, u16 mon)
{
	wr(sim, MSMON_CFG_MON_SEL, FIELD_PREP(MSMON_CFG_MON_SEL_RIS, ris) |
	   FIELD_PREP(MSMON_CFG_MON_SEL_MON_SEL, mon));
}

/* Program MBWU monitor @mon of @ris to count @partid/@pmg with @rwbw. */
static void mbwu_config(struct mpam_sim_msc *sim, u8 ris, u16 mon, u16 partid, u8 pmg,
			u32 match, u8 rwbw)
{
	sel_mon(sim, ris, mon);
	wr(sim, MSMON_CFG_MBWU_FLT, FIELD_PREP(MSMON_CFG_FLT_PARTID, partid) |
	   FIELD_PREP(MSMON_CFG_FLT_PMG, pmg) | FIELD_PREP(MSMON_CFG_MBWU_FLT_RWBW, rwbw));
	wr(sim, MSMON_CFG_MBWU_CTL, FIELD_PREP(MSMON_CFG_CTL_TYPE, MSMON_CFG_CTL_TYPE_MBWU) |
	   match | MSMON_CFG_CTL_EN);
	wr(sim, MSMON_MBWU_L, 0);
	wr(sim, MSMON_MBWU_L_HI, 0);
}

static u64 mbwu_long(struct mpam_sim_msc *sim, u8 ris, u16 mon)
{
	u32 lo;

	sel_mon(sim, ris, mon);
	lo = rd(sim, MSMON_MBWU_L);
	return (u64)rd(sim, MSMON_MBWU_L_HI) << 32 | lo;
}

static void sim_id_registers_per_ris(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);
	u32 idr, hi, want;

	hi = rd(sim, MPAMF_IDR_HI);
	KUNIT_EXPECT_TRUE(test, hi & MPAMF_IDR_HI_HAS_RIS);
	KUNIT_EXPECT_TRUE(test, hi & MPAMF_IDR_HI_HAS_ESR);
	KUNIT_EXPECT_EQ(test, (hi & MPAMF_IDR_HI_RIS_MAX) >> 24, 1);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMF_AIDR), MPAM_AIDR_V1_1);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMF_IIDR), 0x12345678);

	sel_ris(sim, 0, 0);
	idr = rd(sim, MPAMF_IDR);
	KUNIT_EXPECT_EQ(test, idr & MPAMF_IDR_PARTID_MAX, 31);
	KUNIT_EXPECT_EQ(test, (idr & MPAMF_IDR_PMG_MAX) >> 16, 1);
	KUNIT_EXPECT_TRUE(test, idr & MPAMF_IDR_HAS_CPOR_PART);
	KUNIT_EXPECT_FALSE(test, idr & MPAMF_IDR_HAS_MBW_PART);
	KUNIT_EXPECT_TRUE(test, idr & MPAMF_IDR_EXT);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMF_CPOR_IDR), 12);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMF_CSUMON_IDR) & MPAMF_CSUMON_IDR_NUM_MON, 2);
	want = 3 | MPAMF_MBWUMON_IDR_HAS_RWBW | MPAMF_MBWUMON_IDR_HAS_LONG;
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMF_MBWUMON_IDR), want);

	sel_ris(sim, 1, 0);
	idr = rd(sim, MPAMF_IDR);
	KUNIT_EXPECT_EQ(test, idr & MPAMF_IDR_PARTID_MAX, 15);
	KUNIT_EXPECT_FALSE(test, idr & MPAMF_IDR_HAS_CPOR_PART);
	KUNIT_EXPECT_TRUE(test, idr & MPAMF_IDR_HAS_MBW_PART);
	want = 4 | MPAMF_MBW_IDR_HAS_MAX;
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMF_MBW_IDR), want);
	want = 1 | (2 << 16);	/* NUM_MON 1, SCALE 2 */
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMF_MBWUMON_IDR), want);
}

static void sim_config_per_partid_masked(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);

	sel_ris(sim, 0, 3);
	wr(sim, MPAMCFG_CPBM, 0xffffffff);
	sel_ris(sim, 0, 4);
	wr(sim, MPAMCFG_CPBM, 0x00f0);
	sel_ris(sim, 0, 3);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMCFG_CPBM), 0xfff);	/* 12 portions */
	sel_ris(sim, 0, 4);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMCFG_CPBM), 0x00f0);

	sel_ris(sim, 1, 7);
	wr(sim, MPAMCFG_MBW_MAX, 0xffff);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMCFG_MBW_MAX), 0xf000);	/* 4 bits */
}

static void sim_monitor_filters(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);
	u32 both = MSMON_CFG_CTL_MATCH_PARTID | MSMON_CFG_CTL_MATCH_PMG;

	mbwu_config(sim, 0, 0, 5, 1, both, MPAM_RWBW_BOTH);
	mbwu_config(sim, 0, 1, 5, 0, MSMON_CFG_CTL_MATCH_PARTID, MPAM_RWBW_BOTH);
	mbwu_config(sim, 0, 2, 5, 1, both, MPAM_RWBW_WRITE);

	mpam_sim_add_bytes(sim, 0, 5, 1, false, 100);	/* read, PMG 1 */
	mpam_sim_add_bytes(sim, 0, 5, 1, true, 20);	/* write, PMG 1 */
	mpam_sim_add_bytes(sim, 0, 5, 0, false, 3);	/* PMG 0 */
	mpam_sim_add_bytes(sim, 0, 6, 1, false, 4000);	/* another PARTID */
	mpam_sim_add_bytes(sim, 1, 5, 0, false, 50000);	/* another RIS */

	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 0, 0), 120);
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 0, 1), 123);	/* any PMG */
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 0, 2), 20);	/* writes only */

	/* On MPAM v1.0 HAS_RWBW and MSMON_CFG_MBWU_FLT.RWBW are RES0. */
	sim->desc.aidr = MPAM_AIDR_V1_0;
	sel_ris(sim, 0, 0);
	KUNIT_EXPECT_FALSE(test, rd(sim, MPAMF_MBWUMON_IDR) & MPAMF_MBWUMON_IDR_HAS_RWBW);
	mbwu_config(sim, 0, 2, 5, 1, both, MPAM_RWBW_WRITE);
	KUNIT_EXPECT_EQ(test, rd(sim, MSMON_CFG_MBWU_FLT) & MSMON_CFG_MBWU_FLT_RWBW, 0);
	mpam_sim_add_bytes(sim, 0, 5, 1, false, 100);
	mpam_sim_add_bytes(sim, 0, 5, 1, true, 20);
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 0, 2), 120);	/* both */
}

/* Program CSU monitor @mon of @ris to measure @partid/@pmg with @ctl. */
static u32 csu_read(struct mpam_sim_msc *sim, u8 ris, u16 mon, u16 partid, u8 pmg, u32 ctl)
{
	sel_mon(sim, ris, mon);
	wr(sim, MSMON_CFG_CSU_FLT, FIELD_PREP(MSMON_CFG_FLT_PARTID, partid) |
	   FIELD_PREP(MSMON_CFG_FLT_PMG, pmg));
	wr(sim, MSMON_CFG_CSU_CTL, FIELD_PREP(MSMON_CFG_CTL_TYPE, MSMON_CFG_CTL_TYPE_CSU) | ctl);
	return rd(sim, MSMON_CSU);
}

/*
 * A CSU monitor sums what every label its filter matches occupies: one
 * label, a PARTID's PMGs, a PMG across PARTIDs, or the whole cache; a
 * disabled monitor reads 0.  Emptying a label's occupancy takes it out of
 * every sum.
 */
static void sim_csu_filters(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);
	u32 en = MSMON_CFG_CTL_EN, partid = MSMON_CFG_CTL_MATCH_PARTID;
	u32 pmg = MSMON_CFG_CTL_MATCH_PMG;
	u8 code;

	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(sim, 0, 5, 0, 100), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(sim, 0, 5, 1, 20), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(sim, 0, 6, 1, 4000), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(sim, 0, 31, 0, 7), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(sim, 0, 32, 0, 1), -EINVAL);

	KUNIT_EXPECT_EQ(test, csu_read(sim, 0, 0, 5, 1, en | partid | pmg), 20);
	KUNIT_EXPECT_EQ(test, csu_read(sim, 0, 1, 5, 1, en | partid), 120);
	KUNIT_EXPECT_EQ(test, csu_read(sim, 0, 0, 5, 1, en | pmg), 4020);
	KUNIT_EXPECT_EQ(test, csu_read(sim, 0, 0, 31, 0, en | partid | pmg), 7);
	KUNIT_EXPECT_EQ(test, csu_read(sim, 0, 0, 0, 0, en), 4127);
	KUNIT_EXPECT_EQ(test, csu_read(sim, 0, 0, 5, 0, partid | pmg), 0);
	/* A filter naming a PARTID the RIS lacks is refused, as ID_RANGE. */
	KUNIT_EXPECT_EQ(test, csu_read(sim, 0, 1, 40, 0, en | partid), 120);
	code = FIELD_GET(MPAMF_ESR_ERRCODE, rd(sim, MPAMF_ESR));
	KUNIT_EXPECT_EQ(test, code, MPAM_ERRCODE_MSMONCFG_ID_RANGE);
	wr(sim, MPAMF_ESR, 0);

	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(sim, 0, 6, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, csu_read(sim, 0, 0, 0, 1, en | pmg), 20);
	KUNIT_EXPECT_EQ(test, csu_read(sim, 0, 0, 0, 0, en), 127);
}

/*
 * The background model counts a CPU's traffic, with the data half of its
 * label, in each RIS whose traffic_cpus include the CPU, and nowhere else.
 */
static void sim_background_attribution(struct kunit *test)
{
	struct mpam_sim_ris_desc ris[2] = { cache_ris, cache_ris };
	u32 both = MSMON_CFG_CTL_MATCH_PARTID | MSMON_CFG_CTL_MATCH_PMG;
	u64 label = mpam_label_make(9, 5, 0, 1);	/* data: PARTID 5, PMG 1 */
	struct mpam_sim_msc *sim;

	cpumask_clear(&ris[0].traffic_cpus);
	cpumask_clear(&ris[1].traffic_cpus);
	cpumask_set_cpu(0, &ris[0].traffic_cpus);
	cpumask_set_cpu(0, &ris[1].traffic_cpus);
	cpumask_set_cpu(1, &ris[1].traffic_cpus);
	sim = new_sim(test, 2, ris, 0);

	mbwu_config(sim, 0, 0, 5, 1, both, MPAM_RWBW_BOTH);
	mbwu_config(sim, 1, 0, 5, 1, both, MPAM_RWBW_BOTH);
	mbwu_config(sim, 1, 1, 9, 0, both, MPAM_RWBW_BOTH);	/* instruction half */
	mbwu_config(sim, 1, 2, 5, 1, both, MPAM_RWBW_WRITE);

	KUNIT_EXPECT_EQ(test, mpam_sim_background_account(sim, 0, label, 1000), 2);
	KUNIT_EXPECT_EQ(test, mpam_sim_background_account(sim, 1, label, 30), 1);
	KUNIT_EXPECT_EQ(test, mpam_sim_background_account(sim, 2, label, 700), 0);

	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 0, 0), 1000);
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 1, 0), 1030);
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 1, 1), 0);
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 1, 2), 0);	/* the model only reads */
}

/* The background model cuts a label's traffic to its MBW_MAX. */
static void sim_background_mbw_max(struct kunit *test)
{
	struct mpam_sim_ris_desc ris[2] = { cache_ris, mem_ris };
	u64 label5 = mpam_label_make(9, 5, 0, 0), label6 = mpam_label_make(9, 6, 0, 0);
	struct mpam_sim_msc *sim;

	cpumask_clear(&ris[0].traffic_cpus);
	cpumask_clear(&ris[1].traffic_cpus);
	cpumask_set_cpu(0, &ris[0].traffic_cpus);
	cpumask_set_cpu(0, &ris[1].traffic_cpus);
	sim = new_sim(test, 2, ris, 0);

	/* bwa_wd 4: 3 is (3 + 1) / 16 of the bandwidth, all ones is all of it. */
	sel_ris(sim, 1, 5);
	wr(sim, MPAMCFG_MBW_MAX, 3 << 12);
	sel_ris(sim, 1, 6);
	wr(sim, MPAMCFG_MBW_MAX, 0xf000);
	KUNIT_EXPECT_EQ(test, mpam_sim_background_limit(sim, 0, label5, 1600), 400);
	KUNIT_EXPECT_EQ(test, mpam_sim_background_limit(sim, 0, label6, 1600), 1600);
	/* A CPU whose traffic does not pass through the limit is not limited. */
	KUNIT_EXPECT_EQ(test, mpam_sim_background_limit(sim, 1, label5, 1600), 1600);
	/* The instruction PARTID (9) is not the one limited. */
	sel_ris(sim, 1, 9);
	wr(sim, MPAMCFG_MBW_MAX, 0);
	KUNIT_EXPECT_EQ(test, mpam_sim_background_limit(sim, 0, label5, 1600), 400);
}

static u64 occupancy(struct mpam_sim_msc *sim, u16 partid)
{
	return sim->ris[0].occupancy[partid * (sim->ris[0].d.pmg_max + 1)];
}

/* In a cache of known size, a busy label fills the portions its CPBM gives. */
static void sim_background_fills_portions(struct kunit *test)
{
	struct mpam_sim_ris_desc ris = cache_ris;
	struct mpam_sim_msc *sim;

	ris.cache_size = 12 * 1024;	/* 12 portions of 1 KiB */
	cpumask_clear(&ris.traffic_cpus);
	cpumask_set_cpu(0, &ris.traffic_cpus);
	sim = new_sim(test, 1, &ris, 0);
	sel_ris(sim, 0, 1);
	wr(sim, MPAMCFG_CPBM, 0x00f);
	sel_ris(sim, 0, 2);
	wr(sim, MPAMCFG_CPBM, 0x0f0);
	sel_ris(sim, 0, 3);
	wr(sim, MPAMCFG_CPBM, 0x03c);	/* two portions of each */

	mpam_sim_background_account(sim, 0, mpam_label_make(1, 1, 0, 0), 3000);
	KUNIT_EXPECT_EQ(test, occupancy(sim, 1), 3000);
	mpam_sim_background_account(sim, 0, mpam_label_make(1, 1, 0, 0), 3000);
	KUNIT_EXPECT_EQ(test, occupancy(sim, 1), 4096);
	mpam_sim_background_account(sim, 0, mpam_label_make(2, 2, 0, 0), 5000);
	KUNIT_EXPECT_EQ(test, occupancy(sim, 2), 4096);
	KUNIT_EXPECT_EQ(test, occupancy(sim, 1), 4096);	/* disjoint portions */
	/* 2 KiB into two of PARTID 1's portions and two of PARTID 2's. */
	mpam_sim_background_account(sim, 0, mpam_label_make(3, 3, 0, 0), 2048);
	KUNIT_EXPECT_EQ(test, occupancy(sim, 3), 2048);
	KUNIT_EXPECT_EQ(test, occupancy(sim, 1), 3072);
	KUNIT_EXPECT_EQ(test, occupancy(sim, 2), 3072);
	/* Another CPU's traffic does not pass through this cache. */
	mpam_sim_background_account(sim, 1, mpam_label_make(3, 3, 0, 0), 2048);
	KUNIT_EXPECT_EQ(test, occupancy(sim, 3), 2048);
	/* A smaller portion shrinks what the label holds. */
	sel_ris(sim, 0, 1);
	wr(sim, MPAMCFG_CPBM, 0x001);
	mpam_sim_background_account(sim, 0, mpam_label_make(1, 1, 0, 0), 1);
	KUNIT_EXPECT_EQ(test, occupancy(sim, 1), 1024);
}

/* The PMU's count: every label's traffic through the memory RIS only. */
static void sim_memory_traffic(struct kunit *test)
{
	struct mpam_sim_ris_desc ris[2] = { cache_ris, mem_ris };
	struct mpam_sim_msc *sim;

	ris[1].is_memory = true;
	sim = new_sim(test, 2, ris, 0);
	KUNIT_EXPECT_EQ(test, mpam_sim_memory_traffic(sim), 0);
	mpam_sim_add_bytes(sim, 1, 3, 0, false, 100);
	mpam_sim_add_bytes(sim, 1, 4, 0, true, 20);
	mpam_sim_add_bytes(sim, 0, 3, 0, false, 50);	/* the cache */
	mpam_sim_add_bytes(sim, 1, 16, 0, false, 1000);	/* PARTID out of range */
	KUNIT_EXPECT_EQ(test, mpam_sim_memory_traffic(sim), 120);
}

static void sim_counter_widths_and_overflow(struct kunit *test)
{
	struct mpam_sim_ris_desc ris[3] = { mem_ris, cache_ris, cache_ris };
	struct mpam_sim_msc *sim;
	u32 val;

	ris[2].mbwu_width = 63;
	sim = new_sim(test, 3, ris, 0);

	/* 31 bits of 4-byte units: 2^33 bytes wrap it. */
	sel_mon(sim, 0, 0);
	wr(sim, MSMON_CFG_MBWU_CTL, FIELD_PREP(MSMON_CFG_CTL_TYPE, MSMON_CFG_CTL_TYPE_MBWU) |
	   MSMON_CFG_CTL_EN);
	mpam_sim_add_bytes(sim, 0, 1, 0, false, (1ULL << 33) - 4);
	val = rd(sim, MSMON_MBWU);
	KUNIT_EXPECT_EQ(test, val, MSMON_VALUE);
	KUNIT_EXPECT_FALSE(test, rd(sim, MSMON_CFG_MBWU_CTL) & MSMON_CFG_CTL_OFLOW_STATUS);
	mpam_sim_add_bytes(sim, 0, 1, 0, false, 12);
	KUNIT_EXPECT_EQ(test, rd(sim, MSMON_MBWU), 2);
	KUNIT_EXPECT_TRUE(test, rd(sim, MSMON_CFG_MBWU_CTL) & MSMON_CFG_CTL_OFLOW_STATUS);

	/* 44 bits: wraps at 2^44. */
	mbwu_config(sim, 1, 0, 0, 0, 0, MPAM_RWBW_BOTH);
	mpam_sim_add_bytes(sim, 1, 0, 0, false, (1ULL << 44) + 7);
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 1, 0), 7);
	KUNIT_EXPECT_TRUE(test, rd(sim, MSMON_CFG_MBWU_CTL) & MSMON_CFG_CTL_OFLOW_STATUS_L);

	/* 63 bits: the same traffic fits. */
	mbwu_config(sim, 2, 0, 0, 0, 0, MPAM_RWBW_BOTH);
	mpam_sim_add_bytes(sim, 2, 0, 0, false, (1ULL << 44) + 7);
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 2, 0), (1ULL << 44) + 7);
	KUNIT_EXPECT_FALSE(test, rd(sim, MSMON_CFG_MBWU_CTL) & MSMON_CFG_CTL_OFLOW_STATUS_L);
	/* ... while its 31-bit view wrapped, with its own status. */
	KUNIT_EXPECT_TRUE(test, rd(sim, MSMON_CFG_MBWU_CTL) & MSMON_CFG_CTL_OFLOW_STATUS);
}

/* NRDY of a long counter is decided when its low half is read. */
static bool long_nrdy(struct mpam_sim_msc *sim)
{
	rd(sim, MSMON_MBWU_L);
	return rd(sim, MSMON_MBWU_L_HI) & BIT(31);
}

static void sim_nrdy_after_config(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 3);
	int i;

	mbwu_config(sim, 0, 0, 0, 0, 0, MPAM_RWBW_BOTH);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE_MSG(test, long_nrdy(sim), "read %d", i);
	KUNIT_EXPECT_FALSE(test, long_nrdy(sim));

	mpam_sim_set_nrdy_stuck(sim, true);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_TRUE(test, long_nrdy(sim));
	mpam_sim_set_nrdy_stuck(sim, false);
	KUNIT_EXPECT_FALSE(test, long_nrdy(sim));
}

static void sim_long_counter_tears(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);
	u32 lo, hi, hi2;

	mbwu_config(sim, 0, 0, 0, 0, 0, MPAM_RWBW_BOTH);
	mpam_sim_add_bytes(sim, 0, 0, 0, false, 0xfffffff0ULL);
	mpam_sim_set_tear(sim, 0x20);

	/* lo then hi: the carry lands in between, the value is torn. */
	sel_mon(sim, 0, 0);
	lo = rd(sim, MSMON_MBWU_L);
	hi = rd(sim, MSMON_MBWU_L_HI);
	KUNIT_EXPECT_EQ(test, (u64)hi << 32 | lo, 0x1fffffff0ULL);

	/* hi, lo, hi sees the high half move and reads the low half again. */
	mbwu_config(sim, 0, 1, 0, 0, 0, MPAM_RWBW_BOTH);
	mpam_sim_add_bytes(sim, 0, 0, 0, false, 0xfffffff0ULL);
	mpam_sim_set_tear(sim, 0x20);
	sel_mon(sim, 0, 1);
	hi = rd(sim, MSMON_MBWU_L_HI);
	lo = rd(sim, MSMON_MBWU_L);
	hi2 = rd(sim, MSMON_MBWU_L_HI);
	KUNIT_EXPECT_EQ(test, hi, 0);
	KUNIT_EXPECT_EQ(test, hi2, 1);
	if (hi2 != hi)
		lo = rd(sim, MSMON_MBWU_L);
	KUNIT_EXPECT_EQ(test, (u64)hi2 << 32 | lo, 0x100000010ULL);
}

static u8 esr_code(struct mpam_sim_msc *sim)
{
	u8 code = FIELD_GET(MPAMF_ESR_ERRCODE, rd(sim, MPAMF_ESR));

	wr(sim, MPAMF_ESR, 0);
	return code;
}

static void sim_esr_error_codes(struct kunit *test)
{
	struct mpam_sim_ris_desc ris[3] = { cache_ris, mem_ris, cache_ris };
	struct mpam_sim_msc *sim;

	ris[1].has_partid_nrw = true;
	ris[1].intpartid_max = 3;
	ris[2].cpbm_wd = 0;
	ris[2].cmax_wd = 0;
	ris[2].num_csu_mon = 0;
	ris[2].num_mbwu_mon = 0;
	sim = new_sim(test, 3, ris, 0);

	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_NONE);
	sel_ris(sim, 0, 32);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_PARTID_SEL_RANGE);
	mpam_sim_add_bytes(sim, 0, 40, 0, false, 1);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_REQ_PARTID_RANGE);
	sel_mon(sim, 0, 0);
	wr(sim, MSMON_CFG_MBWU_FLT, FIELD_PREP(MSMON_CFG_FLT_PARTID, 32));
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_MSMONCFG_ID_RANGE);
	mpam_sim_add_bytes(sim, 0, 1, 2, false, 1);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_REQ_PMG_RANGE);
	sel_mon(sim, 0, 3);
	rd(sim, MSMON_MBWU_L);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_MONITOR_RANGE);
	sel_ris(sim, 1, 1);
	wr(sim, MPAMCFG_INTPARTID, MPAMCFG_INTPARTID_INTERNAL | 4);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_INTPARTID_RANGE);
	wr(sim, MPAMCFG_INTPARTID, 2);		/* INTERNAL clear */
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_INTPARTID_RANGE);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMCFG_INTPARTID), MPAMCFG_INTPARTID_INTERNAL | 0);
	wr(sim, MPAMCFG_PART_SEL, FIELD_PREP(MPAMCFG_PART_SEL_RIS, 1) | MPAMCFG_PART_SEL_INTERNAL);
	wr(sim, MPAMCFG_INTPARTID, MPAMCFG_INTPARTID_INTERNAL | 1);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_UNEXPECTED_INTERNAL);
	sel_ris(sim, 1, 1);
	wr(sim, MPAMCFG_PART_SEL, FIELD_PREP(MPAMCFG_PART_SEL_RIS, 0) | MPAMCFG_PART_SEL_INTERNAL);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_UNEXPECTED_INTERNAL);
	sel_ris(sim, 5, 0);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_UNDEFINED_RIS_PART_SEL);
	sel_ris(sim, 2, 0);
	wr(sim, MPAMCFG_CPBM, 1);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_RIS_NO_CONTROL);
	sel_mon(sim, 6, 0);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_UNDEFINED_RIS_MON_SEL);
	sel_mon(sim, 2, 0);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_RIS_NO_MONITOR);

	/* A second error before the first is cleared sets OVRWR, keeps the first. */
	sel_ris(sim, 0, 32);
	sel_ris(sim, 5, 0);
	KUNIT_EXPECT_TRUE(test, rd(sim, MPAMF_ESR) & MPAMF_ESR_OVRWR);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_PARTID_SEL_RANGE);
}

/* A simulated interrupt line (irq_sim) and what its handler saw. */
struct test_irq {
	struct irq_domain	*domain;
	int			irq;
	struct completion	done;
	int			count;
};

static irqreturn_t count_irq(int irq, void *data)
{
	struct test_irq *t = data;

	t->count++;
	complete(&t->done);
	return IRQ_HANDLED;
}

static void test_irq_setup(struct kunit *test, struct test_irq *t)
{
	init_completion(&t->done);
	t->count = 0;
	t->domain = irq_domain_create_sim(NULL, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->domain);
	t->irq = irq_create_mapping(t->domain, 0);
	KUNIT_ASSERT_GT(test, t->irq, 0);
	KUNIT_ASSERT_EQ(test, request_irq(t->irq, count_irq, 0, "mpam_sim_test", t), 0);
}

static void test_irq_teardown(struct mpam_sim_msc *sim, struct test_irq *t)
{
	mpam_sim_set_irqs(sim, 0, 0);
	free_irq(t->irq, t);
	irq_dispose_mapping(t->irq);
	irq_domain_remove_sim(t->domain);
}

static void sim_error_interrupt(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);
	struct test_irq t;

	test_irq_setup(test, &t);
	mpam_sim_set_irqs(sim, t.irq, 0);

	/* No interrupt while ECR.INTEN is clear. */
	sel_ris(sim, 0, 100);
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&t.done, HZ / 10), 0);
	wr(sim, MPAMF_ESR, 0);

	wr(sim, MPAMF_ECR, MPAMF_ECR_INTEN);
	sel_ris(sim, 0, 100);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&t.done, HZ), 0);
	KUNIT_EXPECT_EQ(test, t.count, 1);

	test_irq_teardown(sim, &t);
}

/* A wrap raises the overflow interrupt only for a monitor with OFLOW_INTR. */
static void sim_overflow_interrupt(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);
	u32 mbwu = FIELD_PREP(MSMON_CFG_CTL_TYPE, MSMON_CFG_CTL_TYPE_MBWU) | MSMON_CFG_CTL_EN;
	struct test_irq t;

	test_irq_setup(test, &t);
	mpam_sim_set_irqs(sim, 0, t.irq);

	/* RIS 1: 31 bits of 4-byte units, monitor 0 interrupts, none else. */
	sel_mon(sim, 1, 0);
	wr(sim, MSMON_CFG_MBWU_CTL, mbwu | MSMON_CFG_CTL_OFLOW_INTR);
	mpam_sim_add_bytes(sim, 1, 3, 0, false, 1ULL << 32);
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&t.done, HZ / 10), 0);
	mpam_sim_add_bytes(sim, 1, 3, 0, false, 1ULL << 32);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&t.done, HZ), 0);
	KUNIT_EXPECT_EQ(test, t.count, 1);
	KUNIT_EXPECT_TRUE(test, rd(sim, MSMON_CFG_MBWU_CTL) & MSMON_CFG_CTL_OFLOW_STATUS);

	/* RIS 0, 44 bits, without OFLOW_INTR: the status only. */
	mbwu_config(sim, 0, 0, 0, 0, 0, MPAM_RWBW_BOTH);
	mpam_sim_add_bytes(sim, 0, 0, 0, false, 1ULL << 44);
	KUNIT_EXPECT_EQ(test, wait_for_completion_timeout(&t.done, HZ / 10), 0);
	KUNIT_EXPECT_TRUE(test, rd(sim, MSMON_CFG_MBWU_CTL) & MSMON_CFG_CTL_OFLOW_STATUS_L);
	KUNIT_EXPECT_EQ(test, t.count, 1);

	test_irq_teardown(sim, &t);
}

static void sim_partid_narrowing(struct kunit *test)
{
	struct mpam_sim_ris_desc ris = cache_ris;
	struct mpam_sim_msc *sim;

	ris.has_partid_nrw = true;
	ris.intpartid_max = 3;
	sim = new_sim(test, 1, &ris, 0);

	/* Request PARTID 10 uses internal PARTID 2. */
	sel_ris(sim, 0, 10);
	wr(sim, MPAMCFG_INTPARTID, MPAMCFG_INTPARTID_INTERNAL | 2);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMCFG_INTPARTID), MPAMCFG_INTPARTID_INTERNAL | 2);
	/* Controls are per internal PARTID. */
	wr(sim, MPAMCFG_PART_SEL, MPAMCFG_PART_SEL_INTERNAL | 2);
	wr(sim, MPAMCFG_CPBM, 0x3);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMCFG_CPBM), 0x3);
	KUNIT_EXPECT_EQ(test, esr_code(sim), MPAM_ERRCODE_NONE);

	mbwu_config(sim, 0, 0, 2, 0, MSMON_CFG_CTL_MATCH_PARTID, MPAM_RWBW_BOTH);
	mpam_sim_add_bytes(sim, 0, 10, 0, false, 64);
	mpam_sim_add_bytes(sim, 0, 2, 0, false, 1);	/* request 2 maps to internal 0 */
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 0, 0), 64);
}

static void sim_power_down_loses_state(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);

	sel_ris(sim, 0, 1);
	wr(sim, MPAMCFG_CPBM, 0x1);
	mbwu_config(sim, 0, 0, 0, 0, 0, MPAM_RWBW_BOTH);
	mpam_sim_add_bytes(sim, 0, 0, 0, false, 1000);
	wr(sim, MPAMF_ECR, MPAMF_ECR_INTEN);

	mpam_sim_power_down(sim);
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMF_IDR), 0);	/* off: nothing answers */

	sel_ris(sim, 0, 1);				/* powers it up */
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMCFG_CPBM), 0xfff);	/* reset value */
	KUNIT_EXPECT_EQ(test, rd(sim, MPAMF_ECR), 0);
	KUNIT_EXPECT_EQ(test, mbwu_long(sim, 0, 0), 0);
	sel_mon(sim, 0, 0);
	KUNIT_EXPECT_EQ(test, rd(sim, MSMON_CFG_MBWU_CTL), 0);
}

static void sim_checks_access_context(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);
	struct mpam_sim_stats st;
	unsigned int other, migrating;

	sim->quiet_bad_context = true;
	rd(sim, MPAMF_IDR);
	mpam_sim_get_stats(sim, &st);
	KUNIT_EXPECT_EQ(test, st.bad_context, 0);

	/*
	 * Preemptible, and free to migrate: seen where preemption is counted
	 * and the test may run on another CPU (not on a one-CPU machine, as
	 * kunit.py's QEMU is).
	 */
	migrating = IS_ENABLED(CONFIG_PREEMPT_COUNT) && current->nr_cpus_allowed > 1;
	mpam_sim_read(sim, MPAMF_IDR);
	mpam_sim_get_stats(sim, &st);
	KUNIT_EXPECT_EQ(test, st.bad_context, migrating);

	/* Preemptible but kept on its CPU (as a per-CPU worker is): fine. */
	migrate_disable();
	mpam_sim_read(sim, MPAMF_IDR);
	migrate_enable();
	mpam_sim_get_stats(sim, &st);
	KUNIT_EXPECT_EQ(test, st.bad_context, migrating);

	/* From a CPU outside the accessibility mask. */
	preempt_disable();
	other = cpumask_any_but(cpu_online_mask, smp_processor_id());
	if (other < nr_cpu_ids) {
		cpumask_clear(&sim->desc.accessible);
		cpumask_set_cpu(other, &sim->desc.accessible);
		mpam_sim_read(sim, MPAMF_IDR);
	}
	preempt_enable();
	mpam_sim_get_stats(sim, &st);
	KUNIT_EXPECT_EQ(test, st.bad_context, migrating + (other < nr_cpu_ids ? 1 : 0));
}

/*
 * An interrupts-off stretch is the accesses made with interrupts off
 * since the driver's last lock: one made with them on is in none, and a
 * driver that accesses registers under a mutex has no stretch at all.
 */
static void sim_irqoff_run_ends_with_irqs_on(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);
	struct mpam_sim_stats st;
	unsigned long flags;
	int i;

	local_irq_save(flags);
	mpam_sim_lock_section(sim, false);
	for (i = 0; i < 3; i++)
		mpam_sim_read(sim, MPAMF_IDR);
	local_irq_restore(flags);
	for (i = 0; i < 5; i++)
		rd(sim, MPAMF_IDR);	/* preemption off, interrupts on */
	mpam_sim_get_stats(sim, &st);
	KUNIT_EXPECT_EQ(test, st.max_irqoff_run, 3);

	local_irq_save(flags);
	mpam_sim_read(sim, MPAMF_IDR);
	local_irq_restore(flags);
	mpam_sim_get_stats(sim, &st);
	KUNIT_EXPECT_EQ(test, st.max_irqoff_run, 3);
}

static void sim_counts_mmio(struct kunit *test)
{
	struct mpam_sim_msc *sim = two_ris_sim(test, 0);
	struct mpam_sim_stats st;
	int i;

	for (i = 0; i < 5; i++)
		rd(sim, MPAMF_IDR);
	for (i = 0; i < 3; i++)
		wr(sim, MPAMF_ESR, 0);
	mpam_sim_get_stats(sim, &st);
	KUNIT_EXPECT_EQ(test, st.reads, 5);
	KUNIT_EXPECT_EQ(test, st.writes, 3);
}

static void sim_rejects_impossible_descriptions(struct kunit *test)
{
	struct mpam_sim_msc_desc *desc = kunit_kzalloc(test, sizeof(*desc), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, desc);
	KUNIT_EXPECT_EQ(test, PTR_ERR(mpam_sim_msc_create(desc)), -EINVAL);	/* no RIS */
	desc->nr_ris = 1;
	desc->ris[0] = cache_ris;
	desc->ris[0].mbwu_width = 40;
	KUNIT_EXPECT_EQ(test, PTR_ERR(mpam_sim_msc_create(desc)), -EINVAL);
	desc->ris[0] = mem_ris;
	desc->ris[0].bwa_wd = 0;
	KUNIT_EXPECT_EQ(test, PTR_ERR(mpam_sim_msc_create(desc)), -EINVAL);
}

static struct kunit_case mpam_sim_cases[] = {
	KUNIT_CASE(sim_id_registers_per_ris),
	KUNIT_CASE(sim_config_per_partid_masked),
	KUNIT_CASE(sim_monitor_filters),
	KUNIT_CASE(sim_csu_filters),
	KUNIT_CASE(sim_background_attribution),
	KUNIT_CASE(sim_background_mbw_max),
	KUNIT_CASE(sim_background_fills_portions),
	KUNIT_CASE(sim_memory_traffic),
	KUNIT_CASE(sim_counter_widths_and_overflow),
	KUNIT_CASE(sim_nrdy_after_config),
	KUNIT_CASE(sim_long_counter_tears),
	KUNIT_CASE(sim_esr_error_codes),
	KUNIT_CASE(sim_error_interrupt),
	KUNIT_CASE(sim_overflow_interrupt),
	KUNIT_CASE(sim_partid_narrowing),
	KUNIT_CASE(sim_power_down_loses_state),
	KUNIT_CASE(sim_checks_access_context),
	KUNIT_CASE(sim_irqoff_run_ends_with_irqs_on),
	KUNIT_CASE(sim_counts_mmio),
	KUNIT_CASE(sim_rejects_impossible_descriptions),
	{}
};

static struct kunit_suite mpam_sim_suite = {
	.name = "mpam_sim",
	.test_cases = mpam_sim_cases,
};

kunit_test_suite(mpam_sim_suite);
