#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A bandwidth counter that wraps keeps counting: run on a platform whose
# counters are narrow (31 bits) and scaled (MBWUMON_IDR.SCALE), the total
# read through resctrl must go past the counter's range exactly.  Also
# checks that a scaled count is converted back to bytes.
. "$(dirname "$0")/lib.sh"

require_sim
grep -q "width=31" "$DBG/mpam/classes" || skip_all "the L3 counters are not 31 bits wide"
scale=$(awk '/^class cache L3/ {
	for (i = 1; i <= NF; i++) if ($i ~ /^scale=/) { sub("scale=", "", $i); print $i } }' \
	"$DBG/mpam/classes")
unit=$((1 << scale))
range=$(( (1 << 31) * unit ))

check "the narrow range is warned about" 1 \
	"$(dmesg | grep -c \
		"mbm_total_bytes: the bandwidth counters wrap every $((range >> 20)) MiB")"

mount_resctrl || skip_all "cannot mount resctrl"
mkdir $RESCTRL/g1
d=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | head -1 | cut -d= -f1)
set -- $(counter_label "$d" "$(group_counters "$d" | head -1)")
partid=$1 pmg=$2

inject "$d" "$partid" "$pmg" $((range - 10 * unit)) read
check "just below the counter's range" $((range - 10 * unit)) "$(read_mbm g1 "$d")"
inject "$d" "$partid" "$pmg" $((30 * unit)) write
check "past the range: the wrap is corrected" $((range + 20 * unit)) "$(read_mbm g1 "$d")"
inject "$d" "$partid" "$pmg" $((5 * unit)) read
check "and counting goes on" $((range + 25 * unit)) "$(read_mbm g1 "$d")"

rmdir $RESCTRL/g1
umount $RESCTRL
done_testing
