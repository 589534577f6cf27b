// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI MPAM table: turn each memory system component (MSC) it describes into
 * a platform device for the MPAM driver, with the firmware-neutral
 * description of include/linux/arm_mpam.h as platform data.
 *
 * The table is checked whole before anything is created: every length and
 * count against the table's size, every identifier and MMIO range for
 * duplicates, every resource locator against the PPTT or the NUMA map.  A
 * table that fails creates no device and keeps MPAM off, with a message
 * naming the MSC node and the problem.  So does an MSC the driver cannot use
 * (a PCC interface): the PARTID range cannot be sized without it.
 *
 * Table revisions 1 and later are accepted: they have the 72-byte MSC node
 * this code reads.  Cache locators need a PPTT of revision 3 or later with
 * valid cache ids.
 *
 * An MSC whose linked device is a processor container (_HID ACPI0010, the
 * instance id its _UID) is reachable only from that container's CPUs, found
 * in the PPTT; any other MSC from every CPU.  Interrupts must be wired.  A
 * PPI (GSIV 16-31, or an extended PPI 1056-1119) is registered like any
 * other GSIV: the GIC makes it a per-CPU interrupt, which the MSC driver
 * enables on every CPU that can reach the MSC.
 */

#define pr_fmt(fmt) "ACPI: MPAM: " fmt

#include <linux/acpi.h>
#include <linux/bitfield.h>
#include <linux/arm_mpam.h>
#include <linux/cpumask.h>
#include <linux/init.h>
#include <linux/overflow.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/topology.h>

#define MPAM_MSC_NODE_LEN	sizeof(struct acpi_mpam_msc_node)
#define MPAM_RES_NODE_LEN	sizeof(struct acpi_mpam_resource_node)
#define MPAM_DEP_LEN		sizeof(struct acpi_mpam_func_deps)

#define MPAM_IFACE_MMIO		0x00
#define MPAM_IFACE_PCC		0x0a

/* The _HID of a processor container, as the linked device's 8 bytes. */
#define MPAM_LINKED_CONTAINER	"ACPI0010"

#define MPAM_IRQ_MODE_EDGE	BIT(0)
#define MPAM_IRQ_TYPE		GENMASK(2, 1)
#define MPAM_IRQ_TYPE_WIRED	0

/* Messages name the node: its position and, once known, its identifier. */
static __printf(3, 4) int mpam_bad(struct acpi_mpam_parse *p, int err, const char *fmt, ...)
{
	va_list args;
	int n;

	n = scnprintf(p->why, sizeof(p->why), "MSC node %u", p->node_idx);
	if (p->node_id_known)
		n += scnprintf(p->why + n, sizeof(p->why) - n, " (identifier %u)", p->node_id);
	n += scnprintf(p->why + n, sizeof(p->why) - n, ": ");
	va_start(args, fmt);
	vscnprintf(p->why + n, sizeof(p->why) - n, fmt, args);
	va_end(args);
	return err;
}

static int mpam_parse_locator(struct acpi_mpam_parse *p,
			      const struct acpi_mpam_resource_node *res,
			      struct mpam_fw_ris *ris)
{
	u64 ref = res->locator.generic_locator.descriptor1;
	int level, node;

	switch (res->locator_type) {
	case ACPI_MPAM_LOCATION_TYPE_PROCESSOR_CACHE:
		level = p->ops->cache_level(ref);
		if (level < 0 || ref > U32_MAX)
			return mpam_bad(p, -EINVAL,
					"RIS %u: cache id %llu is not in the PPTT (it needs revision 3+ with cache ids)",
					res->ris_index, ref);
		if (p->ops->cache_cpus(ref, &ris->affinity) || cpumask_empty(&ris->affinity))
			return mpam_bad(p, -EINVAL, "RIS %u: no CPU uses cache id %llu",
					res->ris_index, ref);
		ris->type = MPAM_FW_RIS_CACHE;
		ris->level = level;
		ris->id = ref;
		return 0;
	case ACPI_MPAM_LOCATION_TYPE_MEMORY:
		node = ref > INT_MAX ? NUMA_NO_NODE : p->ops->pxm_to_node(ref);
		if (node == NUMA_NO_NODE)
			return mpam_bad(p, -EINVAL,
					"RIS %u: proximity domain %llu has no NUMA node",
					res->ris_index, ref);
		ris->type = MPAM_FW_RIS_MEMORY;
		ris->id = node;
		p->ops->node_cpus(node, &ris->affinity);
		return 0;
	case ACPI_MPAM_LOCATION_TYPE_SMMU:
	case ACPI_MPAM_LOCATION_TYPE_MEMORY_CACHE:
	case ACPI_MPAM_LOCATION_TYPE_ACPI_DEVICE:
	case ACPI_MPAM_LOCATION_TYPE_INTERCONNECT:
		/* Described, so they take part in sizing, but resctrl can't use them. */
		ris->type = MPAM_FW_RIS_OTHER;
		ris->level = res->locator_type;
		ris->id = lower_32_bits(ref);
		return 0;
	default:
		return mpam_bad(p, -EINVAL, "RIS %u: unknown locator type %#x",
				res->ris_index, res->locator_type);
	}
}

/* The resource nodes of @msc, which is @len bytes long. */
static int mpam_parse_resources(struct acpi_mpam_parse *p, const struct acpi_mpam_msc_node *msc,
				u32 len, struct mpam_fw_msc *fw)
{
	const u8 *base = (const u8 *)msc;
	u32 off = MPAM_MSC_NODE_LEN, i;
	int err;

	for (i = 0; i < msc->num_resource_nodes; i++) {
		const struct acpi_mpam_resource_node *res = (const void *)(base + off);
		u32 j;

		if (len - off < MPAM_RES_NODE_LEN)
			return mpam_bad(p, -EINVAL,
					"resource %u of %u runs past the end of the node (%u bytes)",
					i, msc->num_resource_nodes, len);
		if (res->num_functional_deps > (len - off - MPAM_RES_NODE_LEN) / MPAM_DEP_LEN)
			return mpam_bad(p, -EINVAL,
					"resource %u: %u functional dependencies run past the end of the node",
					i, res->num_functional_deps);
		if (res->ris_index > 15)
			return mpam_bad(p, -EINVAL, "resource %u: RIS index %u is not 0-15",
					i, res->ris_index);
		for (j = 0; j < i; j++)
			if (fw->ris[j].ris_idx == res->ris_index)
				return mpam_bad(p, -EINVAL, "RIS %u is described twice",
						res->ris_index);

		fw->ris[i].ris_idx = res->ris_index;
		err = mpam_parse_locator(p, res, &fw->ris[i]);
		if (err)
			return err;
		off += MPAM_RES_NODE_LEN + res->num_functional_deps * MPAM_DEP_LEN;
	}
	return 0;
}

static int mpam_check_unique(struct acpi_mpam_parse *p, const struct acpi_mpam_msc_node *msc)
{
	u64 last;
	unsigned int i;

	/*
	 * Compare inclusive ends: a frame may end at the top of the address
	 * space, but one whose end wraps past it would look like a small range
	 * at 0 and slip through the overlap check.  The size is not 0 here.
	 */
	if (check_add_overflow(msc->base_address, (u64)msc->mmio_size - 1, &last))
		return mpam_bad(p, -EINVAL,
				"MMIO range at %#llx of %#x bytes wraps past the end of the address space",
				msc->base_address, msc->mmio_size);

	for (i = 0; i < p->nr_msc && i < ACPI_MPAM_MAX_MSC; i++) {
		const struct acpi_mpam_msc *other = &p->msc[i];
		u64 other_last = other->base + other->size - 1;

		if (other->fw->id == msc->identifier)
			return mpam_bad(p, -EINVAL, "identifier used twice");
		if (msc->base_address <= other_last && other->base <= last)
			return mpam_bad(p, -EINVAL,
					"MMIO range %#llx-%#llx overlaps MSC %u's",
					msc->base_address, last, other->fw->id);
	}
	return 0;
}

static int mpam_parse_irq(const struct acpi_mpam_msc_node *msc, bool error,
			  struct acpi_mpam_irq *irq)
{
	u32 gsi = error ? msc->error_interrupt : msc->overflow_interrupt;
	u32 flags = error ? msc->error_interrupt_flags : msc->overflow_interrupt_flags;

	irq->gsi = 0;
	if (!gsi)
		return 0;
	if (FIELD_GET(MPAM_IRQ_TYPE, flags) != MPAM_IRQ_TYPE_WIRED)
		return -EINVAL;
	irq->gsi = gsi;
	irq->edge = flags & MPAM_IRQ_MODE_EDGE;
	return 0;
}

/* The CPUs that can reach the MSC's registers: its processor container's. */
static int mpam_parse_accessible(struct acpi_mpam_parse *p,
				 const struct acpi_mpam_msc_node *msc, struct mpam_fw_msc *fw)
{
	u64 container_hid;

	memcpy(&container_hid, MPAM_LINKED_CONTAINER, sizeof(container_hid));
	if (msc->hardware_id_linked_device != container_hid) {
		cpumask_copy(&fw->accessible, cpu_possible_mask);
		return 0;
	}
	p->ops->container_cpus(msc->instance_id_linked_device, &fw->accessible);
	if (cpumask_empty(&fw->accessible))
		return mpam_bad(p, -EINVAL, "linked processor container %u has no CPUs in the PPTT",
				msc->instance_id_linked_device);
	return 0;
}

/* One MSC node of @len bytes; fills p->msc[p->nr_msc] unless it is disabled. */
static int mpam_parse_msc(struct acpi_mpam_parse *p, const struct acpi_mpam_msc_node *msc,
			  u32 len)
{
	struct acpi_mpam_msc *out;
	struct mpam_fw_msc *fw;
	int err;

	p->node_id = msc->identifier;
	p->node_id_known = true;
	if (msc->interface_type == MPAM_IFACE_PCC)
		return mpam_bad(p, -EOPNOTSUPP,
				"PCC interface is not supported; the PARTID range cannot be sized without it");
	if (msc->interface_type != MPAM_IFACE_MMIO)
		return mpam_bad(p, -EINVAL, "unknown interface type %#x", msc->interface_type);
	if (!msc->mmio_size)
		return 0;	/* disabled */
	if (!msc->num_resource_nodes)
		return mpam_bad(p, -EINVAL, "describes no resource");
	if (msc->num_resource_nodes > 16)
		return mpam_bad(p, -EINVAL, "%u resources, an MSC has at most 16",
				msc->num_resource_nodes);
	if (p->nr_msc >= ACPI_MPAM_MAX_MSC)
		return mpam_bad(p, -E2BIG, "more than %u MSCs", ACPI_MPAM_MAX_MSC);
	err = mpam_check_unique(p, msc);
	if (err)
		return err;

	fw = kzalloc(struct_size(fw, ris, msc->num_resource_nodes), GFP_KERNEL);
	if (!fw)
		return -ENOMEM;
	fw->nr_ris = msc->num_resource_nodes;
	fw->id = msc->identifier;
	fw->nrdy_usec = msc->max_nrdy_usec;

	out = &p->msc[p->nr_msc];
	out->fw = fw;
	out->base = msc->base_address;
	out->size = msc->mmio_size;
	p->nr_msc++;	/* owned by @p from here, freed with it */

	err = mpam_parse_accessible(p, msc, fw);
	err = err ?: mpam_parse_resources(p, msc, len, fw);
	if (err)
		return err;
	if (mpam_parse_irq(msc, true, &out->error_irq) ||
	    mpam_parse_irq(msc, false, &out->overflow_irq))
		return mpam_bad(p, -EINVAL, "only wired interrupts are supported");
	return 0;
}

/**
 * acpi_mpam_parse_table() - Check an MPAM table and describe its MSCs.
 * @table: the table, whose header gives its length.
 * @ops: PPTT and NUMA lookups (replaced by KUnit).
 * @p: filled with the enabled MSCs; on failure, @p->why says why.
 *
 * Nothing is created: see acpi_mpam_free_parse() for the descriptions.
 *
 * Return: the number of enabled MSCs, or a negative errno.
 */
int acpi_mpam_parse_table(const struct acpi_table_header *table,
			  const struct acpi_mpam_lookup_ops *ops, struct acpi_mpam_parse *p)
{
	const u8 *base = (const u8 *)table;
	u32 off = sizeof(*table);
	int err;

	memset(p, 0, sizeof(*p));
	p->ops = ops;
	if (table->length < sizeof(*table)) {
		scnprintf(p->why, sizeof(p->why), "table of %u bytes is shorter than its header",
			  table->length);
		return -EINVAL;
	}
	if (table->revision < 1) {
		scnprintf(p->why, sizeof(p->why),
			  "table revision %u is not supported (revision 1 or later is)",
			  table->revision);
		return -EOPNOTSUPP;
	}

	while (off < table->length) {
		const struct acpi_mpam_msc_node *msc = (const void *)(base + off);
		u32 left = table->length - off;

		p->node_id_known = false;
		if (left < MPAM_MSC_NODE_LEN)
			return mpam_bad(p, -EINVAL, "truncated: %u bytes left, a node needs %zu",
					left, MPAM_MSC_NODE_LEN);
		if (msc->length < MPAM_MSC_NODE_LEN)
			return mpam_bad(p, -EINVAL,
					"length %u is smaller than the fixed part (%zu)",
					msc->length, MPAM_MSC_NODE_LEN);
		if (msc->length > left)
			return mpam_bad(p, -EINVAL, "length %u runs past the end of the table",
					msc->length);
		err = mpam_parse_msc(p, msc, msc->length);
		if (err)
			return err;
		off += msc->length;
		p->node_idx++;
	}
	return p->nr_msc;
}

/**
 * acpi_mpam_free_parse() - Free the descriptions acpi_mpam_parse_table() made.
 * @p: the parse.
 */
void acpi_mpam_free_parse(struct acpi_mpam_parse *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_msc; i++)
		kfree(p->msc[i].fw);
	p->nr_msc = 0;
}

/* --- The live table ------------------------------------------------------- */

static int mpam_pptt_cache_level(u32 cache_id)
{
	return find_acpi_cache_level_from_id(cache_id);
}

static int mpam_pptt_cache_cpus(u32 cache_id, cpumask_t *cpus)
{
	return acpi_pptt_get_cpumask_from_cache_id(cache_id, cpus);
}

static int mpam_pxm_to_node(u32 pxm)
{
	int only = first_node(node_possible_map);
	int node = pxm_to_node(pxm);

	/*
	 * When the kernel took its NUMA nodes from no SRAT (none, rejected,
	 * or numa=off), all memory is in the one node it made up: that is
	 * the memory meant.  When it did, an unknown proximity domain is a
	 * firmware bug.
	 */
	if (node == NUMA_NO_NODE && num_possible_nodes() == 1 &&
	    node_to_pxm(only) == PXM_INVAL)
		node = only;
	return node;
}

/*
 * Every possible CPU of the node, online or not: cpumask_of_node() only
 * holds the CPUs online now (on arm64 a CPU joins it as it comes up), and a
 * CPU brought up later must find its memory component as it finds its L3,
 * whose PPTT mask covers every possible CPU.
 */
static void mpam_node_cpus(int node, cpumask_t *cpus)
{
	int cpu;

	cpumask_clear(cpus);
	for_each_possible_cpu(cpu)
		if (cpu_to_node(cpu) == node)
			cpumask_set_cpu(cpu, cpus);
}

static const struct acpi_mpam_lookup_ops mpam_live_ops = {
	.cache_level = mpam_pptt_cache_level,
	.cache_cpus = mpam_pptt_cache_cpus,
	.pxm_to_node = mpam_pxm_to_node,
	.node_cpus = mpam_node_cpus,
	.container_cpus = acpi_pptt_get_cpus_from_container,
};

/* MSCs the table describes, or a negative errno when MPAM must stay off. */
static int acpi_mpam_nr_msc;

/**
 * acpi_mpam_msc_count() - How many MSCs the ACPI MPAM table describes.
 *
 * Return: the number of enabled MSCs, 0 without a table, or a negative errno
 * when the table is unusable (MPAM must stay off).
 */
int acpi_mpam_msc_count(void)
{
	return acpi_mpam_nr_msc;
}

static int acpi_mpam_add_irq(struct resource *res, const struct acpi_mpam_irq *irq,
			     const char *name)
{
	int virq;

	if (!irq->gsi)
		return 0;
	virq = acpi_register_gsi(NULL, irq->gsi,
				 irq->edge ? ACPI_EDGE_SENSITIVE : ACPI_LEVEL_SENSITIVE,
				 ACPI_ACTIVE_HIGH);
	if (virq <= 0) {
		pr_err("cannot register GSI %u (%s interrupt)\n", irq->gsi, name);
		return 0;
	}
	*res = DEFINE_RES_IRQ_NAMED(virq, name);
	return 1;
}

static int acpi_mpam_create_device(const struct acpi_mpam_msc *msc, unsigned int idx)
{
	struct resource res[3] = { DEFINE_RES_MEM(msc->base, msc->size) };
	struct platform_device *pdev;
	unsigned int nr_res = 1;
	int err;

	nr_res += acpi_mpam_add_irq(&res[nr_res], &msc->error_irq, "error");
	nr_res += acpi_mpam_add_irq(&res[nr_res], &msc->overflow_irq, "overflow");

	pdev = platform_device_alloc(MPAM_MSC_DRV_NAME, idx);
	if (!pdev)
		return -ENOMEM;
	err = platform_device_add_resources(pdev, res, nr_res);
	err = err ?: platform_device_add_data(pdev, msc->fw,
					      struct_size(msc->fw, ris, msc->fw->nr_ris));
	err = err ?: platform_device_add(pdev);
	if (err)
		platform_device_put(pdev);
	return err;
}

static int __init acpi_mpam_init(void)
{
	struct acpi_table_header *table;
	struct acpi_mpam_parse *p;
	unsigned int i;
	int nr;

	if (acpi_disabled || acpi_get_table(ACPI_SIG_MPAM, 0, &table) != AE_OK)
		return 0;

	/* About 40 KiB: one entry per MSC the table may describe. */
	p = kvzalloc_obj(*p);
	if (!p) {
		acpi_put_table(table);
		acpi_mpam_nr_msc = -ENOMEM;
		return -ENOMEM;
	}
	nr = acpi_mpam_parse_table(table, &mpam_live_ops, p);
	acpi_put_table(table);
	if (nr < 0) {
		pr_err("%s; MPAM disabled\n", p->why);
		acpi_mpam_nr_msc = nr;
		goto out;
	}

	acpi_mpam_nr_msc = nr;
	for (i = 0; i < p->nr_msc; i++) {
		if (acpi_mpam_create_device(&p->msc[i], i)) {
			pr_err("MSC %u: cannot create its device; MPAM disabled\n",
			       p->msc[i].fw->id);
			acpi_mpam_nr_msc = -ENODEV;
		}
	}
	pr_info("%d MSCs described\n", nr);
out:
	acpi_mpam_free_parse(p);
	kvfree(p);
	return 0;
}

/* After the PPTT and NUMA are known, before the MPAM driver registers. */
subsys_initcall_sync(acpi_mpam_init);
