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
# The scale platforms, each series' first the one the others are a ratio to.
SCALE = (('MSCs', ('bench-msc4', 'bench-msc16', 'bench-msc64', 'bench-msc256'),
          (4, 16, 64, 256)),
         ('PARTIDs', ('bench-partid64', 'bench-partid4096', 'bench-partid65536'),
          (64, 4096, 65536)))

# (key in the VM output, width or None for the 44-bit run, label, how)
HOW_READ = ('one read of a group\'s domain-0 mbm_total_bytes file, the cheapest of 20 '
            '(one the overflow worker ran during costs more)')


def parse(path):
    """{(row, mode): (reads, writes)} and [(row, mode, text)] of one run."""
    rows, beh, notes, splats, times, fail = {}, [], [], [], {}, []
    if not os.path.exists(path):
        return None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            m = re.match(r'^BENCH (\S+) (\S+) (\S+) (\S+)(?: \S+)?$', line)
            if m:
                rows[(m.group(1), m.group(2))] = (float(m.group(3)), float(m.group(4)))
                continue
            m = re.match(r'^TIME (\S+) (\S+) (\d+)$', line)
            if m:
                times[m.group(1)] = int(m.group(3))
                continue
            m = re.match(r'^BEHAVIOUR (\S+) (\S+) (.*)$', line)
            if m:
                beh.append((m.group(1), m.group(2), m.group(3)))
                continue
            if line.startswith('# '):
                notes.append(line[2:])
            if line.startswith('vm-test: FAIL: ') or line.startswith('BENCH-ERROR '):
                fail.append(line.split(': ', 2)[-1] if line.startswith('vm-test') else line)
            if re.search(r'WARNING:|BUG:|Oops|mpam.*(error|fail)', line, re.I) and \
               not line.startswith('BEHAVIOUR') and 'command line' not in line:
                splats.append(line.strip())
    return {'rows': rows, 'behaviour': beh, 'notes': notes, 'kernel': splats[:8],
            'times': times, 'fail': fail}


# Counter state: the bench-w44 L3 RIS (8 CSU, 80 MBWU monitors), PARTIDs x PMGs.
STATE_CSU, STATE_MBWU = 8, 80
STATE_LABELS = ((64, 4), (4096, 4), (4096, 64), (65536, 256))
OURS_MAX_IDX = 1 << 16     # MPAM_GLUE_MAX_RMID_IDX: ours exposes at most this


def read_sizes(path):
    """{name: bytes} from harness/bench/state-sizes.sh's output."""
    out = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                w = line.split()
                if len(w) == 3 and w[0] == 'SIZE':
                    out[w[1]] = int(w[2])
    return out


def bitmap_bytes(bits):
    return (bits + 63) // 64 * 8


def state_bytes(drv, sz, partids, pmgs):
    """(per L3 domain, shared by every domain) bytes of counter state, from
    each driver's allocations (see harness/bench/state-sizes.sh)."""
    c, m = STATE_CSU, STATE_MBWU
    if drv == 'ours':
        if not {'mon_state', 'glue_cntr', 'mbwu_mon_idx'} <= set(sz):
            return None
        # mpam_core.c mpam_ris_alloc_state(): one mpam_mon_state per
        # monitor of each type; mpam_glue.c mpam_glue_mon_add_cpu(): one
        # mpam_glue_cntr per assignable counter (every MBWU monitor).
        dom = (c + m) * sz['mon_state'] + m * sz['glue_cntr']
        # mpam_glue_setup_label_space(): at most 2^16 CLOSID/RMID indexes;
        # mpam_glue_setup_limbo(): one bit each; the counters' monitor
        # numbers; the class's monitor bitmaps.
        g = max(1, min(pmgs, OURS_MAX_IDX))
        idx = max(1, min(partids, OURS_MAX_IDX // g)) * g
        shared = bitmap_bytes(idx) + m * sz['mbwu_mon_idx'] + bitmap_bytes(c) + \
            bitmap_bytes(m)
        return dom, shared
    if not {'mbwu_state', 'rmid_idx_to_mon', 'assigned_counter'} <= set(sz):
        return None
    # mpam_devices.c: one msmon_mbwu_state per MBWU monitor of each RIS;
    # mpam_resctrl.c mpam_resctrl_monitor_init_abmc(): an int per
    # CLOSID/RMID index (every PARTID x PMG) and one per counter.
    dom = m * sz['mbwu_state']
    shared = partids * pmgs * sz['rmid_idx_to_mon'] + m * sz['assigned_counter']
    return dom, shared


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
        elif to and tb == 0:
            ratio = float('inf')     # the base driver makes no access at all
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

    for drv in ('ours', 'base'):
        for _, plats, _ in SCALE:
            for p in plats:
                runs[(drv, p)] = parse(os.path.join(d, '%s-%s.out' % (drv, p)))

    def growth(drv, plats, p, key):
        """(time of p, its ratio to the first of plats) or None."""
        r0, r = runs.get((drv, plats[0])), runs.get((drv, p))
        if not r0 or not r or key not in r['times'] or not r0['times'].get(key):
            return None
        return r['times'][key], r['times'][key] / r0['times'][key]

    for what, plats, sizes in SCALE:
        for key, label in (('enable', 'enable'), ('mount', 'mount')):
            for p, n in zip(plats, sizes):
                o, b = growth('ours', plats, p, key), growth('base', plats, p, key)
                table.append({'row': '%s time, %d %s' % (label, n, what), 'key': key,
                              'mode': p, 'width': 44, 'kind': 'scale', 'ours': o, 'base': b,
                              'ratio': o[1] / b[1] if o and b else None,
                              'how': ('VM wall clock (mpam_sim clock) as a ratio to %s of '
                                      'the same driver; ratio column: ours\' growth / '
                                      'the base driver\'s' % plats[0]) +
                              ('; enable: first to last register access before '
                               'the first mount' if key == 'enable' else
                               '; mount: the quickest of 5')})

    szs = {drv: read_sizes(os.path.join(d, 'sizes-%s.txt' % drv)) for drv in ('ours', 'base')}
    for part, label in ((0, 'per L3 domain'), (1, 'shared by all domains')):
        for partids, pmgs in STATE_LABELS:
            o = state_bytes('ours', szs['ours'], partids, pmgs)
            b = state_bytes('base', szs['base'], partids, pmgs)
            o = o and o[part]
            b = b and b[part]
            table.append({'row': 'counter state bytes, %s, %dx%d PARTIDxPMG' %
                          (label, partids, pmgs), 'key': 'state', 'mode': '%dx%d' % (partids, pmgs),
                          'width': 44, 'kind': 'bytes', 'ours': o, 'base': b,
                          'ratio': o / b if o is not None and b else None,
                          'how': 'computed from the allocations (report.py state_bytes()) with '
                          'sizeof() of the kernels built (state-sizes.sh); %d CSU and %d MBWU '
                          'monitors per L3; ours exposes at most 2^16 CLOSIDxRMID '
                          'indexes' % (STATE_CSU, STATE_MBWU)})

    behaviour = []
    for drv in ('ours', 'base'):
        for w in list(WIDTHS) + [p for _, plats, _ in SCALE for p in plats]:
            r = runs.get((drv, w))
            if r is None:
                behaviour.append({'driver': drv, 'width': w, 'row': 'run', 'mode': '-',
                                  'text': 'no output'})
                continue
            for row, mode, text in r['behaviour']:
                if row == 'per_domain_unassign' and w != 44:
                    continue
                if row == 'model_checks' and text.startswith('bad_context accesses 0, '
                                                             'MSC errors 0') and w != 44:
                    continue
                behaviour.append({'driver': drv, 'width': w, 'row': row, 'mode': mode,
                                  'text': text})
            for line in r['fail']:
                behaviour.append({'driver': drv, 'width': w, 'row': 'run failed', 'mode': '-',
                                  'text': line})
            for line in r['kernel']:
                behaviour.append({'driver': drv, 'width': w, 'row': 'kernel log', 'mode': '-',
                                  'text': line})

    def cell(t, v):
        if t['kind'] == 'bytes':
            return 'n/a' if v is None else '%d' % v
        if t['kind'] == 'scale':
            return 'n/a' if v is None else '%.2fx (%.1f ms)' % (v[1], v[0] / 1e6)
        return fmt(v)

    lines = ['| row | ours | base driver | ratio | how measured |', '|---|---|---|---|---|']
    for t in table:
        ratio = 'n/a' if t['ratio'] is None else '%.2fx' % t['ratio']
        if t['ratio'] == float('inf'):
            ratio = 'inf (base: 0)'

        lines.append('| %s | %s | %s | %s | %s |' % (t['row'], cell(t, t['ours']),
                                                   cell(t, t['base']), ratio, t['how']))
    lines += ['', '| behaviour | driver | platform | mode | what happened |', '|---|---|---|---|---|']
    for b in behaviour:
        plat = '%d-bit' % b['width'] if isinstance(b['width'], int) else b['width']
        lines.append('| %s | %s | %s | %s | %s |' % (b['row'], b['driver'], plat,
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
    for t in table:
        if t['ratio'] == float('inf'):
            t['ratio'] = None       # JSON has no infinity
            t['base_zero'] = True
    with open(os.path.join(d, 'bench.json'), 'w') as f:
        json.dump({'rows': table, 'behaviour': behaviour,
                   'notes': {'%s-%s' % k: (v or {}).get('notes', []) for k, v in runs.items()}},
                  f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
