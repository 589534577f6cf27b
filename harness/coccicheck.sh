#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's `make coccicheck MODE=report` on drivers/resctrl (with
# mpam_sim/), and on the two files of ours that live in shared directories,
# drivers/acpi/arm64/mpam.c and arch/arm64/kernel/mpam.c.  Prints the
# findings; exit status 1 if any.  The documented single-file way (make C=2
# CHECK=scripts/coccicheck) is refused by 7.3's scripts/checker-valid.sh,
# and M= on their directories would run on every file there, so the two are
# copied into a directory of their own (they include only <...> headers)
# and checked with M= on it; a finding names the file in the tree.
#
# Debian 12's spatch (1.1.1) has no OCaml scripting, and coccicheck stops at
# the first semantic patch that needs it, so each semantic patch runs on its
# own and those with OCaml scripts are skipped (and named).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
src=$BUILD/src
K=(make -s -C "$src" O="$BUILD/obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- MODE=report J=1)

findings=$BUILD/coccicheck.out
: >"$findings"
skipped=()
run=()
for c in $(cd "$src" && find scripts/coccinelle -name '*.cocci' | sort); do
	# Only semantic patches with a report mode (as MODE=report picks).
	grep -qE '^virtual +report' "$src/$c" || continue
	if grep -qE '^@ *(script|initialize|finalize) *: *ocaml' "$src/$c"; then
		skipped+=("$c")
		continue
	fi
	run+=("$c")
done
n=${#run[@]}
# One make coccicheck per semantic patch, as many at once as there are
# CPUs, each with one spatch job (J=1; scripts/coccicheck would otherwise
# start one per CPU for each); the outputs in the same order.
rm -rf "$findings.d"
mkdir -p "$findings.d"
shared=$BUILD/cocci-shared
rm -rf "$shared"
mkdir -p "$shared"
cp "$src/arch/arm64/kernel/mpam.c" "$shared/arch-arm64-kernel-mpam.c"
cp "$src/drivers/acpi/arm64/mpam.c" "$shared/drivers-acpi-arm64-mpam.c"
export src findings shared
export K_ARGS="${K[*]}"
printf '%s\n' "${run[@]}" | nl -ba -nrz -w3 | xargs -P "$(nproc)" -L1 sh -c \
	'$K_ARGS coccicheck M="$src/drivers/resctrl" COCCI="$src/$1" >"$findings.d/$0" 2>&1;
	 $K_ARGS coccicheck M="$shared" COCCI="$src/$1" >>"$findings.d/$0" 2>&1'
cat "$findings.d"/* >"$findings.raw"
rm -rf "$findings.d"
grep -E '^[^ ]+\.[ch]:[0-9]+' "$findings.raw" | grep -E 'resctrl|mpam' |
	sed -e "s|^[^ ]*arch-arm64-kernel-mpam\.c:|arch/arm64/kernel/mpam.c:|" \
	    -e "s|^[^ ]*drivers-acpi-arm64-mpam\.c:|drivers/acpi/arm64/mpam.c:|" |
	sort -u >"$findings"

echo "coccicheck: $n semantic patches; skipped (need OCaml scripting): ${skipped[*]:-none}"
if [ -s "$findings" ]; then
	cat "$findings"
	exit 1
fi
exit 0
