#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Assemble the bench's peer tree, build/peer/src: the pristine base with
# its own MPAM driver, plus mpam_sim (our simulated platform, shared by
# both kernels: the same files as in the series), plus
# harness/bench/base-driver-on-mpam-sim.patch, the small bench-only change
# that lets the base driver run on mpam_sim (README.md, "Benchmarks").
# Nothing here is part of the series.  Incremental like assemble.sh: only
# files whose content changed are copied, so rebuilds stay small.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}
peer=$BUILD/peer/src
stage=$BUILD/peer/stage
patch=$top/harness/bench/base-driver-on-mpam-sim.patch

base=$("$top/harness/fetch-base.sh")
basever=$(cat "$base/../VERSION")

if [ ! -f "$peer/.base-copied" ] || [ "$(cat "$peer/.base-copied")" != "$basever" ]; then
	echo "peer-tree: copying base tree ($basever)"
	rm -rf "$peer"
	mkdir -p "$(dirname "$peer")"
	cp -a "$base" "$peer"
	echo "$basever" >"$peer/.base-copied"
fi

rm -rf "$stage"
mkdir -p "$stage/drivers/resctrl/mpam_sim"
# mpam_sim, as the series has it: its directory without the KUnit suites
# (they test our driver; the peer config leaves them off), the interface
# the accessors call and the register map.
cp "$top/drivers/resctrl/mpam_sim.h" "$top/drivers/resctrl/mpam_regs.h" \
   "$stage/drivers/resctrl/"
for f in "$top"/drivers/resctrl/mpam_sim/*; do
	case $f in
	*_test.c | *.orig) continue ;;
	esac
	cp "$f" "$stage/drivers/resctrl/mpam_sim/"
done
# The base files the bench patch changes.
grep -E '^\+\+\+ ' "$patch" | sed -E 's#^\+\+\+ [^/]+/([^[:space:]]+).*#\1#' | while read -r f; do
	mkdir -p "$stage/$(dirname "$f")"
	cp -a "$base/$f" "$stage/$f"
done
if ! patch -d "$stage" -p1 -s -F0 --no-backup-if-mismatch <"$patch"; then
	echo "peer-tree: $(basename "$patch") does not apply to $basever" >&2
	exit 1
fi
rsync -rlc "$stage/" "$peer/"
echo "peer-tree: ready at $peer (base $basever + mpam_sim + $(basename "$patch"))"
