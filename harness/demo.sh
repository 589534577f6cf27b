# SPDX-License-Identifier: GPL-2.0
# The guided tour "make run" prints: what the kernel exposes of MPAM on the
# simulated platform.  Runs inside the VM.
# (its TAP header is not part of the tour)
. /usr/share/mpam-selftests/lib.sh >/dev/null

say() { printf '\n### %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; sh -c "$*" 2>&1 | sed 's/^/  /'; }

say "The machine: CPUs, NUMA nodes, and the L3 caches (id = cache id)"
show "nproc; ls -d /sys/devices/system/node/node*"
show "for c in /sys/devices/system/cpu/cpu[0-9]*; do echo \$(basename \$c): L3 id \$(cat \$c/cache/index3/id); done"

say "The MSCs firmware describes, and what the driver made of them"
show "ls -d /proc/device-tree/msc@* 2>/dev/null || ls /sys/bus/platform/devices | grep -i mpam"
show "dmesg | grep -E 'mpam|MSC' | sed 's/^\[ *[0-9.]*\] //'"
show "cat /sys/kernel/debug/mpam/classes"

say "resctrl: mount it; bandwidth is counted in mbm_event mode"
printf '  ("-o debug" adds each group'"'"'s CLOSID and RMID: ctrl_hw_id, mon_hw_id)\n'
show "mount -t resctrl -o debug resctrl /sys/fs/resctrl && ls /sys/fs/resctrl /sys/fs/resctrl/info"
show "cat /sys/fs/resctrl/schemata"
show "cat /sys/fs/resctrl/info/L3_MON/mbm_assign_mode"
show "cat /sys/fs/resctrl/info/L3_MON/num_mbm_cntrs /sys/fs/resctrl/info/L3_MON/available_mbm_cntrs"
printf '  (one counter fewer is available than there are: the default group got\n'
printf '   one in every domain at mount, as every new group does on mkdir)\n'
show "cat /sys/fs/resctrl/mbm_L3_assignments"

say "Two groups: each gets an assignable counter in every domain on mkdir"
show "mkdir /sys/fs/resctrl/web /sys/fs/resctrl/batch"
show "cat /sys/fs/resctrl/web/mbm_L3_assignments /sys/fs/resctrl/info/L3_MON/available_mbm_cntrs"
printf '  ("<domain>=e": a counter of that domain counts this group'"'"'s event\n'
printf '   exclusively; "_" would mean none is assigned there)\n'

say "Which label each group runs with: CLOSID -> PARTID, RMID -> PMG"
show "cat /sys/kernel/debug/mpam/resctrl_labels | head -3"
for g in web batch; do
	set -- $(group_label $g)
	printf '  %s: ctrl_hw_id %s mon_hw_id %s -> PARTID %s PMG %s\n' "$g" \
		"$(cat /sys/fs/resctrl/$g/ctrl_hw_id)" "$(cat /sys/fs/resctrl/$g/mon_hw_id)" "$1" "$2"
done
printf '  (the driver'"'"'s counters, and the labels they count:)\n'
show "cat /sys/kernel/debug/mpam/resctrl_counters"

say "Limit batch to 4 of 16 L3 portions and 30% of memory bandwidth"
show "echo 'L3:0=f;2=f' > /sys/fs/resctrl/batch/schemata && echo 'MB:0=30;2=30' > /sys/fs/resctrl/batch/schemata"
show "cat /sys/fs/resctrl/batch/schemata"

say "Traffic: injected into the simulated L3 MSCs with each group's label"
printf '  (domain 0'"'"'s L3 is %s, domain 2'"'"'s %s: see classes and mscs;\n' \
	"$(l3_sim_of_domain 0 | cut -d' ' -f1)" "$(l3_sim_of_domain 2 | cut -d' ' -f1)"
printf '   lib.sh'"'"'s "inject DOMAIN PARTID PMG BYTES" writes these lines)\n'
n=0
for g in web batch; do
	n=$((n + 1))
	set -- $(group_label $g)
	p=$1 pmg=$2
	for d in 0 2; do
		set -- $(l3_sim_of_domain $d)
		show "echo 'ris=$2 partid=$p pmg=$pmg bytes=$((n * 1048576 + d * 4096)) read' > $1/inject"
	done
done
show "grep . /sys/fs/resctrl/web/mon_data/*/mbm_total_bytes /sys/fs/resctrl/batch/mon_data/*/mbm_total_bytes"

say "Unassign web's counter in domain 2: it reads Unassigned there"
show "echo 'mbm_total_bytes:2=_' > /sys/fs/resctrl/web/mbm_L3_assignments; cat /sys/fs/resctrl/web/mbm_L3_assignments"
show "grep . /sys/fs/resctrl/web/mon_data/*/mbm_total_bytes"

say "A busy task in batch on CPU 3 (domain 2): mpam_sim's background model"
printf '  (each busy CPU moves 10 MB/s with the label it runs with, cut to the\n'
printf '  MBW_MAX of its PARTID: batch is at MB 30%%, about 3 MB/s)\n'
sh -c 'while :; do :; done' &
busy=$!
echo $busy > /sys/fs/resctrl/batch/tasks
taskset -p 8 $busy > /dev/null
before=$(cat /sys/fs/resctrl/batch/mon_data/mon_L3_02/mbm_total_bytes)
echo 10000000 > /sys/kernel/debug/mpam_sim/background
sleep 1
echo 0 > /sys/kernel/debug/mpam_sim/background
kill $busy
after=$(cat /sys/fs/resctrl/batch/mon_data/mon_L3_02/mbm_total_bytes)
printf '  batch, domain 2: %s -> %s bytes (+%s in about a second)\n' \
	"$before" "$after" "$((after - before))"

say "Count reads only: mbm_total_bytes' event_filter (the MSCs have HAS_RWBW)"
filter=/sys/fs/resctrl/info/L3_MON/event_configs/mbm_total_bytes/event_filter
reads=local_reads,remote_reads,local_reads_slow_memory,remote_reads_slow_memory
show "stat -c '%a %n' $filter; cat $filter"
show "echo $reads > $filter; cat $filter"
printf '  (every counter of the event is reprogrammed and restarts from zero)\n'
for c in $(group_counters 0); do
	set -- $(counter_label 0 $c)
	printf '  domain 0: PARTID %s PMG %s reads 3000000 bytes, writes 700000\n' "$1" "$2"
	inject 0 $1 $2 3000000 read
	inject 0 $1 $2 700000 write
done
show "grep . /sys/fs/resctrl/*/mon_data/mon_L3_00/mbm_total_bytes"
printf '  one read kind alone is more than the monitors can tell apart:\n'
show "echo local_reads > $filter; cat /sys/fs/resctrl/info/last_cmd_status; cat $filter"
show "echo $reads,local_non_temporal_writes,remote_non_temporal_writes,dirty_victim_writes_all > $filter; cat $filter"

say "With CDP a counter needs two monitors: half as many counters"
show "rmdir /sys/fs/resctrl/web /sys/fs/resctrl/batch; umount /sys/fs/resctrl"
show "mount -t resctrl -o cdp resctrl /sys/fs/resctrl && cat /sys/fs/resctrl/schemata /sys/fs/resctrl/info/L3_MON/num_mbm_cntrs"
show "umount /sys/fs/resctrl"
exit 0
