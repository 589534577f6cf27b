// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI MPAM table: turn each described memory system component (MSC) into a
 * platform device for the MPAM driver.
 *
 * Parsing is added with the firmware-description support; until then the
 * table is only reported.
 */

#define pr_fmt(fmt) "ACPI: MPAM: " fmt

#include <linux/acpi.h>
#include <linux/arm_mpam.h>
#include <linux/init.h>

/**
 * acpi_mpam_msc_count() - How many MSCs the ACPI MPAM table describes.
 *
 * Return: 0 until the table is parsed.
 */
int acpi_mpam_msc_count(void)
{
	return 0;
}

static int __init acpi_mpam_init(void)
{
	struct acpi_table_header *table;
	acpi_status status;

	if (acpi_disabled)
		return 0;

	status = acpi_get_table(ACPI_SIG_MPAM, 0, &table);
	if (ACPI_FAILURE(status))
		return 0;

	pr_info("table revision %u present, not parsed yet\n", table->revision);
	acpi_put_table(table);
	return 0;
}
subsys_initcall(acpi_mpam_init);
