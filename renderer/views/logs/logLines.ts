// Fetches log lines in windows as the user scrolls and keeps a bounded cache of them, so a log of
// millions of lines costs only what is on screen. Rows map to line indexes either one to one or
// through a filter result (the line indexes filterLog returned).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogKind, LogLine } from '../../../shared/model';

const WINDOW = 200;
const OVERSCAN = 100;
const MAX_CACHED = 20_000;
/** Filtered rows: indexes closer than this are fetched as one run (the gap lines are cheap). */
const RUN_GAP = 24;

export interface LogLineSource {
  /** The line shown in `row`, if it has arrived. */
  lineAt(row: number): LogLine | undefined;
  /** Line index shown in `row`. */
  lineIndexOf(row: number): number;
  /** Rows [first, last) are visible; fetch what is missing around them. */
  request(first: number, last: number): void;
  error: string | null;
}

export function useLogLines(
  read: (start: number, count: number) => Promise<LogLine[]>,
  kind: LogKind,
  /** Lines in the log so far (grows while the log is indexed). */
  lineCount: number,
  filtered: number[] | null,
  describeError: (e: unknown) => string,
): LogLineSource {
  const cache = useRef(new Map<number, LogLine>());
  const pending = useRef(new Set<number>());
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const lastRange = useRef<[number, number]>([0, 0]);

  useEffect(() => {
    cache.current.clear();
    pending.current.clear();
    setError(null);
    setVersion((v) => v + 1);
  }, [read, kind]);

  const lineIndexOf = useCallback((row: number) => (filtered ? filtered[row] : row), [filtered]);

  const fetchRun = useCallback(
    (start: number, count: number) => {
      for (let i = start; i < start + count; i++) pending.current.add(i);
      read(start, count)
        .then((lines) => {
          for (const line of lines) cache.current.set(line.index, line);
          trim(cache.current, lastRange.current);
          setError(null);
          setVersion((v) => v + 1);
        })
        .catch((e: unknown) => setError(describeError(e)))
        .finally(() => {
          for (let i = start; i < start + count; i++) pending.current.delete(i);
        });
    },
    [read, describeError],
  );

  const request = useCallback(
    (first: number, last: number) => {
      const from = Math.max(0, first - OVERSCAN);
      const to = last + OVERSCAN;
      const missing: number[] = [];
      if (filtered) {
        for (let row = from; row < Math.min(to, filtered.length); row++) missing.push(filtered[row]);
      } else {
        const start = Math.floor(from / WINDOW) * WINDOW;
        const end = Math.min(lineCount, Math.ceil(to / WINDOW) * WINDOW);
        for (let i = start; i < end; i++) missing.push(i);
      }
      const wanted = missing.filter((i) => !cache.current.has(i) && !pending.current.has(i));
      if (wanted.length === 0) return;
      lastRange.current = [wanted[0], wanted[wanted.length - 1]];
      for (const [start, count] of runs(wanted, filtered ? RUN_GAP : 1)) fetchRun(start, count);
    },
    [filtered, fetchRun, lineCount],
  );

  const lineAt = useCallback((row: number) => cache.current.get(lineIndexOf(row)), [lineIndexOf]);
  return { lineAt, lineIndexOf, request, error };
}

/** Sorted indexes -> [start, count] runs, merging gaps smaller than `gap`. */
export function runs(indexes: number[], gap: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = indexes[0];
  let end = start + 1;
  for (let k = 1; k < indexes.length; k++) {
    const i = indexes[k];
    if (i - end < gap) end = i + 1;
    else {
      out.push([start, end - start]);
      start = i;
      end = i + 1;
    }
  }
  if (indexes.length > 0) out.push([start, end - start]);
  return out;
}

/** Drops the lines farthest from what is being looked at once the cache is over its bound. */
function trim(cache: Map<number, LogLine>, [lo, hi]: [number, number]) {
  if (cache.size <= MAX_CACHED) return;
  const mid = (lo + hi) / 2;
  const byDistance = [...cache.keys()].sort((a, b) => Math.abs(b - mid) - Math.abs(a - mid));
  for (const key of byDistance.slice(0, cache.size - MAX_CACHED / 2)) cache.delete(key);
}

/**
 * First line whose time is at or after `targetMs`, by binary search over line numbers; lines without
 * a time (malformed records) are skipped by looking at the next few.
 */
export async function findLineAtTime(
  read: (start: number, count: number) => Promise<LogLine[]>,
  lineCount: number,
  targetMs: number,
): Promise<number> {
  const PROBE = 8;
  let lo = 0;
  let hi = lineCount;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const probe = await read(mid, PROBE);
    const timed = probe.find((l) => l.timeMs !== undefined);
    if (!timed) {
      // Nothing timed here: search the left half, the answer cannot be proven to the right.
      hi = mid;
      continue;
    }
    if (timed.timeMs! < targetMs) lo = timed.index + 1;
    else hi = mid;
  }
  // Land on a line that has a time, not on a malformed one just before it.
  const landed = lo < lineCount ? (await read(lo, PROBE)).find((l) => l.timeMs !== undefined) : undefined;
  return landed ? landed.index : Math.min(lo, Math.max(0, lineCount - 1));
}
