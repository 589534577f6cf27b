# SPDX-License-Identifier: GPL-2.0
# vm-test: small-frame-refused acpi
#
# An L3 MSC whose 4 KiB frame does not reach its cache portion bitmap
# (MPAMCFG_CPBM at 0x1000) is refused with a message giving the frame size
# and what its features need; the register is never accessed, and MPAM
# stays off with the other three MSCs probed.
. /usr/share/mpam-selftests/lib.sh

check "the driver names the MSC, its frame and what it needs" 1 \
	"$(dmesg | grep -c 'MSC 0: its 0x1000-byte MMIO frame is too small for its features, which need 0x1004 bytes')"
check "no access fell outside the frame" 0 "$(dmesg | grep -c 'outside its')"
check "MPAM says why it stays off" 1 \
	"$(dmesg | grep -c 'an MSC failed to probe: the PARTID range cannot be sized, MPAM stays off')"
check "the other three MSCs probed" 3 "$(grep -c '^msc ' /sys/kernel/debug/mpam/mscs)"
check "MPAM stays off, and says so" disabled "$(head -1 /sys/kernel/debug/mpam/status)"
done_testing
