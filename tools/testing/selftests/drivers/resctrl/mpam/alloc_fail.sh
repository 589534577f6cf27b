#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Allocation failures in every resctrl operation the driver is behind.
# failslab and fail_page_alloc are armed for sleeping allocations too, and
# each operation is run with the Nth fault-injection point of its thread
# failing (failnth: /proc/thread-self/fail-nth), for N = 1, 2, ... until
# the operation passes all of its points (ALLOCFAIL_STRIDE=K tries only
# every Kth after the first 8).  An operation that fails must
# leave every counter, monitor, group, schemata and mount as they were
# (the kernel's messages and errno say why); one that survives its
# failure is undone.  Afterwards every counter and monitor is free and
# mkdir works; the debug kernel's kmemleak scan after the script finds any
# object an error path lost.  Then the KUnit suite mpam_alloc_fail (the
# probe paths: ACPI parsing, MSC probing, enabling) runs the same sweep in
# the kernel, through debugfs.  Needs CONFIG_FAULT_INJECTION, FAILSLAB,
# FAIL_PAGE_ALLOC and their debugfs (the debug kernel).
#
#   CAMPAIGN: allocfail iterations=N operations=N faults=N errors=N
. "$(dirname "$0")/lib.sh"

FAILNTH=$(command -v failnth || echo "$(dirname "$0")/failnth")
L3MON=$RESCTRL/info/L3_MON
F=$L3MON/event_configs/mbm_total_bytes/event_filter
READS=local_reads,remote_reads,local_reads_slow_memory,remote_reads_slow_memory
WRITES=local_non_temporal_writes,remote_non_temporal_writes,dirty_victim_writes_all
MAXN=${ALLOCFAIL_MAXN:-2000}
# After the first 8 points, only every STRIDE-th (default 1: every point;
# the short form of make check samples with a larger one, as mounting
# alone passes some 300 points).
STRIDE=${ALLOCFAIL_STRIDE:-1}
ops=0 attempts=0 injected=0 refused=0 tolerated=0 errs=0

require_sim
[ -w /proc/self/fail-nth ] || skip_all "no /proc/self/fail-nth (CONFIG_FAULT_INJECTION)"
[ -d $DBG/failslab ] && [ -d $DBG/fail_page_alloc ] ||
	skip_all "no failslab or fail_page_alloc in debugfs"
[ -x "$FAILNTH" ] || skip_all "no failnth helper"

# Sleeping allocations fail too, and single pages (every order).
for a in failslab fail_page_alloc; do
	echo N > $DBG/$a/ignore-gfp-wait
	echo 1 > $DBG/$a/verbose
done
echo 0 > $DBG/fail_page_alloc/min-order

mounted() { grep -q " $RESCTRL resctrl " /proc/mounts; }

# state: what a failed operation must not change.
state() {
	if mounted; then
		echo "mounted $(grep -c . /proc/mounts)"
		cat $L3MON/available_mbm_cntrs
		find $RESCTRL -maxdepth 3 -type d -name '[gm]*' | sort
		for s in $RESCTRL/g/schemata $RESCTRL/g/mbm_L3_assignments $F \
			 $RESCTRL/g/tasks $RESCTRL/g/cpus_list $RESCTRL/cpus_list; do
			[ -f $s ] && cat $s
		done
	else
		echo unmounted
	fi
	grep monitors $DBG/mpam/classes
	cat $DBG/mpam/resctrl_counters 2>/dev/null
}

# sweep NAME PRE POST CALL...: for N = 1, 2, ...: PRE, then failnth N CALL,
# then POST (which undoes a successful CALL).
sweep() {
	name=$1 pre=$2 post=$3
	shift 3
	n=1 bad=0
	ops=$((ops + 1))
	busy=0
	while [ $n -le $MAXN ]; do
		$pre
		before=$(state)
		out=$($FAILNTH $n "$@" 2>&1)
		rc=$?
		attempts=$((attempts + 1))
		case "$out" in
		"not-reached ok")
			$post
			break ;;
		"not-reached EBUSY"|"not-reached ENOSPC")
			# Every RMID it could take is still in limbo (fs/resctrl
			# looks at them once a second): the same point again.
			busy=$((busy + 1))
			if [ $busy -le 5 ]; then
				sleep 1
				continue
			fi
			bad=$((bad + 1))
			not_ok "$name: $out for 5 s with nothing injected"
			break ;;
		not-reached*)
			bad=$((bad + 1))
			not_ok "$name: fails with nothing injected: $out"
			break ;;
		"injected ok")
			injected=$((injected + 1))
			tolerated=$((tolerated + 1)) ;;
		injected*)
			injected=$((injected + 1))
			refused=$((refused + 1))
			after=$(state)
			if [ "$after" != "$before" ]; then
				bad=$((bad + 1))
				not_ok "$name: failure $n ($out) changed the state"
				echo "$before" > /tmp/allocfail.before
				echo "$after" | diff /tmp/allocfail.before - | sed 's/^/# /'
			fi ;;
		*)
			bad=$((bad + 1))
			not_ok "$name: failnth: $out (status $rc)"
			break ;;
		esac
		$post
		busy=0
		if [ $n -lt 8 ]; then n=$((n + 1)); else n=$((n + STRIDE)); fi
	done
	[ $n -gt $MAXN ] && { bad=$((bad + 1)); not_ok "$name: still failing after $MAXN points"; }
	errs=$((errs + bad))
	[ $bad = 0 ] && ok "$name: fewer than $n allocation points, each failure tried harmless"
}

unmounted() { mounted && umount $RESCTRL; true; }
undo_mount() { unmounted; }
ensure_mounted() { mounted || mount_resctrl; }
with_g() {
	ensure_mounted
	[ -d $RESCTRL/g ] || try_mkdir $RESCTRL/g >/dev/null
}
with_gm() {
	with_g
	[ -d $RESCTRL/g/mon_groups/m ] || try_mkdir $RESCTRL/g/mon_groups/m >/dev/null
}
no_g() { ensure_mounted; [ -d $RESCTRL/g ] && rmdir $RESCTRL/g; true; }
no_m() { [ -d $RESCTRL/mon_groups/m ] && rmdir $RESCTRL/mon_groups/m; true; }
no_gm() { [ -d $RESCTRL/g/mon_groups/m ] && rmdir $RESCTRL/g/mon_groups/m; true; }
g_without_m() { with_g; no_gm; }
nothing() { true; }
# g's schemata as the default group's (every way, all bandwidth), and a
# counter assigned in every domain.
g_reset() {
	with_g
	grep -E '^ *(L3|MB):' $RESCTRL/schemata | sed 's/^ *//' |
		while read -r line; do echo "$line" > $RESCTRL/g/schemata; done
	doms=$(grep '^ *L3:' $RESCTRL/schemata | sed 's/^ *L3://; s/=[0-9a-f]*//g')
	echo "mbm_total_bytes:$(echo "$doms" | sed 's/;/=e;/g; s/$/=e/')" \
		> $RESCTRL/g/mbm_L3_assignments
}
g_unassigned() { g_reset; echo "mbm_total_bytes:0=_" > $RESCTRL/g/mbm_L3_assignments; }
# The task and the CPUs go back where they were before each attempt.
task_home() { with_g; echo "$sleeper" > $RESCTRL/tasks; }
cpus_home() { with_g; echo > $RESCTRL/g/cpus_list; }
filter_reads() { ensure_mounted; echo "$READS" > $F; }

ensure_mounted
cntrs_before=$(cat $L3MON/available_mbm_cntrs)
mons_before=$(grep monitors $DBG/mpam/classes)
umount $RESCTRL

sleep 36000 &
sleeper=$!

sweep "mount" unmounted undo_mount mount $RESCTRL debug
if mount_resctrl cdp 2>/dev/null; then
	umount $RESCTRL
	sweep "mount -o cdp" unmounted undo_mount mount $RESCTRL debug,cdp
fi
sweep "umount" ensure_mounted unmounted umount $RESCTRL
ensure_mounted
sweep "mkdir CTRL_MON group" no_g no_g mkdir $RESCTRL/g
sweep "mkdir MON group" no_m no_m mkdir $RESCTRL/mon_groups/m
sweep "mkdir MON group in a CTRL_MON group" g_without_m no_gm mkdir $RESCTRL/g/mon_groups/m
sweep "rmdir MON group" with_gm nothing rmdir $RESCTRL/g/mon_groups/m
sweep "rmdir CTRL_MON group" with_g nothing rmdir $RESCTRL/g
sweep "L3 schemata" g_reset nothing write $RESCTRL/g/schemata "L3:0=f0"
if grep -q '^ *MB:' $RESCTRL/schemata; then
	sweep "MB schemata" g_reset nothing write $RESCTRL/g/schemata "MB:0=50"
fi
sweep "unassign a counter" g_reset nothing \
	write $RESCTRL/g/mbm_L3_assignments "mbm_total_bytes:0=_"
sweep "assign a counter" g_unassigned nothing \
	write $RESCTRL/g/mbm_L3_assignments "mbm_total_bytes:0=e"
sweep "move a task" task_home nothing write $RESCTRL/g/tasks "$sleeper"
sweep "CPUs of a group" cpus_home nothing write $RESCTRL/g/cpus_list "1"
if [ -w $F ] && [ "$(stat -c %a $F)" = 644 ]; then
	sweep "event filter" filter_reads nothing write $F "$WRITES"
fi
kill $sleeper
rmdir $RESCTRL/g 2>/dev/null
umount $RESCTRL

# Nothing lost: the counters, the monitors, and mkdir.
mount_resctrl
check "every counter is free again" "$cntrs_before" "$(cat $L3MON/available_mbm_cntrs)"
check "every monitor is free again" "$mons_before" "$(grep monitors $DBG/mpam/classes)"
check_cmd "mkdir still works" mkdir $RESCTRL/after
rmdir $RESCTRL/after
sleep 2
check_every_rmid_free
umount $RESCTRL

# The probe paths, in the kernel: the KUnit suites mpam_alloc_fail (MSC
# probing and enabling) and mpam_alloc_fail_acpi (table parsing), through
# debugfs.  The boot runs them first with kunit.filter_glob naming them,
# and they skip: nothing is armed yet.
nsuites=0
for K in $DBG/kunit/mpam_alloc_fail*; do
	[ -d "$K" ] || continue
	nsuites=$((nsuites + 1))
	s=$(basename "$K")
	echo run > "$K/run"
	r=$(cat "$K/results")
	echo "$r" | grep -E 'ok [0-9]+ |CAMPAIGN' | sed 's/^ */# /'
	check "KUnit $s: no case fails" 0 "$(echo "$r" | grep -c '^ *not ok')"
	# A case that finds nothing armed passes without a sweep (KUnit would
	# not run a skipped case again): the campaign line says it ran.
	f=$(echo "$r" | sed -n 's/.*CAMPAIGN: [a-z-]* .*faults=\([0-9]*\).*/\1/p' | head -1)
	if [ "${f:-0}" -gt 0 ]; then
		ok "KUnit $s: the sweep ran ($f failures injected)"
		injected=$((injected + f))
	else
		not_ok "KUnit $s: no sweep ran (no campaign line with failures)"
	fi
done
check "the KUnit suites mpam_alloc_fail* are in debugfs" 2 "$nsuites"

for a in failslab fail_page_alloc; do
	echo Y > $DBG/$a/ignore-gfp-wait
	echo 2 > $DBG/$a/verbose
done
echo 1 > $DBG/fail_page_alloc/min-order
echo "# $attempts attempts over $ops operations: $injected failures injected," \
	"$refused refused, $tolerated survived"
check "every injected failure was harmless" 0 "$errs"
echo "CAMPAIGN: allocfail iterations=$ops operations=$attempts faults=$injected errors=$errs"
done_testing
