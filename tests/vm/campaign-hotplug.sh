# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 600
# vm-kernel: debug
# The hotplug campaign's short form (make stress runs 10 loops): the MPAM
# selftest hotplug.sh, one loop over every CPU and whole domain, with and
# without CDP, under load.
HOTPLUG_LOOPS=1 exec sh /usr/share/mpam-selftests/hotplug.sh
