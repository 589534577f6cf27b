#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A private dt-schema toolchain for make dt_binding_check and for
# validating the board device trees of the platforms, from Debian packages
# only and installed nowhere but DIR (default build/tools/dtschema):
#
#   dtschema.sh [DIR]        then PATH=DIR/bin:$PATH make dt_binding_check
#
# Why not Debian 12's own: its dt-schema (2022.08) is older than 7.3's
# minimum (2024.4).  trixie-backports' 2025.08 crashes on this tree (a
# KeyError in check_duplicate_property_types, fixed upstream), so the
# dt-schema is sid's (architecture all, pure Python).  It needs jsonschema
# >= 4.18, whose referencing needs rpds-py, which Debian builds for Python
# 3.13 and later only; so trixie's python3.13 runs it, through trixie's own
# dynamic loader because it needs glibc 2.38 (Debian 12 has 2.36).  apt
# uses a configuration of its own under DIR: the machine's sources and
# preferences are not touched, and the mirror is the one the machine uses.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
D=$(realpath -m "${1:-$BUILD/tools/dtschema}")
# dtschema_ok: the toolchain in DIR runs and is at least 7.3's minimum.
dtschema_ok()
{
	local v
	v=$("$D/bin/dt-doc-validate" --version 2>/dev/null) || return 1
	[ "$(printf '%s\n' 2024.4 "$v" | sort -V | head -1)" = 2024.4 ]
}
dtschema_ok && exit 0
mkdir -p "$D"/apt/{lists/partial,cache/archives/partial,parts,prefs} "$D"/debs "$D"/root "$D"/bin

# Same mirror as the machine already uses (no host name written anywhere).
uri=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' \
	/etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
	uri=$(awk '/^deb / && $2 !~ /security/ { print $2; exit }' /etc/apt/sources.list)
fi
[ -n "$uri" ] || { echo "dtschema: no Debian mirror URI" >&2; exit 1; }
cat > "$D/apt/parts/dt.sources" <<EOT
Types: deb
URIs: $uri
Suites: trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
cat > "$D/apt/apt.conf" <<EOT
Dir::Etc::SourceList "/dev/null";
Dir::Etc::SourceParts "$D/apt/parts";
Dir::Etc::Preferences "/dev/null";
Dir::Etc::PreferencesParts "$D/apt/prefs";
Dir::State::Lists "$D/apt/lists";
Dir::Cache "$D/apt/cache";
APT::Architectures { "amd64"; };
EOT
export APT_CONFIG=$D/apt/apt.conf
apt-get update -qq >/dev/null

T="libc6 python3.13-minimal libpython3.13-minimal libpython3.13-stdlib
libssl3t64 libexpat1 libzstd1 libfdt1 python3-libfdt python3-ruamel.yaml
python3-ruamel.yaml.clib python3-rfc3987 python3-attr python3-jsonschema
python3-referencing python3-rpds-py python3-jsonschema-specifications"
if ! (cd "$D/debs" && apt-get download -qq $(for p in $T; do echo "$p/trixie"; done) \
	dt-schema/sid) >"$D/download.log" 2>&1; then
	grep -v unsandboxed "$D/download.log" >&2
	echo "dtschema: cannot download the packages" >&2
	exit 1
fi
for f in "$D"/debs/*.deb; do dpkg-deb -x "$f" "$D/root"; done

R=$D/root
L=$R/usr/lib/x86_64-linux-gnu
cat > "$D/bin/python3.13" <<EOT
#!/bin/sh
exec $L/ld-linux-x86-64.so.2 --library-path $L:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu $R/usr/bin/python3.13 "\$@"
EOT
chmod +x "$D/bin/python3.13"
for t in "$R"/usr/bin/dt-*; do
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$D/bin/python3.13" "$t" > "$D/bin/${t##*/}"
	chmod +x "$D/bin/${t##*/}"
done
dtschema_ok || { echo "dtschema: the toolchain in $D does not run or is too old" >&2; exit 1; }
"$D/bin/dt-validate" --version
