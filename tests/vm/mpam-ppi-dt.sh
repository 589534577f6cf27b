# SPDX-License-Identifier: GPL-2.0
# vm-test: ppi dt
# The MPAM selftest ppi.sh (tools/testing/selftests/drivers/resctrl/mpam): MSC
# interrupts wired to PPIs, described by GIC_PPI specifiers in the device tree.
exec sh /usr/share/mpam-selftests/ppi.sh
