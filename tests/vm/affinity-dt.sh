# SPDX-License-Identifier: GPL-2.0
# vm-test: cluster-msc dt
# The MPAM selftest affinity.sh (tools/testing/selftests/drivers/resctrl/mpam):
# L3 MSCs reachable only from their cluster's CPUs, described by
# the device tree "cpus" property; no access from elsewhere.
exec sh /usr/share/mpam-selftests/affinity.sh "0 0-1" "1 2-3" "2 0-3" "3 0-3"
