#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the selftests the VM runs as static arm64 binaries into
# build/vm/bin, which initramfs.sh puts in /usr/bin of the test VM:
#   resctrl_tests    tools/testing/selftests/resctrl (the existing runner,
#                    with our mbm_event test registered)
#   failnth          drivers/resctrl/mpam's fail-nth helper (alloc_fail.sh)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
src=$BUILD/src
out=$BUILD/vm/bin
hdr=$BUILD/obj/usr/include
mkdir -p "$out"

make -s -C "$src" O="$BUILD/obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
	headers_install INSTALL_HDR_PATH="$BUILD/obj/usr" >/dev/null

sel=$BUILD/selftests
mkdir -p "$sel/resctrl"
make -s -C "$src/tools/testing/selftests/resctrl" ARCH=arm64 \
	CC=aarch64-linux-gnu-gcc OUTPUT="$sel/resctrl" \
	KHDR_INCLUDES="-isystem $hdr" LDFLAGS=-static >/dev/null
install -m 0755 "$sel/resctrl/resctrl_tests" "$out/resctrl_tests"
# failnth, alloc_fail.sh's helper (one syscall with fail-nth armed).
mpam=$src/tools/testing/selftests/drivers/resctrl/mpam
aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o "$out/failnth" "$mpam/failnth.c"
echo "selftests: $(ls "$out" | tr '\n' ' ')"
