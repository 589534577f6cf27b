#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# MSCs that only some CPUs can reach: every register access must come from
# one of them.  Firmware (DT "cpus", or an ACPI linked processor container)
# gives the MSCs of platforms/cluster-msc.platform their cluster's CPUs; the
# driver must record that and route configuration, monitor setup and counter
# reads there, also while the CPU a task runs on is in the other cluster and
# while part of the cluster is offline.  mpam_sim counts every access from a
# CPU that cannot reach the MSC.
#
# Arguments: "MSC CPULIST" pairs, the accessibility expected per MSC id.
. "$(dirname "$0")/lib.sh"

require_sim

for pair in "$@"; do
	set -- $pair
	check "MSC $1 is reachable from CPUs $2" 1 \
		"$(grep -c "^msc $1 .* cpus=$2\$" $DBG/mpam/mscs)"
done

bad_accesses() {
	cat $DBG/mpam_sim/msc@*/stats | awk '$1 == "bad_context" { n += $2 } END { print n + 0 }'
}

mount_resctrl || skip_all "cannot mount resctrl"
mkdir $RESCTRL/g1
# Run from CPU 0, the other cluster of the second L3.
taskset -p 1 $$ > /dev/null
echo "L3:0=f;2=f0" > $RESCTRL/g1/schemata
check "cache portions written through the right CPUs" "    L3:0=f;2=f0" \
	"$(grep '^ *L3:' $RESCTRL/g1/schemata)"

for d in 0 2; do
	set -- $(group_label g1)
	inject "$d" "$1" "$2" 4096 read
	check "domain $d: the counter reads through a CPU of the cluster" 4096 \
		"$(read_mbm g1 "$d")"
done

# With one CPU of the second cluster offline, the other one does the work.
echo 0 > /sys/devices/system/cpu/cpu3/online
set -- $(group_label g1)
inject 2 "$1" "$2" 100 read
check "CPU 3 offline: domain 2 still reads through CPU 2" 4196 "$(read_mbm g1 2)"
echo "L3:2=ff" > $RESCTRL/g1/schemata
check "CPU 3 offline: domain 2 still configures through CPU 2" "    L3:0=f;2=ff" \
	"$(grep '^ *L3:' $RESCTRL/g1/schemata)"
echo 1 > /sys/devices/system/cpu/cpu3/online

check "no access from a CPU that cannot reach the MSC" 0 "$(bad_accesses)"
rmdir $RESCTRL/g1
umount $RESCTRL
done_testing
