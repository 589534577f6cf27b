#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Moving a MON group to another CTRL_MON group.  On MPAM a MON group's RMID
# (PMG) only means something with its parent's CLOSID (PARTID), so the move
# gives the group a free RMID under the new parent's CLOSID: its counters
# count the new label, its tasks carry it (their traffic, injected or made
# by a busy task, is counted by the moved group), and its old label is
# counted by nobody.  With no RMID free under the new CLOSID the move is
# refused with a message and nothing changes.  With enough RMIDs per CLOSID
# (freed RMIDs may wait in limbo), 100 moves back and forth all succeed.
. "$(dirname "$0")/lib.sh"

RATE=100000000		# bytes per second per busy CPU, background model
BG=$DBG/mpam_sim/background

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
domains=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | cut -d= -f1)
first=$(echo $domains | cut -d' ' -f1)
pmgs=$(($(cat $RESCTRL/info/L3_MON/num_rmids) / $(cat $RESCTRL/info/L3/num_closids)))

# The "partid pmg" labels the counters of the first domain count.
labels() {
	awk -v d="$first" '$2 == d { split($8, p, ","); print p[1], $10 }' \
		"$DBG/mpam/resctrl_counters" | sort
}

# mkdir_label DIR: make the group; print the label its new counter counts.
mkdir_label() {
	before=$(labels)
	mkdir "$1" || return
	labels | awk -v b="$before" '
		BEGIN { n = split(b, l, "\n"); for (i = 1; i <= n; i++) seen[l[i]] = 1 }
		!($0 in seen)'
}

# The label of partid $1 counted by a counter, other than "$1 $2".
other_label_of() {
	labels | awk -v p="$1" -v g="$2" '$1 == p && $2 != g'
}

# has_task FILE PID
has_task() {
	grep -qx "$2" "$1" && echo yes || echo no
}

# move SRC DST: mv, reporting the error and last_cmd_status on failure.
move() {
	if mv "$RESCTRL/$1" "$RESCTRL/$2" 2>/tmp/mv.err; then
		ok "move $1 to $2"
	else
		not_ok "move $1 to $2: $(cat /tmp/mv.err); $(cat $RESCTRL/info/last_cmd_status)"
	fi
}

set -- $(mkdir_label $RESCTRL/c1)
p1=$1
set -- $(mkdir_label $RESCTRL/c2)
p2=$1 g2=$2
set -- $(mkdir_label $RESCTRL/c1/mon_groups/m1)
check "m1 counts under its parent's PARTID" "$p1" "$1"
old="$1 $2"

sleep 1000 &
idle=$!
sh -c 'while :; do :; done' &
busy=$!
trap 'echo 0 > $BG 2>/dev/null; kill $idle $busy 2>/dev/null' EXIT
cpu=$(($(nproc) - 1))
dom=$(cat /sys/devices/system/cpu/cpu$cpu/cache/index3/id)
taskset -p "$(printf %x $((1 << cpu)))" $busy > /dev/null
# A task goes into a MON group from the group's parent only.
for t in $idle $busy; do
	echo $t > $RESCTRL/c1/tasks
	echo $t > $RESCTRL/c1/mon_groups/m1/tasks
done
m1_tasks=$RESCTRL/c1/mon_groups/m1/tasks
check "m1 has its tasks" "yes yes" "$(has_task $m1_tasks $idle) $(has_task $m1_tasks $busy)"

# Renaming under the same parent keeps everything.
mv $RESCTRL/c1/mon_groups/m1 $RESCTRL/c1/mon_groups/m2
check "renaming under the same parent works" 1 "$([ -d $RESCTRL/c1/mon_groups/m2 ] && echo 1)"
check "the renamed group keeps its label" 1 "$(labels | grep -cx "$old")"
mv $RESCTRL/c1/mon_groups/m2 $RESCTRL/c1/mon_groups/m1

move c1/mon_groups/m1 c2/mon_groups/m1
check "last_cmd_status is ok" ok "$(cat $RESCTRL/info/last_cmd_status)"
check "m1 is under c2" 1 "$([ -d $RESCTRL/c2/mon_groups/m1 ] && echo 1)"
check "m1 is no longer under c1" "" "$(ls $RESCTRL/c1/mon_groups)"
check "m1 keeps a counter in every domain" \
	"mbm_total_bytes:$(for d in $domains; do printf '%s=e;' "$d"; done | sed 's/;$//')" \
	"$(grep '^mbm_total_bytes:' $RESCTRL/c2/mon_groups/m1/mbm_L3_assignments)"
new=$(other_label_of "$p2" "$g2")
check "a second counter counts c2's PARTID: m1's" 1 "$(echo "$new" | grep -c .)"
check "no counter counts m1's old label" 0 "$(labels | grep -cx "$old")"
check "m1's idle task is in m1" yes "$(has_task $RESCTRL/c2/mon_groups/m1/tasks $idle)"
check "m1's idle task is in c2" yes "$(has_task $RESCTRL/c2/tasks $idle)"
check "m1's idle task is no longer in c1" no "$(has_task $RESCTRL/c1/tasks $idle)"

# Traffic of the new label is m1's, in every domain; the old one nobody's.
set -- $new
np=$1 ng=$2
set -- $old
for d in $domains; do
	m=$(read_mbm c2/mon_groups/m1 "$d")
	c=$(read_mbm c2 "$d")
	o=$(read_mbm c1 "$d")
	bytes=$((3000000 + d * 1000 + 7))
	inject "$d" "$np" "$ng" $bytes read
	inject "$d" "$1" "$2" 5555 read
	check "domain $d: m1 counts its new label's traffic" $bytes \
		$(($(read_mbm c2/mon_groups/m1 "$d") - m))
	check "domain $d: c2 includes it" $bytes $(($(read_mbm c2 "$d") - c))
	check "domain $d: c1 counts nothing of m1's old label" 0 $(($(read_mbm c1 "$d") - o))
done

# The busy task runs with the new label: the model's traffic from its CPU.
if [ -f "$BG" ]; then
	sleep 1		# let it migrate to its CPU
	m=$(read_mbm c2/mon_groups/m1 "$dom")
	o=$(read_mbm c1 "$dom")
	echo $RATE > $BG
	sleep 2
	echo 0 > $BG
	m=$(($(read_mbm c2/mon_groups/m1 "$dom") - m))
	if [ $m -ge $((RATE / 2)) ] && [ $m -le $((RATE * 3)) ]; then
		ok "m1 counts its busy task on CPU $cpu ($m)"
	else
		not_ok "m1 counts its busy task on CPU $cpu:" \
			"$m not in [$((RATE / 2)), $((RATE * 3))]"
	fi
	check "c1 counts nothing of the busy task" 0 $(($(read_mbm c1 "$dom") - o))
else
	not_ok "mpam_sim has no background traffic model"
fi

if [ "$pmgs" -le 16 ]; then
	# m1's old RMID can be given to a new group under c1 once it has
	# left limbo.  Limbo keeps it while its occupancy is at or above
	# the realloc threshold: only check reuse when it left.
	for d in $domains; do set_occupancy "$d" $old 0; done
	sleep 2
	made=0
	while [ $made -lt $((pmgs - 1)) ] &&
	      mkdir $RESCTRL/c1/mon_groups/r$made 2>/dev/null; do
		made=$((made + 1))
	done
	if [ $made -eq $((pmgs - 1)) ]; then
		ok "every RMID of c1's CLOSID, m1's old one too, goes to a new group"
	elif [ $made -eq $((pmgs - 2)) ]; then
		ok "# SKIP m1's old RMID is still in limbo"
	else
		not_ok "$made groups made under c1, expected $((pmgs - 2)) or $((pmgs - 1))"
	fi
	check "the old label is still counted by nobody" 0 "$(labels | grep -cx "$old")"
	for r in $RESCTRL/c1/mon_groups/r*; do [ -d "$r" ] && rmdir "$r"; done

	# Every RMID of c2's CLOSID in use: a move there is refused, and
	# nothing changes.
	mkdir $RESCTRL/c3 $RESCTRL/c3/mon_groups/m9
	sleep 1000 &
	idle9=$!
	echo $idle9 > $RESCTRL/c3/tasks
	echo $idle9 > $RESCTRL/c3/mon_groups/m9/tasks
	made=0
	while [ $made -lt $((pmgs - 2)) ] &&
	      mkdir $RESCTRL/c2/mon_groups/f$made 2>/dev/null; do
		made=$((made + 1))
	done
	check "c2's CLOSID filled with MON groups" $((pmgs - 2)) $made
	if mv $RESCTRL/c3/mon_groups/m9 $RESCTRL/c2/mon_groups/m9 2>/tmp/mv.err; then
		not_ok "a move to a CLOSID without free RMID is refused"
	else
		check "a move to a CLOSID without free RMID is refused with ENOSPC" 1 \
			"$(grep -c 'No space left on device' /tmp/mv.err)"
	fi
	check "last_cmd_status says why" "Out of RMIDs in destination CTRL_MON group" \
		"$(cat $RESCTRL/info/last_cmd_status)"
	check "m9 is still under c3" 1 "$([ -d $RESCTRL/c3/mon_groups/m9 ] && echo 1)"
	check "nothing appeared under c2" no \
		"$([ -e $RESCTRL/c2/mon_groups/m9 ] && echo yes || echo no)"
	check "m9 still has its task" yes "$(has_task $RESCTRL/c3/mon_groups/m9/tasks $idle9)"
	check "the task is still in c3" yes "$(has_task $RESCTRL/c3/tasks $idle9)"
	kill $idle9
	for r in $RESCTRL/c2/mon_groups/f*; do [ -d "$r" ] && rmdir "$r"; done
	rmdir $RESCTRL/c3/mon_groups/m9 $RESCTRL/c3
else
	ok "# SKIP RMID reuse and a full CLOSID: $pmgs RMIDs per CLOSID"
fi

# 100 moves back and forth; each needs a free RMID under the destination
# and limbo may keep every one freed so far.
if [ "$pmgs" -gt 51 ]; then
	fails=0
	i=0
	while [ $i -lt 100 ]; do
		if [ $((i % 2)) -eq 0 ]; then
			mv $RESCTRL/c2/mon_groups/m1 $RESCTRL/c1/mon_groups/m1 ||
				fails=$((fails + 1))
		else
			mv $RESCTRL/c1/mon_groups/m1 $RESCTRL/c2/mon_groups/m1 ||
				fails=$((fails + 1))
		fi
		i=$((i + 1))
	done
	check "100 moves back and forth succeed" 0 $fails
	check "m1 ends under c2" 1 "$([ -d $RESCTRL/c2/mon_groups/m1 ] && echo 1)"
	check "m1's idle task is in m1" yes "$(has_task $RESCTRL/c2/mon_groups/m1/tasks $idle)"
	check "m1's idle task is not in c1" no "$(has_task $RESCTRL/c1/tasks $idle)"
	new=$(other_label_of "$p2" "$g2")
	check "m1 counts under c2's PARTID" 1 "$(echo "$new" | grep -c .)"
	set -- $new
	m=$(read_mbm c2/mon_groups/m1 "$first")
	inject "$first" "$1" "$2" 424242 write
	check "m1 counts its label's traffic" 424242 $(($(read_mbm c2/mon_groups/m1 "$first") - m))
else
	ok "# SKIP 100 moves: $pmgs RMIDs per CLOSID (the wide-labels platform has enough)"
fi
check "no list corruption reported" 0 "$(dmesg | grep -c 'list_[a-z]* corruption')"

kill $idle $busy
wait $idle $busy 2>/dev/null
trap - EXIT
rmdir $RESCTRL/c2/mon_groups/m1 $RESCTRL/c1 $RESCTRL/c2
umount $RESCTRL
done_testing
