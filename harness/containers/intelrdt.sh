# SPDX-License-Identifier: GPL-2.0
# The container-runtime scenarios (tests/vm/containers-runc.sh and
# containers-crun.sh): ". /containers/intelrdt.sh" after the MPAM
# selftests' lib.sh, then "intelrdt_scenario RUNTIME CLOSID-GROUP [ARGS...]".
# Runs a busy container with an OCI linux.intelRdt section, without and
# then with a closID, and checks what the runtime did to resctrl, what
# mpam_sim holds for the group's PARTID, that the container's processes
# are the group's tasks, that its traffic is counted in the group, and what
# is left of the group once the container is deleted.

BUNDLE=/containers
RATE=100000000		# bytes per second per busy CPU (background model)

# What config.json asks for; the expected values follow from it.
L3_SCHEMA="L3:0=f;2=f0"
MB_SCHEMA="MB:0=50;2=50"
MB_PCT=50
# MBW_MAX of an 8-bit control at 50%: 128 of 256 granules, minus one, at
# the top of the 16-bit field (as alloc.sh checks).
MBW_MAX_WANT=0x7f00

# ok_if DESCRIPTION COMMAND...: one TAP line for COMMAND's status.
ok_if()
{
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# write_config [CLOSID]: config.json for a container of two processes, a
# shell that spins and a sleeping child.
write_config()
{
	closid=""
	[ -n "${1:-}" ] && closid="\"closID\": \"$1\", "
	cat >$BUNDLE/config.json <<JSON
{
	"ociVersion": "1.0.2",
	"process": {
		"terminal": false,
		"user": { "uid": 0, "gid": 0 },
		"args": [ "sh", "-c", "sleep 1000 & while :; do :; done" ],
		"env": [ "PATH=/bin" ],
		"cwd": "/",
		"noNewPrivileges": true
	},
	"root": { "path": "rootfs" },
	"hostname": "ctr",
	"mounts": [ { "destination": "/proc", "type": "proc", "source": "proc" } ],
	"linux": {
		"namespaces": [ { "type": "pid" }, { "type": "mount" }, { "type": "uts" } ],
		"resources": { "devices": [ { "allow": true, "access": "rwm" } ] },
		"intelRdt": {
			$closid"l3CacheSchema": "$L3_SCHEMA",
			"memBwSchema": "$MB_SCHEMA",
			"enableMonitoring": true
		}
	}
}
JSON
}

# schemata_value GROUP RES DOMAIN: one domain's value in a group's schemata.
schemata_value()
{
	sed -n "s/^ *$2://p" "$RESCTRL/$1/schemata" | tr ';' '\n' |
		awk -F= -v d="$3" '$1 + 0 == d { gsub(/ /, "", $2); print $2 }'
}

# total_mbm GROUP: mbm_total_bytes summed over the L3 domains.
total_mbm()
{
	sum=0
	for f in "$RESCTRL/$1"/mon_data/mon_L3_*/mbm_total_bytes; do
		sum=$((sum + $(cat "$f")))
	done
	echo "$sum"
}

uptime_cs() { awk '{ sub(/\./, "", $1); print $1 + 0 }' /proc/uptime; }

# container_pid RT ARGS... ID: the container's init, from "RT state ID".
container_pid()
{
	"$@" 2>/dev/null | tr ',' '\n' | sed -n 's/^ *"pid": *\([0-9]*\).*/\1/p' |
		head -1
}

# check_group RT GROUP ID STATE-COMMAND...: the group the runtime made for
# container ID holds what config.json asked for, in resctrl and in the
# simulated MSCs, has the container's processes as its tasks, and counts
# the container's traffic.
check_group()
{
	rt=$1 grp=$2 id=$3
	shift 3
	if [ ! -d "$RESCTRL/$grp" ]; then
		not_ok "$rt: resctrl group $grp exists"
		ls "$RESCTRL" | sed 's/^/# resctrl: /'
		return
	fi
	ok "$rt: resctrl group $grp exists"
	check "$rt: $grp: L3 portions in domain 0" $((0xf)) \
		"$(( 0x$(schemata_value "$grp" L3 0) ))"
	check "$rt: $grp: L3 portions in domain 2" $((0xf0)) \
		"$(( 0x$(schemata_value "$grp" L3 2) ))"
	check "$rt: $grp: MB in domain 0" $MB_PCT "$(schemata_value "$grp" MB 0)"
	check "$rt: $grp: MB in domain 2" $MB_PCT "$(schemata_value "$grp" MB 2)"

	# The group's PARTID (its CLOSID's, from the driver's resctrl_labels)
	# and what the simulated MSCs hold for it.
	partid=$(group_partids "$grp")
	partid=${partid%%,*}
	if [ -z "$partid" ] || [ "$partid" = 0 ]; then
		not_ok "$rt: $grp has a PARTID of its own: '$partid'"
		partid=0
	else
		ok "$rt: $grp has a PARTID of its own ($partid)"
	fi
	for dom in 0 2; do
		want=0xf
		[ $dom = 2 ] && want=0xf0
		check "$rt: mpam_sim: L3 MSC of domain $dom, PARTID $partid: CPBM" \
			"$want" "$(sim_config $(l3_sim_of_domain $dom) "$partid" cpbm)"
		check "$rt: mpam_sim: memory MSC of domain $dom, PARTID $partid: MBW_MAX" \
			"$MBW_MAX_WANT" "$(sim_config $(mem_sim_of_domain $dom) "$partid" mbw_max)"
	done

	echo "# $rt: $grp/mon_groups:" $(ls "$RESCTRL/$grp/mon_groups")
	# The container's processes (its cgroup's) are exactly the group's
	# tasks.
	pid=$(container_pid "$@" state "$id")
	cg=$(sed -n 's/^0:://p' "/proc/${pid:-0}/cgroup" 2>/dev/null)
	procs=$(cat "/sys/fs/cgroup$cg/cgroup.procs" 2>/dev/null | sort -n)
	echo "# $rt: container $id: init $pid, cgroup $cg, processes" $procs
	n=$(echo "$procs" | grep -c .)
	ok_if "$rt: container $id has its two processes in its cgroup ($n)" \
		test -n "$pid" -a -n "$cg" -a "$cg" != / -a "$n" = 2
	check "$rt: $grp/tasks holds the container's processes, and only them" \
		"$(echo $procs)" "$(echo $(sort -n "$RESCTRL/$grp/tasks"))"

	# Its traffic: one busy CPU at RATE, cut to MB_PCT by the model.
	echo $RATE >"$DBG/mpam_sim/background"
	b0=$(total_mbm "$grp")
	t0=$(uptime_cs)
	sleep 2
	b1=$(total_mbm "$grp")
	t1=$(uptime_cs)
	echo 0 >"$DBG/mpam_sim/background"
	want=$((RATE / 100 * MB_PCT / 100 * (t1 - t0)))
	got=$((b1 - b0))
	echo "# $rt: $grp counted $got bytes in $((t1 - t0))0 ms;" \
		"the model's rate at MB $MB_PCT% gives $want"
	ok_if "$rt: $grp's mbm_total_bytes has the container's traffic (75-125% of the model's)" \
		test "$got" -ge $((want * 3 / 4)) -a "$got" -le $((want * 5 / 4))
}

# run_container RT ID ARGS...: "RT ARGS... run -d" for container ID, one
# TAP line.
run_container()
{
	rt=$1 id=$2
	shift 2
	if "$@" run -d --no-pivot -b $BUNDLE "$id" </dev/null >/tmp/$rt.out 2>&1; then
		ok "$rt: runs container $id with an intelRdt section"
		return 0
	fi
	sed 's/^/# /' /tmp/$rt.out
	not_ok "$rt: runs container $id with an intelRdt section"
	return 1
}

# delete_container RT ID ARGS...: "RT ARGS... delete -f ID", one TAP line.
delete_container()
{
	rt=$1 id=$2
	shift 2
	if "$@" delete -f "$id" >/tmp/$rt.out 2>&1; then
		ok "$rt: deletes container $id"
	else
		sed 's/^/# /' /tmp/$rt.out
		not_ok "$rt: deletes container $id"
	fi
}

# cpuinfo_rdt_flags RT ARGS...: runc 1.1 enables intelRdt only when the
# first "flags" line of /proc/cpuinfo has the x86 flags cat_l3 (for
# l3CacheSchema) and mba (for memBwSchema); arm64's /proc/cpuinfo has no
# such line, so runc refuses every intelRdt section there, whatever resctrl
# offers ("Intel RDT/CAT is not enabled").  runc 1.2 asks resctrl's info
# directory instead.  When RT refuses for that reason, a copy of
# /proc/cpuinfo with that line is bind-mounted over it, so that the rest of
# the scenario runs what the runtime does with resctrl.
cpuinfo_rdt_flags()
{
	rt=$1
	shift
	write_config
	if "$@" run -d --no-pivot -b $BUNDLE c0 </dev/null >/tmp/$rt.out 2>&1; then
		"$@" delete -f c0 >/dev/null 2>&1
		rmdir "$RESCTRL/c0" 2>/dev/null
		return
	fi
	grep -q 'Intel RDT/CAT is not enabled' /tmp/$rt.out || return
	echo "# $rt: $(sed -n 's/.*msg="\(.*\)"/\1/p' /tmp/$rt.out)"
	echo "# $rt: $("$@" --version | head -1) gates intelRdt on the x86 flags of" \
		"/proc/cpuinfo: bind-mounting a copy with \"flags : cat_l3 mba\""
	{ echo "flags		: cat_l3 mba"; cat /proc/cpuinfo; } >/tmp/cpuinfo
	mount -o bind /tmp/cpuinfo /proc/cpuinfo
}

# intelrdt_scenario RUNTIME CLOSID-GROUP [GLOBAL-ARGS...]: CLOSID-GROUP is
# what RUNTIME does with a group named by closID when the container is
# deleted: "left" or "removed".
intelrdt_scenario()
{
	rt=$1 closid_group=$2
	shift 2
	mkdir -p /run /sys/fs/cgroup
	grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts ||
		mount -t cgroup2 cgroup2 /sys/fs/cgroup
	mount_resctrl || skip_all "cannot mount resctrl"
	grep -q '^ *MB:' "$RESCTRL/schemata" || skip_all "no MB resource"
	cpuinfo_rdt_flags "$rt" "$rt" "$@"

	# 1. No closID: the runtime names the group after the container and
	#    removes it with the container.
	write_config
	if run_container "$rt" c1 "$rt" "$@"; then
		check_group "$rt" c1 c1 "$rt" "$@"
		delete_container "$rt" c1 "$rt" "$@"
		ok_if "$rt: group c1 is gone after the container is deleted" \
			test ! -e "$RESCTRL/c1"
	fi

	# 2. closID: the group is named by closID.  What is left of it once
	#    the container is deleted is the runtime's choice: runc treats a
	#    named group as externally managed and leaves it.
	write_config shared
	if run_container "$rt" c2 "$rt" "$@"; then
		check_group "$rt" shared c2 "$rt" "$@"
		delete_container "$rt" c2 "$rt" "$@"
		if [ "$closid_group" = left ]; then
			if [ -d "$RESCTRL/shared" ]; then
				check "$rt: the closID group is left, with no tasks" \
					"" "$(cat "$RESCTRL/shared/tasks")"
			else
				not_ok "$rt: the closID group is left"
			fi
		else
			ok_if "$rt: the closID group is gone with the container" \
				test ! -e "$RESCTRL/shared"
		fi
		rmdir "$RESCTRL/shared" 2>/dev/null
	fi
	umount "$RESCTRL"
	grep -q ' /proc/cpuinfo ' /proc/mounts && umount /proc/cpuinfo
}

# intelrdt_ignored RUNTIME [GLOBAL-ARGS...]: for a runtime that parses the
# intelRdt section but does nothing with it (crun before 1.9): the
# container runs, no resctrl group is made, and the container's processes
# stay in the default group.
intelrdt_ignored()
{
	rt=$1
	shift
	mkdir -p /run /sys/fs/cgroup
	grep -q ' /sys/fs/cgroup cgroup2 ' /proc/mounts ||
		mount -t cgroup2 cgroup2 /sys/fs/cgroup
	mount_resctrl || skip_all "cannot mount resctrl"
	groups_before=$(ls "$RESCTRL")
	write_config
	if run_container "$rt" c1 "$rt" "$@"; then
		check "$rt: makes no resctrl group for the intelRdt section" \
			"$(echo $groups_before)" "$(echo $(ls "$RESCTRL"))"
		pid=$(container_pid "$rt" "$@" state c1)
		cg=$(sed -n 's/^0:://p' "/proc/${pid:-0}/cgroup" 2>/dev/null)
		procs=$(cat "/sys/fs/cgroup$cg/cgroup.procs" 2>/dev/null | sort -n)
		echo "# $rt: container c1: init $pid, cgroup $cg, processes" $procs
		n=$(echo "$procs" | grep -c .)
		ok_if "$rt: container c1 has its two processes in its cgroup ($n)" \
			test -n "$pid" -a -n "$cg" -a "$cg" != / -a "$n" = 2
		missing=""
		for p in $procs; do
			grep -qx "$p" "$RESCTRL/tasks" || missing="$missing $p"
		done
		check "$rt: the container's processes are in the default group" "" "$missing"
		delete_container "$rt" c1 "$rt" "$@"
	fi
	umount "$RESCTRL"
}
