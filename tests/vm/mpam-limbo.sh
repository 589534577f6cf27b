# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 400
# The MPAM selftest limbo.sh: freed RMIDs leave limbo (with llc_occupancy).
exec sh /usr/share/mpam-selftests/limbo.sh
