# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 300
# The MPAM selftest filters.sh (tools/testing/selftests/drivers/resctrl/mpam):
# mbm_total_bytes' read/write filter on L3 monitors that have HAS_RWBW.
exec sh /usr/share/mpam-selftests/filters.sh rw
