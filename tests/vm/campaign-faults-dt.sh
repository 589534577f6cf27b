# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 300
# vm-kernel: debug
# The faults campaign's short form over DT (make stress raises every code
# on both boots): an MSC error (code 5, monitor selection out of range)
# at a random point of the workload of the selftest faults.sh.
exec sh /usr/share/mpam-selftests/faults.sh error 5
