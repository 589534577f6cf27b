#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the built-in KUnit suites: boot the test kernel on the default platform
# with KUnit enabled and parse the boot log with kunit.py parse.
#   kunit.sh [GLOB]    only suites matching GLOB (kunit.filter_glob)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
glob=${1:-}
log=$BUILD/kunit.log
mkdir -p "$BUILD"

printf 'exit 0\n' >"$BUILD/kunit-init.sh"
append=""
[ -n "$glob" ] && append="kunit.filter_glob=$glob"

set +e
KUNIT=1 VM_LOG="$log" "$top/harness/vm-test.sh" "$BUILD/kunit-init.sh" \
	"$top/platforms/default.platform" dt "$append" >"$BUILD/kunit-vm.out" 2>&1
vm_status=$?
python3 "$BUILD/src/tools/testing/kunit/kunit.py" parse "$log"
parse_status=$?
set -e
if [ "$vm_status" != 0 ]; then
	echo "kunit: the VM run failed:" >&2
	tail -5 "$BUILD/kunit-vm.out" >&2
	exit 1
fi
exit "$parse_status"
