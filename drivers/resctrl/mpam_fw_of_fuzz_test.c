// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fuzzing of the device-tree MSC description: 2,000 mutations of a
 * valid arm,mpam-msc node (a cache, a memory and an interconnect RIS) from
 * a fixed seed.  Properties are deleted, or set to random bytes, edge
 * values or other compatible strings; RIS nodes are added (up to past the
 * sixteen an MSC can have), deleted or disabled.  Each mutated tree is
 * unflattened on its own (detached, as an overlay's nodes are before they
 * are applied), every property value is given an allocation of exactly its
 * length, so that KASAN sees a read past one, and the MSC is described by
 * mpam_fw_msc_from_of().
 * Its phandles point at the live tree's CPU 0 and that CPU's last-level
 * cache, so the accepted paths are reachable.  No mutation may crash; every
 * refusal carries an errno the parser documents and a message, and an
 * accepted node describes what the rest of the driver can use.
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <linux/arm_mpam.h>
#include <linux/device.h>
#include <linux/libfdt.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#define FZ_SEED		0x4d50414dULL	/* "MPAM" */
#define FZ_NODES	2000
#define FZ_MAX		4096
#define FZ_MSC		"/msc@b000000"

static const char *const fz_nodes[] = {
	FZ_MSC, FZ_MSC "/ris@0", FZ_MSC "/ris@1", FZ_MSC "/ris@2",
};

static const char *const fz_props[] = {
	"compatible", "reg", "cpus", "arm,not-ready-us", "arm,mpam-device",
	"numa-node-id", "status", "#address-cells",
};

/* Property values as strings, with their length (a list has two). */
#define FZ_STR(s)	{ s, sizeof(s) }
static const struct {
	const char	*s;
	int		len;
} fz_strings[] = {
	FZ_STR("arm,mpam-cache"), FZ_STR("arm,mpam-memory"), FZ_STR("arm,mpam-msc"),
	FZ_STR(""), FZ_STR("okay"), FZ_STR("disabled"), FZ_STR("cache"),
	FZ_STR("arm,mpam-cache\0arm,mpam-memory"), FZ_STR("arm,mpam-interconnect"),
};

struct fz_ctx {
	u32	cpu_ph;		/* the live CPU 0's phandle */
	u32	cache_ph;	/* its last-level cache's, or a phandle of nothing */
	u8	base[FZ_MAX];
	u8	buf[FZ_MAX];
};

/* The valid node: one MSC with a cache, a memory and an interconnect RIS. */
static int fz_build(struct fz_ctx *c)
{
	static const fdt64_t reg[2] = { cpu_to_fdt64(0xb000000), cpu_to_fdt64(0x4000) };
	void *f = c->base;
	int err;

	err = fdt_create(f, FZ_MAX) ?: fdt_finish_reservemap(f) ?: fdt_begin_node(f, "");
	err = err ?: fdt_property_u32(f, "#address-cells", 2) ?:
		fdt_property_u32(f, "#size-cells", 2) ?: fdt_begin_node(f, FZ_MSC + 1);
	err = err ?: fdt_property_string(f, "compatible", "arm,mpam-msc") ?:
		fdt_property(f, "reg", reg, sizeof(reg)) ?:
		fdt_property_u32(f, "#address-cells", 1) ?:
		fdt_property_u32(f, "#size-cells", 0) ?:
		fdt_property_u32(f, "arm,not-ready-us", 10);
	if (!err && c->cpu_ph)
		err = fdt_property_u32(f, "cpus", c->cpu_ph);
	err = err ?: fdt_begin_node(f, "ris@0") ?:
		fdt_property_string(f, "compatible", "arm,mpam-cache") ?:
		fdt_property_u32(f, "reg", 0) ?:
		fdt_property_u32(f, "arm,mpam-device", c->cache_ph) ?: fdt_end_node(f);
	err = err ?: fdt_begin_node(f, "ris@1") ?:
		fdt_property_string(f, "compatible", "arm,mpam-memory") ?:
		fdt_property_u32(f, "reg", 1) ?:
		fdt_property_u32(f, "numa-node-id", 0) ?: fdt_end_node(f);
	err = err ?: fdt_begin_node(f, "ris@2") ?:
		fdt_property_string(f, "compatible", "arm,mpam-interconnect") ?:
		fdt_property_u32(f, "reg", 2) ?: fdt_end_node(f);
	return err ?: fdt_end_node(f) ?: fdt_end_node(f) ?: fdt_finish(f);
}

static u32 fz_edge(struct rnd_state *rs, struct fz_ctx *c)
{
	const u32 edges[] = {
		0, 1, 2, 3, 15, 16, 17, 0xff, 0xffff, 0x7fffffff, 0xffffffff,
		MAX_NUMNODES, MAX_NUMNODES - 1, c->cpu_ph, c->cache_ph, c->cache_ph + 1,
	};

	return edges[prandom_u32_state(rs) % ARRAY_SIZE(edges)];
}

/* One mutation of the tree in c->buf; failures of libfdt are ignored. */
static void fz_mutate_once(struct rnd_state *rs, struct fz_ctx *c)
{
	const char *prop = fz_props[prandom_u32_state(rs) % ARRAY_SIZE(fz_props)];
	unsigned int pick = prandom_u32_state(rs) % ARRAY_SIZE(fz_strings);
	const char *str = fz_strings[pick].s;
	int node = fdt_path_offset(c->buf, fz_nodes[prandom_u32_state(rs) % ARRAY_SIZE(fz_nodes)]);
	int msc = fdt_path_offset(c->buf, FZ_MSC);
	u8 bytes[12];
	char name[16];
	u32 len;

	if (node < 0 || msc < 0)
		return;
	switch (prandom_u32_state(rs) % 9) {
	case 0:
		fdt_delprop(c->buf, node, prop);
		break;
	case 1:
		len = prandom_u32_state(rs) % (sizeof(bytes) + 1);
		prandom_bytes_state(rs, bytes, len);
		fdt_setprop(c->buf, node, prop, bytes, len);
		break;
	case 2:
		fdt_setprop_u32(c->buf, node, prop, fz_edge(rs, c));
		break;
	case 3:
		fdt_setprop(c->buf, node, prop, str, fz_strings[pick].len);
		break;
	case 4:
		/* A new RIS, up to past the sixteen an MSC can have. */
		snprintf(name, sizeof(name), "ris@%x", 3 + prandom_u32_state(rs) % 24);
		node = fdt_add_subnode(c->buf, msc, name);
		if (node >= 0) {
			fdt_setprop_string(c->buf, node, "compatible", str);
			fdt_setprop_u32(c->buf, node, "reg", fz_edge(rs, c));
		}
		break;
	case 5:
		if (node != msc)
			fdt_del_node(c->buf, node);
		break;
	case 6:
		fdt_setprop_string(c->buf, node, "status", "disabled");
		break;
	case 7:
		/* Many interconnect RIS at once: 1 to 20 more. */
		for (len = 1 + prandom_u32_state(rs) % 20; len; len--) {
			snprintf(name, sizeof(name), "ris@%x", 2 + len);
			node = fdt_add_subnode(c->buf, msc, name);
			if (node < 0)
				break;
			fdt_setprop_string(c->buf, node, "compatible", "arm,mpam-interconnect");
			fdt_setprop_u32(c->buf, node, "reg", 2 + len);
		}
		break;
	default: {
		u64 hi = fz_edge(rs, c), lo = fz_edge(rs, c);

		fdt_setprop_u64(c->buf, node, prop, hi << 32 | lo);
		break;
	}
	}
}

/* What an accepted node must hold for the MSC driver. */
static void fz_check_accepted(struct kunit *test, const struct mpam_fw_msc *fw, u32 i)
{
	unsigned int r;
	u32 seen = 0;

	KUNIT_EXPECT_GE_MSG(test, fw->nr_ris, 1, "node %u", i);
	KUNIT_EXPECT_LE_MSG(test, fw->nr_ris, 16, "node %u", i);
	KUNIT_EXPECT_FALSE_MSG(test, cpumask_empty(&fw->accessible), "node %u", i);
	for (r = 0; r < fw->nr_ris; r++) {
		const struct mpam_fw_ris *ris = &fw->ris[r];

		KUNIT_EXPECT_LE_MSG(test, ris->ris_idx, 15, "node %u RIS %u", i, r);
		KUNIT_EXPECT_FALSE_MSG(test, seen & BIT(ris->ris_idx), "node %u: RIS %u twice",
				       i, ris->ris_idx);
		seen |= BIT(ris->ris_idx);
		if (ris->type == MPAM_FW_RIS_CACHE) {
			KUNIT_EXPECT_GT_MSG(test, ris->level, 0, "node %u RIS %u", i, r);
			KUNIT_EXPECT_FALSE_MSG(test, cpumask_empty(&ris->affinity),
					       "node %u RIS %u: a cache no CPU uses", i, r);
		}
		if (ris->type == MPAM_FW_RIS_MEMORY)
			KUNIT_EXPECT_TRUE_MSG(test, node_possible(ris->id), "node %u RIS %u", i, r);
	}
}

/*
 * Give every property of @np and its children an allocation of exactly its
 * length (unflattening leaves the values in the blob), or with @undo free
 * those allocations again.
 */
static int fz_own_values(struct device_node *np, bool undo)
{
	struct device_node *child;
	struct property *pp;
	int err = 0;

	for_each_property_of_node(np, pp) {
		if (undo) {
			kfree(pp->value);
			pp->value = NULL;
			continue;
		}
		pp->value = kmemdup(pp->value, pp->length, GFP_KERNEL);
		if (!pp->value && pp->length)
			err = -ENOMEM;
	}
	for (child = np->child; child; child = child->sibling)
		err = fz_own_values(child, undo) ?: err;
	return err;
}

/* The live CPU 0 and its last-level cache, which the mutated nodes point at. */
static void fz_live_phandles(struct fz_ctx *c)
{
	struct device_node *cpu = of_get_cpu_node(0, NULL), *np, *next;

	c->cache_ph = 0x7ff0;	/* not a phandle of the live tree, unless found */
	if (!cpu)
		return;
	c->cpu_ph = cpu->phandle;
	np = of_find_next_cache_node(cpu);
	while (np) {
		if (np->phandle)
			c->cache_ph = np->phandle;
		next = of_find_next_cache_node(np);
		of_node_put(np);
		np = next;
	}
	of_node_put(cpu);
}

static void of_fuzz_nodes(struct kunit *test)
{
	struct fz_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	unsigned int accepted = 0, refused = 0, no_msg = 0, other = 0, i, n;
	struct device *dev;
	struct rnd_state rs;

	KUNIT_ASSERT_NOT_NULL(test, c);
	dev = kunit_device_register(test, "mpam-of-fuzz");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	fz_live_phandles(c);
	KUNIT_ASSERT_EQ(test, fz_build(c), 0);
	prandom_seed_state(&rs, FZ_SEED);

	for (i = 0; i < FZ_NODES; i++) {
		struct device_node *root, *msc;
		struct mpam_fw_msc *fw;
		unsigned int before;
		void *mem;

		KUNIT_ASSERT_EQ(test, fdt_open_into(c->base, c->buf, FZ_MAX), 0);
		for (n = 1 + prandom_u32_state(&rs) % 4; n; n--)
			fz_mutate_once(&rs, c);
		mem = of_fdt_unflatten_tree((const unsigned long *)c->buf, NULL, &root);
		KUNIT_ASSERT_NOT_NULL_MSG(test, mem, "node %u: libfdt wrote a bad tree", i);
		msc = of_get_child_by_name(root, "msc");
		KUNIT_ASSERT_NOT_NULL(test, msc);
		KUNIT_ASSERT_EQ(test, fz_own_values(msc, false), 0);

		dev->of_node = msc;
		before = atomic_read(&mpam_fw_of_refusals);
		fw = mpam_fw_msc_from_of(dev);
		if (!IS_ERR(fw)) {
			accepted++;
			fz_check_accepted(test, fw, i);
			devm_kfree(dev, fw);
		} else {
			long err = PTR_ERR(fw);

			refused++;
			if (err != -EINVAL && err != -ENOENT)
				other++;
			KUNIT_EXPECT_TRUE_MSG(test, err == -EINVAL || err == -ENOENT,
					      "node %u: errno %pe", i, fw);
			if (atomic_read(&mpam_fw_of_refusals) == before)
				no_msg++;
			KUNIT_EXPECT_NE_MSG(test, atomic_read(&mpam_fw_of_refusals), before,
					    "node %u: refused (%pe) without a message", i, fw);
		}
		dev->of_node = NULL;
		fz_own_values(msc, true);
		of_node_put(msc);
		kfree(mem);
	}
	kunit_info(test, "CAMPAIGN: fuzz-dt iterations=%u operations=%u faults=%u errors=%u accepted=%u refused=%u\n",
		   FZ_NODES, FZ_NODES, FZ_NODES, no_msg + other, accepted, refused);
	/* The mutations must reach both outcomes, or they test nothing. */
	KUNIT_EXPECT_GT(test, accepted, 0);
	KUNIT_EXPECT_GT(test, refused, 0);
}

static struct kunit_case mpam_fw_of_fuzz_cases[] = {
	KUNIT_CASE_SLOW(of_fuzz_nodes),
	{}
};

static struct kunit_suite mpam_fw_of_fuzz_suite = {
	.name = "mpam_fw_of_fuzz",
	.test_cases = mpam_fw_of_fuzz_cases,
};

kunit_test_suite(mpam_fw_of_fuzz_suite);
