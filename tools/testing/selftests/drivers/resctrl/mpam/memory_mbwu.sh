#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# When the L3 has no bandwidth monitors but each L3 domain has one memory
# controller with the same CPUs, mbm_total_bytes is counted there: every
# counter a group holds in a domain counts exactly the traffic injected
# through that domain's memory controller, and the L3 class allocates no
# bandwidth monitor.  Run on platforms/memory-mbwu.platform.
. "$(dirname "$0")/lib.sh"

require_sim
check "the log says where bandwidth is counted" 1 \
	"$(dmesg | grep -c \
		"mbm_total_bytes: counted by the memory controllers' bandwidth monitors")"
check "the memory class lends every bandwidth monitor" 1 \
	"$(grep -A1 '^class memory' $DBG/mpam/classes | grep -c 'mbwu 3/3')"
check "the L3 class has none" 1 \
	"$(grep -A1 '^class cache L3' $DBG/mpam/classes | grep -c 'mbwu 0/0')"

mount_resctrl || skip_all "cannot mount resctrl"
domains=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | cut -d= -f1)
check "three counters per domain" "0=3;2=3" "$(cat $RESCTRL/info/L3_MON/num_mbm_cntrs)"
mkdir $RESCTRL/g1
for d in $domains; do
	set -- $(group_counters "$d")
	set -- $(counter_label "$d" "$1")
	bytes=$((3000000 + d))
	inject_mem "$d" "$1" "$2" "$bytes" write
	check "domain $d: g1 counts its memory traffic" "$bytes" "$(read_mbm g1 "$d")"
done
rmdir $RESCTRL/g1
umount $RESCTRL
done_testing
