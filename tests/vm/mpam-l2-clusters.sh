# SPDX-License-Identifier: GPL-2.0
# vm-test: l2-clusters dt
# The MPAM selftest l2_clusters.sh (tools/testing/selftests/drivers/resctrl/mpam):
# resctrl's L2 on per-cluster L2 MSCs, over DT (L2 ids are cacheinfo's).
exec sh /usr/share/mpam-selftests/l2_clusters.sh
