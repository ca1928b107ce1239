// Follows a streaming job (memory search, strings) without pulling every result into the page:
// a poll asks only for the job's status and result count (max 0), and the rows the list shows
// are fetched in small windows as they scroll into view. A search with 100 000 hits then costs
// what one screen costs, and no poll ever becomes a long task (over the Playwright bridge a
// thousand hits with their context bytes take hundreds of milliseconds to deserialize).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobId, JobStatus } from '../../../shared/model';
import { call, describeWhere, errorText } from '../../lib/api';

const POLL_MS = 250;
/** Rows fetched per window request. */
const WINDOW = 50;
const OVERSCAN = 20;
/** Rows kept in memory; the farthest from the visible range are dropped beyond this. */
const MAX_KEPT = 20_000;

export interface StreamedBatch<T, R> {
  status: JobStatus<R>;
  items: T[];
  total: number;
}

export interface StreamedJob<T, R> {
  /** Results the job has produced so far. */
  count: number;
  rowAt(index: number): T | undefined;
  /** Rows [first, last) are on screen: fetch those not loaded yet. */
  request(first: number, last: number): void;
  status: JobStatus<R> | null;
  error: string | null;
  running: boolean;
  start(begin: () => Promise<JobId>): void;
  cancel(): void;
  clear(): void;
}

export function useStreamedJob<T, R>(fetch: (jobId: JobId, from: number, max: number) => Promise<StreamedBatch<T, R>>): StreamedJob<T, R> {
  const rows = useRef(new Map<number, T>());
  const pending = useRef(new Set<number>());
  const visible = useRef<[number, number]>([0, 0]);
  const [, setVersion] = useState(0);
  const [count, setCount] = useState(0);
  const [status, setStatus] = useState<JobStatus<R> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const generation = useRef(0);
  /** The job being polled (null once it has finished). */
  const jobId = useRef<JobId | null>(null);
  /** The latest job, still paged through after it has finished. */
  const lastJob = useRef<JobId | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const stop = useCallback(() => {
    generation.current++;
    window.clearTimeout(timer.current);
    const id = jobId.current;
    jobId.current = null;
    return id;
  }, []);

  const clear = useCallback(() => {
    const id = stop();
    if (id) void call('cancelJob', id).catch(() => undefined);
    lastJob.current = null;
    rows.current = new Map();
    pending.current = new Set();
    setCount(0);
    setStatus(null);
    setError(null);
    setRunning(false);
  }, [stop]);

  const fetchWindow = useCallback(
    (id: JobId, from: number, mine: number) => {
      for (let i = from; i < from + WINDOW; i++) pending.current.add(i);
      fetch(id, from, WINDOW).then(
        (batch) => {
          if (generation.current !== mine) return;
          batch.items.forEach((item, k) => rows.current.set(from + k, item));
          for (let i = from; i < from + WINDOW; i++) pending.current.delete(i);
          trim(rows.current, visible.current);
          setVersion((v) => v + 1);
        },
        (e: unknown) => {
          if (generation.current !== mine) return;
          for (let i = from; i < from + WINDOW; i++) pending.current.delete(i);
          setError(errorText(e));
        },
      );
    },
    [fetch],
  );

  const request = useCallback(
    (first: number, last: number) => {
      visible.current = [first, last];
      const id = jobId.current ?? lastJob.current;
      if (!id) return;
      const from = Math.max(0, first - OVERSCAN);
      const to = Math.min(count, last + OVERSCAN);
      for (let w = Math.floor(from / WINDOW) * WINDOW; w < to; w += WINDOW) {
        let missing = false;
        for (let i = w; i < Math.min(w + WINDOW, to); i++) if (!rows.current.has(i) && !pending.current.has(i)) missing = true;
        if (missing) fetchWindow(id, w, generation.current);
      }
    },
    [count, fetchWindow],
  );
  const start = useCallback(
    (begin: () => Promise<JobId>) => {
      clear();
      const mine = generation.current;
      setRunning(true);
      const poll = async (id: JobId) => {
        try {
          const batch = await fetch(id, 0, 0);
          if (generation.current !== mine) return;
          setCount(batch.total);
          setStatus(batch.status);
          if (batch.status.state === 'running') {
            timer.current = window.setTimeout(() => void poll(id), POLL_MS);
          } else {
            setRunning(false);
            jobId.current = null;
            if (batch.status.state === 'failed' && batch.status.error) setError(describeWhere(batch.status.error));
          }
        } catch (e) {
          if (generation.current !== mine) return;
          setError(errorText(e));
          setRunning(false);
        }
      };
      begin().then(
        (id) => {
          if (generation.current !== mine) {
            void call('cancelJob', id).catch(() => undefined);
            return;
          }
          jobId.current = id;
          lastJob.current = id;
          void poll(id);
        },
        (e: unknown) => {
          if (generation.current !== mine) return;
          setError(errorText(e));
          setRunning(false);
        },
      );
    },
    [clear, fetch],
  );

  const cancel = useCallback(() => {
    const id = jobId.current;
    if (!id) return;
    // Polling goes on: the job reports 'cancelled' with the results it had.
    void call('cancelJob', id).catch((e: unknown) => setError(errorText(e)));
  }, []);

  useEffect(
    () => () => {
      const id = stop();
      if (id) void call('cancelJob', id).catch(() => undefined);
    },
    [stop],
  );

  const rowAt = useCallback((index: number) => rows.current.get(index), []);
  return { count, rowAt, request, status, error, running, start, cancel, clear };
}

/** Drops the rows farthest from the visible range once more than MAX_KEPT are held. */
function trim<T>(rows: Map<number, T>, [first, last]: [number, number]) {
  if (rows.size <= MAX_KEPT) return;
  const middle = (first + last) / 2;
  const far = [...rows.keys()].sort((a, b) => Math.abs(b - middle) - Math.abs(a - middle));
  for (const key of far.slice(0, rows.size - MAX_KEPT / 2)) rows.delete(key);
}
