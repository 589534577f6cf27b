# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 180
# vm-rootfs: containers
# crun (Debian's arm64 package) places containers in resctrl groups through
# the OCI linux.intelRdt section; the same checks as runc-intelrdt.sh
# (harness/containers/intelrdt.sh).
. /usr/share/mpam-selftests/lib.sh
. /containers/intelrdt.sh
require_sim
intelrdt_scenario crun --root /run/crun
done_testing
