# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 120
# vm-rootfs: containers
# runc (Debian's arm64 package) places containers in resctrl groups through
# the OCI linux.intelRdt section: the group and its schemata, the CPBM and
# MBW_MAX mpam_sim holds for its PARTID, the container's processes as its
# tasks, the container's traffic in its mbm_total_bytes, and the group's
# removal with the container; a closID group is left, empty ("externally
# managed"): harness/containers/intelrdt.sh.  runc 1.1 enables intelRdt
# only on x86 /proc/cpuinfo flags: the library shows the refusal, then
# gives runc a /proc/cpuinfo with them (README, "Container runtimes").
. /usr/share/mpam-selftests/lib.sh
. /containers/intelrdt.sh
require_sim
intelrdt_scenario runc left --root /run/runc
done_testing
