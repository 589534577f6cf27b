# SPDX-License-Identifier: GPL-2.0
# vm-test: wide-labels dt
# The MPAM selftest move.sh on a platform with 256 PMGs per PARTID, enough
# free RMIDs for its 100 moves back and forth even if limbo keeps every
# RMID they free.
exec sh /usr/share/mpam-selftests/move.sh
