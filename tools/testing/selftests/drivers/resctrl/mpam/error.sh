#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# An MSC error interrupt disables MPAM for good: the error is logged by
# name, resctrl's domains go offline, every monitor is freed, and a mounted
# resctrl can still be unmounted.  Destructive: run it in its own boot.
# Argument: "last" to raise the error in the last L3 domain's MSC.
. "$(dirname "$0")/lib.sh"

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
mkdir $RESCTRL/g1
# The L3 MSC of the first domain, or of the last with "last" as argument.
pick=head
[ "${1:-}" = last ] && pick=tail
dom=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | $pick -1 | cut -d= -f1)
set -- $(group_label g1)
partid=$1
echo "L3:$dom=3" > $RESCTRL/g1/schemata
set -- $(l3_sim_of_domain "$dom")
check "PARTID $partid is restricted before the error" 0x3 "$(sim_config "$1" "$2" "$partid" cpbm)"
echo "ris=$2 code=2 partid=77 pmg=1" > "$1/error"
sleep 1

check "MPAM is disabled" disabled "$(head -1 $DBG/mpam/status)"
check "debugfs says why" "reason an MSC reported an error" "$(sed -n 2p $DBG/mpam/status)"
check "the error is logged by name" 1 \
	"$(dmesg | grep -c 'error: request PARTID out of range (ERRCODE 2)')"
check "the disabled MSCs are back at their defaults" 0xffff \
	"$(sim_config "$1" "$2" "$partid" cpbm)"
# Error interrupts are masked once MPAM is off: a new error is not logged.
echo "ris=$2 code=4 partid=1 pmg=9" > "$1/error"
sleep 1
check "a later error does not interrupt" 0 "$(dmesg | grep -c 'request PMG out of range')"
check "no monitor left allocated" "" \
	"$(grep monitors $DBG/mpam/classes | grep -v 'csu 0/[0-9]* mbwu 0/')"
# The domains are gone, so are their files; a read that still reaches a
# hook is an error, not "Unavailable".
for f in "read_mbm g1 0" "read_occupancy g1 0" "read_occupancy . 0"; do
	case "$($f 2>&1)" in
	Error|*"No such"*) ok "$f fails cleanly after teardown" ;;
	*) not_ok "$f after teardown gave '$($f 2>&1)'" ;;
	esac
done
# Still mounted, resctrl is gone: any user reading a task's groups gets
# an empty answer (fs/resctrl once named the destroyed root's NULL node).
if [ -r /proc/self/cpu_resctrl_groups ]; then
	check "a task's resctrl groups read empty after teardown" "res: mon:" \
		"$(cat /proc/self/cpu_resctrl_groups 2>&1 | tr '\n' ' ' | sed 's/ $//')"
fi
if umount $RESCTRL; then
	ok "resctrl unmounts after teardown"
else
	not_ok "resctrl unmounts after teardown"
fi
check_no_remount
done_testing
