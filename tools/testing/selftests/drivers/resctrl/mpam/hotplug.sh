#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# CPU hotplug under load.  HOTPLUG_LOOPS times (default 1), every CPU that
# can go offline goes offline and comes back, then every L3 domain whose
# CPUs can all go does so as a whole, while other processes read counters
# and schemata, create and delete groups and write schemata; then the same
# under a CDP mount.  After every online the state is restored: the domain
# is back in resctrl, and the MSC of every domain holds for group h1's
# PARTID the portion bitmap its schemata shows.
#
#   CAMPAIGN: hotplug iterations=N operations=N faults=N errors=N
. "$(dirname "$0")/lib.sh"

loops=${HOTPLUG_LOOPS:-1}
T=/tmp/hotplug
CPUS=/sys/devices/system/cpu

require_sim
rm -rf $T
mkdir -p $T
offlines=0 errs=0

# The CPUs that can go offline, and those of L3 domain $1.
removable() {
	for c in $CPUS/cpu[0-9]*; do [ -f $c/online ] && basename $c; done
}
domain_cpus() {
	for c in $CPUS/cpu[0-9]*; do
		[ "$(cat $c/cache/index3/id 2>/dev/null)" = "$1" ] && basename $c
	done
}
domains() {
	tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | cut -d= -f1
}

workload() {
	n=0
	while [ -f $T/run ]; do
		mkdir $RESCTRL/w 2>/dev/null && mkdir $RESCTRL/w/mon_groups/m 2>/dev/null
		cat $RESCTRL/mon_data/*/* $RESCTRL/*/mon_data/*/* $RESCTRL/*/schemata \
			>/dev/null 2>&1
		echo "L3:0=ff" 2>/dev/null > $RESCTRL/w/schemata
		rmdir $RESCTRL/w/mon_groups/m $RESCTRL/w 2>/dev/null
		n=$((n + 1))
	done
	echo $n >> $T/cycles
}

# restored WHAT DOMAINS: every domain is in resctrl, and (without CDP) each
# MSC holds h1's schemata.
restored() {
	what=$1
	got=$(domains | tr '\n' ' ')
	if [ "$got" != "$2" ]; then
		errs=$((errs + 1))
		not_ok "$what: domains '$got', want '$2'"
		return
	fi
	[ -n "$cdp" ] && return
	for d in $2; do
		v=$(grep '^ *L3:' $RESCTRL/h1/schemata | tr ';:' '\n\n' | sed -n "s/^$d=//p")
		set -- $(l3_sim_of_domain "$d")
		want=$(printf '0x%x' "0x$v")
		have=$(sim_config "$1" "$2" "$partid" cpbm)
		if [ "$have" != "$want" ]; then
			errs=$((errs + 1))
			not_ok "$what: domain $d's MSC holds $have for h1, schemata says $want"
		fi
	done
}

# campaign [cdp]: one mount's hotplug loops.
campaign() {
	cdp=$1
	mount_resctrl $cdp || { not_ok "mount ${cdp:-without CDP}"; return; }
	mkdir $RESCTRL/h1 $RESCTRL/h1/mon_groups/m
	set -- $(group_counters 0)
	set -- $(counter_label 0 "$1")
	partid=$1
	all=$(domains | tr '\n' ' ')
	[ -z "$cdp" ] && echo "L3:0=f0;2=3c" > $RESCTRL/h1/schemata
	: > $T/run
	workload &
	l=0
	while [ $l -lt "$loops" ]; do
		for c in $(removable); do
			echo 0 > $CPUS/$c/online && offlines=$((offlines + 1))
			echo 1 > $CPUS/$c/online
			restored "${cdp:+CDP: }$c offline and back" "$all"
		done
		for d in $all; do
			cpus=$(domain_cpus "$d")
			whole=1
			for c in $cpus; do [ -f $CPUS/$c/online ] || whole=; done
			[ -n "$whole" ] || continue
			for c in $cpus; do
				echo 0 > $CPUS/$c/online && offlines=$((offlines + 1))
			done
			gone=$(domains | grep -c "^$d$")
			if [ "$gone" != 0 ]; then
				errs=$((errs + 1))
				not_ok "${cdp:+CDP: }domain $d stays with its CPUs offline"
			fi
			for c in $cpus; do echo 1 > $CPUS/$c/online; done
			restored "${cdp:+CDP: }domain $d offline and back" "$all"
		done
		l=$((l + 1))
	done
	rm $T/run
	wait
	rmdir $RESCTRL/h1/mon_groups/m $RESCTRL/h1
	if umount $RESCTRL; then ok "${cdp:+CDP: }unmount after $loops hotplug loops"
	else not_ok "${cdp:+CDP: }unmount after hotplug"; fi
}

campaign
campaign cdp
mount_resctrl
sleep 2
check_every_rmid_free
if mkdir $RESCTRL/after; then ok "mkdir still works"; rmdir $RESCTRL/after
else not_ok "mkdir still works"; fi
umount $RESCTRL
cycles=$(awk '{ n += $1 } END { print n + 0 }' $T/cycles)
echo "# $offlines CPU offlines, $cycles workload cycles"
check "state restored after every online" 0 "$errs"
echo "CAMPAIGN: hotplug iterations=$offlines operations=$((offlines * 2 + cycles * 5))" \
	"faults=$offlines errors=$errs"
done_testing
