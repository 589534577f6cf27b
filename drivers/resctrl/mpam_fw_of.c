// SPDX-License-Identifier: GPL-2.0
/*
 * Device-tree description of MPAM MSCs (arm,mpam-msc), turned into the same
 * firmware-neutral description the ACPI MPAM table gives: see
 * Documentation/devicetree/bindings/arm/arm,mpam-msc.yaml.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/arm_mpam.h>
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/device.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include <asm/cache.h>

/*
 * Every refusal of a node goes through mpam_of_refuse(), with a message
 * naming the node and what is wrong.  The DT fuzz test
 * (mpam_fw_of_fuzz_test.c) counts them to find a refusal without one.
 */
#if IS_ENABLED(CONFIG_ARM64_MPAM_KUNIT_TEST)
atomic_t mpam_fw_of_refusals = ATOMIC_INIT(0);
#define mpam_of_count_refusal()	atomic_inc(&mpam_fw_of_refusals)
#else
#define mpam_of_count_refusal()	do { } while (0)
#endif

#define mpam_of_refuse(dev, fmt, ...)					\
	do {								\
		mpam_of_count_refusal();				\
		dev_err(dev, fmt, ##__VA_ARGS__);			\
	} while (0)

/*
 * Whether @cpu's cache hierarchy reaches @cache, walked as cacheinfo walks
 * it (of_find_next_cache_node(): l2-cache or next-level-cache).
 */
static bool cpu_reaches_cache(struct device_node *cpu, struct device_node *cache)
{
	struct device_node *np = of_find_next_cache_node(cpu), *next;

	while (np) {
		if (np == cache) {
			of_node_put(np);
			return true;
		}
		next = of_find_next_cache_node(np);
		of_node_put(np);
		np = next;
	}
	return false;
}

/**
 * mpam_fw_of_cache_id() - A device-tree cache's id, by cacheinfo's rule.
 * @hwids: the hardware id (reg, the MPIDR) of every cpu node of the tree.
 * @shares: for each cpu node, whether its cache hierarchy reaches the cache.
 * @nr: entries in @hwids and @shares.
 * @id: set to the cache's id.
 *
 * resctrl names a cache domain by the id cacheinfo gives the cache, so MPAM
 * must compute the same one.  For DT, cacheinfo takes the smallest hwid of
 * the CPUs sharing the cache after arch_compact_of_hwid(), which on arm64
 * moves Aff3 down next to Aff2 so that ids fit 32 bits; when the compacted
 * hwid of any cpu node still does not fit, no cache gets an id at all.
 * Every cpu node counts, possible CPU or not, as it does for cacheinfo.
 *
 * Return: 0; -ENOENT when no cpu node shares the cache; -EINVAL when
 * cacheinfo gives it no id.
 */
int mpam_fw_of_cache_id(const u64 *hwids, const bool *shares, unsigned int nr, u32 *id)
{
	u64 min_id = U64_MAX;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		u64 compact = arch_compact_of_hwid(hwids[i]);

		if (upper_32_bits(compact))
			return -EINVAL;
		if (shares[i])
			min_id = min(min_id, compact);
	}
	if (min_id == U64_MAX)
		return -ENOENT;
	*id = min_id;
	return 0;
}

/* A cache's CPUs (the possible ones that reach it) and its cacheinfo id. */
static int of_cache_cpus_and_id(struct device *dev, struct device_node *cache,
				cpumask_t *cpus, u32 *id)
{
	struct device_node *cpu_node;
	unsigned int nr = 0, i = 0;
	bool *shares;
	u64 *hwids;
	int cpu, err;

	for_each_of_cpu_node(cpu_node)
		nr++;
	hwids = kcalloc(nr, sizeof(*hwids), GFP_KERNEL);
	shares = kcalloc(nr, sizeof(*shares), GFP_KERNEL);
	if (!hwids || !shares) {
		err = -ENOMEM;
		goto out;
	}

	cpumask_clear(cpus);
	for_each_of_cpu_node(cpu_node) {
		if (i == nr) {
			of_node_put(cpu_node);
			break;
		}
		hwids[i] = of_get_cpu_hwid(cpu_node, 0);
		shares[i] = cpu_reaches_cache(cpu_node, cache);
		cpu = of_cpu_node_to_id(cpu_node);
		if (shares[i] && cpu >= 0)
			cpumask_set_cpu(cpu, cpus);
		i++;
	}

	err = mpam_fw_of_cache_id(hwids, shares, i, id);
	if (err == -EINVAL)
		mpam_of_refuse(dev,
			       "%pOF has no cache id: a CPU's MPIDR does not fit cacheinfo's 32-bit ids\n",
			       cache);
	else if (!err && cpumask_empty(cpus))
		err = -ENOENT;
	if (err == -ENOENT)
		mpam_of_refuse(dev, "%pOF is not a cache any possible CPU uses\n", cache);
out:
	kfree(hwids);
	kfree(shares);
	return err;
}

/*
 * Every possible CPU of a NUMA node, online or not.  Not cpumask_of_node():
 * on arm64 a CPU joins that mask only when it comes online, so a mask taken
 * from it at probe would miss the CPUs brought up later (maxcpus=, hotplug),
 * and the memory component would no longer match its L3's CPUs.
 * cpu_to_node() is set for every possible CPU before any initcall.
 */
static void of_node_cpus(int node, cpumask_t *cpus)
{
	int cpu;

	cpumask_clear(cpus);
	for_each_possible_cpu(cpu)
		if (cpu_to_node(cpu) == node)
			cpumask_set_cpu(cpu, cpus);
}

static int of_parse_ris(struct device *dev, struct device_node *np, struct mpam_fw_ris *ris)
{
	struct device_node *cache;
	u32 idx, level, node;
	int err;

	if (of_property_read_u32(np, "reg", &idx) || idx > 15) {
		mpam_of_refuse(dev, "%pOF: missing or invalid reg (the RIS index, 0-15)\n", np);
		return -EINVAL;
	}
	ris->ris_idx = idx;

	if (of_device_is_compatible(np, "arm,mpam-cache")) {
		cache = of_parse_phandle(np, "arm,mpam-device", 0);
		if (!cache) {
			mpam_of_refuse(dev, "%pOF: arm,mpam-cache needs an arm,mpam-device\n",
				       np);
			return -EINVAL;
		}
		err = of_property_read_u32(cache, "cache-level", &level);
		if (err)
			mpam_of_refuse(dev, "%pOF: %pOF has no cache-level\n", np, cache);
		else
			err = of_cache_cpus_and_id(dev, cache, &ris->affinity, &ris->id);
		of_node_put(cache);
		ris->type = MPAM_FW_RIS_CACHE;
		ris->level = err ? 0 : level;
		return err;
	}
	if (of_device_is_compatible(np, "arm,mpam-memory")) {
		if (of_property_read_u32(np, "numa-node-id", &node) || node >= MAX_NUMNODES ||
		    !node_possible(node)) {
			mpam_of_refuse(dev, "%pOF: arm,mpam-memory needs a valid numa-node-id\n",
				       np);
			return -EINVAL;
		}
		ris->type = MPAM_FW_RIS_MEMORY;
		ris->id = node;
		of_node_cpus(node, &ris->affinity);
		return 0;
	}
	if (of_device_is_compatible(np, "arm,mpam-interconnect")) {
		ris->type = MPAM_FW_RIS_OTHER;
		ris->id = idx;
		return 0;
	}
	mpam_of_refuse(dev, "%pOF: not an arm,mpam-cache, -memory or -interconnect RIS\n", np);
	return -EINVAL;
}

/*
 * The CPUs that can reach the MSC's registers: those its "cpus" property
 * lists, or every CPU without one.  A phandle that is not a possible CPU is
 * an error rather than a smaller mask: accessing the MSC from a CPU that
 * cannot reach it would fault.
 */
static int of_msc_accessible(struct device *dev, struct device_node *np, cpumask_t *cpus)
{
	struct of_phandle_iterator it;
	int err, cpu;

	if (!of_property_present(np, "cpus")) {
		cpumask_copy(cpus, cpu_possible_mask);
		return 0;
	}
	cpumask_clear(cpus);
	of_for_each_phandle(&it, err, np, "cpus", NULL, 0) {
		cpu = of_cpu_node_to_id(it.node);
		if (cpu < 0) {
			mpam_of_refuse(dev, "%pOF: cpus: %pOF is not a possible CPU\n", np,
				       it.node);
			of_node_put(it.node);
			return -EINVAL;
		}
		cpumask_set_cpu(cpu, cpus);
	}
	if (err != -ENOENT || cpumask_empty(cpus)) {
		mpam_of_refuse(dev, "%pOF: cpus: not a list of CPU phandles\n", np);
		return -EINVAL;
	}
	return 0;
}

/* The MSC's position among the arm,mpam-msc nodes: its id, as ACPI has one. */
static u32 mpam_fw_of_msc_index(struct device_node *msc)
{
	struct device_node *np;
	u32 idx = 0;

	for_each_compatible_node(np, NULL, "arm,mpam-msc") {
		if (np == msc) {
			of_node_put(np);
			break;
		}
		idx++;
	}
	return idx;
}

/**
 * mpam_fw_msc_from_of() - Describe the MSC of an arm,mpam-msc node.
 * @dev: the MSC's platform device, with its of_node.
 *
 * Return: the description (devm-allocated), or an ERR_PTR() after a message
 * naming what is wrong with the node.
 */
struct mpam_fw_msc *mpam_fw_msc_from_of(struct device *dev)
{
	struct device_node *np = dev->of_node, *child;
	struct mpam_fw_msc *fw;
	unsigned int nr = 0;
	u16 seen = 0;
	int err;

	if (!np)
		return ERR_PTR(-ENODEV);
	for_each_available_child_of_node(np, child)
		nr++;
	if (!nr || nr > 16) {
		mpam_of_refuse(dev, "%pOF: needs 1 to 16 RIS child nodes, has %u\n", np, nr);
		return ERR_PTR(-EINVAL);
	}

	fw = devm_kzalloc(dev, struct_size(fw, ris, nr), GFP_KERNEL);
	if (!fw)
		return ERR_PTR(-ENOMEM);
	fw->nr_ris = nr;
	fw->id = mpam_fw_of_msc_index(np);
	of_property_read_u32(np, "arm,not-ready-us", &fw->nrdy_usec);
	err = of_msc_accessible(dev, np, &fw->accessible);
	if (err)
		return ERR_PTR(err);

	nr = 0;
	for_each_available_child_of_node(np, child) {
		err = of_parse_ris(dev, child, &fw->ris[nr]);
		if (!err && (seen & BIT(fw->ris[nr].ris_idx))) {
			mpam_of_refuse(dev, "%pOF: RIS %u is described twice\n", child,
				       fw->ris[nr].ris_idx);
			err = -EINVAL;
		}
		if (err) {
			of_node_put(child);
			return ERR_PTR(err);
		}
		seen |= BIT(fw->ris[nr++].ris_idx);
	}
	return fw;
}

/**
 * mpam_fw_of_msc_count() - How many MSCs the device tree describes.
 *
 * Return: the number of available arm,mpam-msc nodes.
 */
int mpam_fw_of_msc_count(void)
{
	struct device_node *np;
	int nr = 0;

	for_each_compatible_node(np, NULL, "arm,mpam-msc")
		if (of_device_is_available(np))
			nr++;
	return nr;
}
