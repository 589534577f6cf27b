#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Download Debian's linux-source-7.3 and extract a pristine base tree into the
# cache directory (outside the source tree).  Prints the cached tree's path.
# The exact package version is recorded in $CACHE/base/VERSION.
set -euo pipefail

CACHE=${MPAM_CACHE:-$HOME/.cache/mpam-series}
PKG=linux-source-7.3
base=$CACHE/base

mkdir -p "$CACHE/debs"
if [ -f "$base/.complete" ]; then
	echo "$base/linux"
	exit 0
fi

cd "$CACHE/debs"
if ! ls ${PKG}_*.deb >/dev/null 2>&1; then
	echo "fetch-base: downloading $PKG" >&2
	apt-get download "$PKG" >&2
fi
deb=$(ls ${PKG}_*.deb | sort -V | tail -1)
ver=$(dpkg-deb -f "$deb" Version)

rm -rf "$base"
mkdir -p "$base/x"
echo "fetch-base: extracting $deb" >&2
dpkg-deb -x "$deb" "$base/x"
tarball=$(ls "$base"/x/usr/src/linux-source-*.tar.* | head -1)
mkdir -p "$base/linux"
tar -xf "$tarball" -C "$base/linux" --strip-components=1
rm -rf "$base/x"
echo "$PKG $ver ($(make -s -C "$base/linux" kernelversion))" >"$base/VERSION"
touch "$base/.complete"
echo "$base/linux"
