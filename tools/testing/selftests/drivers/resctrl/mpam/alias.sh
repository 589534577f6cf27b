#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Aliasing RIS and resources behind several MSCs (upstream's "vMSC"s):
# L3 0 has portions in RIS 0 and capacity in RIS 1 of one MSC, L3 2 is two
# MSCs (slices); memory node 0 has MBW_MAX in RIS 0 and the monitors in
# RIS 1, node 1 is two MSCs.  What one aliasing RIS can do the resource
# can do; each configuration reaches the RIS that holds it in every MSC of
# the component; slices' counts add up, aliasing RIS's are not counted
# twice.  Run on platforms/alias.platform.
. "$(dirname "$0")/lib.sh"

# CONTROL of PARTID $3 in every RIS of component $2 of class $1 that has it.
configs() {
	sims_of_component "$1" "$2" | while read -r dir ris; do
		sim_config "$dir" "$ris" "$3" "$4"
	done | tr '\n' ' ' | sed 's/ $//'
}

require_sim
check "L3 0 is one MSC's two RIS" 2 "$(sims_of_component "cache L3" 0 | wc -l)"
check "L3 2 is two MSCs" 2 "$(sims_of_component "cache L3" 2 | cut -d' ' -f1 | sort -u | wc -l)"
check "the L3 class has the portions and the capacity" 1 \
	"$(grep '^class cache L3' $DBG/mpam/classes | grep 'cpbm_wd=16' | grep -c 'cmax_wd=7')"
check "the memory class has MBW_MAX and the monitors" 1 \
	"$(grep '^class memory' $DBG/mpam/classes | grep 'mbw_max' | grep -c 'mbwu=2')"

mount_resctrl || skip_all "cannot mount resctrl"
check "the L3 is offered, 16 portions" ffff "$(cat $RESCTRL/info/L3/cbm_mask)"
check "MB is offered" 1 "$(grep -c '^ *MB:' $RESCTRL/schemata)"
mkdir $RESCTRL/g1
set -- $(group_counters 2)
cntr=$1
set -- $(counter_label 2 "$cntr")
p=$1
pmg=$2

echo "L3:0=f;2=f0" > $RESCTRL/g1/schemata
check "L3 0: the RIS with portions has PARTID $p's bitmap" 0xf \
	"$(configs "cache L3" 0 "$p" cpbm)"
check "L3 2: both slices have PARTID $p's bitmap" "0xf0 0xf0" \
	"$(configs "cache L3" 2 "$p" cpbm)"
echo "MB:0=50;2=30" > $RESCTRL/g1/schemata
check "MB 0: the RIS with MBW_MAX has PARTID $p's limit" 0x7f00 \
	"$(configs memory 0 "$p" mbw_max)"
check "MB 2: both memory MSCs have PARTID $p's limit" "0x4c00 0x4c00" \
	"$(configs memory 1 "$p" mbw_max)"

# L3 2's counter counts both slices.
before=$(read_mbm g1 2)
sims_of_component "cache L3" 2 | {
	read -r dir ris
	echo "ris=$ris partid=$p pmg=$pmg bytes=1000 read" > "$dir/inject"
	read -r dir ris
	echo "ris=$ris partid=$p pmg=$pmg bytes=24 write" > "$dir/inject"
}
check "L3 2: the counter adds up both slices" 1024 $(($(read_mbm g1 2) - before))

# L3 0's two RIS both see the cache: only RIS 0's occupancy counts.
sims_of_component "cache L3" 0 | while read -r dir ris; do
	echo "ris=$ris partid=0 pmg=0 bytes=$((4096 * (ris + 1)))" > "$dir/occupancy"
done
check "L3 0: the aliasing RIS's occupancy is not added" 4096 "$(read_occupancy . 0)"

rmdir $RESCTRL/g1
umount $RESCTRL
check "unmount resets both slices" "0xffff 0xffff" "$(configs "cache L3" 2 "$p" cpbm)"
check "unmount resets both memory MSCs" "0xff00 0xff00" "$(configs memory 1 "$p" mbw_max)"
done_testing
