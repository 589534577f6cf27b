#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The bench table: our driver against the base tree's, from the outputs of
harness/bench/bench.sh (build/bench/{ours,base}-wN.out).

    report.py DIR      print the markdown table, write DIR/bench.md and
                       DIR/bench.json

Each access row is ours, the base driver's, the ratio (ours / base) and how
it was measured; every figure is a difference of mpam_sim's register access
counters (reads + writes over every MSC).  Behaviour rows are reported, not
judged.  The exit status is 0 even when a row is worse: the table is the
result (make check's guard is tests/vm/bench-counts.sh and KUnit).
"""

import json
import os
import re
import sys

WIDTHS = (31, 44, 63)
MODES = ('plain', 'cdp')

# (key in the VM output, width or None for the 44-bit run, label, how)
HOW_READ = ('one read of a group\'s domain-0 mbm_total_bytes file, the cheapest of 20 '
            '(one the overflow worker ran during costs more)')


def parse(path):
    """{(row, mode): (reads, writes)} and [(row, mode, text)] of one run."""
    rows, beh, notes, splats = {}, [], [], []
    if not os.path.exists(path):
        return None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = re.match(r'^BENCH (\S+) (\S+) (\S+) (\S+)$', line)
            if m:
                rows[(m.group(1), m.group(2))] = (float(m.group(3)), float(m.group(4)))
                continue
            m = re.match(r'^BEHAVIOUR (\S+) (\S+) (.*)$', line)
            if m:
                beh.append((m.group(1), m.group(2), m.group(3)))
                continue
            if line.startswith('# '):
                notes.append(line[2:])
            if re.search(r'WARNING:|BUG:|Oops|mpam.*(error|fail)', line, re.I) and \
               not line.startswith('BEHAVIOUR'):
                splats.append(line.strip())
    return {'rows': rows, 'behaviour': beh, 'notes': notes, 'kernel': splats[:8]}


def fmt(v):
    if v is None:
        return 'n/a'
    r, w = v
    tot = r + w
    s = ('%g' % tot)
    return '%s (%gr+%gw)' % (s, r, w)


def total(v):
    return None if v is None else v[0] + v[1]


def main():
    d = sys.argv[1]
    runs = {}
    for drv in ('ours', 'base'):
        for w in WIDTHS:
            runs[(drv, w)] = parse(os.path.join(d, '%s-w%d.out' % (drv, w)))

    def get(drv, w, key, mode):
        r = runs.get((drv, w))
        if not r:
            return None
        return r['rows'].get((key, mode))

    table = []

    def add(label, how, key, mode, w, kind='access'):
        o, b = get('ours', w, key, mode), get('base', w, key, mode)
        to, tb = total(o), total(b)
        ratio = None
        if to is not None and tb:
            ratio = to / tb
        elif to == 0 and tb == 0:
            ratio = 1.0
        table.append({'row': label, 'key': key, 'mode': mode, 'width': w, 'kind': kind,
                      'ours': o, 'base': b, 'ratio': ratio, 'how': how})

    for mode in MODES:
        cdp = 'CDP' if mode == 'cdp' else 'no CDP'
        for w in WIDTHS:
            add('read, counter moving, %d-bit, %s' % (w, cdp),
                HOW_READ + '; 4096 bytes injected for the group before each',
                'read_moving', mode, w, 'read')
        for w in WIDTHS:
            add('read, counter idle, %d-bit, %s' % (w, cdp),
                HOW_READ + '; no traffic', 'read_idle', mode, w, 'read')
    for mode in MODES:
        cdp = 'CDP' if mode == 'cdp' else 'no CDP'
        # Each the cheapest of 3 (the overflow worker may run during one).
        for key, label, how in (
                ('mkdir', 'mkdir CTRL_MON group (assign-on-mkdir), %s', 'mkdir of a new group: its '
                 'controls at default and a counter in each of 2 domains'),
                ('mkdir_mon', 'mkdir MON group (assign-on-mkdir), %s', 'mkdir under mon_groups: '
                 'a counter in each of 2 domains'),
                ('rmdir_mon', 'rmdir MON group, %s', 'its counters unassigned'),
                ('unassign', 'unassign one counter, %s', '"mbm_total_bytes:0=_" to mbm_L3_assignments'),
                ('assign', 'assign one counter, %s', '"mbm_total_bytes:0=e" to mbm_L3_assignments'),
                ('schemata_l3', 'schemata write, L3 one domain, %s', '"L3:0=3" (L3DATA under CDP)'),
                ('schemata_mb', 'schemata write, MB one domain, %s', '"MB:D=50", D the first MB domain'),
                ('rmdir', 'rmdir CTRL_MON group, %s', 'one counter left assigned')):
            add(label % cdp, how, key, mode, 44)
    for mode in MODES:
        cdp = 'CDP' if mode == 'cdp' else 'no CDP'
        for n in (1, 8, 32):
            add('idle, %d groups assigned, per second, %s' % (n, cdp),
                'accesses over 10 s of sleep / 10 (overflow and limbo workers; ' +
                'wall-clock dependent: one worker pass more or less)', 'idle_%d' % n, mode, 44,
                'idle')
    for w in WIDTHS:
        add('longest interrupts-off run, %d-bit platform' % w,
            'mpam_sim max_irqoff_run over every MSC, the whole run (boot to end)',
            'irqoff_max', 'all', w, 'irqoff')

    behaviour = []
    for drv in ('ours', 'base'):
        for w in WIDTHS:
            r = runs.get((drv, w))
            if r is None:
                behaviour.append({'driver': drv, 'width': w, 'row': 'run', 'mode': '-',
                                  'text': 'no output'})
                continue
            for row, mode, text in r['behaviour']:
                if row == 'per_domain_unassign' and w != 44:
                    continue
                behaviour.append({'driver': drv, 'width': w, 'row': row, 'mode': mode,
                                  'text': text})
            for line in r['kernel']:
                behaviour.append({'driver': drv, 'width': w, 'row': 'kernel log', 'mode': '-',
                                  'text': line})

    lines = ['| row | ours | base driver | ratio | how measured |', '|---|---|---|---|---|']
    for t in table:
        ratio = 'n/a' if t['ratio'] is None else '%.2fx' % t['ratio']
        lines.append('| %s | %s | %s | %s | %s |' % (t['row'], fmt(t['ours']), fmt(t['base']),
                                                   ratio, t['how']))
    lines += ['', '| behaviour | driver | platform | mode | what happened |', '|---|---|---|---|---|']
    for b in behaviour:
        lines.append('| %s | %s | %d-bit | %s | %s |' % (b['row'], b['driver'], b['width'],
                                                      b['mode'], b['text'].replace('|', '/')))
    worse = [t['row'] for t in table if t['kind'] in ('access', 'read', 'irqoff')
             and t['ratio'] is not None and t['ratio'] > 1.0]
    slow_reads = [t['row'] for t in table if t['kind'] == 'read' and t['ratio'] is not None
                  and t['ratio'] > 0.5]
    lines += ['', 'Access-count rows where ours is above the base driver: %s' %
              (', '.join(worse) if worse else 'none'),
              'Read rows above 0.5x of the base driver: %s' %
              (', '.join(slow_reads) if slow_reads else 'none')]
    md = '\n'.join(lines) + '\n'
    print(md, end='')
    with open(os.path.join(d, 'bench.md'), 'w') as f:
        f.write(md)
    with open(os.path.join(d, 'bench.json'), 'w') as f:
        json.dump({'rows': table, 'behaviour': behaviour,
                   'notes': {'%s-w%d' % k: (v or {}).get('notes', []) for k, v in runs.items()}},
                  f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
