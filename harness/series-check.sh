#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check the patch series that `make series` writes.
#
#   series-check.sh quick   (make check's static stage) write the series to
#                           build/series-check/, git am it onto the pristine
#                           base version of every path it touches in a
#                           scratch repository, compare the result with
#                           build/src byte for byte (and that what it deletes
#                           is gone from build/src), checkpatch --strict
#                           every patch.  No kernel build.
#   series-check.sh full    (make series-check) the same, but git am onto a
#                           git repository of the whole pristine base
#                           (~/.cache/mpam-series/base-git, made once), then
#                           build the result with harness/config/mpam.config;
#                           with BISECT=1 build every prefix of the series.
#
# The Signed-off-by is git config's identity; where that is unset (a fresh CI
# machine) the check, which writes only to build/, signs as "series check".
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$top/build}
mode=${1:-quick}
out=$BUILD/series-check
log=$BUILD/series-check.log
src=$BUILD/src
CACHE=${MPAM_CACHE:-$HOME/.cache/mpam-series}

say() { echo "series-check: $*"; }
die() { echo "series-check: $*" >&2; exit 1; }

if [ -z "$(git -C "$top" config user.email || true)" ] && [ -z "${SERIES_IDENTITY:-}" ]; then
	export SERIES_IDENTITY="series check <series-check@localhost>"
fi
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-series-check}
export GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-series-check@localhost}

# make check has just assembled build/src (MPAM_ASSEMBLED=1): its lane
# compares against that tree without assembling it again beside the
# other static checks that read it.
[ "${MPAM_ASSEMBLED:-0}" = 1 ] || "$top/harness/assemble.sh" >/dev/null
base=$("$top/harness/fetch-base.sh")
rm -rf "$out"
python3 "$top/harness/series.py" make "$out"
mapfile -t patches < <(ls "$out"/[0-9]*.patch | grep -v '/0000-cover-letter.patch$')
[ "${#patches[@]}" -gt 0 ] || die "no patches written"

# Every path the series touches (both sides of renames and deletions).
paths=$(cat "${patches[@]}" | sed -nE 's#^diff --git a/(\S+) b/(\S+)$#\1\n\2#p' | sort -u)

if [ "$mode" = quick ]; then
	repo=$out/am
	rm -rf "$repo"
	mkdir -p "$repo"
	git -C "$repo" init -q -b base
	for f in $paths; do
		if [ -e "$base/$f" ]; then
			mkdir -p "$repo/$(dirname "$f")"
			cp -a "$base/$f" "$repo/$f"
		fi
	done
	git -C "$repo" add -A .
	git -C "$repo" -c user.name=base -c user.email=base@localhost commit -q -m base
else
	repo=$CACHE/base-git
	ver=$(cat "$base/../VERSION")
	# The marker lives in .git: git clean -x below removes any other
	# untracked file, ignored or not.
	if [ ! -f "$repo/.git/mpam-base" ] || [ "$(cat "$repo/.git/mpam-base")" != "$ver" ]; then
		say "making a git repository of the pristine base in $repo (once)"
		rm -rf "$repo"
		cp -a "$base" "$repo"
		git -C "$repo" init -q -b base
		# -f: Debian's linux-source .gitignore ignores everything at the
		# top level ("/*", for its packaging), which would leave the
		# repository empty.
		git -C "$repo" add -f -A .
		git -C "$repo" -c user.name=base -c user.email=base@localhost commit -q -m "base: $ver"
		git -C "$repo" tag -f pristine >/dev/null
		echo "$ver" >"$repo/.git/mpam-base"
	fi
	git -C "$repo" am --abort >/dev/null 2>&1 || true
	git -C "$repo" checkout -q -f pristine
	git -C "$repo" clean -q -fdx
	git -C "$repo" checkout -q -B series-check pristine
fi

# git am, one patch at a time so the log shows each.
: >"$log"
n=0
for p in "${patches[@]}"; do
	if ! git -C "$repo" am -q --keep-cr "$p" >>"$log" 2>&1; then
		git -C "$repo" am --abort >/dev/null 2>&1 || true
		cat "$log"
		die "git am: $(basename "$p") does not apply"
	fi
	n=$((n + 1))
	say "applied $(basename "$p")"
done

# The series' result is the assembled tree, byte for byte.
diffs=0
for f in $paths; do
	if [ -e "$repo/$f" ] || [ -L "$repo/$f" ]; then
		if ! cmp -s "$repo/$f" "$src/$f"; then
			say "differs from build/src: $f"
			diffs=$((diffs + 1))
		fi
	elif [ -e "$src/$f" ]; then
		say "deleted by the series but in build/src: $f"
		diffs=$((diffs + 1))
	fi
done
[ "$diffs" = 0 ] || die "$diffs paths differ between the series and build/src"
say "$n patches applied with git am; the result equals build/src ($(echo "$paths" | wc -w) paths)"

# MAINTAINERS covers every path the series adds or replaces.
kept=$(for f in $paths; do [ -e "$src/$f" ] && echo "$f"; done)
# shellcheck disable=SC2086
if ! r=$(python3 "$top/harness/maintainers-check.py" "$src" $kept 2>/dev/null); then
	echo "$r"
	die "MAINTAINERS does not cover the series"
fi
say "MAINTAINERS covers the $(echo "$kept" | wc -w) paths the series adds or changes"

# checkpatch --strict, every patch.  FILE_PATH_CHANGES ("does MAINTAINERS
# need updating?") is answered by the check above: checkpatch asks it of every
# patch that adds a file and does not touch MAINTAINERS, which only the last
# patch does.
bad=0
for p in "${patches[@]}"; do
	r=$(cd "$src" && perl scripts/checkpatch.pl --strict --no-tree --terse \
		--ignore FILE_PATH_CHANGES "$p" 2>&1 |
		grep -E ': (ERROR|WARNING|CHECK):' || true)
	if [ -n "$r" ]; then
		echo "$r" | sed "s#^#$(basename "$p"): #"
		bad=$((bad + 1))
	fi
done
[ "$bad" = 0 ] || die "checkpatch --strict: findings in $bad of $n patches"
say "checkpatch --strict clean on all $n patches"

[ "$mode" = quick ] && exit 0

# Build: the whole series, or (BISECT=1) every prefix of it.
obj=$BUILD/series-obj
frag=$top/harness/config/mpam.config
K=(make -s -C "$repo" O="$obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$(nproc)")
build_at()
{
	local rev=$1 what=$2 t0
	t0=$(date +%s)
	git -C "$repo" checkout -q "$rev"
	mkdir -p "$obj"
	"${K[@]}" allnoconfig >/dev/null
	(cd "$obj" && "$repo/scripts/kconfig/merge_config.sh" -m -O "$obj" .config "$frag" >/dev/null)
	"${K[@]}" olddefconfig >/dev/null
	if ! "${K[@]}" Image W=1 >"$obj/build.log" 2>&1; then
		tail -40 "$obj/build.log"
		die "build failed at $what"
	fi
	if grep -E 'warning:|error:' "$obj/build.log" | grep -E 'drivers/resctrl|arch/arm64/kernel/mpam|drivers/acpi/arm64/mpam|fs/resctrl' >&2; then
		die "warnings building $what"
	fi
	say "built $what ($(( $(date +%s) - t0 )) s)"
}
t_start=$(date +%s)
if [ "${BISECT:-0}" = 1 ]; then
	mapfile -t revs < <(git -C "$repo" rev-list --reverse "series-check~$n..series-check")
	i=0
	for rev in "${revs[@]}"; do
		i=$((i + 1))
		build_at "$rev" "[$i/$n] $(git -C "$repo" log -1 --format='%s' "$rev")"
	done
else
	build_at series-check "the whole series"
fi
git -C "$repo" checkout -q series-check
say "builds done in $(( $(date +%s) - t_start )) s"
