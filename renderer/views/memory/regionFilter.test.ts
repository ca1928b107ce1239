import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MemoryRegion } from '../../../shared/model';
import { EMPTY_FILTER, compileFilter, isFilterActive } from './regionFilter';

const region = (start: string, end: string, prot: string, backingKind: MemoryRegion['backingKind'], backing: string, dumpedBytes = 0): MemoryRegion => ({
  start, end, size: Number(BigInt(end) - BigInt(start)), prot, shared: prot.endsWith('s'), backing, backingKind, pgoff: 0, dumpedBytes, flags: [],
});

// The shape of busybox sh's address space (crio-busybox-httpd, pid 1).
const regions = [
  region('0x400000', '0x401000', 'r--p', 'file', '/bin/busybox'),
  region('0x401000', '0x585000', 'r-xp', 'file', '/bin/busybox', 4096),
  region('0x39ef0000', '0x39f12000', 'rw-p', 'heap', '[heap]', 16384),
  region('0x7f68c7df5000', '0x7f68c7df7000', 'r-xp', 'vdso', '[vdso]', 8192),
  region('0x7fff1ec95000', '0x7fff1ecb6000', 'rw-p', 'stack', '[stack]', 12288),
  region('0x7f0000000000', '0x7f0000001000', 'rw-s', 'shmem', '/dev/shm/x'),
];
const pick = (f: Partial<typeof EMPTY_FILTER>) => {
  const c = compileFilter({ ...EMPTY_FILTER, ...f });
  return regions.filter((r) => c.test(r)).map((r) => r.backing + '@' + r.start);
};

test('no filter keeps everything and is not active', () => {
  assert.equal(pick({}).length, regions.length);
  assert.equal(isFilterActive(EMPTY_FILTER), false);
});

test('permission bits must all be present', () => {
  assert.deepEqual(pick({ perms: { r: false, w: false, x: true } }), ['/bin/busybox@0x401000', '[vdso]@0x7f68c7df5000']);
  assert.deepEqual(pick({ perms: { r: true, w: true, x: false } }).length, 3);
});

test('sharing, backing kind, path text and dumped-only', () => {
  assert.deepEqual(pick({ sharing: 'shared' }), ['/dev/shm/x@0x7f0000000000']);
  assert.deepEqual(pick({ backing: 'stack' }), ['[stack]@0x7fff1ec95000']);
  assert.deepEqual(pick({ text: 'BUSY' }).length, 2);
  assert.deepEqual(pick({ dumpedOnly: true }).length, 4);
});

test('address range keeps regions that overlap it; bad input is reported, not applied', () => {
  assert.deepEqual(pick({ from: '0x400800', to: '0x401001' }), ['/bin/busybox@0x400000', '/bin/busybox@0x401000']);
  assert.deepEqual(pick({ from: '7fff00000000' }), ['[stack]@0x7fff1ec95000']);
  const bad = compileFilter({ ...EMPTY_FILTER, from: 'zz' });
  assert.match(bad.error!, /not a hex address/);
  assert.equal(regions.filter((r) => bad.test(r)).length, regions.length);
});
