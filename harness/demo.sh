# SPDX-License-Identifier: GPL-2.0
# The guided tour "make run" prints: what the kernel exposes of MPAM on the
# simulated platform.  Runs inside the VM.  Each step says what it shows;
# steps whose feature has not landed yet say so instead of failing.

say() { printf '\n### %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; sh -c "$*" 2>&1 | sed 's/^/  /'; }

say "The machine: CPUs, NUMA nodes, and the L3 caches (id = cache id)"
show "nproc"
show "ls -d /sys/devices/system/node/node*"
show "for c in /sys/devices/system/cpu/cpu[0-9]*; do echo \$(basename \$c): L3 id \$(cat \$c/cache/index3/id 2>/dev/null || echo none); done"

say "The MSCs firmware describes (device tree)"
show "ls -d /proc/device-tree/msc@*"

say "The MPAM driver's view (debugfs)"
if [ -d /sys/kernel/debug/mpam ]; then
	show "ls /sys/kernel/debug/mpam"
	for f in /sys/kernel/debug/mpam/*; do [ -f "$f" ] && show "cat $f"; done
else
	echo "  (no /sys/kernel/debug/mpam: the MSC driver core has not landed yet)"
fi

say "The simulator (debugfs)"
if [ -d /sys/kernel/debug/mpam_sim ]; then
	show "ls /sys/kernel/debug/mpam_sim"
else
	echo "  (no /sys/kernel/debug/mpam_sim: the simulator has not landed yet)"
fi

say "resctrl"
if mount -t resctrl resctrl /sys/fs/resctrl 2>/tmp/mount.err; then
	show "cat /sys/fs/resctrl/schemata"
	show "cat /sys/fs/resctrl/info/L3_MON/mbm_assign_mode"
	show "cat /sys/fs/resctrl/info/L3_MON/num_mbm_cntrs"
	show "mkdir /sys/fs/resctrl/g1 /sys/fs/resctrl/g2 && ls /sys/fs/resctrl"
	show "cat /sys/fs/resctrl/g1/mbm_L3_assignments"
	show "cat /sys/fs/resctrl/g1/mon_data/mon_L3_*/mbm_total_bytes"
	umount /sys/fs/resctrl
else
	echo "  mount -t resctrl: $(cat /tmp/mount.err)"
	echo "  (resctrl is not registered yet: the glue has not landed)"
fi
exit 0
