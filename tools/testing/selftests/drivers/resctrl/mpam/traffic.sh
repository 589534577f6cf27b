#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Bandwidth counters count exactly the traffic of their group, per domain:
# two groups, traffic injected for each through the simulated L3 MSCs, and
# every mbm_total_bytes checked to the byte.  A group assigned in one
# domain only reads "Unassigned" in the other.  Groups holding different
# counter ids in different domains each count their own label.
. "$(dirname "$0")/lib.sh"

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
domains=$(tr ';' '\n' < $RESCTRL/info/L3_MON/num_mbm_cntrs | cut -d= -f1)

mkdir $RESCTRL/g1 $RESCTRL/g2
for d in $domains; do
	set -- $(group_counters "$d")
	check "domain $d: two group counters assigned on mkdir" 2 "$#"
	c1=$1 c2=$2
	set -- $(counter_label "$d" "$c1")
	p1=$1 g1=$2
	set -- $(counter_label "$d" "$c2")
	p2=$1 g2=$2

	# Different bytes per domain and group, so that no mix-up goes unseen.
	b1=$((1000000 + d * 1000 + 1))
	b2=$((2000000 + d * 1000 + 2))
	inject "$d" "$p1" "$g1" "$b1" read
	inject "$d" "$p2" "$g2" "$b2" write
	inject "$d" "$p2" "$g2" 3 read
	# Traffic of an unrelated label is counted by nobody.
	inject "$d" 40 1 777777 read

	v1=$(read_mbm g1 "$d")
	v2=$(read_mbm g2 "$d")
	# Which group owns which counter: the one whose count matches.
	if [ "$v1" = "$b1" ] || [ "$v1" = "$((b2 + 3))" ]; then
		ok "domain $d: g1 counts exactly its traffic ($v1)"
	else
		not_ok "domain $d: g1 read $v1, expected $b1 or $((b2 + 3))"
	fi
	check "domain $d: the two groups differ" 1 "$([ "$v1" != "$v2" ] && echo 1)"
	check "domain $d: g1 + g2 = everything injected" "$((b1 + b2 + 3))" "$((v1 + v2))"
done

# Unassign g1 in the first domain only.
first=$(echo $domains | cut -d' ' -f1)
echo "mbm_total_bytes:$first=_" > $RESCTRL/g1/mbm_L3_assignments
check "g1 unassigned in domain $first reads Unassigned" Unassigned "$(read_mbm g1 "$first")"
for d in $domains; do
	[ "$d" = "$first" ] && continue
	case "$(read_mbm g1 "$d")" in
	''|*[!0-9]*) not_ok "g1 still counts in domain $d" ;;
	*) ok "g1 still counts in domain $d" ;;
	esac
done

# Counter ids are per domain.  g1 gave its id up in the first domain only;
# g3 takes the lowest free id in each domain, and g1 gets the one left in
# the first: the groups now hold different ids in different domains.  Each
# must still count its own label everywhere.  Every label gets bytes that
# depend on the label only, so a group counting another's in one domain
# shows a different count there.
mkdir $RESCTRL/g3
echo "mbm_total_bytes:$first=e" > $RESCTRL/g1/mbm_L3_assignments
# The precondition, from the driver's view: the first domain's id-to-label
# map differs from the others'.
check "the domains map counter ids to different labels" 2 \
	"$(for d in $domains; do
		awk -v d="$d" '$2 == d { printf "%s:%s/%s ", $4, $8, $10 }' \
			$DBG/mpam/resctrl_counters; echo
	done | sort -u | wc -l)"
for g in g1 g2 g3; do
	for d in $domains; do
		eval "before_${g}_$d=$(read_mbm $g "$d")"
	done
done
for d in $domains; do
	for c in $(group_counters "$d"); do
		set -- $(counter_label "$d" "$c")
		inject "$d" "$1" "$2" $((($1 * 256 + $2 + 1) * 1000)) read
	done
done
seen=""
for g in g1 g2 g3; do
	deltas=""
	for d in $domains; do
		eval "b=\$before_${g}_$d"
		deltas="$deltas $(($(read_mbm $g "$d") - b))"
	done
	set -- $deltas
	check "$g counts the same label in every domain ($*)" 1 \
		"$(echo "$*" | tr ' ' '\n' | sort -u | wc -l)"
	case " $seen " in
	*" $1 "*) not_ok "$g counts the label of another group ($1)" ;;
	*) ok "$g counts a label of its own ($1)" ;;
	esac
	seen="$seen $1"
done

rmdir $RESCTRL/g1 $RESCTRL/g2 $RESCTRL/g3
umount $RESCTRL
done_testing
