# SPDX-License-Identifier: GPL-2.0
# vm-test: nrw-memory acpi
# The MPAM selftest cdp_rules.sh with PARTID narrowing: MB kept under CDP.
exec sh /usr/share/mpam-selftests/cdp_rules.sh
