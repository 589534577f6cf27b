# SPDX-License-Identifier: GPL-2.0
# vm-test: memory-mbwu dt
# vm-timeout: 300
# The MPAM selftest filters.sh (tools/testing/selftests/drivers/resctrl/mpam):
# the read/write filter on the memory controllers' counters.
exec sh /usr/share/mpam-selftests/filters.sh rw
