#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Group lifecycles under load, and nothing lost.  Four processes at once
# create and delete CTRL_MON groups, MON groups inside them and MON groups
# of the default group, LIFECYCLE_OPS mkdir/rmdir pairs in all (default
# 100), while other processes read every group's counters and schemata,
# write the schemata of the groups that exist and inject traffic through
# the simulator.  Afterwards every counter and monitor is free again (the
# counts of info/L3_MON/available_mbm_cntrs, debugfs mpam/classes and
# mpam/resctrl_counters are those of before), every RMID is free (as many
# groups as info/L3_MON/num_rmids says can be created at once, and one more
# cannot), no group is left behind, and mkdir still works.
#
# The last line before the TAP plan is the campaign's figures:
#   CAMPAIGN: lifecycle iterations=N operations=N faults=0 errors=N
. "$(dirname "$0")/lib.sh"

ops=${LIFECYCLE_OPS:-100}
workers=4
L3MON=$RESCTRL/info/L3_MON
T=/tmp/lifecycle

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
rm -rf $T
mkdir -p $T

cntrs_before=$(cat $L3MON/available_mbm_cntrs)
mons_before=$(grep monitors "$DBG/mpam/classes")
assigned_before=$(cat "$DBG/mpam/resctrl_counters")
set -- $(l3_sim_of_domain 0)
sim=$1 ris=$2
partids=$(awk '/^partid_max/ { print $2 + 1 }' "$DBG/mpam/status")
pmgs=$(awk '/^pmg_max/ { print $2 + 1 }' "$DBG/mpam/status")

# worker ID: OPS/4 mkdir/rmdir pairs, in turn a CTRL_MON group with a MON
# group inside, and a MON group of the default group.  Writes "pairs
# errors retries" to $T/w.ID.
worker() {
	id=$1 i=0 pairs=0 errs=0 retries=0
	while [ $pairs -lt $((ops / workers)) ] && [ $errs -lt 5 ]; do
		# Groups that never come back stop the worker after five
		# failures: the checks below tell what was lost.
		if [ $((i % 2)) = 0 ]; then
			c=$RESCTRL/w${id}c$i
			if r=$(try_mkdir $c); then
				pairs=$((pairs + 1))
				if r2=$(try_mkdir $c/mon_groups/m); then
					rmdir $c/mon_groups/m || errs=$((errs + 1))
					pairs=$((pairs + 1))
				else
					errs=$((errs + 1))
				fi
				rmdir $c || errs=$((errs + 1))
				retries=$((retries + r + r2))
			else
				errs=$((errs + 1))
			fi
		else
			m=$RESCTRL/mon_groups/w${id}m$i
			if r=$(try_mkdir $m); then
				pairs=$((pairs + 1))
				rmdir $m || errs=$((errs + 1))
			else
				errs=$((errs + 1))
			fi
			retries=$((retries + r))
		fi
		i=$((i + 1))
		echo $pairs > $T/p.$id
	done
	echo "$pairs $errs $retries" > $T/w.$id
}

# reader: every counter and schemata of every group, until told to stop.
reader() {
	n=0
	while [ -f $T/run ]; do
		for f in $RESCTRL/*/mon_data/*/* $RESCTRL/mon_groups/*/mon_data/*/* \
			 $RESCTRL/*/mon_groups/*/mon_data/*/* $RESCTRL/*/schemata \
			 $RESCTRL/*/mbm_L3_assignments; do
			cat "$f" >/dev/null 2>&1
			n=$((n + 1))
		done
		sleep 0.1
	done
	echo $n > $T/reads
}

# writer: the schemata of the worker groups that exist.
writer() {
	n=0 k=0
	while [ -f $T/run ]; do
		for g in $RESCTRL/w*; do
			[ -d "$g" ] || continue
			k=$(((k + 1) % 4))
			case $k in
			0) s="L3:0=f0;2=f" ;; 1) s="L3:0=ff00" ;;
			2) s="MB:0=50;2=30" ;; *) s="L3:0=ffff;2=ffff" ;;
			esac
			echo "$s" 2>/dev/null > "$g/schemata"
			n=$((n + 1))
		done
		sleep 0.1
	done
	echo $n > $T/writes
}

# traffic: reads and writes of every label through domain 0's L3.
traffic() {
	n=0
	RANDOM=12
	while [ -f $T/run ]; do
		echo "ris=$ris partid=$((RANDOM % partids)) pmg=$((RANDOM % pmgs)) bytes=65536" \
			> "$sim/inject"
		n=$((n + 1))
		sleep 0.05
	done
	echo $n > $T/injects
}

start=$(cut -d. -f1 /proc/uptime)
: > $T/run
reader & writer & traffic &
w=0
pids=
while [ $w -lt $workers ]; do
	worker $w &
	pids="$pids $!"
	w=$((w + 1))
done
# A line a minute while the workers run, so that a long run shows it moves.
any_alive() {
	for p in $pids; do
		kill -0 $p 2>/dev/null && return 0
	done
	return 1
}
next=$((start + 60))
while any_alive; do
	sleep 1
	now=$(cut -d. -f1 /proc/uptime)
	[ "$now" -ge $next ] || continue
	next=$((next + 60))
	sofar=$(cat $T/p.* 2>/dev/null | awk '{ n += $1 } END { print n + 0 }')
	echo "# $((now - start))s: $sofar pairs so far"
done
wait $pids
rm $T/run
wait
secs=$(($(cut -d. -f1 /proc/uptime) - start))

pairs=0 errs=0 retries=0
for f in $T/w.*; do
	set -- $(cat $f)
	pairs=$((pairs + $1)) errs=$((errs + $2)) retries=$((retries + $3))
done
reads=$(cat $T/reads) writes=$(cat $T/writes) injects=$(cat $T/injects)
echo "# $pairs mkdir/rmdir pairs by $workers processes in ${secs}s ($retries waits for limbo)," \
	"$reads reads, $writes schemata writes, $injects injections"
check "every mkdir and rmdir worked" 0 "$errs"
if [ "$pairs" -ge $((ops / workers * workers)) ]; then
	ok "at least $ops mkdir/rmdir pairs made ($pairs)"
else
	not_ok "at least $ops mkdir/rmdir pairs made: $pairs"
fi

# Limbo empties within a pass or two of its worker once no label holds
# occupancy (nothing set any).
sleep 3
check "no worker group is left" "" "$(ls -d $RESCTRL/w* $RESCTRL/mon_groups/w* 2>/dev/null)"
check "every counter is free again (available_mbm_cntrs)" "$cntrs_before" \
	"$(cat $L3MON/available_mbm_cntrs)"
check "every monitor is free again (debugfs classes)" "$mons_before" \
	"$(grep monitors "$DBG/mpam/classes")"
check "the counters assigned are those of before (debugfs resctrl_counters)" \
	"$assigned_before" "$(cat "$DBG/mpam/resctrl_counters")"

check_every_rmid_free
sleep 2
if try_mkdir $RESCTRL/after >/dev/null && try_mkdir $RESCTRL/after/mon_groups/m >/dev/null; then
	ok "mkdir still works"
	rmdir $RESCTRL/after/mon_groups/m $RESCTRL/after
else
	not_ok "mkdir still works: $(cat $RESCTRL/info/last_cmd_status)"
fi
umount $RESCTRL
echo "CAMPAIGN: lifecycle iterations=$pairs operations=$((2 * pairs + reads + writes + injects))" \
	"faults=0 errors=$errs"
done_testing
