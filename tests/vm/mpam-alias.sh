# SPDX-License-Identifier: GPL-2.0
# vm-test: alias dt
# The MPAM selftest alias.sh: aliasing RIS merged into one component, every
# MSC of a component configured, counts of slices summed.
exec sh /usr/share/mpam-selftests/alias.sh
