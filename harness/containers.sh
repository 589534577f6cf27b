#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build build/vm/containers.cpio, the extra archive of the scenarios whose
# header says "# vm-rootfs: containers": the container runtimes runc and
# crun from Debian's arm64 packages with the libraries they load (fetched
# with apt-get download, unpacked with dpkg-deb; nothing arm64 is
# installed), and a container bundle root file system made of the VM's
# busybox, at /containers/rootfs.  The scenario writes config.json.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
CACHE=${MPAM_CACHE:-$HOME/.cache/mpam-series}
out=$BUILD/vm
busybox=$CACHE/busybox-arm64/bin/busybox
mkdir -p "$out" "$CACHE/debs"

# The runtimes and every library their binaries load (Debian 12).
PKGS="runc libseccomp2 libc6 crun libyajl2 libcap2 libsystemd0 libgcrypt20
      libgpg-error0 liblz4-1 liblzma5 libzstd1"

root=$CACHE/containers-arm64
stamp_want=$(echo "$PKGS" | tr -s ' \n' ' ')
if [ ! -x "$root/usr/sbin/runc" ] || [ "$(cat "$root/.pkgs" 2>/dev/null)" != "$stamp_want" ]; then
	echo "containers: fetching $stamp_want(arm64)" >&2
	rm -rf "$root" && mkdir -p "$root"
	for p in $PKGS; do
		ls "$CACHE"/debs/"${p}"_*_arm64.deb >/dev/null 2>&1 ||
			(cd "$CACHE/debs" && apt-get download "$p:arm64" >&2)
		dpkg-deb -x "$(ls "$CACHE"/debs/"${p}"_*_arm64.deb | tail -1)" "$root"
	done
	echo "$stamp_want" >"$root/.pkgs"
fi

list=$out/containers.list
{
	echo "dir /usr/sbin 0755 0 0"
	echo "dir /lib/aarch64-linux-gnu 0755 0 0"
	echo "dir /run 0755 0 0"
	echo "file /usr/sbin/runc $root/usr/sbin/runc 0755 0 0"
	echo "file /usr/bin/crun $root/usr/bin/crun 0755 0 0"
	# The loader where the binaries look for it, the libraries where it
	# looks by default (Debian's multiarch directory).
	echo "file /lib/ld-linux-aarch64.so.1 $root/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1 0755 0 0"
	for f in "$root"/lib/aarch64-linux-gnu/*.so.* "$root"/usr/lib/aarch64-linux-gnu/*.so.*; do
		name=$(basename "$f")
		[ "$name" = ld-linux-aarch64.so.1 ] && continue
		echo "file /lib/aarch64-linux-gnu/$name $(readlink -f "$f") 0755 0 0"
	done | sort -u -k2,2
	echo "dir /containers 0755 0 0"
	echo "file /containers/intelrdt.sh $top/harness/containers/intelrdt.sh 0644 0 0"
	for d in rootfs rootfs/bin rootfs/proc rootfs/dev rootfs/sys rootfs/tmp; do
		echo "dir /containers/$d 0755 0 0"
	done
	echo "file /containers/rootfs/bin/busybox $busybox 0755 0 0"
	for app in sh cat sleep true; do
		echo "slink /containers/rootfs/bin/$app /bin/busybox 0777 0 0"
	done
} >"$list.new"

stamp=$out/containers.stamp
sig=$( (cat "$list.new"; awk '$1 == "file" { print $3 }' "$list.new" |
	xargs sha1sum) | sha1sum | cut -d' ' -f1)
if [ -f "$out/containers.cpio" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sig" ]; then
	rm -f "$list.new"
	exit 0
fi
mv "$list.new" "$list"
"$BUILD/tools/gen_init_cpio" "$list" >"$out/containers.cpio"
echo "$sig" >"$stamp"
echo "containers: $out/containers.cpio"
