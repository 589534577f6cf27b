#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# harness/mpam_platform.py check refuses what cannot describe a machine, with
# the message that says why, and accepts every file in platforms/.
#
#   tests/harness/platform-check.sh [MPAM_PLATFORM_PY]
#
# Prints one "ok"/"not ok" line per case and "N passed, M failed"; exits
# non-zero on any failure.  The argument runs the cases against another
# copy of the parser (e.g. an older one, to see that this test can fail).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${1:-$top/harness/mpam_platform.py}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/platform-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
np=0
nf=0

ok() { echo "ok - $*"; np=$((np + 1)); }
notok() { echo "not ok - $*"; nf=$((nf + 1)); }

# A valid two-cluster machine; each case appends to it or edits it.
base='machine cpus=4 memory=1G numa=0-1:0,2-3:1
requestor partid_max=63 pmg_max=3
cache l3a level=3 cpus=0-1 size=2M ways=16
cache l3b level=3 cpus=2-3 size=2M ways=16
msc l3a_msc base=0x0b000000 nrdy_us=10 aidr=0x10
ris 0 target=cache:l3a partid_max=63 pmg_max=3 cpbm=16 cmax=7 csu=8 mbwu=4 width=44
msc mem0_msc base=0x0b020000 nrdy_us=10
ris 0 target=memory:0 partid_max=63 pmg_max=3 bwa=8 mbw_max mbw_min mbwu=2 width=31'

# refuse NAME EXPECTED: the platform on stdin must be refused (status != 0)
# with EXPECTED in the message, printed once.
refuse()
{
	local name=$1 want=$2 f=$tmp/$1.platform out status n
	cat >"$f"
	out=$(python3 "$tool" check "$f" 2>&1)
	status=$?
	n=$(grep -cF -- "$want" <<<"$out")
	if [ "$status" = 0 ]; then
		notok "$name: accepted (status 0), want \"$want\""
	elif [ "$n" != 1 ]; then
		notok "$name: want \"$want\" once, got $n times in: $out"
	elif ! grep -qF -- "$f:" <<<"$out"; then
		notok "$name: the message does not name FILE:LINE: $out"
	else
		ok "$name: $out"
	fi
}

# accept NAME EXPECTED: the platform on stdin must pass, printing EXPECTED.
accept()
{
	local name=$1 want=$2 f=$tmp/$1.platform out
	cat >"$f"
	if out=$(python3 "$tool" check "$f" 2>&1) && grep -qF -- "$want" <<<"$out"; then
		ok "$name: $out"
	else
		notok "$name: want \"$want\" and status 0, got: $out"
	fi
}

# Unknown keys, on every directive.
refuse msc-ppi-taken "$tmp/msc-ppi-taken.platform:5: msc l3a_msc: error_irq=ppi:10: the free PPIs of QEMU virt are " \
	<<<"${base/nrdy_us=10 aidr=0x10/nrdy_us=10 aidr=0x10 error_irq=ppi:10}"
shared=${base/aidr=0x10/aidr=0x10 error_irq=ppi:2}
refuse msc-ppi-shared "$tmp/msc-ppi-shared.platform:7: msc mem0_msc: overflow_irq=ppi:2: PPI 2 is already l3a_msc's error_irq" \
	<<<"${shared/mem0_msc base=0x0b020000 nrdy_us=10/mem0_msc base=0x0b020000 nrdy_us=10 overflow_irq=ppi:2}"
refuse msc-unknown-key "$tmp/msc-unknown-key.platform:5: unknown key 'eror_irq' on msc line (known: " \
	<<<"${base/nrdy_us=10 aidr=0x10/nrdy_us=10 aidr=0x10 eror_irq=none}"
refuse msc-unknown-key-typo "unknown key 'nrdy_uss' on msc line" \
	<<<"${base/nrdy_us=10 aidr/nrdy_uss=10 aidr}"
refuse requestor-unknown-key "$tmp/requestor-unknown-key.platform:2: unknown key 'partidmax' on requestor line" \
	<<<"${base/partid_max=63 pmg_max=3$'\n'/partidmax=63 pmg_max=3$'\n'}"
refuse machine-unknown-key "unknown key 'numa_nodes' on machine line" \
	<<<"${base/memory=1G/memory=1G numa_nodes=3}"
refuse machine-cpu-typo "unknown key 'cpu' on machine line" \
	<<<"${base/cpus=4/cpu=6}"
refuse cache-unknown-key "unknown key 'way' on cache line" \
	<<<"${base/ways=16/way=16}"
refuse ris-unknown-key "unknown key 'cmx' on ris line" \
	<<<"${base/cmax=7/cmx=7}"
refuse flag-with-value "key 'no_esr' on msc line is a flag" \
	<<<"${base/aidr=0x10/aidr=0x10 no_esr=1}"
refuse key-twice "key 'aidr' given twice on msc line" \
	<<<"${base/aidr=0x10/aidr=0x10 aidr=0x11}"
refuse unknown-directive "unknown directive 'mcs'" <<<"$base
mcs x base=0x0c000000"
refuse acpi-fault-kind "acpi_fault needs one kind, one of:" <<<"$base
acpi_fault overlapp"

# MSC frames.
refuse frame-overlap "msc mem0_msc: frame 0xb002000-0xb005fff overlaps msc l3a_msc (0xb000000-0xb003fff, line 5)" \
	<<<"${base/base=0x0b020000/base=0x0b002000}"
refuse frame-same-base "overlaps msc l3a_msc" \
	<<<"${base/base=0x0b020000/base=0x0b000000}"
refuse frame-misaligned "base 0xb020800 is not aligned to 4 KiB" \
	<<<"${base/base=0x0b020000/base=0x0b020800}"
refuse frame-below-window "is outside the free window of QEMU virt 0x0a004000-0x0fffffff" \
	<<<"${base/base=0x0b020000/base=0x09000000}"
refuse frame-past-window "frame 0xfffe000-0x10001fff is outside the free window" \
	<<<"${base/base=0x0b020000/base=0x0fffe000}"
refuse msc-name-twice "a second msc l3a_msc (the first is line 5)" \
	<<<"${base/msc mem0_msc/msc l3a_msc}"

# Topologies.
refuse cache-cpus-outside "cache l3b: cpus= names CPUs 4-5; the machine has CPUs 0-3" \
	<<<"${base/cpus=2-3/cpus=2-5}"
refuse cache-cpu-twice "cache l3b: CPU 1 is already in level-3 cache l3a" \
	<<<"${base/cpus=2-3/cpus=1-3}"
refuse l3-not-whole-l2s "cache l3a: its CPUs 0-1 are not a union of whole level-2 caches" <<<"$base
cache l2x level=2 cpus=1-2 size=512K ways=8"
refuse l3-without-l2s "cache l3b: its CPUs 2-3 are not a union of whole level-2 caches (no level-2 cache has any of them)" <<<"$base
cache l2a level=2 cpus=0-1 size=512K ways=8"
refuse numa-not-covering "numa= does not place CPUs 3 (every CPU needs a node)" \
	<<<"${base/2-3:1/2:1}"
refuse numa-beyond-machine "numa= places CPUs 4-5, but the machine has CPUs 0-3" \
	<<<"${base/2-3:1/2-5:1}"
refuse numa-cpu-twice "numa=: CPU 1 is in node 0 and node 1" \
	<<<"${base/2-3:1/1-3:1}"
refuse numa-node-gap "numa= nodes must be numbered 0..1 (no CPU in node 1)" \
	<<<"${base/2-3:1/2-3:2}"
refuse memory-no-such-node "msc mem0_msc ris 0: no NUMA node 5 with CPUs (nodes: 0, 1)" \
	<<<"${base/memory:0/memory:5}"
one_node=${base/ numa=0-1:0,2-3:1/}
refuse memory-node-without-numa "no NUMA node 1 with CPUs (nodes: 0)" \
	<<<"${one_node/memory:0/memory:1}"
refuse ris-twice "msc mem0_msc: ris 0 twice (the first is line 8)" <<<"$base
ris 0 target=memory:1 bwa=8"
refuse msc-cpus-outside "msc l3a_msc: cpus= names CPUs 7; the machine has CPUs 0-3" \
	<<<"${base/aidr=0x10/aidr=0x10 cpus=0-1,7}"
refuse ris-no-cache "no cache 'l3c'" <<<"${base/cache:l3a/cache:l3c}"
refuse cpus-too-many "QEMU virt takes 1..8 CPUs" <<<"${base/cpus=4/cpus=9}"
refuse cpulist-backwards "range 3-2 runs backwards" <<<"${base/cpus=2-3/cpus=3-2}"
refuse cpulist-plus "separate ranges with ','" <<<"${base/cpus=2-3/cpus=2+3}"

# HAS_RWBW exists only on MPAM v0.1 and v1.1+.
refuse rwbw-v1p0 "rwbw: MPAM has HAS_RWBW only on v0.1 or v1.1 and later, and msc l3a_msc (line 5) has aidr=0x10" \
	<<<"${base/width=44/width=44 rwbw}"
with_rwbw=${base/width=44/width=44 rwbw}
accept rwbw-v1p1 "ok: 4 CPUs, 2 MSCs" <<<"${with_rwbw/aidr=0x10/aidr=0x11}"
accept rwbw-v0p1 "ok: 4 CPUs, 2 MSCs" <<<"${with_rwbw/aidr=0x10/aidr=0x01}"

# One message per error, even when a line breaks in several ways.
refuse error-once "$tmp/error-once.platform:6: unknown key 'cmx' on ris line" \
	<<<"${base/cmax=7/cmx=7}"

# The kernel's cpulist syntax is accepted.
accept cpulist-comma "ok: 6 CPUs, 2 MSCs" <<<"${base/cpus=4 memory=1G numa=0-1:0,2-3:1/cpus=6 memory=1G numa=0-1,4:0,2-3,5:1}"
accept whole-l2s "ok: 4 CPUs, 2 MSCs" <<<"$base
cache l2a level=2 cpus=0 size=512K ways=8
cache l2b level=2 cpus=1 size=512K ways=8
cache l2c level=2 cpus=2-3 size=512K ways=8"
accept cpulist-pair "ok: 4 CPUs, 2 MSCs" <<<"${base/cpus=2-3/cpus=2,3}"
accept ris-on-l2 "ok: 4 CPUs, 2 MSCs" <<<"${base/target=cache:l3a/target=cache:l2a}
cache l2a level=2 cpus=0-1 size=512K ways=8
cache l2b level=2 cpus=2-3 size=512K ways=8"

# Shared L2s: each CPU's next level is its cluster's L2, which leads to
# the L3; the MPAM table names an L2 by its PPTT id, unique over levels.
l2_platform=$tmp/ris-on-l2.platform
dts=$(python3 "$tool" dts "$l2_platform")
if grep -q 'cpu@1 { next-level-cache = <&mpam_l2a>; }' <<<"$dts" &&
   grep -q 'cpu@2 { next-level-cache = <&mpam_l2b>; }' <<<"$dts" &&
   grep -A7 'mpam_l2a: l2-cache-l2a' <<<"$dts" | grep -q 'next-level-cache = <&mpam_l3a>' &&
   ! grep -q 'mpam_l2_1:' <<<"$dts"; then
	ok "dts: CPUs 0-1 share L2 l2a, whose next level is L3 l3a"
else
	notok "dts: CPUs 0-1 share L2 l2a, whose next level is L3 l3a"
fi
if python3 "$top/harness/acpi_tables.py" aml "$l2_platform" "$tmp" &&
   python3 - "$tmp/mpam.aml" "$tmp/pptt.aml" <<'PY'
import struct, sys
mpam, pptt = (open(f, 'rb').read() for f in sys.argv[1:])
# The first RIS of the first MSC node: locator type, then descriptor 1.
loc, ref = struct.unpack_from('<BQ', mpam, 36 + 72 + 7)
ids = []
off = 36
while off < len(pptt):
    kind, length = pptt[off], pptt[off + 1]
    if kind == 1:
        ids.append(struct.unpack_from('<I', pptt, off + 24)[0])
    off += length
# L2 l2a: 0x1002 + 4 * CPU 0, once, and no L3 or L1 has that id.
sys.exit(0 if loc == 0 and ref == 0x1002 and ids.count(0x1002) == 1 else 1)
PY
then
	ok "pptt: L2 l2a is one cache node, id 0x1002, as the MPAM table names it"
else
	notok "pptt: L2 l2a is one cache node, id 0x1002, as the MPAM table names it"
fi

# count= runs: N MSCs in firmware, one mpam_sim parameter for the run.
run=${base/nrdy_us=10 aidr=0x10/nrdy_us=10 aidr=0x10 count=8 stride=0x4000}
accept msc-run "ok: 4 CPUs, 9 MSCs" <<<"$run"
echo "$run" >"$tmp/run.platform"
n=$(python3 "$tool" sim-params "$tmp/run.platform" | grep -o 'mpam_sim.msc=' | wc -l)
p=$(python3 "$tool" sim-params "$tmp/run.platform" | grep -c 'mpam_sim.msc=0xb000000,.*,count=8,stride=0x4000;ris0:')
if [ "$n" = 2 ] && [ "$p" = 1 ]; then
	ok "msc-run: two mpam_sim.msc= parameters, the run's with count=8"
else
	notok "msc-run: want 2 parameters, one with count=8, got $n ($p)"
fi
n=$(python3 "$tool" dts "$tmp/run.platform" | grep -c 'compatible = "arm,mpam-msc"')
if [ "$n" = 9 ]; then
	ok "msc-run: 9 MSC nodes in the device tree"
else
	notok "msc-run: want 9 MSC nodes in the device tree, got $n"
fi
refuse msc-run-overlap "msc mem0_msc: frame 0xb020000-0xb023fff overlaps msc l3a_msc_8" \
	<<<"${base/nrdy_us=10 aidr=0x10/nrdy_us=10 aidr=0x10 count=9}"
refuse msc-run-stride "msc l3a_msc: stride 0x1000 is less than the frame size 0x4000" \
	<<<"${base/nrdy_us=10 aidr=0x10/nrdy_us=10 aidr=0x10 count=2 stride=0x1000}"
refuse msc-run-irq "msc l3a_msc: a count= run has no interrupts (error_irq=none)" \
	<<<"${base/nrdy_us=10 aidr=0x10/nrdy_us=10 aidr=0x10 count=2 error_irq=201}"
refuse msc-run-stride-alone "msc l3a_msc: stride= needs count=" \
	<<<"${base/nrdy_us=10 aidr=0x10/nrdy_us=10 aidr=0x10 stride=0x4000}"
refuse msc-run-too-many "msc l3a_msc: count=1025: 1..1024 MSCs" \
	<<<"${base/nrdy_us=10 aidr=0x10/nrdy_us=10 aidr=0x10 count=1025}"

# Every platform file of the repository passes.
for p in "$top"/platforms/*.platform; do
	if out=$(python3 "$tool" check "$p" 2>&1) && [ "${out#ok: }" != "$out" ]; then
		ok "platforms/$(basename "$p"): $out"
	else
		notok "platforms/$(basename "$p"): $out"
	fi
done

echo "$np passed, $nf failed"
[ "$nf" = 0 ]
