// The renderer's one door to the main process: `window.inspector` (shared/api.ts), plus the error
// decoding and small hooks every view uses (async loading, job polling).
import { useEffect, useRef, useState } from 'react';
import type { InspectorApi } from '../../shared/api';
import { formatErrorInfo, parseErrorInfo } from '../../shared/errors';
import type { InspectorErrorInfo, JobId, JobStatus } from '../../shared/model';

export function api(): InspectorApi {
  return window.inspector;
}

/** Calls one API method; rejected promises carry the main process's InspectorError JSON. */
export function call<M extends keyof InspectorApi>(
  method: M,
  ...args: Parameters<InspectorApi[M]>
): ReturnType<InspectorApi[M]> {
  const fn = window.inspector[method] as (...a: unknown[]) => ReturnType<InspectorApi[M]>;
  return fn(...args);
}

/** Decodes `InspectorError:{json}` out of any rejection (Electron wraps it in its own message). */
export function errorInfo(error: unknown): InspectorErrorInfo {
  return parseErrorInfo(error);
}

/** "file at offset N: message" */
export function errorText(error: unknown): string {
  return formatErrorInfo(parseErrorInfo(error));
}

/** The same one-line form for a warning or error info. */
export function describeWhere(info: { file?: string; offset?: number; message: string }): string {
  return formatErrorInfo({ name: '', ...info });
}

export type AsyncState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: InspectorErrorInfo }
  | { status: 'done'; value: T };

/** Runs `load` whenever `deps` change; drops results of superseded runs. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> & { reload(): void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    load().then(
      (value) => live && setState({ status: 'done', value }),
      (error: unknown) => live && setState({ status: 'error', error: errorInfo(error) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  return { ...state, reload: () => setGeneration((g) => g + 1) };
}

/** Polls a job until it finishes (every `intervalMs`); null while there is no job. */
export function useJob<R = unknown>(jobId: JobId | undefined | null, intervalMs = 250): JobStatus<R> | null {
  const [status, setStatus] = useState<JobStatus<R> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    setStatus(null);
    if (!jobId) return;
    let live = true;
    const poll = async () => {
      try {
        const next = (await call('getJob', jobId)) as JobStatus<R>;
        if (!live) return;
        setStatus(next);
        if (next.state === 'running') timer.current = window.setTimeout(poll, intervalMs);
      } catch (error) {
        if (!live) return;
        setStatus({ id: jobId, kind: 'unknown', state: 'failed', done: 0, total: 0, error: errorInfo(error), warnings: [] });
      }
    };
    void poll();
    return () => {
      live = false;
      window.clearTimeout(timer.current);
    };
  }, [jobId, intervalMs]);
  return status;
}
