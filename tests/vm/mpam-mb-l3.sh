# SPDX-License-Identifier: GPL-2.0
# vm-test: mb-l3 acpi
# The MPAM selftest mb_l3.sh: MB backed by the L3 MSCs' bandwidth controls,
# the memory controllers' left alone.
exec sh /usr/share/mpam-selftests/mb_l3.sh
