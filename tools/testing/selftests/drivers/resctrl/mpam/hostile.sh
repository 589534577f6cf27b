#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input to every file the driver is behind.  From a valid input of
# each file (schemata, mbm_L3_assignments, mbm_assign_mode, mode, the
# event filter, max_threshold_occupancy, mpam_sim's inject, occupancy, tear
# and background), HOSTILE_MUTATIONS mutations each (default 10, from a
# fixed seed: characters deleted, inserted, replaced, segments repeated,
# numbers replaced by edge values) are written in one write(2) apiece.  A
# refused write must fail with an errno and say why (last_cmd_status for
# resctrl files, a kernel message for mpam_sim's), and leave the state it
# guards as it was; an accepted one is undone with the valid input.  Then
# every directory under info/ must refuse a mkdir in it, its rmdir and its
# rename.
#
#   CAMPAIGN: hostile iterations=N operations=N faults=N errors=N
. "$(dirname "$0")/lib.sh"

muts=${HOSTILE_MUTATIONS:-10}
seed=${HOSTILE_SEED:-1}
STATUS=$RESCTRL/info/last_cmd_status
T=/tmp/hostile
L3MON=$RESCTRL/info/L3_MON

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
rm -rf $T
mkdir -p $T
mkdir $RESCTRL/c1
set -- $(l3_sim_of_domain 0)
sim=$1 ris=$2

writes=0 refused=0 accepted=0 errs=0

# mutate VALID: HOSTILE_MUTATIONS mutations of VALID, one a line.
mutate() {
	seed=$((seed + 1))
	awk -v s="$1" -v n="$muts" -v seed="$seed" 'BEGIN {
		srand(seed)
		cs = "0123456789abcdefxyzLMB3:=;,-+ _.%\\\"*"
		split("4294967296 -1 0x 99999999999999999999 18446744073709551616 " \
		      "0 65536 256 ffffffffffffffffffff 1e9", edge, " ")
		for (k = 0; k < n; k++) {
			m = s
			nops = 1 + int(rand() * 3)
			for (j = 0; j < nops; j++) {
				l = length(m)
				p = 1 + int(rand() * (l > 0 ? l : 1))
				c = substr(cs, 1 + int(rand() * length(cs)), 1)
				op = int(rand() * 6)
				if (op == 0)
					m = substr(m, 1, p - 1) substr(m, p + 1)
				else if (op == 1)
					m = substr(m, 1, p - 1) c substr(m, p)
				else if (op == 2)
					m = substr(m, 1, p - 1) c substr(m, p + 1)
				else if (op == 3)
					m = m substr(m, p)
				else if (op == 4 && match(m, /[0-9a-f]+/))
					m = substr(m, 1, RSTART - 1) edge[1 + int(rand() * 10)] \
					    substr(m, RSTART + RLENGTH)
				else
					m = substr(m, 1, p - 1)
			}
			if (m != s)
				print m
		}
	}'
}

# try FILE STATEFILE KIND VALID: write every mutation of VALID to FILE.
# KIND is "resctrl" (last_cmd_status says why) or "sim" (a kernel message).
try() {
	file=$1 state=$2 kind=$3 valid=$4
	mutate "$valid" > $T/inputs
	while IFS= read -r m; do
		before=$(cat "$state" 2>&1)
		[ $kind = sim ] && nmsg=$(dmesg | wc -l)
		writes=$((writes + 1))
		if printf '%s\n' "$m" | dd of="$file" bs=4096 2>$T/err; then
			accepted=$((accepted + 1))
			printf '%s\n' "$valid" > "$file"
			continue
		fi
		refused=$((refused + 1))
		why=
		if ! grep -q 'dd: error writing' $T/err; then
			why="no errno"
		elif [ $kind = resctrl ] && [ "$(cat $STATUS)" = ok ]; then
			why="last_cmd_status says ok"
		elif [ $kind = sim ] && [ "$(dmesg | wc -l)" = "$nmsg" ]; then
			why="no kernel message"
		elif [ "$(cat "$state" 2>&1)" != "$before" ]; then
			why="state changed"
		fi
		if [ -n "$why" ]; then
			errs=$((errs + 1))
			not_ok "$file: '$m' refused ($(head -1 $T/err | sed 's/.*: //')): $why"
		fi
	done < $T/inputs
	ok "$file: $(wc -l < $T/inputs) mutations of '$valid'"
}

try $RESCTRL/c1/schemata $RESCTRL/c1/schemata resctrl "L3:0=ff;2=f0"
try $RESCTRL/c1/schemata $RESCTRL/c1/schemata resctrl "MB:0=50;2=100"
try $RESCTRL/c1/mbm_L3_assignments $RESCTRL/c1/mbm_L3_assignments resctrl \
	"mbm_total_bytes:0=e;2=e"
try $L3MON/mbm_assign_mode $L3MON/mbm_assign_mode resctrl "mbm_event"
try $RESCTRL/c1/mode $RESCTRL/c1/mode resctrl "shareable"
try $L3MON/max_threshold_occupancy $L3MON/max_threshold_occupancy resctrl \
	"$(cat $L3MON/max_threshold_occupancy)"
f=$L3MON/event_configs/mbm_total_bytes/event_filter
if [ -w $f ] && [ "$(stat -c %a $f)" = 644 ]; then
	try $f $f resctrl "$(cat $f)"
fi
try $sim/inject $sim/monitors sim "ris=$ris partid=1 pmg=0 bytes=4096 read"
try $sim/occupancy $sim/monitors sim "ris=$ris partid=1 pmg=0 bytes=0"
try $sim/tear $sim/monitors sim "bytes=0"
try $DBG/mpam_sim/background $DBG/mpam_sim/background sim "0"

# Directory operations where no group can be: every directory under info/
# (at any depth: fs/resctrl once took the priv of an event_configs
# directory for a group, and a mkdir there crashed) refuses a mkdir in it,
# its rmdir and its rename, with an errno, and the tree stays as it was.
find $RESCTRL/info -type d | sort > $T/info.before
dirs=0 derrs=0
while read -r d; do
	dirs=$((dirs + 1))
	mkdir "$d/x" 2>/dev/null && { derrs=$((derrs + 1)); rmdir "$d/x"; }
	rmdir "$d" 2>/dev/null && derrs=$((derrs + 1))
	mv "$d" "$d.x" 2>/dev/null && { derrs=$((derrs + 1)); mv "$d.x" "$d"; }
	mv "$d" $RESCTRL/mon_groups/x 2>/dev/null && derrs=$((derrs + 1))
done < $T/info.before
find $RESCTRL/info -type d | sort > $T/info.after
writes=$((writes + 4 * dirs)) refused=$((refused + 4 * dirs - derrs)) errs=$((errs + derrs))
check "$dirs directories under info/ refuse mkdir, rmdir and rename" 0 "$derrs"
check "the info/ tree is as it was" "$(cat $T/info.before)" "$(cat $T/info.after)"

# After all that, the group still works.
echo "L3:0=f" > $RESCTRL/c1/schemata
check "an accepted write still says ok" ok "$(cat $STATUS)"
check "c1's schemata took it" "0=f" \
	"$(grep '^ *L3:' $RESCTRL/c1/schemata | sed 's/.*L3://; s/;.*//')"
rmdir $RESCTRL/c1
sleep 2
check_every_rmid_free
umount $RESCTRL
echo "# $writes writes: $refused refused, $accepted accepted"
check "every refusal had an errno, a message and no effect" 0 "$errs"
echo "CAMPAIGN: hostile iterations=$writes operations=$writes faults=$refused errors=$errs"
done_testing
