import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, searchLiterals } from './literal-search';
import { type LiteralNeedle, compileQuery, foldAscii } from './patterns';
import type { ChunkWindow } from './scan';

/** Every start in [ownStart, ownEnd) where the needle fits before scanEnd, the slow obvious way. */
function reference(bytes: Uint8Array, needle: LiteralNeedle, window: ChunkWindow): number[] {
  const hay = needle.folded ? foldAscii(bytes) : bytes;
  const out: number[] = [];
  for (let p = window.ownStart; p < window.ownEnd && p + needle.bytes.length <= window.scanEnd; p++) {
    let j = 0;
    while (j < needle.bytes.length && hay[p + j] === needle.bytes[j]) j++;
    if (j === needle.bytes.length) out.push(p);
  }
  return out;
}

function random(length: number, seed: number, alphabet?: number[]): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = alphabet ? alphabet[(x >>> 16) % alphabet.length] : x >>> 24;
  }
  return out;
}

const engines = ['simd', 'indexOf'] as const;

for (const kind of engines) {
  test(`${kind}: every occurrence that starts in the owned part, block and chunk edges included`, () => {
    const engine = createEngine(kind);
    assert.equal(engine.kind, kind, 'this Node has WebAssembly SIMD');
    const needles: LiteralNeedle[] = [
      ...compileQuery({ pattern: 'KeY_42', encodings: ['ascii', 'utf16le'] }).literals,
      ...compileQuery({ pattern: 'aba', encodings: ['ascii'] }).literals, // overlapping occurrences
      ...compileQuery({ pattern: 'b', encodings: ['ascii'] }).literals, // one byte
      ...compileQuery({ pattern: 'key_42', encodings: ['ascii'], ignoreCase: true }).literals,
      ...compileQuery({ pattern: 'de ad 00 ef', encodings: ['hex'] }).literals,
    ];
    for (const seed of [1, 2, 3]) {
      const length = 20_000 + seed * 333;
      // A small alphabet makes many partial and overlapping matches.
      const source = random(length, seed, [0x61, 0x62, 0x41, 0x42, 0x00]);
      // Planted across 1 KiB block edges, at the owned start and around the owned end (length - 40).
      [7, 1021, 2045, 8190, length - 46, length - 41].forEach((at, i) => source.write(i % 2 ? 'kEy_42' : 'KeY_42', at, 'latin1'));
      [300, 1017, 3070, length - 52].forEach((at) => Buffer.from('KeY_42', 'utf16le').copy(source, at));
      [500, 1022, 5118, length - 44].forEach((at) => Buffer.from([0xde, 0xad, 0x00, 0xef]).copy(source, at));
      const window: ChunkWindow = { ownStart: 7, ownEnd: length - 40, scanEnd: length - 3, length };
      const run = (set: LiteralNeedle[]) => {
        engine.setNeedles(set);
        const buffers = engine.prepare(length, set.some((n) => n.folded));
        let filled = 0;
        const fill = (upTo: number) => {
          assert.ok(upTo >= filled, 'fill grows');
          source.copy(buffers.chunk, filled, filled, upTo);
          filled = upTo;
        };
        return searchLiterals(engine, buffers, set, window, fill, 1e9, 1024);
      };
      let expectedTotal = 0;
      for (const needle of needles) {
        const expected = reference(source, needle, window);
        assert.ok(expected.length > 0, `the test data has hits for ${Buffer.from(needle.bytes).toString('hex')}`);
        expectedTotal += expected.length;
        assert.deepEqual(run([needle]).map((h) => h.offset), expected, `${kind} ${needle.encoding} ${Buffer.from(needle.bytes).toString('hex')}`);
      }
      assert.equal(run(needles).length, expectedTotal, 'all needles in one pass');
    }
  });

  test(`${kind}: the hit cap keeps the first hits`, () => {
    const engine = createEngine(kind);
    const needles = compileQuery({ pattern: '00', encodings: ['hex'] }).literals;
    engine.setNeedles(needles);
    const buffers = engine.prepare(100_000, false);
    buffers.chunk.fill(0);
    const window = { ownStart: 0, ownEnd: 100_000, scanEnd: 100_000, length: 100_000 };
    const hits = searchLiterals(engine, buffers, needles, window, () => undefined, 50, 4096);
    assert.deepEqual(
      hits.slice(0, 50).map((h) => h.offset),
      Array.from({ length: 50 }, (_, i) => i),
    );
  });
}
