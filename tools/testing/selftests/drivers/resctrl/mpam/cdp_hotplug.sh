#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# CDP with a single bandwidth monitor per domain leaves no counter (a counter
# needs one monitor per PARTID of the pair): resctrl must still mount and
# work.  A domain whose CPUs go offline and come back during the CDP mount
# is sized for the halved count; unmounting (CDP off, then every counter
# unassigned at the full count) must not run past what the domain has, and
# the next mount has the full count again and counts.
. "$(dirname "$0")/lib.sh"

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
full=$(cat $RESCTRL/info/L3_MON/num_mbm_cntrs)
umount $RESCTRL

mount_resctrl cdp || skip_all "no CDP on this platform"
cdp=$(cat $RESCTRL/info/L3_MON/num_mbm_cntrs)
for d in $(echo "$full" | tr ';' '\n' | cut -d= -f1); do
	check "domain $d: half the counters with CDP" \
		"$(( $(echo "$full" | tr ';' '\n' | grep "^$d=" | cut -d= -f2) / 2 ))" \
		"$(echo "$cdp" | tr ';' '\n' | grep "^$d=" | cut -d= -f2)"
done
if mkdir $RESCTRL/g1; then ok "mkdir works with CDP"; else not_ok "mkdir with CDP"; fi
last=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | tail -1 | cut -d= -f1)

# Take the last domain's CPUs offline and back, under CDP.
cpus=$(for c in /sys/devices/system/cpu/cpu[0-9]*; do
	[ "$(cat $c/cache/index3/id 2>/dev/null)" = "$last" ] && basename $c
done)
for c in $cpus; do echo 0 > /sys/devices/system/cpu/$c/online; done
check "domain $last gone with its CPUs" "" \
	"$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | grep "^$last=")"
for c in $cpus; do echo 1 > /sys/devices/system/cpu/$c/online; done
check "domain $last back" 1 \
	"$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | grep -c "^$last=")"
case "$(read_mbm g1 "$last")" in
Unassigned) ok "a CDP counter-less domain reads Unassigned" ;;
*) if [ "$(domain_value $RESCTRL/info/L3_MON/num_mbm_cntrs "$last")" != 0 ]; then
	ok "domain $last has counters under CDP"
   else
	not_ok "domain $last read '$(read_mbm g1 "$last")'"
   fi ;;
esac
rmdir $RESCTRL/g1
umount $RESCTRL && ok "unmount after hotplug under CDP"

mount_resctrl || skip_all "cannot remount"
check "remount restores the counters" "$full" "$(cat $RESCTRL/info/L3_MON/num_mbm_cntrs)"
# The default group holds the only counter again; it counts PARTID 0, PMG 0.
check "the default group is assigned in domain $last" "0 0" "$(counter_label "$last" 0)"
inject "$last" 0 0 4096 read
check "the re-onlined domain counts after remount" 4096 "$(read_mbm "" "$last")"
umount $RESCTRL
done_testing
