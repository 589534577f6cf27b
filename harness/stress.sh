#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make stress: the reliability campaigns in their long forms, on the debug
# kernel (harness/config/debug.config: KASAN, kmemleak, DEBUG_OBJECTS,
# lockdep, full preemption), then the resctrl scenarios on the PREEMPT_RT
# kernel (harness/config/rt.config).  Prints and writes build/stress-table,
# one row per campaign (harness/campaign-table.sh); the last line is
# "N passed, M failed", the exit status non-zero on any failure.
#
#   STRESS_ONLY="lifecycle limbo hostile hotplug faults allocfail fuzz rt"   a subset
#   STRESS_LIFECYCLE_OPS=10000 STRESS_HOSTILE_MUTATIONS=300
#   STRESS_HOTPLUG_LOOPS=10 STRESS_FUZZ_BOOTS=1
#   STRESS_RT_ONLY="mpam-cdp containers-runc"   some of the RT pass's scenarios
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
ONLY=${STRESS_ONLY:-"lifecycle limbo hostile hotplug faults allocfail fuzz rt"}
out=$BUILD/stress
mkdir -p "$out"
[ -n "${STRESS_ONLY:-}" ] || rm -f "$out"/*.out "$out"/*.sh "$out"/*.secs "$out"/*.kernel "$out"/*.fail.log
wants() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
np=0 nf=0
start=$(date +%s)

"$top/harness/build.sh" debug || { echo "stress: no debug kernel"; echo "0 passed, 1 failed"; exit 1; }
"$top/harness/build.sh" image >/dev/null || { echo "stress: no test kernel"; exit 1; }
"$top/harness/selftests.sh" >/dev/null || { echo "stress: no selftest binaries"; exit 1; }
debug=$out/Image-debug.$$
cp "$BUILD/obj-debug/arch/arm64/boot/Image" "$debug"
# kernel_source: what a kernel built now is built from, for the rows that
# boot it: the last commit that changed the series' files or the kernel
# configs (a commit of the harness or the docs builds the same kernel),
# and "+changes" if they have uncommitted changes.
kernel_paths=(patches arch drivers fs include harness/series.manifest harness/config)
kernel_source() {
	local c
	c=$(git -C "$top" log -1 --format=%h -- "${kernel_paths[@]}" 2>/dev/null)
	[ -n "$c" ] || c=unknown
	[ -z "$(git -C "$top" status --porcelain -- "${kernel_paths[@]}" 2>/dev/null)" ] ||
		c="$c+changes"
	echo "$c"
}
kernel_of=$(kernel_source)
trap 'rm -f "$out"/Image-*.$$' EXIT

# run NAME PLATFORM BOOT TIMEOUT [APPEND] -- SCRIPT-LINES...: one boot of
# the debug kernel running a generated script; its output in
# build/stress/NAME.out.
run() {
	local name=$1 plat=$2 boot=$3 tmo=$4 append=$5
	shift 6
	local t0=$(date +%s)
	rm -f "$out/$name".*
	printf '%s\n' "# SPDX-License-Identifier: GPL-2.0" "$@" >"$out/$name.sh"
	echo "stress: $name ($plat, $boot)"
	if VM_KERNEL=${kernel:-$debug} VM_TIMEOUT=$tmo VM_FAIL_LOG=$out/$name.fail.log \
		"$top/harness/vm-test.sh" "$out/$name.sh" "$plat" "$boot" "$append" \
		>"$out/$name.out" 2>&1; then
		np=$((np + 1))
	else
		nf=$((nf + 1))
		tail -20 "$out/$name.out"
	fi
	echo "$(( $(date +%s) - t0 ))" >"$out/$name.secs"
	echo "$kernel_of" >"$out/$name.kernel"
	grep 'CAMPAIGN:' "$out/$name.out" || true
}
S=/usr/share/mpam-selftests

if wants lifecycle; then
	run lifecycle default dt 7200 "" -- \
		"LIFECYCLE_OPS=${STRESS_LIFECYCLE_OPS:-10000} exec sh $S/lifecycle.sh"
fi
if wants limbo; then
	# make check runs limbo.sh with 400 cycles; here the full 1000, with
	# and without llc_occupancy.
	run limbo default dt 3600 "" -- "LIMBO_CYCLES=1000 exec sh $S/limbo.sh"
	run limbo-no-csu no-csu acpi 3600 "" -- "LIMBO_CYCLES=1000 exec sh $S/limbo.sh"
fi
if wants hostile; then
	run hostile default dt 3600 "" -- \
		"HOSTILE_MUTATIONS=${STRESS_HOSTILE_MUTATIONS:-300} exec sh $S/hostile.sh"
fi
if wants hotplug; then
	run hotplug default dt 3600 "" -- \
		"HOTPLUG_LOOPS=${STRESS_HOTPLUG_LOOPS:-10} exec sh $S/hotplug.sh"
fi
if wants faults; then
	# Every code mpam_sim can raise, on both boots, each at a random point
	# of the workload (a seed per run); then NRDY and power losses.
	for boot in dt acpi; do
		for code in $(seq 0 15); do
			run "faults-$boot-code$code" default $boot 600 "" -- \
				"FAULTS_SEED=$((code + 100)) exec sh $S/faults.sh error $code"
		done
		run "faults-$boot-nrdy-power" default $boot 600 "" -- \
			"FAULTS_POWER=10 exec sh $S/faults.sh nrdy-power"
	done
fi
if wants allocfail; then
	# Every allocation of each resctrl operation, and of probing and
	# enabling (KUnit), failed in turn; on both boots.
	for boot in dt acpi; do
		run "allocfail-$boot" default $boot 7200 \
			"kunit.enable=1 kunit.filter_glob=mpam_alloc_fail*" -- \
			"exec sh $S/alloc_fail.sh"
	done
fi
if wants fuzz; then
	# The KUnit fuzz suites (5,000 mutated MPAM tables, 2,000 mutated
	# arm,mpam-msc nodes, each from a fixed seed) on the debug kernel:
	# KASAN sees any read past a table or a property.
	b=0
	while [ $b -lt "${STRESS_FUZZ_BOOTS:-1}" ]; do
		# The two suites' CAMPAIGN lines, then one of the boot's (the
		# table takes a run's last): their sums.
		KUNIT=1 run "fuzz-$b" default dt 1800 "kunit.filter_glob=mpam_*fuzz*" -- \
			"dmesg | grep -E 'CAMPAIGN:|ok [0-9]+ (acpi_fuzz_tables|of_fuzz_nodes)'" \
			"dmesg | sed -n 's/.*CAMPAIGN: fuzz-[a-z]* //p' | tr ' ' '\\n' |" \
			"  awk -F= '{ s[\$1] += \$2 } END { printf \"CAMPAIGN: fuzz iterations=%d operations=%d faults=%d errors=%d\\n\", s[\"iterations\"], s[\"operations\"], s[\"faults\"], s[\"errors\"] }'" \
			"! dmesg | grep -Eq 'not ok [0-9]* (acpi_fuzz_tables|of_fuzz_nodes)' &&" \
			"[ \"\$(dmesg | grep -Ec '[^t] ok [0-9]* (acpi_fuzz_tables|of_fuzz_nodes)')\" = 2 ]"
		b=$((b + 1))
	done
fi

if wants rt; then
	# The resctrl scenarios of make check on PREEMPT_RT, lockdep on: the
	# driver's, the campaigns' short forms, and the real clients (the base
	# tree's resctrl selftests, runc and crun).
	kernel_of=$(kernel_source)
	if "$top/harness/build.sh" rt >"$out/rt-build.log" 2>&1; then
		rm -f "$out/rt-build.out"
		kernel=$out/Image-rt.$$
		cp "$BUILD/obj-rt/arch/arm64/boot/Image" "$kernel"
		rtn=0
		for t in "$top"/tests/vm/mpam-*.sh "$top"/tests/vm/campaign-*.sh \
			 "$top"/tests/vm/resctrl-*.sh "$top"/tests/vm/containers-*.sh \
			 "$top"/tests/vm/label-space.sh; do
			case " ${STRESS_RT_ONLY:-$(basename "$t" .sh)} " in
			*" $(basename "$t" .sh) "*) ;;
			*) continue ;;
			esac
			. "$top/harness/vm-lib.sh"
			vm_header "$t"
			# Allocation failures need fault injection: debug kernel only.
			[ "$(basename "$t")" = campaign-allocfail.sh ] && continue
			n=rt-$(basename "$t" .sh)
			run "$n" "${vm_platform:-default}" "${vm_boot:-dt}" "${vm_timeout:-300}" \
				"$vm_append" -- "$(grep '^# vm-rootfs:' "$t")" "$(grep -v '^#' "$t")"
			grep -q CAMPAIGN: "$out/$n.out" ||
				sed -i "1i CAMPAIGN: rt-scenarios iterations=1 operations=1 faults=0 errors=0" \
					"$out/$n.out"
			rtn=$((rtn + 1))
		done
		unset kernel
	else
		tail -20 "$out/rt-build.log"
		echo "vm-test: FAIL: the PREEMPT_RT kernel did not build" >"$out/rt-build.out"
		nf=$((nf + 1))
	fi
fi

# Every row in build/stress, this run's and those kept from earlier parts.
# A row without its .secs belongs to a part still running beside this one:
# named, not counted.
rows=() rtrows=() running=()
for f in "$out"/*.out; do
	[ -e "$f" ] || continue
	[ -f "${f%.out}.secs" ] || { running+=("$(basename "$f" .out)"); continue; }
	case $(basename "$f") in rt-*) rtrows+=("$f") ;; *) rows+=("$f") ;; esac
done
boot_minutes() {
	local f s=0
	for f; do
		f=${f%.out}.secs
		[ -f "$f" ] && s=$((s + $(cat "$f")))
	done
	echo $(((s + 30) / 60))
}
{
	[ ${#rows[@]} = 0 ] || "$top/harness/campaign-table.sh" debug "${rows[@]}" 2>/dev/null
	if [ ${#rtrows[@]} != 0 ]; then
		"$top/harness/campaign-table.sh" rt "${rtrows[@]}" | tail -n +"$((${#rows[@]} ? 2 : 1))"
	fi
	for f in "${rows[@]}" "${rtrows[@]}"; do
		f=${f%.out}.kernel
		[ -f "$f" ] && echo "$(cat "$f") $(basename "$f" .kernel)"
	done | awk '{ n[$1]++; if (n[$1] <= 3) l[$1] = l[$1] " " $2 }
		   END { for (k in n) printf "kernels from %s: %d boots (%s%s)\n", k, n[k], substr(l[k], 2), (n[k] > 3 ? ", ..." : "") }'
	echo "boots: $(boot_minutes "${rows[@]}") minutes on the debug kernel," \
		"$(boot_minutes "${rtrows[@]}") on the PREEMPT_RT kernel; $(nproc) CPUs"
	[ ${#running[@]} = 0 ] || echo "still running, not in the table: ${running[*]}"
	echo "this part ($ONLY): $(( ($(date +%s) - start) / 60 )) minutes, ended $(date -u '+%F %H:%M') UTC"
} | tee "$BUILD/stress-table"
echo "$np passed, $nf failed"
[ "$nf" = 0 ]
