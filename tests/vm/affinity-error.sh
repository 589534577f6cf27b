# SPDX-License-Identifier: GPL-2.0
# vm-test: cluster-msc dt
# The MPAM selftest error.sh (tools/testing/selftests/drivers/resctrl/mpam)
# on an MSC only the second cluster's CPUs can reach: its error interrupt is
# handled, and MPAM torn down, without an access from another CPU (mpam_sim
# WARNs on one, which fails the run).
exec sh /usr/share/mpam-selftests/error.sh last
