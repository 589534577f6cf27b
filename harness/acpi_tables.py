#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ACPI tables for a platform file: an MPAM table and a PPTT with caches.

QEMU 7.2 refuses -acpitable on aarch64, so the tables reach the kernel
through its initrd table upgrade: an uncompressed newc archive holding
kernel/firmware/acpi/<name>.aml, in front of the initramfs.  QEMU's own PPTT
(revision 2) has no caches; ours replaces it (same OEM ID and table ID,
higher OEM revision) and describes the platform's caches with the ids the
device tree gives them, so both boot paths see the same components.

  acpi_tables.py cpio PLATFORM OUT.cpio GEN_INIT_CPIO
  acpi_tables.py aml PLATFORM DIR          (writes mpam.aml, pptt.aml, srat.aml)

A platform may break the MPAM table on purpose, to test the parser:
  acpi_fault truncated|short_node|res_past_end|deps_past_end|pcc|
             unknown_locator|duplicate_id|overlap|revision0
"""

import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mpam_platform  # noqa: E402

FAULTS = mpam_platform.ACPI_FAULTS


def header(sig, length, revision, oem_id, table_id, oem_rev):
    return struct.pack('<4sIBB6s8sI4sI', sig, length, revision, 0, oem_id,
                       table_id, oem_rev, b'MPAM', 1)


def finish(table):
    """Set the checksum byte so that all bytes sum to zero."""
    table = bytearray(table)
    table[9] = (-sum(table)) & 0xff
    return bytes(table)


# --- MPAM --------------------------------------------------------------------

def resource_node(ident, ris_idx, loc_type, desc1, desc2=0, deps=0):
    node = struct.pack('<IBHBQII', ident, ris_idx, 0, loc_type, desc1, desc2, deps)
    return node + b'\0' * (8 * deps)


# PPTT processor container UIDs of the L3 clusters, by position.
CONTAINER_UID_BASE = 0x100


def l3_caches(plat):
    return [c for c in plat.caches.values() if c.level == 3]


def linked_container(m, plat):
    """The MSC's linked device: the processor container of its cpus=."""
    if m.cpus is None:
        return 0, 0
    for i, c in enumerate(l3_caches(plat)):
        if sorted(c.cpus) == sorted(m.cpus):
            return int.from_bytes(b'ACPI0010', 'little'), CONTAINER_UID_BASE + i
    raise mpam_platform.PlatformError(
        f'{plat.where(m.lineno)}: msc {m.name}: ACPI can only express cpus= as the CPUs of one L3 '
        '(a processor container)')


def msc_node(m, ident, plat, fault):
    res = b''
    for r in m.ris:
        if r.target_kind == 'cache':
            loc, d1 = 0, plat.caches[r.target].pptt_id
        elif r.target_kind == 'memory':
            loc, d1 = 1, int(r.target)
        else:
            loc, d1 = 4, int(r.target)
        if fault == 'unknown_locator':
            loc = 0x7f
        res += resource_node(r.idx, r.idx, loc, d1)
    nr_res = len(m.ris)
    if fault == 'res_past_end':
        nr_res += 3
    if fault == 'deps_past_end':
        res = res[:-4] + struct.pack('<I', 40)
    iface = 0x0a if fault == 'pcc' else (0x0a if m.interface == 'pcc' else 0)
    size = 0 if m.disabled else m.size

    def gsi(num, ppi=False):
        # GSIVs: PPIs from 16, SPIs from 32.
        return 0 if num is None else num + (16 if ppi else 32)
    length = 72 + len(res)
    if fault == 'short_node':
        length = 40
    linked_hid, linked_uid = linked_container(m, plat)
    fixed = struct.pack('<HBBIQIIIIIIIIIIQII', length, iface, 0, ident, m.base,
                        size, gsi(m.overflow_irq, m.overflow_irq_ppi), 0, 0, 0,
                        gsi(m.error_irq, m.error_irq_ppi), 0,
                        0, 0, m.nrdy_us, linked_hid, linked_uid, nr_res)
    assert len(fixed) == 72
    return fixed + res


def mpam_table(plat):
    fault = plat.acpi_fault
    body = b''
    for i, m in enumerate(plat.mscs):
        node_fault = fault if i == len(plat.mscs) - 1 else None
        ident = i
        if fault == 'duplicate_id' and i == len(plat.mscs) - 1:
            ident = 0
        if fault == 'overlap' and i == len(plat.mscs) - 1:
            m.base = plat.mscs[0].base + 0x1000
        body += msc_node(m, ident, plat, node_fault)
    if fault == 'truncated':
        body = body[:-30]
    revision = 0 if fault == 'revision0' else 1
    table = header(b'MPAM', 36 + len(body), revision, b'MPAMSM', b'MPAMSIM ', 1) + body
    return finish(table)


# --- PPTT --------------------------------------------------------------------

CACHE_FLAGS = 0xff          # size, sets, assoc, alloc, type, policy, line, id valid
ATTR_DATA, ATTR_INSTR, ATTR_UNIFIED = 0x3, 0x7, 0xb   # read/write allocate


class Pptt:
    """Lay out PPTT structures and resolve their offsets."""

    def __init__(self):
        self.items = []     # (key, builder)
        self.offsets = {}

    def add(self, key, length, build):
        self.items.append((key, length, build))

    def bytes(self):
        off = 36
        for key, length, _ in self.items:
            self.offsets[key] = off
            off += length
        return b''.join(build(self.offsets) for _, _, build in self.items)


def cache(size, ways, line, attr, cache_id, next_key=None):
    sets = max(1, size // (ways * line))

    def build(offs):
        nxt = offs[next_key] if next_key else 0
        return struct.pack('<BBHIIIIBBHI', 1, 28, 0, CACHE_FLAGS, nxt, size, sets,
                           ways, attr, line, cache_id)
    return 28, build


def processor(flags, parent_key, uid, private_keys):
    length = 20 + 4 * len(private_keys)

    def build(offs):
        parent = offs[parent_key] if parent_key else 0
        return struct.pack('<BBHIIII', 0, length, 0, flags, parent, uid,
                           len(private_keys)) + \
            b''.join(struct.pack('<I', offs[k]) for k in private_keys)
    return length, build


def pptt_table(plat):
    p = Pptt()
    l3s = l3_caches(plat)
    p.add('package', *processor(0x1, None, 0, []))
    for i, c in enumerate(l3s):
        p.add(('l3', c.name), *cache(c.size, c.ways, c.line, ATTR_UNIFIED, c.cache_id))
        # A processor container: ACPI processor ID valid, not a leaf.
        p.add(('cluster', c.name), *processor(0x2, 'package', CONTAINER_UID_BASE + i,
                                               [('l3', c.name)]))
    # A shared L2 is one cache node that the L1s of each of its CPUs point
    # to; cacheinfo finds it shared by its id.
    for c in plat.caches.values():
        if c.level != 2:
            continue
        l3 = mpam_platform.cache_of(plat, 3, c.cpus[0])
        p.add(('l2', c.name), *cache(c.size, c.ways, c.line, ATTR_UNIFIED, c.pptt_id,
                                     ('l3', l3.name) if l3 else None))
    for cpu in range(plat.cpus):
        l3 = next((c for c in l3s if cpu in c.cpus), None)
        parent = ('cluster', l3.name) if l3 else 'package'
        l2_next = ('l3', l3.name) if l3 else None
        base_id = 0x1000 + cpu * 4
        shared_l2 = mpam_platform.cache_of(plat, 2, cpu)
        l2_key = ('l2', shared_l2.name) if shared_l2 else ('l2', cpu)
        if not shared_l2:
            p.add(('l2', cpu), *cache(512 << 10, 8, 64, ATTR_UNIFIED, base_id + 2, l2_next))
        p.add(('l1d', cpu), *cache(64 << 10, 4, 64, ATTR_DATA, base_id, l2_key))
        p.add(('l1i', cpu), *cache(64 << 10, 4, 64, ATTR_INSTR, base_id + 1, l2_key))
        # ACPI processor ID valid, leaf; QEMU's MADT numbers the UIDs 0..n-1.
        p.add(('cpu', cpu), *processor(0x2 | 0x8, parent, cpu,
                                       [('l1d', cpu), ('l1i', cpu)]))
    body = p.bytes()
    # An override of QEMU's PPTT: same OEM and table ID, higher OEM revision.
    table = header(b'PPTT', 36 + len(body), 3, b'BOCHS ', b'BXPC    ', 2) + body
    return finish(table)


# --- SRAT --------------------------------------------------------------------

RAM_BASE = 0x40000000
# With UEFI, the firmware's variable flash (virt's second flash bank) shows up
# as memory outside QEMU's SRAT nodes, and the kernel then gives up on NUMA
# and fakes a single node.  Our SRAT puts it in node 0.
UEFI_FLASH = (0x04000000, 0x04000000)


def srat_table(plat):
    nodes = plat.nodes
    per_node = plat.memory // len(nodes)
    body = struct.pack('<IQ', 1, 0)
    ranges = [(RAM_BASE + i * per_node, per_node, n) for i, n in enumerate(nodes)]
    ranges.append((UEFI_FLASH[0], UEFI_FLASH[1], nodes[0]))
    for base, length, node in ranges:
        body += struct.pack('<BBIHQQIIQ', 1, 40, node, 0, base, length, 0, 1, 0)
    for cpu in range(plat.cpus):
        body += struct.pack('<BBIIII', 3, 18, plat.numa.get(cpu, 0), cpu, 1, 0)
    table = header(b'SRAT', 36 + len(body), 3, b'BOCHS ', b'BXPC    ', 2) + body
    return finish(table)


def tables(plat):
    """The tables a platform needs, by file name."""
    out = {'mpam.aml': mpam_table(plat), 'pptt.aml': pptt_table(plat)}
    if plat.numa:
        out['srat.aml'] = srat_table(plat)
    return out


def write_aml(plat, outdir):
    for name, data in tables(plat).items():
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(data)


def write_cpio(plat, out, gen_init_cpio):
    with tempfile.TemporaryDirectory() as tmp:
        write_aml(plat, tmp)
        lst = os.path.join(tmp, 'list')
        with open(lst, 'w', encoding='utf-8') as f:
            for d in ('kernel', 'kernel/firmware', 'kernel/firmware/acpi'):
                f.write(f'dir /{d} 0755 0 0\n')
            for name in tables(plat):
                f.write(f'file /kernel/firmware/acpi/{name} {tmp}/{name} 0644 0 0\n')
        with open(out, 'wb') as f:
            subprocess.run([gen_init_cpio, lst], stdout=f, check=True)


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ('cpio', 'aml'):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        plat = mpam_platform.parse(sys.argv[2])
        if sys.argv[1] == 'cpio':
            write_cpio(plat, sys.argv[3], sys.argv[4])
        else:
            write_aml(plat, sys.argv[3])
    except OSError as e:
        print(f'acpi_tables: {e}', file=sys.stderr)
        return 1
    except mpam_platform.PlatformError as e:
        # Each message already starts with FILE:LINE.
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
