# SPDX-License-Identifier: GPL-2.0
# vm-test: memory-mbwu dt
# The MPAM selftest memory_mbwu.sh (tools/testing/selftests/drivers/resctrl/mpam):
# mbm_total_bytes counted by memory controllers that map one to one onto L3s.
exec sh /usr/share/mpam-selftests/memory_mbwu.sh
