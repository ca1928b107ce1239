// Broken images give warnings, never exceptions or endless loops: truncated at every entry boundary and
// inside every entry, absurd size fields, wrong magics, garbage protobuf, and random byte flips.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeImage, MAX_ENTRY_WARNINGS } from './decode-image';
import { imagesDir } from './test-support';

const htop = (name: string) => new Uint8Array(readFileSync(join(imagesDir, 'criu2024-htop', name)));

function le32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value >>> 0, true);
  return bytes;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

test('truncation at every entry boundary and inside every entry', () => {
  const bytes = htop('fdinfo-2.img');
  const whole = decodeImage('fdinfo-2.img', bytes);
  assert.equal(whole.warnings.length, 0);
  const boundaries = new Set(whole.entries.map((entry) => entry.offset));
  for (let cut = 0; cut < bytes.length; cut++) {
    const image = decodeImage('fdinfo-2.img', bytes.subarray(0, cut));
    const complete = whole.entries.filter((entry) => entry.offset + 4 + entry.size <= cut).length;
    assert.equal(image.entries.length, cut < 8 ? 0 : complete, `cut at ${cut}`);
    if (cut < 8) assert.equal(image.warnings.length, 1, `cut at ${cut}: magic warning`);
    else if (boundaries.has(cut) || cut === 8) assert.deepEqual(image.warnings, [], `cut at a boundary (${cut}) is a clean end`);
    else {
      assert.equal(image.warnings.length, 1, `cut at ${cut}`);
      assert.equal(image.warnings[0].file, 'fdinfo-2.img');
      assert.ok(typeof image.warnings[0].offset === 'number');
    }
  }
});

test('a size field of 0xffffffff stops with a warning naming the offset and the bytes left', () => {
  const bytes = concat(htop('pstree.img').subarray(0, 8), le32(0xffffffff), new Uint8Array(57));
  const image = decodeImage('pstree.img', bytes);
  assert.equal(image.entries.length, 0);
  assert.equal(image.warnings.length, 1);
  assert.equal(image.warnings[0].offset, 8);
  assert.match(image.warnings[0].message, /size 4294967295 exceeds/);
});

test('a size over the message limit is refused before reading', () => {
  const bytes = concat(htop('pstree.img').subarray(0, 8), le32(200 * 1024 * 1024), new Uint8Array(16));
  const image = decodeImage('pstree.img', bytes);
  assert.match(image.warnings[0].message, /exceeds the message limit/);
});

test('an unknown magic is kept as UNKNOWN with its value, not dropped', () => {
  const bytes = concat(le32(0x54564319), le32(0x12345678), le32(2), new Uint8Array([8, 1]));
  const image = decodeImage('mystery.img', bytes);
  assert.equal(image.magic, 'UNKNOWN');
  assert.equal(image.magicValue, 0x12345678);
  assert.equal(image.entries.length, 0);
  assert.match(image.warnings[0].message, /unknown image magic 0x12345678/);
});

test('a wrong magic for the name is decoded by its magic', () => {
  const image = decodeImage('core-1.img', htop('pstree.img'));
  assert.equal(image.magic, 'PSTREE');
  assert.equal(image.warnings.length, 0);
});

test('garbage protobuf: a warning with the offset, the fields before it kept', () => {
  // pstree_entry: pid=7 (08 07), then a tag with wire type 7 (invalid).
  const payload = new Uint8Array([0x08, 0x07, 0x0f, 0x01]);
  const bytes = concat(htop('pstree.img').subarray(0, 8), le32(payload.length), payload);
  const image = decodeImage('pstree.img', bytes);
  assert.equal(image.entries.length, 1);
  assert.equal(image.entries[0].message.pid, 7);
  assert.equal(image.warnings.length, 1);
  assert.equal(image.warnings[0].offset, 8 + 4 + 2);
  assert.match(image.warnings[0].message, /entry 0 \(pstree_entry\)/);
});

test('a nested message that runs past its parent is reported, not read beyond', () => {
  // core_entry: mtype=1, then field 3 (tc) with length 100 but only 2 bytes.
  const payload = new Uint8Array([0x08, 0x01, 0x1a, 100, 0x08, 0x01]);
  const bytes = concat(htop('core-7430.img').subarray(0, 8), le32(payload.length), payload);
  const image = decodeImage('core-1.img', bytes);
  assert.equal(image.entries[0].message.mtype, 1);
  assert.equal(image.warnings.length, 1);
});

test('a payload that runs past the end of the image is reported', () => {
  // pipes-data: pipe_data_entry {pipe_id 1, bytes 1000}, followed by 10 bytes only.
  const payload = new Uint8Array([0x08, 0x01, 0x10, 0xe8, 0x07]);
  const bytes = concat(le32(0x54564319), le32(0x56453709), le32(payload.length), payload, new Uint8Array(10));
  const image = decodeImage('pipes-data.img', bytes);
  assert.equal(image.entries.length, 1);
  assert.equal(image.entries[0].extras[0].length, 1000);
  assert.match(image.warnings[0].message, /runs past the end/);
});

test('an image cut by the size limit says so once', () => {
  const bytes = htop('files.img');
  const image = decodeImage('files.img', bytes.subarray(0, 5000), { totalSize: bytes.length });
  assert.equal(image.totalSize, bytes.length);
  assert.equal(image.warnings.length, 1);
  assert.match(image.warnings[0].message, /only its first 5000 bytes were decoded/);
  assert.ok(image.entries.length > 0);
});

test('random corruption of every fixture image never throws and always ends', () => {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (const folder of ['criu2018-sleep', 'criu2024-htop']) {
    for (const name of readdirSync(join(imagesDir, folder)).filter((n) => n.endsWith('.img') && !n.startsWith('pages-'))) {
      const original = new Uint8Array(readFileSync(join(imagesDir, folder, name)));
      for (let round = 0; round < 40; round++) {
        const bytes = original.slice();
        const flips = 1 + Math.floor(random() * 8);
        for (let i = 0; i < flips; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        const image = decodeImage(name, bytes);
        assert.ok(image.entries.length <= bytes.length, name);
        for (const warning of image.warnings) assert.equal(warning.file, name);
      }
    }
  }
});

test('a complete entry without a required field is decoded, with a warning naming the field', () => {
  // pstree_entry with pid only (ppid, pgid, sid are required).
  const payload = new Uint8Array([0x08, 0x07]);
  const bytes = concat(htop('pstree.img').subarray(0, 8), le32(payload.length), payload);
  const image = decodeImage('pstree.img', bytes);
  assert.equal(image.entries[0].message.ppid, undefined, 'no invented default');
  assert.deepEqual(image.entries[0].message, { pid: 7 });
  assert.equal(image.warnings.length, 1);
  assert.match(image.warnings[0].message, /required fields missing: ppid, pgid, sid/);
});

test('a string field that is not UTF-8 is decoded with U+FFFD and a warning naming the field', () => {
  // utsns_entry { nodename: "ho\xffst", domainname: "" }
  const payload = new Uint8Array([0x0a, 5, 0x68, 0x6f, 0xff, 0x73, 0x74, 0x12, 0]);
  const bytes = concat(le32(0x54564319), le32(0x54473203), le32(payload.length), payload);
  const image = decodeImage('utsns-12.img', bytes);
  assert.equal(image.entries[0].message.nodename, 'ho\ufffdst');
  assert.equal(image.warnings.length, 1);
  assert.match(image.warnings[0].message, /not valid UTF-8.*: nodename$/);
});

test('a head magic CRIU would not write is reported (service head on an ordinary image)', () => {
  const bytes = htop('pstree.img').slice();
  new DataView(bytes.buffer).setUint32(0, 0x55105940, true);
  const image = decodeImage('pstree.img', bytes);
  assert.equal(image.magic, 'PSTREE');
  assert.ok(image.entries.length > 0);
  assert.equal(image.warnings.length, 1);
  assert.match(image.warnings[0].message, /service head magic/);
});

test('thousands of broken entries give a bounded warning list that still counts them all', () => {
  // 20,000 pstree entries that lack their required fields (pid only), then one good entry.
  const broken = concat(le32(2), new Uint8Array([0x08, 0x07]));
  const good = new Uint8Array([0x08, 0x01, 0x10, 0x00, 0x18, 0x01, 0x20, 0x01]);
  const count = 20_000;
  const bytes = new Uint8Array(8 + broken.length * count + 4 + good.length);
  bytes.set(htop('pstree.img').subarray(0, 8), 0);
  for (let i = 0; i < count; i++) bytes.set(broken, 8 + i * broken.length);
  bytes.set(concat(le32(good.length), good), 8 + count * broken.length);
  const image = decodeImage('pstree.img', bytes);
  assert.equal(image.entries.length, count + 1, 'every entry is still decoded');
  assert.deepEqual(image.entries[count].message, { pid: 1, ppid: 0, pgid: 1, sid: 1 });
  assert.equal(image.warnings.length, MAX_ENTRY_WARNINGS + 1);
  assert.match(image.warnings[0].message, /^entry 0 \(pstree_entry\) at offset 8: required fields missing/);
  const summary = image.warnings[MAX_ENTRY_WARNINGS];
  assert.equal(summary.offset, 8 + MAX_ENTRY_WARNINGS * broken.length);
  assert.match(summary.message, new RegExp(`^${count - MAX_ENTRY_WARNINGS} more entries with problems`));
});
