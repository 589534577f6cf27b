# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 180
# vm-rootfs: containers
# runc (Debian's arm64 package) places containers in resctrl groups through
# the OCI linux.intelRdt section: the group and its schemata, the CPBM and
# MBW_MAX in mpam_sim, the container's tasks, its traffic in the group's
# mbm_total_bytes, and the group's removal (harness/containers/intelrdt.sh).
. /usr/share/mpam-selftests/lib.sh
. /containers/intelrdt.sh
require_sim
intelrdt_scenario runc --root /run/runc
done_testing
