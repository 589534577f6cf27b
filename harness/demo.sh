# SPDX-License-Identifier: GPL-2.0
# The guided tour "make run" prints: what the kernel exposes of MPAM on the
# simulated platform.  Runs inside the VM.
. /usr/share/mpam-selftests/lib.sh

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
show "mount -t resctrl resctrl /sys/fs/resctrl && ls /sys/fs/resctrl /sys/fs/resctrl/info"
show "cat /sys/fs/resctrl/schemata"
show "cat /sys/fs/resctrl/info/L3_MON/mbm_assign_mode"
show "cat /sys/fs/resctrl/info/L3_MON/num_mbm_cntrs /sys/fs/resctrl/info/L3_MON/available_mbm_cntrs"

say "Two groups: each gets an assignable counter in every domain on mkdir"
show "mkdir /sys/fs/resctrl/web /sys/fs/resctrl/batch"
show "cat /sys/fs/resctrl/web/mbm_L3_assignments /sys/fs/resctrl/info/L3_MON/available_mbm_cntrs"
show "cat /sys/kernel/debug/mpam/resctrl_counters"

say "Limit batch to 4 of 16 L3 portions and 30% of memory bandwidth"
show "echo 'L3:0=f;2=f' > /sys/fs/resctrl/batch/schemata && echo 'MB:0=30;2=30' > /sys/fs/resctrl/batch/schemata"
show "cat /sys/fs/resctrl/batch/schemata"

say "Traffic: injected into the simulated L3 MSCs for each group's label"
for d in 0 2; do
	for c in $(group_counters $d); do
		set -- $(counter_label $d $c)
		bytes=$(( (c + 1) * 1048576 + d * 4096 ))
		printf '  domain %s: PARTID %s PMG %s reads %s bytes\n' "$d" "$1" "$2" "$bytes"
		inject $d $1 $2 $bytes read
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

say "With CDP a counter needs two monitors: half as many counters"
show "rmdir /sys/fs/resctrl/web /sys/fs/resctrl/batch; umount /sys/fs/resctrl"
show "mount -t resctrl -o cdp resctrl /sys/fs/resctrl && cat /sys/fs/resctrl/schemata /sys/fs/resctrl/info/L3_MON/num_mbm_cntrs"
show "umount /sys/fs/resctrl"
exit 0
