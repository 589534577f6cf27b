#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every MSC firmware describes is probed and MPAM is enabled; the classes
# and components the driver built are printed for the caller to compare
# (the same platform must give the same ones through ACPI and DT).
. "$(dirname "$0")/lib.sh"

[ -d "$DBG/mpam" ] || skip_all "no MPAM driver"
want=$(tr ' ' '\n' < /proc/cmdline | grep -c '^mpam_sim.msc=')
[ "$want" -gt 0 ] || skip_all "no simulated MSC on the command line"

check "every simulated MSC is probed" "$want" \
	"$(grep -c '^msc .* simulated' "$DBG/mpam/mscs")"
check "MPAM is enabled" enabled "$(head -1 "$DBG/mpam/status")"
check "resctrl is registered" 1 "$(grep -c resctrl /proc/filesystems)"
# Each expected component line given as an argument must be there.
for line in "$@"; do
	check "component: $line" 1 "$(grep -cF "$line" "$DBG/mpam/classes")"
done
done_testing
