# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# The MPAM selftest background.sh (tools/testing/selftests/drivers/resctrl/mpam):
# a busy task's traffic, made by mpam_sim's background model with the label
# its CPU runs with, lands in its resctrl group's counter.
exec sh /usr/share/mpam-selftests/background.sh
