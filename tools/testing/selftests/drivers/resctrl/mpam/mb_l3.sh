#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Bandwidth controls in the L3 MSCs and in the memory controllers: MB is
# backed by the L3's, nearest to where mbm_total_bytes counts, as
# upstream's driver picks.  An MB line programs MBW_MAX in each L3 MSC
# (6-bit fractions there) next to its portion bitmap, and leaves the memory
# controllers at their defaults; under CDP MB is not offered, as narrowing
# the L3's PARTID pairs would share their portions, and each CDP mount
# says so in the kernel log; MB comes back without CDP.  Run on
# platforms/mb-l3.platform.
. "$(dirname "$0")/lib.sh"

require_sim
check "MB is not refused" 0 "$(dmesg | grep -c 'MB: .*not used')"
mount_resctrl || skip_all "cannot mount resctrl"
check "MB is offered" 1 "$(grep -c '^ *MB:' $RESCTRL/schemata)"
check "MB's granularity is the L3's 6-bit one" 2 "$(cat $RESCTRL/info/MB/bandwidth_gran)"
mkdir $RESCTRL/g1
set -- $(group_counters 0)
set -- $(counter_label 0 "$1")
p=$1

echo "MB:0=50;2=30" > $RESCTRL/g1/schemata
check "MB domain 0: the L3 MSC's MBW_MAX of PARTID $p (32 of 64)" 0x7c00 \
	"$(sim_config $(l3_sim_of_domain 0) "$p" mbw_max)"
check "MB domain 2: the L3 MSC's MBW_MAX of PARTID $p (19 of 64)" 0x4800 \
	"$(sim_config $(l3_sim_of_domain 2) "$p" mbw_max)"
check "MB domain 0: the memory controller is left at its default" 0xff00 \
	"$(sim_config $(mem_sim_of_domain 0) "$p" mbw_max)"
check "MB domain 2: the memory controller is left at its default" 0xff00 \
	"$(sim_config $(mem_sim_of_domain 2) "$p" mbw_max)"
check "MB leaves the L3's portions alone" 0xffff \
	"$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"
echo "L3:0=f" > $RESCTRL/g1/schemata
check "L3 in the same MSC: PARTID $p's portions" 0xf \
	"$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"
check "L3 leaves MB's MBW_MAX alone" 0x7c00 \
	"$(sim_config $(l3_sim_of_domain 0) "$p" mbw_max)"
check "MB reads back as written" "    MB:0=50;2=30" "$(grep '^ *MB:' $RESCTRL/g1/schemata)"
rmdir $RESCTRL/g1
umount $RESCTRL
check "unmount resets PARTID $p's MBW_MAX in the L3" 0xfc00 \
	"$(sim_config $(l3_sim_of_domain 2) "$p" mbw_max)"
check "unmount resets PARTID $p's portions" 0xffff \
	"$(sim_config $(l3_sim_of_domain 0) "$p" cpbm)"

why='MB is not offered on this mount (cdp or cdpl2): MB is backed by the L3 MSCs'
check "no CDP mount yet: no message why MB is hidden" 0 "$(dmesg | grep -cF "$why")"
mount_resctrl cdp || skip_all "cannot mount resctrl with CDP"
check "CDP: MB is not offered" 0 "$(grep -c '^ *MB:' $RESCTRL/schemata)"
check "CDP: L3CODE and L3DATA are" 2 "$(grep -c '^ *L3\(CODE\|DATA\):' $RESCTRL/schemata)"
check "CDP: the kernel log says why MB is hidden and what to do" 1 \
	"$(dmesg | grep -F "$why" | grep -c 'mount without cdp and cdpl2 to use MB')"
umount $RESCTRL
mount_resctrl || skip_all "cannot mount resctrl again"
check "without CDP MB is back" 1 "$(grep -c '^ *MB:' $RESCTRL/schemata)"
umount $RESCTRL
mount_resctrl cdp || skip_all "cannot mount resctrl with CDP again"
check "a second CDP mount: MB hidden again" 0 "$(grep -c '^ *MB:' $RESCTRL/schemata)"
check "a second CDP mount logs why again" 2 "$(dmesg | grep -cF "$why")"
umount $RESCTRL
mount_resctrl || skip_all "cannot mount resctrl a third time"
check "without CDP MB is back again" 1 "$(grep -c '^ *MB:' $RESCTRL/schemata)"
umount $RESCTRL
done_testing
