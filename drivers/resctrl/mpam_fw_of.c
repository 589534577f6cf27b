// SPDX-License-Identifier: GPL-2.0
/*
 * Device-tree description of MPAM MSCs (arm,mpam-msc), turned into the same
 * firmware-neutral description the ACPI MPAM table gives: see
 * Documentation/devicetree/bindings/arm/arm,mpam-msc.yaml.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/arm_mpam.h>
#include <linux/cpu.h>
#include <linux/device.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include <asm/smp_plat.h>

/* Whether @cpu's cache hierarchy, walked through next-level-cache, reaches @cache. */
static bool cpu_reaches_cache(struct device_node *cpu, struct device_node *cache)
{
	struct device_node *np = of_node_get(cpu), *next;

	while (np) {
		next = of_parse_phandle(np, "next-level-cache", 0);
		of_node_put(np);
		if (next == cache) {
			of_node_put(next);
			return true;
		}
		np = next;
	}
	return false;
}

/*
 * A cache's CPUs, and its id by cacheinfo's rule for DT: the smallest
 * hardware id (MPIDR) of the CPUs that share it.
 */
static int of_cache_cpus_and_id(struct device_node *cache, cpumask_t *cpus, u32 *id)
{
	u64 min_hwid = U64_MAX;
	int cpu;

	cpumask_clear(cpus);
	for_each_possible_cpu(cpu) {
		struct device_node *cpu_node = of_get_cpu_node(cpu, NULL);

		if (!cpu_node)
			continue;
		if (cpu_reaches_cache(cpu_node, cache)) {
			cpumask_set_cpu(cpu, cpus);
			min_hwid = min_t(u64, min_hwid, cpu_logical_map(cpu));
		}
		of_node_put(cpu_node);
	}
	if (cpumask_empty(cpus) || min_hwid > U32_MAX)
		return -EINVAL;
	*id = min_hwid;
	return 0;
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
		dev_err(dev, "%pOF: missing or invalid reg (the RIS index, 0-15)\n", np);
		return -EINVAL;
	}
	ris->ris_idx = idx;

	if (of_device_is_compatible(np, "arm,mpam-cache")) {
		cache = of_parse_phandle(np, "arm,mpam-device", 0);
		if (!cache) {
			dev_err(dev, "%pOF: arm,mpam-cache needs an arm,mpam-device phandle\n", np);
			return -EINVAL;
		}
		err = of_property_read_u32(cache, "cache-level", &level);
		if (!err)
			err = of_cache_cpus_and_id(cache, &ris->affinity, &ris->id);
		if (err)
			dev_err(dev, "%pOF: %pOF is not a cache any CPU uses\n", np, cache);
		of_node_put(cache);
		ris->type = MPAM_FW_RIS_CACHE;
		ris->level = level;
		return err;
	}
	if (of_device_is_compatible(np, "arm,mpam-memory")) {
		if (of_property_read_u32(np, "numa-node-id", &node) || node >= MAX_NUMNODES ||
		    !node_possible(node)) {
			dev_err(dev, "%pOF: arm,mpam-memory needs a valid numa-node-id\n", np);
			return -EINVAL;
		}
		ris->type = MPAM_FW_RIS_MEMORY;
		ris->id = node;
		of_node_cpus(node, &ris->affinity);
		return 0;
	}
	ris->type = MPAM_FW_RIS_OTHER;
	ris->id = idx;
	return 0;
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
			dev_err(dev, "%pOF: cpus: %pOF is not a possible CPU\n", np, it.node);
			of_node_put(it.node);
			return -EINVAL;
		}
		cpumask_set_cpu(cpu, cpus);
	}
	if (err != -ENOENT || cpumask_empty(cpus)) {
		dev_err(dev, "%pOF: cpus: not a list of CPU phandles\n", np);
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
	int err;

	if (!np)
		return ERR_PTR(-ENODEV);
	for_each_available_child_of_node(np, child)
		nr++;
	if (!nr || nr > 16) {
		dev_err(dev, "%pOF: needs 1 to 16 RIS child nodes, has %u\n", np, nr);
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
		err = of_parse_ris(dev, child, &fw->ris[nr++]);
		if (err) {
			of_node_put(child);
			return ERR_PTR(err);
		}
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
