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
set -- $(group_label g1)
p=$1 g=$2

set_occupancy 0 "$p" "$g" 123456
set_occupancy 2 "$p" "$g" 7
check "domain 0: g1 holds what its label holds" 123456 "$(read_occupancy g1 0)"
check "domain 0: g2 holds none of it" 0 "$(read_occupancy g2 0)"
check "domain 2: g1 holds 7 bytes" 7 "$(read_occupancy g1 2)"
set_occupancy 0 "$p" "$g" 0
check "the occupancy follows the cache" 0 "$(read_occupancy g1 0)"
check "no CSU monitor stays allocated after the reads" 1 \
	"$(grep -A1 '^class cache L3' $DBG/mpam/classes | grep -c 'csu 0/')"
rmdir $RESCTRL/g1 $RESCTRL/g2
umount $RESCTRL

mount_resctrl cdp || skip_all "cannot mount resctrl with CDP"
mkdir $RESCTRL/g1
partids=$(group_partids g1)
set -- $(group_label g1)
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
