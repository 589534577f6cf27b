# SPDX-License-Identifier: GPL-2.0
# vm-test: alias acpi
# The MPAM selftest alias.sh over ACPI (two RIS of one MSC for one cache
# in the MPAM table).
exec sh /usr/share/mpam-selftests/alias.sh
