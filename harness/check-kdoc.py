#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every non-static function defined in the given C files has kernel-doc.

Prints one line per function that lacks a /** comment right above it and
exits 1 if there is any.  KUnit test cases and __init/__exit functions that
are static are exempt by being static.
"""

import re
import sys

# A function definition starts at column 0 with a type and ends the line
# with ')' or ',' (wrapped parameters); the body's '{' is at column 0 later.
DEF_RE = re.compile(r'^(?!static\b)(?!typedef\b)(?!struct\b[^(]*;)'
                    r'[A-Za-z_][\w \t\*]*?\b(\w+)\s*\(')


def undocumented(path):
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    missing = []
    for i, line in enumerate(lines):
        m = DEF_RE.match(line)
        if not m or line.rstrip().endswith(';'):
            continue
        # Find the end of the declarator: a line '{' must follow before ';'.
        j = i
        while j < len(lines) and not lines[j].rstrip().endswith((')', '{', ';')):
            j += 1
        if j + 1 >= len(lines) or lines[j + 1].strip() != '{':
            continue
        name = m.group(1)
        if name.isupper() or name.startswith(('DEFINE_', 'EXPORT_')):
            continue
        k = i - 1
        while k >= 0 and lines[k].startswith(('#', '__')):
            k -= 1
        if k < 0 or lines[k].strip() != '*/':
            missing.append((i + 1, name))
            continue
        while k >= 0 and not lines[k].startswith('/*'):
            k -= 1
        if k < 0 or not lines[k].startswith('/**'):
            missing.append((i + 1, name))
    return missing


def main():
    bad = 0
    for path in sys.argv[1:]:
        for lineno, name in undocumented(path):
            print(f'{path}:{lineno}: {name}() is not static and has no kernel-doc')
            bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
