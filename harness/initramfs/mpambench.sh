# SPDX-License-Identifier: GPL-2.0
#
# The bench workloads, sourced in the VM (". /lib/mpambench.sh", then
# bench_main) by make bench (harness/bench/bench.sh) on either kernel, ours
# or the base tree's driver, and by make check's tests/vm/bench-counts.sh:
# nothing here knows which driver runs, only resctrl and mpam_sim's
# debugfs are used.  Every figure is a
# difference of mpam_sim's per-MSC register access counters (reads and
# writes summed over every MSC), printed as
#   BENCH <row> <mode> <reads> <writes> <mon_sel_writes>
# where the last counts those of the writes that went to MSMON_CFG_MON_SEL:
# whether a driver needs one depends on what it, or one of its workers,
# selected before, so a figure that must not depend on timing leaves them
# out (tests/vm/bench-counts.sh).
# and behaviour rows as
#   BEHAVIOUR <row> <mode> <text>
#
# Set by the caller: BENCH_MODES ("plain cdp"),
# BENCH_IDLE (1 to run the idle rows), BENCH_IDLE_SECS.  The platform is
# platforms/bench-w{31,44,63}.platform: L3 MSCs at 0x0b000000 (domain 0)
# and 0x0b010000 (domain 2), memory MSCs behind them.

R=/sys/fs/resctrl
D=/sys/kernel/debug/mpam_sim
L3A=$D/msc@b000000
L3B=$D/msc@b010000
BATCH=1
TRIES=20

# "reads writes mon_sel_writes" summed over every simulated MSC.
snap() {
	cat $D/msc@*/stats | awk '$1 == "reads" { r += $2 } $1 == "writes" { w += $2 }
		$1 == "mon_sel_writes" { m += $2 }
		END { print r + 0, w + 0, m + 0 }'
}

# delta BEFORE AFTER: "reads writes mon_sel_writes" between two snapshots.
delta() {
	echo "$1 $2" | awk '{ print $4 - $1, $5 - $2, $6 - $3 }'
}

# cost FUNC ARGS...: the accesses FUNC makes, as "reads writes
# mon_sel_writes"; FUNC's exit status.
cost() {
	c_before=$(snap)
	"$@"
	c_rc=$?
	delta "$c_before" "$(snap)"
	return $c_rc
}

row() {
	echo "BENCH $1 $mode $2"
}

behaviour() {
	echo "BEHAVIOUR $1 $mode $2"
}

# The FLT of every enabled MBWU monitor of simulated MSC $1, one a line.
enabled_flts() {
	while read -r _ ris _ _ _ ctl _ flt _; do
		[ $((ctl & 0x80000000)) -ne 0 ] && echo "$ris $flt"
	done <<EOF
$(grep ' mbwu ' "$1/monitors")
EOF
}

# inject_flts SIMDIR BYTES FLTS: traffic for every label in FLTS ("ris flt" lines).
inject_flts() {
	echo "$3" | while read -r ris flt; do
		[ -n "$flt" ] || continue
		echo "ris=$ris partid=$((flt & 0xffff)) pmg=$(((flt >> 16) & 0xff)) bytes=$2" \
			> "$1/inject"
	done
}

# The labels group $1's counters count in MSC $2: new FLTs since $3.
new_flts() {
	enabled_flts "$2" | grep -vxF "$3" || true
}

wait_for_resctrl() {
	t=0
	while ! mount -t resctrl resctrl $R 2>/dev/null; do
		t=$((t + 1))
		[ $t -gt 60 ] && { echo "BENCH-ERROR resctrl never mounted"; exit 1; }
		sleep 1
	done
	umount $R
}

do_mkdir() { mkdir "$1"; }
do_rmdir() { rmdir "$1"; }
do_write() { echo "$2" > "$1" 2>/dev/null; }
do_cat() {
	i=0
	while [ $i -lt $BATCH ]; do
		[ -n "$3" ] && inject_flts "$2" 4096 "$3"
		cat "$1" > /dev/null
		i=$((i + 1))
	done
}

# min_cost FILE SIMDIR FLTS: the cheapest of TRIES batches of BATCH reads
# (a batch the overflow worker ran in costs more), per read, "reads writes
# mon_sel_writes".
min_cost() {
	best=""
	b=0
	while [ $b -lt $TRIES ]; do
		c=$(cost do_cat "$1" "$2" "$3")
		tot=$(echo "$c" | awk '{ print $1 + $2 }')
		if [ -z "$best" ] || [ "$tot" -lt "$besttot" ]; then
			best=$c
			besttot=$tot
		fi
		b=$((b + 1))
	done
	echo "$best" | awk -v n=$BATCH '{ printf "%g %g %g\n", $1 / n, $2 / n, $3 / n }'
}

# min_op N FUNC ARGS...: the cheapest run of FUNC, each run followed by
# bench_undo.  fs/resctrl's overflow and limbo workers (each once a second
# per domain) add their accesses to a run they fall into, so runs go on
# until the cheapest figure was seen twice, at most N.  A run whose FUNC
# failed does not count (a mkdir refused while the RMIDs it could have
# wait in limbo): the next one starts a second later.
min_op() {
	mo_max=$1
	shift
	mo_best=""
	mo_seen=0
	mo_runs=0
	while [ "$mo_runs" -lt "$mo_max" ] && [ "$mo_seen" -lt 2 ]; do
		mo_runs=$((mo_runs + 1))
		if ! c=$(cost "$@"); then
			bench_undo
			sleep 1
			continue
		fi
		bench_undo
		tot=$(echo "$c" | awk '{ print $1 + $2 }')
		if [ -z "$mo_best" ] || [ "$tot" -lt "$mo_tot" ]; then
			mo_best=$c
			mo_tot=$tot
			mo_seen=1
		elif [ "$tot" -eq "$mo_tot" ]; then
			mo_seen=$((mo_seen + 1))
		fi
	done
	echo "$mo_best"
}

reset_irqoff() {
	for s in "$D"/msc@*; do echo 0 > "$s/stats"; done
}

max_irqoff() {
	cat $D/msc@*/stats | awk '$1 == "max_irqoff_run" && $2 > m { m = $2 } END { print m + 0 }'
}

# The first domain id of schemata line $1 of group $2.
first_dom() {
	sed -n "s/^ *$1:\([0-9]*\)=.*/\1/p" "$2/schemata" | head -1
}

run_mode() {
	opt=""
	[ "$mode" = cdp ] && opt="-o cdp"
	# shellcheck disable=SC2086
	if ! mount -t resctrl resctrl $R $opt; then
		behaviour mount "mount $opt refused"
		return
	fi
	echo "# $mode: $(cat $R/info/L3_MON/mbm_assign_mode 2>/dev/null | tr '\n' ' ')," \
	     "counters $(cat $R/info/L3_MON/num_mbm_cntrs 2>/dev/null | tr '\n' ' ')"
	echo "# $mode: events $(cat $R/info/L3_MON/mon_features 2>/dev/null | tr '\n' ' ')"

	# Counter assignment and schemata writes.
	before_a=$(enabled_flts $L3A)
	before_b=$(enabled_flts $L3B)
	bench_undo() { rmdir $R/c0 2>/dev/null; }
	row mkdir "$(min_op 10 do_mkdir $R/c0)"
	bench_undo() { :; }
	mkdir $R/c1
	flts_a=$(new_flts c1 $L3A "$before_a")
	flts_b=$(new_flts c1 $L3B "$before_b")
	# Counting from the assignment: traffic for every label a new group
	# can have (PARTIDs 0-7, every PMG) right after its mkdir, before
	# anything read its counter.  A driver that programs a monitor only
	# when it is first read (its overflow worker reads each counter once
	# a second) has not counted it.
	if [ "$mode" = plain ]; then
		ris=$(echo "$flts_a" | awk 'NR == 1 { print $1 }')
		pmgs=$(($(cat $R/info/L3_MON/num_rmids) / $(cat $R/info/L3/num_closids)))
		mkdir $R/c2
		p=0
		while [ $p -lt 8 ]; do
			g=0
			while [ $g -lt $pmgs ]; do
				echo "ris=${ris:-0} partid=$p pmg=$g bytes=1000" > $L3A/inject
				g=$((g + 1))
			done
			p=$((p + 1))
		done
		v=$(cat $R/c2/mon_data/mon_L3_00/mbm_total_bytes 2>&1)
		behaviour count_from_assign "1000 bytes for each label at once after mkdir, before any read: the new group's domain 0 counted '$v'"
		rmdir $R/c2
	fi
	# A removed MON group's RMID stays dirty until fs/resctrl's limbo
	# worker (every second) reads its occupancy low: a driver whose
	# occupancy reads fail makes the fourth mkdir here fail (ENOSPC).
	bench_undo() { rmdir $R/c1/mon_groups/m1 2>/dev/null; }
	row mkdir_mon "$(min_op 10 do_mkdir $R/c1/mon_groups/m1)"
	bench_undo() { mkdir $R/c1/mon_groups/m1 2>/dev/null; }
	mkdir $R/c1/mon_groups/m1 || behaviour mkdir_mon "the fourth mkdir of a MON group failed"
	row rmdir_mon "$(min_op 10 do_rmdir $R/c1/mon_groups/m1)"
	rmdir $R/c1/mon_groups/m1
	bench_undo() { do_write $R/c1/mbm_L3_assignments 'mbm_total_bytes:0=e'; }
	row unassign "$(min_op 10 do_write $R/c1/mbm_L3_assignments 'mbm_total_bytes:0=_')"
	bench_undo() { do_write $R/c1/mbm_L3_assignments 'mbm_total_bytes:0=_'; }
	do_write $R/c1/mbm_L3_assignments 'mbm_total_bytes:0=_'
	row assign "$(min_op 10 do_write $R/c1/mbm_L3_assignments 'mbm_total_bytes:0=e')"
	do_write $R/c1/mbm_L3_assignments 'mbm_total_bytes:0=e'
	bench_undo() { :; }
	if [ "$mode" = cdp ]; then
		l3=L3DATA
	else
		l3=L3
	fi
	d=$(first_dom $l3 $R/c1)
	bench_undo() { do_write $R/c1/schemata "$l3:$d=f"; }
	row schemata_l3 "$(min_op 10 do_write $R/c1/schemata "$l3:$d=3")"
	d=$(first_dom MB $R/c1)
	if [ -n "$d" ]; then
		bench_undo() { do_write $R/c1/schemata "MB:$d=100"; }
		row schemata_mb "$(min_op 10 do_write $R/c1/schemata "MB:$d=50")"
	else
		behaviour schemata_mb "no MB resource"
	fi

	# Steady-state reads of one counter: moving (traffic before each
	# read) and idle.
	f=$R/c1/mon_data/mon_L3_00/mbm_total_bytes
	cat $f > /dev/null
	cat $f > /dev/null
	row read_moving "$(min_cost $f $L3A "$flts_a")"
	row read_idle "$(min_cost $f $L3A "")"

	# Per-domain unassign: unassigned in domain 0, counted in domain 2.
	do_write $R/c1/mbm_L3_assignments 'mbm_total_bytes:0=_'
	v2a=$(cat $R/c1/mon_data/mon_L3_02/mbm_total_bytes 2>&1)
	inject_flts $L3B 1000 "$flts_b"
	inject_flts $L3A 1000 "$flts_a"
	v0=$(cat $R/c1/mon_data/mon_L3_00/mbm_total_bytes 2>&1)
	v2=$(cat $R/c1/mon_data/mon_L3_02/mbm_total_bytes 2>&1)
	behaviour per_domain_unassign "domain 0 unassigned reads '$v0'; domain 2 went from '$v2a' to '$v2' after 1000 bytes per label ($(echo "$flts_b" | grep -c .) label(s))"
	row rmdir "$(cost do_rmdir $R/c1)"

	if [ "$BENCH_IDLE" = 1 ]; then
		for n in 1 8 32; do
			i=1
			while [ $i -le $n ]; do
				mkdir $R/i$i 2>/dev/null || behaviour idle_mkdir "mkdir of group $i of $n failed"
				i=$((i + 1))
			done
			assigned=$(grep -c 'mbm_total_bytes:0=e' $R/i*/mbm_L3_assignments 2>/dev/null |
				   awk -F: '{ s += $NF } END { print s + 0 }')
			sleep 2
			c=$(cost sleep "$BENCH_IDLE_SECS")
			row "idle_$n" "$(echo "$c" | awk -v s="$BENCH_IDLE_SECS" '{ printf "%g %g %g\n", $1 / s, $2 / s, $3 / s }')"
			echo "# idle $n: $assigned groups with a counter in domain 0"
			i=1
			while [ $i -le $n ]; do
				rmdir $R/i$i 2>/dev/null
				i=$((i + 1))
			done
		done
	fi
	umount $R
}

# The scale rows (make bench on platforms/bench-msc*, bench-partid*):
# wall-clock times from mpam_sim's clock (ktime_get_ns()), printed as
#   TIME <row> all <ns>
# enable: from the driver's first register access to its last one before
# the first mount (probe, reset, enable: nothing touches an MSC between
# that and a mount), over every MSC; mount: the quickest of 5 mount/umount
# pairs, the mount only.
bench_scale() {
	t=0
	while ! grep -q resctrl /proc/filesystems 2>/dev/null ||
	      ! [ -d $R ]; do
		t=$((t + 1))
		[ $t -gt 600 ] && { echo "BENCH-ERROR no resctrl"; exit 1; }
		sleep 0.1
	done
	# Enabled once a mount works; the stamps are read before it.
	t=0
	while :; do
		span=$(cat $D/msc@*/stats | awk '
			$1 == "first_access_ns" && $2 > 0 && (f == "" || $2 < f) { f = $2 }
			$1 == "last_access_ns" && $2 > l { l = $2 }
			END { print l - f }')
		mount -t resctrl resctrl $R 2>/dev/null && break
		t=$((t + 1))
		[ $t -gt 600 ] && { echo "BENCH-ERROR resctrl never mounted"; exit 1; }
		sleep 0.1
	done
	umount $R
	echo "TIME enable all $span"
	echo "# scale: $(ls -d $D/msc@* | wc -l) simulated MSCs," \
	     "$(cat $D/msc@*/stats | awk '$1 == "reads" || $1 == "writes" { s += $2 } END { print s }') accesses so far"
	best=""
	i=0
	while [ $i -lt 5 ]; do
		t0=$(cat $D/clock)
		mount -t resctrl resctrl $R || { echo "BENCH-ERROR mount $i failed"; exit 1; }
		t1=$(cat $D/clock)
		umount $R
		d=$((t1 - t0))
		if [ -z "$best" ] || [ $d -lt "$best" ]; then
			best=$d
		fi
		i=$((i + 1))
	done
	echo "TIME mount all $best"
	bad=$(cat $D/msc@*/stats | awk '$1 == "bad_context" { s += $2 } END { print s + 0 }')
	errs=$(cat $D/msc@*/stats | awk '$1 == "errors" { s += $2 } END { print s + 0 }')
	mode=all
	behaviour model_checks "bad_context accesses $bad, MSC errors $errs"
}

bench_main() {
	BENCH_MODES=${BENCH_MODES:-plain cdp}
	BENCH_IDLE=${BENCH_IDLE:-0}
	BENCH_IDLE_SECS=${BENCH_IDLE_SECS:-10}
	wait_for_resctrl
	reset_irqoff
	for mode in $BENCH_MODES; do
		run_mode
	done
	mode=all
	row irqoff_max "$(max_irqoff) 0 0"
	bad=$(cat $D/msc@*/stats | awk '$1 == "bad_context" { s += $2 } END { print s + 0 }')
	errs=$(cat $D/msc@*/stats | awk '$1 == "errors" { s += $2 } END { print s + 0 }')
	behaviour model_checks "bad_context accesses $bad, MSC errors $errs"
}
