#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# llc_occupancy reads what the group's label holds in each L3, exactly, from
# a cache storage usage monitor allocated for the read; under CDP it is the
# sum of the data and instruction PARTIDs, also for the limbo worker after a
# CDP unmount.
. "$(dirname "$0")/lib.sh"

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
[ -f $RESCTRL/mon_data/mon_L3_00/llc_occupancy ] || skip_all "no llc_occupancy"
mkdir $RESCTRL/g1 $RESCTRL/g2
set -- $(group_counters 0)
c1=$1
set -- $(counter_label 0 "$c1")
p=$1 g=$2

set_occupancy 0 "$p" "$g" 123456
set_occupancy 2 "$p" "$g" 7
# Which group owns the label: the one that reads it.
v1=$(read_occupancy g1 0)
v2=$(read_occupancy g2 0)
check "domain 0: one group holds 123456 bytes, the other none" "123456 0" \
	"$(echo "$v1 $v2" | tr ' ' '\n' | sort -rn | tr '\n' ' ' | sed 's/ $//')"
owner=g1
[ "$v2" = 123456 ] && owner=g2
check "domain 2: the same group holds 7 bytes" 7 "$(read_occupancy $owner 2)"
set_occupancy 0 "$p" "$g" 0
check "the occupancy follows the cache" 0 "$(read_occupancy $owner 0)"
check "no CSU monitor stays allocated after the reads" 1 \
	"$(grep -A1 '^class cache L3' $DBG/mpam/classes | grep -c 'csu 0/')"
rmdir $RESCTRL/g1 $RESCTRL/g2
umount $RESCTRL

mount_resctrl cdp || skip_all "cannot mount resctrl with CDP"
mkdir $RESCTRL/g1
set -- $(group_counters 0)
partids=$(counter_partids 0 "$1")
set -- $(counter_label 0 "$1")
g=$2
set_occupancy 0 "${partids%,*}" "$g" 1000
set_occupancy 0 "${partids#*,}" "$g" 234
check "CDP: llc_occupancy sums the data and instruction PARTIDs" 1234 \
	"$(read_occupancy g1 0)"

# Freed while it holds a lot of the cache, g1's label goes to limbo, and
# resctrl's limbo worker keeps reading it after the unmount, which turns
# CDP off first: it must still read the CDP pair, ending with the code
# PARTID, not the PARTID the CLOSID would have without CDP.
set_occupancy 0 "${partids%,*}" "$g" 100000000
rmdir $RESCTRL/g1
umount $RESCTRL
sleep 3
set -- $(l3_sim_of_domain 0)
flt=$(awk -v r="$2" '$1 == "ris" && $2 == r && $3 == "csu" && $4 == 0 { print $8 }' \
	"$1/monitors")
check "after a CDP unmount the limbo worker reads the code PARTID" "${partids#*,}" \
	"$((flt & 0xffff))"
# Let the label leave limbo: nothing of this test stays behind.
set_occupancy 0 "${partids%,*}" "$g" 0
sleep 2
done_testing
