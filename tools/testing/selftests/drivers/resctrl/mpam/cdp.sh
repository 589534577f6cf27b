#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# With CDP a counter uses two monitors, one per PARTID of the group's pair,
# and reads their sum: the counter count halves, both PARTIDs' traffic is
# counted, and a remount without CDP restores the count.
. "$(dirname "$0")/lib.sh"

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
before=$(cat $RESCTRL/info/L3_MON/num_mbm_cntrs)
umount $RESCTRL

mount_resctrl cdp || skip_all "no CDP on this platform"
during=$(cat $RESCTRL/info/L3_MON/num_mbm_cntrs)
echo "$before" > /tmp/mpam_cntrs_before
for d in $(echo "$before" | tr ';' '\n' | cut -d= -f1); do
	full=$(domain_value /tmp/mpam_cntrs_before "$d")
	half=$(domain_value $RESCTRL/info/L3_MON/num_mbm_cntrs "$d")
	check "domain $d: CDP halves the counters ($full)" "$((full / 2))" "$half"
done
check "schemata has code and data" 2 "$(grep -c '^ *L3[CD][OA]' $RESCTRL/schemata)"

mkdir $RESCTRL/g1
for d in $(echo "$during" | tr ';' '\n' | cut -d= -f1); do
	c=$(group_counters "$d" | head -1)
	[ -n "$c" ] || { not_ok "domain $d: g1 got no counter"; continue; }
	parts=$(counter_partids "$d" "$c")
	check "domain $d: the counter counts a data and a code PARTID" 2 \
		"$(echo "$parts" | tr ',' '\n' | wc -l)"
	pd=$(echo "$parts" | cut -d, -f1)
	pi=$(echo "$parts" | cut -d, -f2)
	check "domain $d: the pair is 2n, 2n+1" "$((pd + 1))" "$pi"
	pmg=$(counter_label "$d" "$c" | cut -d' ' -f2)
	inject "$d" "$pd" "$pmg" 5000 read
	inject "$d" "$pi" "$pmg" 700 read
	check "domain $d: the counter reads data + code traffic" 5700 "$(read_mbm g1 "$d")"
done
rmdir $RESCTRL/g1
umount $RESCTRL

mount_resctrl || skip_all "cannot remount"
check "remount without CDP restores the counters" "$before" \
	"$(cat $RESCTRL/info/L3_MON/num_mbm_cntrs)"
umount $RESCTRL
done_testing
