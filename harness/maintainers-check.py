#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""MAINTAINERS covers the series: maintainers-check.py TREE FILE...

Every FILE (the paths the series adds or replaces) must be matched by an F:
pattern of some MAINTAINERS section of TREE, with scripts/get_maintainer.pl's
rules (a pattern ending in "/" takes the whole directory; otherwise "*" and
"?" are wildcards and the match must be as deep as the pattern, so
drivers/resctrl/mpam_* does not reach drivers/resctrl/mpam_sim/x.c); X:
patterns exclude.  Every F: pattern of the sections that cover our files
must match a file of TREE, and no section title may appear twice.  Prints
the problems; exit status 1 if there are any.
"""
import os
import re
import sys


def pattern_rx(pat):
    rx = re.escape(pat).replace(r'\*', '.*').replace(r'\?', '.')
    return re.compile('^' + rx)


def matches(f, pat):
    if pat.endswith('/'):
        return f.startswith(pat)
    if pattern_rx(pat).match(f):
        return f.count('/') == pat.count('/')
    return False


def sections(tree):
    out, cur = [], None
    started = False
    for ln in open(os.path.join(tree, 'MAINTAINERS'), errors='replace'):
        ln = ln.rstrip('\n')
        if not started:
            # The sections start after the header, at the first entry.
            if re.match(r'^[A-Z0-9].*[A-Z]', ln) and not ln.startswith('\t'):
                started = ln == '3C59X NETWORK DRIVER'
            if not started:
                continue
        m = re.match(r'^([A-Z]):\s*(.*)$', ln)
        if m and cur is not None:
            cur[m.group(1)].append(m.group(2).strip())
        elif ln.strip() and not m:
            cur = {'title': ln.strip(), 'F': [], 'X': [], 'N': [], 'K': []}
            cur.update({k: [] for k in 'MRLSWQBCPT'})
            out.append(cur)
    return out


def main():
    tree, files = sys.argv[1], sys.argv[2:]
    secs = sections(tree)
    problems = []
    titles = {}
    for s in secs:
        titles[s['title']] = titles.get(s['title'], 0) + 1
    ours = set()
    for f in files:
        hit = [s for s in secs
               if any(matches(f, p) for p in s['F']) and not any(matches(f, p) for p in s['X'])]
        if not hit:
            problems.append(f'no MAINTAINERS section covers {f}')
        for s in hit:
            if s['title'] not in ('THE REST',):
                ours.add(s['title'])
    for t, n in titles.items():
        if n > 1 and t in ours:
            problems.append(f'MAINTAINERS section "{t}" appears {n} times')
    # Every pattern of the MPAM section matches something (looked for under
    # the pattern's literal directory only: the tree is large).
    for s in secs:
        if 'MPAM' not in s['title']:
            continue
        for p in s['F']:
            top = re.split(r'[*?]', p)[0]
            top = top if top.endswith('/') else os.path.dirname(top)
            found = False
            for root, dirs, names in os.walk(os.path.join(tree, top)):
                for n in names:
                    if matches(os.path.relpath(os.path.join(root, n), tree), p):
                        found = True
                        break
                if found:
                    break
            if not found:
                problems.append(f'{s["title"]}: F: {p} matches no file')
    for p in problems:
        print(p)
    print(f'{len(files)} files, covered by: {", ".join(sorted(ours))}', file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
