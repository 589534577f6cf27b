#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Allocation reaches the hardware: an L3 schemata line programs the group's
# PARTID's cache portion bitmap in each domain's MSC, an MB percentage its
# MBW_MAX (round to nearest, 8-bit fractions here), both are reset at
# unmount, and under CDP L3CODE/L3DATA program the instruction and data
# PARTIDs while MB, which is not CDP-aware, programs both.
. "$(dirname "$0")/lib.sh"

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
grep -q '^ *MB:' $RESCTRL/schemata || skip_all "no MB resource"
mkdir $RESCTRL/g1
set -- $(group_label g1)
p=$1

echo "L3:0=f;2=f0" > $RESCTRL/g1/schemata
check "L3 domain 0: PARTID $p's portion bitmap" 0xf \
	"$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"
check "L3 domain 2: PARTID $p's portion bitmap" 0xf0 \
	"$(sim_config $(l3_sim_of_domain 2) "$p" cpbm)"
check "L3: the default group keeps every portion" 0xffff \
	"$(sim_config $(l3_sim_of_domain 0) 0 cpbm)"

echo "MB:0=50;2=30" > $RESCTRL/g1/schemata
check "MB domain 0: 50% is MBW_MAX 0x7f00 (128 of 256)" 0x7f00 \
	"$(sim_config $(mem_sim_of_domain 0) "$p" mbw_max)"
check "MB domain 2: 30% is MBW_MAX 0x4c00 (77 of 256)" 0x4c00 \
	"$(sim_config $(mem_sim_of_domain 2) "$p" mbw_max)"
check "MB reads back as written" "    MB:0=50;2=30" "$(grep '^ *MB:' $RESCTRL/g1/schemata)"
if echo "MB:0=0" 2>/dev/null > $RESCTRL/g1/schemata; then
	not_ok "MB below the granularity is refused"
else
	ok "MB below the granularity is refused"
fi

# A domain whose CPUs all go offline comes back at its defaults, in
# resctrl and in the hardware, whatever the MSC held before.
cpus=$(for c in /sys/devices/system/cpu/cpu[0-9]*; do
	[ "$(cat $c/cache/index3/id 2>/dev/null)" = 2 ] && basename $c
done)
for c in $cpus; do echo 0 > /sys/devices/system/cpu/$c/online; done
for c in $cpus; do echo 1 > /sys/devices/system/cpu/$c/online; done
check "domain 2 back online: the schemata shows the default" "    L3:0=f;2=ffff" \
	"$(grep '^ *L3:' $RESCTRL/g1/schemata)"
check "domain 2 back online: PARTID $p's portion bitmap is reset" 0xffff \
	"$(sim_config $(l3_sim_of_domain 2) "$p" cpbm)"
check "domain 2 back online: PARTID $p's MBW_MAX is reset" 0xff00 \
	"$(sim_config $(mem_sim_of_domain 2) "$p" mbw_max)"
check "domain 0 keeps PARTID $p's portion bitmap" 0xf \
	"$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"

rmdir $RESCTRL/g1
umount $RESCTRL
check "unmount resets PARTID $p's portion bitmap" 0xffff \
	"$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"
check "unmount resets PARTID $p's MBW_MAX" 0xff00 \
	"$(sim_config $(mem_sim_of_domain 2) "$p" mbw_max)"

mount_resctrl cdp || skip_all "cannot mount resctrl with CDP"
mkdir $RESCTRL/g1
partids=$(group_partids g1)
pd=${partids%,*}
pi=${partids#*,}
echo "L3CODE:0=3" > $RESCTRL/g1/schemata
echo "L3DATA:0=c" > $RESCTRL/g1/schemata
check "CDP: L3CODE programs the instruction PARTID $pi" 0x3 \
	"$(sim_config $(l3_sim_of_domain 0) "$pi" cpbm)"
check "CDP: L3DATA programs the data PARTID $pd" 0xc \
	"$(sim_config $(l3_sim_of_domain 0) "$pd" cpbm)"
# Without PARTID narrowing one MB value cannot hold for both PARTIDs of a
# CLOSID: MB is not offered under CDP (cdp_rules.sh checks both cases).
if echo "MB:0=50" > $RESCTRL/g1/schemata 2>/dev/null; then
	not_ok "CDP: MB is refused without PARTID narrowing"
else
	ok "CDP: MB is refused without PARTID narrowing"
fi
check "CDP: the data PARTID keeps its MB default" 0xff00 \
	"$(sim_config $(mem_sim_of_domain 0) "$pd" mbw_max)"
rmdir $RESCTRL/g1
umount $RESCTRL
done_testing
