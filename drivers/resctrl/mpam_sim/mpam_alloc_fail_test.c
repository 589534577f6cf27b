// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: allocation failures while MSCs are probed and MPAM is enabled.
 * Every fault-injection point of probing two simulated MSCs (an L3 and a
 * memory controller), reading their features and enabling the system is
 * made to fail in turn (mpam_fail_nth_test.h).  Each failure must give
 * -ENOMEM, and the error paths must free what they took: the debug
 * kernel's kmemleak scan after tests/vm/campaign-allocfail.sh, which runs
 * this suite with the sweeps armed, finds anything they lose.
 */

#include <kunit/test.h>

#include "../mpam_core.h"
#include "../mpam_fail_nth_test.h"
#include "../mpam_regs.h"
#include "../mpam_sim.h"

static const struct mpam_sim_ris_desc af_l3 = {
	.partid_max = 31, .pmg_max = 3, .cpbm_wd = 12, .num_csu_mon = 2,
	.num_mbwu_mon = 4, .mbwu_width = 44,
};

static const struct mpam_sim_ris_desc af_mem = {
	.partid_max = 63, .pmg_max = 1, .bwa_wd = 6, .has_mbw_max = true,
	.num_mbwu_mon = 2, .mbwu_width = 31,
};

#define AF_NR_MSC	2

struct af_ctx {
	struct mpam_system	sys;
	struct mpam_sim_msc	*sim[AF_NR_MSC];
	struct mpam_msc		*msc[AF_NR_MSC];
	struct mpam_fw_msc	*fw[AF_NR_MSC];
	struct mpam_sim_msc_desc sd[AF_NR_MSC];
};

static void af_free_mscs(struct af_ctx *c)
{
	unsigned int i;

	for (i = 0; i < AF_NR_MSC; i++) {
		if (c->msc[i])
			mpam_msc_free(c->msc[i]);
		if (c->sim[i])
			mpam_sim_msc_destroy(c->sim[i]);
		c->msc[i] = NULL;
		c->sim[i] = NULL;
	}
}

/* Probe one MSC the way the platform driver does, on its simulated twin. */
static int af_probe_one(struct af_ctx *c, unsigned int i)
{
	struct mpam_sim_msc *sim;
	int err;

	sim = mpam_sim_msc_create(&c->sd[i]);
	if (IS_ERR(sim))
		return PTR_ERR(sim);
	c->sim[i] = sim;
	c->msc[i] = mpam_msc_create(c->fw[i]);
	if (IS_ERR(c->msc[i])) {
		err = PTR_ERR(c->msc[i]);
		c->msc[i] = NULL;
		return err;
	}
	c->msc[i]->sim = sim;
	err = mpam_msc_read_features(c->msc[i]);
	return err ?: mpam_system_add_msc(&c->sys, c->msc[i]);
}

static int af_probe_and_enable(void *ctx)
{
	struct af_ctx *c = ctx;
	unsigned int i;
	int err = 0;

	mpam_system_init(&c->sys);
	for (i = 0; i < AF_NR_MSC && !err; i++)
		err = af_probe_one(c, i);
	err = err ?: mpam_system_enable(&c->sys, 15, 1);
	if (err) {
		mpam_system_teardown(&c->sys);
		af_free_mscs(c);
	}
	return err;
}

static void af_teardown(void *ctx)
{
	struct af_ctx *c = ctx;

	mpam_system_teardown(&c->sys);
	af_free_mscs(c);
}

static struct mpam_fw_msc *af_fw(struct kunit *test, u32 id, enum mpam_fw_ris_type type,
				 u8 level)
{
	struct mpam_fw_msc *fw = kunit_kzalloc(test, struct_size(fw, ris, 1), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fw);
	fw->id = id;
	fw->nrdy_usec = 5;
	fw->nr_ris = 1;
	fw->ris[0].type = type;
	fw->ris[0].level = level;
	cpumask_copy(&fw->ris[0].affinity, cpu_possible_mask);
	return fw;
}

static void alloc_fail_probe_enable(struct kunit *test)
{
	struct af_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct mpam_fail_nth_sweep s;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	if (!mpam_fail_nth_ready(test))
		return;
	for (i = 0; i < AF_NR_MSC; i++) {
		c->sd[i].aidr = MPAM_AIDR_V1_0;
		c->sd[i].has_esr = true;
		c->sd[i].nrdy_reads = 1;
		c->sd[i].nr_ris = 1;
		c->sd[i].ris[0] = i ? af_mem : af_l3;
	}
	c->fw[0] = af_fw(test, 200, MPAM_FW_RIS_CACHE, 3);
	c->fw[1] = af_fw(test, 201, MPAM_FW_RIS_MEMORY, 0);

	mpam_fail_nth_run(test, &s, af_probe_and_enable, af_teardown, c);
	mpam_fail_nth_report(test, "allocfail-probe", &s);
	/* Probing and enabling allocate: a sweep that reached none tests nothing. */
	KUNIT_EXPECT_GT(test, s.points, 5);
}

static struct kunit_case mpam_alloc_fail_cases[] = {
	KUNIT_CASE(alloc_fail_probe_enable),
	{}
};

static struct kunit_suite mpam_alloc_fail_suite = {
	.name = "mpam_alloc_fail",
	.test_cases = mpam_alloc_fail_cases,
};

kunit_test_suite(mpam_alloc_fail_suite);
