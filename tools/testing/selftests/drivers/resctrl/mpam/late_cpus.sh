#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# CPUs offline when MPAM is enabled (a boot with maxcpus=2) and brought up
# later join the domains of their L3 and of their node's memory controller.
# Components take their CPUs from firmware for every possible CPU, not from
# what is online at probe, so the memory controllers still map one to one
# onto the L3s and MB keeps both domains; writes to a late CPUs' domain
# reach the MSCs that serve them.
. "$(dirname "$0")/lib.sh"

require_sim
online=$(cat /sys/devices/system/cpu/online)
[ "$online" = 0-1 ] || skip_all "needs CPUs 2-3 offline at boot (maxcpus=2), online: $online"

check "no memory class refused as not one to one with the L3s" 0 \
	"$(dmesg | grep -c 'do not map one to one')"
check "L3 component 2 holds offline CPUs 2-3" 2-3: "$(component_cpus "cache L3" 2)"
check "memory component 1 holds offline CPUs 2-3" 2-3: "$(component_cpus memory 1)"

for c in 2 3; do echo 1 > /sys/devices/system/cpu/cpu$c/online; done
check "CPUs 2-3 are online" 0-3 "$(cat /sys/devices/system/cpu/online)"

mount_resctrl || { not_ok "resctrl mounts"; done_testing; }
check "L3 has the late CPUs' domain" "L3:0=ffff;2=ffff" \
	"$(grep '^ *L3:' $RESCTRL/schemata | tr -d ' ')"
check "MB has the late CPUs' domain" "MB:0=100;2=100" \
	"$(grep '^ *MB:' $RESCTRL/schemata | tr -d ' ')"
check "the late CPUs' L3 domain monitors" 1 \
	"$(ls $RESCTRL/mon_data/mon_L3_02/mbm_total_bytes 2>/dev/null | wc -l)"

mkdir $RESCTRL/g1
set -- $(group_label g1)
p=$1
if [ -z "$p" ]; then
	not_ok "the group has a PARTID"
	done_testing
fi
echo "L3:2=f0" > $RESCTRL/g1/schemata
check "L3 domain 2: PARTID $p's portion bitmap reaches the late CPUs' L3 MSC" 0xf0 \
	"$(sim_config $(l3_sim_of_domain 2) "$p" cpbm)"
echo "MB:2=30" > $RESCTRL/g1/schemata
check "MB domain 2: PARTID $p's MBW_MAX reaches node 1's memory MSC" 0x4c00 \
	"$(sim_config $(mem_sim_of_domain 2) "$p" mbw_max)"
check "MB domain 0 keeps the default" 0xff00 \
	"$(sim_config $(mem_sim_of_domain 0) "$p" mbw_max)"
rmdir $RESCTRL/g1
umount $RESCTRL
done_testing
