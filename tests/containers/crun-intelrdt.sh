# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 120
# vm-rootfs: containers
# crun (Debian's arm64 package) places containers in resctrl groups through
# the OCI linux.intelRdt section; the same checks as
# tests/vm/containers-runc.sh (harness/containers/intelrdt.sh).  Not in
# make check: crun 1.8.1 opens /proc/self/setgroups, which needs
# CONFIG_USER_NS.
. /usr/share/mpam-selftests/lib.sh
. /containers/intelrdt.sh
require_sim
intelrdt_scenario crun left --root /run/crun
done_testing
