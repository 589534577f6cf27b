# SPDX-License-Identifier: GPL-2.0
# vm-test: malformed-acpi acpi
#
# An MPAM table whose last MSC node has a resource count past its end: the
# kernel boots, names the node and the problem, creates no MSC device and
# leaves MPAM and resctrl off.
. /usr/share/mpam-selftests/lib.sh

check "the table is there" 1 "$([ -f /sys/firmware/acpi/tables/MPAM ] && echo 1)"
check "the problem is named" 1 \
	"$(dmesg | grep -c 'ACPI: MPAM: MSC node 3 (identifier 3): resource 1 of 4 runs past the end of the node')"
check "no MSC device" 0 "$(ls /sys/bus/platform/devices | grep -c arm-mpam-msc)"
check "MPAM stays off, and says so" disabled "$(head -1 /sys/kernel/debug/mpam/status)"
check "debugfs says why" 1 \
	"$(grep -c "^reason the firmware's MPAM description is unusable" /sys/kernel/debug/mpam/status)"
check_cmd "resctrl does not mount" sh -c '! mount -t resctrl resctrl /sys/fs/resctrl 2>/dev/null'
done_testing
