# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# The MPAM selftest messages.sh (tools/testing/selftests/drivers/resctrl/mpam).
exec sh /usr/share/mpam-selftests/messages.sh
