#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels make check builds besides the test kernel, one after the
# other, started by harness/check.sh in the background at the lowest CPU
# priority (SCHED_IDLE where the host has it), so that they take only what
# the rest of make check leaves idle: its VM scenarios wait on their guests'
# sleeps and timers for about half their time, and one core sits idle
# through the single-threaded static checks.
#
#   check-builds.sh STATEDIR [debug] [variants]
#
# debug: the debug kernel (harness/build.sh debug), first, as soon as this
# starts.  variants: each harness/config/variant-*.config (harness/build.sh
# variant), once STATEDIR/seed-ready exists: a variant's first build starts
# from a copy of build/obj, which check.sh's static stage rebuilds parts of.
#
# For each build NAME ("debug", "variant-NAME"): STATEDIR/NAME.out gets its
# whole output, STATEDIR/NAME.time its duration in seconds, and
# STATEDIR/NAME.rc its exit status, written last: check.sh waits for it.
# The builds run one at a time because each assembles build/src first.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
state=$1
shift

# run NAME ARGS...: harness/build.sh ARGS..., recorded as NAME.
run() {
	local name=$1 start
	shift
	start=$(date +%s)
	"$top/harness/build.sh" "$@" >"$state/$name.out" 2>&1
	local rc=$?
	echo $(( $(date +%s) - start )) >"$state/$name.time"
	echo "$rc" >"$state/$name.rc"
}

for what; do
	case "$what" in
	debug)
		run debug debug
		;;
	variants)
		while [ ! -f "$state/seed-ready" ]; do
			sleep 2
		done
		for v in "$top"/harness/config/variant-*.config; do
			name=$(basename "$v" .config)
			run "$name" variant "${name#variant-}" "$v"
		done
		;;
	*)
		echo "check-builds: unknown build '$what' (known: debug variants)" >&2
		exit 2
		;;
	esac
done
