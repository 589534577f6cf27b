# SPDX-License-Identifier: GPL-2.0
# vm-test: wide-labels dt
#
# With 4096 PARTIDs and 256 PMGs, the CLOSID/RMID index space fs/resctrl
# allocates would be 2^20 entries: the driver exposes 256 CLOSIDs of 256
# RMIDs, says so, and resctrl mounts and works with that.
. /usr/share/mpam-selftests/lib.sh

R=/sys/fs/resctrl
check "MPAM is enabled with the whole range" "enabled partid_max 4095 pmg_max 255" \
	"$(tr '\n' ' ' < /sys/kernel/debug/mpam/status | sed 's/ $//')"
check "the clamp is logged" 1 \
	"$(dmesg | grep -c 'exposing 256 of 4096 PARTIDs and 256 of 256 PMGs')"
check_cmd "resctrl mounts" mount -t resctrl resctrl $R
check "256 CLOSIDs" 256 "$(cat $R/info/L3/num_closids)"
check "256 PMGs for each of them: 65536 monitoring ids" 65536 "$(cat $R/info/L3_MON/num_rmids)"
check_cmd "a group can be made" mkdir $R/g1
check_cmd "and a monitoring group in it" mkdir $R/g1/mon_groups/m1
check "the group counts" 0 "$(cat $R/g1/mon_data/mon_L3_00/mbm_total_bytes)"
check_cmd "unmount" umount $R
done_testing
