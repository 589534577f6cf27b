# SPDX-License-Identifier: GPL-2.0
# vm-test: no-csu acpi
# vm-timeout: 400
# The MPAM selftest limbo.sh on a platform without llc_occupancy, over ACPI.
exec sh /usr/share/mpam-selftests/limbo.sh
