import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InspectorError } from '../errors';
import { compileQuery, foldAscii, parseHex } from './patterns';
import { findAsciiStrings, findRegex, findUtf16Strings, foldInto, type RawHit, type RawString } from './scan';

test('word-wise ASCII folding equals the byte rule for every byte value and alignment tail', () => {
  const source = Buffer.alloc(256 * 4 + 3);
  for (let i = 0; i < source.length; i++) source[i] = i & 0xff;
  const out = Buffer.alloc(source.length);
  foldInto(source, out, source.length);
  assert.deepEqual(new Uint8Array(out), foldAscii(source));
  assert.equal(out[0x41], 0x61);
  assert.equal(out[0x5a], 0x7a);
  assert.equal(out[0x40], 0x40);
  assert.equal(out[0x5b], 0x5b);
  assert.equal(out[0xc1], 0xc1);
});

test('hex patterns in the usual spellings', () => {
  assert.deepEqual([...parseHex('de ad be ef')], [0xde, 0xad, 0xbe, 0xef]);
  assert.deepEqual([...parseHex('DEADBEEF')], [0xde, 0xad, 0xbe, 0xef]);
  assert.deepEqual([...parseHex('0xde,0xad')], [0xde, 0xad]);
  assert.throws(() => parseHex('abc'), InspectorError);
  assert.throws(() => parseHex('zz'), /non-hex/);
  assert.throws(() => compileQuery({ pattern: '(', encodings: ['regex'] }), /invalid regular expression/);
});

test('regex over latin1 bytes, owned starts only, empty matches skipped', () => {
  const chunk = Buffer.from('id=1234;id=99;id=7');
  const hits: RawHit[] = [];
  findRegex(chunk, { ownStart: 0, ownEnd: 14, scanEnd: chunk.length, length: chunk.length }, /id=\d+|x*/g, 4096, 10, hits);
  assert.deepEqual(
    hits.map((h) => [h.offset, h.length]),
    [
      [0, 7],
      [8, 5],
    ],
  );
});

test('ASCII and UTF-16LE strings: minimum length, chunk ownership, both alignments', () => {
  const chunk = Buffer.concat([Buffer.from('ab\0hello world\0\x01'), Buffer.from('\0'), Buffer.from('wide text', 'utf16le'), Buffer.from([0, 0])]);
  const all = () => true;
  const out: RawString[] = [];
  const window = { ownStart: 0, ownEnd: chunk.length, scanEnd: chunk.length, length: chunk.length };
  findAsciiStrings(chunk, window, 4, 100, all, out, 100);
  assert.deepEqual(out.map((s) => [s.offset, s.text]), [[3, 'hello world']]);
  const wide: RawString[] = [];
  findUtf16Strings(chunk, window, 4, 100, all, wide, 100);
  assert.deepEqual(wide.map((s) => [s.offset, s.text, s.length]), [[17, 'wide text', 18]]);
  // A run that began before the owned part belongs to the chunk before.
  const later: RawString[] = [];
  findAsciiStrings(chunk, { ...window, ownStart: 5 }, 4, 100, all, later, 100);
  assert.deepEqual(later, []);
});
