#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test VM's base initramfs: arm64 busybox (a multiarch download,
# nothing arm64 is installed), /init, the test helpers and any static test
# binaries in build/vm/bin.  The script to run is added per boot as a second
# archive by vm-test.sh.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
CACHE=${MPAM_CACHE:-$HOME/.cache/mpam-series}
out=$BUILD/vm
mkdir -p "$out" "$CACHE/debs"
# Runs side by side (make check's scenarios, make stress in parts) make
# the archive one at a time, and a boot never reads a half-written one.
exec {initramfs_lock}>"$out/.initramfs.lock"
flock "$initramfs_lock"

busybox=$CACHE/busybox-arm64/bin/busybox
if [ ! -x "$busybox" ]; then
	echo "initramfs: fetching busybox-static:arm64" >&2
	(cd "$CACHE/debs" && apt-get download busybox-static:arm64 >&2)
	deb=$(ls "$CACHE"/debs/busybox-static_*_arm64.deb | tail -1)
	rm -rf "$CACHE/busybox-arm64.x"
	dpkg-deb -x "$deb" "$CACHE/busybox-arm64.x"
	mkdir -p "$CACHE/busybox-arm64/bin"
	cp "$CACHE/busybox-arm64.x/bin/busybox" "$busybox"
	rm -rf "$CACHE/busybox-arm64.x"
fi

gen=$BUILD/tools/gen_init_cpio
if [ ! -x "$gen" ] || [ "$BUILD/src/usr/gen_init_cpio.c" -nt "$gen" ]; then
	mkdir -p "$BUILD/tools"
	gcc -O2 -o "$gen" "$BUILD/src/usr/gen_init_cpio.c"
fi

list=$out/initramfs.list
{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	for d in /bin /sbin /usr /usr/bin /usr/sbin /proc /sys /tmp /lib /test /root /etc; do
		echo "dir $d 0755 0 0"
	done
	echo "file /bin/busybox $busybox 0755 0 0"
	for app in sh mount umount mkdir rmdir cat echo ls grep sed awk sleep \
		   poweroff sync hostname cut head tail wc tr seq printf test \
		   [ [[ expr dd find xargs taskset nproc stat rm mv cp chmod \
		   basename dirname true false sort uniq timeout dmesg ln od \
		   hexdump id env kill ps yes; do
		echo "slink /bin/$app /bin/busybox 0777 0 0"
	done
	echo "file /init $top/harness/initramfs/init 0755 0 0"
	echo "file /lib/mpambench.sh $top/harness/initramfs/mpambench.sh 0644 0 0"
	echo "dir /usr/share 0755 0 0"
	echo "dir /usr/share/kselftest 0755 0 0"
	echo "file /usr/share/kselftest/ktap_helpers.sh $BUILD/src/tools/testing/selftests/kselftest/ktap_helpers.sh 0644 0 0"
	echo "dir /usr/share/mpam-selftests 0755 0 0"
	for t in "$top"/tools/testing/selftests/drivers/resctrl/mpam/*.sh; do
		echo "file /usr/share/mpam-selftests/$(basename "$t") $t 0755 0 0"
	done
	if [ -d "$out/bin" ]; then
		for b in "$out"/bin/*; do
			[ -f "$b" ] && echo "file /usr/bin/$(basename "$b") $b 0755 0 0"
		done
	fi
} >"$list.new"

# Rebuild only when the list or anything it names changed.
stamp=$out/initramfs.stamp
sig=$( (cat "$list.new"; awk '$1 == "file" { print $3 }' "$list.new" |
	xargs sha1sum) | sha1sum | cut -d' ' -f1)
if [ -f "$out/initramfs.cpio" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sig" ]; then
	rm -f "$list.new"
	exit 0
fi
mv "$list.new" "$list"
"$gen" "$list" >"$out/initramfs.cpio.new"
mv "$out/initramfs.cpio.new" "$out/initramfs.cpio"
echo "$sig" >"$stamp"
echo "initramfs: $out/initramfs.cpio"
