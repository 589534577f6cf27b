# SPDX-License-Identifier: GPL-2.0
# vm-test: l2-partial dt
# The MPAM selftest l2_partial.sh: L2 MSCs for some clusters only, refused
# with a message; the L3 and MB still work.
exec sh /usr/share/mpam-selftests/l2_partial.sh
