#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The whole labelling chain, end to end: a busy task in a resctrl group,
# pinned to one CPU, makes traffic through mpam_sim's background model with
# the label the context switch gave that CPU.  Its group's counter in the
# CPU's domain grows by about the model's rate; every other counter of the
# group and of an empty group stays put.  Moving the running task to another
# group moves its traffic there.  A task of the default group is counted by
# the group that holds its CPU in cpus_list, with and without CDP.
. "$(dirname "$0")/lib.sh"

RATE=100000000		# bytes per second per busy CPU
BG=$DBG/mpam_sim/background

require_sim
[ -f "$BG" ] || { not_ok "mpam_sim has no background traffic model"; done_testing; }
mount_resctrl || skip_all "cannot mount resctrl"

# The last CPU, and the L3 domain it belongs to and one it does not.
cpu=$(($(nproc) - 1))
dom=$(cat /sys/devices/system/cpu/cpu$cpu/cache/index3/id)
other=$(cat /sys/devices/system/cpu/cpu0/cache/index3/id)
[ "$dom" != "$other" ] || skip_all "CPU 0 and CPU $cpu share an L3"

mkdir $RESCTRL/g1 $RESCTRL/g2
sh -c 'while :; do :; done' &
busy=$!
trap 'echo 0 > $BG; kill $busy 2>/dev/null' EXIT
echo $busy > $RESCTRL/g1/tasks
taskset -p "$(printf %x $((1 << cpu)))" $busy > /dev/null
sleep 1		# let it migrate to its CPU

# run_traffic SECONDS: the model on for that long.
run_traffic() {
	echo $RATE > $BG
	sleep "$1"
	echo 0 > $BG
}

# in_range DESCRIPTION VALUE LOW HIGH
in_range() {
	if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then
		ok "$1 ($2)"
	else
		not_ok "$1: $2 not in [$3, $4]"
	fi
}

snapshot() {
	for g in g1 g2; do
		for d in $dom $other; do
			echo "$g.$d=$(read_mbm $g $d)"
		done
	done
}

# delta NAME: growth of counter NAME (group.domain) since the snapshot $before.
delta() {
	old=$(echo "$before" | awk -F= -v k="$1" '$1 == k { print $2 }')
	new=$(snapshot | awk -F= -v k="$1" '$1 == k { print $2 }')
	echo $((new - old))
}

before=$(snapshot)
run_traffic 2
# 2 s at RATE, sampled every 10 ms: allow for a loaded host and timer slack.
in_range "g1 counts its task's traffic in domain $dom" "$(delta g1.$dom)" \
	$((RATE / 2)) $((RATE * 3))
check "g1 counts nothing in domain $other" 0 "$(delta g1.$other)"
check "g2, without tasks, counts nothing in domain $dom" 0 "$(delta g2.$dom)"
check "g2, without tasks, counts nothing in domain $other" 0 "$(delta g2.$other)"

# Move the running task: resctrl relabels it on its CPU.
echo $busy > $RESCTRL/g2/tasks
before=$(snapshot)
run_traffic 2
in_range "after the move g2 counts the task in domain $dom" "$(delta g2.$dom)" \
	$((RATE / 2)) $((RATE * 3))
check "after the move g1 counts nothing in domain $dom" 0 "$(delta g1.$dom)"

# A rate below the model's resolution would count nothing: it is refused.
if echo 99 2>/dev/null > $BG; then
	not_ok "a rate of 99 bytes/s is refused"
else
	check "a rate of 99 bytes/s is refused, the model stays off" 0 "$(cat $BG)"
fi

# With the model off, nothing moves.
before=$(snapshot)
sleep 1
check "the model off: g2 counts nothing" 0 "$(delta g2.$dom)"

rmdir $RESCTRL/g1 $RESCTRL/g2

# A task of the default group runs with its CPU's default label, so the
# group whose cpus_list holds the CPU counts its traffic; under CDP too,
# where the default group's own PARTIDs are not the "no label" zero.
for opt in plain cdp; do
	if [ $opt = cdp ]; then
		mount_resctrl cdp || { ok "# SKIP no CDP"; continue; }
	else
		mount_resctrl || { not_ok "remount"; continue; }
	fi
	mkdir $RESCTRL/g1
	# Into g1 and back: fs relabels a task only when it changes group.
	echo $busy > $RESCTRL/g1/tasks
	echo $busy > $RESCTRL/tasks
	echo $cpu > $RESCTRL/g1/cpus_list
	g1_before=$(read_mbm g1 $dom)
	root_before=$(read_mbm "" $dom)
	run_traffic 2
	in_range "$opt: g1, which holds CPU $cpu, counts a default-group task there" \
		$(($(read_mbm g1 $dom) - g1_before)) $((RATE / 2)) $((RATE * 3))
	# Only stray samples of this script, on the domain's other CPU.
	in_range "$opt: the default group counts next to nothing" \
		$(($(read_mbm "" $dom) - root_before)) 0 $((RATE / 4))
	rmdir $RESCTRL/g1
done

kill $busy
wait $busy 2>/dev/null
umount $RESCTRL
done_testing
