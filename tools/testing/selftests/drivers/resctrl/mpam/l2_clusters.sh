#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# resctrl's L2 resource on per-cluster L2 MSCs: one domain per L2 cache,
# named by cacheinfo's id of that cache (whatever the firmware path makes
# it), an L2 schemata line programs the group's PARTID's portion bitmap in
# each L2's MSC and nothing else, unmount resets it, and with "cdpl2"
# L2CODE/L2DATA program the instruction and data PARTIDs while the L3,
# which has no CDP of its own then, programs both.  Run on
# platforms/l2-clusters.platform.
. "$(dirname "$0")/lib.sh"

# The ids of the level-2 caches of every CPU, sorted, one each.
l2_ids() {
	for d in /sys/devices/system/cpu/cpu[0-9]*/cache/index*; do
		[ "$(cat $d/level)" = 2 ] && cat $d/id
	done | sort -n | uniq
}

l2_sim() {
	sim_of_component "cache L2" "$1"
}

require_sim
set -- $(l2_ids)
[ $# -eq 2 ] || skip_all "not two L2 caches (l2-clusters.platform)"
a=$1
b=$2

mount_resctrl || skip_all "cannot mount resctrl"
check "the schemata has the L2 with a domain per L2 cache" "    L2:$a=ff;$b=ff" \
	"$(grep '^ *L2:' $RESCTRL/schemata)"
check "info/L2/cbm_mask is the 8 portions" ff "$(cat $RESCTRL/info/L2/cbm_mask)"
check "each L2 component is its cache" "2" \
	"$(for id in $a $b; do l2_sim $id; done | sort -u | wc -l)"

mkdir $RESCTRL/g1
set -- $(group_counters 0)
set -- $(counter_label 0 "$1")
p=$1
echo "L2:$a=3;$b=c0" > $RESCTRL/g1/schemata
check "L2 $a: PARTID $p's portion bitmap" 0x3 "$(sim_config $(l2_sim $a) "$p" cpbm)"
check "L2 $b: PARTID $p's portion bitmap" 0xc0 "$(sim_config $(l2_sim $b) "$p" cpbm)"
check "L2: the default group keeps every portion" 0xff "$(sim_config $(l2_sim $a) 0 cpbm)"
check "L2: the L3 is left alone" 0xffff "$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"
check "L2 reads back as written" "    L2:$a=3;$b=c0" "$(grep '^ *L2:' $RESCTRL/g1/schemata)"
# fs/resctrl sizes a domain from cacheinfo's cache of the domain's id: 2
# of 8 portions of a 1 MiB L2 only when the ids are cacheinfo's.
check "the group's size in each L2 (domain ids are cacheinfo's)" "    L2:$a=262144;$b=262144" \
	"$(grep '^ *L2:' $RESCTRL/g1/size)"
if echo "L2:$a=100" 2>/dev/null > $RESCTRL/g1/schemata; then
	not_ok "a bitmap wider than the L2's is refused"
else
	ok "a bitmap wider than the L2's is refused"
fi
echo "L3:0=f0" > $RESCTRL/g1/schemata
check "L3: PARTID $p's portion bitmap" 0xf0 "$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"
check "L3: the L2 is left alone" 0x3 "$(sim_config $(l2_sim $a) "$p" cpbm)"
rmdir $RESCTRL/g1
umount $RESCTRL
check "unmount resets PARTID $p's L2 portions" 0xff "$(sim_config $(l2_sim $b) "$p" cpbm)"

mount_resctrl cdpl2 || skip_all "cannot mount resctrl with cdpl2"
check "cdpl2: L2CODE and L2DATA, the L3 one line" "L2CODE L2DATA L3" \
	"$(sed 's/^ *//; s/:.*//' $RESCTRL/schemata | sort | tr '\n' ' ' | sed 's/ $//')"
check "cdpl2 shows in the mount options" 1 "$(grep resctrl /proc/mounts | grep -c cdpl2)"
mkdir $RESCTRL/g1
set -- $(group_counters 0)
partids=$(counter_partids 0 "$1")
pd=${partids%,*}
pi=${partids#*,}
check "cdpl2: a CLOSID has two PARTIDs" 1 "$([ "$pd" != "$pi" ] && echo 1)"
echo "L2CODE:$a=1" > $RESCTRL/g1/schemata
echo "L2DATA:$a=2" > $RESCTRL/g1/schemata
check "cdpl2: L2CODE programs the instruction PARTID $pi" 0x1 \
	"$(sim_config $(l2_sim $a) "$pi" cpbm)"
check "cdpl2: L2DATA programs the data PARTID $pd" 0x2 "$(sim_config $(l2_sim $a) "$pd" cpbm)"
echo "L3:0=3c" > $RESCTRL/g1/schemata
check "cdpl2: the L3 programs the data PARTID $pd" 0x3c \
	"$(sim_config $(l3_sim_of_domain 0) "$pd" cpbm)"
check "cdpl2: and the instruction PARTID $pi" 0x3c \
	"$(sim_config $(l3_sim_of_domain 0) "$pi" cpbm)"
rmdir $RESCTRL/g1
umount $RESCTRL

mount_resctrl cdp,cdpl2 || skip_all "cannot mount resctrl with cdp,cdpl2"
check "cdp,cdpl2: code and data for both caches" "L2CODE L2DATA L3CODE L3DATA" \
	"$(sed 's/^ *//; s/:.*//' $RESCTRL/schemata | grep -v MB | sort | tr '\n' ' ' | sed 's/ $//')"
umount $RESCTRL
mount_resctrl || skip_all "cannot mount resctrl again"
check "without cdpl2: one L2 line again" 1 "$(grep -c '^ *L2:' $RESCTRL/schemata)"
umount $RESCTRL
done_testing
