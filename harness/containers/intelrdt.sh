# SPDX-License-Identifier: GPL-2.0
# The container-runtime scenarios (tests/containers/runc-intelrdt.sh and
# crun-intelrdt.sh): ". /containers/intelrdt.sh" after the MPAM selftests'
# lib.sh, then "intelrdt_scenario RUNTIME [ARGS...]".  Runs busy containers
# with an OCI linux.intelRdt section and checks what the runtime did to
# resctrl, what mpam_sim holds, and that the container's traffic is counted
# in its group.

BUNDLE=/containers

# ok_if DESCRIPTION COMMAND...: one TAP line for COMMAND's status.
ok_if()
{
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
RATE=100000000		# bytes per second per busy CPU (background model)

# write_config [CLOSID]: config.json for a container that spins, with L3
# portions 0xf (domain 0) and 0xf0 (domain 2) and MB 50% everywhere.
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
		"args": [ "sh", "-c", "while :; do :; done" ],
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
			$closid"l3CacheSchema": "L3:0=f;2=f0",
			"memBwSchema": "MB:0=50;2=50",
			"enableMonitoring": true
		}
	}
}
JSON
}

# The MBW_MAX field resctrl's glue writes for PCT percent of a BWA_WD-bit
# control: the nearest number of granules, minus one, at the top.
mbw_field()
{
	g=$(( (($1 << $2) + 50) / 100 ))
	[ "$g" -gt 0 ] && g=$((g - 1))
	echo $(( g << (16 - $2) ))
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

# check_group RT GROUP: the group the runtime made holds what config.json
# asked for, in resctrl and in the simulated MSCs, with the container's
# processes, and counts its traffic.
check_group()
{
	rt=$1 grp=$2
	ok_if "$rt: resctrl group $grp exists" test -d "$RESCTRL/$grp"
	check "$rt: $grp L3 portions in domain 0" $((0xf)) \
		"$(( 0x$(schemata_value "$grp" L3 0) ))"
	check "$rt: $grp L3 portions in domain 2" $((0xf0)) \
		"$(( 0x$(schemata_value "$grp" L3 2) ))"
	check "$rt: $grp MB in domain 0" 50 "$(schemata_value "$grp" MB 0)"
	check "$rt: $grp MB in domain 2" 50 "$(schemata_value "$grp" MB 2)"

	# The group's PARTID: the label of the counter assigned at mkdir.
	c=$(group_counters 0 | head -1)
	set -- $(counter_label 0 "$c")
	partid=$1
	ok_if "$rt: $grp has a counter and a PARTID ($partid)" test -n "$partid"
	for dom in 0 2; do
		want=$((0xf)); [ $dom = 2 ] && want=$((0xf0))
		set -- $(l3_sim_of_domain $dom)
		check "$rt: mpam_sim L3 MSC of domain $dom holds CPBM for PARTID $partid" \
			"$want" "$(( $(sim_config "$1" "$2" "$partid" cpbm) ))"
		set -- $(mem_sim_of_domain $dom)
		check "$rt: mpam_sim memory MSC of domain $dom holds MBW_MAX for PARTID $partid" \
			"$(mbw_field 50 8)" "$(( $(sim_config "$1" "$2" "$partid" mbw_max) & 0xffff ))"
	done

	# Every process of the container (its cgroup) is in the group's tasks.
	procs=$(cat /sys/fs/cgroup/"$3"/cgroup.procs 2>/dev/null)
	ok_if "$rt: the container has processes ($(echo $procs))" test -n "$procs"
	missing=""
	for p in $procs; do
		grep -qx "$p" "$RESCTRL/$grp/tasks" || missing="$missing $p"
	done
	check "$rt: the container's processes are in $grp/tasks" "" "$missing"

	# Its traffic: one busy CPU at RATE, cut to MB 50% by the model.
	echo $RATE >"$DBG/mpam_sim/background"
	b0=$(total_mbm "$grp"); t0=$(uptime_cs)
	sleep 2
	b1=$(total_mbm "$grp"); t1=$(uptime_cs)
	echo 0 >"$DBG/mpam_sim/background"
	want=$(( RATE / 2 / 100 * (t1 - t0) ))
	got=$((b1 - b0))
	echo "# $rt: $grp counted $got bytes in $((t1 - t0))0 ms, the model's rate at MB 50% is $want"
	ok_if "$rt: the container's traffic is in $grp's mbm_total_bytes (75-125% of the model's)" \
		test "$got" -ge $((want * 3 / 4)) -a "$got" -le $((want * 5 / 4))
}

# intelrdt_scenario RUNTIME [GLOBAL-ARGS...]
intelrdt_scenario()
{
	rt=$1
	shift
	mkdir -p /run /sys/fs/cgroup
	mount -t cgroup2 none /sys/fs/cgroup
	mount_resctrl

	# 1. No closID: the runtime names the group after the container and
	#    removes it with the container.
	write_config
	if ! "$rt" "$@" run -d --no-pivot -b $BUNDLE c1 </dev/null >/tmp/$rt.out 2>&1; then
		cat /tmp/$rt.out
		ok_if "$rt: runs a container with an intelRdt section" false
		return
	fi
	ok_if "$rt: runs a container with an intelRdt section" true
	sleep 1
	check_group "$rt" c1 c1
	"$rt" "$@" kill c1 KILL
	sleep 1
	"$rt" "$@" delete -f c1 >/tmp/$rt.out 2>&1 || cat /tmp/$rt.out
	ok_if "$rt: the group is gone after the container is deleted" test ! -d "$RESCTRL/c1"

	# 2. closID: the group is named by closID.  Both runtimes treat a
	#    named group as possibly shared and leave it when the container is
	#    deleted (runc: "externally managed"); it is then empty.
	write_config shared
	if "$rt" "$@" run -d --no-pivot -b $BUNDLE c2 </dev/null >/tmp/$rt.out 2>&1; then
		ok_if "$rt: runs a container with closID" true
		sleep 1
		check_group "$rt" shared c2
		"$rt" "$@" kill c2 KILL
		sleep 1
		"$rt" "$@" delete -f c2 >/tmp/$rt.out 2>&1 || cat /tmp/$rt.out
		if [ -d "$RESCTRL/shared" ]; then
			check "$rt: the closID group is left, with no tasks" "" \
				"$(cat "$RESCTRL/shared/tasks")"
			rmdir "$RESCTRL/shared"
		else
			ok_if "$rt: the closID group was removed with the container" true
		fi
	else
		cat /tmp/$rt.out
		ok_if "$rt: runs a container with closID" false
	fi
	umount "$RESCTRL"
}
