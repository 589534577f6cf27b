# SPDX-License-Identifier: GPL-2.0
# vm-test: mb-refused dt
# The MPAM selftest mb_refused.sh: bandwidth controls in L2s and in an
# interconnect are refused for MB with a message.
exec sh /usr/share/mpam-selftests/mb_refused.sh
