# SPDX-License-Identifier: GPL-2.0
# vm-test: sim-refused dt
#
# A simulated MSC that mpam_sim could not create: its frame is never mapped
# (there is nothing behind it), its probe fails with a message, and MPAM
# stays off with the others probed.
. /usr/share/mpam-selftests/lib.sh

check "mpam_sim says which MSC it could not create" 1 \
	"$(dmesg | grep -c 'no simulated MSC for mpam_sim.msc=0xb030000')"
check "the driver names the frame" 1 \
	"$(dmesg | grep -c 'the simulated MSC at .* could not be created')"
check "MPAM says why it stays off" 1 \
	"$(dmesg | grep -c 'an MSC failed to probe: the PARTID range cannot be sized, MPAM stays off')"
check "the other three MSCs probed" 3 "$(grep -c '^msc ' /sys/kernel/debug/mpam/mscs)"
check "MPAM stays off, and says so" disabled "$(head -1 /sys/kernel/debug/mpam/status)"
check "debugfs says why" 1 "$(grep -c "^reason an MSC failed to probe" /sys/kernel/debug/mpam/status)"
done_testing
