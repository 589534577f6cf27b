# SPDX-License-Identifier: GPL-2.0
# vm-test: fw-left dt
# The MPAM selftest reset.sh: nothing firmware left survives a reset.
exec sh /usr/share/mpam-selftests/reset.sh
