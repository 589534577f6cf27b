#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# MSC errata, on the harness's platforms/errata.platform: L3 MSCs that are
# Arm CMN-650 r0p0s, whose CSU monitors never clear NRDY (#3642720), and
# memory controllers that are NVIDIA T241s, whose bandwidth controls take
# effect only once the workaround has seen the chip's slices agree and
# written the spare registers (T241-MPAM-1).  mpam_sim models both.
. "$(dirname "$0")/lib.sh"

require_sim
grep -q "iidr=0x43b " "$DBG/mpam/mscs" || skip_all "no MSC reports the CMN-650's IIDR"
check "CMN-650 #3642720 is worked around on each L3 MSC" 2 \
	"$(dmesg | grep -c 'working around erratum Arm CMN-650 #3642720')"
check "T241-MPAM-1 is worked around on each memory controller" 2 \
	"$(dmesg | grep -c 'working around erratum NVIDIA T241-MPAM-1')"

mount_resctrl || skip_all "cannot mount resctrl"
mkdir $RESCTRL/g1
set -- $(counter_label 0 "$(group_counters 0 | head -1)")
p=$1 g=$2

# CMN-650: NRDY never clears, the value beside it is good.
set_occupancy 0 "$p" "$g" 123456
check "llc_occupancy reads through a stuck NRDY" 123456 "$(read_occupancy g1 0)"
set_occupancy 2 "$p" "$g" 77
check "in both L3s" 77 "$(read_occupancy g1 2)"

# T241-MPAM-1: the MSC's register is not enough, the limit must be in effect.
echo "MB:0=50;2=30" > $RESCTRL/g1/schemata
check "MB domain 0: MBW_MAX written" 0x7f00 "$(sim_config $(mem_sim_of_domain 0) "$p" mbw_max)"
check "MB domain 0: and in effect" 0x7f00 \
	"$(sim_config $(mem_sim_of_domain 0) "$p" mbw_max_in_effect)"
check "MB domain 2: in effect" 0x4c00 \
	"$(sim_config $(mem_sim_of_domain 2) "$p" mbw_max_in_effect)"
# T241-MPAM-4 rides along: a zero minimum is written as the smallest step.
check "MBW_MIN in effect is the smallest step, never zero" 0x100 \
	"$(sim_config $(mem_sim_of_domain 0) "$p" mbw_min_in_effect)"
rmdir $RESCTRL/g1
umount $RESCTRL
check "the reset at unmount is in effect too" 0xff00 \
	"$(sim_config $(mem_sim_of_domain 0) "$p" mbw_max_in_effect)"
done_testing
