# SPDX-License-Identifier: GPL-2.0
# vm-test: cluster-msc acpi
# The MPAM selftest affinity.sh (tools/testing/selftests/drivers/resctrl/mpam):
# L3 MSCs reachable only from their cluster's CPUs, described by
# linked processor containers in the ACPI MPAM table; no access from elsewhere.
exec sh /usr/share/mpam-selftests/affinity.sh "0 0-1" "1 2-3" "2 0-3" "3 0-3"
