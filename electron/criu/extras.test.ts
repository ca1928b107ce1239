// Raw payloads after entries (docs/criu-format.md §1): where each one is, that decoding stays in sync
// after it, and how the pretty output shows it (crit's --nopl form).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeImage } from './decode-image';
import { CRIU_MAGICS, IMG_COMMON_MAGIC } from './magic';
import { prettyImage, toImageView } from './pretty';

function varint(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** A message from (field, varint value) pairs. */
const fields = (...pairs: Array<[number, number]>) => pairs.flatMap(([field, value]) => [...varint(field << 3), ...varint(value)]);

function image(magic: string, ...parts: number[][]): Uint8Array {
  const header = new Uint8Array(8);
  new DataView(header.buffer).setUint32(0, IMG_COMMON_MAGIC, true);
  new DataView(header.buffer).setUint32(4, CRIU_MAGICS[magic], true);
  return new Uint8Array([...header, ...parts.flat()]);
}

const le32 = (value: number) => [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24];
const entry = (message: number[]) => [...le32(message.length), ...message];
const data = (length: number, fill: number) => new Array<number>(length).fill(fill);

test('pipes-data: each entry is followed by `bytes` bytes of pipe buffer', () => {
  const first = entry(fields([1, 10], [2, 5]));
  const second = entry(fields([1, 11], [2, 3]));
  const bytes = image('PIPES_DATA', first, data(5, 0x61), second, data(3, 0x62));
  const decoded = decodeImage('pipes-data.img', bytes);
  assert.deepEqual(decoded.warnings, []);
  assert.equal(decoded.entries.length, 2);
  assert.deepEqual(decoded.entries[0].extras, [{ label: 'data', offset: 8 + first.length, length: 5 }]);
  assert.deepEqual(decoded.entries[1].extras, [{ label: 'data', offset: 8 + first.length + 5 + second.length, length: 3 }]);
  assert.deepEqual(prettyImage(decoded).entries, [{ pipe_id: 10, bytes: 5, extra: '... <5B>' }, { pipe_id: 11, bytes: 3, extra: '... <3B>' }]);
  const view = toImageView(decoded);
  assert.deepEqual(view.payloads.map((p) => [p.entryIndex, p.label, p.length]), [[0, 'data', 5], [1, 'data', 3]]);
  assert.deepEqual(view.entryRanges, [{ offset: 8, length: first.length }, { offset: 8 + first.length + 5, length: second.length }]);
});

test('tcp-stream: the receive queue, then the send queue', () => {
  const message = entry(fields([1, 4], [2, 100], [3, 6], [4, 200], [5, 0], [6, 7], [7, 1460]));
  const bytes = image('TCP_STREAM', message, data(4, 1), data(6, 2));
  const decoded = decodeImage('tcp-stream-7420.img', bytes);
  assert.deepEqual(decoded.warnings, []);
  const start = 8 + message.length;
  assert.deepEqual(decoded.entries[0].extras, [
    { label: 'inq', offset: start, length: 4 },
    { label: 'outq', offset: start + 4, length: 6 },
  ]);
  assert.equal((prettyImage(decoded).entries[0] as Record<string, unknown>).extra, '... <10B>');
});

test('ghost file without chunks: the rest of the file is the content; with chunks: one per chunk entry', () => {
  const plain = entry(fields([1, 0], [2, 0], [3, 0o100644], [10, 12]));
  const decoded = decodeImage('ghost-file-2a.img', image('GHOST_FILE', plain, data(12, 0x41)));
  assert.deepEqual(decoded.warnings, []);
  assert.deepEqual(decoded.entries[0].extras, [{ label: 'contents', offset: 8 + plain.length, length: 12 }]);
  assert.equal((prettyImage(decoded).entries[0] as Record<string, unknown>).extra, undefined, 'crit prints no extra for ghost files with --nopl');

  const head = entry(fields([1, 0], [2, 0], [3, 0o100644], [9, 1]));
  const chunk1 = entry(fields([1, 3], [2, 0]));
  const chunk2 = entry(fields([1, 2], [2, 4096]));
  const chunked = decodeImage('ghost-file-2b.img', image('GHOST_FILE', head, chunk1, data(3, 1), chunk2, data(2, 2)));
  assert.deepEqual(chunked.warnings, []);
  assert.deepEqual(chunked.entries.map((e) => e.type), ['ghost_file_entry', 'ghost_chunk_entry', 'ghost_chunk_entry']);
  assert.deepEqual(chunked.entries.map((e) => e.extras.map((x) => x.length)), [[], [3], [2]]);
  assert.equal(chunked.entries[2].message.off, 4096n);
});

test('sk-queues: each packet follows its entry', () => {
  const message = entry(fields([1, 5], [2, 7]));
  const decoded = decodeImage('sk-queues.img', image('SK_QUEUES', message, data(7, 0), message, data(7, 1)));
  assert.deepEqual(decoded.warnings, []);
  assert.equal(decoded.entries.length, 2);
  assert.equal(decoded.entries[1].extras[0].length, 7);
});

test('ipcns-shm and ipcns-sem pad their payloads (to 4 and 8 bytes)', () => {
  const desc = fields([1, 1], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0o600], [7, 3]);
  const shm = entry([...varint((1 << 3) | 2), desc.length, ...desc, ...fields([2, 5])]);
  const decodedShm = decodeImage('ipcns-shm-9.img', image('IPCNS_SHM', shm, data(8, 0), shm, data(8, 0)));
  assert.deepEqual(decodedShm.warnings, []);
  assert.equal(decodedShm.entries.length, 2);
  assert.equal(decodedShm.entries[0].extras[0].length, 5);
  const sem = entry([...varint((1 << 3) | 2), desc.length, ...desc, ...fields([2, 3])]);
  const decodedSem = decodeImage('ipcns-sem-9.img', image('IPCNS_SEM', sem, data(8, 0), sem, data(8, 0)));
  assert.deepEqual(decodedSem.warnings, []);
  assert.equal(decodedSem.entries.length, 2);
  assert.equal(decodedSem.entries[1].extras[0].length, 6);
});

test('ipcns-msg: qnum times (size, ipc_msg header, data padded to 8)', () => {
  const desc = fields([1, 1], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0o600], [7, 3]);
  const queue = entry([...varint((1 << 3) | 2), desc.length, ...desc, ...fields([2, 16384], [3, 2])]);
  const header1 = fields([1, 1], [2, 3]);
  const header2 = fields([1, 2], [2, 9]);
  const bytes = image('IPCNS_MSG', queue, le32(header1.length), header1, data(8, 1), le32(header2.length), header2, data(16, 2));
  const decoded = decodeImage('ipcns-msg-9.img', bytes);
  assert.deepEqual(decoded.warnings, []);
  assert.deepEqual(decoded.entries[0].extras.map((p) => [p.label, p.length]), [
    ['msg[0] header', header1.length], ['msg[0]', 3], ['msg[1] header', header2.length], ['msg[1]', 9],
  ]);
  // crit's --nopl size for message queues counts each header and its data (not the padding).
  const size = header1.length + 3 + header2.length + 9;
  assert.equal((prettyImage(decoded).entries[0] as Record<string, unknown>).extra, `... <${size}B>`);
});

test('bpfmap-data: keys then values', () => {
  const message = entry(fields([1, 1], [2, 8], [3, 16], [4, 2]));
  const decoded = decodeImage('bpfmap-data.img', image('BPFMAP_DATA', message, data(24, 0)));
  assert.deepEqual(decoded.warnings, []);
  assert.deepEqual(decoded.entries[0].extras.map((p) => [p.label, p.length]), [['keys', 8], ['values', 16]]);
});
