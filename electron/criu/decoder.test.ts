// The message decoder and the pretty printer on hand-made bytes: packed and unpacked repeated scalars,
// zigzag, 64-bit values, unknown fields, wire-type mismatches; crit's display conventions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, decodeMessageTolerant } from './message-decoder';
import { base64Lines, humanReadable, ipv6Text, mapFlags, prettyAddress, prettyDev, prettyMessage, quotedPrintable } from './pretty';
import { knownKinds } from './kinds';
import { getMessage, unresolvedReferences } from './schema';
import './schemas';

function varint(value: bigint | number): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const zigzag = (value: bigint) => (value << 1n) ^ (value >> 63n);

test('the schema tables are complete: every referenced message and enum is declared', () => {
  assert.deepEqual(unresolvedReferences(), []);
  for (const kind of knownKinds()) {
    for (const index of [0, 1]) assert.ok(getMessage(kind.entryType(index, undefined)), `${kind.magic} entry ${index}`);
  }
});

test('repeated scalars are accepted unpacked (protobuf-c) and packed', () => {
  const unpacked = new Uint8Array([...tag(1, 0), 1, ...tag(2, 0), 0, ...tag(3, 0), 1, ...tag(4, 0), 1, ...tag(5, 0), 7, ...tag(5, 0), 9]);
  assert.deepEqual(decodeMessage(unpacked, 'pstree_entry'), { pid: 1, ppid: 0, pgid: 1, sid: 1, threads: [7, 9] });
  const packed = new Uint8Array([...tag(1, 0), 1, ...tag(5, 2), 3, 7, ...varint(300)]);
  assert.deepEqual(decodeMessage(packed, 'pstree_entry').threads, [7, 300]);
  const mixed = new Uint8Array([...tag(5, 0), 1, ...tag(5, 2), 2, 2, 3, ...tag(5, 0), 4]);
  assert.deepEqual(decodeMessage(mixed, 'pstree_entry').threads, [1, 2, 3, 4]);
});

test('64-bit values are bigint; sint64 is zigzag; 32-bit values are numbers', () => {
  const bytes = new Uint8Array([
    ...tag(1, 0), ...varint(0x7fff_f000_0000n), ...tag(2, 0), ...varint(0xffff_ffff_ffff_f000n),
    ...tag(3, 0), 0, ...tag(4, 0), 0, ...tag(5, 0), 3, ...tag(6, 0), 0x22, ...tag(7, 0), ...varint(0x201),
    ...tag(8, 0), ...varint(zigzag(-1n)),
  ]);
  const vma = decodeMessage(bytes, 'vma_entry');
  assert.equal(vma.start, 0x7fff_f000_0000n);
  assert.equal(vma.end, 0xffff_ffff_ffff_f000n);
  assert.equal(vma.prot, 3);
  assert.equal(vma.status, 0x201);
  assert.equal(vma.fd, -1n);
  assert.deepEqual(prettyMessage(vma, 'vma_entry', false), {
    start: '0x7ffff0000000', end: '0xfffffffffffff000', pgoff: 0, shmid: 0,
    prot: 'PROT_READ | PROT_WRITE', flags: 'MAP_PRIVATE | MAP_ANON', status: 'VMA_AREA_REGULAR | VMA_ANON_PRIVATE', fd: -1,
  });
});

test('sint32 zigzag (reg_file mnt_id) and negative int32 (ten-byte varint)', () => {
  const name = [...Buffer.from('/x')];
  const fown = [...tag(1, 0), 0, ...tag(2, 0), 0, ...tag(3, 0), 0, ...tag(4, 0), 0, ...tag(5, 0), 0];
  const reg = new Uint8Array([...tag(1, 0), 1, ...tag(2, 0), 0, ...tag(3, 0), 0, ...tag(5, 2), fown.length, ...fown,
    ...tag(6, 2), name.length, ...name, ...tag(7, 0), ...varint(zigzag(-1n))]);
  assert.equal(decodeMessage(reg, 'reg_file_entry').mnt_id, -1);
  const task = new Uint8Array([...tag(14, 0), ...varint(0xffff_ffff_ffff_fc18n)]);
  assert.equal(decodeMessage(task, 'task_core_entry').oom_score_adj, -1000);
});

test('unknown fields of every wire type are kept in __unknown, in order', () => {
  const bytes = new Uint8Array([
    ...tag(1, 0), 5, ...tag(90, 0), ...varint(300), ...tag(91, 1), 1, 0, 0, 0, 0, 0, 0, 0,
    ...tag(92, 5), 2, 0, 0, 0, ...tag(93, 2), 2, 0xab, 0xcd,
  ]);
  const head = decodeMessage(bytes, 'pagemap_head');
  assert.equal(head.pages_id, 5);
  assert.deepEqual(head.__unknown, [
    { field: 90, wireType: 0, value: 300n },
    { field: 91, wireType: 1, value: 1n },
    { field: 92, wireType: 5, value: 2n },
    { field: 93, wireType: 2, value: new Uint8Array([0xab, 0xcd]) },
  ]);
});

test('a field with the wrong wire type is kept as unknown, not misread', () => {
  const bytes = new Uint8Array([...tag(1, 2), 1, 0x41]);
  const head = decodeMessage(bytes, 'pagemap_head');
  assert.equal(head.pages_id, undefined);
  assert.equal(head.__unknown?.length, 1);
});

test('a truncated varint stops with an offset and keeps what came before', () => {
  const { message, error } = decodeMessageTolerant(new Uint8Array([...tag(1, 0), 4, ...tag(2, 0), 0x80]), 'pagemap_entry');
  assert.equal(message.vaddr, 4n);
  assert.ok(error);
  assert.equal(error.offset, 2);
});

test('messages nested without end are refused (depth limit)', () => {
  // cgroup_dir_entry.children (field 2) nested 100 deep.
  let bytes = new Uint8Array(0);
  for (let i = 0; i < 100; i++) bytes = new Uint8Array([...tag(2, 2), ...varint(bytes.length), ...bytes]);
  const { error } = decodeMessageTolerant(bytes, 'cgroup_dir_entry');
  assert.match(error!.message, /nested deeper/);
});

test('crit display helpers', () => {
  assert.equal(mapFlags(6, [['PE_PARENT', 1], ['PE_LAZY', 2], ['PE_PRESENT', 4]]), 'PE_LAZY | PE_PRESENT');
  assert.equal(mapFlags(0x9, [['A', 1]]), 'A | 0x8');
  assert.equal(mapFlags(0, [['A', 1]]), '');
  assert.equal(prettyDev(51, false), '0:51');
  assert.equal(prettyDev((8 << 20) | 1, false), '8:1');
  assert.equal(prettyDev(0x0801, true), '8:1');
  assert.deepEqual(prettyAddress([0x0100007f]), ['127.0.0.1']);
  assert.deepEqual(prettyAddress([0, 0, 0, 0]), ['::']);
  assert.deepEqual(prettyAddress([0x000080fe, 0, 0, 0x01000000]), ['fe80::1']);
  assert.equal(ipv6Text(new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1])), '2001:db8:0:1::1');
  assert.equal(ipv6Text(new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1])), '2001:db8:1:1:1:1:0:1');
  assert.equal(ipv6Text(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1])), '::ffff:10.0.0.1');
  assert.equal(base64Lines(new Uint8Array(0)), '');
  assert.equal(base64Lines(new Uint8Array([1, 2, 3])), 'AQID\n');
  assert.equal(base64Lines(new Uint8Array(60)).split('\n').map((l) => l.length).join(','), '76,4,0');
  assert.equal(quotedPrintable(Buffer.from('\0/tmp/.X11-unix/X0')), '=00/tmp/.X11-unix/X0');
  assert.equal(quotedPrintable(Buffer.from('a=b ')), 'a=3Db=20');
  assert.equal(quotedPrintable(Buffer.from('x'.repeat(80))), `${'x'.repeat(75)}=\n${'x'.repeat(5)}`);
  assert.equal(humanReadable(100), '100B');
  assert.equal(humanReadable(4096), '4KB');
  assert.equal(humanReadable(1536), '1.5KB');
});

test('task_state names are compel\'s (crit swaps 3 and 6)', () => {
  const names = [1, 2, 3, 6].map((state) =>
    (prettyMessage({ task_state: state }, 'task_core_entry', false) as { task_state: string }).task_state);
  assert.deepEqual(names, ['Alive', 'Dead', 'Stopped', 'Zombie']);
});

test('pagemap page counts: CRIU 4.2 (field 5) prints both fields; older prints field 2 as nr_pages', () => {
  const old = prettyMessage({ vaddr: 0x1000n, compat_nr_pages: 3, flags: 4 }, 'pagemap_entry', false);
  assert.deepEqual(old, { vaddr: '0x1000', nr_pages: 3, flags: 'PE_PRESENT' });
  const current = prettyMessage({ vaddr: 0x1000n, compat_nr_pages: 0, flags: 4, nr_pages: 3n }, 'pagemap_entry', false);
  assert.deepEqual(current, { vaddr: '0x1000', compat_nr_pages: 0, flags: 'PE_PRESENT', nr_pages: 3 });
});
