// SPDX-License-Identifier: GPL-2.0
/*
 * Arm MPAM memory system component (MSC) driver core.
 */

#define pr_fmt(fmt) "mpam: " fmt

#include <linux/init.h>
#include <linux/printk.h>

#include <asm/mpam.h>

static int __init mpam_core_init(void)
{
	pr_debug("no MSC driver yet\n");
	return 0;
}
subsys_initcall(mpam_core_init);
