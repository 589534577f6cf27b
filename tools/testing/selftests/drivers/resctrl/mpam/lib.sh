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
	# MPAM enables from a workqueue once every MSC probed, and resets
	# every PARTID first: on a large platform /init can get here sooner.
	t=0
	while [ ! -f "$DBG/mpam/resctrl_counters" ] && [ $t -lt 60 ] &&
	      ! grep -q "^disabled" "$DBG/mpam/status" 2>/dev/null; do
		sleep 1
		t=$((t + 1))
	done
	[ -f "$DBG/mpam/resctrl_counters" ] || skip_all "MPAM is not registered with resctrl"
	grep -q "^enabled" "$DBG/mpam/status" || skip_all "MPAM is not enabled"
}

# check_no_remount: once MPAM is disabled for good, resctrl must not mount.
check_no_remount() {
	if mount -t resctrl none "$RESCTRL" 2>/dev/null; then
		not_ok "resctrl does not mount again"
		umount "$RESCTRL"
	else
		ok "resctrl does not mount again"
	fi
}

mount_resctrl() {
	umount "$RESCTRL" 2>/dev/null
	mount -t resctrl none "$RESCTRL" ${1:+-o "$1"}
}

# The simulator directory and RIS of component $2 of the class whose
# debugfs header starts with $1 ("cache L3", "memory").
sim_of_component() {
	awk -v cls="class $1" -v id="$2" '
		index($0, cls) == 1 { in_cls = 1; next }
		/^class/ { in_cls = 0 }
		in_cls && $1 == "component" && $2 == id { print $6, $8; exit }
	' "$DBG/mpam/classes" | while read -r msc ris; do
		base=$(awk -v id="$msc" \
			'$1 == "msc" && $2 == id { sub("base=0x0*", "", $3); print $3 }' \
			"$DBG/mpam/mscs")
		echo "$DBG/mpam_sim/msc@$base $ris"
	done
}

# The simulator directory and RIS of the L3 MSC of monitor domain $1.
l3_sim_of_domain() {
	sim_of_component "cache L3" "$1"
}

# The CPUs of component $2 of class $1, as debugfs lists them.
component_cpus() {
	awk -v cls="class $1" -v id="$2" '
		index($0, cls) == 1 { in_cls = 1; next }
		/^class/ { in_cls = 0 }
		in_cls && $1 == "component" && $2 == id { print $4; exit }
	' "$DBG/mpam/classes"
}

# The simulator directory and RIS of the memory MSC with the CPUs of L3
# domain $1 (MB and memory-side counters map one to one onto L3 domains).
mem_sim_of_domain() {
	cpus=$(component_cpus "cache L3" "$1")
	comp=$(awk -v cpus="$cpus" '
		/^class memory/ { mem = 1; next }
		/^class/ { mem = 0 }
		mem && $1 == "component" && $4 == cpus { print $2; exit }
	' "$DBG/mpam/classes")
	sim_of_component memory "$comp"
}

# sim_config SIMDIR RIS PARTID CONTROL: a control as the simulated MSC holds it.
sim_config() {
	awk -v r="$2" -v p="$3" -v c="$4" '$2 == r && $4 == p {
		for (i = 5; i < NF; i += 2) if ($i == c) print $(i + 1) }' "$1/config"
}

# inject DOMAIN PARTID PMG BYTES [read|write]: traffic through domain's L3.
inject() {
	set -- "$1" "$2" "$3" "$4" "${5:-read}" $(l3_sim_of_domain "$1")
	echo "ris=$7 partid=$2 pmg=$3 bytes=$4 $5" > "$6/inject"
}

# inject_mem DOMAIN PARTID PMG BYTES [read|write]: traffic through the
# memory controller of an L3 domain.
inject_mem() {
	set -- "$1" "$2" "$3" "$4" "${5:-read}" $(mem_sim_of_domain "$1")
	echo "ris=$7 partid=$2 pmg=$3 bytes=$4 $5" > "$6/inject"
}

# set_occupancy DOMAIN PARTID PMG BYTES: what the label holds in the L3.
set_occupancy() {
	set -- "$1" "$2" "$3" "$4" $(l3_sim_of_domain "$1")
	echo "ris=$6 partid=$2 pmg=$3 bytes=$4" > "$5/occupancy"
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

read_occupancy() {
	cat "$RESCTRL/$1/mon_data/mon_L3_$(printf %02d "$2")/llc_occupancy"
}

domain_value() {
	tr ';' '\n' < "$1" | awk -F= -v d="$2" '$1 == d { print $2 }'
}
