# SPDX-License-Identifier: GPL-2.0
# vm-test: many-partids dt
# The MPAM selftest irqoff.sh: interrupts-off stretches stay short with 65536 PARTIDs.
exec sh /usr/share/mpam-selftests/irqoff.sh
