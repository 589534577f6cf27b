// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fuzzing of the ACPI MPAM table parser: 5,000 mutations of valid
 * tables from a fixed seed.  Each mutated table is copied into a buffer of
 * exactly the length its header claims (as firmware maps it), so KASAN
 * sees any read past its end.  The parser must never crash, every refusal
 * must carry an errno the parser documents and a message, and a table it
 * accepts must describe MSCs that the rest of the driver can use.
 */

#include <kunit/test.h>
#include <linux/acpi.h>
#include <linux/arm_mpam.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mpam_fail_nth_test.h"

#define FUZZ_SEED	0x4d50414dULL	/* "MPAM" */
#define FUZZ_TABLES	5000
#define FUZZ_MAX	1024

/* Cache ids 0 and 2 are L3s, PXMs 0 and 1 have nodes, container 7 CPU 1. */
static int fuzz_cache_level(u32 cache_id)
{
	return cache_id == 0 || cache_id == 2 ? 3 : -ENOENT;
}

static int fuzz_cache_cpus(u32 cache_id, cpumask_t *cpus)
{
	cpumask_clear(cpus);
	cpumask_set_cpu(0, cpus);
	return 0;
}

static int fuzz_pxm_to_node(u32 pxm)
{
	return pxm <= 1 ? pxm : NUMA_NO_NODE;
}

static void fuzz_node_cpus(int node, cpumask_t *cpus)
{
	cpumask_clear(cpus);
	cpumask_set_cpu(0, cpus);
}

static void fuzz_container_cpus(u32 uid, cpumask_t *cpus)
{
	cpumask_clear(cpus);
	if (uid == 7)
		cpumask_set_cpu(1, cpus);
}

static const struct acpi_mpam_lookup_ops fuzz_ops = {
	.cache_level = fuzz_cache_level,
	.cache_cpus = fuzz_cache_cpus,
	.pxm_to_node = fuzz_pxm_to_node,
	.node_cpus = fuzz_node_cpus,
	.container_cpus = fuzz_container_cpus,
};

struct fuzz_tbl {
	u8	buf[FUZZ_MAX];
	u32	len;
	u32	msc_off;
};

static struct acpi_table_header *fuzz_hdr(struct fuzz_tbl *t)
{
	return (struct acpi_table_header *)t->buf;
}

static struct acpi_mpam_msc_node *fuzz_msc(struct fuzz_tbl *t)
{
	return (struct acpi_mpam_msc_node *)(t->buf + t->msc_off);
}

static void fuzz_add_msc(struct fuzz_tbl *t, u32 id, u64 base)
{
	struct acpi_mpam_msc_node *msc;

	t->msc_off = t->len;
	msc = fuzz_msc(t);
	msc->length = sizeof(*msc);
	msc->identifier = id;
	msc->base_address = base;
	msc->mmio_size = 0x4000;
	msc->error_interrupt = 232 + id;
	msc->max_nrdy_usec = 10;
	t->len += sizeof(*msc);
}

static void fuzz_add_res(struct fuzz_tbl *t, u8 ris, u8 type, u64 ref, u32 deps)
{
	struct acpi_mpam_resource_node *res = (void *)(t->buf + t->len);
	u32 len = sizeof(*res) + deps * sizeof(struct acpi_mpam_func_deps);

	res->ris_index = ris;
	res->locator_type = type;
	res->locator.generic_locator.descriptor1 = ref;
	res->num_functional_deps = deps;
	t->len += len;
	fuzz_msc(t)->length += len;
	fuzz_msc(t)->num_resource_nodes++;
}

/* One of three valid shapes, picked by @shape. */
static void fuzz_valid_table(struct fuzz_tbl *t, u32 shape)
{
	memset(t, 0, sizeof(*t));
	memcpy(fuzz_hdr(t)->signature, ACPI_SIG_MPAM, 4);
	fuzz_hdr(t)->revision = 1;
	t->len = sizeof(struct acpi_table_header);
	fuzz_add_msc(t, 0, 0xb000000);
	fuzz_add_res(t, 0, ACPI_MPAM_LOCATION_TYPE_PROCESSOR_CACHE, 0, 0);
	if (shape >= 1) {
		fuzz_add_msc(t, 1, 0xb010000);
		fuzz_add_res(t, 0, ACPI_MPAM_LOCATION_TYPE_PROCESSOR_CACHE, 2, 1);
		fuzz_add_res(t, 1, ACPI_MPAM_LOCATION_TYPE_MEMORY, 1, 0);
	}
	if (shape >= 2) {
		fuzz_add_msc(t, 2, 0xb020000);
		fuzz_add_res(t, 0, ACPI_MPAM_LOCATION_TYPE_MEMORY, 0, 2);
		fuzz_add_res(t, 3, ACPI_MPAM_LOCATION_TYPE_SMMU, 5, 0);
	}
	fuzz_hdr(t)->length = t->len;
}

/* Values at the edges of what a field holds. */
static const u64 fuzz_edges[] = {
	0, 1, 2, 3, 7, 15, 16, 17, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000,
	0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x100000000ULL,
	0xfffffffffffff000ULL, ~0ULL,
};

/*
 * Mutate @t with 1-8 of: a random byte, an edge value of 1/2/4/8 bytes at
 * a random offset, a shorter or longer table length, a swap of two bytes.
 * Returns the table length the header claims, capped to the buffer.
 */
static u32 fuzz_mutate(struct rnd_state *rs, struct fuzz_tbl *t)
{
	u32 n = 1 + prandom_u32_state(rs) % 8, i;
	struct acpi_table_header *h = fuzz_hdr(t);

	for (i = 0; i < n; i++) {
		u32 op = prandom_u32_state(rs) % 8;
		u32 off = prandom_u32_state(rs) % t->len;
		u64 v = fuzz_edges[prandom_u32_state(rs) % ARRAY_SIZE(fuzz_edges)];
		u32 w = 1 << (prandom_u32_state(rs) % 4);

		switch (op) {
		case 0:
		case 1:
			t->buf[off] = prandom_u32_state(rs);
			break;
		case 2:
		case 3:
		case 4:
			if (off + w <= FUZZ_MAX)
				memcpy(t->buf + off, &v, w);
			break;
		case 5:
			h->length = prandom_u32_state(rs) % (t->len + 1);
			break;
		case 6:
			h->length = t->len + prandom_u32_state(rs) % 64;
			break;
		default:
			swap(t->buf[off], t->buf[prandom_u32_state(rs) % t->len]);
			break;
		}
	}
	/* The header's own fields stay as mutated; the mapping is its length. */
	return min_t(u32, h->length, FUZZ_MAX);
}

/* What an accepted table must hold for the MSC driver. */
static void fuzz_check_accepted(struct kunit *test, struct acpi_mpam_parse *p, u32 i)
{
	unsigned int m, r;

	KUNIT_EXPECT_LE_MSG(test, p->nr_msc, ACPI_MPAM_MAX_MSC, "table %u", i);
	for (m = 0; m < p->nr_msc; m++) {
		struct acpi_mpam_msc *msc = &p->msc[m];

		KUNIT_EXPECT_NOT_NULL_MSG(test, msc->fw, "table %u MSC %u", i, m);
		if (!msc->fw)
			continue;
		KUNIT_EXPECT_GT_MSG(test, msc->size, 0, "table %u MSC %u", i, m);
		KUNIT_EXPECT_GE_MSG(test, msc->base + msc->size - 1, msc->base,
				    "table %u MSC %u wraps", i, m);
		KUNIT_EXPECT_GT_MSG(test, msc->fw->nr_ris, 0, "table %u MSC %u", i, m);
		for (r = 0; r < msc->fw->nr_ris; r++)
			KUNIT_EXPECT_LT_MSG(test, msc->fw->ris[r].ris_idx, 16,
					    "table %u MSC %u", i, m);
	}
}

static void acpi_fuzz_tables(struct kunit *test)
{
	struct fuzz_tbl *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct acpi_mpam_parse *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	unsigned int accepted = 0, einval = 0, eopnotsupp = 0, other = 0;
	unsigned int no_msg = 0;
	struct rnd_state rs;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, p);
	prandom_seed_state(&rs, FUZZ_SEED);
	for (i = 0; i < FUZZ_TABLES; i++) {
		u32 len;
		void *copy;
		int ret;

		fuzz_valid_table(t, i % 3);
		len = fuzz_mutate(&rs, t);
		/* At least the header: ACPI maps no less of a table. */
		len = max_t(u32, len, sizeof(struct acpi_table_header));
		copy = kmemdup(t->buf, len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, copy);
		memset(p, 0, sizeof(*p));
		ret = acpi_mpam_parse_table(copy, &fuzz_ops, p);
		if (ret >= 0) {
			accepted++;
			KUNIT_EXPECT_EQ_MSG(test, ret, p->nr_msc, "table %u", i);
			fuzz_check_accepted(test, p, i);
		} else {
			if (ret == -EINVAL)
				einval++;
			else if (ret == -EOPNOTSUPP)
				eopnotsupp++;
			else
				other++;
			KUNIT_EXPECT_TRUE_MSG(test, ret == -EINVAL || ret == -EOPNOTSUPP ||
					      ret == -ENOMEM,
					      "table %u: errno %d", i, ret);
			if (!p->why[0])
				no_msg++;
			KUNIT_EXPECT_NE_MSG(test, p->why[0], 0,
					    "table %u: refused (%d) without a message", i, ret);
		}
		acpi_mpam_free_parse(p);
		KUNIT_EXPECT_EQ_MSG(test, p->nr_msc, 0, "table %u", i);
		kfree(copy);
	}
	kunit_info(test, "CAMPAIGN: fuzz-acpi iterations=%u operations=%u faults=%u errors=%u accepted=%u refused_einval=%u refused_eopnotsupp=%u refused_other=%u\n",
		   FUZZ_TABLES, FUZZ_TABLES, FUZZ_TABLES, no_msg + other, accepted, einval,
		   eopnotsupp, other);
	/* The mutations must reach both outcomes, or they test nothing. */
	KUNIT_EXPECT_GT(test, accepted, 0);
	KUNIT_EXPECT_GT(test, einval, 0);
}

struct fuzz_parse_ctx {
	void			*table;
	struct acpi_mpam_parse	parse;
};

static int fuzz_parse_op(void *data)
{
	struct fuzz_parse_ctx *c = data;
	int ret;

	memset(&c->parse, 0, sizeof(c->parse));
	ret = acpi_mpam_parse_table(c->table, &fuzz_ops, &c->parse);
	if (ret < 0) {
		/* A refusal leaves the freeing to the caller, as at boot. */
		acpi_mpam_free_parse(&c->parse);
		return ret;
	}
	return 0;
}

static void fuzz_parse_undo(void *data)
{
	struct fuzz_parse_ctx *c = data;

	acpi_mpam_free_parse(&c->parse);
}

/*
 * Allocation failures while a valid table (three MSCs) is parsed: each
 * must be refused with -ENOMEM, or survived, and freed
 * (mpam_fail_nth_test.h; run by tests/vm/campaign-allocfail.sh).
 */
static void acpi_parse_alloc_failures(struct kunit *test)
{
	struct fuzz_tbl *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct fuzz_parse_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct mpam_fail_nth_sweep s;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, c);
	if (!mpam_fail_nth_ready(test))
		return;
	fuzz_valid_table(t, 2);
	c->table = t->buf;
	mpam_fail_nth_run(test, &s, fuzz_parse_op, fuzz_parse_undo, c);
	mpam_fail_nth_report(test, "allocfail-acpi", &s);
	/* At least the three MSCs' descriptions are allocated. */
	KUNIT_EXPECT_GE(test, s.points, 3);
}

static struct kunit_case mpam_alloc_fail_acpi_cases[] = {
	KUNIT_CASE(acpi_parse_alloc_failures),
	{}
};

static struct kunit_suite mpam_alloc_fail_acpi_suite = {
	.name = "mpam_alloc_fail_acpi",
	.test_cases = mpam_alloc_fail_acpi_cases,
};

static struct kunit_case mpam_acpi_fuzz_cases[] = {
	KUNIT_CASE_SLOW(acpi_fuzz_tables),
	{}
};

static struct kunit_suite mpam_acpi_fuzz_suite = {
	.name = "mpam_acpi_fuzz",
	.test_cases = mpam_acpi_fuzz_cases,
};

kunit_test_suites(&mpam_acpi_fuzz_suite, &mpam_alloc_fail_acpi_suite);
