#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The sizes of the structures each driver allocates per monitor and per
# counter, for make bench's counter-state rows (report.py): a probe
# compiled with the exact command line kbuild used for one of the driver's
# objects, reading sizeof() out of the assembler output (as asm-offsets
# does).  Prints "SIZE <name> <bytes>" lines.
#
#   state-sizes.sh ours|base
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$top/build}

case "${1:?usage: state-sizes.sh ours|base}" in
ours)
	src=$BUILD/src obj=$BUILD/obj ref=mpam_core
	probe='#include <linux/workqueue.h>
#include "mpam_core.h"
#include "mpam_glue_internal.h"
SZ(mon_state, sizeof(struct mpam_mon_state));
SZ(glue_cntr, sizeof(struct mpam_glue_cntr));
SZ(mbwu_mon_idx, sizeof(*mpam_glue_mbwu_mon));'
	;;
base)
	src=$BUILD/peer/src obj=$BUILD/peer/obj ref=mpam_devices
	probe='#include "mpam_internal.h"
SZ(mbwu_state, sizeof(struct msmon_mbwu_state));
SZ(rmid_idx_to_mon, sizeof(*((struct mpam_resctrl_mon *)0)->mbwu_idx_to_mon));
SZ(assigned_counter, sizeof(*((struct mpam_resctrl_mon *)0)->assigned_counters));'
	;;
*)
	echo "usage: state-sizes.sh ours|base" >&2
	exit 2
	;;
esac

cmdfile=$obj/drivers/resctrl/.$ref.o.cmd
[ -f "$cmdfile" ] || { echo "state-sizes: no $cmdfile (build the kernel first)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	echo '#define SZ(n, v) asm volatile("\n.ascii \"SIZE " #n " %0\\n\"" : : "i" ((long)(v)))'
	echo "$probe" | sed '/^#include/!d'
	echo 'void mpam_bench_state_sizes(void);'
	echo 'void mpam_bench_state_sizes(void)'
	echo '{'
	echo "$probe" | sed '/^#include/d'
	echo '}'
} >"$tmp/probe.c"
cmd=$(sed -n 's/^savedcmd_[^ ]* := //p' "$cmdfile")
# The same compiler and flags, the probe instead of the object.
cmd=${cmd%%;*}
cmd=$(echo "$cmd" | sed -E "s#-Wp,-MMD,[^ ]+##; s# -c -o [^ ]+ [^ ]+ *\$# -S -o $tmp/probe.s $tmp/probe.c#")
# Never run kbuild's own command: it would write the object.
case "$cmd" in
*" -S -o $tmp/probe.s $tmp/probe.c") ;;
*) echo "state-sizes: cannot rewrite the command of $cmdfile" >&2; exit 1 ;;
esac
(cd "$obj" && eval "$cmd -I$src/drivers/resctrl")
sed -n 's/^[[:space:]]*\.ascii[[:space:]]*"SIZE \([a-z_]*\) #\{0,1\}\([0-9]*\)\\n"$/SIZE \1 \2/p' "$tmp/probe.s"
