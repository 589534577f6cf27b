// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the ACPI MPAM table parser: good tables and a corpus of
 * malformed ones, each with the errno and message it must give.  The PPTT
 * and NUMA lookups are the test's own.
 */

#include <kunit/test.h>
#include <linux/acpi.h>
#include <linux/arm_mpam.h>
#include <linux/string.h>

#define TABLE_MAX	1024

/* Cache ids 0 (L3, CPUs 0-1) and 2 (L3, CPUs 2-3); PXMs 0 and 1. */
static int test_cache_level(u32 cache_id)
{
	return cache_id == 0 || cache_id == 2 ? 3 : -ENOENT;
}

static int test_cache_cpus(u32 cache_id, cpumask_t *cpus)
{
	cpumask_clear(cpus);
	cpumask_set_cpu(0, cpus);
	return 0;
}

static int test_pxm_to_node(u32 pxm)
{
	return pxm <= 1 ? pxm : NUMA_NO_NODE;
}

static void test_node_cpus(int node, cpumask_t *cpus)
{
	cpumask_clear(cpus);
	cpumask_set_cpu(0, cpus);
}

/*
 * Processor container 7 holds the last possible CPU, which exists even
 * where the tests boot with a single CPU (kunit.py's QEMU does); no other
 * container exists.
 */
static void test_container_cpus(u32 uid, cpumask_t *cpus)
{
	cpumask_clear(cpus);
	if (uid == 7)
		cpumask_set_cpu(cpumask_last(cpu_possible_mask), cpus);
}

static const struct acpi_mpam_lookup_ops test_ops = {
	.cache_level = test_cache_level,
	.cache_cpus = test_cache_cpus,
	.pxm_to_node = test_pxm_to_node,
	.node_cpus = test_node_cpus,
	.container_cpus = test_container_cpus,
};

/* A table under construction. */
struct tbl {
	u8	buf[TABLE_MAX];
	u32	len;
	u32	msc_off;	/* the MSC node being filled */
};

static struct acpi_table_header *tbl_header(struct tbl *t)
{
	return (struct acpi_table_header *)t->buf;
}

static void tbl_init(struct tbl *t, u8 revision)
{
	memset(t, 0, sizeof(*t));
	memcpy(tbl_header(t)->signature, ACPI_SIG_MPAM, 4);
	tbl_header(t)->revision = revision;
	t->len = sizeof(struct acpi_table_header);
	tbl_header(t)->length = t->len;
}

static struct acpi_mpam_msc_node *tbl_msc(struct tbl *t)
{
	return (struct acpi_mpam_msc_node *)(t->buf + t->msc_off);
}

/* Link the MSC being filled to processor container @uid. */
static void tbl_link_container(struct tbl *t, u32 uid)
{
	u64 hid;

	memcpy(&hid, "ACPI0010", sizeof(hid));
	tbl_msc(t)->hardware_id_linked_device = hid;
	tbl_msc(t)->instance_id_linked_device = uid;
}

static void tbl_add_msc(struct tbl *t, u32 id, u64 base, u32 size)
{
	struct acpi_mpam_msc_node *msc;

	t->msc_off = t->len;
	msc = tbl_msc(t);
	msc->length = sizeof(*msc);
	msc->identifier = id;
	msc->base_address = base;
	msc->mmio_size = size;
	msc->error_interrupt = 232;
	msc->max_nrdy_usec = 10;
	t->len += sizeof(*msc);
	tbl_header(t)->length = t->len;
}

static void tbl_add_res(struct tbl *t, u8 ris, u8 type, u64 ref, u32 deps)
{
	struct acpi_mpam_resource_node *res = (void *)(t->buf + t->len);
	u32 len = sizeof(*res) + deps * sizeof(struct acpi_mpam_func_deps);

	res->ris_index = ris;
	res->locator_type = type;
	res->locator.generic_locator.descriptor1 = ref;
	res->num_functional_deps = deps;
	t->len += len;
	tbl_msc(t)->length += len;
	tbl_msc(t)->num_resource_nodes++;
	tbl_header(t)->length = t->len;
}

/* Two MSCs: an L3 with RIS 0, and a cache plus memory MSC. */
static void good_table(struct tbl *t)
{
	tbl_init(t, 1);
	tbl_add_msc(t, 10, 0xb000000, 0x4000);
	tbl_add_res(t, 0, ACPI_MPAM_LOCATION_TYPE_PROCESSOR_CACHE, 0, 0);
	tbl_add_msc(t, 11, 0xb010000, 0x4000);
	tbl_add_res(t, 0, ACPI_MPAM_LOCATION_TYPE_PROCESSOR_CACHE, 2, 1);
	tbl_add_res(t, 1, ACPI_MPAM_LOCATION_TYPE_MEMORY, 1, 0);
}

static int parse(struct kunit *test, struct tbl *t, struct acpi_mpam_parse **pp)
{
	struct acpi_mpam_parse *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, p);
	ret = acpi_mpam_parse_table(tbl_header(t), &test_ops, p);
	*pp = p;
	return ret;
}

static void acpi_good_table(struct kunit *test)
{
	struct tbl *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct acpi_mpam_parse *p;

	KUNIT_ASSERT_NOT_NULL(test, t);
	good_table(t);
	KUNIT_ASSERT_EQ(test, parse(test, t, &p), 2);
	KUNIT_EXPECT_EQ(test, p->msc[0].fw->id, 10);
	KUNIT_EXPECT_EQ(test, p->msc[0].base, 0xb000000);
	KUNIT_EXPECT_EQ(test, p->msc[0].size, 0x4000);
	KUNIT_EXPECT_EQ(test, p->msc[0].error_irq.gsi, 232);
	KUNIT_EXPECT_FALSE(test, p->msc[0].error_irq.edge);
	KUNIT_EXPECT_EQ(test, p->msc[0].overflow_irq.gsi, 0);
	KUNIT_EXPECT_EQ(test, p->msc[0].fw->nrdy_usec, 10);
	KUNIT_EXPECT_EQ(test, p->msc[0].fw->ris[0].type, MPAM_FW_RIS_CACHE);
	KUNIT_EXPECT_EQ(test, p->msc[0].fw->ris[0].level, 3);
	KUNIT_EXPECT_EQ(test, p->msc[1].fw->nr_ris, 2);
	KUNIT_EXPECT_EQ(test, p->msc[1].fw->ris[0].id, 2);
	KUNIT_EXPECT_EQ(test, p->msc[1].fw->ris[1].type, MPAM_FW_RIS_MEMORY);
	KUNIT_EXPECT_EQ(test, p->msc[1].fw->ris[1].id, 1);
	acpi_mpam_free_parse(p);
}

/*
 * An MSC linked to a processor container is reachable from its CPUs only;
 * one that is not, from every CPU.  A PPI is kept, as any wired interrupt:
 * the driver enables it on the CPUs that reach the MSC.
 */
static void acpi_container_and_ppi(struct kunit *test)
{
	struct tbl *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct acpi_mpam_parse *p;

	KUNIT_ASSERT_NOT_NULL(test, t);
	good_table(t);
	tbl_link_container(t, 7);
	tbl_msc(t)->overflow_interrupt = 23;	/* a PPI */
	KUNIT_ASSERT_EQ(test, parse(test, t, &p), 2);
	KUNIT_EXPECT_EQ(test, p->msc[1].overflow_irq.gsi, 23);
	acpi_mpam_free_parse(p);

	tbl_msc(t)->overflow_interrupt = 1060;	/* an extended PPI */
	KUNIT_ASSERT_EQ(test, parse(test, t, &p), 2);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(&p->msc[0].fw->accessible, cpu_possible_mask));
	KUNIT_EXPECT_EQ(test, cpumask_weight(&p->msc[1].fw->accessible), 1);
	KUNIT_EXPECT_TRUE(test, cpumask_test_cpu(cpumask_last(cpu_possible_mask),
						 &p->msc[1].fw->accessible));
	KUNIT_EXPECT_EQ(test, p->msc[1].error_irq.gsi, 232);
	KUNIT_EXPECT_EQ(test, p->msc[1].overflow_irq.gsi, 1060);
	acpi_mpam_free_parse(p);
}

static void acpi_disabled_and_other_nodes(struct kunit *test)
{
	struct tbl *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct acpi_mpam_parse *p;

	KUNIT_ASSERT_NOT_NULL(test, t);
	good_table(t);
	tbl_add_msc(t, 12, 0xb020000, 0);	/* mmio_size 0: disabled, skipped */
	tbl_add_res(t, 0, ACPI_MPAM_LOCATION_TYPE_MEMORY, 0, 0);
	tbl_add_msc(t, 13, 0xb030000, 0x4000);
	tbl_add_res(t, 0, ACPI_MPAM_LOCATION_TYPE_SMMU, 7, 0);
	KUNIT_ASSERT_EQ(test, parse(test, t, &p), 3);
	KUNIT_EXPECT_EQ(test, p->msc[2].fw->id, 13);
	KUNIT_EXPECT_EQ(test, p->msc[2].fw->ris[0].type, MPAM_FW_RIS_OTHER);
	acpi_mpam_free_parse(p);
}

/* A malformed table, the errno it must give and text its message must hold. */
struct bad_table {
	const char	*name;
	void		(*make)(struct tbl *t);
	int		err;
	const char	*why;
};

static void make_truncated_header(struct tbl *t)
{
	tbl_init(t, 1);
	tbl_header(t)->length = 20;
}

static void make_truncated_node(struct tbl *t)
{
	good_table(t);
	tbl_header(t)->length -= 80;	/* cuts into the second node's fixed part */
}

static void make_short_node(struct tbl *t)
{
	good_table(t);
	tbl_msc(t)->length = 40;
}

static void make_node_past_end(struct tbl *t)
{
	good_table(t);
	tbl_msc(t)->length += 100;
}

static void make_res_past_end(struct tbl *t)
{
	good_table(t);
	tbl_msc(t)->num_resource_nodes = 4;
}

static void make_deps_past_end(struct tbl *t)
{
	struct acpi_mpam_resource_node *res;

	good_table(t);
	res = (void *)((u8 *)tbl_msc(t) + sizeof(struct acpi_mpam_msc_node));
	res->num_functional_deps = 1000;
}

static void make_zero_resources(struct tbl *t)
{
	good_table(t);
	tbl_add_msc(t, 12, 0xb020000, 0x4000);
}

static void make_pcc(struct tbl *t)
{
	good_table(t);
	tbl_msc(t)->interface_type = 0x0a;
}

static void make_unknown_iface(struct tbl *t)
{
	good_table(t);
	tbl_msc(t)->interface_type = 0x03;
}

static void make_unknown_locator(struct tbl *t)
{
	good_table(t);
	tbl_add_res(t, 2, 0xff, 0, 0);
}

static void make_cache_not_in_pptt(struct tbl *t)
{
	good_table(t);
	tbl_add_res(t, 2, ACPI_MPAM_LOCATION_TYPE_PROCESSOR_CACHE, 5, 0);
}

static void make_pxm_without_node(struct tbl *t)
{
	good_table(t);
	tbl_add_res(t, 2, ACPI_MPAM_LOCATION_TYPE_MEMORY, 9, 0);
}

static void make_duplicate_id(struct tbl *t)
{
	good_table(t);
	tbl_msc(t)->identifier = 10;
}

static void make_overlap(struct tbl *t)
{
	good_table(t);
	tbl_msc(t)->base_address = 0xb002000;
}

/*
 * A frame whose end wraps past the top of the address space: its end,
 * wrapped, is 0xb001000, so a check of base + size would see a range below
 * MSC 10's end that starts above it, and find no overlap.
 */
static void make_wrapping_range(struct tbl *t)
{
	good_table(t);
	tbl_msc(t)->base_address = 0xfffffffffffff000ULL;
	tbl_msc(t)->mmio_size = 0xb002000;
}

static void make_duplicate_ris(struct tbl *t)
{
	good_table(t);
	tbl_add_res(t, 1, ACPI_MPAM_LOCATION_TYPE_MEMORY, 0, 0);
}

static void make_ris_out_of_range(struct tbl *t)
{
	good_table(t);
	tbl_add_res(t, 16, ACPI_MPAM_LOCATION_TYPE_MEMORY, 0, 0);
}

static void make_revision0(struct tbl *t)
{
	good_table(t);
	tbl_header(t)->revision = 0;
}

static void make_edge_not_wired(struct tbl *t)
{
	good_table(t);
	tbl_msc(t)->error_interrupt_flags = 0x2;	/* type 1: not wired */
}

static void make_empty_container(struct tbl *t)
{
	good_table(t);
	tbl_link_container(t, 8);
}

static const struct bad_table bad_tables[] = {
	{ "truncated header", make_truncated_header, -EINVAL, "shorter than its header" },
	{ "truncated node", make_truncated_node, -EINVAL,
	  "MSC node 1: truncated: 48 bytes left, a node needs 72" },
	{ "node shorter than its fixed part", make_short_node, -EINVAL,
	  "MSC node 1: length 40 is smaller than the fixed part (72)" },
	{ "node past the end", make_node_past_end, -EINVAL,
	  "MSC node 1: length 228 runs past the end of the table" },
	{ "resource count past the end", make_res_past_end, -EINVAL,
	  "MSC node 1 (identifier 11): resource 2 of 4 runs past the end of the node" },
	{ "dependency count past the end", make_deps_past_end, -EINVAL,
	  "resource 0: 1000 functional dependencies run past the end of the node" },
	{ "MSC with no resource", make_zero_resources, -EINVAL,
	  "MSC node 2 (identifier 12): describes no resource" },
	{ "PCC interface", make_pcc, -EOPNOTSUPP,
	  "(identifier 11): PCC interface is not supported" },
	{ "unknown interface", make_unknown_iface, -EINVAL, "unknown interface type 0x3" },
	{ "unknown locator", make_unknown_locator, -EINVAL, "RIS 2: unknown locator type 0xff" },
	{ "cache not in the PPTT", make_cache_not_in_pptt, -EINVAL,
	  "RIS 2: cache id 5 is not in the PPTT" },
	{ "proximity domain without a node", make_pxm_without_node, -EINVAL,
	  "RIS 2: proximity domain 9 has no NUMA node" },
	{ "duplicate identifier", make_duplicate_id, -EINVAL,
	  "(identifier 10): identifier used twice" },
	{ "overlapping MMIO ranges", make_overlap, -EINVAL,
	  "MMIO range 0xb002000-0xb005fff overlaps MSC 10's" },
	{ "MMIO range wrapping past the top", make_wrapping_range, -EINVAL,
	  "(identifier 11): MMIO range at 0xfffffffffffff000 of 0xb002000 bytes wraps" },
	{ "RIS described twice", make_duplicate_ris, -EINVAL, "RIS 1 is described twice" },
	{ "RIS index out of range", make_ris_out_of_range, -EINVAL, "RIS index 16 is not 0-15" },
	{ "revision 0", make_revision0, -EOPNOTSUPP, "table revision 0 is not supported" },
	{ "interrupt not wired", make_edge_not_wired, -EINVAL, "only wired interrupts" },
	{ "processor container without CPUs", make_empty_container, -EINVAL,
	  "(identifier 11): linked processor container 8 has no CPUs in the PPTT" },
};

static void bad_table_desc(const struct bad_table *b, char *desc)
{
	strscpy(desc, b->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_tables, bad_tables, bad_table_desc);

static void acpi_malformed_table(struct kunit *test)
{
	const struct bad_table *b = test->param_value;
	struct tbl *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct acpi_mpam_parse *p;

	KUNIT_ASSERT_NOT_NULL(test, t);
	b->make(t);
	KUNIT_EXPECT_EQ(test, parse(test, t, &p), b->err);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(p->why, b->why), "message: '%s'", p->why);
	acpi_mpam_free_parse(p);
	KUNIT_EXPECT_EQ(test, p->nr_msc, 0);
}

static struct kunit_case mpam_acpi_cases[] = {
	KUNIT_CASE(acpi_good_table),
	KUNIT_CASE(acpi_container_and_ppi),
	KUNIT_CASE(acpi_disabled_and_other_nodes),
	KUNIT_CASE_PARAM(acpi_malformed_table, bad_tables_gen_params),
	{}
};

static struct kunit_suite mpam_acpi_suite = {
	.name = "mpam_acpi_table",
	.test_cases = mpam_acpi_cases,
};

kunit_test_suite(mpam_acpi_suite);
