#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: our driver against the base tree's own MPAM driver, side by
# side on the same simulated platform (mpam_sim, shared by both kernels),
# both booted over ACPI (the base driver parses ACPI only).
#
#   bench.sh            build both kernels, run every workload, print the table
#   bench.sh report     only the table, from the outputs of the last run
#
# BENCH_PARTS (default "counts scale") picks the runs: counts, the access
# counts on the bench-wN platforms; scale, enable and mount time on
# platforms/bench-msc{4,16,64,256} and bench-partid{64,4096,65536}.
# BENCH_DRIVERS (default "ours base") the kernels.
#
# The workloads are harness/initramfs/mpambench.sh (/lib/mpambench.sh in
# the VM), one boot per kernel and
# counter width (platforms/bench-w{31,44,63}.platform); the
# idle rows run on the 44-bit platform.  Figures are differences of
# mpam_sim's per-MSC register access counters.  Outputs in build/bench/:
# ours-wN.out and base-wN.out (each boot's output), ours-PLATFORM.out and
# base-PLATFORM.out (the scale boots), bench.md (the table, also printed),
# bench.json.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
out=$BUILD/bench
mkdir -p "$out"

report() {
	python3 "$top/harness/bench/report.py" "$out"
}

if [ "${1:-}" = report ]; then
	report
	exit 0
fi

parts=${BENCH_PARTS:-counts scale}
drivers=${BENCH_DRIVERS:-ours base}
case " $drivers " in *" ours "*) "$top/harness/build.sh" image ;; esac
case " $drivers " in *" base "*) "$top/harness/build.sh" peer ;; esac

# run DRIVER IMAGE WIDTH: one boot, its output kept even when the kernel
# complained (a WARNING from the base driver is a finding, not a stop).
run() {
	local driver=$1 image=$2 w=$3 idle=0 script
	[ "$w" = 44 ] && idle=1
	script=$out/bench-$driver-w$w.sh
	{
		echo "#!/bin/sh"
		echo "BENCH_MODES='plain cdp'"
		echo "BENCH_IDLE=$idle"
		echo "BENCH_IDLE_SECS=${BENCH_IDLE_SECS:-10}"
		echo ". /lib/mpambench.sh"
		echo "bench_main"
	} >"$script"
	echo "bench: $driver driver, $w-bit counters"
	VM_IMAGE=$image VM_TIMEOUT=${VM_TIMEOUT:-600} VM_FAIL_LOG=$out/$driver-w$w.fail.log \
		"$top/harness/vm-test.sh" "$script" "$top/platforms/bench-w$w.platform" \
		acpi >"$out/$driver-w$w.out" 2>&1 ||
		echo "bench: the $driver run with $w-bit counters failed (see $out/$driver-w$w.out)"
}

# sizeof() of what each driver allocates for counter state (report.py).
for d in $drivers; do
	"$top/harness/bench/state-sizes.sh" "$d" >"$out/sizes-$d.txt" ||
		echo "bench: no structure sizes for the $d driver"
done

image() {
	case $1 in
	ours) echo "$BUILD/obj/arch/arm64/boot/Image" ;;
	base) echo "$BUILD/peer/obj/arch/arm64/boot/Image" ;;
	esac
}

# scale DRIVER PLATFORM: one boot timing enable and mount.
scale() {
	local driver=$1 plat=$2 script
	script=$out/scale-$driver-$plat.sh
	printf '#!/bin/sh\n. /lib/mpambench.sh\nbench_scale\n' >"$script"
	echo "bench: $driver driver, $plat"
	VM_IMAGE=$(image "$driver") VM_TIMEOUT=${VM_TIMEOUT:-600} \
		VM_FAIL_LOG=$out/$driver-$plat.fail.log \
		"$top/harness/vm-test.sh" "$script" "$top/platforms/$plat.platform" \
		acpi >"$out/$driver-$plat.out" 2>&1 ||
		echo "bench: the $driver run on $plat failed (see $out/$driver-$plat.out)"
}

case " $parts " in
*" counts "*)
	for w in 31 44 63; do
		for d in $drivers; do
			run "$d" "$(image "$d")" "$w"
		done
	done
	;;
esac
case " $parts " in
*" scale "*)
	for p in bench-msc4 bench-msc16 bench-msc64 bench-msc256 \
		 bench-partid64 bench-partid4096 bench-partid65536; do
		for d in $drivers; do
			scale "$d" "$p"
		done
	done
	;;
esac
report
