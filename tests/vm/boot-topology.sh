# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
#
# The default platform boots with the topology the platform file describes:
# four CPUs, two NUMA nodes, two L3 caches (ids 0 and 2, the smallest MPIDR
# of their CPUs), and the four MSC nodes in the device tree.
. /usr/share/mpam-selftests/lib.sh

check "4 CPUs online" 4 "$(nproc)"
check "2 NUMA nodes" "node0 node1" "$(cd /sys/devices/system/node && echo node*)"
for cpu in 0 1 2 3; do
	want=$(( cpu < 2 ? 0 : 2 ))
	check "cpu$cpu L3 cache id" "$want" \
		"$(cat /sys/devices/system/cpu/cpu$cpu/cache/index3/id 2>/dev/null)"
done
check "cpu0 and cpu1 share an L3" "0-1" \
	"$(cat /sys/devices/system/cpu/cpu0/cache/index3/shared_cpu_list)"
check "4 MSC nodes in the device tree" 4 \
	"$(ls -d /proc/device-tree/msc@* | wc -l)"
done_testing
