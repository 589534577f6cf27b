#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Platform files: one simulated machine, described once, booted two ways.

A platform file is line oriented; '#' starts a comment.  Every key of every
directive is checked: an unknown key, a key given twice, a flag given a value
or a value key without one is an error, reported as FILE:LINE.  Directives:

  machine [cpus=N] [memory=SIZE] [numa=CPUS:NODE,CPUS:NODE...] [gic=2|3]
      CPU count (1..8, default 4), RAM (a whole number of MiB, default 1G),
      and the NUMA node of every CPU (default: one node).  Nodes are numbered
      0..N-1, every CPU is in exactly one, and the RAM splits evenly over
      them.  Once per file.
  requestor [partid_max=N] [pmg_max=N]
      The PARTID/PMG limits of the CPUs (MPAMIDR_EL1), supplied by mpam_sim
      (default 63 and 3).  Once per file.
  cache NAME level=2|3 cpus=LIST [size=SIZE] [ways=N] [line=N]
      A cache shared by the CPUs in LIST.  In the device tree its id is
      cacheinfo's: the smallest MPIDR of the CPUs sharing it.  The PPTT
      names caches by ids unique over all levels (the MPAM table refers to
      a cache by id alone): an L3 has the DT id; an L2 has 0x1002 + 4 times
      its smallest CPU.  A CPU is in at most one cache of each level; when
      level-2 caches are given, each L3 is shared by whole L2s.  A CPU in no
      level-2 cache gets a private 512 KiB L2 of its own, as without any.
  msc NAME base=ADDR [size=SIZE] [nrdy_us=N] [aidr=N] [iidr=N]
      [error_irq=SPI|ppi:N|none] [overflow_irq=SPI|ppi:N|none] [nrdy_reads=N] [no_esr]
      [interface=mmio|pcc] [disabled] [cpus=LIST] [fw_left] [count=N stride=SIZE]
      A memory system component.  Its frame (default size 16 KiB) starts on a
      4 KiB boundary inside QEMU virt's free window 0x0a004000-0x0fffffff and
      overlaps no other MSC's.  Interrupts default to SPIs 200+ in order;
      ppi:N is the GIC's PPI N (INTID 16+N), one of those QEMU virt leaves
      free (0-6, 8, 12, 15) and the MSC's own: the driver enables it on the
      CPUs that reach the MSC (cpus=).
      fw_left: every PARTID starts with restrictive controls, as firmware
      may leave them (mpam_sim's fw_left).
      cpus= restricts register access to those CPUs (default: all); ACPI
      can express it only as the CPUs of one L3 (a processor container).
      count=N (up to 1024) makes it N identical MSCs (NAME_0, NAME_1...)
      with frames stride= apart (default: size), for platforms of hundreds
      of MSCs: mpam_sim gets one parameter for the run, firmware N nodes.
      Such a run has no interrupts (error_irq and overflow_irq: none).
  acpi_fault KIND
      Break the generated ACPI MPAM table on purpose (see acpi_tables.py).
  ris IDX target=cache:NAME|memory:NODE|other:N [partid_max=N] [pmg_max=N]
      [cpbm=WD] [cmax=WD] [cmin] [cassoc=WD] [bwa=WD] [mbw_max] [mbw_min]
      [bwpbm=WD] [mbw_prop] [pri=WD] [dspri=WD] [pri_0_is_low]
      [intpartid_max=N] [csu=N] [mbwu=N] [width=31|44|63] [scale=N] [rwbw]
      One resource instance of the MSC defined just above; IDX is unique
      within its MSC.  memory:NODE names a node of numa= (node 0 without it).
      rwbw (HAS_RWBW) needs an msc aidr of MPAM v0.1 or v1.1+ (aidr=0x11).

LIST is the kernel's cpulist syntax: 0-3, 4,5 or 0-1,4.  In numa=, each
CPUS:NODE entry may itself be such a list: numa=0-1,4:0,2-3,5:1.

Sub-commands (run with -h): check, qemu-args, dts, sim-params, summary.
"""

import argparse
import re
import sys
from dataclasses import dataclass, field


class PlatformError(Exception):
    """A platform file that cannot describe a machine (one message a line)."""


# QEMU virt: MMIO left free between the devices it creates, GIC SPIs, CPUs
# with its default GICv2.
MSC_WINDOW = (0x0a004000, 0x0fffffff)
FRAME_ALIGN = 0x1000
NR_SPIS = 256
# PPIs QEMU virt leaves free: the timers take 10, 11, 13, 14, the PMU 7 and
# the GIC's maintenance interrupt 9.
FREE_PPIS = (0, 1, 2, 3, 4, 5, 6, 8, 12, 15)
MAX_CPUS = 8

ACPI_FAULTS = ('truncated', 'short_node', 'res_past_end', 'deps_past_end',
               'pcc', 'unknown_locator', 'duplicate_id', 'overlap',
               'revision0')


def parse_size(text):
    """A size in bytes: decimal with an optional K/M/G suffix, or hex (0x1000)."""
    if re.fullmatch(r'0[xX][0-9a-fA-F]+', text):
        return int(text, 16)
    m = re.fullmatch(r'(\d+)([KMG]?)', text)
    if not m:
        raise PlatformError(f"bad size '{text}' (a number with K, M or G, "
                            'or hex)')
    return int(m.group(1)) << {'': 0, 'K': 10, 'M': 20, 'G': 30}[m.group(2)]


def parse_int(text):
    """A non-negative number, decimal or 0x hex."""
    try:
        val = int(text, 0)
    except ValueError:
        raise PlatformError(f"bad number '{text}'") from None
    if val < 0:
        raise PlatformError(f"bad number '{text}' (must not be negative)")
    return val


def ranges(cpus):
    """Contiguous (first, last) runs of a set of CPUs, in order."""
    out = []
    for c in sorted(cpus):
        if out and c == out[-1][1] + 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def cpulist(cpus):
    """The kernel's cpulist form of a set of CPUs: 0-1,4."""
    return ','.join(str(lo) if lo == hi else f'{lo}-{hi}'
                    for lo, hi in ranges(cpus))


def parse_cpus(text):
    """A CPU list in the kernel's cpulist syntax: 0-3, 4,5, 0-1,4."""
    if '+' in text:
        raise PlatformError(f"bad CPU list '{text}': separate ranges with "
                            "',' (the kernel's cpulist: 0-1,4), not '+'")
    cpus = set()
    for part in text.split(','):
        m = re.fullmatch(r'(\d+)(?:-(\d+))?', part)
        if not m:
            raise PlatformError(f"bad CPU list '{text}' (write it as 0-3, "
                                '4,5 or 0-1,4)')
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) is not None else lo
        if hi < lo:
            raise PlatformError(f"bad CPU list '{text}': range {part} "
                                'runs backwards')
        for c in range(lo, hi + 1):
            if c in cpus:
                raise PlatformError(f"bad CPU list '{text}': CPU {c} twice")
            cpus.add(c)
    return sorted(cpus)


def parse_numa(text):
    """numa=CPUS:NODE,CPUS:NODE... into {cpu: node}; CPUS is a cpulist."""
    numa, pending = {}, []
    for token in text.split(','):
        cpus, sep, node = token.partition(':')
        pending.append(cpus)
        if not sep:
            continue
        node = parse_int(node)
        for c in parse_cpus(','.join(pending)):
            if c in numa:
                raise PlatformError(f'numa=: CPU {c} is in node {numa[c]} '
                                    f'and node {node}')
            numa[c] = node
        pending = []
    if pending:
        raise PlatformError(f"numa=: '{','.join(pending)}' has no node "
                            '(write CPUS:NODE,CPUS:NODE)')
    return numa


@dataclass
class Cache:
    name: str
    level: int
    cpus: list
    size: int = 2 << 20
    ways: int = 16
    line: int = 64
    lineno: int = field(default=0, compare=False)

    @property
    def cache_id(self):
        # cacheinfo's DT rule: the smallest CPU hwid.  QEMU virt numbers the
        # MPIDRs of its CPUs 0, 1, 2... in order.
        return min(self.cpus)

    @property
    def pptt_id(self):
        # PPTT cache ids are unique over every level: an L3 keeps the DT id,
        # an L2 takes the private-L2 slot of its first CPU (acpi_tables.py).
        return self.cache_id if self.level == 3 else 0x1002 + 4 * min(self.cpus)


@dataclass
class Ris:
    idx: int
    target_kind: str
    target: str
    props: dict = field(default_factory=dict)
    lineno: int = field(default=0, compare=False)

    def get(self, key, default=0):
        return self.props.get(key, default)


@dataclass
class Msc:
    name: str
    base: int
    size: int = 0x4000
    nrdy_us: int = 10
    aidr: int = 0x10
    iidr: int = 0
    error_irq: object = None
    overflow_irq: object = None
    error_irq_ppi: bool = False
    overflow_irq_ppi: bool = False
    nrdy_reads: int = 2
    has_esr: bool = True
    fw_left: bool = False
    interface: str = 'mmio'
    disabled: bool = False
    cpus: object = None
    count: int = 1
    stride: int = 0
    run_index: int = 0          # position in its count= run
    ris: list = field(default_factory=list)
    lineno: int = field(default=0, compare=False)


@dataclass
class Platform:
    cpus: int = 4
    gic: int = 2
    memory: int = 1 << 30
    numa: dict = field(default_factory=dict)  # cpu -> node
    partid_max: int = 63
    pmg_max: int = 3
    caches: dict = field(default_factory=dict)
    mscs: list = field(default_factory=list)
    acpi_fault: object = None
    path: str = field(default='', compare=False)
    lines: dict = field(default_factory=dict, compare=False)  # directive -> line

    @property
    def nodes(self):
        return sorted(set(self.numa.values())) if self.numa else [0]

    def node_cpus(self, node):
        if not self.numa:
            return list(range(self.cpus))
        return [c for c in range(self.cpus) if self.numa[c] == node]

    def where(self, lineno):
        """FILE:LINE (or FILE) for a message about this platform."""
        return f'{self.path}:{lineno}' if lineno else self.path


def aidr_has_rwbw(aidr):
    """MPAMF_MBWUMON_IDR.HAS_RWBW exists on FEAT_MPAMv0p1 or FEAT_MPAMv1p1."""
    major, minor = (aidr >> 4) & 0xf, aidr & 0xf
    return minor == 1 if major == 0 else (major, minor) >= (1, 1)


RIS_FLAGS = {'mbw_max', 'mbw_min', 'rwbw', 'cmin', 'mbw_prop', 'pri_0_is_low'}
RIS_VALUES = {'partid_max', 'pmg_max', 'cpbm', 'cmax', 'cassoc', 'bwa', 'bwpbm',
              'pri', 'dspri', 'intpartid_max', 'csu', 'mbwu', 'width', 'scale'}

# The keys of each directive: (keys that take a value, flags).
KEYS = {
    'machine': ({'cpus', 'memory', 'numa', 'gic'}, set()),
    'requestor': ({'partid_max', 'pmg_max'}, set()),
    'cache': ({'level', 'cpus', 'size', 'ways', 'line'}, set()),
    'msc': ({'base', 'size', 'nrdy_us', 'aidr', 'iidr', 'error_irq',
             'overflow_irq', 'nrdy_reads', 'interface', 'cpus', 'count',
             'stride'},
            {'no_esr', 'disabled', 'fw_left'}),
    'ris': (RIS_VALUES | {'target'}, RIS_FLAGS),
}

PARTID_MAX, PMG_MAX = 0xffff, 0xff     # MPAM's 16-bit PARTID, 8-bit PMG


def keyvals(kind, words):
    """KEY=VALUE and FLAG words of a directive, checked against KEYS."""
    values, flags = KEYS[kind]
    out = {}
    for w in words:
        k, sep, v = w.partition('=')
        if k not in values and k not in flags:
            known = ', '.join(sorted(values | flags))
            raise PlatformError(f"unknown key '{k}' on {kind} line "
                                f'(known: {known})')
        if k in out:
            raise PlatformError(f"key '{k}' given twice on {kind} line")
        if k in flags and sep:
            raise PlatformError(f"key '{k}' on {kind} line is a flag and "
                                'takes no value')
        if k in values and not v:
            raise PlatformError(f"key '{k}' on {kind} line needs a value "
                                f'({k}=...)')
        out[k] = v if k in values else True
    return out


def limit(kv, key, maximum, what):
    val = parse_int(kv[key])
    if val > maximum:
        raise PlatformError(f'{key}={kv[key]} is more than {what} '
                            f'({maximum})')
    return val


def parse(path):
    plat = Platform(path=path)
    state = {'next_irq': 200, 'skip_ris': False}
    with open(path, encoding='utf-8') as f:
        lines = f.readlines()
    errors = []
    for lineno, raw in enumerate(lines, 1):
        words = raw.split('#', 1)[0].split()
        if not words:
            continue
        try:
            parse_line(plat, words, lineno, state)
        except PlatformError as e:
            errors.append(f'{path}:{lineno}: {e}')
            if words[0] == 'msc':
                # Its ris lines would only repeat the error.
                state['skip_ris'] = True
    if errors:
        raise PlatformError('\n'.join(errors))
    expand_runs(plat)
    errors = validate(plat)
    if errors:
        raise PlatformError('\n'.join(errors))
    return plat


MAX_RUN = 1024     # mpam_sim's largest count=


def expand_runs(plat):
    """Each msc line with count=N becomes N MSCs, stride apart, sharing the
    RIS of the line: firmware describes every one; mpam_sim is given the
    run (sim_params)."""
    out = []
    for m in plat.mscs:
        out.append(m)
        if m.count == 1:
            continue
        first = m.name
        m.name = f'{first}_0'
        for i in range(1, m.count):
            c = Msc(f'{first}_{i}', m.base + i * m.stride, size=m.size,
                    nrdy_us=m.nrdy_us, aidr=m.aidr, iidr=m.iidr,
                    nrdy_reads=m.nrdy_reads, has_esr=m.has_esr,
                    fw_left=m.fw_left, interface=m.interface,
                    disabled=m.disabled, cpus=m.cpus, count=m.count,
                    stride=m.stride, run_index=i, ris=m.ris, lineno=m.lineno)
            out.append(c)
    plat.mscs = out


def once(plat, kind, lineno):
    if kind in plat.lines:
        raise PlatformError(f'a second {kind} line (the first is line '
                            f'{plat.lines[kind]})')
    plat.lines[kind] = lineno


def parse_line(plat, words, lineno, state):
    kind, args = words[0], words[1:]
    if kind != 'ris':
        state['skip_ris'] = False
    if kind == 'machine':
        once(plat, kind, lineno)
        kv = keyvals(kind, args)
        if 'cpus' in kv:
            plat.cpus = parse_int(kv['cpus'])
            if not 1 <= plat.cpus <= MAX_CPUS:
                raise PlatformError(f'cpus={kv["cpus"]}: QEMU virt takes '
                                    f'1..{MAX_CPUS} CPUs')
        if 'memory' in kv:
            plat.memory = parse_size(kv['memory'])
            if not plat.memory or plat.memory % (1 << 20):
                raise PlatformError(f'memory={kv["memory"]} is not a whole '
                                    'number of MiB')
        if 'numa' in kv:
            plat.numa = parse_numa(kv['numa'])
        if 'gic' in kv:
            if kv['gic'] not in ('2', '3'):
                raise PlatformError(f'gic={kv["gic"]}: QEMU virt has GIC '
                                    'versions 2 and 3')
            plat.gic = int(kv['gic'])
    elif kind == 'requestor':
        once(plat, kind, lineno)
        kv = keyvals(kind, args)
        if 'partid_max' in kv:
            plat.partid_max = limit(kv, 'partid_max', PARTID_MAX, "MPAM's PARTIDs")
        if 'pmg_max' in kv:
            plat.pmg_max = limit(kv, 'pmg_max', PMG_MAX, "MPAM's PMGs")
    elif kind == 'acpi_fault':
        once(plat, kind, lineno)
        if len(args) != 1 or args[0] not in ACPI_FAULTS:
            raise PlatformError('acpi_fault needs one kind, one of: '
                                + ', '.join(ACPI_FAULTS))
        plat.acpi_fault = args[0]
    elif kind == 'cache':
        if not args or '=' in args[0]:
            raise PlatformError('cache needs a name first (cache NAME level=...)')
        name = args[0]
        if name in plat.caches:
            raise PlatformError(f'a second cache {name} (the first is line '
                                f'{plat.caches[name].lineno})')
        kv = keyvals(kind, args[1:])
        for key in ('level', 'cpus'):
            if key not in kv:
                raise PlatformError(f'cache {name}: {key}= is required')
        c = Cache(name, parse_int(kv['level']), parse_cpus(kv['cpus']),
                  lineno=lineno)
        if c.level not in (2, 3):
            raise PlatformError(f'cache {name}: level must be 2 or 3')
        if 'size' in kv:
            c.size = parse_size(kv['size'])
        if 'ways' in kv:
            c.ways = parse_int(kv['ways'])
        if 'line' in kv:
            c.line = parse_int(kv['line'])
        if not c.ways or not c.line or not c.size or c.size % (c.ways * c.line):
            raise PlatformError(f'cache {name}: size must be a non-zero '
                                'multiple of ways * line')
        plat.caches[name] = c
    elif kind == 'msc':
        if not args or '=' in args[0]:
            raise PlatformError('msc needs a name first (msc NAME base=...)')
        name = args[0]
        for other in plat.mscs:
            if other.name == name:
                raise PlatformError(f'a second msc {name} (the first is line '
                                    f'{other.lineno})')
        kv = keyvals(kind, args[1:])
        if 'base' not in kv:
            raise PlatformError(f'msc {name}: base= is required')
        m = Msc(name, parse_int(kv['base']), lineno=lineno)
        m.size = parse_size(kv['size']) if 'size' in kv else m.size
        if not m.size:
            raise PlatformError(f'msc {name}: size must not be 0')
        for key in ('nrdy_us', 'aidr', 'iidr', 'nrdy_reads'):
            if key in kv:
                setattr(m, key, parse_int(kv[key]))
        m.has_esr = 'no_esr' not in kv
        m.fw_left = 'fw_left' in kv
        m.interface = kv.get('interface', 'mmio')
        if m.interface not in ('mmio', 'pcc'):
            raise PlatformError(f'msc {name}: interface must be mmio or pcc')
        m.disabled = 'disabled' in kv
        if 'cpus' in kv:
            m.cpus = parse_cpus(kv['cpus'])
        if 'count' in kv:
            m.count = parse_int(kv['count'])
            if not 1 <= m.count <= MAX_RUN:
                raise PlatformError(f'msc {name}: count={kv["count"]}: 1..'
                                    f'{MAX_RUN} MSCs')
        if 'stride' in kv:
            if m.count == 1:
                raise PlatformError(f'msc {name}: stride= needs count=')
            m.stride = parse_size(kv['stride'])
        elif m.count > 1:
            m.stride = m.size
        if m.count > 1 and m.stride < m.size:
            raise PlatformError(f'msc {name}: stride {m.stride:#x} is less '
                                f'than the frame size {m.size:#x}')
        if m.count > 1 and m.stride % FRAME_ALIGN:
            raise PlatformError(f'msc {name}: stride {m.stride:#x} is not a '
                                'multiple of 4 KiB')
        if m.count > 1 and m.interface != 'mmio':
            raise PlatformError(f'msc {name}: count= needs interface=mmio')
        for key in ('error_irq', 'overflow_irq'):
            val = kv.get(key)
            if m.count > 1 and val not in (None, 'none'):
                raise PlatformError(f'msc {name}: a count= run has no '
                                    f'interrupts ({key}=none)')
            if m.count > 1 or val == 'none':
                setattr(m, key, None)
            elif val is not None and val.startswith('ppi:'):
                ppi = parse_int(val[4:])
                if ppi not in FREE_PPIS:
                    raise PlatformError(f'msc {name}: {key}={val}: the free '
                                        f'PPIs of QEMU virt are '
                                        f'{", ".join(map(str, FREE_PPIS))}')
                for other in plat.mscs + [m]:
                    for k in ('error_irq', 'overflow_irq'):
                        if (other is not m or k != key) and \
                                getattr(other, k + '_ppi') and \
                                getattr(other, k) == ppi:
                            raise PlatformError(f'msc {name}: {key}={val}: '
                                                f'PPI {ppi} is already '
                                                f'{other.name}\'s {k}')
                setattr(m, key, ppi)
                setattr(m, key + '_ppi', True)
            elif val is not None:
                spi = parse_int(val)
                if spi >= NR_SPIS:
                    raise PlatformError(f'msc {name}: {key}={val}: QEMU virt '
                                        f'has SPIs 0..{NR_SPIS - 1}')
                setattr(m, key, spi)
            else:
                setattr(m, key, state['next_irq'])
                state['next_irq'] += 1
        plat.mscs.append(m)
    elif kind == 'ris':
        if state['skip_ris']:
            return
        if not plat.mscs:
            raise PlatformError('ris before any msc')
        if not args or '=' in args[0]:
            raise PlatformError('ris needs an index first (ris IDX target=...)')
        m = plat.mscs[-1]
        idx = parse_int(args[0])
        for other in m.ris:
            if other.idx == idx:
                raise PlatformError(f'msc {m.name}: ris {idx} twice (the '
                                    f'first is line {other.lineno})')
        kv = keyvals(kind, args[1:])
        target = kv.get('target', '')
        tkind, _, tval = target.partition(':')
        if tkind not in ('cache', 'memory', 'other') or not tval:
            raise PlatformError(f"ris target '{target}' is not cache:NAME, "
                                'memory:NODE or other:N')
        if tkind in ('memory', 'other'):
            tval = str(parse_int(tval))
        props = {}
        for k, v in kv.items():
            if k == 'target':
                continue
            if k in RIS_FLAGS:
                props[k] = True
            else:
                props[k] = parse_int(v)
        if props.get('partid_max', 0) > PARTID_MAX:
            raise PlatformError(f"partid_max={kv['partid_max']} is more than "
                                f"MPAM's PARTIDs ({PARTID_MAX})")
        if props.get('pmg_max', 0) > PMG_MAX:
            raise PlatformError(f"pmg_max={kv['pmg_max']} is more than "
                                f"MPAM's PMGs ({PMG_MAX})")
        if props.get('width', 31) not in (31, 44, 63):
            raise PlatformError('width must be 31, 44 or 63')
        if props.get('rwbw') and not aidr_has_rwbw(m.aidr):
            raise PlatformError(f'rwbw: MPAM has HAS_RWBW only on v0.1 or '
                                f'v1.1 and later, and msc {m.name} (line '
                                f'{m.lineno}) has aidr={m.aidr:#x}')
        m.ris.append(Ris(idx, tkind, tval, props, lineno=lineno))
    else:
        raise PlatformError(f"unknown directive '{kind}' (known: acpi_fault, "
                            'cache, machine, msc, requestor, ris)')


def validate(plat):
    """Whole-file checks; a list of FILE:LINE: messages."""
    errors = []

    def err(lineno, msg):
        errors.append(f'{plat.where(lineno)}: {msg}')

    all_cpus = set(range(plat.cpus))
    mline = plat.lines.get('machine', 0)
    if plat.numa:
        placed = set(plat.numa)
        if placed - all_cpus:
            err(mline, f'numa= places CPUs {cpulist(placed - all_cpus)}, but '
                f'the machine has CPUs {cpulist(all_cpus)}')
        if all_cpus - placed:
            err(mline, f'numa= does not place CPUs {cpulist(all_cpus - placed)} '
                '(every CPU needs a node)')
        nodes = plat.nodes
        if nodes != list(range(len(nodes))):
            missing = sorted(set(range(max(nodes) + 1)) - set(nodes))
            err(mline, f'numa= nodes must be numbered 0..{len(nodes) - 1} '
                f'(no CPU in node {", ".join(map(str, missing))})')
        if (plat.memory >> 20) % len(nodes):
            err(mline, f'memory ({plat.memory >> 20} MiB) does not split '
                f'evenly over {len(nodes)} NUMA nodes')

    by_level = {2: [], 3: []}
    for c in plat.caches.values():
        by_level[c.level].append(c)
        if set(c.cpus) - all_cpus:
            err(c.lineno, f'cache {c.name}: cpus= names CPUs '
                f'{cpulist(set(c.cpus) - all_cpus)}; the machine has CPUs '
                f'{cpulist(all_cpus)}')
    for level, caches in by_level.items():
        owner = {}
        for c in caches:
            for cpu in c.cpus:
                if cpu in owner:
                    err(c.lineno, f'cache {c.name}: CPU {cpu} is already in '
                        f'level-{level} cache {owner[cpu].name} (line '
                        f'{owner[cpu].lineno})')
                else:
                    owner[cpu] = c
    if by_level[2]:
        for l3 in by_level[3]:
            cover = set()
            for l2 in by_level[2]:
                if set(l2.cpus) & set(l3.cpus):
                    cover |= set(l2.cpus)
            if cover != set(l3.cpus):
                reach = (f'those it shares reach CPUs {cpulist(cover)}'
                         if cover else 'no level-2 cache has any of them')
                err(l3.lineno, f'cache {l3.name}: its CPUs {cpulist(l3.cpus)} '
                    f'are not a union of whole level-2 caches ({reach})')

    for m in plat.mscs:
        if not m.ris:
            err(m.lineno, f'msc {m.name} has no ris')
        if m.cpus is not None and set(m.cpus) - all_cpus:
            err(m.lineno, f'msc {m.name}: cpus= names CPUs '
                f'{cpulist(set(m.cpus) - all_cpus)}; the machine has CPUs '
                f'{cpulist(all_cpus)}')
        if m.base % FRAME_ALIGN:
            err(m.lineno, f'msc {m.name}: base {m.base:#x} is not aligned to '
                f'4 KiB')
        if m.base < MSC_WINDOW[0] or m.base + m.size - 1 > MSC_WINDOW[1]:
            err(m.lineno, f'msc {m.name}: frame {m.base:#x}-'
                f'{m.base + m.size - 1:#x} is outside the free window of '
                f'QEMU virt {MSC_WINDOW[0]:#010x}-{MSC_WINDOW[1]:#010x}')
        for other in plat.mscs:
            if other is m:
                break
            if m.base < other.base + other.size and other.base < m.base + m.size:
                err(m.lineno, f'msc {m.name}: frame {m.base:#x}-'
                    f'{m.base + m.size - 1:#x} overlaps msc {other.name} '
                    f'({other.base:#x}-{other.base + other.size - 1:#x}, '
                    f'line {other.lineno})')
        for r in m.ris:
            what = f'msc {m.name} ris {r.idx}'
            if r.target_kind == 'cache':
                c = plat.caches.get(r.target)
                if c is None:
                    err(r.lineno, f"{what}: no cache '{r.target}' (caches: "
                        f'{", ".join(plat.caches) or "none"})')
            if r.target_kind == 'memory':
                node = int(r.target)
                if node not in plat.nodes:
                    err(r.lineno, f'{what}: no NUMA node {node} with CPUs '
                        f'(nodes: {", ".join(map(str, plat.nodes))})')
    return errors


# --- QEMU -------------------------------------------------------------------

def qemu_args(plat):
    args = ['-smp', str(plat.cpus)]
    if plat.gic != 2:
        args += ['-machine', f'gic-version={plat.gic}']
    mem_mb = plat.memory >> 20
    if not plat.numa:
        return args + ['-m', f'{mem_mb}M']
    args += ['-m', f'{mem_mb}M']
    nodes = plat.nodes
    per_node = mem_mb // len(nodes)
    for n in nodes:
        cpus = plat.node_cpus(n)
        # One cpus= per contiguous run: node,...,cpus=0-1,cpus=4
        runs = ','.join(f'cpus={lo}-{hi}' for lo, hi in ranges(cpus))
        args += ['-object', f'memory-backend-ram,id=mem{n},size={per_node}M',
                 '-numa', f'node,nodeid={n},memdev=mem{n},{runs}']
    return args


# --- Device tree --------------------------------------------------------------

def dt_label(name):
    return 'mpam_' + re.sub(r'[^a-z0-9_]', '_', name.lower())


def cache_of(plat, level, cpu):
    """The cache of LEVEL the platform file gives CPU, or None."""
    return next((c for c in plat.caches.values()
                 if c.level == level and cpu in c.cpus), None)


def dts_additions(plat):
    """DTS text appended to QEMU's own DTS: caches, then the MSC nodes."""
    out = ['', '/* Added from the platform file by harness/mpam_platform.py */', '/ {',
           '\tcpus {']
    for cpu in range(plat.cpus):
        l2 = cache_of(plat, 2, cpu)
        label = dt_label(l2.name) if l2 else f'mpam_l2_{cpu}'
        out.append(f'\t\tmpam_cpu_{cpu}: cpu@{cpu:x} '
                   f'{{ next-level-cache = <&{label}>; }};')
    for c in plat.caches.values():
        if c.level != 2:
            continue
        l3 = cache_of(plat, 3, c.cpus[0])
        out += [f'\t\t{dt_label(c.name)}: l2-cache-{c.name} {{',
                '\t\t\tcompatible = "cache";',
                '\t\t\tcache-level = <2>;',
                '\t\t\tcache-unified;',
                f'\t\t\tcache-size = <{c.size:#x}>;',
                f'\t\t\tcache-line-size = <{c.line}>;',
                f'\t\t\tcache-sets = <{c.size // (c.line * c.ways)}>;']
        if l3:
            out.append(f'\t\t\tnext-level-cache = <&{dt_label(l3.name)}>;')
        out.append('\t\t};')
    for cpu in range(plat.cpus):
        if cache_of(plat, 2, cpu):
            continue
        l3 = [c for c in plat.caches.values() if c.level == 3 and cpu in c.cpus]
        nxt = f'\t\t\tnext-level-cache = <&{dt_label(l3[0].name)}>;' if l3 else ''
        out += [f'\t\tmpam_l2_{cpu}: l2-cache-{cpu} {{',
                '\t\t\tcompatible = "cache";',
                '\t\t\tcache-level = <2>;',
                '\t\t\tcache-unified;',
                '\t\t\tcache-size = <0x80000>;',
                '\t\t\tcache-line-size = <64>;',
                '\t\t\tcache-sets = <512>;']
        if nxt:
            out.append(nxt)
        out.append('\t\t};')
    for c in plat.caches.values():
        if c.level != 3:
            continue
        out += [f'\t\t{dt_label(c.name)}: l3-cache-{c.name} {{',
                '\t\t\tcompatible = "cache";',
                '\t\t\tcache-level = <3>;',
                '\t\t\tcache-unified;',
                f'\t\t\tcache-size = <{c.size:#x}>;',
                f'\t\t\tcache-line-size = <{c.line}>;',
                f'\t\t\tcache-sets = <{c.size // (c.line * c.ways)}>;',
                '\t\t};']
    out.append('\t};')
    for m in plat.mscs:
        if m.interface != 'mmio':
            continue
        out.append(f'\tmsc@{m.base:x} {{')
        out.append('\t\tcompatible = "arm,mpam-msc";')
        out.append(f'\t\treg = <0x0 {m.base:#x} 0x0 {m.size:#x}>;')
        irqs, names = [], []
        # GICv2: a PPI names the CPUs it is wired to in bits 15:8.
        ppi_cpus = m.cpus if m.cpus is not None else range(plat.cpus)
        ppi_flags = sum(1 << (8 + c) for c in ppi_cpus if c < 8) | 4
        if plat.gic != 2:
            ppi_flags = 4
        for name in ('error', 'overflow'):
            num = getattr(m, name + '_irq')
            if num is None:
                continue
            if getattr(m, name + '_irq_ppi'):
                irqs.append(f'<1 {num} {ppi_flags:#x}>')  # GIC_PPI, level high
            else:
                irqs.append(f'<0 {num} 4>')  # GIC_SPI, level high
            names.append(f'"{name}"')
        if irqs:
            out.append(f'\t\tinterrupts = {", ".join(irqs)};')
            out.append(f'\t\tinterrupt-names = {", ".join(names)};')
        out.append(f'\t\tarm,not-ready-us = <{m.nrdy_us}>;')
        if m.cpus is not None:
            refs = ' '.join(f'&mpam_cpu_{c}' for c in m.cpus)
            out.append(f'\t\tcpus = <{refs}>;')
        if m.disabled:
            out.append('\t\tstatus = "disabled";')
        out += ['\t\t#address-cells = <1>;', '\t\t#size-cells = <0>;']
        for r in m.ris:
            out.append(f'\t\tris@{r.idx:x} {{')
            out.append(f'\t\t\treg = <{r.idx}>;')
            if r.target_kind == 'cache':
                out.append('\t\t\tcompatible = "arm,mpam-cache";')
                out.append(f'\t\t\tarm,mpam-device = <&{dt_label(r.target)}>;')
            elif r.target_kind == 'memory':
                out.append('\t\t\tcompatible = "arm,mpam-memory";')
                out.append(f'\t\t\tnuma-node-id = <{int(r.target)}>;')
            else:
                out.append('\t\t\tcompatible = "arm,mpam-interconnect";')
            out.append('\t\t};')
        out.append('\t};')
    out.append('};')
    return '\n'.join(out) + '\n'


# --- mpam_sim parameters ----------------------------------------------------

SIM_KEYS = [('partid_max', 'partid'), ('pmg_max', 'pmg'), ('cpbm', 'cpbm'),
            ('cmax', 'cmax'), ('cassoc', 'cassoc'), ('bwa', 'bwa'),
            ('bwpbm', 'bwpbm'), ('pri', 'pri'), ('dspri', 'dspri'),
            ('intpartid_max', 'intpartid'), ('csu', 'csu'), ('mbwu', 'mbwu'),
            ('width', 'width'), ('scale', 'scale')]


def traffic_cpus(plat, ris):
    """The CPUs whose traffic mpam_sim's background model sends through a RIS:
    the CPUs sharing a cache, or the CPUs local to a memory node."""
    if ris.target_kind == 'cache':
        return plat.caches[ris.target].cpus
    if ris.target_kind == 'memory':
        return plat.node_cpus(int(ris.target))
    return []


def sim_params(plat):
    """Kernel parameters that give mpam_sim the hardware properties."""
    params = [f'mpam_sim.requestor={plat.partid_max},{plat.pmg_max}']
    for m in plat.mscs:
        if m.run_index:
            continue
        # nrdy_us: what firmware tells the driver (ACPI, DT) binds the model.
        head = (f'{m.base:#x},aidr={m.aidr:#x},iidr={m.iidr:#x},'
                f'nrdy={m.nrdy_reads},nrdy_us={m.nrdy_us}' +
                ('' if m.has_esr else ',no_esr') +
                (',fw_left' if m.fw_left else ''))
        if m.count > 1:
            head += f',count={m.count},stride={m.stride:#x}'

        if m.cpus is not None:
            head += f',cpus={sum(1 << c for c in m.cpus):#x}'
        parts = [head]
        for r in sorted(m.ris, key=lambda r: r.idx):
            kv = [f'{short}={r.props[key]}' for key, short in SIM_KEYS
                  if key in r.props]
            kv += [flag for flag in sorted(RIS_FLAGS) if r.props.get(flag)]
            if r.target_kind == 'memory':
                kv.append('mem')
            if r.target_kind == 'cache':
                kv.append(f'csize={plat.caches[r.target].size}')
            src = traffic_cpus(plat, r)
            if src:
                kv.append(f'src={sum(1 << c for c in src):#x}')
            parts.append(f'ris{r.idx}:' + ','.join(kv))
        params.append('mpam_sim.msc=' + ';'.join(parts))
    return params


def summary(plat):
    lines = [f'{plat.cpus} CPUs, {plat.memory >> 20} MB, NUMA nodes {plat.nodes}']
    for c in plat.caches.values():
        lines.append(f'L{c.level} cache {c.name}: id {c.cache_id}, CPUs {c.cpus}')
    for m in plat.mscs:
        ris = ', '.join(f'{r.idx}->{r.target_kind}:{r.target}' for r in m.ris)
        lines.append(f'MSC {m.name} at {m.base:#x}: RIS {ris}')
    return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    ap.add_argument('command', choices=['check', 'qemu-args', 'dts',
                                        'sim-params', 'summary'])
    ap.add_argument('platform')
    a = ap.parse_args()
    try:
        plat = parse(a.platform)
    except OSError as e:
        print(f'platform: {e}', file=sys.stderr)
        return 1
    except PlatformError as e:
        # Each message already starts with FILE:LINE.
        print(e, file=sys.stderr)
        return 1
    if a.command == 'check':
        print(f'ok: {plat.cpus} CPUs, {len(plat.mscs)} MSCs')
    elif a.command == 'qemu-args':
        print(' '.join(qemu_args(plat)))
    elif a.command == 'dts':
        sys.stdout.write(dts_additions(plat))
    elif a.command == 'sim-params':
        print(' '.join(sim_params(plat)))
    elif a.command == 'summary':
        print(summary(plat))
    return 0


if __name__ == '__main__':
    sys.exit(main())
