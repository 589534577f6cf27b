# SPDX-License-Identifier: GPL-2.0
# vm-test: shared-memory acpi
# The MPAM selftest shared_memory.sh (tools/testing/selftests/drivers/resctrl/mpam):
# a memory controller spanning two L3 domains is refused for MB and
# mbm_total_bytes, cleanly, and resctrl works without them.
exec sh /usr/share/mpam-selftests/shared_memory.sh
