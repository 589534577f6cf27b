# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 600
# vm-kernel: debug
# The lifecycle campaign's short form (make stress runs 10,000): the MPAM
# selftest lifecycle.sh, 100 mkdir/rmdir pairs from four processes under
# load, then every counter, monitor and RMID free.
LIFECYCLE_OPS=100 exec sh /usr/share/mpam-selftests/lifecycle.sh
