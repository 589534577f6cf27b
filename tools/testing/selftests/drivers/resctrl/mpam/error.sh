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
set -- $(l3_sim_of_domain "$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | $pick -1 | cut -d= -f1)")
echo "ris=$2 code=2 partid=77 pmg=1" > "$1/error"
sleep 1

check "MPAM is disabled" disabled "$(head -1 $DBG/mpam/status)"
check "the error is logged by name" 1 \
	"$(dmesg | grep -c 'error: request PARTID out of range (ERRCODE 2)')"
check "no monitor left allocated" "" \
	"$(grep monitors $DBG/mpam/classes | grep -v 'csu 0/[0-9]* mbwu 0/')"
case "$(read_mbm g1 0 2>&1)" in
Error|Unavailable|*"No such"*) ok "reads fail cleanly after teardown" ;;
*) not_ok "a read after teardown gave '$(read_mbm g1 0 2>&1)'" ;;
esac
umount $RESCTRL && ok "resctrl unmounts after teardown"
mount -t resctrl resctrl $RESCTRL 2>/dev/null && { not_ok "resctrl mounts again"; umount $RESCTRL; } ||
	ok "resctrl does not mount again"
done_testing
