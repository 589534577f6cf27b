# SPDX-License-Identifier: GPL-2.0
# vm-test: rwbw-partial dt
# The MPAM selftest filters.sh (tools/testing/selftests/drivers/resctrl/mpam):
# one L3 MSC without HAS_RWBW keeps event_filter read-only.
exec sh /usr/share/mpam-selftests/filters.sh ro
