#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Freed RMIDs come back.  fs/resctrl keeps a deleted group's RMID in limbo
# while its llc_occupancy is at or above max_threshold_occupancy, which the
# arch sets from the L3 size; a label that still occupies the cache waits
# there until it drops, then is reused.  A long run of mkdir/rmdir of
# CTRL_MON and MON groups never runs out of groups, with or without
# llc_occupancy.  LIMBO_CYCLES sets the length of the runs (default 1000).
#
# The last line before the TAP plan is make stress's figures:
#   CAMPAIGN: limbo iterations=N operations=N faults=0 errors=N
. "$(dirname "$0")/lib.sh"

cycles=${LIMBO_CYCLES:-1000}
runs=0

# finish: the figures (a run is a mkdir/rmdir of one group, two operations;
# the errors are the checks that failed), then the plan.
finish() {
	echo "CAMPAIGN: limbo iterations=$runs operations=$((2 * runs)) faults=0" \
		"errors=$KTAP_CNT_FAIL"
	done_testing
}
L3MON=$RESCTRL/info/L3_MON

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
has_occ=0
[ -f $RESCTRL/mon_data/mon_L3_00/llc_occupancy ] && has_occ=1

# mkdir_cycles PREFIX PARENT...: create and delete a group CYCLES times,
# under each PARENT in turn; prints how many mkdirs failed for good (it
# stops at 5).
mkdir_cycles() {
	prefix=$1
	shift
	i=0 bad=0
	while [ $i -lt "$cycles" ]; do
		eval "parent=\${$((i % $# + 1))}"
		if try_mkdir "$parent/$prefix$i" >/dev/null; then
			rmdir "$parent/$prefix$i"
		else
			bad=$((bad + 1))
			# RMIDs that never come back: no need to wait for the rest.
			[ $bad -ge 5 ] && break
		fi
		i=$((i + 1))
	done
	echo $bad
}

if [ $has_occ = 1 ]; then
	thr=$(cat $L3MON/max_threshold_occupancy)
	if [ "$thr" -gt 0 ]; then
		ok "max_threshold_occupancy is set ($thr bytes)"
	else
		not_ok "max_threshold_occupancy is set: reads $thr"
	fi
	if echo 4096 > $L3MON/max_threshold_occupancy; then
		check "max_threshold_occupancy takes a value" 4096 \
			"$(cat $L3MON/max_threshold_occupancy)"
	else
		not_ok "max_threshold_occupancy takes a value"
	fi
	if echo 1073741824 > $L3MON/max_threshold_occupancy 2>/dev/null; then
		not_ok "a threshold above the L3 size is refused"
	else
		ok "a threshold above the L3 size is refused: $(cat $RESCTRL/info/last_cmd_status)"
	fi
	echo "$thr" > $L3MON/max_threshold_occupancy
fi

check "$cycles mkdir/rmdir of a CTRL_MON group" 0 "$(mkdir_cycles c $RESCTRL)"
runs=$((runs + cycles))
# A freed RMID waits for the limbo worker: spread MON groups over parents.
parents=
for p in 1 2 3 4 5 6 7 8; do
	mkdir $RESCTRL/p$p
	parents="$parents $RESCTRL/p$p/mon_groups"
done
check "$cycles mkdir/rmdir of MON groups" 0 "$(mkdir_cycles m $parents)"
runs=$((runs + cycles))
for p in 1 2 3 4 5 6 7 8; do rmdir $RESCTRL/p$p; done
mkdir $RESCTRL/g
if mkdir $RESCTRL/after && mkdir $RESCTRL/after/mon_groups/m; then
	ok "mkdir still works after the runs"
	rmdir $RESCTRL/after/mon_groups/m $RESCTRL/after
else
	not_ok "mkdir still works after the runs: $(cat $RESCTRL/info/last_cmd_status)"
fi

if [ $has_occ = 0 ]; then
	rmdir $RESCTRL/g
	umount $RESCTRL
	finish
fi

# The label of a new MON group m1 of g.
mkdir $RESCTRL/g/mon_groups/m1
set -- $(group_label g/mon_groups/m1)
p=$1 g1=$2

# m1's label still holds a lot of domain 0's L3 when m1 goes: it stays in
# limbo.  g's PARTID has four PMGs, g holds one: two more MON groups fit.
set_occupancy 0 "$p" "$g1" 1000000
rmdir $RESCTRL/g/mon_groups/m1
mkdir $RESCTRL/g/mon_groups/m2 && mkdir $RESCTRL/g/mon_groups/m3
sleep 2
if mkdir $RESCTRL/g/mon_groups/m4 2>/dev/null; then
	not_ok "a label above the threshold stays in limbo"
	rmdir $RESCTRL/g/mon_groups/m4
else
	ok "a label above the threshold stays in limbo"
fi
set_occupancy 0 "$p" "$g1" 0
sleep 2
if mkdir $RESCTRL/g/mon_groups/m4; then
	ok "the label is reused once its occupancy drops"
else
	not_ok "the label is reused once its occupancy drops: $(cat $RESCTRL/info/last_cmd_status)"
fi
rmdir $RESCTRL/g/mon_groups/m4 $RESCTRL/g/mon_groups/m3 $RESCTRL/g/mon_groups/m2
rmdir $RESCTRL/g
umount $RESCTRL

# Freed under CDP, checked under a mount without: read in the encoding of
# the mount that freed it (its code PARTID is 2c + 1), until it drops.
mount_resctrl cdp || skip_all "cannot mount resctrl with CDP"
mkdir $RESCTRL/c1
partids=$(group_partids c1)
set -- $(group_label c1)
g=$2
set_occupancy 0 "${partids#*,}" "$g" 1000000
rmdir $RESCTRL/c1
umount $RESCTRL
mount_resctrl
sleep 2
set -- $(l3_sim_of_domain 0)
flt=$(awk -v r="$2" '$1 == "ris" && $2 == r && $3 == "csu" && $4 == 0 { print $8 }' \
	"$1/monitors")
check "under the next mount, limbo still reads the CDP code PARTID" "${partids#*,}" \
	"$((flt & 0xffff))"
set_occupancy 0 "${partids#*,}" "$g" 0
sleep 2
cycles=100
check "$cycles more mkdir/rmdir after the CDP mount" 0 "$(mkdir_cycles d $RESCTRL)"
runs=$((runs + cycles))
umount $RESCTRL
finish
