#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-errata.sh SRC: the MPAM errata of the pristine base tree's
# Documentation/arch/arm64/silicon-errata.rst are all still listed in the
# assembled tree SRC, and drivers/resctrl/mpam_errata.c names each in its
# table (".name = "<vendor> <erratum>"").  Prints what it checked; exits 1
# with one line per problem.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
src=${1:?usage: check-errata.sh SRC}
base=$(cat "$top/build/base-dir" 2>/dev/null || echo "$HOME/.cache/mpam-series/base/linux")
rst=Documentation/arch/arm64/silicon-errata.rst
table=$top/drivers/resctrl/mpam_errata.c

# "vendor erratum" for each MPAM row, continuation rows included.
mpam_errata()
{
	awk -F'|' '
		/^\+/ { vendor = ""; mpam = 0; next }
		NF >= 5 {
			v = $2; c = $3; e = $4
			gsub(/^ +| +$/, "", v); gsub(/^ +| +$/, "", c); gsub(/^ +| +$/, "", e)
			if (v != "") vendor = v
			if (c ~ /MPAM|CMN-650/) mpam = 1
			if (!mpam || e == "" || e == "N/A") next
			n = split(e, list, ",")
			for (i = 1; i <= n; i++) {
				x = list[i]; gsub(/^ +| +$/, "", x)
				if (x == "") continue
				if (c ~ /CMN-650/) x = c " " x
				print vendor " " x
			}
		}' "$1"
}

fail=0
want=$(mpam_errata "$base/$rst")
have=$(mpam_errata "$src/$rst")
[ -n "$want" ] || { echo "no MPAM errata found in $base/$rst"; exit 1; }
while read -r e; do
	if ! grep -qxF "$e" <<<"$have"; then
		echo "$src/$rst: \"$e\" is listed by the base tree but missing"
		fail=1
	fi
	name=${e/#ARM /Arm }
	if ! grep -qF ".name = \"$name\"" "$table"; then
		echo "$table: no erratum named \"$name\""
		fail=1
	fi
done <<<"$want"
[ $fail -eq 0 ] && echo "$(echo "$want" | wc -l) MPAM errata listed and handled ($(echo "$want" | paste -sd, | sed 's/,/, /g'))"
exit $fail
