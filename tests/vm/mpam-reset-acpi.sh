# SPDX-License-Identifier: GPL-2.0
# vm-test: fw-left acpi
# The MPAM selftest reset.sh over ACPI.
exec sh /usr/share/mpam-selftests/reset.sh
