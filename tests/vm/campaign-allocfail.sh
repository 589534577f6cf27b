# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt kunit.enable=1 kunit.filter_glob=mpam_alloc_fail*
# vm-timeout: 900
# vm-kernel: debug
# The allocation-failure campaign (alloc_fail.sh): every fault-injection
# point of each resctrl operation, then of probing and enabling (KUnit),
# made to fail in turn; kmemleak's scan after the script finds what an
# error path lost.  Here every 48th point of each operation after its
# first 8 (the KUnit sweeps take every point); make stress takes every
# point, on DT and ACPI.
ALLOCFAIL_STRIDE=48 exec sh /usr/share/mpam-selftests/alloc_fail.sh
