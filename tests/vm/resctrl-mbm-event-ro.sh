# SPDX-License-Identifier: GPL-2.0
# vm-test: cluster-msc dt
# The hardware-agnostic mbm_event selftest where event_filter is read-only
# (no HAS_RWBW): its filter checks skip.
out=$(resctrl_tests -t MBM_EVENT 2>&1)
status=$?
echo "$out"
echo "$out" | grep -q "^ok 1 MBM_EVENT" || exit 1
echo "$out" | grep -q "event_filter of mbm_total_bytes is read-only" || exit 1
exit $status
