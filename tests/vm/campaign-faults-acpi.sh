# SPDX-License-Identifier: GPL-2.0
# vm-test: default acpi
# vm-timeout: 300
# vm-kernel: debug
# The faults campaign's short form over ACPI: monitors stuck not-ready, then
# three power losses of random MSCs, all under the workload of faults.sh.
exec sh /usr/share/mpam-selftests/faults.sh nrdy-power
