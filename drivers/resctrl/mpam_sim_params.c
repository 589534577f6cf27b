// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_sim: the MSCs and CPUs given on the kernel command line.
 *
 *   mpam_sim.requestor=PARTID_MAX,PMG_MAX
 *   mpam_sim.msc=BASE[,aidr=N][,iidr=N][,nrdy=N][,no_esr][,cpus=LIST];RIS...
 *   RIS: risN:key=value,...  keys: partid pmg cpbm cmax bwa pri intpartid csu
 *        mbwu width scale, flags: mbw_max mbw_min rwbw
 *
 * One mpam_sim.msc= per MSC.  Documented in
 * Documentation/arch/arm64/mpam-sim.rst.
 */

#define pr_fmt(fmt) "mpam_sim: " fmt

#include <linux/cpumask.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mpam_sim.h"
#include "mpam_sim_internal.h"

#define MPAM_SIM_MAX_PARAMS	16
#define MPAM_SIM_PARAM_LEN	512

static char mpam_sim_msc_params[MPAM_SIM_MAX_PARAMS][MPAM_SIM_PARAM_LEN] __initdata;
static unsigned int mpam_sim_nr_msc_params __initdata;

/* The simulated CPUs' MPAMIDR_EL1 limits; QEMU's CPUs have no FEAT_MPAM. */
static u16 mpam_sim_partid_max = 63;
static u8 mpam_sim_pmg_max = 3;
static bool mpam_sim_has_mscs;

static int __init mpam_sim_msc_setup(char *str)
{
	if (mpam_sim_nr_msc_params >= MPAM_SIM_MAX_PARAMS) {
		pr_err("more than %d mpam_sim.msc= parameters, ignoring '%s'\n",
		       MPAM_SIM_MAX_PARAMS, str);
		return 1;
	}
	if (strscpy(mpam_sim_msc_params[mpam_sim_nr_msc_params], str,
		    MPAM_SIM_PARAM_LEN) < 0) {
		pr_err("mpam_sim.msc= parameter too long: '%s'\n", str);
		return 1;
	}
	mpam_sim_nr_msc_params++;
	return 1;
}
__setup("mpam_sim.msc=", mpam_sim_msc_setup);

static int __init mpam_sim_requestor_setup(char *str)
{
	unsigned int partid_max, pmg_max;

	if (sscanf(str, "%u,%u", &partid_max, &pmg_max) != 2 ||
	    partid_max > U16_MAX || pmg_max > U8_MAX) {
		pr_err("bad mpam_sim.requestor='%s', want PARTID_MAX,PMG_MAX\n", str);
		return 1;
	}
	mpam_sim_partid_max = partid_max;
	mpam_sim_pmg_max = pmg_max;
	return 1;
}
__setup("mpam_sim.requestor=", mpam_sim_requestor_setup);

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

static int __init parse_ris_key(struct mpam_sim_ris_desc *d, char *kv)
{
	char *val = strchr(kv, '=');
	unsigned int n = 0;

	if (val) {
		*val++ = '\0';
		if (kstrtouint(val, 0, &n))
			return -EINVAL;
	}
	if (!strcmp(kv, "mbw_max") && !val)
		d->has_mbw_max = true;
	else if (!strcmp(kv, "mbw_min") && !val)
		d->has_mbw_min = true;
	else if (!strcmp(kv, "rwbw") && !val)
		d->has_rwbw = true;
	else if (!val)
		return -EINVAL;
	else if (!strcmp(kv, "partid") && n <= U16_MAX)
		d->partid_max = n;
	else if (!strcmp(kv, "pmg") && n <= U8_MAX)
		d->pmg_max = n;
	else if (!strcmp(kv, "cpbm") && n <= 128)
		d->cpbm_wd = n;
	else if (!strcmp(kv, "cmax") && n <= 16)
		d->cmax_wd = n;
	else if (!strcmp(kv, "bwa") && n <= 16)
		d->bwa_wd = n;
	else if (!strcmp(kv, "pri") && n <= 16)
		d->intpri_wd = n;
	else if (!strcmp(kv, "intpartid") && n <= U16_MAX) {
		d->has_partid_nrw = true;
		d->intpartid_max = n;
	} else if (!strcmp(kv, "csu") && n <= U16_MAX)
		d->num_csu_mon = n;
	else if (!strcmp(kv, "mbwu") && n <= U16_MAX)
		d->num_mbwu_mon = n;
	else if (!strcmp(kv, "width"))
		d->mbwu_width = n;
	else if (!strcmp(kv, "scale") && n <= 31)
		d->mbwu_scale = n;
	else
		return -EINVAL;
	return 0;
}

static int __init parse_msc_key(struct mpam_sim_msc_desc *desc, char *kv)
{
	char *val = strchr(kv, '=');
	u32 n;

	if (!strcmp(kv, "no_esr")) {
		desc->has_esr = false;
		return 0;
	}
	if (!val)
		return -EINVAL;
	*val++ = '\0';
	if (!strcmp(kv, "cpus"))
		return cpulist_parse(val, &desc->accessible);
	if (kstrtou32(val, 0, &n))
		return -EINVAL;
	if (!strcmp(kv, "aidr"))
		desc->aidr = n;
	else if (!strcmp(kv, "iidr"))
		desc->iidr = n;
	else if (!strcmp(kv, "nrdy"))
		desc->nrdy_reads = n;
	else
		return -EINVAL;
	return 0;
}

static int __init parse_msc(char *str, struct mpam_sim_msc_desc *desc)
{
	char *part, *kv, *head, *rest = str;
	unsigned long long base;
	unsigned int idx;
	int err;

	memset(desc, 0, sizeof(*desc));
	desc->aidr = 0x10;
	desc->has_esr = true;
	desc->nrdy_reads = 2;

	head = strsep(&rest, ";");
	kv = strsep(&head, ",");
	if (kstrtoull(kv, 0, &base) || !base)
		return -EINVAL;
	desc->base = base;
	while ((kv = strsep(&head, ",")) != NULL) {
		err = parse_msc_key(desc, kv);
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
	return desc->nr_ris ? 0 : -EINVAL;
}

static int __init mpam_sim_params_init(void)
{
	struct mpam_sim_msc_desc *desc;
	struct mpam_sim_msc *sim;
	char copy[MPAM_SIM_PARAM_LEN];
	unsigned int i;

	desc = kzalloc(sizeof(*desc), GFP_KERNEL);
	if (!desc)
		return -ENOMEM;
	for (i = 0; i < mpam_sim_nr_msc_params; i++) {
		strscpy(copy, mpam_sim_msc_params[i], sizeof(copy));
		if (parse_msc(copy, desc)) {
			pr_err("cannot parse mpam_sim.msc=%s\n", mpam_sim_msc_params[i]);
			continue;
		}
		sim = mpam_sim_msc_create(desc);
		if (IS_ERR(sim)) {
			pr_err("mpam_sim.msc=%s: %pe\n", mpam_sim_msc_params[i], sim);
			continue;
		}
		mpam_sim_has_mscs = true;
		pr_info("MSC at %pa: %u RIS\n", &desc->base, desc->nr_ris);
	}
	kfree(desc);
	return 0;
}
core_initcall(mpam_sim_params_init);
