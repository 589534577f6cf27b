# SPDX-License-Identifier: GPL-2.0
# vm-test: sim-refused dt
#
# A simulated MSC that mpam_sim could not create: its frame is never mapped
# (there is nothing behind it), its probe fails with a message, and MPAM
# stays off with the others probed.
. /lib/mpamtest.sh

expect_eq "mpam_sim says which MSC it could not create" 1 \
	"$(dmesg | grep -c 'no simulated MSC for mpam_sim.msc=0xb030000')"
expect_eq "the driver names the frame" 1 \
	"$(dmesg | grep -c 'the simulated MSC at .* could not be created')"
expect_eq "MPAM says why it stays off" 1 \
	"$(dmesg | grep -c 'an MSC failed to probe: the PARTID range cannot be sized, MPAM stays off')"
expect_eq "the other three MSCs probed" 3 "$(grep -c '^msc ' /sys/kernel/debug/mpam/mscs)"
expect_eq "MPAM stays off, and says so" disabled "$(head -1 /sys/kernel/debug/mpam/status)"
expect_eq "debugfs says why" 1 "$(grep -c "^reason an MSC failed to probe" /sys/kernel/debug/mpam/status)"
tap_done
