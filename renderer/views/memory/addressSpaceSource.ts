// Maps a process's address space onto the flat logical byte space the HexView scrolls through:
// the chosen regions laid end to end (gaps between regions omitted), each offset tied back to its
// virtual address. Reads are split at region boundaries and at the 1 MiB readMemory limit.
import type { MemoryRegion, MemoryRead } from '../../../shared/model';
import { toHexString as hex } from '../../../shared/text';
import type { HexSource } from '../../components/HexView';

export const MAX_MEMORY_READ = 1024 * 1024;

export interface LaidOutRegion {
  region: MemoryRegion;
  start: bigint;
  end: bigint;
  /** Logical offset of the region's first byte. */
  offset: number;
  size: number;
}

export function layOut(regions: MemoryRegion[]): LaidOutRegion[] {
  const sorted = [...regions].sort((a, b) => compareBig(BigInt(a.start), BigInt(b.start)));
  const laid: LaidOutRegion[] = [];
  let offset = 0;
  for (const region of sorted) {
    const start = BigInt(region.start);
    const end = BigInt(region.end);
    const size = Number(end - start);
    if (size <= 0) continue;
    laid.push({ region, start, end, offset, size });
    offset += size;
  }
  return laid;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The region containing `address`, by binary search; undefined when the address is unmapped. */
export function regionAt(laid: LaidOutRegion[], address: bigint): LaidOutRegion | undefined {
  let lo = 0;
  let hi = laid.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = laid[mid];
    if (address < r.start) hi = mid - 1;
    else if (address >= r.end) lo = mid + 1;
    else return r;
  }
  return undefined;
}

/** The region holding logical `offset`. */
export function regionAtOffset(laid: LaidOutRegion[], offset: number): LaidOutRegion | undefined {
  let lo = 0;
  let hi = laid.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = laid[mid];
    if (offset < r.offset) hi = mid - 1;
    else if (offset >= r.offset + r.size) lo = mid + 1;
    else return r;
  }
  return undefined;
}

export function regionLabel(region: MemoryRegion): string {
  return `${region.start}–${region.end} ${region.prot} ${region.backing}`;
}

/** "→ [heap] +0x1a0 (rw-p)" for a value that points into a mapped region. */
export function describePointerIn(laid: LaidOutRegion[], value: bigint): string | null {
  const r = regionAt(laid, value);
  if (!r) return null;
  return `${r.region.backing} +${hex(value - r.start)} (${r.region.prot})`;
}

export type ReadMemory = (address: string, length: number) => Promise<MemoryRead>;

export function createAddressSpaceSource(laid: LaidOutRegion[], readMemory: ReadMemory): HexSource {
  const last = laid[laid.length - 1];
  const size = last ? last.offset + last.size : 0;
  return {
    size,
    addressOf(offset) {
      const r = regionAtOffset(laid, offset) ?? last;
      if (!r) return BigInt(offset);
      return r.start + BigInt(offset - r.offset);
    },
    offsetOf(address) {
      const r = regionAt(laid, address);
      return r ? r.offset + Number(address - r.start) : null;
    },
    boundaries: laid.map((r) => ({ offset: r.offset, label: regionLabel(r.region) })),
    async read(offset, length) {
      const pieces: Array<Promise<Array<{ offset: number; length: number; bytes: Uint8Array | null }>>> = [];
      let at = Math.max(0, offset);
      const stop = Math.min(size, offset + length);
      while (at < stop) {
        const r = regionAtOffset(laid, at);
        if (!r) break;
        const pieceEnd = Math.min(stop, r.offset + r.size, at + MAX_MEMORY_READ);
        const pieceOffset = at;
        const address = r.start + BigInt(at - r.offset);
        pieces.push(
          readMemory(hex(address), pieceEnd - at).then((read) =>
            read.chunks.map((chunk) => ({
              offset: pieceOffset + Number(BigInt(chunk.address) - address),
              length: chunk.length,
              bytes: chunk.bytes,
            })),
          ),
        );
        at = pieceEnd;
      }
      return (await Promise.all(pieces)).flat();
    },
  };
}
