#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure and build the arm64 kernel out of tree.
#   build.sh [image]              the test kernel (Image) in build/obj
#   build.sh variant NAME FRAG    build-test a config variant in build/obj-NAME
#   build.sh debug                the debug kernel (KASAN, kmemleak...) in build/obj-debug
#   build.sh rt                   the PREEMPT_RT kernel (lockdep on) in build/obj-rt
#   build.sh modules_prepare      prepare build/obj for single-object builds
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

"$top/harness/assemble.sh"
frag=$top/harness/config/mpam.config
debug=$top/harness/config/debug.config

case "${1:-image}" in
image)
	configure "$BUILD/obj" "$frag"
	start=$(date +%s)
	echo "build: make Image ($(cat "$BUILD/base-version"))"
	"${MAKEK[@]}" O="$BUILD/obj" Image
	echo "build: Image ready in $(( $(date +%s) - start )) s"
	;;
variant)
	name=$2; extra=$3
	verify_last=1 configure "$BUILD/obj-$name" "$frag" "$extra"
	echo "build: config variant $name"
	"${MAKEK[@]}" O="$BUILD/obj-$name" Image
	;;
debug)
	configure "$BUILD/obj-debug" "$frag" "$debug"
	start=$(date +%s)
	echo "build: make Image, debug kernel ($(cat "$BUILD/base-version"))"
	"${MAKEK[@]}" O="$BUILD/obj-debug" Image
	echo "build: debug Image ready in $(( $(date +%s) - start )) s"
	;;
rt)
	configure "$BUILD/obj-rt" "$frag" "$top/harness/config/rt.config"
	start=$(date +%s)
	echo "build: make Image, PREEMPT_RT ($(cat "$BUILD/base-version"))"
	"${MAKEK[@]}" O="$BUILD/obj-rt" Image
	echo "build: PREEMPT_RT Image ready in $(( $(date +%s) - start )) s"
	;;
*)
	echo "usage: $0 [image | debug | rt | variant NAME FRAGMENT]" >&2
	exit 2
	;;
esac
