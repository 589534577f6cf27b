#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the repository (overlay + patches/) into a git format-patch series.

    series.py make OUTDIR        write the series (cover letter + patches)
    series.py claims             show which manifest patch claims each file

The manifest (harness/series.manifest) defines each patch: its subject, body
and the repository files it carries.  Every overlay file and every entry of
patches/ must be claimed by exactly one manifest patch, or nothing is
written and the unclaimed files are listed.  See the manifest's header for
its syntax.

Each patch is made as a commit in a scratch git repository that holds the
pristine base version of every path the series touches, so that the diffs
are exactly those against the full base tree.  Authors are as recorded (the
carried patch's From:, else the repository's git log for the files); the
scratch repository is OUTDIR.work.  The Signed-off-by and committer are
whoever runs this (git config user.name and
user.email, or SERIES_IDENTITY="Name <mail>"), and nothing is written when
that is unset.
"""
import glob
import os
import re
import shutil
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OVERLAY_DIRS = ['arch', 'drivers', 'include', 'Documentation', 'tools']
MANIFEST = os.path.join(TOP, 'harness', 'series.manifest')
# Files of patches/ that are bookkeeping, not patches.
PATCHES_META = {'series'}


def die(msg):
    sys.stderr.write(f'series: {msg}\n')
    sys.exit(1)


def run(cmd, cwd=None, inp=None, env=None, check=True):
    r = subprocess.run(cmd, cwd=cwd, input=inp, env=env, capture_output=True, text=True)
    if check and r.returncode:
        die(f'{" ".join(cmd)} failed:\n{r.stdout}{r.stderr}')
    return r.stdout


class Patch:
    def __init__(self, name):
        self.name = name
        self.hdr = {}
        self.files = []      # globs
        self.blocks = []     # (file, regex, kind) kind: 'block' | 'lines'
        self.carry = []      # globs of patches/ files
        self.apply = []      # temporary base edits applied here
        self.revert = []     # ... and reverted here
        self.removes = False
        self.refuse = []     # globs of files that must live elsewhere
        self.body = ''
        self.owned = []      # resolved overlay files
        self.carried = []    # resolved patches/ files


def glob_match(path, pattern):
    """Shell-style: "*" and "?" stay within one path component, "**" does not."""
    rx = ''
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith('**', i):
            rx += '.*'
            i += 2
            continue
        rx += {'*': '[^/]*', '?': '[^/]'}.get(c, re.escape(c))
        i += 1
    return re.fullmatch(rx, path) is not None


def parse_manifest():
    patches, cur, in_body = [], None, False
    for raw in open(MANIFEST):
        line = raw.rstrip('\n')
        if line.startswith('=== '):
            cur = Patch(line[4:].strip())
            patches.append(cur)
            in_body = False
            continue
        if cur is None:
            continue        # the header comment
        if in_body:
            cur.body += line + '\n'
            continue
        if line.startswith('#'):
            continue
        if not line.strip():
            in_body = True
            continue
        m = re.match(r'([A-Za-z-]+):\s*(.*)$', line)
        if not m:
            die(f'{cur.name}: cannot parse "{line}"')
        key, val = m.group(1).lower(), m.group(2)
        if key == 'files':
            cur.files += val.split()
        elif key in ('block', 'lines'):
            f, rx = val.split(None, 1)
            cur.blocks.append((f, rx, key))
        elif key == 'carry':
            cur.carry += val.split()
        elif key == 'apply':
            cur.apply += val.split()
        elif key == 'revert':
            cur.revert += val.split()
        elif key == 'refuse':
            cur.refuse += val.split()
        elif key == 'removes':
            cur.removes = val.strip() == 'yes'
        else:
            cur.hdr[key] = val
    for p in patches:
        p.body = p.body.strip('\n') + '\n' if p.body.strip() else ''
    return patches


def overlay_files():
    out = []
    for d in OVERLAY_DIRS:
        for root, _, names in os.walk(os.path.join(TOP, d)):
            for n in names:
                out.append(os.path.relpath(os.path.join(root, n), TOP))
    return sorted(out)


def series_list():
    s = os.path.join(TOP, 'patches', 'series')
    if not os.path.exists(s):
        return []
    return [ln.strip() for ln in open(s) if ln.strip() and not ln.startswith('#')]


def resolve(patches):
    """Give every overlay file and patches/ entry to one patch, or die."""
    files = overlay_files()
    errors = []
    cover = [p for p in patches if p.name == 'cover']
    for f in files:
        wrong = [p for p in patches if any(glob_match(f, g) for g in p.refuse)]
        if wrong:
            errors.append(f'  {f}  (misplaced: {wrong[0].name} wants it moved, '
                          'see its Refuse: line in the manifest)')
            continue
        best, best_len, tie = None, -1, False
        for p in patches:
            for g in p.files:
                if not glob_match(f, g):
                    continue
                # The most specific pattern wins: a literal path beats any
                # glob, a longer literal part beats a shorter one.
                score = 10**6 if g == f else len(g.replace('*', '').replace('?', ''))
                if score > best_len:
                    best, best_len, tie = p, score, False
                elif score == best_len and p is not best:
                    tie = True
        if best is None:
            errors.append(f'  {f}  (overlay file no manifest patch claims)')
        elif tie:
            errors.append(f'  {f}  (claimed equally by two patches)')
        else:
            best.owned.append(f)
    pdir = os.path.join(TOP, 'patches')
    entries = sorted(os.listdir(pdir)) if os.path.isdir(pdir) else []
    claimed = {}
    for p in patches:
        for g in p.carry + p.apply:
            hits = [e for e in entries if glob_match('patches/' + e, g)]
            for e in hits:
                if e in claimed and claimed[e] is not p:
                    errors.append(f'  patches/{e}  (claimed by {claimed[e].name} and {p.name})')
                claimed[e] = p
            if g in p.carry:
                p.carried += [e for e in hits if e not in p.carried]
        for g in p.revert:
            if not any(glob_match('patches/' + e, g) for e in entries):
                errors.append(f'  {g}  (Revert: of {p.name} names no file)')
    for e in entries:
        if e in PATCHES_META:
            continue
        if e not in claimed:
            errors.append(f'  patches/{e}  (patches/ entry no manifest patch claims)')
    ser = series_list()
    for e in ser:
        if e not in entries:
            errors.append(f'  patches/{e}  (in patches/series but missing)')
    carried = [e for p in patches for e in p.carried]
    for e in carried:
        if e not in ser:
            errors.append(f'  patches/{e}  (carried but not in patches/series: the tree would differ)')
    for p in patches:
        for g in p.apply:
            for e in entries:
                if glob_match('patches/' + e, g) and e in ser:
                    errors.append(f'  patches/{e}  (a temporary edit must not be in patches/series)')
    if errors:
        die('these files are in no patch of the series (or claimed twice);\n'
            'add them to harness/series.manifest:\n' + '\n'.join(errors))
    # Carried patches touching the same file must keep patches/series order.
    order = [e for e in carried if e in ser]
    if [e for e in ser if e in order] != order:
        touched = {e: patch_paths(os.path.join(pdir, e)) for e in order}
        for i, a in enumerate(order):
            for b in order[i + 1:]:
                if ser.index(a) > ser.index(b) and touched[a] & touched[b]:
                    die(f'patches/{a} and patches/{b} touch the same files but the '
                        'manifest orders them unlike patches/series')
    return [p for p in patches if p not in cover], (cover[0] if cover else None)


def patch_paths(path):
    out = set()
    for ln in open(path, errors='replace'):
        m = re.match(r'^(?:\+\+\+|---) [ab]/(\S+)', ln)
        if m:
            out.add(m.group(1))
    return out


def parse_patch_file(path):
    """A carried patch: (author, date, subject, body) from its header."""
    text = open(path).read()
    head, _, _ = text.partition('\n---\n')
    lines = head.split('\n')
    author = subject = date = None
    i = 0
    while i < len(lines) and lines[i].strip():
        ln = lines[i]
        if ln.startswith('From: '):
            author = ln[6:].strip()
        elif ln.startswith('Date: '):
            date = ln[6:].strip()
        elif ln.startswith('Subject: '):
            subject = re.sub(r'^\[PATCH[^\]]*\]\s*', '', ln[9:].strip())
            while i + 1 < len(lines) and lines[i + 1].startswith(' '):
                i += 1
                subject += ' ' + lines[i].strip()
        i += 1
    body = '\n'.join(lines[i:]).strip('\n')
    body = '\n'.join(ln for ln in body.split('\n') if not ln.startswith('Signed-off-by:'))
    return author, date, subject, body.strip('\n') + '\n'


KCONFIG_TOP = re.compile(r'^(config|menuconfig|choice|endchoice|comment|menu|endmenu|if|endif|source)\b')


def block_lines(text, rx, kind, kconfig=False):
    """Indexes of the lines a Block:/Lines: claim takes from a file.

    A block is the blank-line-delimited paragraph around the first match; in
    a Kconfig file, the entry from the matching line up to the next top-level
    keyword (help texts have blank lines).
    """
    lines = text.split('\n')
    pat = re.compile(rx)
    hit = [i for i, ln in enumerate(lines) if pat.search(ln)]
    if not hit:
        return None
    out = set()
    if kind == 'block' and kconfig:
        i = hit[0]
        e = i + 1
        # with the comment lines just above the entry
        while i > 0 and lines[i - 1].startswith('#') and 'SPDX-License' not in lines[i - 1]:
            i -= 1
        while e < len(lines) and not KCONFIG_TOP.match(lines[e]) and \
                not lines[e].startswith('#'):
            e += 1
        out.update(range(i, e))
    elif kind == 'block':
        i = hit[0]
        s = i
        while s > 0 and lines[s - 1].strip() and 'SPDX-License' not in lines[s - 1]:
            s -= 1
        e = i
        while e + 1 < len(lines) and lines[e + 1].strip():
            e += 1
        out.update(range(s, e + 1))
        # The paragraph goes with the blank line that follows it.
        if e + 1 < len(lines) - 1 and not lines[e + 1].strip():
            out.add(e + 1)
    else:
        for i in hit:
            j = i
            out.add(j)
            while lines[j].endswith('\\') and j + 1 < len(lines):
                j += 1
                out.add(j)
    return out


def identity():
    ident = os.environ.get('SERIES_IDENTITY')
    if ident:
        m = re.match(r'(.+?)\s*<([^>]+)>$', ident)
        if not m:
            die('SERIES_IDENTITY must be "Name <mail>"')
        return m.group(1), m.group(2)
    name = run(['git', 'config', 'user.name'], cwd=TOP, check=False).strip()
    mail = run(['git', 'config', 'user.email'], cwd=TOP, check=False).strip()
    if not name or not mail:
        die('git config user.name and user.email are not set: the series is '
            'signed off by whoever sends it, so set them (git config --global '
            'user.name "Your Name"; git config --global user.email you@example.org)')
    return name, mail


def recorded_author(files):
    """The repository's recorded author of these files, and the last date."""
    if not files:
        return None, None
    out = run(['git', 'log', '--format=%an <%ae>%x09%aD', '--'] + files, cwd=TOP, check=False)
    rows = [ln.split('\t') for ln in out.split('\n') if '\t' in ln]
    if not rows:
        return None, None
    counts = {}
    for a, _ in rows:
        counts[a] = counts.get(a, 0) + 1
    return max(counts, key=lambda a: counts[a]), rows[0][1]


def base_tree():
    base = run([os.path.join(TOP, 'harness', 'fetch-base.sh')]).strip()
    ver = open(os.path.join(base, '..', 'VERSION')).read().strip()
    return base, ver


def removed_paths(base):
    out = []
    for ln in open(os.path.join(TOP, 'harness', 'removed-files')):
        ln = ln.strip()
        if not ln or ln.startswith('#'):
            continue
        for f in glob.glob(os.path.join(base, ln)):
            out.append(os.path.relpath(f, base))
    return sorted(set(out))


def snapshot(work, base, patches, k, claims, removed, overlay):
    """Make work/ hold every touched path as it is after patch k."""
    for f in overlay:
        owner, final = overlay[f]
        dst = os.path.join(work, f)
        if owner <= k:
            text = final
            drop = set()
            for (j, idx) in claims.get(f, []):
                if j > k:
                    drop |= idx
            if drop:
                lines = text.split('\n')
                kept = [ln for i, ln in enumerate(lines) if i not in drop]
                # What is left of a file whose parts come later: no runs
                # of blank lines, none at the end.
                tidy = []
                for ln in kept:
                    if not ln.strip() and tidy and not tidy[-1].strip():
                        continue
                    tidy.append(ln)
                text = '\n'.join(tidy).rstrip('\n') + '\n'

            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(dst, 'w') as fh:
                fh.write(text)
            src_mode = os.stat(os.path.join(TOP, f)).st_mode
            os.chmod(dst, src_mode & 0o777)
        elif os.path.exists(os.path.join(base, f)) and not (
                f in removed and removed[f] <= k):
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(os.path.join(base, f), dst)
        elif os.path.exists(dst):
            os.remove(dst)
    for f, when in removed.items():
        if f in overlay:
            continue
        dst = os.path.join(work, f)
        if when <= k and os.path.exists(dst):
            os.remove(dst)


def apply_patch(work, path, reverse=False):
    cmd = ['patch', '-d', work, '-p1', '-s', '-F0', '--no-backup-if-mismatch']
    if reverse:
        cmd.append('-R')
    r = subprocess.run(cmd, stdin=open(path), capture_output=True, text=True)
    if r.returncode:
        die(f'{os.path.relpath(path, TOP)} does not apply{" in reverse" if reverse else ""}:\n'
            + r.stdout + r.stderr)


def make(outdir):
    patches, cover = resolve(parse_manifest())
    name, mail = identity()
    base, basever = base_tree()
    pdir = os.path.join(TOP, 'patches')

    # Which patch owns each overlay file; which lines later patches take.
    overlay, claims = {}, {}
    for k, p in enumerate(patches):
        for f in p.owned:
            overlay[f] = (k, open(os.path.join(TOP, f)).read())
    for k, p in enumerate(patches):
        for f, rx, kind in p.blocks:
            if f not in overlay:
                die(f'{p.name}: {kind} claim on {f}, which no patch carries')
            if overlay[f][0] >= k:
                die(f'{p.name}: claims part of {f} but comes before its owner '
                    f'{patches[overlay[f][0]].name}')
            idx = block_lines(overlay[f][1], rx, kind,
                              os.path.basename(f).startswith('Kconfig'))
            if idx is None:
                die(f'{p.name}: "{rx}" matches nothing in {f}')
            claims.setdefault(f, []).append((k, idx))
    rm_k = [k for k, p in enumerate(patches) if p.removes]
    removed = {}
    for f in removed_paths(base):
        if f in overlay:
            removed[f] = overlay[f][0]
        elif rm_k:
            removed[f] = rm_k[0]
        else:
            die(f'{f} is removed from the base but no patch has "Removes: yes"')

    # Every path the series touches, at its base version.
    touched = set(overlay) | set(removed)
    for p in patches:
        for e in p.carried:
            touched |= patch_paths(os.path.join(pdir, e))
        for g in p.apply:
            for e in glob.glob(os.path.join(TOP, g)):
                touched |= patch_paths(e)
    repo = outdir.rstrip('/') + '.work'
    shutil.rmtree(repo, ignore_errors=True)
    os.makedirs(repo)
    env = dict(os.environ, GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=mail,
               GIT_AUTHOR_NAME='base', GIT_AUTHOR_EMAIL='base@localhost',
               GIT_AUTHOR_DATE='2000-01-01T00:00:00Z',
               GIT_COMMITTER_DATE='2000-01-01T00:00:00Z')
    run(['git', 'init', '-q', '-b', 'series'], cwd=repo)
    run(['git', 'config', 'core.autocrlf', 'false'], cwd=repo)
    for f in sorted(touched):
        src = os.path.join(base, f)
        if os.path.exists(src):
            os.makedirs(os.path.dirname(os.path.join(repo, f)), exist_ok=True)
            shutil.copy2(src, os.path.join(repo, f))
    run(['git', 'add', '-A', '.'], cwd=repo)
    run(['git', 'commit', '-q', '--allow-empty', '-m', f'base: {basever}'], cwd=repo, env=env)

    made = []
    for k, p in enumerate(patches):
        snapshot(repo, base, patches, k, claims, removed, overlay)
        for e in p.carried:
            apply_patch(repo, os.path.join(pdir, e))
        for g in p.apply:
            for e in sorted(glob.glob(os.path.join(TOP, g))):
                apply_patch(repo, e)
        for g in p.revert:
            for e in sorted(glob.glob(os.path.join(TOP, g))):
                apply_patch(repo, e, reverse=True)
        run(['git', 'add', '-A', '.'], cwd=repo)
        if not run(['git', 'status', '--porcelain'], cwd=repo).strip():
            sys.stderr.write(f'series: {p.name}: no changes, left out\n')
            continue
        subject, body = p.hdr.get('subject'), p.body
        author, date = recorded_author(p.owned)
        if p.carried:
            ca, cd, cs, cb = parse_patch_file(os.path.join(pdir, p.carried[0]))
            author = ca or author
            date = cd or date
            if not subject:
                subject, body = cs, (body + '\n' if body else '') + cb
        if not subject:
            die(f'{p.name}: no Subject:')
        if 'author' in p.hdr:
            author = p.hdr['author']
        if not author:
            author = f'{name} <{mail}>'
        m = re.match(r'(.+?)\s*<([^>]+)>$', author)
        penv = dict(env, GIT_AUTHOR_NAME=m.group(1), GIT_AUTHOR_EMAIL=m.group(2),
                    GIT_COMMITTER_DATE=date or env['GIT_COMMITTER_DATE'])
        if date:
            penv['GIT_AUTHOR_DATE'] = date
        msg = f'{subject}\n\n{body.strip()}\n\nSigned-off-by: {name} <{mail}>\n'
        run(['git', 'commit', '-q', '-F', '-'], cwd=repo, inp=msg, env=penv)
        made.append(p)

    # The series, and the cover letter filled in from the manifest.
    for f in glob.glob(os.path.join(outdir, '*.patch')):
        os.remove(f)
    run(['git', 'format-patch', '-q', '-M', '--cover-letter', '--no-signature',
         '-o', outdir, 'HEAD~%d..HEAD' % len(made)], cwd=repo, env=env)
    cl = os.path.join(outdir, '0000-cover-letter.patch')
    text = open(cl).read()
    csub = cover.hdr.get('subject', 'Arm MPAM driver') if cover else 'Arm MPAM driver'
    cbody = cover.body if cover else ''
    cbody = cbody.replace('@BASE@', basever).replace('@BENCH@', bench_table())
    cbody = cbody.replace('@NPATCHES@', str(len(made)))
    text = text.replace('*** SUBJECT HERE ***', csub)
    text = text.replace('*** BLURB HERE ***', cbody.strip())
    open(cl, 'w').write(text)
    with open(os.path.join(outdir, 'base-version'), 'w') as fh:
        fh.write(basever + '\n')
    print(f'series: {len(made)} patches and a cover letter in {outdir} (base {basever})')


def bench_table():
    """The README's bench section (its first table), if it has one."""
    readme = open(os.path.join(TOP, 'README.md')).read()
    m = re.search(r'^##+ [^\n]*[Bb]ench[^\n]*\n(.*?)(?=^## |\Z)', readme, re.M | re.S)
    if not m:
        return '(README.md has no bench section yet)'
    rows = [ln for ln in m.group(1).split('\n') if ln.startswith('|')]
    return '\n'.join(rows) if rows else m.group(1).strip()


def claims():
    patches, _ = resolve(parse_manifest())
    for p in patches:
        print(f'{p.name}:')
        for f in p.owned:
            print(f'    {f}')
        for e in p.carried:
            print(f'    patches/{e}')
        for f, rx, kind in p.blocks:
            print(f'    {kind} of {f}: {rx}')


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == 'claims':
        claims()
    elif len(sys.argv) == 3 and sys.argv[1] == 'make':
        os.makedirs(sys.argv[2], exist_ok=True)
        make(os.path.abspath(sys.argv[2]))
    else:
        die(__doc__)


if __name__ == '__main__':
    main()
