#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the MPAM selftests that drive the simulated platform (mpam_sim)
# and check exact counts through resctrl.  They need CONFIG_ARM64_MPAM_SIM,
# debugfs, and a platform whose MSCs are simulated; otherwise they skip.

RESCTRL=/sys/fs/resctrl
DBG=/sys/kernel/debug

# TAP output and exit codes are kselftest's (KSFT_SKIP is 4).  Its helpers
# sit three directories up, in the source tree and in a kselftest install;
# a script sourcing this file from elsewhere sets KSFT_DIR to the directory
# holding kselftest/ (the test VM's /init sets /usr/share).
. "${KSFT_DIR:-$(dirname "$0")/../../..}/kselftest/ktap_helpers.sh"
ktap_print_header

# ok DESCRIPTION: a check that passed.
ok() {
	ktap_test_pass "$*"
}

# not_ok DESCRIPTION: a check that failed.
not_ok() {
	ktap_test_fail "$*"
}

# check DESCRIPTION EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: expected '$2', got '$3'"; fi
}

# check_cmd DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check_cmd() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc: '$*' failed"; fi
}

# skip_all REASON: nothing here can be tested; exits with KSFT_SKIP.
skip_all() {
	ktap_skip_all "$*"
	exit "$KSFT_SKIP"
}

# done_testing: the plan, the totals; exits 0 only if every check passed.
done_testing() {
	ktap_set_plan $((KTAP_TESTNO - 1))
	ktap_finished
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
	if mount -t resctrl -o debug resctrl "$RESCTRL" 2>/dev/null; then
		not_ok "resctrl does not mount again"
		umount "$RESCTRL"
	else
		ok "resctrl does not mount again"
	fi
}

# mount_resctrl [OPTIONS]: mount resctrl afresh.  "debug" is always added:
# it shows each group's CLOSID and RMID (ctrl_hw_id, mon_hw_id), which
# group_label uses.
mount_resctrl() {
	umount "$RESCTRL" 2>/dev/null
	mount -t resctrl -o "debug${1:+,$1}" resctrl "$RESCTRL"
}

# The PARTIDs group $1 (a path under /sys/fs/resctrl, "" for the default
# group) runs with, comma separated (data, then code under CDP), from
# resctrl's ctrl_hw_id and the driver's resctrl_labels.
group_partids() {
	case "$1" in
	*mon_groups/*) ctrl=${1%%/mon_groups/*} ;;
	mon_groups/*) ctrl= ;;
	*) ctrl=$1 ;;
	esac
	awk -v c="$(cat "$RESCTRL/$ctrl/ctrl_hw_id")" '$1 == "closid" && $2 == c { print $4 }' \
		"$DBG/mpam/resctrl_labels"
}

# The "partid pmg" of group $1 (the data PARTID under CDP): what traffic of
# its tasks is labelled with.  The PMG is the group's RMID.
group_label() {
	p=$(group_partids "$1")
	echo "${p%%,*} $(cat "$RESCTRL/$1/mon_hw_id")"
}

# Every "SIMDIR RIS" behind component $2 of the class whose debugfs header
# starts with $1 ("cache L3", "memory"), one a line (aliasing RIS and
# components of several MSCs have more than one).
sims_of_component() {
	awk -v cls="class $1" -v id="$2" '
		index($0, cls) == 1 { in_cls = 1; next }
		/^class/ { in_cls = 0 }
		in_cls && $1 == "component" && $2 == id {
			for (i = 5; i < NF; i += 4) print $(i + 1), $(i + 3)
		}
	' "$DBG/mpam/classes" | while read -r msc ris; do
		base=$(awk -v id="$msc" '$1 == "msc" && $2 == id {
				sub("base=0x0*", "", $3); print $3 }' \
			"$DBG/mpam/mscs")
		echo "$DBG/mpam_sim/msc@$base $ris"
	done
}

# The first "SIMDIR RIS" of component $2 of class $1.
sim_of_component() {
	sims_of_component "$1" "$2" | head -1
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

# try_mkdir DIR: mkdir, waiting up to 4 s for fs/resctrl's limbo worker
# (once a second) when every free RMID is still dirty.  Prints the number
# of retries; fails when the directory never came.
try_mkdir() {
	for t in 0 1 2 3 4; do
		if mkdir "$1" 2>/dev/null; then
			echo $t
			return 0
		fi
		sleep 1
	done
	echo $t
	return 1
}

# check_every_rmid_free: on a mounted resctrl with only the default group,
# as many groups can exist at once as info/L3_MON/num_rmids says: CTRL_MON
# groups until the CLOSIDs run out, then in each (and the default group)
# MON groups until its PMGs run out.  A campaign ends with it, so a lost
# RMID (one that never leaves limbo) fails every campaign.  Leaves only
# the default group.
check_every_rmid_free() {
	cerf_want=$(cat "$RESCTRL/info/L3_MON/num_rmids")
	cerf_groups=1 cerf_c=0
	while try_mkdir "$RESCTRL/rmid$cerf_c" >/dev/null; do
		cerf_groups=$((cerf_groups + 1)) cerf_c=$((cerf_c + 1))
	done
	for cerf_g in "$RESCTRL" "$RESCTRL"/rmid*; do
		cerf_m=0
		while mkdir "$cerf_g/mon_groups/rmid$cerf_m" 2>/dev/null; do
			cerf_groups=$((cerf_groups + 1)) cerf_m=$((cerf_m + 1))
		done
	done
	check "every RMID is free: groups that exist at once" "$cerf_want" "$cerf_groups"
	for cerf_g in "$RESCTRL" "$RESCTRL"/rmid*; do
		rmdir "$cerf_g"/mon_groups/rmid* 2>/dev/null
	done
	rmdir "$RESCTRL"/rmid* 2>/dev/null
}
