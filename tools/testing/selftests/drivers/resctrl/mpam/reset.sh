#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A reset leaves nothing firmware set: on a platform whose MSCs start with
# every PARTID restricted (fw-left.platform) and implement every control,
# every PARTID of every MSC reads the defaults after probe, after an
# unmount, and after MPAM is disabled by an error.  Destructive: the last
# part disables MPAM for good.
. "$(dirname "$0")/lib.sh"

require_sim

# bad_partids SIMDIR: how many PARTIDs of the MSC hold anything but the
# defaults of the platform's widths (16 portions, CMAX 7 bits, CASSOC 4
# bits, BWA 8 bits): every portion and all the capacity and bandwidth, no
# minimum, no stride limit, priority 0, request PARTID n on internal n.
bad_partids() {
	awk '$1 == "ris" {
		bad = 0
		for (i = 5; i < NF; i += 2) {
			c = $i; v = $(i + 1)
			if (c == "cpbm" && v != "0xffff") bad = 1
			if (c == "cmax" && v != "0xfe00") bad = 1
			if (c == "cmin" && v != "0x0") bad = 1
			if (c == "cassoc" && v != "0xf000") bad = 1
			if (c == "mbw_min" && v != "0x0") bad = 1
			if (c == "mbw_max" && v != "0xff00") bad = 1
			if (c == "mbw_pbm" && v != "0xffffffff") bad = 1
			if (c == "mbw_prop" && v != "0x0") bad = 1
			if (c == "pri" && v != "0x0") bad = 1
			if (c == "intpartid" && v != $4) bad = 1
		}
		n += bad
	} END { print n + 0 }' "$1/config"
}

# check_defaults WHEN: every MSC at its defaults.
check_defaults() {
	for sim in $DBG/mpam_sim/msc@*; do
		check "$1: every PARTID of $(basename "$sim") at the defaults" 0 \
			"$(bad_partids "$sim")"
	done
}

grep -q fw_left /proc/cmdline || skip_all "needs fw-left.platform"
check_defaults "after probe"

# restrict DOMAIN: give a group restricted L3 and MB settings.
restrict() {
	mkdir $RESCTRL/g
	echo "L3:$1=3" > $RESCTRL/g/schemata
	echo "MB:$1=50" > $RESCTRL/g/schemata
}

mount_resctrl || skip_all "cannot mount resctrl"
restrict 0
set -- $(l3_sim_of_domain 0)
# The check itself must see a restriction.
if [ "$(bad_partids "$1")" -gt 0 ]; then
	ok "a restricted PARTID shows"
else
	not_ok "a restricted PARTID shows"
fi
umount $RESCTRL
check_defaults "after unmount"

mount_resctrl || skip_all "cannot mount resctrl again"
restrict 2
set -- $(l3_sim_of_domain 2)
echo "ris=$2 code=2 partid=77 pmg=1" > "$1/error"
sleep 1
check "MPAM is disabled" disabled "$(head -1 $DBG/mpam/status)"
check_defaults "after an error disabled MPAM"
umount $RESCTRL
done_testing
