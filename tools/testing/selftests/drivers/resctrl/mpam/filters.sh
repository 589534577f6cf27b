#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The read/write filter of mbm_total_bytes (event_filter).  Where every MSC
# of the class that counts bandwidth can count reads or writes only
# (MPAMF_MBWUMON_IDR.HAS_RWBW), the file is writable: with all the read
# kinds only injected reads count, with all the write kinds only writes,
# with every kind the sum; a set the monitors cannot count (one read kind,
# say) is refused with a message and the old filter stays, counting on; a
# change restarts every counter of the event, and counters assigned later
# and both monitors of a CDP counter follow it.  Elsewhere the file is
# read-only and the monitors count both.
#
# Usage: filters.sh [rw|ro] -- what the platform's monitors can do; by
# default what debugfs says of the class that lends its monitors.
. "$(dirname "$0")/lib.sh"

require_sim
F=$RESCTRL/info/L3_MON/event_configs/mbm_total_bytes/event_filter
STATUS=$RESCTRL/info/last_cmd_status
READS=local_reads,remote_reads,local_reads_slow_memory,remote_reads_slow_memory
WRITES=local_non_temporal_writes,remote_non_temporal_writes,dirty_victim_writes_all
ALL=local_reads,remote_reads,local_non_temporal_writes,remote_non_temporal_writes
ALL=$ALL,local_reads_slow_memory,remote_reads_slow_memory,dirty_victim_writes_all
# MSMON_CFG_MBWU_FLT.RWBW
RW_BOTH=0 RW_WRITES=1 RW_READS=2

# The class whose bandwidth monitors back the counters, and its traffic.
lender=$(awk '/^class/ { hdr = $0 } /^  monitors/ && $5 !~ /^0\// { print hdr; exit }' \
	$DBG/mpam/classes)
case "$lender" in
"class memory"*) inj=inject_mem sim_of=mem_sim_of_domain ;;
*) inj=inject sim_of=l3_sim_of_domain ;;
esac
expect=${1:-$(case "$lender" in *" rwbw"*) echo rw ;; *) echo ro ;; esac)}

# The monitors counter $2 of domain $1 uses, comma separated.
counter_monitors() {
	awk -v dom="$1" -v c="$2" '$2 == dom && $4 == c { print $6 }' \
		"$DBG/mpam/resctrl_counters"
}

# The RWBW field of every monitor of counter $2 in domain $1, as the
# simulated MSC holds it, space separated.
counter_rwbw() {
	set -- "$1" "$2" $($sim_of "$1")
	for m in $(counter_monitors "$1" "$2" | tr ',' ' '); do
		flt=$(awk -v r="$4" -v m="$m" '$1 == "ris" && $2 == r && $3 == "mbwu" && $4 == m {
			print $8 }' "$3/monitors")
		printf '%s ' $(((flt >> 30) & 3))
	done
}

# set_filter FILTER: one write of FILTER and a newline; the errno text, if
# any, is left in /tmp/err.txt.
set_filter() {
	printf '%s\n' "$1" | dd of="$F" bs=4096 2>/tmp/err.txt
}

# new_group NAME: mkdir NAME, and note the counter it got in each domain,
# the one no group made earlier holds.
new_group() {
	mkdir "$RESCTRL/$1"
	for d in $domains; do
		for c in $(group_counters "$d"); do
			case " $(eval echo \$held_$d) " in *" $c "*) continue ;; esac
			eval "held_$d=\"\$held_$d $c\" ${1}_$d=\"$c $(counter_label "$d" "$c")\""
			break
		done
	done
}

# The "counter partid pmg" group $1 got in domain $2.
group_counter() {
	eval echo "\$${1}_$2"
}

# rm_groups NAME...: rmdir, and forget every counter noted.
rm_groups() {
	for g in "$@"; do rmdir "$RESCTRL/$g"; done
	for d in $domains; do eval "held_$d="; done
}

mount_resctrl || skip_all "cannot mount resctrl"
domains=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | cut -d= -f1)
check "the default filter counts every transaction kind" "$ALL" "$(cat $F)"

if [ "$expect" = ro ]; then
	check "without HAS_RWBW event_filter is read-only" 444 "$(stat -c %a $F)"
	# kernfs refuses to open a file without write bits for writing.
	if set_filter "$READS"; then
		not_ok "a read-only filter refuses writes"
	else
		check "a read-only filter refuses writes with EACCES" 1 \
			"$(grep -c 'Permission denied' /tmp/err.txt)"
	fi
	check "the filter is unchanged" "$ALL" "$(cat $F)"
	new_group g1
	for d in $domains; do
		set -- $(group_counter g1 "$d")
		check "domain $d: the monitors count reads and writes" "$RW_BOTH " \
			"$(counter_rwbw "$d" "$1")"
		$inj "$d" "$2" "$3" 1000 read
		$inj "$d" "$2" "$3" 20 write
		check "domain $d: the counter counts reads and writes" 1020 "$(read_mbm g1 "$d")"
	done
	rm_groups g1
	umount $RESCTRL
	done_testing
fi

check "with HAS_RWBW event_filter is writable" 644 "$(stat -c %a $F)"
new_group g1

# try FILTER RWBW READS WRITES: g1's counters (given some traffic first)
# restart from zero at the change, their monitors hold RWBW, and injected
# reads and writes count as READS + WRITES bytes say.
try() {
	for d in $domains; do
		set -- "$1" "$2" "$3" "$4" $(group_counter g1 "$d")
		$inj "$d" "$6" "$7" 333 read
		$inj "$d" "$6" "$7" 44 write
	done
	set_filter "$1" || not_ok "filter $1: refused: $(cat /tmp/err.txt)"
	check "filter $1 reads back" "$1" "$(cat $F)"
	for d in $domains; do
		set -- "$1" "$2" "$3" "$4" $(group_counter g1 "$d")
		check "domain $d, $1: the counter restarted" 0 "$(read_mbm g1 "$d")"
		check "domain $d, $1: its monitor's RWBW" "$2 " "$(counter_rwbw "$d" "$5")"
		$inj "$d" "$6" "$7" $((1000000 + d)) read
		$inj "$d" "$6" "$7" $((20000 + d)) write
		check "domain $d, $1: counts $3 of reads + $4 of writes" \
			$((($3 * (1000000 + d)) + ($4 * (20000 + d)))) "$(read_mbm g1 "$d")"
	done
}
try "$READS" $RW_READS 1 0
try "$WRITES" $RW_WRITES 0 1
try "$ALL" $RW_BOTH 1 1
try "$READS" $RW_READS 1 0

# A counter assigned while a filter is set counts what it says.
new_group g2
for d in $domains; do
	set -- $(group_counter g2 "$d")
	check "domain $d: a counter assigned later holds the filter" "$RW_READS " \
		"$(counter_rwbw "$d" "$1")"
	$inj "$d" "$2" "$3" 7000 read
	$inj "$d" "$2" "$3" 300 write
	check "domain $d: and counts only reads" 7000 "$(read_mbm g2 "$d")"
done
rmdir $RESCTRL/g2

# Sets the monitors cannot count are refused; the old filter keeps
# counting, from where it was.
for bad in local_reads local_reads,remote_reads dirty_victim_writes_all \
	   local_reads,local_non_temporal_writes ""; do
	for d in $domains; do
		set -- $(group_counter g1 "$d")
		eval "before_$d=$(read_mbm g1 "$d")"
	done
	if set_filter "$bad"; then
		not_ok "filter '$bad' is refused"
	else
		check "filter '$bad' is refused with EINVAL" 1 \
			"$(grep -c 'Invalid argument' /tmp/err.txt)"
	fi
	case "$(cat $STATUS)" in
	"event_filter: MPAM counts all reads ($READS), all writes ($WRITES), or both")
		ok "filter '$bad': last_cmd_status says what can be counted" ;;
	*) not_ok "filter '$bad': last_cmd_status: $(cat $STATUS)" ;;
	esac
	check "filter '$bad': the old filter stays" "$READS" "$(cat $F)"
	for d in $domains; do
		set -- $(group_counter g1 "$d")
		eval "b=\$before_$d"
		check "domain $d, '$bad' refused: the monitor's RWBW is unchanged" "$RW_READS " \
			"$(counter_rwbw "$d" "$1")"
		$inj "$d" "$2" "$3" 50 read
		$inj "$d" "$2" "$3" 6 write
		check "domain $d, '$bad' refused: the count goes on" $((b + 50)) \
			"$(read_mbm g1 "$d")"
	done
done
rm_groups g1
umount $RESCTRL

# Under CDP both monitors of a counter follow the filter, which is the
# event's and outlives the mount.
if mount_resctrl cdp; then
	check "the filter outlives the mount" "$READS" "$(cat $F)"
	# Half as many counters: the default group gives its own up.
	echo "mbm_total_bytes:*=_" > $RESCTRL/mbm_L3_assignments
	new_group g1
	for d in $domains; do
		set -- $(group_counter g1 "$d")
		check "domain $d, CDP: both monitors count reads" "$RW_READS $RW_READS " \
			"$(counter_rwbw "$d" "$1")"
	done
	set_filter "$WRITES" || not_ok "CDP: filter $WRITES refused: $(cat /tmp/err.txt)"
	for d in $domains; do
		set -- $(group_counter g1 "$d")
		c=$1 pmg=$3
		parts=$(counter_partids "$d" "$c")
		pd=${parts%,*} pi=${parts#*,}
		check "domain $d, CDP: both monitors count writes" "$RW_WRITES $RW_WRITES " \
			"$(counter_rwbw "$d" "$c")"
		$inj "$d" "$pd" "$pmg" 4000 write
		$inj "$d" "$pi" "$pmg" 500 write
		$inj "$d" "$pd" "$pmg" 60 read
		$inj "$d" "$pi" "$pmg" 7 read
		check "domain $d, CDP: data + code writes, no reads" 4500 "$(read_mbm g1 "$d")"
	done
	rm_groups g1
	umount $RESCTRL
else
	ok "# SKIP no CDP on this platform"
fi

mount_resctrl
set_filter "$ALL"
check "the filter is back to every kind" "$ALL" "$(cat $F)"
umount $RESCTRL
done_testing
