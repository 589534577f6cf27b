# SPDX-License-Identifier: GPL-2.0
# vm-test: default dt
# The hardware-agnostic mbm_event selftest, through the resctrl runner.
out=$(resctrl_tests -t MBM_EVENT 2>&1)
status=$?
echo "$out"
echo "$out" | grep -q "^ok 1 MBM_EVENT" || exit 1
exit $status
