# SPDX-License-Identifier: GPL-2.0
# Helpers for VM test scripts: ". /lib/mpamtest.sh".  They print TAP lines;
# tap_done exits non-zero when any check failed.

tap_n=0
tap_failed=0

# ok DESCRIPTION -- COMMAND...: run COMMAND, one TAP line for its status.
ok()
{
	local desc=$1
	shift
	[ "$1" = "--" ] && shift
	tap_n=$((tap_n + 1))
	if "$@"; then
		echo "ok $tap_n - $desc"
	else
		echo "not ok $tap_n - $desc"
		tap_failed=$((tap_failed + 1))
	fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq()
{
	tap_n=$((tap_n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $tap_n - $1"
	else
		echo "not ok $tap_n - $1: expected '$2', got '$3'"
		tap_failed=$((tap_failed + 1))
	fi
}

# skip_all REASON: nothing to test here.
skip_all()
{
	echo "1..0 # SKIP $1"
	exit 0
}

tap_done()
{
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ] || { echo "# $tap_failed of $tap_n failed"; exit 1; }
	exit 0
}
