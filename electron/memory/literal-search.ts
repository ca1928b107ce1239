// Literal needles over one chunk, block by block: the chunk is read (and, for case-insensitive
// needles, folded) one 256 KiB block at a time and every needle runs over that block while it is in
// the CPU cache. The search engine is WebAssembly SIMD when the runtime has it, Buffer.indexOf
// otherwise; both give every occurrence (overlapping ones too) that starts in the owned part.

import type { LiteralNeedle } from './patterns';
import { type ChunkWindow, type RawHit, foldInto } from './scan';
import { SimdFinder } from './simd-find';

export const BLOCK_BYTES = 256 * 1024;

/** Where a chunk's bytes live and how needles are found in them. */
export interface ChunkEngine {
  readonly kind: 'simd' | 'indexOf';
  setNeedles(needles: readonly LiteralNeedle[]): void;
  /** Buffers for a chunk of `length` bytes (and its folded copy); valid until the next prepare. */
  prepare(length: number, withFolded: boolean): { chunk: Buffer; folded?: Buffer };
  /** Starts p in [from, lastStart] of needle `index` in the chunk (or its folded copy). */
  find(index: number, from: number, lastStart: number, out: number[], max: number): void;
}

/** Rounds up to 16 so the folded copy starts aligned, with 64 bytes of read slack in between. */
const foldedOffset = (length: number) => Math.ceil((length + 64) / 16) * 16;

class SimdEngine implements ChunkEngine {
  readonly kind = 'simd' as const;
  private folded: boolean[] = [];
  private length = 0;

  constructor(private readonly finder: SimdFinder) {}

  setNeedles(needles: readonly LiteralNeedle[]): void {
    this.finder.setNeedles(needles.map((n) => n.bytes));
    this.folded = needles.map((n) => n.folded);
  }

  prepare(length: number, withFolded: boolean): { chunk: Buffer; folded?: Buffer } {
    this.length = length;
    const offset = foldedOffset(length);
    const area = this.finder.haystack(withFolded ? offset + length : length);
    return { chunk: area.subarray(0, length), folded: withFolded ? area.subarray(offset, offset + length) : undefined };
  }

  find(index: number, from: number, lastStart: number, out: number[], max: number): void {
    if (!this.folded[index]) return this.finder.findAll(index, from, lastStart, out, max);
    const base = foldedOffset(this.length);
    const start = out.length;
    this.finder.findAll(index, base + from, base + lastStart, out, max);
    for (let i = start; i < out.length; i++) out[i] -= base;
  }
}

class IndexOfEngine implements ChunkEngine {
  readonly kind = 'indexOf' as const;
  private needles: Array<{ buffer: Buffer; folded: boolean }> = [];
  private chunk = Buffer.allocUnsafeSlow(0);
  private foldedChunk = Buffer.allocUnsafeSlow(0);
  private length = 0;

  setNeedles(needles: readonly LiteralNeedle[]): void {
    this.needles = needles.map((n) => ({ buffer: Buffer.from(n.bytes), folded: n.folded }));
  }

  prepare(length: number, withFolded: boolean): { chunk: Buffer; folded?: Buffer } {
    if (this.chunk.length < length) this.chunk = Buffer.allocUnsafeSlow(length);
    if (withFolded && this.foldedChunk.length < length) this.foldedChunk = Buffer.allocUnsafeSlow(length);
    this.length = length;
    return { chunk: this.chunk.subarray(0, length), folded: withFolded ? this.foldedChunk.subarray(0, length) : undefined };
  }

  find(index: number, from: number, lastStart: number, out: number[], max: number): void {
    const needle = this.needles[index];
    const haystack = (needle.folded ? this.foldedChunk : this.chunk).subarray(0, Math.min(this.length, lastStart + needle.buffer.length));
    let at = haystack.indexOf(needle.buffer, from);
    while (at >= 0 && at <= lastStart && out.length < max) {
      out.push(at);
      at = haystack.indexOf(needle.buffer, at + 1);
    }
  }
}

export function createEngine(prefer: 'simd' | 'indexOf' = 'simd'): ChunkEngine {
  const finder = prefer === 'simd' ? SimdFinder.create() : undefined;
  return finder ? new SimdEngine(finder) : new IndexOfEngine();
}

/**
 * Every literal hit starting in [ownStart, ownEnd), at most `maxHits` (the first ones by offset).
 * `fill(upTo)` must make chunk bytes [0, upTo) valid; it is called with growing values, so the
 * caller reads the chunk lazily and each block is scanned right after it arrives.
 */
export function searchLiterals(
  engine: ChunkEngine,
  buffers: { chunk: Buffer; folded?: Buffer },
  needles: readonly LiteralNeedle[],
  window: ChunkWindow,
  fill: (upTo: number) => void,
  maxHits: number,
  blockBytes = BLOCK_BYTES,
): RawHit[] {
  const hits: RawHit[] = [];
  const longest = needles.reduce((max, n) => Math.max(max, n.bytes.length), 0);
  let folded = 0;
  const positions: number[] = [];
  for (let block = window.ownStart; block < window.ownEnd && hits.length < maxHits; block += blockBytes) {
    const blockEnd = Math.min(block + blockBytes, window.ownEnd);
    // Bytes needed: every candidate start below blockEnd with the longest needle after it; fold on
    // 4-byte boundaries (the word-wise fold needs them) except at the very end.
    let upTo = Math.min(window.scanEnd, blockEnd + longest - 1);
    upTo = Math.min(window.length, Math.ceil(upTo / 4) * 4);
    fill(upTo);
    if (buffers.folded && upTo > folded) {
      foldInto(buffers.chunk.subarray(folded, upTo), buffers.folded.subarray(folded, upTo), upTo - folded);
      folded = upTo;
    }
    needles.forEach((needle, index) => {
      const lastStart = Math.min(blockEnd - 1, window.scanEnd - needle.bytes.length);
      if (lastStart < block) return;
      positions.length = 0;
      engine.find(index, block, lastStart, positions, maxHits);
      for (const offset of positions) hits.push({ offset, length: needle.bytes.length, encoding: needle.encoding });
    });
  }
  return hits;
}
