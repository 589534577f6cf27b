# SPDX-License-Identifier: GPL-2.0
# vm-test: one-mbwu dt
# The MPAM selftest cdp_hotplug.sh (tools/testing/selftests/drivers/resctrl/mpam).
exec sh /usr/share/mpam-selftests/cdp_hotplug.sh
