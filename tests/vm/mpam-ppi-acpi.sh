# SPDX-License-Identifier: GPL-2.0
# vm-test: ppi acpi
# The MPAM selftest ppi.sh (tools/testing/selftests/drivers/resctrl/mpam): MSC
# interrupts wired to PPIs, described by GSIVs in the ACPI MPAM table.
exec sh /usr/share/mpam-selftests/ppi.sh
