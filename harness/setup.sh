#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what a fresh Debian 12 machine needs to build and test the series:
# the arm64 cross toolchain, QEMU with UEFI firmware, the static checkers,
# an arm64 busybox (multiarch download, nothing arm64 is installed) and the
# suite that carries linux-source-7.3.  Safe to run again: it only installs
# what is missing.
set -euo pipefail

PKGS="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm qemu-efi-aarch64
flex bison bc libssl-dev libelf-dev cpio sparse coccinelle device-tree-compiler
acpica-tools xz-utils python3 perl make rsync kmod dt-schema python3-sphinx yamllint"

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

suite_file=/etc/apt/sources.list.d/mpam-backports.sources

# The base tree lives in trixie-backports.  Reuse the mirror URI the machine
# already uses for Debian so no host name is written into the project.
add_backports_suite()
{
	local uri
	[ -f "$suite_file" ] && return 0
	uri=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' \
		/etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
		uri=$(awk '/^deb / && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list)
	fi
	[ -n "$uri" ] || { echo "setup: cannot find the Debian mirror URI" >&2; exit 1; }
	$SUDO tee "$suite_file" >/dev/null <<EOT
Types: deb
URIs: $uri
Suites: trixie-backports trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	# Never install from trixie by accident: only downloads come from it.
	$SUDO tee /etc/apt/preferences.d/mpam-backports >/dev/null <<EOT
Package: *
Pin: release n=trixie
Pin-Priority: 50

Package: *
Pin: release n=trixie-backports
Pin-Priority: 50
EOT
	need_update=1
}

need_update=0
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
add_backports_suite
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	$SUDO dpkg --add-architecture arm64
	need_update=1
fi
if [ -n "$missing" ] || [ "$need_update" = 1 ]; then
	$SUDO apt-get update -q
fi
if [ -n "$missing" ]; then
	echo "setup: installing$missing"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends -t bookworm $missing
fi
echo "setup: host packages ready"
