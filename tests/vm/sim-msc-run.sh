# SPDX-License-Identifier: GPL-2.0
# vm-test: bench-msc256 acpi
# vm-timeout: 300
#
# More MSCs than the command line can describe one by one: 256 L3 slices
# given to mpam_sim as two count= runs (mpam_sim.msc=...,count=128,
# stride=0x4000), each described by its own node in the ACPI MPAM table.
# mpam_sim makes all of them, the driver probes and enables all of them,
# and the first and the last of a run hold what the run's parameter says.
. /usr/share/mpam-selftests/lib.sh

D=/sys/kernel/debug/mpam_sim
check "mpam_sim made the two runs" 2 \
	"$(dmesg | grep -c 'mpam_sim: 128 MSCs from 0x000000000[bc]000000, 0x4000 apart: 1 RIS each')"
check "256 simulated MSCs" 256 "$(ls -d $D/msc@* | wc -l)"
check "the last of the second run" 1 "$(ls -d $D/msc@c1fc000 | wc -l)"
check "nothing past it" 0 "$(ls -d $D/msc@c200000 2>/dev/null | wc -l)"
check "the driver probed every one" 256 "$(grep -c '^msc ' /sys/kernel/debug/mpam/mscs)"
check "MPAM is enabled" enabled "$(head -1 /sys/kernel/debug/mpam/status)"
check_cmd "resctrl mounts" mount -t resctrl resctrl /sys/fs/resctrl
check "the 256 slices make two L3 domains" 2 \
	"$(sed -n 's/^ *L3:\(.*\)/\1/p' /sys/fs/resctrl/schemata | tr ';' '\n' | wc -l)"
umount /sys/fs/resctrl
done_testing
