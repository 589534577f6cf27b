# SPDX-License-Identifier: GPL-2.0
# vm-test: bad-aidr dt
#
# One MSC firmware describes cannot be driven (an unsupported architecture
# version): it fails to probe with a message naming the version, the others
# probe, and MPAM stays off because the PARTID range cannot be sized
# without every MSC.  resctrl does not mount.
. /usr/share/mpam-selftests/lib.sh

check "the version is named" 1 \
	"$(dmesg | grep -c 'MPAM architecture version 2.0 (AIDR 0x20) is not supported')"
check "MPAM says why it stays off" 1 \
	"$(dmesg | grep -c 'an MSC failed to probe: the PARTID range cannot be sized, MPAM stays off')"
check "the other three MSCs probed" 3 "$(grep -c '^msc ' /sys/kernel/debug/mpam/mscs)"
check "MPAM stays off, and says so" disabled "$(head -1 /sys/kernel/debug/mpam/status)"
check "debugfs says why" 1 "$(grep -c "^reason an MSC failed to probe" /sys/kernel/debug/mpam/status)"
check_cmd "resctrl does not mount" sh -c '! mount -t resctrl resctrl /sys/fs/resctrl 2>/dev/null'
done_testing
