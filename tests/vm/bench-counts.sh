# SPDX-License-Identifier: GPL-2.0
# vm-test: bench-w44 acpi
# vm-timeout: 300
#
# make check's guard of make bench: the register accesses our driver makes
# for the bench's workloads (/lib/mpambench.sh, the same as make bench
# runs), exact, on the 44-bit bench platform over ACPI.  mpam_sim's
# counters are deterministic, so any change of these figures fails here:
# a regression, or an improvement to write down (README.md, "Benchmarks").
# KUnit (mpam_core: steady-state read cost) guards the 31-bit reads.
. /usr/share/mpam-selftests/lib.sh
. /lib/mpambench.sh

export BENCH_MODES="plain cdp"
bench_main >/tmp/bench.out
grep -v '^BENCH' /tmp/bench.out

# got ROW MODE: "reads+writes" of a row.
got() {
	awk -v r="$1" -v m="$2" '$1 == "BENCH" && $2 == r && $3 == m { print $4 "+" $5 }' \
		/tmp/bench.out
}

# expect ROW MODE READS+WRITES WHY
expect() {
	check "$1 ($2): $4" "$3" "$(got "$1" "$2")"
}

expect read_moving plain 3+0 "hi, lo, hi: MON_SEL still selects the monitor"
expect read_idle plain 4+0 "and CTL, to tell lost state from no traffic"
expect read_moving cdp 6+2 "two monitors, a MON_SEL write each"
expect read_idle cdp 8+2 "and CTL of each"
expect mkdir plain 0+16 "2 domains: an MBWU monitor (MON_SEL, FLT, CTL, counter x2) and 3 more each"
expect mkdir cdp 0+40 "two PARTIDs: twice as many"
# A MON group's two monitors: 16, or 17 when the overflow worker last
# selected another monitor of the MSC (the one history-dependent MON_SEL).
v=$(got mkdir_mon plain)
check_cmd "mkdir_mon (plain): 0+16 or 0+17, got $v" test "$v" = 0+16 -o "$v" = 0+17
expect rmdir_mon plain 0+0 "nothing to write"
expect unassign plain 0+0 "nothing to write"
expect assign plain 0+4 "one monitor, already selected: FLT, CTL, counter x2"
expect schemata_l3 plain 0+2 "PART_SEL and CPBM"
expect schemata_mb plain 0+2 "PART_SEL and MBW_MAX"
grep -q "^BEHAVIOUR model_checks all bad_context accesses 0, MSC errors 0" /tmp/bench.out
check_cmd "no access from a bad context, no MSC error" test $? = 0
done_testing
