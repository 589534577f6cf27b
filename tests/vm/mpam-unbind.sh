# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# The MPAM selftest unbind.sh (tools/testing/selftests/drivers/resctrl/mpam):
# unbinding an MSC disables MPAM, frees what used it, and leaks nothing.
exec sh /usr/share/mpam-selftests/unbind.sh
