// Memory search: one query (ASCII, UTF-16LE, hex, regex; several encodings in one pass) over the
// dumped memory of one process or all of them. Planning here, scanning in the search workers.

import type { InspectorWarning, SearchEncoding, SearchHit, SearchQuery } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import { CancelledError, InspectorError } from '../errors';
import type { JobContext } from '../jobs/job-manager';
import { LIMITS } from '../limits';
import type { ImageLookup } from './images';
import { compileQuery } from './patterns';
import { hex } from './regions';
import { type ChunkMeta, type ScanOptions, loadProcesses, parseRange, pushAll, runScan } from './scan-job';
import { ENCODINGS, type PackedHits } from './worker-protocol';

export const DEFAULT_CONTEXT_BYTES = 32;
export const MAX_CONTEXT_BYTES = 4096;

export interface SearchResult {
  bytesScanned: number;
  elapsedMs: number;
  hits: number;
  limitReached: boolean;
}

export async function searchMemory(
  archive: OpenedArchive,
  store: ImageLookup,
  query: SearchQuery,
  ctx: JobContext<SearchHit>,
  options: ScanOptions = {},
): Promise<SearchResult> {
  const started = performance.now();
  const compiled = compileQuery(query);
  const contextBytes = clampInt(query.contextBytes ?? DEFAULT_CONTEXT_BYTES, 0, MAX_CONTEXT_BYTES, 'contextBytes');
  const maxHits = clampInt(query.maxHits ?? LIMITS.maxSearchHits, 1, LIMITS.maxSearchHits, 'maxHits');
  const clip = parseRange(query.range);
  const memories = await loadProcesses(archive, store, query.pid, options, ctx.warn);
  ctx.throwIfCancelled();

  let count = 0;
  let limitReached = false;
  // Regex matches are leftmost-first and do not overlap; where a chunk boundary lets the next chunk
  // start a match inside the previous one, drop it (as one pass over the range would).
  let regexEnd = -1n;
  let regexPid = -1;

  const { bytesScanned } = await runScan({
    memories,
    clip,
    margins: { overlap: compiled.maxMatch - 1, before: contextBytes, after: contextBytes },
    spec: {
      kind: 'search',
      literals: compiled.literals,
      regex: compiled.regex,
      maxMatch: compiled.maxMatch,
      needsFold: compiled.needsFold,
      contextBytes,
      maxHits,
    },
    signal: ctx.signal,
    options,
    progress: (done, total) => ctx.progress(done, total),
    warn: ctx.warn,
    onResult: (result, meta) => {
      if (result.type !== 'hits') return true;
      const packed = result.hits;
      const hits: SearchHit[] = [];
      for (let i = 0; i < packed.count && count + hits.length < maxHits; i++) {
        const address = meta.chunk.bufStart + BigInt(packed.offsets[i]);
        const encoding = ENCODINGS[packed.encodings[i]];
        if (encoding === 'regex') {
          if (regexPid === meta.memory.pid && address < regexEnd) continue;
          regexPid = meta.memory.pid;
          regexEnd = address + BigInt(packed.lengths[i]);
        }
        hits.push(toHit(packed, i, address, encoding, meta));
      }
      count += hits.length;
      pushAll(ctx, hits);
      if (count >= maxHits) {
        limitReached = true;
        ctx.warn({
          file: meta.memory.pagesEntry?.path ?? archive.path,
          message: `hit limit reached: the search stopped after ${maxHits} hits (pid ${meta.memory.pid}, near ${hex(meta.chunk.bufStart)})`,
        });
        return false;
      }
      return true;
    },
  });
  return { bytesScanned, elapsedMs: performance.now() - started, hits: count, limitReached };
}

function toHit(packed: PackedHits, i: number, address: bigint, encoding: SearchEncoding, meta: ChunkMeta): SearchHit {
  const { memory, chunk } = meta;
  const found = memory.region(address);
  const region = found
    ? { start: found.region.start, end: found.region.end, prot: found.region.prot, path: found.region.backing }
    : { start: hex(chunk.range.start), end: hex(chunk.range.end), prot: '----', path: '[outside any VMA]' };
  return {
    pid: memory.pid,
    comm: memory.comm,
    address: hex(address),
    length: packed.lengths[i],
    encoding,
    region,
    // A copy of its own: a view would carry the whole packed buffer across IPC.
    context: packed.contexts.slice(packed.contextStarts[i], packed.contextStarts[i + 1]),
    contextBefore: packed.contextBefore[i],
  };
}

function clampInt(value: number, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InspectorError(`${what} must be a number`);
  return Math.min(max, Math.max(min, Math.floor(value)));
}

export interface SearchAllResult {
  hits: SearchHit[];
  bytesScanned: number;
  elapsedMs: number;
  limitReached: boolean;
  warnings: InspectorWarning[];
}

/** For the CLI and tests: the whole search in one call, hits collected in order. */
export async function searchAll(
  archive: OpenedArchive,
  store: ImageLookup,
  query: SearchQuery,
  options: ScanOptions & { signal?: AbortSignal } = {},
): Promise<SearchAllResult> {
  const hits: SearchHit[] = [];
  const warnings: InspectorWarning[] = [];
  const ctx = collectingContext(options.signal ?? new AbortController().signal, hits, warnings);
  const result = await searchMemory(archive, store, query, ctx, options);
  return { hits, bytesScanned: result.bytesScanned, elapsedMs: result.elapsedMs, limitReached: result.limitReached, warnings };
}

/** A JobContext that keeps what a job pushes and warns, for callers without a JobManager. */
export function collectingContext<T>(
  signal: AbortSignal,
  items: T[],
  warnings: InspectorWarning[],
  onProgress?: (done: number, total: number) => void,
): JobContext<T> {
  return {
    signal,
    progress: (done, total) => onProgress?.(done, total ?? 0),
    warn: (warning) => warnings.push(warning),
    push: (...more) => {
      for (const item of more) items.push(item);
    },
    throwIfCancelled: () => {
      if (signal.aborted) throw new CancelledError();
    },
  };
}
