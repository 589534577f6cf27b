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
grep '^BENCH' /tmp/bench.out | sed 's/^/# /'

# got ROW MODE: "reads+writes" of a row.
got() {
	awk -v r="$1" -v m="$2" '$1 == "BENCH" && $2 == r && $3 == m { print $4 "+" $5 }' \
		/tmp/bench.out
}

# got_fixed ROW MODE: "reads+writes" of a row, its MON_SEL writes left out.
got_fixed() {
	awk -v r="$1" -v m="$2" '$1 == "BENCH" && $2 == r && $3 == m { print $4 "+" $5 - $6 }' \
		/tmp/bench.out
}

# got_sel ROW MODE: the MON_SEL writes of a row.
got_sel() {
	awk -v r="$1" -v m="$2" '$1 == "BENCH" && $2 == r && $3 == m { print $6 }' \
		/tmp/bench.out
}

# expect ROW MODE READS+WRITES WHY: exact, MON_SEL writes included.
expect() {
	check "$1 ($2): $4" "$3" "$(got "$1" "$2")"
}

# expect_sel ROW MODE READS+WRITES MIN MAX WHY: exact without the MON_SEL
# writes, which number MIN to MAX.  A monitor's MON_SEL write is skipped
# when the MSC still selects it (mpam_msc_select_mon()), which depends on
# what fs/resctrl's overflow and limbo workers read last: timing.
expect_sel() {
	check "$1 ($2): $6" "$3" "$(got_fixed "$1" "$2")"
	sel=$(got_sel "$1" "$2")
	check_cmd "$1 ($2): $4 to $5 MON_SEL writes, got $sel" \
		test "${sel:-x}" -ge "$4" -a "${sel:-x}" -le "$5"
}

expect read_moving plain 3+0 "lo, hi, lo: MON_SEL still selects the monitor"
expect read_idle plain 3+0 "lo, hi unmoved, and CTL, to tell lost state from no traffic"
expect read_moving cdp 6+2 "two monitors, a MON_SEL write each"
expect read_idle cdp 6+2 "lo, hi and CTL of each"
# fs/resctrl resets each counter it assigned on mkdir: a counter not read
# since it was programmed is left alone (resctrl_arch_reset_cntr()).
expect_sel mkdir plain 0+8 0 2 "2 domains: a monitor's FLT, CTL, counter x2 each"
expect_sel mkdir cdp 0+16 2 4 "two monitors (PARTIDs) a domain, the second selected"
expect_sel mkdir_mon plain 0+8 0 2 "as a CTRL_MON group's: no controls to write"
expect rmdir_mon plain 0+0 "nothing to write"
expect unassign plain 0+0 "nothing to write"
expect_sel assign plain 0+4 0 1 "one monitor: FLT, CTL, counter x2"
expect schemata_l3 plain 0+2 "PART_SEL and CPBM"
expect schemata_mb plain 0+2 "PART_SEL and MBW_MAX"
# Assigned on mkdir, a counter counts from then, before any read.
grep -q "^BEHAVIOUR count_from_assign plain .*counted '1000'$" /tmp/bench.out
check_cmd "count_from_assign (plain): traffic right after mkdir, before a read, is counted" test $? = 0
grep -q "^BEHAVIOUR model_checks all bad_context accesses 0, MSC errors 0" /tmp/bench.out
check_cmd "no access from a bad context, no MSC error" test $? = 0
done_testing
