# SPDX-License-Identifier: GPL-2.0
# vm-test: default acpi maxcpus=2
# The MPAM selftest late_cpus.sh (tools/testing/selftests/drivers/resctrl/mpam):
# CPUs 2-3 offline at boot, described by the ACPI tables, brought up later,
# join their L3 and MB domains.
exec sh /usr/share/mpam-selftests/late_cpus.sh
