// Polls a streaming job (memory search, strings) and appends its results as they arrive. Results
// are pushed into one array kept in a ref; a poll only changes `count` and `status`, so rendering
// stays proportional to the rows on screen however many results there are.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobId, JobStatus } from '../../../shared/model';
import { call, describeWhere, errorText } from '../../lib/api';

const POLL_MS = 200;
/** Results fetched per poll: small enough that one poll never becomes a long task. */
const BATCH = 1000;

export interface StreamedBatch<T, R> {
  status: JobStatus<R>;
  items: T[];
  total: number;
}

export interface StreamedJob<T, R> {
  rows: T[];
  count: number;
  status: JobStatus<R> | null;
  error: string | null;
  running: boolean;
  start(begin: () => Promise<JobId>): void;
  cancel(): void;
  clear(): void;
}

export function useStreamedJob<T, R>(fetch: (jobId: JobId, from: number, max: number) => Promise<StreamedBatch<T, R>>): StreamedJob<T, R> {
  const rows = useRef<T[]>([]);
  const [count, setCount] = useState(0);
  const [status, setStatus] = useState<JobStatus<R> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const generation = useRef(0);
  const jobId = useRef<JobId | null>(null);
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
    rows.current = [];
    setCount(0);
    setStatus(null);
    setError(null);
    setRunning(false);
  }, [stop]);

  const start = useCallback(
    (begin: () => Promise<JobId>) => {
      clear();
      const mine = generation.current;
      setRunning(true);
      const poll = async (id: JobId) => {
        try {
          const batch = await fetch(id, rows.current.length, BATCH);
          if (generation.current !== mine) return;
          if (batch.items.length) {
            for (const item of batch.items) rows.current.push(item);
            setCount(rows.current.length);
          }
          setStatus(batch.status);
          const more = rows.current.length < batch.total;
          if (batch.status.state === 'running' || more) {
            timer.current = window.setTimeout(() => void poll(id), more ? 16 : POLL_MS);
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
    // Keep polling: the job reports 'cancelled' and its last results.
    void call('cancelJob', id).catch((e: unknown) => setError(errorText(e)));
  }, []);

  useEffect(
    () => () => {
      const id = stop();
      if (id) void call('cancelJob', id).catch(() => undefined);
    },
    [stop],
  );

  return { rows: rows.current, count, status, error, running, start, cancel, clear };
}
