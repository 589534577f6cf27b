# SPDX-License-Identifier: GPL-2.0
# vm-test: no-csu acpi
# vm-timeout: 400
# The MPAM selftest limbo.sh on a platform without llc_occupancy, over ACPI.
# 400 cycles each of CTRL_MON and MON groups: well past the 256 labels of
# the platform, so a leak shows; make stress runs 1000.
export LIMBO_CYCLES=400
exec sh /usr/share/mpam-selftests/limbo.sh
