#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure and build the arm64 kernel out of tree.
#   build.sh [image]              the test kernel (Image) in build/obj
#   build.sh variant NAME FRAG    build-test a config variant in build/obj-NAME
#   build.sh debug                the debug kernel (KASAN, kmemleak...) in build/obj-debug
#   build.sh rt                   the PREEMPT_RT kernel (lockdep on) in build/obj-rt
#   build.sh modules_prepare      prepare build/obj for single-object builds
#   build.sh peer                 the bench's peer kernel (base tree's own MPAM
#                                 driver on mpam_sim) in build/peer/obj
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
src=$BUILD/src
JOBS=${JOBS:-$(nproc)}
MAKEK=(make -s -C "$src" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$JOBS")

# configure OBJDIR FRAGMENT...: allnoconfig + fragments, then verify them
# (all of them, or with verify_last=1 the last one only: a variant turns
# off what the others need).
configure()
{
	local obj=$1; shift
	local want tmp
	mkdir -p "$obj"
	tmp=$obj/.fragments
	cat "$@" >"$tmp.new"
	if [ -f "$obj/.config" ] && cmp -s "$tmp.new" "$tmp" 2>/dev/null; then
		rm -f "$tmp.new"
		return 0
	fi
	"${MAKEK[@]}" O="$obj" allnoconfig >/dev/null
	(cd "$obj" && "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" .config "$@" >/dev/null)
	"${MAKEK[@]}" O="$obj" olddefconfig >/dev/null
	# Every option of the fragments (a later one overriding an earlier
	# one) must have survived olddefconfig.
	local verify=("$@")
	[ "${verify_last:-0}" = 1 ] && verify=("${*: -1}")
	sed -nE 's/^# (CONFIG_[A-Z0-9_]+) is not set$/\1=n/p; /^CONFIG_[A-Z0-9_]+=/p' "${verify[@]}" |
		awk -F= '{ v[$1] = $0; if (!($1 in seen)) { seen[$1] = 1; o[n++] = $1 } }
			 END { for (i = 0; i < n; i++) print v[o[i]] }' |
	while IFS= read -r want; do
		local name=${want%%=*} val=${want#*=}
		if [ "$val" = n ]; then
			! grep -q "^$name=" "$obj/.config" && continue
		elif grep -qx "$want" "$obj/.config"; then
			continue
		fi
		echo "build: $want did not survive olddefconfig (a dependency is missing)" >&2
		exit 1
	done
	mv "$tmp.new" "$tmp"
}

# make_progress OBJDIR TARGET...: kbuild in OBJDIR, with a line every 30 s
# (elapsed time, objects compiled so far) so that a clean build is not five
# silent minutes.
make_progress()
{
	local obj=$1 stamp start pid rc n
	shift
	stamp=$obj/.build-start
	: >"$stamp"
	start=$(date +%s)
	"${MAKEK[@]}" O="$obj" "$@" &
	pid=$!
	# A background job ignores SIGINT: pass an interrupt on to it.
	trap 'kill "$pid" 2>/dev/null; exit 130' INT TERM
	while ! wait_for "$pid" 30; do
		n=$(find "$obj" -name '*.o' -newer "$stamp" 2>/dev/null | wc -l)
		echo "build: $(( $(date +%s) - start )) s, $n objects compiled"
	done
	rc=0
	wait "$pid" || rc=$?
	trap - INT TERM
	rm -f "$stamp"
	return "$rc"
}

# wait_for PID SECONDS: true once PID has exited, false after SECONDS.
wait_for()
{
	local i
	for ((i = 0; i < $2; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 1
	done
	! kill -0 "$1" 2>/dev/null
}

# seed_from_test_kernel OBJDIR: a first build of a variant starts from a
# copy of the test kernel's objects (build/obj), so Kbuild recompiles only
# the objects that use an option the variant changes (fixdep records them),
# not the whole tree: the variant builds of make check take a fraction of a
# clean build.  Kbuild's object paths are relative to the object directory,
# so a copy is a complete tree of its own.  A variant built before keeps
# its own objects.
seed_from_test_kernel()
{
	[ -f "$1/.config" ] && return 0
	[ -f "$BUILD/obj/vmlinux" ] || return 0
	# Into place only once whole: an interrupted copy is not a tree.  The
	# test kernel's lock keeps a build of build/obj from changing it while
	# it is copied.
	rm -rf "$1" "$1.copy"
	(
		flock 9
		cp -a "$BUILD/obj" "$1.copy"
	) 9>"$BUILD/.build-image.lock" && mv "$1.copy" "$1"
	echo "build: $(basename "$1") starts from a copy of build/obj"
}

# One build at a time in each object directory: two callers (make stress
# in parts, or make series-check beside make check) would otherwise run
# two makes in one tree.  The second waits, then finds the work done.
mkdir -p "$BUILD"
exec {build_lock}>"$BUILD/.build-${1:-image}${2:+-$2}.lock"
flock "$build_lock"

"$top/harness/assemble.sh"
frag=$top/harness/config/mpam.config
debug=$top/harness/config/debug.config

case "${1:-image}" in
image)
	configure "$BUILD/obj" "$frag"
	start=$(date +%s)
	echo "build: make Image ($(cat "$BUILD/base-version"))"
	make_progress "$BUILD/obj" Image
	echo "build: Image ready in $(( $(date +%s) - start )) s"
	;;
variant)
	name=$2; extra=$3
	seed_from_test_kernel "$BUILD/obj-$name"
	verify_last=1 configure "$BUILD/obj-$name" "$frag" "$extra"
	echo "build: config variant $name"
	make_progress "$BUILD/obj-$name" Image
	;;
peer)
	# The bench's peer kernel: the same configuration without our KUnit
	# suites, which the base tree does not have.  build/peer/src and
	# build/peer/obj sit like build/src and build/obj, so that ccache
	# (base_dir) hits for every object the two trees share.
	"$top/harness/bench/peer-tree.sh"
	grep -v 'KUNIT_TEST' "$frag" >"$BUILD/peer/peer.config"
	echo "# CONFIG_MPAM_KUNIT_TEST is not set" >>"$BUILD/peer/peer.config"
	src=$BUILD/peer/src
	MAKEK=(make -s -C "$src" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$JOBS")
	configure "$BUILD/peer/obj" "$BUILD/peer/peer.config"
	echo "build: make Image (peer: the base tree's MPAM driver on mpam_sim)"
	make_progress "$BUILD/peer/obj" Image
	;;
debug)
	configure "$BUILD/obj-debug" "$frag" "$debug"
	start=$(date +%s)
	echo "build: make Image, debug kernel ($(cat "$BUILD/base-version"))"
	make_progress "$BUILD/obj-debug" Image
	echo "build: debug Image ready in $(( $(date +%s) - start )) s"
	;;
rt)
	seed_from_test_kernel "$BUILD/obj-rt"
	configure "$BUILD/obj-rt" "$frag" "$top/harness/config/rt.config"
	start=$(date +%s)
	echo "build: make Image, PREEMPT_RT ($(cat "$BUILD/base-version"))"
	make_progress "$BUILD/obj-rt" Image
	echo "build: PREEMPT_RT Image ready in $(( $(date +%s) - start )) s"
	;;
*)
	echo "usage: $0 [image | debug | rt | variant NAME FRAGMENT | peer]" >&2
	exit 2
	;;
esac
