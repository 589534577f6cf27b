#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# On MPAM a MON group's RMID (PMG) only means something with its parent's
# CLOSID (PARTID): moving it to another parent is refused with a message,
# and nothing changes; renaming it under its own parent still works.
. "$(dirname "$0")/lib.sh"

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
mkdir $RESCTRL/c1 $RESCTRL/c2 $RESCTRL/c1/mon_groups/m1

if mv $RESCTRL/c1/mon_groups/m1 $RESCTRL/c2/mon_groups/m1 2>/dev/null; then
	not_ok "moving m1 from c1 to c2 is refused"
else
	ok "moving m1 from c1 to c2 is refused"
fi
check "last_cmd_status says why" "Cannot move MON group: RMID depends on parent CLOSID" \
	"$(cat $RESCTRL/info/last_cmd_status)"
check "m1 is still under c1" 1 "$([ -d $RESCTRL/c1/mon_groups/m1 ] && echo 1)"
check "nothing appeared under c2" "" "$(ls $RESCTRL/c2/mon_groups)"

mv $RESCTRL/c1/mon_groups/m1 $RESCTRL/c1/mon_groups/m2
check "renaming under the same parent works" 1 "$([ -d $RESCTRL/c1/mon_groups/m2 ] && echo 1)"

# The group still counts its own label after the rename.
d=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | head -1 | cut -d= -f1)
check "m2 still has its counter" e \
	"$(sed -n 's/.*:\(.*\)/\1/p' $RESCTRL/c1/mon_groups/m2/mbm_L3_assignments | tr ';' '\n' |
	   grep "^$d=" | cut -d= -f2)"

rmdir $RESCTRL/c1/mon_groups/m2 $RESCTRL/c1 $RESCTRL/c2
umount $RESCTRL
done_testing
