# SPDX-License-Identifier: GPL-2.0
# vm-test: errata dt
# The MPAM selftest errata.sh (tools/testing/selftests/drivers/resctrl/mpam): MSCs
# with the CMN-650 #3642720 and T241-MPAM-1 errata, recognised by their IIDR.
exec sh /usr/share/mpam-selftests/errata.sh
