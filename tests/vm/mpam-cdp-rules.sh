# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# The MPAM selftest cdp_rules.sh without PARTID narrowing: MB hidden under CDP.
exec sh /usr/share/mpam-selftests/cdp_rules.sh
