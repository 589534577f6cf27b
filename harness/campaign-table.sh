#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The reliability campaigns' table, from the output of their VM runs.
#
#   campaign-table.sh KERNEL OUT...
#
# KERNEL names the kernel the runs booted, or is "auto": each run's own,
# from vm-test.sh's first line ("..., debug kernel, ..."), else "test".
# Each OUT is what harness/vm-test.sh printed for one run: the campaign's
# "CAMPAIGN: NAME iterations=N operations=N faults=N errors=N" line (KUnit
# prefixes it with "# test: "), and vm-test.sh's "kernel reports R, kmemleak
# leaks L" and PASS/FAIL lines.  Runs of one campaign name add up into one
# row: boots, iterations, operations, faults injected, errors seen, leaks
# and kernel reports, and FAIL when any run failed.  A run that printed no
# CAMPAIGN line (it crashed, hung or never got there) is a row of its own
# named after its file, with FAIL.
set -euo pipefail

kernel=$1
shift
for f; do
	awk -v file="$(basename "$f" .out)" '
		/CAMPAIGN: / {
			sub(/.*CAMPAIGN: /, "")
			name = $1
			for (i = 2; i <= NF; i++) {
				split($i, kv, "=")
				v[kv[1]] = kv[2]
			}
			seen = 1
		}
		NR == 1 && /^vm-test: / {
			kern = "test"
			if (/, debug kernel/)
				kern = "debug"
		}
		/^vm-test: kernel reports / {
			rep = $4; sub(/,/, "", rep)
			leaks = $7
		}
		/^vm-test: PASS/ { pass = 1 }
		END {
			if (!seen)
				name = file
			printf "%s %d %d %d %d %s %s %s %s\n", name, v["iterations"], v["operations"],
				v["faults"], v["errors"], leaks == "" ? "?" : leaks,
				rep == "" ? "?" : rep, pass && seen ? "PASS" : "FAIL",
				kern == "" ? "test" : kern
		}' "$f"
done | awk -v kernel="$kernel" '
	{
		if (!($1 in boots))
			order[n++] = $1
		boots[$1]++
		kern[$1] = kernel == "auto" ? $9 : kernel
		it[$1] += $2; op[$1] += $3; fa[$1] += $4; er[$1] += $5
		lk[$1] = ($6 == "?" || lk[$1] == "?") ? "?" : lk[$1] + ($6 == "-" ? 0 : $6)
		if ($6 == "-" && !($1 in nolk))
			nolk[$1] = 1
		rp[$1] = ($7 == "?" || rp[$1] == "?") ? "?" : rp[$1] + $7
		if ($8 == "FAIL")
			res[$1] = "FAIL"
		else if (!($1 in res))
			res[$1] = "PASS"
	}
	END {
		printf "%-18s %-7s %5s %10s %11s %7s %7s %6s %8s  %s\n", "campaign", "kernel",
			"boots", "iterations", "operations", "faults", "errors", "leaks",
			"reports", "result"
		for (i = 0; i < n; i++) {
			c = order[i]
			printf "%-18s %-7s %5d %10d %11d %7d %7d %6s %8s  %s\n", c, kern[c], boots[c],
				it[c], op[c], fa[c], er[c], (c in nolk) ? "n/a" : lk[c], rp[c], res[c]
		}
	}'
