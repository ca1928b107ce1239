// The pagemap of one process as a sorted table of runs: which virtual pages were dumped and where
// their bytes sit in pages-<pages_id>.img. Built once per process; lookups by binary search.

import type { InspectorWarning } from '../../shared/model';
import type { Message } from '../criu/types';

export const PE_PARENT = 1;
export const PE_LAZY = 2;
export const PE_PRESENT = 4;

/** One pagemap entry after normalisation. `fileOffset` is relative to the start of the pages
 *  entry, or -1 when the run occupies no bytes of it (PARENT, LAZY-only). */
export interface PageRun {
  start: bigint;
  end: bigint;
  pages: number;
  flags: number;
  fileOffset: number;
}

export interface RunTable {
  pageSize: number;
  /** Sorted by start, non-overlapping. */
  runs: PageRun[];
  /** Bytes of PE_PRESENT runs (what this dump holds). */
  presentBytes: number;
  /** nr_pages * page size over every entry, flags ignored (checkpointctl's "MEMORY SIZE"). */
  allEntriesBytes: number;
}

/** A piece of a contiguous virtual range: `length` bytes at `address` that live at `fileOffset`. */
export interface RunPiece {
  address: bigint;
  length: number;
  /** Offset inside the pages entry; -1 = not in this dump. */
  fileOffset: number;
}

export function normaliseFlags(message: Message): number {
  if (typeof message.flags === 'number') return message.flags;
  return message.in_parent === true ? PE_PARENT : PE_PRESENT;
}

/** Page count: nr_pages (field 5, CRIU >= 4.2) when present, else compat_nr_pages (field 2). */
export function pageCount(message: Message): number {
  const wide = message.nr_pages;
  if (typeof wide === 'bigint' && wide > 0n) return Number(wide);
  if (typeof wide === 'number' && wide > 0) return wide;
  const compat = message.compat_nr_pages;
  if (typeof compat === 'number') return compat;
  if (typeof compat === 'bigint') return Number(compat);
  return 0;
}

/** The run table of a pagemap image's entries (entry 0, the head, excluded by the caller).
 *  PE_PRESENT runs take consecutive places in the pages file in pagemap file order. */
export function buildRunTable(
  entries: Message[],
  pageSize: number,
  file: string,
  offsets: number[] = [],
): { table: RunTable; warnings: InspectorWarning[] } {
  const warnings: InspectorWarning[] = [];
  const runs: PageRun[] = [];
  const size = BigInt(pageSize);
  let fileOffset = 0;
  let allEntriesBytes = 0;
  entries.forEach((message, index) => {
    const vaddr = message.vaddr;
    if (typeof vaddr !== 'bigint') {
      warnings.push({ file, offset: offsets[index], message: `pagemap entry ${index + 1} has no vaddr; skipped` });
      return;
    }
    const pages = pageCount(message);
    const flags = normaliseFlags(message);
    allEntriesBytes += pages * pageSize;
    if (pages <= 0) return;
    const present = (flags & PE_PRESENT) !== 0;
    runs.push({ start: vaddr, end: vaddr + BigInt(pages) * size, pages, flags, fileOffset: present ? fileOffset : -1 });
    if (present) fileOffset += pages * pageSize;
  });
  runs.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const kept: PageRun[] = [];
  for (const run of runs) {
    const previous = kept[kept.length - 1];
    if (previous && run.start < previous.end) {
      warnings.push({ file, message: `pagemap run at 0x${run.start.toString(16)} overlaps the run before it; ignored` });
      continue;
    }
    kept.push(run);
  }
  return { table: { pageSize, runs: kept, presentBytes: fileOffset, allEntriesBytes }, warnings };
}

/** Index of the last run whose start <= address, or -1. */
export function findRunIndex(runs: readonly PageRun[], address: bigint): number {
  let low = 0;
  let high = runs.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (runs[middle].start <= address) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** Splits [address, address + length) into pieces that are dumped (fileOffset >= 0) or not. */
export function mapRange(runs: readonly PageRun[], address: bigint, length: number): RunPiece[] {
  const pieces: RunPiece[] = [];
  const end = address + BigInt(length);
  let cursor = address;
  let index = findRunIndex(runs, address);
  if (index < 0 || runs[index].end <= address) index += 1;
  while (cursor < end) {
    const run = runs[index];
    if (!run || run.start >= end) {
      pushPiece(pieces, cursor, Number(end - cursor), -1);
      break;
    }
    if (run.start > cursor) {
      pushPiece(pieces, cursor, Number(run.start - cursor), -1);
      cursor = run.start;
    }
    const stop = run.end < end ? run.end : end;
    const offset = run.fileOffset < 0 ? -1 : run.fileOffset + Number(cursor - run.start);
    pushPiece(pieces, cursor, Number(stop - cursor), offset);
    cursor = stop;
    index += 1;
  }
  return pieces;
}

function pushPiece(pieces: RunPiece[], address: bigint, length: number, fileOffset: number): void {
  const last = pieces[pieces.length - 1];
  if (last && last.fileOffset < 0 && fileOffset < 0) {
    last.length += length;
    return;
  }
  if (last && last.fileOffset >= 0 && fileOffset === last.fileOffset + last.length) {
    last.length += length;
    return;
  }
  pieces.push({ address, length, fileOffset });
}

/** Contiguous virtual ranges made of PE_PRESENT runs: neighbours whose addresses touch are merged
 *  (their bytes may sit anywhere in the pages file), so a match across runs is still found. */
export interface PresentRange {
  start: bigint;
  end: bigint;
  /** The runs in address order, each with its pages-file offset. */
  pieces: RunPiece[];
}

export function presentRanges(runs: readonly PageRun[], clip?: { start: bigint; end: bigint }): PresentRange[] {
  const ranges: PresentRange[] = [];
  for (const run of runs) {
    if (run.fileOffset < 0) continue;
    let start = run.start;
    let end = run.end;
    if (clip) {
      if (end <= clip.start || start >= clip.end) continue;
      if (start < clip.start) start = clip.start;
      if (end > clip.end) end = clip.end;
    }
    const piece: RunPiece = { address: start, length: Number(end - start), fileOffset: run.fileOffset + Number(start - run.start) };
    const last = ranges[ranges.length - 1];
    if (last && last.end === start) {
      const tail = last.pieces[last.pieces.length - 1];
      if (tail.fileOffset + tail.length === piece.fileOffset) tail.length += piece.length;
      else last.pieces.push(piece);
      last.end = end;
    } else ranges.push({ start, end, pieces: [piece] });
  }
  return ranges;
}

/** The page size of a dump. x86_64 and most others: 4096. aarch64 (mtype 3) and ppc64 (mtype 4)
 *  may use 16K or 64K pages; nothing records it, so take the largest candidate that every VMA bound
 *  and pagemap vaddr is a multiple of. */
export function detectPageSize(mtype: number | undefined, addresses: readonly bigint[]): number {
  if (mtype !== 3 && mtype !== 4) return 4096;
  for (const candidate of [65536n, 16384n]) {
    if (addresses.length > 0 && addresses.every((a) => a % candidate === 0n)) return Number(candidate);
  }
  return 4096;
}
