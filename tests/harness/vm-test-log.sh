#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# harness/vm-test.sh's verdicts and logs, without a kernel or a VM: a fake
# qemu-system-aarch64 first in PATH prints a canned serial log, and a fake
# build directory holds a dummy Image, busybox and gen_init_cpio.  Checks
# that passes pass quietly, that every kind of failure fails, shows the
# reason and keeps the serial log (headed by the script and the command
# line) where it says, and that VM_LOG still keeps every run's log.
#
# Prints one "ok"/"not ok" line per check and "N passed, M failed".
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vm-test-log.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
np=0
nf=0
ok() { echo "ok - $*"; np=$((np + 1)); }
notok() { echo "not ok - $*"; nf=$((nf + 1)); }

export BUILD=$tmp/build MPAM_CACHE=$tmp/cache TMPDIR=$tmp
mkdir -p "$BUILD/obj/arch/arm64/boot" "$BUILD/tools" "$MPAM_CACHE/busybox-arm64/bin" "$tmp/bin"
: >"$BUILD/obj/arch/arm64/boot/Image"
printf '#!/bin/sh\n' >"$MPAM_CACHE/busybox-arm64/bin/busybox"
printf '#!/bin/sh\ncat "$1"\n' >"$BUILD/tools/gen_init_cpio"
chmod +x "$MPAM_CACHE/busybox-arm64/bin/busybox" "$BUILD/tools/gen_init_cpio"
mkdir -p "$BUILD/src/tools/testing/selftests/kselftest" "$BUILD/vm/bin"
: >"$BUILD/src/tools/testing/selftests/kselftest/ktap_helpers.sh"
printf '#!/bin/sh\n' >"$BUILD/vm/bin/resctrl_tests"
cat >"$tmp/bin/qemu-system-aarch64" <<'QEMU'
#!/bin/bash
# A QEMU that dumps a bare DTB or prints $FAKE_SERIAL and exits $FAKE_RC.
for a; do
	case $a in
	dumpdtb=*)
		echo '/dts-v1/; / { #address-cells = <2>; #size-cells = <2>; };' |
			dtc -q -I dts -O dtb -o "${a#dumpdtb=}"
		exit 0 ;;
	esac
done
[ -n "${FAKE_SLEEP:-}" ] && sleep "$FAKE_SLEEP"
cat "$FAKE_SERIAL"
exit "${FAKE_RC:-0}"
QEMU
chmod +x "$tmp/bin/qemu-system-aarch64"
export PATH=$tmp/bin:$PATH

script=$tmp/x.sh
printf '# vm-test: cluster-msc dt maxcpus=2\necho hi\n' >"$script"

# serial STATUS [EXTRA]: a serial log of a script that printed "hi".
serial()
{
	printf 'Booting Linux\r\n%sVMTEST-BEGIN\r\nhi\r\nVMTEST-END\r\n' "${2:-}"
	[ -n "$1" ] && printf 'VMTEST-EXIT-STATUS: %s\r\n' "$1"
}

# run NAME WANT_RC [env...]: vm-test.sh on $script, output in $tmp/NAME.out
run()
{
	local name=$1 want=$2 rc
	shift 2
	env "$@" "$top/harness/vm-test.sh" "$script" >"$tmp/$name.out" 2>&1
	rc=$?
	if [ "$rc" = "$want" ]; then ok "$name: status $rc"
	else notok "$name: status $rc, want $want: $(cat "$tmp/$name.out")"; fi
}
has() { grep -qF -- "$2" "$1" 2>/dev/null && ok "$3" || notok "$3: no \"$2\" in $1: $(cat "$1" 2>&1)"; }
hasnt() { grep -qF -- "$2" "$1" && notok "$3: \"$2\" in $1" || ok "$3"; }

serial 0 >"$tmp/pass.serial"
run pass 0 FAKE_SERIAL="$tmp/pass.serial" VM_FAIL_LOG="$tmp/pass.fail"
has "$tmp/pass.out" "vm-test: PASS" "pass: says PASS"
has "$tmp/pass.out" "on cluster-msc.platform (dt), append: maxcpus=2" "pass: the script's header is honoured"
[ -e "$tmp/pass.fail" ] && notok "pass: wrote a failure log" || ok "pass: no failure log"
[ -e "$BUILD/vm-last-fail.log" ] && notok "pass: wrote vm-last-fail.log" || ok "pass: no vm-last-fail.log"

serial 3 >"$tmp/status.serial"
run status 1 FAKE_SERIAL="$tmp/status.serial"
f=$BUILD/vm-last-fail.log
has "$tmp/status.out" "vm-test: FAIL: the script exited with status 3" "script failure: the reason"
has "$tmp/status.out" "vm-test: serial log: $f" "script failure: where the log is"
has "$f" "# vm-test: FAIL: the script exited with status 3" "script failure log: the reason"
has "$f" "# script: $script" "script failure log: the script"
has "$f" "# again: make vm-test SCRIPT=$script PLATFORM=$top/platforms/cluster-msc.platform BOOT=dt APPEND=maxcpus=2" \
	"script failure log: how to run it again"
has "$f" "# kernel command line: console=ttyAMA0" "script failure log: the kernel command line"
has "$f" "qemu-system-aarch64 -M virt" "script failure log: the qemu command line"
has "$f" "VMTEST-EXIT-STATUS: 3" "script failure log: the serial log"

serial 0 'WARNING: CPU: 0 PID: 1 at drivers/resctrl/mpam_devices.c:1\r\n' >"$tmp/splat.serial"
run splat 1 FAKE_SERIAL="$tmp/splat.serial" VM_FAIL_LOG="$tmp/splat.fail"
has "$tmp/splat.out" "the kernel reported: WARNING: CPU: 0" "splat: the reason"
has "$tmp/splat.out" "Booting Linux" "splat: the whole log is shown"
has "$tmp/splat.out" "vm-test: serial log: $tmp/splat.fail" "splat: VM_FAIL_LOG is used"
has "$tmp/splat.fail" "WARNING: CPU: 0 PID: 1" "splat: the log is kept"

# The debug kernel's reports: each one fails the run.
i=0
for r in 'BUG: KASAN: slab-use-after-free in mpam_msc_drv_probe+0x1c/0x40' \
	 'unreferenced object 0xffff000001234500 (size 64):' \
	 'kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)' \
	 'kmemleak: Kernel memory leak detector disabled' \
	 'BUG: sleeping function called from invalid context at kernel/locking/spinlock_rt.c:48' \
	 'ODEBUG: free active (active state 0) object: 00000000 object type: timer_list' \
	 'list_add corruption. prev->next should be next (ffff0000), but was 0000.' \
	 'VMTEST-KMEMLEAK: 2'; do
	i=$((i + 1))
	serial 0 "$r\r\n" >"$tmp/report$i.serial"
	run "report$i" 1 FAKE_SERIAL="$tmp/report$i.serial" VM_FAIL_LOG="$tmp/report$i.fail"
	has "$tmp/report$i.out" "the kernel reported: $r" "report $i: the reason"
done
serial 0 'VMTEST-KMEMLEAK: 0\r\n' >"$tmp/noleak.serial"
run noleak 0 FAKE_SERIAL="$tmp/noleak.serial"
has "$tmp/noleak.out" "kernel reports 0, kmemleak leaks 0" "no leak: the counts"
has "$tmp/report8.out" "kmemleak leaks 2" "leaks: the count"

serial "" >"$tmp/nostatus.serial"
run nostatus 1 FAKE_SERIAL="$tmp/nostatus.serial" FAKE_RC=1
has "$tmp/nostatus.out" "without reporting the script's status (qemu exit 1)" "no status: the reason"
has "$tmp/nostatus.out" "vm-test: serial log:" "no status: where the log is"

run hang 1 FAKE_SERIAL="$tmp/nostatus.serial" FAKE_SLEEP=3 VM_TIMEOUT=1
has "$tmp/hang.out" "the VM hung (no poweroff within 1s)" "hang: the reason"
has "$BUILD/vm-last-fail.log" "# vm-test: FAIL: the VM hung" "hang: the log is kept"

run vmlog 1 FAKE_SERIAL="$tmp/status.serial" VM_LOG="$tmp/raw.log"
has "$tmp/raw.log" "VMTEST-EXIT-STATUS: 3" "VM_LOG: keeps the raw serial log"
has "$tmp/vmlog.out" "(raw: $tmp/raw.log)" "VM_LOG: named on failure"
run vmlog-pass 0 FAKE_SERIAL="$tmp/pass.serial" VM_LOG="$tmp/raw-pass.log"
has "$tmp/raw-pass.log" "VMTEST-EXIT-STATUS: 0" "VM_LOG: kept on a pass too"

# What the initramfs holds (the fake gen_init_cpio writes its list).
cpio=$BUILD/vm/initramfs.cpio
has "$cpio" "file /usr/bin/resctrl_tests $BUILD/vm/bin/resctrl_tests" "initramfs: the selftest binaries"
has "$cpio" "file /usr/share/mpam-selftests/lib.sh" "initramfs: the MPAM selftests' lib.sh"
has "$cpio" "file /usr/share/mpam-selftests/traffic.sh" "initramfs: the MPAM selftests"
has "$cpio" "file /usr/share/kselftest/ktap_helpers.sh" "initramfs: kselftest's TAP helpers"
# make vm-test rebuilds the selftest binaries before booting.
make -s -n -C "$top" vm-test SCRIPT="$script" >"$tmp/make-n.out" 2>&1
has "$tmp/make-n.out" "harness/selftests.sh" "make vm-test: builds the selftest binaries"

echo "$np passed, $nf failed"
[ "$nf" = 0 ]
