// Work plan of a search or strings job: contiguous dumped ranges of each process cut into chunks
// that overlap, each described by the pages-file pieces that fill its buffer.

import type { PresentRange } from './runs';
import type { ReadPiece } from './worker-protocol';

/** Bytes a chunk owns. Large enough for Buffer.indexOf to run at full speed, small enough that two
 *  workers' buffers (plus a folded copy each) stay far below the memory budget. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

export interface PlannedChunk {
  /** Virtual address of buffer offset 0. */
  bufStart: bigint;
  length: number;
  pieces: ReadPiece[];
  ownStart: number;
  ownEnd: number;
  scanEnd: number;
  /** Range the chunk belongs to (context never crosses it). */
  range: PresentRange;
}

export interface ChunkMargins {
  /** Bytes after the owned part that are scanned too (pattern length - 1). */
  overlap: number;
  /** Bytes kept before and after for context only. */
  before: number;
  after: number;
}

/** Cuts one range into chunks. `base` is the absolute offset of the pages entry in its file. */
export function* chunkRange(range: PresentRange, base: number, margins: ChunkMargins, chunkBytes = CHUNK_BYTES): Generator<PlannedChunk> {
  const total = Number(range.end - range.start);
  for (let own = 0; own < total; own += chunkBytes) {
    const ownEnd = Math.min(total, own + chunkBytes);
    const scanEnd = Math.min(total, ownEnd + margins.overlap);
    const from = Math.max(0, own - margins.before);
    const to = Math.min(total, scanEnd + margins.after);
    yield {
      bufStart: range.start + BigInt(from),
      length: to - from,
      pieces: piecesFor(range, base, from, to),
      ownStart: own - from,
      ownEnd: ownEnd - from,
      scanEnd: scanEnd - from,
      range,
    };
  }
}

const startsCache = new WeakMap<PresentRange, number[]>();

/** Offset of each piece inside its range, computed once per range. */
function pieceStarts(range: PresentRange): number[] {
  let starts = startsCache.get(range);
  if (!starts) {
    starts = [];
    let offset = 0;
    for (const piece of range.pieces) {
      starts.push(offset);
      offset += piece.length;
    }
    startsCache.set(range, starts);
  }
  return starts;
}

/** The file pieces for range offsets [from, to). */
function piecesFor(range: PresentRange, base: number, from: number, to: number): ReadPiece[] {
  const starts = pieceStarts(range);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (starts[middle] <= from) low = middle;
    else high = middle - 1;
  }
  const out: ReadPiece[] = [];
  for (let i = low; i < range.pieces.length && starts[i] < to; i++) {
    const piece = range.pieces[i];
    const a = Math.max(starts[i], from);
    const b = Math.min(starts[i] + piece.length, to);
    if (b > a) out.push({ at: a - from, length: b - a, position: base + piece.fileOffset + (a - starts[i]) });
  }
  return out;
}
