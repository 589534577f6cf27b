#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Platform files: one simulated machine, described once, booted two ways.

A platform file is line oriented; '#' starts a comment.  Directives:

  machine cpus=N memory=SIZE [numa=CPUS:NODE,CPUS:NODE...]
      CPU count, RAM, and the NUMA node of each CPU range (default: one node).
  requestor partid_max=N pmg_max=N
      The PARTID/PMG limits of the CPUs (MPAMIDR_EL1), supplied by mpam_sim.
  cache NAME level=2|3 cpus=LIST [size=SIZE] [ways=N] [line=N]
      A cache shared by the CPUs in LIST.  Its id follows the kernel's rule
      for both DT and ACPI: the smallest MPIDR of the CPUs sharing it.
  msc NAME base=ADDR [size=SIZE] [nrdy_us=N] [aidr=N] [iidr=N]
      [error_irq=SPI|none] [overflow_irq=SPI|none] [nrdy_reads=N] [no_esr]
      [interface=mmio|pcc] [disabled] [cpus=LIST] [fw_left]
      A memory system component.  Interrupts default to SPIs 200+ in order.
      fw_left: every PARTID starts with restrictive controls, as firmware
      may leave them (mpam_sim's fw_left).
      cpus= restricts register access to those CPUs (default: all); ACPI
      can express it only as the CPUs of one L3 (a processor container).
  acpi_fault KIND
      Break the generated ACPI MPAM table on purpose (see acpi_tables.py).
  ris IDX target=cache:NAME|memory:NODE|other:N [partid_max=N] [pmg_max=N]
      [cpbm=WD] [cmax=WD] [cmin] [cassoc=WD] [bwa=WD] [mbw_max] [mbw_min]
      [bwpbm=WD] [mbw_prop] [pri=WD] [dspri=WD] [pri_0_is_low]
      [intpartid_max=N] [csu=N] [mbwu=N] [width=31|44|63] [scale=N] [rwbw]
      One resource instance of the MSC defined just above.

Sub-commands (run with -h): check, qemu-args, dts, sim-params, summary.
"""

import argparse
import re
import sys
from dataclasses import dataclass, field


class PlatformError(Exception):
    """A platform file that cannot describe a machine."""


def parse_size(text):
    """A size in bytes: decimal with an optional K/M/G suffix, or hex (0x1000)."""
    if re.fullmatch(r'0[xX][0-9a-fA-F]+', text):
        return int(text, 16)
    m = re.fullmatch(r'(\d+)([KMG]?)', text)
    if not m:
        raise PlatformError(f'bad size "{text}"')
    return int(m.group(1)) << {'': 0, 'K': 10, 'M': 20, 'G': 30}[m.group(2)]


def parse_int(text):
    try:
        return int(text, 0)
    except ValueError:
        raise PlatformError(f'bad number "{text}"') from None


def parse_cpus(text):
    cpus = set()
    for part in text.split('+'):
        if '-' in part:
            lo, hi = part.split('-', 1)
            cpus.update(range(parse_int(lo), parse_int(hi) + 1))
        else:
            cpus.add(parse_int(part))
    return sorted(cpus)


@dataclass
class Cache:
    name: str
    level: int
    cpus: list
    size: int = 2 << 20
    ways: int = 16
    line: int = 64

    @property
    def cache_id(self):
        # cacheinfo's DT rule, reused for the PPTT: the smallest CPU hwid.
        # QEMU virt numbers the MPIDRs of its CPUs 0, 1, 2... in order.
        return min(self.cpus)


@dataclass
class Ris:
    idx: int
    target_kind: str
    target: str
    props: dict = field(default_factory=dict)

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
    nrdy_reads: int = 2
    has_esr: bool = True
    fw_left: bool = False
    interface: str = 'mmio'
    disabled: bool = False
    cpus: object = None
    ris: list = field(default_factory=list)


@dataclass
class Platform:
    cpus: int = 4
    memory: int = 1 << 30
    numa: dict = field(default_factory=dict)  # cpu -> node
    partid_max: int = 63
    pmg_max: int = 3
    caches: dict = field(default_factory=dict)
    mscs: list = field(default_factory=list)
    acpi_fault: object = None

    @property
    def nodes(self):
        return sorted(set(self.numa.values())) if self.numa else [0]

    def node_cpus(self, node):
        if not self.numa:
            return list(range(self.cpus))
        return [c for c in range(self.cpus) if self.numa[c] == node]


RIS_FLAGS = {'mbw_max', 'mbw_min', 'rwbw', 'cmin', 'mbw_prop', 'pri_0_is_low'}
RIS_VALUES = {'partid_max', 'pmg_max', 'cpbm', 'cmax', 'cassoc', 'bwa', 'bwpbm',
              'pri', 'dspri', 'intpartid_max', 'csu', 'mbwu', 'width', 'scale'}


def keyvals(words, lineno):
    out = {}
    for w in words:
        k, sep, v = w.partition('=')
        out[k] = v if sep else True
    return out


def parse(path):
    plat = Platform()
    next_irq = 200
    with open(path, encoding='utf-8') as f:
        lines = f.readlines()
    for lineno, raw in enumerate(lines, 1):
        words = raw.split('#', 1)[0].split()
        if not words:
            continue
        try:
            next_irq = parse_line(plat, words, next_irq)
        except PlatformError as e:
            raise PlatformError(f'{path}:{lineno}: {e}') from None
    validate(plat, path)
    return plat


def parse_line(plat, words, next_irq):
    kind, args = words[0], words[1:]
    if kind == 'machine':
        kv = keyvals(args, 0)
        plat.cpus = parse_int(kv.get('cpus', '4'))
        plat.memory = parse_size(kv.get('memory', '1G'))
        if 'numa' in kv:
            for part in kv['numa'].split(','):
                cpus, node = part.split(':')
                for c in parse_cpus(cpus):
                    plat.numa[c] = parse_int(node)
    elif kind == 'requestor':
        kv = keyvals(args, 0)
        plat.partid_max = parse_int(kv.get('partid_max', '63'))
        plat.pmg_max = parse_int(kv.get('pmg_max', '3'))
    elif kind == 'acpi_fault':
        if len(args) != 1:
            raise PlatformError('acpi_fault needs one kind')
        plat.acpi_fault = args[0]
    elif kind == 'cache':
        if not args:
            raise PlatformError('cache needs a name')
        kv = keyvals(args[1:], 0)
        c = Cache(args[0], parse_int(kv.get('level', '3')),
                  parse_cpus(kv.get('cpus', '0')))
        if 'size' in kv:
            c.size = parse_size(kv['size'])
        if 'ways' in kv:
            c.ways = parse_int(kv['ways'])
        if 'line' in kv:
            c.line = parse_int(kv['line'])
        if c.level not in (2, 3):
            raise PlatformError(f'cache {c.name}: level must be 2 or 3')
        plat.caches[c.name] = c
    elif kind == 'msc':
        if not args:
            raise PlatformError('msc needs a name')
        kv = keyvals(args[1:], 0)
        if 'base' not in kv:
            raise PlatformError(f'msc {args[0]}: base= is required')
        m = Msc(args[0], parse_int(kv['base']))
        m.size = parse_size(kv['size']) if 'size' in kv else m.size
        for key in ('nrdy_us', 'aidr', 'iidr', 'nrdy_reads'):
            if key in kv:
                setattr(m, key, parse_int(kv[key]))
        m.has_esr = 'no_esr' not in kv
        m.fw_left = 'fw_left' in kv
        m.interface = kv.get('interface', 'mmio')
        m.disabled = 'disabled' in kv
        if 'cpus' in kv:
            m.cpus = parse_cpus(kv['cpus'])
        for key in ('error_irq', 'overflow_irq'):
            val = kv.get(key)
            if val == 'none':
                setattr(m, key, None)
            elif val is not None:
                setattr(m, key, parse_int(val))
            else:
                setattr(m, key, next_irq)
                next_irq += 1
        plat.mscs.append(m)
    elif kind == 'ris':
        if not plat.mscs:
            raise PlatformError('ris before any msc')
        if not args:
            raise PlatformError('ris needs an index')
        kv = keyvals(args[1:], 0)
        target = kv.get('target', '')
        tkind, _, tval = target.partition(':')
        if tkind not in ('cache', 'memory', 'other') or not tval:
            raise PlatformError(f'ris target "{target}" is not cache:NAME, '
                                'memory:NODE or other:N')
        props = {}
        for k, v in kv.items():
            if k == 'target':
                continue
            if k in RIS_FLAGS:
                props[k] = True
            elif k in RIS_VALUES:
                props[k] = parse_int(v)
            else:
                raise PlatformError(f'unknown ris property "{k}"')
        plat.mscs[-1].ris.append(Ris(parse_int(args[0]), tkind, tval, props))
    else:
        raise PlatformError(f'unknown directive "{kind}"')
    return next_irq


def validate(plat, path):
    if not 1 <= plat.cpus <= 8:
        raise PlatformError(f'{path}: cpus must be 1..8')
    if plat.numa and sorted(plat.numa) != list(range(plat.cpus)):
        raise PlatformError(f'{path}: numa= must place every CPU')
    for m in plat.mscs:
        if not m.ris:
            raise PlatformError(f'{path}: msc {m.name} has no ris')
        if m.cpus is not None and not set(m.cpus) <= set(range(plat.cpus)):
            raise PlatformError(f'{path}: msc {m.name}: cpus= names a CPU '
                                'the machine does not have')
        for r in m.ris:
            if r.target_kind == 'cache' and r.target not in plat.caches:
                raise PlatformError(f'{path}: msc {m.name} ris {r.idx}: '
                                    f'no cache "{r.target}"')
            if r.target_kind == 'memory' and int(r.target) not in plat.nodes:
                raise PlatformError(f'{path}: msc {m.name} ris {r.idx}: '
                                    f'no NUMA node {r.target}')
            if r.get('width', 31) not in (31, 44, 63):
                raise PlatformError(f'{path}: msc {m.name}: width must be '
                                    '31, 44 or 63')


# --- QEMU -------------------------------------------------------------------

def qemu_args(plat):
    args = ['-smp', str(plat.cpus)]
    mem_mb = plat.memory >> 20
    if not plat.numa:
        return args + ['-m', f'{mem_mb}M']
    args += ['-m', f'{mem_mb}M']
    nodes = plat.nodes
    per_node = mem_mb // len(nodes)
    for n in nodes:
        cpus = plat.node_cpus(n)
        args += ['-object', f'memory-backend-ram,id=mem{n},size={per_node}M',
                 '-numa', f'node,nodeid={n},memdev=mem{n},'
                 f'cpus={cpus[0]}-{cpus[-1]}']
    return args


# --- Device tree --------------------------------------------------------------

def dt_label(name):
    return 'mpam_' + re.sub(r'[^a-z0-9_]', '_', name.lower())


def dts_additions(plat):
    """DTS text appended to QEMU's own DTS: caches, then the MSC nodes."""
    out = ['', '/* Added from the platform file by harness/mpam_platform.py */', '/ {',
           '\tcpus {']
    for cpu in range(plat.cpus):
        out.append(f'\t\tmpam_cpu_{cpu}: cpu@{cpu:x} '
                   f'{{ next-level-cache = <&mpam_l2_{cpu}>; }};')
    for cpu in range(plat.cpus):
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
        for name, spi in (('error', m.error_irq), ('overflow', m.overflow_irq)):
            if spi is not None:
                irqs.append(f'<0 {spi} 4>')
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
        head = (f'{m.base:#x},aidr={m.aidr:#x},iidr={m.iidr:#x},'
                f'nrdy={m.nrdy_reads}' + ('' if m.has_esr else ',no_esr') +
                (',fw_left' if m.fw_left else ''))
        if m.cpus is not None:
            head += f',cpus={sum(1 << c for c in m.cpus):#x}'
        parts = [head]
        for r in sorted(m.ris, key=lambda r: r.idx):
            kv = [f'{short}={r.props[key]}' for key, short in SIM_KEYS
                  if key in r.props]
            kv += [flag for flag in sorted(RIS_FLAGS) if r.props.get(flag)]
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
    except (OSError, PlatformError) as e:
        print(f'platform: {e}', file=sys.stderr)
        return 1
    if a.command == 'qemu-args':
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
