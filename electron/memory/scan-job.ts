// What search and strings share: load the address spaces, plan chunks over their dumped ranges,
// open the pages files read-only for the workers, run the pool, report progress in bytes.

import { open, type FileHandle } from 'node:fs/promises';
import type { HexString, InspectorWarning } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import { InspectorError } from '../errors';
import { type ProcessMemory, loadAddressSpace } from './address-space';
import { type ImageLookup, imageDir, listProcesses } from './images';
import { type ChunkMargins, type PlannedChunk, chunkRange } from './plan';
import { type TaskResult, runPool } from './worker-pool';
import type { ScanSpec } from './worker-protocol';

export interface ScanOptions {
  /** Image folder (pod checkpoints); default found from pstree.img. */
  dir?: string;
  /** Worker count (default 2). */
  workers?: number;
  /** Chunk size in bytes (tests use small chunks to exercise the boundaries). */
  chunkBytes?: number;
  /** Where address spaces come from (a session's cache); default loadAddressSpace. */
  load?: (pid: number) => Promise<ProcessMemory>;
}

export interface ChunkMeta {
  memory: ProcessMemory;
  chunk: PlannedChunk;
}

/** ctx.push in slices: one call with 100 000 spread arguments would overflow the stack. */
export function pushAll<T>(ctx: { push(...items: T[]): void }, items: readonly T[]): void {
  for (let i = 0; i < items.length; i += 8192) ctx.push(...items.slice(i, i + 8192));
}

export function parseRange(range: { start: HexString; end: HexString } | undefined): { start: bigint; end: bigint } | undefined {
  if (!range) return undefined;
  const parse = (value: HexString, what: string) => {
    if (typeof value !== 'string' || !/^(0x)?[0-9a-f]+$/i.test(value.trim())) {
      throw new InspectorError(`range ${what} is not a hex address: ${String(value)}`);
    }
    const text = value.trim();
    return BigInt(text.toLowerCase().startsWith('0x') ? text : `0x${text}`);
  };
  const start = parse(range.start, 'start');
  const end = parse(range.end, 'end');
  if (end <= start) throw new InspectorError(`range end ${range.end} is not after its start ${range.start}`);
  return { start, end };
}

/** One process, or all of them in pid order. For all, a process without memory images (dead,
 *  zombie) is a warning; for one, it is the error. */
export async function loadProcesses(
  archive: OpenedArchive,
  store: ImageLookup,
  pid: number | undefined,
  options: ScanOptions,
  warn: (warning: InspectorWarning) => void,
): Promise<ProcessMemory[]> {
  const loadOne = options.load ?? ((p: number) => loadAddressSpace(archive, store, p, { dir: options.dir }));
  // What the address space found wrong (missing pages image, short pages file...) is the job's too.
  const load = async (p: number) => {
    const memory = await loadOne(p);
    memory.info().warnings.forEach(warn);
    return memory;
  };
  if (pid !== undefined) return [await load(pid)];
  const dir = imageDir(archive, options.dir);
  const warnings: InspectorWarning[] = [];
  const processes = await listProcesses(store, dir, warnings);
  warnings.forEach(warn);
  if (processes.length === 0) throw new InspectorError('no processes in this dump (pstree.img missing or empty)', { file: `${dir}pstree.img` });
  const memories: ProcessMemory[] = [];
  for (const p of [...processes].sort((a, b) => a.pid - b.pid)) {
    try {
      memories.push(await load(p.pid));
    } catch (error) {
      if (!(error instanceof InspectorError)) throw error;
      warn({ file: error.file ?? `${dir}mm-${p.pid}.img`, offset: error.offset, message: `pid ${p.pid} skipped: ${error.message}` });
    }
  }
  return memories;
}

export interface ScanRun {
  memories: ProcessMemory[];
  clip?: { start: bigint; end: bigint };
  margins: ChunkMargins;
  spec: ScanSpec;
  signal: AbortSignal;
  options: ScanOptions;
  progress(done: number, total: number): void;
  warn(warning: InspectorWarning): void;
  /** Called in address order per process (processes in the given order); false stops the scan. */
  onResult(result: TaskResult, meta: ChunkMeta): boolean;
}

export async function runScan(run: ScanRun): Promise<{ bytesScanned: number; total: number }> {
  const planned = run.memories
    .filter((memory) => {
      if (memory.pagesEntry && !memory.pagesEntry.backing) {
        run.warn({ file: memory.pagesEntry.path, message: `pid ${memory.pid}: pages image has no readable data; skipped` });
      }
      return memory.pagesEntry?.backing !== undefined;
    })
    .map((memory) => ({ memory, ranges: memory.presentRanges(run.clip) }));
  const total = planned.reduce((sum, p) => sum + p.ranges.reduce((s, r) => s + Number(r.end - r.start), 0), 0);
  run.progress(0, total);

  const handles = new Map<string, FileHandle>();
  let bytesScanned = 0;
  try {
    for (const { memory } of planned) {
      const file = memory.pagesEntry!.backing!.file;
      if (!handles.has(file)) handles.set(file, await open(file, 'r'));
    }
    const tasks = plan(planned, handles, run);
    await runPool<ChunkMeta>({
      spec: run.spec,
      tasks,
      signal: run.signal,
      size: run.options.workers,
      onResult: (result, meta) => {
        bytesScanned += result.scanned;
        const keepGoing = run.onResult(result, meta);
        run.progress(bytesScanned, total);
        return keepGoing;
      },
    });
  } finally {
    await Promise.allSettled([...handles.values()].map((h) => h.close()));
  }
  return { bytesScanned, total };
}

function* plan(
  planned: Array<{ memory: ProcessMemory; ranges: ReturnType<ProcessMemory['presentRanges']> }>,
  handles: Map<string, FileHandle>,
  run: ScanRun,
) {
  for (const { memory, ranges } of planned) {
    const backing = memory.pagesEntry?.backing;
    const handle = backing && handles.get(backing.file);
    if (!backing || !handle) continue;
    for (const range of ranges) {
      for (const chunk of chunkRange(range, backing.offset, run.margins, run.options.chunkBytes)) {
        yield {
          task: {
            fd: handle.fd,
            file: backing.file,
            length: chunk.length,
            pieces: chunk.pieces,
            ownStart: chunk.ownStart,
            ownEnd: chunk.ownEnd,
            scanEnd: chunk.scanEnd,
          },
          meta: { memory, chunk },
        };
      }
    }
  }
}
