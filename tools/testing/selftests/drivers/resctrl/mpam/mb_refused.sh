#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Bandwidth controls only in L2 MSCs and in an interconnect MSC: neither
# limits what leaves the L3, which resctrl's MB means, so MB is refused
# with a message for each (upstream's driver skips them too); resctrl
# offers the L3 and works.  Run on platforms/mb-refused.platform.
. "$(dirname "$0")/lib.sh"

require_sim
check "the L2's bandwidth controls are refused with a message" 1 \
	"$(dmesg | grep -c 'MB: L2 bandwidth controls do not limit what leaves the L3, not used')"
check "the interconnect's are refused with a message" 1 \
	"$(dmesg | grep -c 'MB: bandwidth controls of MSCs that are neither caches nor memory, not used')"
check "the driver built the interconnect's class" 1 "$(grep -c '^class other' $DBG/mpam/classes)"
mount_resctrl || skip_all "cannot mount resctrl"
check "no MB line in the schemata" 0 "$(grep -c '^ *MB:' $RESCTRL/schemata)"
check "no info/MB" "" "$(ls -d $RESCTRL/info/MB 2>/dev/null)"
check "no L2 line: the L2s have no portions" 0 "$(grep -c '^ *L2' $RESCTRL/schemata)"
mkdir $RESCTRL/g1
set -- $(group_counters 0)
set -- $(counter_label 0 "$1")
p=$1
echo "L3:0=ff" > $RESCTRL/g1/schemata
check "the L3 works: PARTID $p's portion bitmap" 0xff \
	"$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"
check "the L2's MBW_MAX is left at its default" 0xff00 \
	"$(sim_config $(sim_of_component "cache L2" 0) "$p" mbw_max)"
rmdir $RESCTRL/g1
umount $RESCTRL
done_testing
