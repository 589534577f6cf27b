#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The device-tree gates of make check, with the dt-schema toolchain of
# harness/dtschema.sh:
#
#   - make dt_binding_check DT_SCHEMA_FILES=arm/arm,mpam-msc.yaml: the
#     binding against the meta-schema, yamllint, the style checker, and its
#     example compiled and validated;
#   - what dtbs_check does for a board, on the device trees the VM boots:
#     for every platform file, QEMU's tree plus the platform's caches and
#     MSCs (as harness/vm-test.sh builds it), validated with dt-validate
#     against every binding.  No in-tree .dts has an MSC, so these are the
#     boards this binding is checked on; only findings in the nodes the
#     platforms add (MSCs, their RIS, caches) count, QEMU's own are not ours.
#
# Prints the findings and exits 1 if any; the last line says what was
# checked.  Output in build/dt-check/.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
out=$BUILD/dt-check
mkdir -p "$out"
tools=$BUILD/tools/dtschema
"$top/harness/dtschema.sh" "$tools" >"$out/dtschema.log" 2>&1 ||
	{ cat "$out/dtschema.log"; echo "dt-check: no dt-schema toolchain"; exit 1; }
export PATH=$tools/bin:$PATH
bad=0

# The kernel's rules end in "|| true": a tool that fails says so only in
# the output, so every line that is not kbuild's own is a finding, and the
# stamps of the three checks must exist.
b=$out/obj/Documentation/devicetree/bindings
rm -f "$b"/.dt-binding.checked "$b"/.yamllint.checked "$b"/.dt-style.checked
make -s -C "$BUILD/src" O="$out/obj" ARCH=arm64 PYTHON3=/usr/bin/python3 \
	-j"$(nproc)" dt_binding_check DT_SCHEMA_FILES=arm/arm,mpam-msc.yaml >"$out/binding.log" 2>&1
findings=$(grep -vE '^  [A-Z]+|^make\[|Unable to reopen jobserver' "$out/binding.log")
if [ -n "$findings" ]; then
	echo "$findings"
	bad=1
fi
for s in .dt-binding.checked .yamllint.checked .dt-style.checked; do
	[ -f "$b/$s" ] || { echo "dt-check: dt_binding_check did not get to $s"; bad=1; }
done

# The boards.
plat() { python3 "$top/harness/mpam_platform.py" "$@"; }
n=0
dtbs=()
for p in "$top"/platforms/*.platform; do
	name=$(basename "$p" .platform)
	read -r -a machine_args <<<"$(plat qemu-args "$p")"
	qemu-system-aarch64 -M virt -cpu max "${machine_args[@]}" -nic none -nographic \
		-machine dumpdtb="$out/$name.qemu.dtb" >/dev/null 2>&1 ||
		{ echo "dt-check: QEMU gave no device tree for $name"; bad=1; continue; }
	if ! dtc -q -I dtb -O dts -o "$out/$name.dts" "$out/$name.qemu.dtb" ||
	   ! plat dts "$p" >>"$out/$name.dts"; then
		echo "dt-check: no source for $name's tree"
		bad=1
		continue
	fi
	dtc -q -I dts -O dtb -o "$out/$name.dtb" "$out/$name.dts" ||
		{ echo "dt-check: $name's tree does not compile"; bad=1; continue; }
	dtbs+=("$out/$name.dtb")
	n=$((n + 1))
done
[ "$n" = "$(ls "$top"/platforms/*.platform | wc -l)" ] ||
	{ echo "dt-check: only $n platforms have a tree"; bad=1; }
dt-validate -s "$b/processed-schema.json" "${dtbs[@]}" >"$out/boards.log" 2>&1
status=$?
# Our nodes: the MSCs (and their RIS) and the caches the platforms add;
# and the tool failing (QEMU's own nodes' findings do not make it fail).
findings=$(grep -E 'msc@|ris@|cache|Traceback|Error' "$out/boards.log")
[ -f "$b/processed-schema.json" ] || findings="no processed schema${findings:+; $findings}"
[ "$status" -le 1 ] || findings="dt-validate exited with $status${findings:+; $findings}"
if [ -n "$findings" ]; then
	echo "$findings"
	bad=1
fi
echo "dt-check: arm,mpam-msc.yaml (dt_binding_check: meta-schema, yamllint, style, example)" \
	"and the trees of $n platforms (dt-validate)"
exit $bad
