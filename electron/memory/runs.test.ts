import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '../criu/types';
import { chunkRange } from './plan';
import { PE_LAZY, PE_PARENT, PE_PRESENT, buildRunTable, detectPageSize, mapRange, presentRanges } from './runs';

const P = 4096;
const entry = (vaddr: number, pages: number, extra: Partial<Message> = {}): Message => ({
  vaddr: BigInt(vaddr),
  compat_nr_pages: 0,
  nr_pages: BigInt(pages),
  ...extra,
});

test('PE_PRESENT runs take consecutive file places in pagemap order; others take none', () => {
  const { table, warnings } = buildRunTable(
    [
      entry(0x10000, 2, { flags: PE_PRESENT }),
      entry(0x20000, 3, { flags: PE_PARENT }),
      entry(0x30000, 1, { flags: PE_LAZY }),
      entry(0x40000, 1, { flags: PE_PRESENT | PE_LAZY }),
    ],
    P,
    'pagemap-1.img',
  );
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    table.runs.map((r) => [Number(r.start), r.pages, r.fileOffset]),
    [
      [0x10000, 2, 0],
      [0x20000, 3, -1],
      [0x30000, 1, -1],
      [0x40000, 1, 2 * P],
    ],
  );
  assert.equal(table.presentBytes, 3 * P);
  assert.equal(table.allEntriesBytes, 7 * P, 'checkpointctl sums every entry, flags ignored');
});

test('page count prefers nr_pages (field 5), falls back to compat_nr_pages; flags default from in_parent', () => {
  const { table } = buildRunTable(
    [
      { vaddr: 0x1000n, compat_nr_pages: 2 },
      { vaddr: 0x10000n, compat_nr_pages: 0, nr_pages: 3n },
      { vaddr: 0x20000n, compat_nr_pages: 1, in_parent: true },
    ],
    P,
    'pagemap-1.img',
  );
  assert.deepEqual(
    table.runs.map((r) => [r.pages, r.flags, r.fileOffset]),
    [
      [2, PE_PRESENT, 0],
      [3, PE_PRESENT, 2 * P],
      [1, PE_PARENT, -1],
    ],
  );
});

test('runs are sorted by address even when file order differs, keeping file offsets', () => {
  const { table } = buildRunTable([entry(0x5000, 1, { flags: PE_PRESENT }), entry(0x4000, 1, { flags: PE_PRESENT })], P, 'x');
  assert.deepEqual(
    table.runs.map((r) => [Number(r.start), r.fileOffset]),
    [
      [0x4000, P],
      [0x5000, 0],
    ],
  );
  // Contiguous addresses, non-adjacent file places: one range of two pieces.
  const ranges = presentRanges(table.runs);
  assert.equal(ranges.length, 1);
  assert.deepEqual(
    ranges[0].pieces.map((p) => [Number(p.address), p.length, p.fileOffset]),
    [
      [0x4000, P, P],
      [0x5000, P, 0],
    ],
  );
});

test('mapRange splits a read into dumped and not-dumped pieces', () => {
  const { table } = buildRunTable(
    [entry(0x1000, 1, { flags: PE_PRESENT }), entry(0x2000, 1, { flags: PE_PRESENT }), entry(0x4000, 1, { flags: PE_LAZY })],
    P,
    'x',
  );
  const pieces = mapRange(table.runs, 0x800n, 0x5000);
  assert.deepEqual(
    pieces.map((p) => [Number(p.address), p.length, p.fileOffset]),
    [
      [0x800, 0x800, -1],
      [0x1000, 0x2000, 0], // two runs adjacent in address and file: one piece
      [0x3000, 0x2800, -1], // gap + LAZY-only run + tail: not in dump
    ],
  );
  assert.deepEqual(mapRange(table.runs, 0x1800n, 16).map((p) => [Number(p.address), p.fileOffset]), [[0x1800, 0x800]]);
});

test('chunks overlap by the pattern length - 1 and map to the right file pieces', () => {
  const { table } = buildRunTable([entry(0x4000, 2, { flags: PE_PRESENT }), entry(0x0, 2, { flags: PE_PRESENT })], P, 'x');
  // File order: run 0x4000 at 0, run 0x0 at 2P. Address order: [0x0, 0x2000) then a gap.
  const ranges = presentRanges(table.runs);
  assert.equal(ranges.length, 2);
  const chunks = [...chunkRange(ranges[0], 1000, { overlap: 9, before: 4, after: 4 }, 3000)];
  assert.deepEqual(
    chunks.map((c) => [Number(c.bufStart), c.length, c.ownStart, c.ownEnd, c.scanEnd]),
    [
      [0, 3013, 0, 3000, 3009],
      [2996, 3017, 4, 3004, 3013],
      [5996, 2196, 4, 2196, 2196],
    ],
  );
  assert.deepEqual(chunks[0].pieces, [{ at: 0, length: 3013, position: 1000 + 2 * P }]);
});

test('page size: 4096 unless an aarch64 dump is aligned to 16K/64K throughout', () => {
  assert.equal(detectPageSize(1, [0x10000n, 0x20000n]), 4096);
  assert.equal(detectPageSize(3, [0x10000n, 0x30000n]), 65536);
  assert.equal(detectPageSize(3, [0x4000n, 0x30000n]), 16384);
  assert.equal(detectPageSize(3, [0x1000n, 0x30000n]), 4096);
});
