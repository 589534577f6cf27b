# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# vm-timeout: 400
# The base tree's resctrl selftests (resctrl_tests, every test) on the
# default platform, with mpam_sim's background model as the traffic source
# and its memory controller PMUs (mpam_sim_mc_N) as the reference that MBM
# and MBA compare with.  Every test must pass, or skip for a reason that is
# true here; on top of the runner's own verdicts this checks that the
# numbers mean something: MBA's bandwidth follows the MB percentage, CMT's
# occupancy matches the portion, NONCONT_CAT tested sparse masks.
. /usr/share/mpam-selftests/lib.sh

# 40 GB/s per busy CPU: at MB=10% still above MBA's 2500 MiB/s threshold.
echo 40000000000 >/sys/kernel/debug/mpam_sim/background

check_cmd "memory controller PMUs are registered" \
	test -f /sys/bus/event_source/devices/mpam_sim_mc_0/events/bytes
check_cmd "their count is scaled to MiB" \
	grep -qx MiB /sys/bus/event_source/devices/mpam_sim_mc_0/events/bytes.unit

out=$(resctrl_tests 2>&1)
status=$?
echo "$out"
echo 0 >/sys/kernel/debug/mpam_sim/background

# result NAME: the runner's TAP line for test NAME, without its number.
result()
{
	echo "$out" | grep -E "^(not )?ok [0-9]+ (# SKIP )?$1(:| )" | head -1 |
		sed -E 's/^(not )?ok [0-9]+ /\1ok /'
}

check "MBM passes" "ok MBM: test" "$(result MBM)"
check "MBM_EVENT passes" "ok MBM_EVENT: test" "$(result MBM_EVENT)"
check "MBA passes" "ok MBA: test" "$(result MBA)"
check "CMT passes" "ok CMT: test" "$(result CMT)"
check "L3_NONCONT_CAT passes" "ok L3_NONCONT_CAT: test" "$(result L3_NONCONT_CAT)"

# L3_CAT skips because no cache-miss event can be opened: true in QEMU.
case $(result L3_CAT) in
"ok # SKIP L3_CAT:"*) check_cmd "L3_CAT skips" true ;;
*) check_cmd "L3_CAT skips: $(result L3_CAT)" false ;;
esac
check_cmd "L3_CAT says it has no cache-miss event" \
	sh -c 'echo "$1" | grep -q "No usable perf cache-miss event"' sh "$out"

# L2_NONCONT_CAT skips for want of an L2 resource, which there is none of.
mount -t resctrl resctrl /sys/fs/resctrl
check_cmd "there is no L2 resource" test ! -e /sys/fs/resctrl/info/L2
check_cmd "sparse_masks says MPAM takes sparse portion bitmaps" \
	grep -qx 1 /sys/fs/resctrl/info/L3/sparse_masks
umount /sys/fs/resctrl
check_cmd "L2_NONCONT_CAT skips for want of L2" sh -c 'echo "$1" |
	grep -q "^ok [0-9]* # SKIP Hardware does not support L2_NONCONT_CAT "' sh "$out"
check_cmd "NONCONT_CAT tested what sparse_masks says" \
	sh -c 'echo "$1" | grep -q "testing info/L3/sparse_masks (1)"' sh "$out"

# MBA: resctrl's count per MB percentage follows the percentage.  Each
# "schemata S" block is followed by its avg_bw_resc (MiB/s).
bw=$(echo "$out" | awk '
	/Check MBA diff within .* for schemata/ { s = $NF }
	/avg_bw_resc:/ && s != "" { print s, $NF; s = "" }')
echo "# MBA bandwidth per schemata: $(echo "$bw" | tr '\n' ' ')"
check "MBA reports all ten percentages" 10 "$(echo "$bw" | grep -c .)"
check_cmd "MBA bandwidth is proportional to the percentage (within 15%)" \
	sh -c 'echo "$1" | awk "
		NR == 1 { base = \$2 / \$1 }
		{ r = \$2 / \$1 / base; if (r < 0.85 || r > 1.15) bad = 1 }
		END { exit bad || NR < 10 }"' sh "$bw"

# CMT: the occupancy resctrl reports is the group's portion, not 0.
diff=$(echo "$out" | sed -n 's/^# Percent diff=//p' | head -1)
echo "# CMT occupancy differs from the portion by $diff%"
check_cmd "CMT's occupancy is within 15% of the portion" \
	test -n "$diff" -a "${diff:-100}" -le 15

echo "$out" | grep -q "^# Totals: pass:5 fail:0 xfail:0 xpass:0 skip:2 error:0" ||
	echo "# unexpected totals: $(echo "$out" | grep '^# Totals')"
check "resctrl_tests exits 0" 0 "$status"
done_testing
