#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Unbinding an MSC from its driver tears down what used it: MPAM is disabled
# with a message, every monitor is freed, the MSC disappears from the
# driver's debugfs, and a mounted resctrl still unmounts.  Binding it again
# is refused with a message: MPAM stays off for good.  Destructive: run it in
# its own boot.
. "$(dirname "$0")/lib.sh"

DRV=/sys/bus/platform/drivers/arm-mpam-msc

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
mkdir $RESCTRL/g1

dev=$(basename "$(ls -d $DRV/*/ | grep -v module | tail -1)")
nr_before=$(grep -c '^msc ' $DBG/mpam/mscs)
echo "$dev" > $DRV/unbind || not_ok "unbind $dev"
sleep 1

check "MPAM is disabled" disabled "$(head -1 $DBG/mpam/status)"
check "the reason is logged" 1 "$(dmesg | grep -c 'MPAM disabled: an MSC was unbound')"
check "the MSC is gone from debugfs" $((nr_before - 1)) "$(grep -c '^msc ' $DBG/mpam/mscs)"
check "no monitor left allocated" "" \
	"$(grep monitors $DBG/mpam/classes | grep -v 'csu 0/[0-9]* mbwu 0/')"
if umount $RESCTRL; then
	ok "resctrl unmounts after the unbind"
else
	not_ok "resctrl unmounts after the unbind"
fi
check "resctrl is no longer mounted" 0 "$(grep -c " $RESCTRL resctrl " /proc/mounts)"

if echo "$dev" 2>/dev/null > $DRV/bind; then
	not_ok "binding the MSC again is refused"
else
	ok "binding the MSC again is refused"
fi
check "the refusal says why" 1 \
	"$(dmesg | grep -c 'MPAM is already disabled: an MSC cannot join it now')"
check "it stays out of debugfs" $((nr_before - 1)) "$(grep -c '^msc ' $DBG/mpam/mscs)"
check "MPAM stays disabled" disabled "$(head -1 $DBG/mpam/status)"
check_no_remount
done_testing
