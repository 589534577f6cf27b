# SPDX-License-Identifier: GPL-2.0
# vm-test: default acpi
# The MPAM selftest error.sh (tools/testing/selftests/drivers/resctrl/mpam), booted
# through UEFI and the ACPI MPAM table: the error interrupt is an ACPI GSI.
exec sh /usr/share/mpam-selftests/error.sh
