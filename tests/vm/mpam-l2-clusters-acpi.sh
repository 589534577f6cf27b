# SPDX-License-Identifier: GPL-2.0
# vm-test: l2-clusters acpi
# The MPAM selftest l2_clusters.sh over ACPI, where the PPTT's L2 ids differ
# from the DT's: domains still follow cacheinfo's id of each L2.
exec sh /usr/share/mpam-selftests/l2_clusters.sh
