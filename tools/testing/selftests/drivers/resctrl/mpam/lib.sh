#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the MPAM selftests that drive the simulated platform (mpam_sim)
# and check exact counts through resctrl.  They need CONFIG_ARM64_MPAM_SIM,
# debugfs, and a platform whose MSCs are simulated; otherwise they skip.

RESCTRL=/sys/fs/resctrl
DBG=/sys/kernel/debug
KSFT_SKIP=4
n=0
failed=0

ok() {
	n=$((n + 1))
	echo "ok $n - $*"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $*"
}

# check DESCRIPTION EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: expected '$2', got '$3'"; fi
}

skip_all() {
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ] || exit 1
	exit 0
}

require_sim() {
	[ -d "$DBG/mpam_sim" ] || skip_all "no simulated MPAM platform (mpam_sim)"
	[ -f "$DBG/mpam/resctrl_counters" ] || skip_all "MPAM is not registered with resctrl"
	grep -q "^enabled" "$DBG/mpam/status" || skip_all "MPAM is not enabled"
}

mount_resctrl() {
	umount "$RESCTRL" 2>/dev/null
	mount -t resctrl resctrl "$RESCTRL" ${1:+-o "$1"}
}

# The simulator directory and RIS of the L3 MSC of monitor domain $1.
l3_sim_of_domain() {
	awk -v dom="$1" '
		/^class cache L3/ { l3 = 1; next }
		/^class/ { l3 = 0 }
		l3 && $1 == "component" && $2 == dom { print $6, $8; exit }
	' "$DBG/mpam/classes" | while read -r msc ris; do
		base=$(awk -v id="$msc" '$1 == "msc" && $2 == id { sub("base=0x0*", "", $3); print $3 }' \
			"$DBG/mpam/mscs")
		echo "$DBG/mpam_sim/msc@$base $ris"
	done
}

# inject DOMAIN PARTID PMG BYTES [read|write]: traffic through domain's L3.
inject() {
	set -- "$1" "$2" "$3" "$4" "${5:-read}" $(l3_sim_of_domain "$1")
	echo "ris=$7 partid=$2 pmg=$3 bytes=$4 $5" > "$6/inject"
}

# The "partid pmg" of counter $2 in domain $1 (first PARTID under CDP).
counter_label() {
	awk -v dom="$1" -v c="$2" '$2 == dom && $4 == c {
		split($8, p, ","); print p[1], $10 }' "$DBG/mpam/resctrl_counters"
}

# The PARTIDs counter $2 of domain $1 counts, comma separated.
counter_partids() {
	awk -v dom="$1" -v c="$2" '$2 == dom && $4 == c { print $8 }' \
		"$DBG/mpam/resctrl_counters"
}

# The counters assigned in domain $1 that count PARTID/PMG other than 0/0.
group_counters() {
	awk -v dom="$1" '$2 == dom && !($8 ~ /^0(,1)?$/ && $10 == 0) { print $4 }' \
		"$DBG/mpam/resctrl_counters"
}

read_mbm() {
	cat "$RESCTRL/$1/mon_data/mon_L3_$(printf %02d "$2")/mbm_total_bytes"
}

domain_value() {
	tr ';' '\n' < "$1" | awk -F= -v d="$2" '$1 == d { print $2 }'
}
