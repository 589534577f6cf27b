#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A memory controller that spans two L3 domains cannot back resctrl's
# per-L3-domain MB or mbm_total_bytes: both are left out with a message,
# resctrl offers the rest (L3 portions, llc_occupancy) and works, and no
# bandwidth monitor is held.  Run on platforms/shared-memory.platform.
. "$(dirname "$0")/lib.sh"

require_sim
check "MB is refused with a message" 1 \
	"$(dmesg | grep -c \
		'MB: memory bandwidth controls do not map one to one onto L3 domains, not used')"
check "memory bandwidth counters are refused with a message" 1 \
	"$(dmesg | grep 'mbm_total_bytes: memory bandwidth monitors do not map one to one' |
		grep -c 'onto L3 domains, not used')"
check "no bandwidth monitor is held" 1 \
	"$(grep -A1 '^class memory' $DBG/mpam/classes | grep -c 'mbwu 0/4')"

mount_resctrl || skip_all "cannot mount resctrl"
check "no MB line in the schemata" 0 "$(grep -c '^ *MB:' $RESCTRL/schemata)"
check "the L3 line is there" 1 "$(grep -c '^ *L3:' $RESCTRL/schemata)"
check "no bandwidth event is offered" 0 "$(grep -c mbm $RESCTRL/info/L3_MON/mon_features)"
check "no mbm_total_bytes file" "" "$(ls $RESCTRL/mon_data/mon_L3_00/ | grep mbm)"
mkdir $RESCTRL/g1
check "groups can still be made" 1 "$([ -d $RESCTRL/g1/mon_data ] && echo 1)"
set_occupancy 0 0 0 4096
check "llc_occupancy still reads" 4096 "$(read_occupancy . 0)"
rmdir $RESCTRL/g1
umount $RESCTRL
done_testing
