import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MemoryRead, MemoryRegion } from '../../../shared/model';
import { MAX_MEMORY_READ, createAddressSpaceSource, describePointerIn, layOut, regionAt, regionAtOffset } from './addressSpaceSource';

const fixtures = resolve(import.meta.dirname, '../../../../shared/fixtures');
const expected = (archive: string, file: string) => readFileSync(resolve(fixtures, 'expected', archive, file), 'utf8');

/** The VMAs of python3 (pid 1) in crio-python-counter as crit decodes mm-1.img. */
function pythonRegions(): MemoryRegion[] {
  const mm = JSON.parse(expected('crio-python-counter', 'crit/mm-1.img.json')) as { entries: Array<{ vmas: Array<{ start: string; end: string; status: string }> }> };
  return mm.entries[0].vmas.map((v) => ({
    start: v.start,
    end: v.end,
    size: Number(BigInt(v.end) - BigInt(v.start)),
    prot: 'rw-p',
    shared: false,
    backing: v.status.includes('HEAP') ? '[heap]' : '[anon]',
    backingKind: v.status.includes('HEAP') ? 'heap' : 'anon',
    pgoff: 0,
    dumpedBytes: 0,
    flags: [],
  }));
}

/** Addresses checkpointctl found RANDOM_1432_KEY at in pid 1. */
function secretAddresses(): bigint[] {
  return [...expected('crio-python-counter', 'checkpointctl-memparse-search-RANDOM_1432_KEY-pid1.txt').matchAll(/\|\s*([0-9a-f]{16})\s*\|/g)].map((m) => BigInt(`0x${m[1]}`));
}

test('regions are laid end to end in address order, gaps omitted', () => {
  const regions = pythonRegions();
  const laid = layOut([...regions].reverse());
  assert.equal(laid.length, 84);
  let offset = 0;
  for (let i = 0; i < laid.length; i++) {
    assert.equal(laid[i].offset, offset);
    if (i > 0) assert.ok(laid[i].start >= laid[i - 1].end, 'sorted, not overlapping');
    offset += laid[i].size;
  }
  const total = regions.reduce((sum, r) => sum + r.size, 0);
  assert.equal(offset, total);
});

test('every address checkpointctl found maps to an offset and back, in the region that holds it', () => {
  const laid = layOut(pythonRegions());
  const source = createAddressSpaceSource(laid, async () => ({ pid: 1, address: '0x0', length: 0, chunks: [] }));
  const hits = secretAddresses();
  assert.equal(hits.length, 65);
  // The third hit is the one the screenshots open: in [heap].
  assert.equal(regionAt(laid, 0x22112830n)?.region.backingKind, 'heap');
  for (const address of hits) {
    const offset = source.offsetOf(address);
    assert.notEqual(offset, null, `0x${address.toString(16)} is mapped`);
    assert.equal(source.addressOf(offset!), address);
    const region = regionAt(laid, address)!;
    assert.ok(address >= region.start && address < region.end);
    assert.equal(regionAtOffset(laid, offset!), region);
  }
  // The gap between the first two non-adjacent regions is not part of the view.
  const gap = laid.findIndex((r, i) => i > 0 && r.start > laid[i - 1].end);
  assert.equal(source.offsetOf(laid[gap - 1].end), null);
  assert.equal(source.addressOf(laid[gap].offset), laid[gap].start);
});

test('reads are split at region boundaries and at the 1 MiB readMemory limit, chunks mapped back to offsets', async () => {
  const regions: MemoryRegion[] = [
    { start: '0x1000', end: '0x3000', size: 0x2000, prot: 'r--p', shared: false, backing: '/bin/x', backingKind: 'file', pgoff: 0, dumpedBytes: 0x1000, flags: [] },
    { start: '0x10000000', end: '0x10300000', size: 0x300000, prot: 'rw-p', shared: false, backing: '[heap]', backingKind: 'heap', pgoff: 0, dumpedBytes: 0, flags: [] },
  ];
  const calls: Array<[string, number]> = [];
  const read = async (address: string, length: number): Promise<MemoryRead> => {
    calls.push([address, length]);
    const start = BigInt(address);
    // First page present, the rest "not in dump".
    const present = Math.min(length, 0x10);
    return {
      pid: 1,
      address,
      length,
      chunks: [
        { address, length: present, bytes: new Uint8Array(present).fill(0xab) },
        ...(length > present ? [{ address: `0x${(start + BigInt(present)).toString(16)}`, length: length - present, bytes: null }] : []),
      ],
    };
  };
  const source = createAddressSpaceSource(layOut(regions), read);
  assert.equal(source.size, 0x302000);
  const chunks = await source.read(0x1ff0, 0x200020);
  assert.deepEqual(calls, [
    ['0x2ff0', 0x10],
    ['0x10000000', MAX_MEMORY_READ],
    ['0x10100000', MAX_MEMORY_READ],
    ['0x10200000', 0x10],
  ]);
  assert.equal(chunks.reduce((n, c) => n + c.length, 0), 0x200020);
  assert.deepEqual(
    chunks.map((c) => [c.offset, c.length, c.bytes === null]),
    [
      [0x1ff0, 0x10, false],
      [0x2000, 0x10, false],
      [0x2010, MAX_MEMORY_READ - 0x10, true],
      [0x102000, 0x10, false],
      [0x102010, MAX_MEMORY_READ - 0x10, true],
      [0x202000, 0x10, false],
    ],
  );
});

test('describePointer names the region a value points into, or nothing', () => {
  const laid = layOut(pythonRegions());
  const heap = laid.find((r) => r.region.backingKind === 'heap')!;
  assert.equal(describePointerIn(laid, heap.start + 0x1a0n), `[heap] +0x1a0 (rw-p)`);
  assert.equal(describePointerIn(laid, 0x10n), null);
});
