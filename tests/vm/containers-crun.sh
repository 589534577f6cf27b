# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 120
# vm-rootfs: containers
# crun (Debian's arm64 package) and the OCI linux.intelRdt section
# (harness/containers/intelrdt.sh).  crun has resctrl code only since
# October 2023 (after 1.9); Debian 12's 1.8.1 parses the section and
# ignores it, so for it this checks that: the container runs, no resctrl
# group is made, and its processes are in the default group.  A crun >=
# 1.10 gets the checks of containers-runc.sh (its closID expectation is
# unverified: no such crun has run here).
. /usr/share/mpam-selftests/lib.sh
. /containers/intelrdt.sh
require_sim
v=$(crun --version | sed -n 's/^crun version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
echo "# $(crun --version | head -1)"
set -- $v
if [ "${1:-0}" -gt 1 ] || { [ "${1:-0}" = 1 ] && [ "${2:-0}" -ge 10 ]; }; then
	intelrdt_scenario crun left --root /run/crun
else
	intelrdt_ignored crun --root /run/crun
fi
done_testing
