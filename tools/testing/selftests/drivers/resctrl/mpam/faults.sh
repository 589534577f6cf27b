#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Faults under load.  While groups come and go (four processes also make
# and remove a group in the root as fast as they can), counters and
# schemata are read, two MON groups' files read without pause and schemata
# written, the simulator injects faults at random points (from FAULTS_SEED):
#   faults.sh error [CODE]   an MSC error (CODE, default one picked by the
#                            seed from 0-15) in a random MSC and RIS
#   faults.sh nrdy-power     every monitor stuck not-ready for a while, then
#                            FAULTS_POWER power losses (default 3) of random
#                            MSCs: all state, the counters or the
#                            configuration
# Afterwards MPAM is either off cleanly (status says why, every monitor is
# free, resctrl unmounts and does not mount again) or working (groups are
# created, a schemata write reaches the MSC and a new group counts exactly
# what is injected).  Before an MSC error, which leaves no RMID to count,
# the workload pauses while every RMID is checked free, after a group whose
# label holds a little of the cache is deleted.  Destructive: run in a boot
# of its own.
#
#   CAMPAIGN: faults iterations=N operations=N faults=N errors=N
. "$(dirname "$0")/lib.sh"

mode=${1:-error}
RANDOM=${FAULTS_SEED:-7}
T=/tmp/faults

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
rm -rf $T
mkdir -p $T
mscs=$(ls -d $DBG/mpam_sim/msc@*)
nmsc=$(echo $mscs | wc -w)

# pick_msc: a random simulated MSC directory.
pick_msc() {
	set -- $mscs
	shift $((RANDOM % nmsc))
	echo $1
}

# The workload, until $T/run goes: group lifecycles, reads, writes.
lifecycles() {
	n=0
	while [ -f $T/run ]; do
		mkdir $RESCTRL/l$n 2>/dev/null && mkdir $RESCTRL/l$n/mon_groups/m 2>/dev/null
		cat $RESCTRL/l$n/mon_data/*/* >/dev/null 2>&1
		{ echo "L3:0=f0" > $RESCTRL/l$n/schemata; } 2>/dev/null
		rmdir $RESCTRL/l$n/mon_groups/m $RESCTRL/l$n 2>/dev/null
		n=$((n + 1))
	done
	echo $n >> $T/cycles
}

# root_churn W: mkdir and rmdir of one group in the root as fast as
# possible, so that a command is waiting for resctrl's lock whenever an
# error tears resctrl down (fs/resctrl once dereferenced the destroyed
# root's NULL kernfs node for such a command).
root_churn() {
	n=0
	while [ -f $T/run ]; do
		mkdir $RESCTRL/lc$1 2>/dev/null
		rmdir $RESCTRL/lc$1 2>/dev/null
		n=$((n + 1))
	done
	echo $n >> $T/churn$1
}
# mon_pokes DIR: the files of MON group DIR read as fast as the shell's
# own read can (no fork per read), so that a command on a MON group's file
# is in flight whenever an error tears resctrl down (fs/resctrl once freed
# such groups before removing their directories).  Only reads that worked
# count; once the group is gone (after a teardown), it waits.
mon_pokes() {
	n=0
	while [ -f $T/run ]; do
		# Both always hold a line (tasks, empty here, would end the read).
		if { read -r x < $1/cpus && read -r x < $1/cpus_list; } 2>/dev/null; then
			n=$((n + 2))
		elif [ ! -d $1 ]; then
			sleep 1
		fi
	done
	echo $n >> $T/pokes.$(basename $(dirname $(dirname $1)))
}
# reads: every counter and the schemata, each read given 30 s: a read that
# never returns is a hang.  One that took over 10 s, with no kernel report,
# was seen once in a make stress part sharing two host CPUs with two other
# VMs (its boot five times slower than alone; alone, it passed).
reads() {
	n=0
	while [ -f $T/run ]; do
		for f in $RESCTRL/mon_data/*/* $RESCTRL/*/mon_data/*/* $RESCTRL/schemata; do
			timeout 30 cat "$f" >/dev/null 2>&1
			[ $? -ge 124 ] && echo "$f" >> $T/hung
			n=$((n + 1))
		done
	done
	echo $n >> $T/reads
}

# start_workload, stop_workload: the workload's processes, and the groups
# it keeps (each worker adds its figures to its file in $T).
# The MON groups are made first, before the churn takes the clean RMIDs
# (after check_every_rmid_free, every RMID is in limbo for a moment).
start_workload() {
	: > $T/run
	for g in fc fc/mon_groups/fp mon_groups/fp; do
		try_mkdir $RESCTRL/$g >/dev/null || break
	done
	check "the workload's groups are made" "fc fp fp" \
		"$(ls -d $RESCTRL/fc $RESCTRL/fc/mon_groups/fp $RESCTRL/mon_groups/fp 2>/dev/null |
		   xargs -n1 basename 2>/dev/null | xargs)"
	mon_pokes $RESCTRL/fc/mon_groups/fp &
	mon_pokes $RESCTRL/mon_groups/fp &
	lifecycles &
	reads &
	for w in 1 2 3 4; do
		root_churn $w &
	done
}
stop_workload() {
	rm $T/run
	wait
	rmdir $RESCTRL/l*/mon_groups/* $RESCTRL/l* $RESCTRL/fc/mon_groups/fp $RESCTRL/fc \
		$RESCTRL/mon_groups/fp 2>/dev/null
}

# rmid_precheck: with the workload stopped, a group whose label holds a
# little of the cache (below the realloc threshold, as a task that ran in
# it leaves) is deleted, and every RMID must be free.  An MSC error turns
# MPAM off, after which no RMID can be counted: a lost one is caught here.
rmid_precheck() {
	if ! try_mkdir $RESCTRL/pre >/dev/null; then
		not_ok "a group is made before the error: $(cat $RESCTRL/info/last_cmd_status)"
		return
	fi
	set -- $(group_label pre)
	if [ $# = 2 ]; then
		set_occupancy 0 "$1" "$2" 4096
		ok "label $1/$2 holds 4096 bytes of the cache"
	else
		not_ok "the group's label is known: '$*'"
	fi
	rmdir $RESCTRL/pre
	sleep 2
	check_every_rmid_free
}

start_workload
faults=0
case $mode in
error)
	code=${2:-$((RANDOM % 16))}
	sleep $((1 + RANDOM % 2))
	stop_workload
	rmid_precheck
	start_workload
	sleep $((1 + RANDOM % 4))
	sim=$(pick_msc)
	echo "# error code $code in $(basename $sim) RIS 0"
	echo "ris=0 code=$code partid=$((RANDOM % 64)) pmg=$((RANDOM % 4))" > $sim/error
	faults=1
	sleep 2
	;;
nrdy-power)
	sleep $((1 + RANDOM % 3))
	for s in $mscs; do echo 1 > $s/nrdy_stuck; done
	echo "# every monitor stuck not-ready for 3 s"
	sleep 3
	for s in $mscs; do echo 0 > $s/nrdy_stuck; done
	faults=$nmsc
	i=0
	while [ $i -lt "${FAULTS_POWER:-3}" ]; do
		sleep $((1 + RANDOM % 3))
		sim=$(pick_msc)
		case $((RANDOM % 3)) in
		0) kind=all ;; 1) kind=counters ;; *) kind=config ;;
		esac
		echo "# power loss ($kind) of $(basename $sim)"
		echo $kind > $sim/power_down
		faults=$((faults + 1)) i=$((i + 1))
	done
	sleep 2
	;;
*)
	echo "usage: faults.sh error [CODE] | nrdy-power"
	exit 2
	;;
esac
stop_workload
sum() { cat "$@" | awk '{ n += $1 } END { print n + 0 }'; }
cycles=$(sum $T/cycles) reads=$(sum $T/reads) churn=$(sum $T/churn*) pokes=$(sum $T/pokes.*)
echo "# $cycles group lifecycles, $churn mkdir/rmdir pairs in the root," \
	"$reads reads and $pokes reads of two MON groups' files around $faults faults"
check "no read hung" "" "$(cat $T/hung 2>/dev/null)"
# MSC errors the driver logged (by name, with their ERRCODE).
errors=$(dmesg | grep -c 'ERRCODE')

if grep -q '^disabled' $DBG/mpam/status; then
	ok "MPAM is off: $(sed -n 2p $DBG/mpam/status)"
	check "no monitor left allocated" "" \
		"$(grep monitors $DBG/mpam/classes | grep -v 'csu 0/[0-9]* mbwu 0/')"
	rmdir $RESCTRL/*/mon_groups/* $RESCTRL/* 2>/dev/null
	if umount $RESCTRL; then ok "resctrl unmounts"; else not_ok "resctrl unmounts"; fi
	check_no_remount
else
	ok "MPAM is still on"
	check "no workload group is left" "" \
		"$(ls -d $RESCTRL/l* $RESCTRL/fc $RESCTRL/mon_groups/fp 2>/dev/null)"
	sleep 2
	if mkdir $RESCTRL/after; then
		ok "mkdir works"
		echo "L3:0=3" > $RESCTRL/after/schemata
		set -- $(group_counters 0)
		set -- $(counter_label 0 "$1")
		partid=$1 pmg=$2
		set -- $(l3_sim_of_domain 0)
		check "a schemata write reaches the MSC" 0x3 \
			"$(sim_config "$1" "$2" "$partid" cpbm)"
		before=$(read_mbm after 0)
		inject 0 "$partid" "$pmg" 8192
		check "a new group counts what is injected" 8192 \
			"$(($(read_mbm after 0) - before))"
		rmdir $RESCTRL/after
	else
		not_ok "mkdir works: $(cat $RESCTRL/info/last_cmd_status)"
	fi
	sleep 2
	check_every_rmid_free
	umount $RESCTRL
fi
echo "CAMPAIGN: faults-$mode iterations=$cycles" \
	"operations=$((cycles * 5 + churn * 2 + reads + pokes))" \
	"faults=$faults errors=$errors"
done_testing
