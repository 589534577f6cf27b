// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: the MSCs and CPUs given on the kernel command line.
 *
 *   mpam_sim.requestor=PARTID_MAX,PMG_MAX
 *   mpam_sim.msc=BASE[,aidr=N][,iidr=N][,nrdy=N][,nrdy_us=N][,no_esr][,fw_left][,cpus=MASK]
 *		 [,count=N,stride=BYTES];RIS...
 *   RIS: risN:key=value,...  keys: partid pmg cpbm cmax cassoc bwa bwpbm pri
 *        dspri intpartid csu mbwu width scale src (a hex mask of CPUs, up to
 *        64, whose background traffic passes through the RIS) csize (bytes
 *        of the cache it controls), flags: mbw_max mbw_min cmin mbw_prop
 *        pri_0_is_low rwbw mem (a memory controller)
 *   mpam_sim.background=BYTES_PER_SECOND
 *
 * One mpam_sim.msc= per MSC, or per run of COUNT identical MSCs whose
 * frames are STRIDE bytes apart (the command line holds 2 KiB: a platform
 * of hundreds of MSCs is a few runs).  Documented in
 * Documentation/arch/arm64/mpam-sim.rst.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/stddef.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../mpam_sim.h"
#include "mpam_sim_internal.h"

#define MPAM_SIM_MAX_PARAMS	16
#define MPAM_SIM_PARAM_LEN	512
/* The most MSCs one parameter describes (count=). */
#define MPAM_SIM_MAX_COUNT	1024

static char mpam_sim_msc_params[MPAM_SIM_MAX_PARAMS][MPAM_SIM_PARAM_LEN];
static unsigned int mpam_sim_nr_msc_params;

/* The simulated CPUs' MPAMIDR_EL1 limits; QEMU's CPUs have no FEAT_MPAM. */
static u16 mpam_sim_partid_max = 63;
static u8 mpam_sim_pmg_max = 3;
static bool mpam_sim_has_mscs;

/*
 * Frames of the MSCs whose parameter could not be turned into them: a run
 * of @count frames @stride bytes apart from @base.
 */
struct mpam_sim_failed_run {
	phys_addr_t	base;
	u64		stride;
	unsigned int	count;
};

static struct mpam_sim_failed_run mpam_sim_failed[MPAM_SIM_MAX_PARAMS];
static unsigned int mpam_sim_nr_failed;

/* What parse_msc() reads besides the MSC's description. */
struct mpam_sim_msc_run {
	unsigned int	count;
	u64		stride;
};

/**
 * mpam_sim_param_failed() - Whether a parameter for @base failed.
 * @base: the physical address of an MSC frame.
 *
 * Return: true when an mpam_sim.msc= parameter placed a simulated MSC at
 * @base but it could not be created.
 */
bool mpam_sim_param_failed(phys_addr_t base)
{
	const struct mpam_sim_failed_run *f;
	unsigned int i;
	u64 off;

	for (i = 0; i < mpam_sim_nr_failed; i++) {
		f = &mpam_sim_failed[i];
		if (base < f->base)
			continue;
		off = base - f->base;
		if (!off || (f->stride && !(off % f->stride) && off / f->stride < f->count))
			return true;
	}
	return false;
}

/* A failed run: the MSCs from @first on, of the parameter's @run. */
static void __init mpam_sim_param_fail(const char *param, const struct mpam_sim_msc_desc *desc,
				       const struct mpam_sim_msc_run *run, unsigned int first)
{
	struct mpam_sim_failed_run *f;

	if (desc->base && mpam_sim_nr_failed < ARRAY_SIZE(mpam_sim_failed)) {
		f = &mpam_sim_failed[mpam_sim_nr_failed++];
		f->base = desc->base;
		f->stride = run->stride;
		f->count = run->count - first;
	}
	pr_err("no simulated MSC for mpam_sim.msc=%s: its frame stays unclaimed\n", param);
}

/*
 * Parameter callbacks run while the command line is parsed, before memory
 * allocation works: keep copies, parsed by mpam_sim_params_init().
 */
static int mpam_sim_msc_param_set(const char *val, const struct kernel_param *kp)
{
	if (mpam_sim_nr_msc_params >= MPAM_SIM_MAX_PARAMS) {
		pr_err("more than %d mpam_sim.msc= parameters, ignoring '%s'\n",
		       MPAM_SIM_MAX_PARAMS, val);
		return -ENOSPC;
	}
	if (strscpy(mpam_sim_msc_params[mpam_sim_nr_msc_params], val,
		    MPAM_SIM_PARAM_LEN) < 0) {
		pr_err("mpam_sim.msc= parameter too long: '%s'\n", val);
		return -E2BIG;
	}
	mpam_sim_nr_msc_params++;
	return 0;
}

static const struct kernel_param_ops mpam_sim_msc_param_ops = {
	.set = mpam_sim_msc_param_set,
};

static int mpam_sim_requestor_param_set(const char *val, const struct kernel_param *kp)
{
	unsigned int partid_max, pmg_max;

	if (sscanf(val, "%u,%u", &partid_max, &pmg_max) != 2 ||
	    partid_max > U16_MAX || pmg_max > U8_MAX) {
		pr_err("bad mpam_sim.requestor='%s', want PARTID_MAX,PMG_MAX\n", val);
		return -EINVAL;
	}
	mpam_sim_partid_max = partid_max;
	mpam_sim_pmg_max = pmg_max;
	return 0;
}

static const struct kernel_param_ops mpam_sim_requestor_param_ops = {
	.set = mpam_sim_requestor_param_set,
};

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "mpam_sim."
module_param_cb(msc, &mpam_sim_msc_param_ops, NULL, 0);
module_param_cb(requestor, &mpam_sim_requestor_param_ops, NULL, 0);

/**
 * mpam_sim_requestor_limits() - The MPAMIDR_EL1 limits of the simulated CPUs.
 * @partid_max: set to the largest PARTID the CPUs can emit.
 * @pmg_max: set to the largest PMG the CPUs can emit.
 */
void mpam_sim_requestor_limits(u16 *partid_max, u8 *pmg_max)
{
	*partid_max = mpam_sim_partid_max;
	*pmg_max = mpam_sim_pmg_max;
}

/**
 * mpam_sim_active() - Whether the command line described simulated MSCs.
 *
 * Return: true when at least one was created.
 */
bool mpam_sim_active(void)
{
	return mpam_sim_has_mscs;
}

/* The numeric keys of a RIS: name, where it goes, largest value. */
struct ris_key {
	const char	*name;
	size_t		offset;		/* of a u16 in struct mpam_sim_ris_desc */
	unsigned int	max;
};

#define RIS_KEY(_name, _field, _max) \
	{ .name = _name, .offset = offsetof(struct mpam_sim_ris_desc, _field), .max = _max }

static const struct ris_key ris_keys[] __initconst = {
	RIS_KEY("partid", partid_max, U16_MAX),
	RIS_KEY("pmg", pmg_max, U8_MAX),
	RIS_KEY("cpbm", cpbm_wd, 128),
	RIS_KEY("cmax", cmax_wd, 16),
	RIS_KEY("cassoc", cassoc_wd, 16),
	RIS_KEY("bwa", bwa_wd, 16),
	RIS_KEY("bwpbm", bwpbm_wd, 4096),
	RIS_KEY("pri", intpri_wd, 16),
	RIS_KEY("dspri", dspri_wd, 16),
	RIS_KEY("intpartid", intpartid_max, U16_MAX),
	RIS_KEY("csu", num_csu_mon, U16_MAX),
	RIS_KEY("mbwu", num_mbwu_mon, U16_MAX),
	RIS_KEY("width", mbwu_width, 63),
	RIS_KEY("scale", mbwu_scale, 31),
};

static int __init parse_ris_flag(struct mpam_sim_ris_desc *d, const char *flag)
{
	if (!strcmp(flag, "mbw_max"))
		d->has_mbw_max = true;
	else if (!strcmp(flag, "mbw_min"))
		d->has_mbw_min = true;
	else if (!strcmp(flag, "rwbw"))
		d->has_rwbw = true;
	else if (!strcmp(flag, "cmin"))
		d->has_cmin = true;
	else if (!strcmp(flag, "mbw_prop"))
		d->has_mbw_prop = true;
	else if (!strcmp(flag, "pri_0_is_low"))
		d->pri_0_is_low = true;
	else if (!strcmp(flag, "mem"))
		d->is_memory = true;
	else
		return -EINVAL;
	return 0;
}

/* A hex mask of CPUs, up to 64: a cpulist's commas would split the parameter. */
static int __init parse_cpu_mask(const char *val, cpumask_t *cpus)
{
	u64 bits;

	if (kstrtou64(val, 16, &bits))
		return -EINVAL;
	/* A cpumask is at least one unsigned long: 64 bits on arm64. */
	cpumask_clear(cpus);
	bitmap_from_u64(cpumask_bits(cpus), bits);
	cpumask_and(cpus, cpus, cpu_possible_mask);
	return 0;
}

static int __init parse_ris_key(struct mpam_sim_ris_desc *d, char *kv)
{
	char *val = strchr(kv, '=');
	unsigned int i, n;

	if (!val)
		return parse_ris_flag(d, kv);
	*val++ = '\0';
	if (!strcmp(kv, "src"))
		return parse_cpu_mask(val, &d->traffic_cpus);
	if (!strcmp(kv, "csize"))
		return kstrtou32(val, 0, &d->cache_size);
	if (kstrtouint(val, 0, &n))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(ris_keys); i++) {
		u16 *field = (void *)d + ris_keys[i].offset;

		if (strcmp(kv, ris_keys[i].name))
			continue;
		if (n > ris_keys[i].max)
			return -EINVAL;
		*field = n;
		if (!strcmp(kv, "intpartid"))
			d->has_partid_nrw = true;
		return 0;
	}
	return -EINVAL;
}

static int __init parse_msc_key(struct mpam_sim_msc_desc *desc, struct mpam_sim_msc_run *run,
				char *kv)
{
	char *val = strchr(kv, '=');
	u32 n;

	if (!strcmp(kv, "no_esr")) {
		desc->has_esr = false;
		return 0;
	}
	if (!strcmp(kv, "fw_left")) {
		desc->fw_left = true;
		return 0;
	}
	if (!val)
		return -EINVAL;
	*val++ = '\0';
	if (!strcmp(kv, "cpus"))
		return parse_cpu_mask(val, &desc->accessible);
	if (!strcmp(kv, "stride"))
		return kstrtou64(val, 0, &run->stride);
	if (kstrtou32(val, 0, &n))
		return -EINVAL;
	if (!strcmp(kv, "aidr"))
		desc->aidr = n;
	else if (!strcmp(kv, "iidr"))
		desc->iidr = n;
	else if (!strcmp(kv, "nrdy"))
		desc->nrdy_reads = n;
	else if (!strcmp(kv, "nrdy_us"))
		desc->nrdy_us = n;
	else if (!strcmp(kv, "count") && n && n <= MPAM_SIM_MAX_COUNT)
		run->count = n;
	else
		return -EINVAL;
	return 0;
}

static int __init parse_msc(char *str, struct mpam_sim_msc_desc *desc,
			    struct mpam_sim_msc_run *run)
{
	char *part, *kv, *head, *rest = str;
	unsigned long long base;
	unsigned int idx;
	int err;

	memset(desc, 0, sizeof(*desc));
	desc->aidr = 0x10;
	desc->has_esr = true;
	desc->nrdy_reads = 2;
	run->count = 1;
	run->stride = 0;

	head = strsep(&rest, ";");
	kv = strsep(&head, ",");
	if (kstrtoull(kv, 0, &base) || !base)
		return -EINVAL;
	desc->base = base;
	while ((kv = strsep(&head, ",")) != NULL) {
		err = parse_msc_key(desc, run, kv);
		if (err)
			return err;
	}

	while ((part = strsep(&rest, ";")) != NULL) {
		char *colon = strchr(part, ':');
		struct mpam_sim_ris_desc *d;

		if (strncmp(part, "ris", 3) || !colon)
			return -EINVAL;
		*colon++ = '\0';
		if (kstrtouint(part + 3, 10, &idx) || idx >= MPAM_SIM_MAX_RIS)
			return -EINVAL;
		d = &desc->ris[idx];
		d->mbwu_width = 31;
		while ((kv = strsep(&colon, ",")) != NULL) {
			err = parse_ris_key(d, kv);
			if (err)
				return err;
		}
		desc->nr_ris = max(desc->nr_ris, idx + 1);
	}
	if (!desc->nr_ris)
		return -EINVAL;
	/* A run's frames must not overlap: at least a page apart. */
	if (run->count > 1 && (run->stride < PAGE_SIZE ||
			       run->stride > (U64_MAX - desc->base) / run->count))
		return -EINVAL;
	return 0;
}

static int __init mpam_sim_params_init(void)
{
	struct mpam_sim_msc_desc *desc;
	struct mpam_sim_msc_run run;
	struct mpam_sim_msc *sim;
	char copy[MPAM_SIM_PARAM_LEN];
	unsigned int i, n;
	phys_addr_t first;

	desc = kzalloc_obj(*desc);
	if (!desc)
		return -ENOMEM;
	for (i = 0; i < mpam_sim_nr_msc_params; i++) {
		strscpy(copy, mpam_sim_msc_params[i], sizeof(copy));
		if (parse_msc(copy, desc, &run)) {
			pr_err("cannot parse mpam_sim.msc=%s\n", mpam_sim_msc_params[i]);
			run.count = 1;
			mpam_sim_param_fail(mpam_sim_msc_params[i], desc, &run, 0);
			continue;
		}
		first = desc->base;
		for (n = 0; n < run.count; n++) {
			sim = mpam_sim_msc_create(desc);
			if (IS_ERR(sim)) {
				pr_err("mpam_sim.msc=%s: MSC %u at %pa: %pe\n",
				       mpam_sim_msc_params[i], n, &desc->base, sim);
				mpam_sim_param_fail(mpam_sim_msc_params[i], desc, &run, n);
				break;
			}
			mpam_sim_has_mscs = true;
			desc->base += run.stride;
		}
		if (run.count == 1 && n)
			pr_info("MSC at %pa: %u RIS\n", &first, desc->nr_ris);
		else if (n)
			pr_info("%u MSCs from %pa, %#llx apart: %u RIS each\n", n, &first,
				run.stride, desc->nr_ris);
	}
	kfree(desc);
	return 0;
}
core_initcall(mpam_sim_params_init);
