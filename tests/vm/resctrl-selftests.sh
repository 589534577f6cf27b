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
. /lib/mpamtest.sh

# 40 GB/s per busy CPU: at MB=10% still above MBA's 2500 MiB/s threshold.
echo 40000000000 >/sys/kernel/debug/mpam_sim/background

ok "memory controller PMUs are registered" -- \
	test -f /sys/bus/event_source/devices/mpam_sim_mc_0/events/bytes
ok "their count is scaled to MiB" -- \
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

expect_eq "MBM passes" "ok MBM: test" "$(result MBM)"
expect_eq "MBM_EVENT passes" "ok MBM_EVENT: test" "$(result MBM_EVENT)"
expect_eq "MBA passes" "ok MBA: test" "$(result MBA)"
expect_eq "CMT passes" "ok CMT: test" "$(result CMT)"
expect_eq "L3_NONCONT_CAT passes" "ok L3_NONCONT_CAT: test" "$(result L3_NONCONT_CAT)"

# L3_CAT skips because no cache-miss event can be opened: true in QEMU.
case $(result L3_CAT) in
"ok # SKIP L3_CAT:"*) ok "L3_CAT skips" -- true ;;
*) ok "L3_CAT skips: $(result L3_CAT)" -- false ;;
esac
ok "L3_CAT says it has no cache-miss event" -- \
	sh -c 'echo "$1" | grep -q "No usable perf cache-miss event"' sh "$out"

# L2_NONCONT_CAT skips for want of an L2 resource, which there is none of.
mount -t resctrl resctrl /sys/fs/resctrl
ok "there is no L2 resource" -- test ! -e /sys/fs/resctrl/info/L2
ok "sparse_masks says MPAM takes sparse portion bitmaps" -- \
	grep -qx 1 /sys/fs/resctrl/info/L3/sparse_masks
umount /sys/fs/resctrl
ok "L2_NONCONT_CAT skips for want of L2" -- sh -c 'echo "$1" |
	grep -q "^ok [0-9]* # SKIP Hardware does not support L2_NONCONT_CAT "' sh "$out"
ok "NONCONT_CAT tested what sparse_masks says" -- \
	sh -c 'echo "$1" | grep -q "testing info/L3/sparse_masks (1)"' sh "$out"

# MBA: resctrl's count per MB percentage follows the percentage.  Each
# "schemata S" block is followed by its avg_bw_resc (MiB/s).
bw=$(echo "$out" | awk '
	/Check MBA diff within .* for schemata/ { s = $NF }
	/avg_bw_resc:/ && s != "" { print s, $NF; s = "" }')
echo "# MBA bandwidth per schemata: $(echo "$bw" | tr '\n' ' ')"
expect_eq "MBA reports all ten percentages" 10 "$(echo "$bw" | grep -c .)"
ok "MBA bandwidth is proportional to the percentage (within 15%)" -- \
	sh -c 'echo "$1" | awk "
		NR == 1 { base = \$2 / \$1 }
		{ r = \$2 / \$1 / base; if (r < 0.85 || r > 1.15) bad = 1 }
		END { exit bad || NR < 10 }"' sh "$bw"

# CMT: the occupancy resctrl reports is the group's portion, not 0.
diff=$(echo "$out" | sed -n 's/^# Percent diff=//p' | head -1)
echo "# CMT occupancy differs from the portion by $diff%"
ok "CMT's occupancy is within 15% of the portion" -- \
	test -n "$diff" -a "${diff:-100}" -le 15

echo "$out" | grep -q "^# Totals: pass:5 fail:0 xfail:0 xpass:0 skip:2 error:0" ||
	echo "# unexpected totals: $(echo "$out" | grep '^# Totals')"
expect_eq "resctrl_tests exits 0" 0 "$status"
tap_done
