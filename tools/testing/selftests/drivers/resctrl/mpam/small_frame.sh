#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# MSCs whose MMIO frame is smaller than the whole register map but holds
# every register their features use are probed, and MPAM works with them:
# the small-frame platform's memory controllers have 4 KiB frames.  The
# frame sizes firmware gave are in /proc/iomem for ACPI's MSC devices, in
# the node's reg for DT.
. "$(dirname "$0")/lib.sh"

# The size of the frame of the MSC at hex address $1, as firmware gave it.
frame_size() {
	if [ -d /sys/firmware/acpi/tables ]; then
		end=$(sed -n "s/^ *$1-\([0-9a-f]*\) .*/\1/p" /proc/iomem)
		[ -n "$end" ] && printf '%#x\n' $((0x$end - 0x$1 + 1))
	else
		printf '%#x\n' "0x$(od -A n -t x1 -j 12 -N 4 /proc/device-tree/msc@${1#0}/reg |
			tr -d ' \n')"
	fi
}

# MPAM staying off is what this test is about: a failure, not a skip.
[ -d "$DBG/mpam_sim" ] || skip_all "no simulated MPAM platform (mpam_sim)"
check "MPAM is enabled with the small frames" enabled "$(head -1 "$DBG/mpam/status")"
[ "$KTAP_CNT_FAIL" -eq 0 ] || done_testing
for base in 0b020000 0b030000; do
	check "the MSC at $base has a 4 KiB frame" 0x1000 "$(frame_size $base)"
done
check "every MSC is probed" 4 "$(grep -c '^msc ' "$DBG/mpam/mscs")"

mount_resctrl || { not_ok "resctrl mounts"; done_testing; }
check "MB has both domains" "MB:0=100;2=100" \
	"$(grep '^ *MB:' $RESCTRL/schemata | tr -d ' ')"
mkdir $RESCTRL/g1
set -- $(group_label g1)
p=$1
echo "MB:0=50;2=30" > $RESCTRL/g1/schemata
check "MB domain 0: PARTID $p's MBW_MAX in the small frame" 0x7f00 \
	"$(sim_config $(mem_sim_of_domain 0) "$p" mbw_max)"
check "MB domain 2: PARTID $p's MBW_MAX in the small frame" 0x4c00 \
	"$(sim_config $(mem_sim_of_domain 2) "$p" mbw_max)"
rmdir $RESCTRL/g1
umount $RESCTRL
check "no access fell outside a frame" 0 "$(dmesg | grep -c 'outside its')"
done_testing
