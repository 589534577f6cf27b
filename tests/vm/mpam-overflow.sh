# SPDX-License-Identifier: GPL-2.0
# vm-test: narrow-counters dt
# The MPAM selftest overflow.sh (tools/testing/selftests/drivers/resctrl/mpam).
exec sh /usr/share/mpam-selftests/overflow.sh
