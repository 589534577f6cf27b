#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# L2 MSCs for some clusters only: the L2 of the other CPUs cannot be
# partitioned, so resctrl gets no L2 resource, with a message; the L3 and
# MB still work.  Run on platforms/l2-partial.platform.
. "$(dirname "$0")/lib.sh"

require_sim
check "the L2 is refused with a message" 1 \
	"$(dmesg | grep -c 'L2: cache portion controls are not in the L2 of every CPU, not used')"
check "the driver still built the L2 class" 1 "$(grep -c '^class cache L2' $DBG/mpam/classes)"
mount_resctrl || skip_all "cannot mount resctrl"
check "no L2 line in the schemata" 0 "$(grep -c '^ *L2' $RESCTRL/schemata)"
check "no info/L2" "" "$(ls -d $RESCTRL/info/L2 2>/dev/null)"
umount $RESCTRL
if mount_resctrl cdpl2 2>/dev/null; then
	not_ok "cdpl2 is refused without an L2"
	umount $RESCTRL
else
	ok "cdpl2 is refused without an L2"
fi
mount_resctrl || skip_all "cannot mount resctrl again"
mkdir $RESCTRL/g1
set -- $(group_counters 0)
set -- $(counter_label 0 "$1")
p=$1
echo "L3:0=ff" > $RESCTRL/g1/schemata
check "the L3 works: PARTID $p's portion bitmap" 0xff \
	"$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"
echo "MB:0=50" > $RESCTRL/g1/schemata
check "MB works: PARTID $p's MBW_MAX" 0x7f00 "$(sim_config $(mem_sim_of_domain 0) "$p" mbw_max)"
rmdir $RESCTRL/g1
umount $RESCTRL
done_testing
