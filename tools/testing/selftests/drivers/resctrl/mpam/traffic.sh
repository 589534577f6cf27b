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
# Each group's label, from resctrl's CLOSID/RMID and the driver's map.
set -- $(group_label g1)
p1=$1 g1=$2
set -- $(group_label g2)
p2=$1 g2=$2
check "g1 and g2 run with different labels" 1 \
	"$([ "$p1/$g1" != "$p2/$g2" ] && echo 1)"
for d in $domains; do
	set -- $(group_counters "$d")
	check "domain $d: two group counters assigned on mkdir" 2 "$#"
	check "domain $d: the counters count g1's and g2's labels" \
		"$(printf '%s\n' "$p1 $g1" "$p2 $g2" | sort | tr '\n' ' ')" \
		"$(for c in "$@"; do counter_label "$d" "$c"; done | sort | tr '\n' ' ')"

	# Different bytes per domain and group, so that no mix-up goes unseen.
	b1=$((1000000 + d * 1000 + 1))
	b2=$((2000000 + d * 1000 + 2))
	inject "$d" "$p1" "$g1" "$b1" read
	inject "$d" "$p2" "$g2" "$b2" write
	inject "$d" "$p2" "$g2" 3 read
	# Traffic of an unrelated label is counted by nobody.
	inject "$d" 40 1 777777 read

	check "domain $d: g1 counts exactly its traffic" "$b1" "$(read_mbm g1 "$d")"
	check "domain $d: g2 counts exactly its traffic" "$((b2 + 3))" "$(read_mbm g2 "$d")"
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
# Every label gets bytes that depend on the label only.
labels="$(group_label g1);$(group_label g2);$(group_label g3)"
for d in $domains; do
	echo "$labels" | tr ';' '\n' | while read -r p g; do
		inject "$d" "$p" "$g" $(((p * 256 + g + 1) * 1000)) read
	done
done
for g in g1 g2 g3; do
	set -- $(group_label $g)
	want=$((($1 * 256 + $2 + 1) * 1000))
	for d in $domains; do
		eval "b=\$before_${g}_$d"
		check "$g counts its own label in domain $d" "$want" \
			"$(($(read_mbm $g "$d") - b))"
	done
done

rmdir $RESCTRL/g1 $RESCTRL/g2 $RESCTRL/g3
umount $RESCTRL
done_testing
