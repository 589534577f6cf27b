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
# The workloads are harness/initramfs/mpambench.sh (/lib/mpambench.sh in
# the VM), one boot per kernel and
# counter width (platforms/bench-w{31,44,63}.platform); the
# idle rows run on the 44-bit platform.  Figures are differences of
# mpam_sim's per-MSC register access counters.  Outputs in build/bench/:
# OURS-wN.out and BASE-wN.out (each boot's output), bench.md (the table,
# also printed), bench.json.
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

"$top/harness/build.sh" image
"$top/harness/build.sh" peer

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

for w in 31 44 63; do
	run ours "$BUILD/obj/arch/arm64/boot/Image" "$w"
	run base "$BUILD/peer/obj/arch/arm64/boot/Image" "$w"
done
report
