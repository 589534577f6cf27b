#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Assemble the kernel source tree the series builds from:
#   pristine base (Debian linux-source-7.3, cached outside the repository)
#   - upstream's MPAM implementation (harness/removed-files)
#   + our overlay (the repository's arch/ drivers/ include/ Documentation/
#     tools/ trees, files added or replaced whole)
#   + patches/series applied in order.
#
# Re-running is incremental: every file the overlay or a patch produces is
# generated in a staging directory first and copied into the tree only when
# its content changed, so make rebuilds only what really changed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
src=$BUILD/src
stage=$BUILD/stage
manifest=$BUILD/assembled-files

# One assembly at a time: make check's background builds assemble the tree
# while its static checks run, and two runs would share the staging
# directory and the manifest.
mkdir -p "$BUILD"
exec 9>"$BUILD/.assemble.lock"
flock 9

base=$("$top/harness/fetch-base.sh")
basever=$(cat "$base/../VERSION")

if [ ! -f "$src/.base-copied" ] || [ "$(cat "$src/.base-copied")" != "$basever" ]; then
	echo "assemble: copying base tree ($basever)"
	rm -rf "$src"
	mkdir -p "$BUILD"
	cp -a "$base" "$src"
	echo "$basever" >"$src/.base-copied"
	rm -f "$manifest"
fi

# 2. Stage the overlay and the base files patches touch, then patch them.
rm -rf "$stage"
mkdir -p "$stage"
overlay_dirs="arch drivers include Documentation tools"
for d in $overlay_dirs; do
	[ -d "$top/$d" ] && cp -a "$top/$d" "$stage/"
done

series=$top/patches/series
patches=()
if [ -f "$series" ]; then
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		patches+=("$top/patches/$p")
	done <"$series"
fi
for p in "${patches[@]}"; do
	grep -E '^\+\+\+ ' "$p" | sed -E 's#^\+\+\+ [^/]+/([^[:space:]]+).*#\1#' |
	while read -r f; do
		if [ ! -e "$stage/$f" ] && [ -e "$base/$f" ]; then
			mkdir -p "$stage/$(dirname "$f")"
			cp -a "$base/$f" "$stage/$f"
		fi
	done
done
for p in "${patches[@]}"; do
	if ! patch -d "$stage" -p1 -s -F0 --no-backup-if-mismatch <"$p"; then
		echo "assemble: patch $(basename "$p") does not apply" >&2
		exit 1
	fi
done

# 3. Remove upstream's implementation, except what the overlay replaces.
grep -v '^\s*\(#\|$\)' "$top/harness/removed-files" | while read -r pat; do
	# shellcheck disable=SC2086
	( cd "$src" && for f in $pat; do
		[ -e "$f" ] && [ ! -e "$stage/$f" ] && rm -f "$f"
	done ) || true
done

# 4. Copy what changed into the tree, restore what we no longer own.
(cd "$stage" && find . -type f | sed 's#^\./##' | sort) >"$manifest.new"
rsync -rlc "$stage/" "$src/"
if [ -f "$manifest" ]; then
	comm -23 "$manifest" "$manifest.new" | while read -r f; do
		if [ -e "$base/$f" ]; then
			rsync -lc "$base/$f" "$src/$f"
		else
			rm -f "$src/$f"
		fi
	done
fi
mv "$manifest.new" "$manifest"
echo "$basever" >"$BUILD/base-version"
echo "assemble: tree ready at $src (base $basever, ${#patches[@]} patches)"
