# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 600
# vm-kernel: debug
# Every allocation point of a resctrl mount, failed in turn (failnth N, the
# sleeping allocations too): each mount fails or works, and none warns.
# The allocation-failure campaign of make check samples a mount's points
# (every 48th after the eighth); make stress's every-point sweep found
# fs/resctrl warning on a failed mon_data allocation (patches/0016), and
# this guards that in make check.  About 160 points on this platform.
D=/sys/kernel/debug
for a in failslab fail_page_alloc; do
	echo N > $D/$a/ignore-gfp-wait
	echo 0 > $D/$a/verbose
done
echo 0 > $D/fail_page_alloc/min-order
umount /sys/fs/resctrl 2>/dev/null
n=1 inj=0 out=
while [ $n -le 1000 ]; do
	out=$(failnth $n mount /sys/fs/resctrl debug 2>&1)
	umount /sys/fs/resctrl 2>/dev/null
	case "$out" in
	not-reached*) break ;;
	injected*) inj=$((inj + 1)) ;;
	esac
	n=$((n + 1))
done
echo "mount: $inj allocation failures injected, one at a time; then: $out"
warnings=$(dmesg | grep -c 'WARNING:')
echo "kernel warnings: $warnings"
[ "$out" = "not-reached ok" ] && [ "$inj" -ge 100 ] && [ "$warnings" = 0 ]
