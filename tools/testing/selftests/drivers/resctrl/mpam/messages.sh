#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every refused write says why: each input below is refused with its errno,
# and info/last_cmd_status then names the problem instead of reading "ok".
. "$(dirname "$0")/lib.sh"

require_sim
mount_resctrl || skip_all "cannot mount resctrl"
STATUS=$RESCTRL/info/last_cmd_status
mkdir $RESCTRL/c1 $RESCTRL/c1/mon_groups/m1

# refused DESCRIPTION FILE INPUT ERRNO-TEXT STATUS-TEXT: one write(2) of
# INPUT (printf escapes) to FILE fails with ERRNO-TEXT (strerror) and
# last_cmd_status then holds STATUS-TEXT.
refused() {
	if printf "$3" | dd of="$RESCTRL/$2" bs=4096 2>/tmp/err.txt; then
		not_ok "$1: accepted"
		return
	fi
	if grep -q "$4" /tmp/err.txt; then
		ok "$1: $4"
	else
		not_ok "$1: expected '$4', got '$(cat /tmp/err.txt)'"
	fi
	status=$(cat $STATUS)
	case "$status" in
	*"$5"*) ok "$1: last_cmd_status says '$status'" ;;
	*) not_ok "$1: last_cmd_status: expected '$5', got '$status'" ;;
	esac
}

refused "schemata: unknown L3 domain" c1/schemata 'L3:7=f\n' \
	"Invalid argument" "Invalid domain 7"
refused "schemata: unknown MB domain" c1/schemata 'MB:9=50\n' \
	"Invalid argument" "Invalid domain 9"
refused "schemata: a known domain, then an unknown one" c1/schemata 'L3:0=f;5=f\n' \
	"Invalid argument" "Invalid domain 5"
refused "schemata: unknown resource" c1/schemata 'XX:0=f\n' \
	"Invalid argument" "Unknown or unsupported resource name 'XX'"
refused "schemata: no newline" c1/schemata 'L3:0=f' \
	"Invalid argument" "schemata: Invalid input"
refused "schemata: bad mask" c1/schemata 'L3:0=xyz\n' \
	"Invalid argument" "Non-hex character in the mask xyz"
refused "schemata: MB out of range" c1/schemata 'MB:0=1000\n' \
	"Invalid argument" "MB value 1000 out of range"
refused "mbm_L3_assignments: unknown domain" c1/mbm_L3_assignments \
	'mbm_total_bytes:7=e\n' "Invalid argument" "Invalid domain id 7"
refused "mbm_L3_assignments: unknown event" c1/mbm_L3_assignments \
	'nosuch:0=e\n' "No such file or directory" "Invalid event nosuch"
refused "mbm_L3_assignments: bad state" c1/mbm_L3_assignments \
	'mbm_total_bytes:0=x\n' "Invalid argument" "Assign operation 'mbm_total_bytes:0=x' failed"
refused "mbm_assign_mode: unknown mode" info/L3_MON/mbm_assign_mode 'bogus\n' \
	"Invalid argument" "Unsupported assign mode"
if grep -q '^default$' $RESCTRL/info/L3_MON/mbm_assign_mode; then
	ok "# SKIP the counter assignment mode can be changed"
else
	refused "mbm_assign_mode: fixed mode" info/L3_MON/mbm_assign_mode 'default\n' \
		"Invalid argument" "Counter assignment mode is not configurable"
fi
refused "mbm_assign_on_mkdir: not a boolean" info/L3_MON/mbm_assign_on_mkdir 'x\n' \
	"Invalid argument" "mbm_assign_on_mkdir: Invalid input"
# event_filter is read-only (0444) where it is not configurable.
filter=info/L3_MON/event_configs/mbm_total_bytes/event_filter
if [ "$(stat -c %a $RESCTRL/$filter)" = 644 ]; then
	refused "event_filter: unknown transaction" $filter 'bogus\n' \
		"Invalid argument" "Invalid memory transaction type bogus"
else
	ok "# SKIP event_filter is not configurable"
fi
refused "max_threshold_occupancy: not a number" info/L3_MON/max_threshold_occupancy 'abc\n' \
	"Invalid argument" "max_threshold_occupancy: Invalid input"
refused "max_threshold_occupancy: above the limit" info/L3_MON/max_threshold_occupancy \
	'4294967295\n' "Invalid argument" "max_threshold_occupancy: Exceeds limit"
refused "tasks: not a pid" c1/tasks 'abc\n' \
	"Invalid argument" "Task list parsing error pid abc"
refused "tasks: no such task" c1/tasks '999999\n' \
	"No such process" "No task 999999"
# A task of the default group cannot go straight into c1's MON group.
sleep 1000 &
idle=$!
refused "tasks: a MON group takes its parent's tasks only" c1/mon_groups/m1/tasks "$idle\n" \
	"Invalid argument" "Can't move task to different control group"
kill $idle
refused "cpus_list: a MON group takes its parent's CPUs only" c1/mon_groups/m1/cpus_list '0\n' \
	"Invalid argument" "Can only add CPUs to mongroup that belong to parent"
refused "cpus_list: the default group keeps its CPUs" cpus_list '\n' \
	"Invalid argument" "Can't drop CPUs from default group"
refused "cpus_list: no such CPU" c1/cpus_list '1000\n' \
	"Numerical result out of range" "Bad CPU list/mask"
refused "mode: unknown mode" c1/mode 'bogus\n' \
	"Invalid argument" "Unknown or unsupported mode"
refused "mode: no newline" c1/mode 'shareable' \
	"Invalid argument" "mode: Invalid input"
if [ -f $RESCTRL/info/L3/io_alloc ]; then
	refused "io_alloc: not a boolean" info/L3/io_alloc 'x\n' \
		"Invalid argument" "io_alloc: Invalid input"
fi

# A write that works still says "ok".
echo "L3:0=f" > $RESCTRL/c1/schemata
check "an accepted schemata write leaves last_cmd_status ok" ok "$(cat $STATUS)"

rmdir $RESCTRL/c1
umount $RESCTRL
done_testing
