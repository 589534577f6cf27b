#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A bandwidth counter that wraps keeps counting: run on a platform whose
# counters are narrow (31 bits) and scaled (MBWUMON_IDR.SCALE), the total
# read through resctrl must go past the counter's range exactly.  Also
# checks that a scaled count is converted back to bytes, and that with the
# overflow interrupt two wraps between two reads are both counted.
. "$(dirname "$0")/lib.sh"

require_sim
grep -q "width=31" "$DBG/mpam/classes" || skip_all "the L3 counters are not 31 bits wide"
scale=$(awk '/^class cache L3/ {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^scale=/) { sub("scale=", "", $i); print $i } }' \
	"$DBG/mpam/classes")
unit=$((1 << scale))
range=$(( (1 << 31) * unit ))

check "the narrow range is warned about" 1 \
	"$(dmesg | grep -c \
		"mbm_total_bytes: the bandwidth counters wrap every $((range >> 20)) MiB")"

mount_resctrl || skip_all "cannot mount resctrl"
mkdir $RESCTRL/g1
d=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | head -1 | cut -d= -f1)
set -- $(group_label g1)
partid=$1 pmg=$2

inject "$d" "$partid" "$pmg" $((range - 10 * unit)) read
check "just below the counter's range" $((range - 10 * unit)) "$(read_mbm g1 "$d")"
inject "$d" "$partid" "$pmg" $((30 * unit)) write
check "past the range: the wrap is corrected" $((range + 20 * unit)) "$(read_mbm g1 "$d")"
inject "$d" "$partid" "$pmg" $((5 * unit)) read
check "and counting goes on" $((range + 25 * unit)) "$(read_mbm g1 "$d")"

# Two wraps between two reads: only the overflow interrupt, which accounts
# each wrap as it happens, keeps the total exact.
set -- $(l3_sim_of_domain "$d")
base=${1##*msc@}
msc=$(awk -v b="$base" '$1 == "msc" { x = $3; sub("base=0x0*", "", x); if (x == b) print $2 }' \
	"$DBG/mpam/mscs")
# Firmware describes the interrupt (the device tree says so even to a
# driver that would not use it), or the driver uses one.
if grep -qs overflow "/proc/device-tree/msc@$base/interrupt-names" ||
   grep -q "^msc $msc .* overflow_irq=[1-9]" "$DBG/mpam/mscs"; then
	overflows() {
		awk -v m="$msc" '$1 == "msc" && $2 == m {
			for (i = 1; i <= NF; i++)
				if ($i ~ /^overflows=/) { sub("overflows=", "", $i); print $i } }' \
			"$DBG/mpam/mscs"
	}
	before=$(overflows)
	# Back to back: resctrl's overflow worker reads every second.
	inject "$d" "$partid" "$pmg" "$range" read
	inject "$d" "$partid" "$pmg" "$range" write
	sleep 1
	check "the overflow interrupt accounted both wraps" $((before + 2)) "$(overflows)"
	check "two wraps between two reads: the total is exact" $((3 * range + 25 * unit)) \
		"$(read_mbm g1 "$d")"
else
	ok "# SKIP two wraps between reads: firmware gives the MSC no overflow interrupt"
fi

rmdir $RESCTRL/g1
umount $RESCTRL
done_testing
