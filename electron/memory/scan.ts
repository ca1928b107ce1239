// Byte scanning over one chunk of a contiguous virtual range. Runs inside the search workers; pure
// functions over Buffers so they are tested without threads.
//
// A chunk buffer holds [bufStart, bufEnd) of the range. The chunk "owns" matches that start in
// [ownStart, ownEnd); it scans [ownStart, scanEnd) where scanEnd = ownEnd + overlap (clipped to the
// range), so a match that starts in the owned part and crosses into the next chunk is found here,
// and the next chunk (which owns from ownEnd on) does not report it again. Bytes before ownStart
// and after scanEnd are there for context only.

import type { SearchEncoding } from '../../shared/model';

export interface ChunkWindow {
  /** Offsets inside the buffer. */
  ownStart: number;
  ownEnd: number;
  scanEnd: number;
  /** Valid bytes in the buffer. */
  length: number;
}

export interface RawHit {
  /** Offset of the match inside the chunk buffer. */
  offset: number;
  length: number;
  encoding: SearchEncoding;
}

const ENCODING_ORDER: Record<SearchEncoding, number> = { ascii: 0, utf16le: 1, hex: 2, regex: 3 };

/** Folds A-Z to a-z in place of `out`, four bytes at a time. Both buffers must start 4-aligned. */
export function foldInto(source: Uint8Array, out: Uint8Array, length: number): void {
  const words = length >>> 2;
  if (source.byteOffset % 4 === 0 && out.byteOffset % 4 === 0) {
    const src = new Uint32Array(source.buffer, source.byteOffset, words);
    const dst = new Uint32Array(out.buffer, out.byteOffset, words);
    for (let i = 0; i < words; i++) {
      const w = src[i];
      const low = w & 0x7f7f7f7f;
      // Per byte: bit 7 of (low + 0x3f) is set for b >= 0x41, bit 7 of (low + 0x25) for b >= 0x5b;
      // ~w excludes bytes >= 0x80. So the mask marks exactly 'A'..'Z'; shift it onto bit 5.
      const upper = (low + 0x3f3f3f3f) & ~(low + 0x25252525) & ~w & 0x80808080;
      dst[i] = w | (upper >>> 2);
    }
  } else {
    for (let i = 0; i < words * 4; i++) out[i] = foldByte(source[i]);
  }
  for (let i = words * 4; i < length; i++) out[i] = foldByte(source[i]);
}

function foldByte(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/** Matches of a global RegExp over the latin1 text of [ownStart, scanEnd); empty matches skipped. */
export function findRegex(chunk: Buffer, window: ChunkWindow, regex: RegExp, maxMatch: number, maxHits: number, hits: RawHit[]): void {
  const text = chunk.toString('latin1', window.ownStart, window.scanEnd);
  const owned = window.ownEnd - window.ownStart;
  regex.lastIndex = 0;
  for (;;) {
    const match = regex.exec(text);
    if (!match || match.index >= owned) return;
    if (match[0].length === 0) {
      regex.lastIndex = match.index + 1;
      continue;
    }
    hits.push({ offset: window.ownStart + match.index, length: Math.min(match[0].length, maxMatch), encoding: 'regex' });
    if (hits.length >= maxHits) return;
  }
}

/** Address order; for one address, the encoding order of the query UI. */
export function sortHits(hits: RawHit[]): RawHit[] {
  return hits.sort((a, b) => a.offset - b.offset || ENCODING_ORDER[a.encoding] - ENCODING_ORDER[b.encoding]);
}

// ---------------------------------------------------------------- strings

export interface RawString {
  offset: number;
  /** Bytes of the run. */
  length: number;
  encoding: 'ascii' | 'utf16le';
  text: string;
}

const PRINTABLE = new Uint8Array(256);
for (let b = 0x20; b < 0x7f; b++) PRINTABLE[b] = 1;
PRINTABLE[0x09] = 1;

/** Printable ASCII runs (0x20-0x7e and tab) of at least minLength characters that start in the owned
 *  part. A run that starts before ownStart belongs to the previous chunk (whose buffer reaches past
 *  its own end), so the buffer must hold the byte before ownStart unless the range starts there. */
export function findAsciiStrings(
  chunk: Buffer,
  window: ChunkWindow,
  minLength: number,
  maxText: number,
  accept: (text: string) => boolean,
  out: RawString[],
  maxResults: number,
): void {
  let i = window.ownStart;
  // Skip a run that continues from before the owned part.
  if (i > 0 && PRINTABLE[chunk[i - 1]]) while (i < window.ownEnd && PRINTABLE[chunk[i]]) i++;
  const limit = window.length;
  while (i < window.ownEnd) {
    if (!PRINTABLE[chunk[i]]) {
      i++;
      continue;
    }
    const start = i;
    while (i < limit && PRINTABLE[chunk[i]]) i++;
    const length = i - start;
    if (length >= minLength) {
      const text = chunk.toString('latin1', start, start + Math.min(length, maxText));
      if (accept(text)) {
        out.push({ offset: start, length, encoding: 'ascii', text });
        if (out.length >= maxResults) return;
      }
    }
  }
}

/** Printable UTF-16LE runs (units 0x0009/0x0020-0x007e) of at least minLength characters, at both
 *  byte alignments, that start in the owned part. */
export function findUtf16Strings(
  chunk: Buffer,
  window: ChunkWindow,
  minLength: number,
  maxText: number,
  accept: (text: string) => boolean,
  out: RawString[],
  maxResults: number,
): void {
  const limit = window.length - 1;
  const unit = (i: number) => PRINTABLE[chunk[i]] === 1 && chunk[i + 1] === 0;
  for (let alignment = 0; alignment < 2; alignment++) {
    let i = window.ownStart + ((window.ownStart + alignment) % 2);
    if (i >= 2 && unit(i - 2)) while (i < window.ownEnd && i < limit && unit(i)) i += 2;
    while (i < window.ownEnd && i < limit) {
      if (!unit(i)) {
        i += 2;
        continue;
      }
      const start = i;
      while (i < limit && unit(i)) i += 2;
      const chars = (i - start) / 2;
      if (chars >= minLength) {
        const text = chunk.toString('utf16le', start, start + Math.min(chars, maxText) * 2);
        if (accept(text)) {
          out.push({ offset: start, length: i - start, encoding: 'utf16le', text });
          if (out.length >= maxResults) return;
        }
      }
    }
  }
}
