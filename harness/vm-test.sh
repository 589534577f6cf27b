#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the test kernel in QEMU virt on a platform file and run a script
# inside as root.
#
#   vm-test.sh SCRIPT [PLATFORM] [dt|acpi] [APPEND]
#
# PLATFORM is a file or a name from platforms/ (cluster-msc).  An argument
# left out or empty comes from the script's "# vm-test: PLATFORM BOOT ARGS..."
# line when it has one, else the default (platforms/default.platform, dt, no
# extra arguments); one given replaces that part of the header.
#
# Environment: VM_KERNEL (an Image other than build/obj's), VM_TIMEOUT (seconds; default the script's "# vm-timeout: N",
# else 120), KUNIT=1 to leave built-in KUnit enabled, VM_LOG=FILE to keep
# the serial log of every run, VM_FAIL_LOG=FILE where a failing run's log
# goes (default build/vm-last-fail.log), VM_DRY_RUN=1 to check the
# arguments and the platform file and print what would run, without
# booting, VM_IMAGE=FILE to boot another kernel than build/obj's.
#
# Prints the script's output and its exit status.  Fails (non-zero) when the
# script fails, when the VM hangs, or when the kernel reports an oops, BUG,
# WARNING, lockdep splat, KASAN, kmemleak or DEBUG_OBJECTS report or panic -
# then the whole log is shown.
# On any failure the serial log, headed by the script, the setup and the
# command line, is kept in VM_FAIL_LOG and its path printed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
. "$top/harness/vm-lib.sh"
script=${1:?usage: vm-test.sh SCRIPT [PLATFORM] [dt|acpi] [APPEND]}
[ -f "$script" ] || { echo "vm-test: no script $script" >&2; exit 2; }
vm_header "$script"
platform=$(resolve_platform "${2:-${vm_platform:-default}}" 2>&1) ||
	{ echo "vm-test: $platform" >&2; exit 2; }
boot=${3:-${vm_boot:-dt}}
append=${4:-$vm_append}
timeout=${VM_TIMEOUT:-${vm_timeout:-120}}
case "$boot" in
dt|acpi) ;;
*) echo "vm-test: BOOT must be dt or acpi, not '$boot'" >&2; exit 2 ;;
esac

plat() { python3 "$top/harness/mpam_platform.py" "$@"; }
# Refuse a bad platform file once, with its FILE:LINE messages, before
# anything else reads it.
plat check "$platform" >/dev/null || exit 2
echo "vm-test: $(basename "$script") on $(basename "$platform") ($boot)${append:+, append: $append}${vm_kernel:+, $vm_kernel kernel}, timeout ${timeout}s"
[ "${VM_DRY_RUN:-0}" = 1 ] && exit 0

# VM_KERNEL (or VM_IMAGE): another Image: the PREEMPT_RT one of make stress,
# the base tree's driver of make bench.  Else the script's "# vm-kernel:"
# (the debug kernel: harness/build.sh debug), else build/obj's.
image=${VM_KERNEL:-${VM_IMAGE:-}}
if [ -z "$image" ]; then
	image=$(vm_kernel_image "$vm_kernel" 2>&1) ||
		{ echo "vm-test: $image" >&2; exit 2; }
fi
if [ ! -f "$image" ]; then
	case "$vm_kernel" in
	debug) echo "vm-test: no debug kernel $image, run harness/build.sh debug" >&2 ;;
	*) echo "vm-test: no kernel $image, run make kernel" >&2 ;;
	esac
	exit 2
fi
"$top/harness/initramfs.sh"
extra=""
case "$vm_rootfs" in
"") ;;
containers)
	"$top/harness/containers.sh"
	extra=$BUILD/vm/containers.cpio ;;
*) echo "vm-test: unknown vm-rootfs '$vm_rootfs' (known: containers)" >&2; exit 2 ;;
esac

run=$(mktemp -d "${TMPDIR:-/tmp}/mpam-vm.XXXXXX")
trap 'rm -rf "$run"' EXIT
log=${VM_LOG:-$run/serial.log}

read -r -a machine_args <<<"$(plat qemu-args "$platform")"
sim_params=$(plat sim-params "$platform")

# The script goes in as a second archive; the kernel unpacks both.
mkdir -p "$run/test"
cp "$script" "$run/test/script"
printf 'dir /test 0755 0 0\nfile /test/script %s 0755 0 0\n' "$run/test/script" >"$run/list"
"$BUILD/tools/gen_init_cpio" "$run/list" >"$run/script.cpio"

qemu=(qemu-system-aarch64 -M virt -cpu max "${machine_args[@]}" -nic none -nographic
      -no-reboot -kernel "$image")
cmdline="console=ttyAMA0 panic=-1 oops=panic $sim_params"
[ "${KUNIT:-0}" = 1 ] || cmdline="$cmdline kunit.enable=0"
# The debug kernel under TCG runs several times slower, and a loaded host
# can leave a vCPU unscheduled for longer than RCU's 21 s (a stall report
# with fqs=0 that "ended during stack backtracing" is the host's): there,
# only a stall of over 100 s is the kernel's.
[ "$vm_kernel" = debug ] && cmdline="$cmdline rcupdate.rcu_cpu_stall_timeout=100"
cmdline="$cmdline $append"

case "$boot" in
dt)
	# QEMU's own DTB for these machine options, plus the platform's caches
	# and MSCs.
	"${qemu[@]}" -machine dumpdtb="$run/qemu.dtb" >/dev/null 2>&1
	dtc -q -I dtb -O dts -o "$run/qemu.dts" "$run/qemu.dtb"
	plat dts "$platform" >>"$run/qemu.dts"
	dtc -q -I dts -O dtb -o "$run/board.dtb" "$run/qemu.dts"
	cat "$BUILD/vm/initramfs.cpio" $extra "$run/script.cpio" >"$run/initrd"
	qemu+=(-dtb "$run/board.dtb")
	;;
acpi)
	# UEFI; our ACPI tables reach the kernel through the initrd table
	# upgrade, an uncompressed archive in front of the initramfs.
	: >"$run/tables.cpio"
	if [ -f "$top/harness/acpi_tables.py" ]; then
		python3 "$top/harness/acpi_tables.py" cpio "$platform" \
			"$run/tables.cpio" "$BUILD/tools/gen_init_cpio"
	fi
	cat "$run/tables.cpio" "$BUILD/vm/initramfs.cpio" $extra "$run/script.cpio" >"$run/initrd"
	# The AAVMF pflash pair: with -bios, the firmware's flash shows up as
	# RAM outside every SRAT node and the kernel falls back to one node.
	cp /usr/share/AAVMF/AAVMF_VARS.fd "$run/vars.fd"
	qemu+=(-drive if=pflash,format=raw,readonly=on,file=/usr/share/AAVMF/AAVMF_CODE.fd
	       -drive if=pflash,format=raw,file="$run/vars.fd")
	;;
*)
	echo "vm-test: BOOT must be dt or acpi" >&2
	exit 2
	;;
esac
qemu+=(-initrd "$run/initrd" -append "$cmdline")

set +e
timeout --foreground -k 5 "$timeout" "${qemu[@]}" </dev/null >"$log" 2>&1
qemu_status=$?
set -e
tr -d '\r' <"$log" >"$run/clean.log"

verdict=pass
reason=""
splat_seen=""
hang=""
status=$(sed -n 's/^VMTEST-EXIT-STATUS: \([0-9]*\).*/\1/p' "$run/clean.log" | tail -1)
if [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
	hang=1; verdict=fail; reason="the VM hung (no poweroff within ${timeout}s)"
elif [ -z "$status" ]; then
	verdict=fail; reason="the VM stopped without reporting the script's status (qemu exit $qemu_status)"
elif [ "$status" != 0 ]; then
	verdict=fail; reason="the script exited with status $status"
fi
# What counts as a kernel report: oopses, BUG: (KASAN, sleeping in atomic
# context, scheduling while atomic, RT's lock checks), WARNING:, lockdep,
# RCU, DEBUG_LIST and DEBUG_OBJECTS, hung tasks, panics; kmemleak's report
# of the scan /init makes, and kmemleak turning itself off (it would hide
# leaks).
splat='(Internal error: Oops|Unable to handle kernel|kernel BUG at|BUG: |WARNING: |------------\[ cut here \]|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage|KASAN:|UBSAN:|Kernel panic|INFO: task .* blocked|hung_task|rcu: INFO: rcu_(sched|preempt)|list_(add|del) corruption|ODEBUG:|unreferenced object 0x|new suspected memory leaks|memory leak detector disabled|VMTEST-KMEMLEAK: [1-9])'
reports=$(grep -Ec "$splat" "$run/clean.log" || true)
leaks=$(sed -n 's/^VMTEST-KMEMLEAK: \([0-9]*\).*/\1/p' "$run/clean.log" | tail -1)
if [ "$reports" != 0 ]; then
	splat_seen=1
	verdict=fail
	reason="${reason:+$reason; }the kernel reported: $(grep -Em1 "$splat" "$run/clean.log")"
fi

# The whole log when the kernel or the VM misbehaved, else the script's part.
if [ -n "$splat_seen$hang" ] || [ -z "$status" ]; then
	cat "$run/clean.log"
else
	sed -n '/^VMTEST-BEGIN$/,/^VMTEST-END$/p' "$run/clean.log" | sed '1d;$d'
fi
echo "vm-test: $(basename "$script") on $(basename "$platform") ($boot): exit status ${status:-none}"
# For the campaign table (harness/stress.sh): report lines and kmemleak's
# count ("-" when the kernel has no kmemleak).
echo "vm-test: kernel reports ${reports}, kmemleak leaks ${leaks:--}"
if [ "$verdict" = fail ]; then
	# Keep the failing run's log, with what it takes to run it again; the
	# temporary files the command line names are gone by then.
	fail_log=${VM_FAIL_LOG:-$BUILD/vm-last-fail.log}
	mkdir -p "$(dirname "$fail_log")"
	{
		echo "# vm-test: FAIL: $reason"
		echo "# date: $(date '+%F %T')"
		echo "# script: $script"
		echo "# platform: $platform"
		echo "# boot: $boot, timeout ${timeout}s, qemu exit $qemu_status"
		printf '# again: make vm-test SCRIPT=%q PLATFORM=%q BOOT=%s' \
			"$script" "$platform" "$boot"
		[ -n "$append" ] && printf ' APPEND=%q' "$append"
		echo
		echo "# kernel command line: $cmdline"
		echo "# qemu (files under $run are removed after the run):"
		echo "#   $(printf '%q ' "${qemu[@]}")"
		echo "# ---- serial log ----"
		cat "$run/clean.log"
	} >"$fail_log"
	echo "vm-test: FAIL: $reason"
	echo "vm-test: serial log: $fail_log${VM_LOG:+ (raw: $VM_LOG)}"
	exit 1
fi
echo "vm-test: PASS"
