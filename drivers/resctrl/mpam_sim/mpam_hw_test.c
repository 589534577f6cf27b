// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what the MSC core does about hardware that is not the
 * happy path: errata keyed by IIDR, each against mpam_sim's model of the
 * misbehaviour; the overflow interrupt; monitors all busy; an NRDY bit the
 * hardware does not manage.  Every test builds its own system of
 * simulated MSCs.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/irq_sim.h>
#include <linux/irqdomain.h>
#include <linux/kthread.h>
#include <linux/workqueue.h>

#include "../mpam_core.h"
#include "../mpam_regs.h"
#include "../mpam_sim.h"

/* A RIS with bandwidth controls and both kinds of monitor. */
static const struct mpam_sim_ris_desc hw_ris = {
	.partid_max = 15, .pmg_max = 3, .cpbm_wd = 8, .bwa_wd = 6,
	.has_mbw_min = true, .has_mbw_max = true, .num_csu_mon = 2,
	.num_mbwu_mon = 2, .mbwu_width = 31,
};

struct hw_test_msc {
	struct mpam_sim_msc	*sim;
	struct mpam_msc		*msc;
};

static void hw_free_msc(void *data)
{
	struct hw_test_msc *t = data;

	mpam_msc_free(t->msc);
	mpam_sim_msc_destroy(t->sim);
}

static void hw_teardown(void *sys)
{
	mpam_system_teardown(sys);
}

/* The simulated MSC behind @msc's first component's RIS. */
static struct mpam_sim_msc *hw_sim(struct mpam_comp *comp)
{
	return list_first_entry(&comp->ris, struct mpam_ris, comp_node)->msc->sim;
}

static struct mpam_msc *hw_msc(struct mpam_comp *comp)
{
	return list_first_entry(&comp->ris, struct mpam_ris, comp_node)->msc;
}

/*
 * A system of one MSC, one RIS of @hw (an L3 cache, id 0), reporting
 * @iidr from creation on, as a platform's MSC would.  @before, when set,
 * runs on the simulated MSC before the driver probes it (firmware's doing).
 */
static struct mpam_system *hw_system_fw(struct kunit *test, const struct mpam_sim_ris_desc *hw,
					u32 iidr, void (*before)(struct mpam_sim_msc *sim),
					struct mpam_comp **comp)
{
	struct mpam_sim_msc_desc *sd = kunit_kzalloc(test, sizeof(*sd), GFP_KERNEL);
	struct mpam_fw_msc *fw = kunit_kzalloc(test, struct_size(fw, ris, 1), GFP_KERNEL);
	struct hw_test_msc *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct mpam_system *sys = kunit_kzalloc(test, sizeof(*sys), GFP_KERNEL);
	static u32 next_id = 500;
	struct mpam_class *l3;

	KUNIT_ASSERT_TRUE(test, sd && fw && t && sys);
	sd->aidr = MPAM_AIDR_V1_0;
	sd->iidr = iidr;
	sd->has_esr = true;
	sd->nrdy_reads = 1;
	sd->nr_ris = 1;
	sd->ris[0] = *hw;
	fw->id = next_id++;
	fw->nrdy_usec = 5;
	fw->nr_ris = 1;
	fw->ris[0] = (struct mpam_fw_ris){ .type = MPAM_FW_RIS_CACHE, .level = 3 };
	cpumask_copy(&fw->ris[0].affinity, cpu_possible_mask);

	t->sim = mpam_sim_msc_create(sd);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->sim);
	if (before)
		before(t->sim);
	t->msc = mpam_msc_create(fw);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->msc);
	t->msc->sim = t->sim;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, hw_free_msc, t), 0);
	KUNIT_ASSERT_EQ(test, mpam_msc_read_features(t->msc), 0);

	mpam_system_init(sys);
	KUNIT_ASSERT_EQ(test, mpam_system_add_msc(sys, t->msc), 0);
	KUNIT_ASSERT_EQ(test, mpam_system_enable(sys, 63, 3), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, hw_teardown, sys), 0);
	l3 = mpam_system_find_class(sys, MPAM_FW_RIS_CACHE, 3);
	KUNIT_ASSERT_NOT_NULL(test, l3);
	*comp = list_first_entry(&l3->comps, struct mpam_comp, node);
	return sys;
}

static struct mpam_system *hw_system(struct kunit *test, const struct mpam_sim_ris_desc *hw,
				     u32 iidr, struct mpam_comp **comp)
{
	return hw_system_fw(test, hw, iidr, NULL, comp);
}

/* Expect the bandwidth controls of @partid in effect to be @min and @max. */
static void expect_mbw_in_effect(struct kunit *test, struct mpam_comp *comp, u16 partid,
				 u32 min, u32 max)
{
	u32 eff_min, eff_max;

	KUNIT_ASSERT_EQ(test, mpam_sim_mbw_in_effect(hw_sim(comp), 0, partid, &eff_min,
						     &eff_max), 0);
	KUNIT_EXPECT_EQ(test, eff_min, min);
	KUNIT_EXPECT_EQ(test, eff_max, max);
}

/* The T241's slices take a new control late; the spare writes make it effective. */
static void errata_t241_model(struct kunit *test)
{
	struct mpam_sim_msc_desc *sd = kunit_kzalloc(test, sizeof(*sd), GFP_KERNEL);
	struct mpam_sim_msc *sim;
	u32 min, max;
	u64 first;
	int s, looks = 0;
	bool agree;

	KUNIT_ASSERT_NOT_NULL(test, sd);
	sd->aidr = MPAM_AIDR_V1_0;
	sd->iidr = MPAM_IIDR_NVIDIA_T241;
	sd->nr_ris = 1;
	sd->ris[0] = hw_ris;
	sim = mpam_sim_msc_create(sd);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sim);

	preempt_disable();
	mpam_sim_write(sim, MPAMCFG_PART_SEL, FIELD_PREP(MPAMCFG_PART_SEL_PARTID_SEL, 3));
	mpam_sim_write(sim, MPAMCFG_MBW_MAX, 0x8000);
	preempt_enable();
	/* The register reads back the new value; the PARTID still has the old one. */
	KUNIT_EXPECT_EQ(test, mpam_sim_mbw_in_effect(sim, 0, 3, &min, &max), 0);
	KUNIT_EXPECT_NE(test, max, 0x8000);

	/* Spare writes before the slices agree change nothing. */
	mpam_sim_t241_write(sim, MPAM_T241_SPARE0, 0);
	mpam_sim_t241_write(sim, MPAM_T241_SPARE1, 0);
	KUNIT_EXPECT_EQ(test, mpam_sim_mbw_in_effect(sim, 0, 3, &min, &max), 0);
	KUNIT_EXPECT_NE(test, max, 0x8000);

	do {
		first = mpam_sim_t241_read(sim, MPAM_T241_SHADOW(0, 3));
		agree = true;
		for (s = 1; s < MPAM_T241_NR_SLICES; s++)
			agree &= mpam_sim_t241_read(sim, MPAM_T241_SHADOW(s, 3)) == first;
		looks++;
	} while (!agree && looks < 10);
	KUNIT_EXPECT_TRUE(test, agree);
	KUNIT_EXPECT_GT(test, looks, 1);	/* software has to look again */

	mpam_sim_t241_write(sim, MPAM_T241_SPARE0, 0);
	mpam_sim_t241_write(sim, MPAM_T241_SPARE1, 0);
	KUNIT_EXPECT_EQ(test, mpam_sim_mbw_in_effect(sim, 0, 3, &min, &max), 0);
	KUNIT_EXPECT_EQ(test, max, 0x8000);
	mpam_sim_msc_destroy(sim);
}

/* T241-MPAM-1: what the driver configures is what the PARTID gets. */
static void errata_t241_mbw_takes_effect(struct kunit *test)
{
	struct mpam_comp *comp;
	u16 step = BIT(16 - hw_ris.bwa_wd);	/* T241-MPAM-4's least MBW_MIN */

	hw_system(test, &hw_ris, MPAM_IIDR_NVIDIA_T241, &comp);

	/* The reset at enable took effect: no limit, the least minimum. */
	expect_mbw_in_effect(test, comp, 2, step, 0xfc00);

	KUNIT_ASSERT_EQ(test, mpam_comp_set_ctrl(comp, 2, MPAM_CTRL_MBW_MAX, 0x8000), 0);
	expect_mbw_in_effect(test, comp, 2, step, 0x8000);
	KUNIT_ASSERT_EQ(test, mpam_comp_set_ctrl(comp, 2, MPAM_CTRL_MBW_MIN, 0x4000), 0);
	expect_mbw_in_effect(test, comp, 2, 0x4000, 0x8000);
	/* Other PARTIDs keep theirs. */
	expect_mbw_in_effect(test, comp, 3, step, 0xfc00);

	/* A restore after power loss takes effect too. */
	mpam_sim_power_down(hw_sim(comp));
	KUNIT_ASSERT_EQ(test, mpam_msc_restore(hw_msc(comp), 15), 0);
	expect_mbw_in_effect(test, comp, 2, 0x4000, 0x8000);
}

/* CMN-650 #3642720: a CSU monitor whose NRDY never clears still reads its value. */
static void errata_cmn650_csu_nrdy(struct kunit *test)
{
	struct mpam_system *sys;
	struct mpam_comp *comp;
	u64 bytes;
	int mon;

	sys = hw_system(test, &hw_ris, MPAM_IIDR_ARM_CMN_650, &comp);
	mon = mpam_class_mon_alloc(sys, comp->class, MPAM_MON_CSU);
	KUNIT_ASSERT_GE(test, mon, 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_CSU, mon, 4, 1), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(hw_sim(comp), 0, 4, 1, 65536), 0);
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_CSU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 65536);

	/* Bandwidth monitors are not affected: their NRDY clears. */
	mon = mpam_class_mon_alloc(sys, comp->class, MPAM_MON_MBWU);
	KUNIT_ASSERT_GE(test, mon, 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, mon, 4, 1), 0);
	mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, 4096);
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 4096);
	mpam_sim_set_nrdy_stuck(hw_sim(comp), true);
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), -EIO);
	mpam_sim_set_nrdy_stuck(hw_sim(comp), false);
}

/* Another revision of the CMN-650 is not affected: a stuck NRDY is an error there. */
static void errata_cmn650_other_revision(struct kunit *test)
{
	struct mpam_system *sys;
	struct mpam_comp *comp;
	u64 bytes;
	int mon;

	sys = hw_system(test, &hw_ris, MPAM_IIDR_ARM_CMN_650 | FIELD_PREP(MPAMF_IIDR_REVISION, 1),
			&comp);
	mon = mpam_class_mon_alloc(sys, comp->class, MPAM_MON_CSU);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_CSU, mon, 4, 1), 0);
	mpam_sim_set_nrdy_stuck(hw_sim(comp), true);
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_CSU, mon, &bytes), -EIO);
	mpam_sim_set_nrdy_stuck(hw_sim(comp), false);
}

/* An overflow interrupt on irq_sim, requested by the driver for @msc. */
struct hw_test_irq {
	struct device		*dev;
	struct mpam_msc		*msc;
	struct irq_domain	*domain;
	int			irq;
};

static void hw_irq_free(void *data)
{
	struct hw_test_irq *t = data;

	mpam_msc_free_irqs(t->dev, t->msc);
	irq_dispose_mapping(t->irq);
	irq_domain_remove_sim(t->domain);
}

static void hw_irq_request(struct kunit *test, struct mpam_msc *msc)
{
	struct hw_test_irq *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->dev = kunit_device_register(test, "mpam_hw_test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dev);
	t->msc = msc;
	t->domain = irq_domain_create_sim(NULL, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->domain);
	t->irq = irq_create_mapping(t->domain, 0);
	KUNIT_ASSERT_GT(test, t->irq, 0);
	KUNIT_ASSERT_EQ(test, mpam_msc_request_irqs(t->dev, msc, 0, t->irq), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, hw_irq_free, t), 0);
}

/* MSMON_CFG_MBWU_CTL of RIS 0's monitor @mon, read as the driver would. */
static u32 sim_mbwu_ctl(struct mpam_sim_msc *sim, int mon)
{
	u32 ctl;

	preempt_disable();
	mpam_sim_write(sim, MSMON_CFG_MON_SEL, FIELD_PREP(MSMON_CFG_MON_SEL_MON_SEL, mon));
	ctl = mpam_sim_read(sim, MSMON_CFG_MBWU_CTL);
	preempt_enable();
	return ctl;
}

/* Wait (up to a second) for the overflow interrupt to have accounted @n wraps. */
static bool hw_wait_overflows(struct mpam_msc *msc, u64 n)
{
	int i;

	for (i = 0; i < 1000 && READ_ONCE(msc->overflows) < n; i++)
		usleep_range(1000, 2000);
	return READ_ONCE(msc->overflows) == n;
}

static const struct mpam_sim_ris_desc short_ris = {
	.partid_max = 15, .pmg_max = 3, .num_mbwu_mon = 2, .mbwu_width = 31,
};

/*
 * The MBWU monitor of the test's interrupt cases: one component of @hw,
 * the MSC's interrupts requested, the monitor counting PARTID 4 PMG 1.
 */
static int hw_irq_mbwu_mon(struct kunit *test, const struct mpam_sim_ris_desc *hw,
			   struct mpam_comp **comp)
{
	struct mpam_system *sys = hw_system(test, hw, 0, comp);
	int mon;

	hw_irq_request(test, hw_msc(*comp));
	mon = mpam_class_mon_alloc(sys, (*comp)->class, MPAM_MON_MBWU);
	KUNIT_ASSERT_GE(test, mon, 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(*comp, MPAM_MON_MBWU, mon, 4, 1), 0);
	return mon;
}

/* A 31-bit counter that wraps twice between two reads is still exact. */
static void overflow_irq_two_wraps(struct kunit *test)
{
	const u64 wrap = BIT_ULL(31);
	struct mpam_sim_stats before, after;
	struct mpam_comp *comp;
	u64 bytes;
	int mon;

	mon = hw_irq_mbwu_mon(test, &short_ris, &comp);

	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, wrap - 100), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, wrap - 100);

	/* First wrap; the interrupt accounts it. */
	mpam_sim_get_stats(hw_sim(comp), &before);
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, 200), 0);
	KUNIT_EXPECT_TRUE(test, hw_wait_overflows(hw_msc(comp), 1));
	mpam_sim_get_stats(hw_sim(comp), &after);
	/* MON_SEL and CTL per monitor, the counter and the status clear for the one. */
	KUNIT_EXPECT_LE(test, (after.reads + after.writes) - (before.reads + before.writes),
			2 * short_ris.num_mbwu_mon + 2);
	/* Second wrap, a whole counter's worth, then a little more. */
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, wrap), 0);
	KUNIT_EXPECT_TRUE(test, hw_wait_overflows(hw_msc(comp), 2));
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, 50), 0);

	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, wrap - 100 + 200 + wrap + 50);
}

/*
 * A wrap signalled while the counter is not ready: the handler clears the
 * status (no re-fire) and the wrap is added later, by the next read or by
 * the next interrupt that finds the counter ready.
 */
static void overflow_irq_not_ready(struct kunit *test)
{
	const u64 wrap = BIT_ULL(31);
	struct mpam_comp *comp;
	u64 bytes;
	int mon;

	mon = hw_irq_mbwu_mon(test, &short_ris, &comp);
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, wrap - 100), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);

	/* Not ready at the interrupt: the status is cleared, the next read adds the wrap. */
	mpam_sim_set_nrdy_stuck(hw_sim(comp), true);
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, 200), 0);
	KUNIT_EXPECT_TRUE(test, hw_wait_overflows(hw_msc(comp), 1));
	KUNIT_EXPECT_FALSE(test, sim_mbwu_ctl(hw_sim(comp), mon) & MSMON_CFG_CTL_OFLOW_STATUS);
	mpam_sim_set_nrdy_stuck(hw_sim(comp), false);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, wrap + 100);

	/* A whole wrap unseen, then one seen ready: that interrupt adds both. */
	mpam_sim_set_nrdy_stuck(hw_sim(comp), true);
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, wrap), 0);
	KUNIT_EXPECT_TRUE(test, hw_wait_overflows(hw_msc(comp), 2));
	mpam_sim_set_nrdy_stuck(hw_sim(comp), false);
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, wrap), 0);
	KUNIT_EXPECT_TRUE(test, hw_wait_overflows(hw_msc(comp), 3));
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, 50), 0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 3 * wrap + 150);
}

static const struct mpam_sim_ris_desc long_ris = {
	.partid_max = 15, .pmg_max = 3, .num_mbwu_mon = 2, .mbwu_width = 44,
};

/*
 * A 44-bit counter interrupts when it wraps (OFLOW_INTR_L), not each time
 * its 31-bit view does (OFLOW_INTR), and the handler leaves no status set.
 */
static void overflow_irq_long(struct kunit *test)
{
	const u64 wrap = BIT_ULL(44);
	struct mpam_sim_stats before, after;
	struct mpam_comp *comp;
	u64 bytes;
	int mon;

	mon = hw_irq_mbwu_mon(test, &long_ris, &comp);

	/* The 31-bit view wraps twice: no interrupt. */
	mpam_sim_get_stats(hw_sim(comp), &before);
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, BIT_ULL(31) + 5), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, BIT_ULL(31)), 0);
	mpam_sim_get_stats(hw_sim(comp), &after);
	KUNIT_EXPECT_EQ(test, after.overflow_irqs, before.overflow_irqs);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, BIT_ULL(32) + 5);

	/* The long counter wraps: one interrupt, accounted, both statuses clear. */
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, wrap - 10), 0);
	KUNIT_EXPECT_TRUE(test, hw_wait_overflows(hw_msc(comp), 1));
	mpam_sim_get_stats(hw_sim(comp), &after);
	KUNIT_EXPECT_EQ(test, after.overflow_irqs, before.overflow_irqs + 1);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, BIT_ULL(32) + 5 + wrap - 10);
	/* Behind the driver's back, with its selection left as it was. */
	KUNIT_EXPECT_EQ(test, sim_mbwu_ctl(hw_sim(comp), mon) &
			(MSMON_CFG_CTL_OFLOW_STATUS | MSMON_CFG_CTL_OFLOW_STATUS_L), 0);
}

/* Without an overflow interrupt, monitors do not ask for one. */
static void overflow_irq_none(struct kunit *test)
{
	struct mpam_system *sys;
	struct mpam_comp *comp;
	u64 bytes;
	int mon;

	sys = hw_system(test, &short_ris, 0, &comp);
	mon = mpam_class_mon_alloc(sys, comp->class, MPAM_MON_MBWU);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_MBWU, mon, 4, 1), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, BIT_ULL(31) - 100),
			0);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_add_bytes(hw_sim(comp), 0, 4, 1, false, 107), 0);
	/* The status is the next read's to see, not an interrupt handler's. */
	KUNIT_EXPECT_EQ(test, mpam_msc_handle_overflow(hw_msc(comp)), 0);
	/* One wrap to below the last value is still corrected at read. */
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_MBWU, mon, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, BIT_ULL(31) + 7);
}

struct hw_waiter {
	struct mpam_system	*sys;
	struct mpam_class	*class;
	struct completion	done;
	struct delayed_work	free_work;
	int			held;
	bool			freed;
	int			idx;
};

static int hw_waiter_fn(void *data)
{
	struct hw_waiter *w = data;

	w->idx = mpam_class_mon_alloc_wait(w->sys, w->class, MPAM_MON_CSU);
	complete(&w->done);
	return 0;
}

static void hw_waiter_free_fn(struct work_struct *work)
{
	struct hw_waiter *w = container_of(work, struct hw_waiter, free_work.work);

	WRITE_ONCE(w->freed, true);
	mpam_class_mon_free(w->sys, w->class, MPAM_MON_CSU, w->held);
}

/* Every CSU monitor of @w's class allocated, into @held. */
static void hw_waiter_setup(struct kunit *test, struct hw_waiter *w, int *held, int nr)
{
	struct mpam_comp *comp;
	int i;

	w->sys = hw_system(test, &hw_ris, 0, &comp);
	w->class = comp->class;
	for (i = 0; i < nr; i++) {
		held[i] = mpam_class_mon_alloc(w->sys, w->class, MPAM_MON_CSU);
		KUNIT_ASSERT_GE(test, held[i], 0);
	}
	KUNIT_EXPECT_EQ(test, mpam_class_mon_alloc(w->sys, w->class, MPAM_MON_CSU), -ENOSPC);
}

/* Every CSU monitor busy: an allocation that may sleep takes one freed within the bound. */
static void mon_alloc_waits(struct kunit *test)
{
	struct hw_waiter *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	int held[2];

	KUNIT_ASSERT_NOT_NULL(test, w);
	hw_waiter_setup(test, w, held, ARRAY_SIZE(held));
	/* Freed a jiffy from now, well within MPAM_MON_WAIT_MSEC, while this waits. */
	w->held = held[1];
	INIT_DELAYED_WORK(&w->free_work, hw_waiter_free_fn);
	schedule_delayed_work(&w->free_work, 1);
	w->idx = mpam_class_mon_alloc_wait(w->sys, w->class, MPAM_MON_CSU);
	flush_delayed_work(&w->free_work);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(w->freed));
	KUNIT_EXPECT_EQ(test, w->idx, held[1]);
	if (w->idx >= 0)
		mpam_class_mon_free(w->sys, w->class, MPAM_MON_CSU, w->idx);
	mpam_class_mon_free(w->sys, w->class, MPAM_MON_CSU, held[0]);
}

/*
 * None freed: the wait ends after MPAM_MON_WAIT_MSEC with -ENOSPC, as
 * fs/resctrl's callers hold rdtgroup_mutex and nothing else would end it.
 */
static void mon_alloc_wait_bounded(struct kunit *test)
{
	struct hw_waiter *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct task_struct *task;
	unsigned long start;
	int held[2], i;
	bool ended;

	KUNIT_ASSERT_NOT_NULL(test, w);
	hw_waiter_setup(test, w, held, ARRAY_SIZE(held));
	init_completion(&w->done);
	start = jiffies;
	task = kthread_run(hw_waiter_fn, w, "mpam_hw_test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, task);
	ended = wait_for_completion_timeout(&w->done, HZ);
	KUNIT_EXPECT_TRUE(test, ended);
	if (ended) {
		KUNIT_EXPECT_EQ(test, w->idx, -ENOSPC);
		KUNIT_EXPECT_GE(test, jiffies - start, msecs_to_jiffies(MPAM_MON_WAIT_MSEC));
	}
	for (i = 0; i < ARRAY_SIZE(held); i++)
		mpam_class_mon_free(w->sys, w->class, MPAM_MON_CSU, held[i]);
	/* An unbounded waiter gets a monitor now: let it finish before w goes. */
	if (!ended) {
		wait_for_completion(&w->done);
		if (w->idx >= 0)
			mpam_class_mon_free(w->sys, w->class, MPAM_MON_CSU, w->idx);
	}
}

/* A disabled system, or a class without the monitor type, fails at once. */
static void mon_alloc_wait_gives_up(struct kunit *test)
{
	struct mpam_system *sys;
	struct mpam_comp *comp;
	int i;

	sys = hw_system(test, &short_ris, 0, &comp);
	KUNIT_EXPECT_EQ(test, mpam_class_mon_alloc_wait(sys, comp->class, MPAM_MON_CSU), -ENOSPC);
	for (i = 0; i < short_ris.num_mbwu_mon; i++)
		KUNIT_EXPECT_EQ(test, mpam_class_mon_alloc(sys, comp->class, MPAM_MON_MBWU), i);
	KUNIT_EXPECT_EQ(test, mpam_system_release_monitors(sys), short_ris.num_mbwu_mon);
	KUNIT_EXPECT_EQ(test, mpam_class_mon_alloc_wait(sys, comp->class, MPAM_MON_MBWU), -ENOSPC);
}

static const struct mpam_sim_ris_desc sw_nrdy_ris = {
	.partid_max = 15, .pmg_max = 3, .num_csu_mon = 2, .csu_nrdy_sw = true,
};

/* Firmware left NRDY set in monitor 1, whose NRDY bit is software's. */
static void leave_nrdy_set(struct mpam_sim_msc *sim)
{
	preempt_disable();
	mpam_sim_write(sim, MSMON_CFG_MON_SEL, FIELD_PREP(MSMON_CFG_MON_SEL_MON_SEL, 1));
	mpam_sim_write(sim, MSMON_CSU, MSMON_NRDY);
	preempt_enable();
}

/* An NRDY bit the hardware does not manage is probed, and ignored. */
static void nrdy_software_bit_ignored(struct kunit *test)
{
	struct mpam_system *sys;
	struct mpam_comp *comp;
	u64 bytes;

	sys = hw_system_fw(test, &sw_nrdy_ris, 0, leave_nrdy_set, &comp);
	KUNIT_EXPECT_TRUE(test, list_first_entry(&comp->ris, struct mpam_ris,
						 comp_node)->csu_nrdy_sw);
	KUNIT_ASSERT_EQ(test, mpam_class_mon_alloc(sys, comp->class, MPAM_MON_CSU), 0);
	KUNIT_ASSERT_EQ(test, mpam_class_mon_alloc(sys, comp->class, MPAM_MON_CSU), 1);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_CSU, 1, 2, 0), 0);
	KUNIT_ASSERT_EQ(test, mpam_sim_set_occupancy(hw_sim(comp), 0, 2, 0, 8192), 0);
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_CSU, 1, &bytes), 0);
	KUNIT_EXPECT_EQ(test, bytes, 8192);
}

/* Hardware that manages NRDY is recognised: a not-ready monitor is waited for. */
static void nrdy_hardware_bit_kept(struct kunit *test)
{
	struct mpam_system *sys;
	struct mpam_comp *comp;
	u64 bytes;
	int mon;

	sys = hw_system(test, &hw_ris, 0, &comp);
	KUNIT_EXPECT_FALSE(test, list_first_entry(&comp->ris, struct mpam_ris,
						  comp_node)->csu_nrdy_sw);
	mon = mpam_class_mon_alloc(sys, comp->class, MPAM_MON_CSU);
	KUNIT_ASSERT_EQ(test, mpam_comp_mon_config(comp, MPAM_MON_CSU, mon, 2, 0), 0);
	mpam_sim_set_nrdy_stuck(hw_sim(comp), true);
	KUNIT_EXPECT_EQ(test, mpam_comp_mon_read(comp, MPAM_MON_CSU, mon, &bytes), -EIO);
	mpam_sim_set_nrdy_stuck(hw_sim(comp), false);
}

static struct kunit_case mpam_errata_cases[] = {
	KUNIT_CASE(errata_t241_model),
	KUNIT_CASE(errata_t241_mbw_takes_effect),
	KUNIT_CASE(errata_cmn650_csu_nrdy),
	KUNIT_CASE(errata_cmn650_other_revision),
	{}
};

static struct kunit_case mpam_hw_mon_cases[] = {
	KUNIT_CASE(overflow_irq_two_wraps),
	KUNIT_CASE(overflow_irq_long),
	KUNIT_CASE(overflow_irq_not_ready),
	KUNIT_CASE(overflow_irq_none),
	KUNIT_CASE(mon_alloc_waits),
	KUNIT_CASE(mon_alloc_wait_bounded),
	KUNIT_CASE(mon_alloc_wait_gives_up),
	KUNIT_CASE(nrdy_software_bit_ignored),
	KUNIT_CASE(nrdy_hardware_bit_kept),
	{}
};

static struct kunit_suite mpam_errata_suite = {
	.name = "mpam_errata",
	.test_cases = mpam_errata_cases,
};

static struct kunit_suite mpam_hw_mon_suite = {
	.name = "mpam_hw_mon",
	.test_cases = mpam_hw_mon_cases,
};

kunit_test_suites(&mpam_errata_suite, &mpam_hw_mon_suite);
