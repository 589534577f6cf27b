# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 600
# vm-kernel: debug
# The hostile-input campaign's short form (make stress runs 300 mutations
# of each input): the MPAM selftest hostile.sh, 10 mutations of each.
HOSTILE_MUTATIONS=10 exec sh /usr/share/mpam-selftests/hostile.sh
