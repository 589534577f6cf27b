# SPDX-License-Identifier: GPL-2.0
# vm-test: default acpi
# Every MSC of the default platform is probed through the ACPI description,
# into the same classes and components either way.
exec sh /usr/share/mpam-selftests/probe.sh \
	"component 0 cpus 0-1: msc 0 ris 0" "component 2 cpus 2-3: msc 1 ris 0" \
	"component 0 cpus 0-1: msc 2 ris 0" "component 1 cpus 2-3: msc 3 ris 0"
