#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Interrupts-off work does not grow with the PARTIDs: mpam_sim records the
# most register accesses an MSC saw in one stretch with interrupts off (one
# hold of the driver's lock, or more within one interrupt), and on a
# platform with 65536 PARTIDs (many-partids.platform) that stays within
# IRQOFF_MAX (default 256) through the resets of enable, of a control
# domain coming back online, and of an unmount.  Prints the time MPAM took
# to enable, from the boot log.
. "$(dirname "$0")/lib.sh"

max=${IRQOFF_MAX:-256}
require_sim

# check_runs WHEN: every MSC's longest stretch, then restart the measure.
check_runs() {
	for sim in $DBG/mpam_sim/msc@*; do
		run=$(awk '$1 == "max_irqoff_run" { print $2 }' "$sim/stats")
		if [ "$run" -le "$max" ]; then
			ok "$1: $(basename "$sim"): at most $run accesses with interrupts off"
		else
			not_ok "$1: $(basename "$sim"): $run accesses with interrupts off (> $max)"
		fi
		echo 0 > "$sim/stats"
	done
}

partid_max=$(awk '$1 == "partid_max" { print $2 }' $DBG/mpam/status)
echo "# $(grep -c . $DBG/mpam/classes) lines of classes; PARTIDs 0-$partid_max"
first=$(dmesg | grep -m1 'mpam' | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
on=$(dmesg | grep -m1 'mpam: enabled' | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
echo "# MPAM enabled at ${on}s (first MPAM message at ${first}s)"
check_runs "boot"

mount_resctrl || skip_all "cannot mount resctrl"
mkdir $RESCTRL/g
echo "L3:0=3" > $RESCTRL/g/schemata
echo "MB:2=50" > $RESCTRL/g/schemata
check_runs "mount and schemata"
# A whole domain goes away and comes back: its component is reset.
echo 0 > /sys/devices/system/cpu/cpu3/online
echo 0 > /sys/devices/system/cpu/cpu2/online
echo 1 > /sys/devices/system/cpu/cpu2/online
echo 1 > /sys/devices/system/cpu/cpu3/online
check_runs "a domain offline and online"
rmdir $RESCTRL/g
umount $RESCTRL
check_runs "unmount"
done_testing
