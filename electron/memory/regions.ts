// VMAs of mm-<pid>.img as the regions a memory view shows: bounds, rwx + shared/private, what backs
// them, and how many of their bytes this dump holds.

import type { HexString, MemoryRegion } from '../../shared/model';
import type { Message } from '../criu/types';
import { PE_PRESENT, type PageRun, findRunIndex } from './runs';

export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
export const MAP_SHARED = 0x1;
export const MAP_ANON = 0x20;
export const MAP_GROWSDOWN = 0x100;

export const VMA_STATUS = {
  REGULAR: 1 << 0,
  STACK: 1 << 1,
  VSYSCALL: 1 << 2,
  VDSO: 1 << 3,
  HEAP: 1 << 5,
  FILE_PRIVATE: 1 << 6,
  FILE_SHARED: 1 << 7,
  ANON_SHARED: 1 << 8,
  ANON_PRIVATE: 1 << 9,
  SYSVIPC: 1 << 10,
  SOCKET: 1 << 11,
  VVAR: 1 << 12,
  AIORING: 1 << 13,
  MEMFD: 1 << 14,
  SHSTK: 1 << 15,
  GUARD: 1 << 16,
  UPROBES: 1 << 17,
  EXT_PLUGIN: 1 << 27,
  UNSUPP: 1 << 31,
} as const;

export interface Vma {
  start: bigint;
  end: bigint;
  pgoff: bigint;
  shmid: bigint;
  prot: number;
  flags: number;
  status: number;
}

/** A region with its bigint bounds kept for lookups. */
export interface RegionEntry {
  start: bigint;
  end: bigint;
  region: MemoryRegion;
}

export function hex(value: bigint): HexString {
  return `0x${value.toString(16)}`;
}

export function toVma(message: Message): Vma | undefined {
  const { start, end } = message;
  if (typeof start !== 'bigint' || typeof end !== 'bigint' || end <= start) return undefined;
  return {
    start,
    end,
    pgoff: typeof message.pgoff === 'bigint' ? message.pgoff : 0n,
    shmid: typeof message.shmid === 'bigint' ? message.shmid : 0n,
    prot: typeof message.prot === 'number' ? message.prot : 0,
    flags: typeof message.flags === 'number' ? message.flags : 0,
    status: typeof message.status === 'number' ? message.status : 0,
  };
}

export function protString(prot: number, shared: boolean): string {
  return (
    (prot & PROT_READ ? 'r' : '-') + (prot & PROT_WRITE ? 'w' : '-') + (prot & PROT_EXEC ? 'x' : '-') + (shared ? 's' : 'p')
  );
}

export function statusNames(status: number): string[] {
  return Object.entries(VMA_STATUS)
    .filter(([, bit]) => (status & bit) !== 0)
    .map(([name]) => name);
}

export interface BackingContext {
  /** files.img id -> path, for file mappings (vma.shmid). */
  fileNames: ReadonlyMap<number, string>;
  startStack?: bigint;
  startBrk?: bigint;
  brk?: bigint;
}

export function classify(vma: Vma, context: BackingContext): Pick<MemoryRegion, 'backing' | 'backingKind'> {
  const s = vma.status;
  const id = Number(vma.shmid);
  if (s & VMA_STATUS.VSYSCALL) return { backing: '[vsyscall]', backingKind: 'vsyscall' };
  if (s & VMA_STATUS.VVAR) return { backing: '[vvar]', backingKind: 'vvar' };
  if (s & VMA_STATUS.VDSO) return { backing: '[vdso]', backingKind: 'vdso' };
  const isFile = (s & (VMA_STATUS.FILE_PRIVATE | VMA_STATUS.FILE_SHARED)) !== 0 || (s & VMA_STATUS.MEMFD) !== 0;
  if (isFile) {
    const name = context.fileNames.get(id);
    return { backing: name ?? `file[${id}]`, backingKind: 'file' };
  }
  if (s & VMA_STATUS.SYSVIPC) return { backing: `ipc[${id}]`, backingKind: 'shmem' };
  if (s & VMA_STATUS.SOCKET) return { backing: `packet[${id}]`, backingKind: 'other' };
  if (s & VMA_STATUS.ANON_SHARED) return { backing: `shmem[${id}]`, backingKind: 'shmem' };
  const { startStack, startBrk, brk } = context;
  // Same rules as /proc/<pid>/maps: [stack] holds mm start_stack, [heap] overlaps start_brk..brk.
  if (s & VMA_STATUS.STACK || (startStack !== undefined && vma.start <= startStack && startStack < vma.end)) {
    return { backing: '[stack]', backingKind: 'stack' };
  }
  if (
    s & VMA_STATUS.HEAP ||
    (startBrk !== undefined && brk !== undefined && brk > startBrk && vma.start < brk && vma.end > startBrk)
  ) {
    return { backing: '[heap]', backingKind: 'heap' };
  }
  if (vma.flags & MAP_GROWSDOWN) return { backing: '[stack?]', backingKind: 'stack' };
  if ((s & VMA_STATUS.ANON_PRIVATE) !== 0 || vma.flags & MAP_ANON) return { backing: '[anon]', backingKind: 'anon' };
  return { backing: '[unknown]', backingKind: 'other' };
}

/** Bytes of [start, end) covered by PE_PRESENT runs. */
export function presentBytesIn(runs: readonly PageRun[], start: bigint, end: bigint): number {
  let total = 0n;
  let index = findRunIndex(runs, start);
  if (index < 0) index = 0;
  for (; index < runs.length && runs[index].start < end; index++) {
    const run = runs[index];
    if (!(run.flags & PE_PRESENT) || run.fileOffset < 0 || run.end <= start) continue;
    const from = run.start > start ? run.start : start;
    const to = run.end < end ? run.end : end;
    if (to > from) total += to - from;
  }
  return Number(total);
}

export function buildRegions(vmas: readonly Vma[], runs: readonly PageRun[], context: BackingContext): RegionEntry[] {
  return [...vmas]
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
    .map((vma) => {
      const shared = (vma.flags & MAP_SHARED) !== 0;
      const region: MemoryRegion = {
        start: hex(vma.start),
        end: hex(vma.end),
        size: Number(vma.end - vma.start),
        prot: protString(vma.prot, shared),
        shared,
        ...classify(vma, context),
        pgoff: Number(vma.pgoff),
        dumpedBytes: presentBytesIn(runs, vma.start, vma.end),
        flags: statusNames(vma.status),
      };
      return { start: vma.start, end: vma.end, region };
    });
}

/** The region holding `address`, by binary search over regions sorted by start. */
export function findRegion(regions: readonly RegionEntry[], address: bigint): RegionEntry | undefined {
  let low = 0;
  let high = regions.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const entry = regions[middle];
    if (address < entry.start) high = middle - 1;
    else if (address >= entry.end) low = middle + 1;
    else return entry;
  }
  return undefined;
}
