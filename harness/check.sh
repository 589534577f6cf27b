#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every test of the series and print, as the last line,
# "N passed, M failed".  Exit status is non-zero when anything failed.
#
#   check.sh            everything
#   CHECK_ONLY="kunit vm static variants" check.sh    a subset
#
# The test kernel is always built first.  Stages: static (platform parser and
# vm-test.sh host tests, checkpatch, kernel-doc, MMIO, W=1/sparse, DT
# binding, registry names), kunit, vm (selftest binaries and tests/vm),
# variants (build tests of harness/config/variant-*.config).  make
# check-quick is CHECK_ONLY="static kunit vm".  Results: build/check-results.
# The debug kernel and the variants build in the background while the other
# stages run (harness/check-builds.sh, outputs in build/check-builds).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
ONLY=${CHECK_ONLY:-"static kunit vm variants"}
results=$BUILD/check-results
mkdir -p "$BUILD"
: >"$results"
K=(make -s -C "$BUILD/src" O="$BUILD/obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$(nproc)")

# On the console each verdict also says how long since the last one (or
# the stage's start) it took; build/check-results has the verdicts only.
last=$(date +%s)
verdict() {
	local now
	now=$(date +%s)
	echo "$* [$((now - last)) s]"
	echo "$*" >>"$results"
	last=$now
}
pass() { verdict "PASS $*"; }
fail() { verdict "FAIL $*"; }
step() { echo; echo "=== $* ($(date +%T))"; last=$(date +%s); }
wants() { case " $ONLY " in *" $1 "*) return 0 ;; esac; return 1; }
. "$top/harness/vm-lib.sh"

# The C files the series owns: everything under the overlay directories.
our_c_files()
{
	(cd "$top" && find arch drivers include -name '*.c' -o -name '*.h' 2>/dev/null | sort)
}

step "build the test kernel"
if "$top/harness/build.sh" image; then
	pass "build: test kernel (harness/config/mpam.config)"
else
	fail "build: test kernel"
	echo "check: cannot go on without a kernel"
	echo "$(grep -c '^PASS' "$results") passed, $(grep -c '^FAIL' "$results") failed"
	exit 1
fi
echo "base: $(cat "$BUILD/base-version")"

# The debug kernel and the config variants build in the background at the
# lowest CPU priority (harness/check-builds.sh) while the rest runs: the
# VM scenarios leave about half the CPU idle.  Results are collected where
# they are needed: the debug kernel before the first scenario that boots it,
# the variants at the end.
bg=$BUILD/check-builds
rm -rf "$bg"
mkdir -p "$bg"
bg_what=""
if wants vm && grep -lq '^# vm-kernel: debug' "$top"/tests/vm/*.sh; then
	bg_what="debug"
fi
wants variants && bg_what="$bg_what variants"
bg_pid=""
lane_pids=""
debug_ok=0
# On any exit, the background builds and the static stage's lanes (each a
# session of its own) go too.
cleanup() {
	local p
	for p in $bg_pid $lane_pids; do
		kill -- -"$p" 2>/dev/null
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
if [ -n "$bg_what" ]; then
	idle=(nice -n 19)
	chrt -i 0 true 2>/dev/null && idle=(chrt -i 0 nice -n 19)
	# A session of its own: an interrupted make check stops it, make and all.
	# shellcheck disable=SC2086
	setsid "${idle[@]}" "$top/harness/check-builds.sh" "$bg" $bg_what &
	bg_pid=$!
	echo "check: building in the background:$bg_what (build/check-builds)"
fi

# wait_rc FILE PID: until FILE (an exit status) exists; fails when PID
# died without writing it.
wait_rc() {
	while [ ! -f "$1" ]; do
		kill -0 "$2" 2>/dev/null || [ -f "$1" ] || return 1
		sleep 1
	done
}

# wait_build NAME: until harness/check-builds.sh has finished build NAME;
# fails when it died before.
wait_build() {
	wait_rc "$bg/$1.rc" "$bg_pid"
}

# build_result NAME WHAT: PASS or FAIL line for background build NAME.
build_result() {
	if wait_build "$1" && [ "$(cat "$bg/$1.rc")" = 0 ]; then
		echo "  $2: built in the background in $(cat "$bg/$1.time") s"
		pass "build: $2"
		return 0
	fi
	tail -30 "$bg/$1.out" 2>/dev/null
	fail "build: $2"
	return 1
}

if wants static; then
	step "static checks on our files"
	# The DT gates and the series check mostly use one CPU each and
	# write only build directories of their own (the series check reads
	# build/src, which the test kernel's build has just assembled, and
	# does not assemble it again): they run beside the rest of the stage
	# (the debug kernel's build yields to them), and their verdicts come
	# at its end.  Each runs in a session of its own, killed with
	# make check.
	lane=$BUILD/check-lanes
	rm -rf "$lane"
	mkdir -p "$lane"
	declare -A lane_pid
	lane_start() {
		local name=$1
		shift
		setsid bash -c '"$@" >"$0.out" 2>&1; echo $? >"$0.rc.new" && mv "$0.rc.new" "$0.rc"' \
			"$lane/$name" "$@" &
		lane_pid[$name]=$!
		lane_pids="${lane_pids:-} $!"
	}
	# lane_wait NAME: its output on stdout, true when it passed; false
	# when it died without a status.
	lane_wait() {
		if ! wait_rc "$lane/$1.rc" "${lane_pid[$1]}"; then
			cat "$lane/$1.out" 2>/dev/null
			echo "check: the $1 check died without a status"
			return 1
		fi
		cat "$lane/$1.out"
		[ "$(cat "$lane/$1.rc")" = 0 ]
	}
	lane_start dt "$top/harness/dt-check.sh"
	MPAM_ASSEMBLED=1 lane_start series "$top/harness/series-check.sh" quick
	# The platform file parser: every refusal class, every platforms/ file.
	if out=$("$top/tests/harness/platform-check.sh" 2>&1); then
		pass "platform files: mpam_platform.py check ($(echo "$out" | tail -1))"
	else
		echo "$out" | grep -v '^ok - '
		fail "platform files: mpam_platform.py check"
	fi
	# vm-test.sh's verdicts and kept logs, with a fake QEMU (no boot).
	if out=$("$top/tests/harness/vm-test-log.sh" 2>&1); then
		pass "vm-test.sh verdicts and logs ($(echo "$out" | tail -1))"
	else
		echo "$out" | grep -v '^ok - '
		fail "vm-test.sh verdicts and logs"
	fi

	files=$(our_c_files)
	abs=$(for f in $files; do echo "$top/$f"; done)

	out=$(cd "$BUILD/src" && perl scripts/checkpatch.pl --strict --no-tree --terse \
		-f $abs 2>&1 | grep -E ': (ERROR|WARNING|CHECK):')
	if [ -z "$out" ]; then pass "checkpatch --strict ($(echo "$files" | wc -w) files)"
	else echo "$out"; fail "checkpatch --strict"; fi

	sel=$(cd "$top" && ls tools/testing/selftests/drivers/resctrl/mpam/*)
	out=$(cd "$BUILD/src" && perl scripts/checkpatch.pl --strict --no-tree --terse \
		-f $(for f in $sel; do echo "$top/$f"; done) 2>&1 | grep -E ': (ERROR|WARNING|CHECK):')
	if [ -z "$out" ]; then pass "checkpatch --strict on the MPAM selftests ($(echo "$sel" | wc -w) files)"
	else echo "$out"; fail "checkpatch --strict on the MPAM selftests"; fi

	out=$(cd "$BUILD/src" && for p in "$top"/patches/*.patch; do
		[ -f "$p" ] && perl scripts/checkpatch.pl --strict --no-tree --terse "$p" 2>&1 |
			grep -E ': (ERROR|WARNING|CHECK):'
	done)
	if [ -z "$out" ]; then pass "checkpatch --strict on patches/ ($(ls "$top"/patches/*.patch 2>/dev/null | wc -l) patches)"
	else echo "$out"; fail "checkpatch --strict on patches/"; fi

	out=$("$top/harness/check-kdoc.py" $(echo "$abs" | grep '\.c$') 2>&1)
	if [ -z "$out" ]; then pass "kernel-doc on every non-static function"
	else echo "$out"; fail "kernel-doc on every non-static function"; fi

	# Register access goes through the accessors only; simulated MSCs are
	# never ioremapped.
	out=$(cd "$top" && grep -nE '\b(readl|writel|readl_relaxed|writel_relaxed|ioremap[a-z_]*|readq|writeq)\s*\(' \
		drivers/resctrl/*.c drivers/resctrl/mpam_sim/*.c | grep -v '^drivers/resctrl/mpam_io\.c:' || true)
	if [ -z "$out" ]; then pass "MMIO accessors only in drivers/resctrl/mpam_io.c"
	else echo "$out"; fail "MMIO accessors only in drivers/resctrl/mpam_io.c"; fi

	# Every MPAM erratum the base tree's silicon-errata.rst lists is kept
	# there, and our errata table works around each by that name.
	out=$("$top/harness/check-errata.sh" "$BUILD/src" 2>&1)
	if [ $? -eq 0 ]; then pass "silicon-errata.rst: $out"
	else echo "$out"; fail "silicon-errata.rst MPAM entries and the errata table"; fi

	# W=1 (warnings and kernel-doc) and sparse on the objects we own, and
	# on the fs/resctrl objects our patches/ change (clean on 2026-12-07,
	# so a finding there is new).
	objs=$( (cd "$top" && find arch drivers -name '*.c'
		 sed -n 's|^+++ b/\(fs/resctrl/.*\.c\)$|\1|p' patches/*.patch | sort -u) |
		sed 's/\.c$/.o/' |
		while read -r o; do [ -f "$BUILD/obj/$o" ] && echo "$o"; done)
	# Force a recompile so the checks see every file; under build.sh's
	# lock of build/obj, so a build.sh image (make stress, a lane) does
	# not run make there at the same time.
	exec {obj_lock}>"$BUILD/.build-image.lock"
	flock "$obj_lock"
	for o in $objs; do rm -f "$BUILD/obj/$o"; done
	# Only findings in our files count; prerequisites (vdso...) are not ours.
	out=$("${K[@]}" W=1 C=1 CHECK="$top/harness/sparse.sh" $objs 2>&1 |
		grep -F "$(our_c_files; echo fs/resctrl/)" || true)
	if [ -z "$out" ]; then pass "W=1 and sparse (C=1) on $(echo "$objs" | wc -w) objects"
	else echo "$out"; fail "W=1 and sparse on our objects"; fi
	"${K[@]}" Image >/dev/null
	exec {obj_lock}>&-

	# make dt_binding_check on the binding, and dt-validate (what
	# dtbs_check runs) on the device tree of every platform: dt-schema
	# from Debian packages, privately (harness/dtschema.sh, dt-check.sh).
	if out=$(lane_wait dt); then
		pass "DT: $(echo "$out" | tail -1 | sed 's/^dt-check: //')"
	else
		echo "$out"
		fail "DT: dt_binding_check on arm,mpam-msc.yaml, dt-validate on the platforms' trees"
	fi

	# make coccicheck MODE=report on our directories and files.
	if out=$("$top/harness/coccicheck.sh" 2>&1); then
		pass "coccicheck MODE=report ($(echo "$out" | sed -n 's/^coccicheck: \([0-9]*\) semantic.*/\1/p') semantic patches, no findings)"
	else
		echo "$out"
		fail "coccicheck MODE=report"
	fi

	# make htmldocs SPHINXDIRS=arch/arm64: no warning from our documents.
	if command -v sphinx-build >/dev/null; then
		out=$(make -s -C "$BUILD/src" O="$BUILD/htmldocs" SPHINXDIRS=arch/arm64 htmldocs 2>&1)
		hstatus=$?
		# Only our documents' warnings count (the base tree has its own).
		warn=$(echo "$out" | grep -E 'WARNING|ERROR' |
			grep -E 'Documentation/arch/arm64/(mpam|mpam-sim|silicon-errata|index)\.rst' || true)
		if [ "$hstatus" = 0 ] && [ -z "$warn" ]; then
			pass "htmldocs SPHINXDIRS=arch/arm64 (no warning from our documents)"
		else
			echo "$out" | tail -20
			fail "htmldocs SPHINXDIRS=arch/arm64"
		fi
	else
		fail "htmldocs: sphinx-build missing (harness/setup.sh installs python3-sphinx)"
	fi

	# The series as maintainers get it: written by harness/series.py, git am
	# onto the pristine base, equal to build/src, MAINTAINERS covering it,
	# checkpatch --strict on every patch (make series-check also builds it).
	if out=$(lane_wait series); then
		pass "series: $(echo "$out" | grep -c 'applied 0') patches git am onto the base, equal build/src, checkpatch --strict clean"
	else
		echo "$out" | grep -v ': applied 0'
		fail "series: make series, git am, build/src equality, MAINTAINERS, checkpatch"
	fi

	out=$(cd "$top" && git ls-files -z 2>/dev/null | xargs -0 grep -lIE \
		'deb\.debian\.org|debian\.org/debian|pypi\.org|registry\.npmjs|files\.pythonhosted' 2>/dev/null || true)
	if [ -z "$out" ]; then pass "no registry host name in the repository"
	else echo "$out"; fail "registry host names in: $out"; fi
fi

if wants kunit; then
	step "KUnit (built-in suites, parsed from the boot log)"
	"$top/harness/kunit.sh" >"$BUILD/kunit.out" 2>&1
	kstatus=$?
	cat "$BUILD/kunit.out"
	python3 "$BUILD/src/tools/testing/kunit/kunit.py" parse --json="$BUILD/kunit.json" \
		"$BUILD/kunit.log" >/dev/null 2>&1
	python3 - "$BUILD/kunit.json" >>"$results" <<'PY'
import json, sys
def walk(suite, prefix):
    for case in suite.get('test_cases', []):
        ok = case.get('status') in ('PASS', 'SKIP')
        print(('PASS' if ok else 'FAIL') + f" kunit: {prefix}{suite['name']}.{case['name']}")
    for sub in suite.get('sub_groups', []):
        walk(sub, prefix + suite['name'] + '.' if suite['name'] else prefix)
try:
    data = json.load(open(sys.argv[1]))
    for s in data['sub_groups']:
        walk(s, '')
except Exception as e:
    print(f'FAIL kunit: cannot read results ({e})')
PY
	if [ "$kstatus" != 0 ]; then fail "kunit: run (status $kstatus)"; fi
	grep -q 'kunit:' "$results" || fail "kunit: no results"
fi

if wants vm; then
	step "selftest binaries for the VM"
	if "$top/harness/selftests.sh"; then pass "build: selftests (static arm64)"
	else fail "build: selftests"; fi
fi
# build/obj changes no more: the variants may copy it.
touch "$bg/seed-ready"

if wants vm; then
	step "VM scenarios (tests/vm)"
	# run_scenario SCRIPT: one scenario, as its header says.
	run_scenario() {
		local t=$1 name fail_log
		# A scenario may say where it runs:  # vm-test: PLATFORM BOOT APPEND...
		# ... and how long it may take:  # vm-timeout: SECONDS
		# (harness/vm-lib.sh; here the header's timeout wins over VM_TIMEOUT).
		vm_header "$t"
		name="vm: $(basename "$t" .sh) (${vm_boot:-dt}${vm_kernel:+, $vm_kernel kernel})"
		if [ "$vm_kernel" = debug ] && [ "$debug_ok" != 1 ]; then
			fail "$name: the debug kernel did not build"
			return
		fi
		# A failing scenario's serial log stays in build/vm-NAME.fail.log.
		fail_log=$BUILD/vm-$(basename "$t" .sh).fail.log
		rm -f "$fail_log"
		[ "${vm_timeout:-0}" -gt 120 ] &&
			echo "  $name: a long scenario, up to ${vm_timeout} s"
		if VM_FAIL_LOG=$fail_log VM_TIMEOUT=${vm_timeout:-${VM_TIMEOUT:-120}} "$top/harness/vm-test.sh" "$t" \
			"${vm_platform:-default}" "${vm_boot:-dt}" "$vm_append" \
			>"$BUILD/vm-$(basename "$t").out" 2>&1; then
			pass "$name"
		else
			cat "$BUILD/vm-$(basename "$t").out"
			fail "$name"
		fi
	}
	# The test kernel's scenarios first, while the debug kernel builds.
	debug_scripts=()
	for t in "$top"/tests/vm/*.sh; do
		[ -f "$t" ] || continue
		vm_header "$t"
		if [ "$vm_kernel" = debug ]; then
			debug_scripts+=("$t")
			continue
		fi
		run_scenario "$t"
	done
	if [ ${#debug_scripts[@]} -gt 0 ]; then
		step "the debug kernel (KASAN, kmemleak, lockdep; harness/config/debug.config), then its scenarios"
		debug_ok=0
		build_result debug "debug kernel (harness/config/debug.config)" && debug_ok=1
		for t in "${debug_scripts[@]}"; do
			run_scenario "$t"
		done
	fi
	# The short reliability campaigns' figures (make stress runs the long
	# forms): build/campaigns-check.
	if ls "$BUILD"/vm-campaign-*.sh.out >/dev/null 2>&1; then
		"$top/harness/campaign-table.sh" auto "$BUILD"/vm-campaign-*.sh.out \
			>"$BUILD/campaigns-check" && cat "$BUILD/campaigns-check"
	fi
fi

if wants variants; then
	step "build-test config variants (built in the background)"
	for v in "$top"/harness/config/variant-*.config; do
		name=$(basename "$v" .config)
		build_result "$name" "config variant ${name#variant-}"
		cp "$bg/$name.out" "$BUILD/$name.out" 2>/dev/null
	done
fi

echo
grep '^FAIL' "$results" | sed 's/^/  /'
np=$(grep -c '^PASS' "$results")
nf=$(grep -c '^FAIL' "$results")
echo "$np passed, $nf failed"
[ "$nf" -eq 0 ]
