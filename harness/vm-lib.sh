# SPDX-License-Identifier: GPL-2.0
#
# Shared by vm-test.sh and check.sh (sourced, not run): where a VM scenario
# runs, and which platform file a name means.

# vm_header SCRIPT
#
# Read a script's optional header lines
#
#   # vm-test: PLATFORM BOOT ARGS...
#   # vm-timeout: SECONDS
#   # vm-rootfs: NAME      (an extra archive built by harness/NAME.sh into
#                           build/vm/NAME.cpio: "containers")
#   # vm-kernel: debug     (boot the debug kernel, build/obj-debug: KASAN,
#                           kmemleak, lockdep... harness/config/debug.config)
#
# into vm_platform, vm_boot, vm_append, vm_timeout, vm_rootfs and vm_kernel
# (empty when absent).
vm_header()
{
	local hdr
	hdr=$(sed -n 's/^# vm-test: //p' "$1" | head -1)
	vm_platform=$(echo "$hdr" | awk '{ print $1 }')
	vm_boot=$(echo "$hdr" | awk '{ print $2 }')
	vm_append=$(echo "$hdr" | cut -s -d' ' -f3-)
	vm_timeout=$(sed -n 's/^# vm-timeout: //p' "$1" | head -1)
	vm_rootfs=$(sed -n 's/^# vm-rootfs: //p' "$1" | head -1)
	vm_kernel=$(sed -n 's/^# vm-kernel: //p' "$1" | head -1)
}

# vm_kernel_image NAME: the Image a "# vm-kernel:" header names ("" or
# "test": build/obj's, "debug": build/obj-debug's).  Fails on another name.
vm_kernel_image()
{
	case "${1:-test}" in
	test) echo "$BUILD/obj/arch/arm64/boot/Image" ;;
	debug) echo "$BUILD/obj-debug/arch/arm64/boot/Image" ;;
	*) echo "unknown vm-kernel '$1' (known: test, debug)" >&2; return 1 ;;
	esac
}

# platform_names: the names in platforms/, one line, space separated.
platform_names()
{
	local p names=""
	for p in "$top"/platforms/*.platform; do
		[ -f "$p" ] && names="$names $(basename "$p" .platform)"
	done
	echo "${names# }"
}

# resolve_platform NAME|PATH
#
# Print the absolute path of a platform: PATH when it is a file (relative
# to the current directory), else platforms/NAME.platform or platforms/NAME.
# Fails with a message naming the available platforms.
resolve_platform()
{
	local p=$1
	if [ -z "$p" ]; then
		echo "no platform given" >&2
		return 1
	fi
	if [ -f "$p" ]; then
		(cd "$(dirname "$p")" && echo "$(pwd)/$(basename "$p")")
	elif [ -f "$top/platforms/$p.platform" ]; then
		echo "$top/platforms/$p.platform"
	elif [ -f "$top/platforms/$p" ] && [ "$p" = "$(basename "$p")" ]; then
		echo "$top/platforms/$p"
	else
		echo "no platform '$p': not a file, and not a name in platforms/" \
			"(available: $(platform_names))" >&2
		return 1
	fi
}
