# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt maxcpus=2
# The MPAM selftest late_cpus.sh (tools/testing/selftests/drivers/resctrl/mpam):
# CPUs 2-3 offline at boot, described by the device tree, brought up later,
# join their L3 and MB domains.
exec sh /usr/share/mpam-selftests/late_cpus.sh
