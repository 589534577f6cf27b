# SPDX-License-Identifier: GPL-2.0
# vm-test: small-frame dt
# The MPAM selftest small_frame.sh (tools/testing/selftests/drivers/resctrl/mpam):
# memory controllers with 4 KiB frames, described by the device tree, work.
exec sh /usr/share/mpam-selftests/small_frame.sh
