#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What CDP changes, and what it must not carry over.  Under CDP a CLOSID
# has two PARTIDs: num_rmids halves; MB, which resctrl does not split into
# code and data, is offered only where the memory controllers narrow both
# PARTIDs onto one internal PARTID (nrw-memory.platform), and hidden with a
# message otherwise (default.platform).  Back without CDP, no PARTID keeps
# the CDP mount's configuration, mapping or counts.
. "$(dirname "$0")/lib.sh"

require_sim
narrowing=0
grep -q '^class memory:.* intpartid_max=' $DBG/mpam/classes && narrowing=1

# mb_in_schemata: 1 when the default group's schemata has an MB line.
mb_in_schemata() {
	grep -c '^ *MB:' $RESCTRL/schemata
}

mount_resctrl || skip_all "cannot mount resctrl"
nr=$(cat $RESCTRL/info/L3_MON/num_rmids)
check "MB without CDP" 1 "$(mb_in_schemata)"
umount $RESCTRL

mount_resctrl cdp || skip_all "cannot mount resctrl with CDP"
check "CDP halves num_rmids" $((nr / 2)) "$(cat $RESCTRL/info/L3_MON/num_rmids)"
mkdir $RESCTRL/g
set -- $(group_counters 0)
cntr=$1
partids=$(counter_partids 0 "$cntr")
set -- $(counter_label 0 "$cntr")
pmg=$2
pd=${partids%,*} pi=${partids#*,}
set -- $(mem_sim_of_domain 0)
mem=$1 mris=$2
if [ $narrowing = 1 ]; then
	check "with narrowing, MB is offered under CDP" 1 "$(mb_in_schemata)"
	echo "MB:0=50" > $RESCTRL/g/schemata
	check "the code PARTID uses the data PARTID's internal PARTID" "$pd" \
		"$(sim_config "$mem" "$mris" "$pi" intpartid)"
	check "the data PARTID keeps its own" "$pd" "$(sim_config "$mem" "$mris" "$pd" intpartid)"
	if [ "$(sim_config "$mem" "$mris" "$pd" mbw_max)" != 0xff00 ]; then
		ok "the shared internal PARTID holds the group's limit"
	else
		not_ok "the shared internal PARTID holds the group's limit"
	fi
else
	check "without narrowing, MB is hidden under CDP" 0 "$(mb_in_schemata)"
	check "and the log says why" 1 \
		"$(dmesg | grep -c 'MB is not offered on this mount (cdp or cdpl2): the MSCs backing MB cannot narrow')"
fi
echo "L3CODE:0=3" > $RESCTRL/g/schemata
echo "L3DATA:0=c" > $RESCTRL/g/schemata
inject 0 "$pd" "$pmg" 4096
inject 0 "$pi" "$pmg" 1024
check "the CDP counter counts both PARTIDs" 5120 "$(read_mbm g 0)"
umount $RESCTRL

mount_resctrl || skip_all "cannot mount resctrl again"
check "MB is back without CDP" 1 "$(mb_in_schemata)"
check "num_rmids is whole again" "$nr" "$(cat $RESCTRL/info/L3_MON/num_rmids)"
set -- $(l3_sim_of_domain 0)
check "the code PARTID's portions are back at the defaults" 0xffff \
	"$(sim_config "$1" "$2" "$pi" cpbm)"
check "the data PARTID's portions are back at the defaults" 0xffff \
	"$(sim_config "$1" "$2" "$pd" cpbm)"
check "the code PARTID's MB limit is back at the default" 0xff00 \
	"$(sim_config "$mem" "$mris" "$pi" mbw_max)"
if [ $narrowing = 1 ]; then
	check "the code PARTID is its own internal PARTID again" "$pi" \
		"$(sim_config "$mem" "$mris" "$pi" intpartid)"
fi
# New groups, whatever PARTIDs they get, count from zero.
for i in 1 2 3 4 5 6 7 8; do mkdir $RESCTRL/n$i; done
fresh=0
for i in 1 2 3 4 5 6 7 8; do
	v=$(read_mbm n$i 0)
	[ "$v" = 0 ] || [ "$v" = Unassigned ] || fresh=$((fresh + 1))
done
check "no new group starts with the CDP mount's counts" 0 "$fresh"
for i in 1 2 3 4 5 6 7 8; do rmdir $RESCTRL/n$i; done
umount $RESCTRL
done_testing
