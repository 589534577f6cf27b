#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# MSC interrupts wired to PPIs (the harness's platforms/ppi.platform): each
# is a per-CPU interrupt, enabled on the CPUs that can reach its MSC and
# handled there.  The overflow PPI keeps a 31-bit counter exact over two
# wraps between two reads; the error PPI disables MPAM.  Destructive (the
# error): run it in its own boot.
. "$(dirname "$0")/lib.sh"

require_sim
grep -q "^msc .* ppi " "$DBG/mpam/mscs" || skip_all "no MSC interrupt is a PPI"

# field MSC KEY: a key=value field of an MSC's line in debugfs.
field() {
	awk -v m="$1" -v k="$2=" '$1 == "msc" && $2 == m {
		for (i = 1; i <= NF; i++)
			if (index($i, k) == 1) print substr($i, length(k) + 1) }' \
		"$DBG/mpam/mscs"
}

# per_cpu IRQ: the interrupt's count on each CPU, one a line.
per_cpu() {
	awk -v irq="$1:" -v n="$(grep -c ^processor /proc/cpuinfo)" \
		'$1 == irq { for (i = 2; i <= n + 1; i++) print $i }' /proc/interrupts
}

# in_list CPU LIST: whether CPU is in the cpulist LIST ("0-1", "2,3").
in_list() {
	echo "$2" | tr ',' '\n' | while IFS=- read -r lo hi; do
		[ "$1" -ge "$lo" ] && [ "$1" -le "${hi:-$lo}" ] && echo y
	done | grep -q y
}

# check_cpus NAME IRQ CPULIST MIN: the interrupt counted at least MIN times
# on the CPUs of CPULIST, and never elsewhere.
check_cpus() {
	cpu=0 inside=0 outside=0
	for c in $(per_cpu "$2"); do
		if in_list $cpu "$3"; then inside=$((inside + c)); else outside=$((outside + c)); fi
		cpu=$((cpu + 1))
	done
	check "$1: handled on CPUs $3 only" 0 "$outside"
	if [ "$inside" -ge "$4" ]; then ok "$1: $inside on CPUs $3"
	else not_ok "$1: $inside on CPUs $3, expected at least $4"; fi
}

mount_resctrl || skip_all "cannot mount resctrl"
mkdir $RESCTRL/g1
d=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | head -1 | cut -d= -f1)
set -- $(l3_sim_of_domain "$d")
sim=$1 ris=$2
base=${sim##*msc@}
msc=$(awk -v b="$base" '$1 == "msc" { x = $3; sub("base=0x0*", "", x); if (x == b) print $2 }' \
	"$DBG/mpam/mscs")
grep -q "^msc $msc .* ppi " "$DBG/mpam/mscs" || skip_all "domain $d's MSC has no PPI"
cpus=$(field "$msc" cpus)
oirq=$(field "$msc" overflow_irq)
eirq=$(field "$msc" error_irq)
check "the overflow PPI is a per-CPU line of /proc/interrupts" \
	"$(grep -c ^processor /proc/cpuinfo)" \
	"$(per_cpu "$oirq" | wc -l)"

scale=$(awk '/^class cache L3/ {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^scale=/) { sub("scale=", "", $i); print $i } }' \
	"$DBG/mpam/classes")
range=$(( (1 << 31) * (1 << scale) ))
set -- $(counter_label "$d" "$(group_counters "$d" | head -1)")
partid=$1 pmg=$2
before=$(field "$msc" overflows)
# Back to back: resctrl's overflow worker reads every second.
inject "$d" "$partid" "$pmg" "$range" read
inject "$d" "$partid" "$pmg" "$range" write
sleep 1
check "the overflow PPI accounted both wraps" $((before + 2)) "$(field "$msc" overflows)"
check "two wraps between two reads: the total is exact" $((2 * range)) "$(read_mbm g1 "$d")"
check_cpus "the overflow PPI" "$oirq" "$cpus" 2

echo "ris=$ris code=2 partid=77 pmg=1" > "$sim/error"
sleep 1
check "the error PPI disabled MPAM" disabled "$(head -1 $DBG/mpam/status)"
check "the error is logged by name" 1 \
	"$(dmesg | grep -c 'error: request PARTID out of range (ERRCODE 2)')"
check_cpus "the error PPI" "$eirq" "$cpus" 1
umount $RESCTRL
done_testing
