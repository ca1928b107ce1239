import { randomUUID } from 'node:crypto';
import type { InspectorWarning, JobId, JobStatus } from '../../shared/model';
import { CancelledError, toErrorInfo } from '../errors';

/** What a running job may do: report progress, add warnings, stream items, notice cancellation. */
export interface JobContext<T> {
  readonly signal: AbortSignal;
  progress(done: number, total?: number): void;
  warn(warning: InspectorWarning): void;
  /** Appends streamed results (search hits, strings); readers page through them with `items`. */
  push(...items: T[]): void;
  /** Throws CancelledError when the job was cancelled. */
  throwIfCancelled(): void;
}

interface JobRecord<R, T> {
  status: JobStatus<R>;
  controller: AbortController;
  items: T[];
  done: Promise<void>;
}

/** Long work (hashing, decompression, search, strings, log indexing): progress, cancel, partial
 *  results. Renderers poll `status` and `items`, which works the same over Electron IPC and over the
 *  Playwright bridge. Finished jobs are kept until `forget` (their owner closes) or the cap evicts. */
export class JobManager {
  private readonly jobs = new Map<JobId, JobRecord<unknown, unknown>>();

  constructor(private readonly maxFinishedJobs = 200) {}

  start<R, T = never>(kind: string, run: (ctx: JobContext<T>) => Promise<R>, total = 0): JobId {
    const id = `${kind}-${randomUUID()}`;
    const controller = new AbortController();
    const record: JobRecord<R, T> = {
      status: { id, kind, state: 'running', done: 0, total, warnings: [] },
      controller,
      items: [],
      done: Promise.resolve(),
    };
    const ctx: JobContext<T> = {
      signal: controller.signal,
      progress: (done, newTotal) => {
        record.status.done = done;
        if (newTotal !== undefined) record.status.total = newTotal;
      },
      warn: (warning) => record.status.warnings.push(warning),
      push: (...items) => {
        for (const item of items) record.items.push(item);
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new CancelledError();
      },
    };
    record.done = run(ctx).then(
      (result) => {
        if (record.status.state !== 'running') return;
        record.status.result = result;
        record.status.state = 'done';
      },
      (error: unknown) => {
        if (record.status.state !== 'running') return;
        if (error instanceof CancelledError || controller.signal.aborted) record.status.state = 'cancelled';
        else {
          record.status.state = 'failed';
          record.status.error = toErrorInfo(error);
        }
      },
    );
    this.jobs.set(id, record as JobRecord<unknown, unknown>);
    this.evictFinished();
    return id;
  }

  status(id: JobId): JobStatus {
    return { ...this.record(id).status, warnings: [...this.record(id).status.warnings] };
  }

  /** Streamed items from `from` (at most `max`), and how many there are in all. */
  items<T>(id: JobId, from: number, max: number): { items: T[]; total: number } {
    const record = this.record(id);
    return { items: record.items.slice(from, from + max) as T[], total: record.items.length };
  }

  cancel(id: JobId): void {
    const record = this.jobs.get(id);
    if (!record || record.status.state !== 'running') return;
    record.controller.abort();
    record.status.state = 'cancelled';
  }

  /** Resolves when the job has settled (any state). */
  async wait(id: JobId): Promise<JobStatus> {
    await this.record(id).done;
    return this.status(id);
  }

  forget(id: JobId): void {
    this.cancel(id);
    this.jobs.delete(id);
  }

  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  has(id: JobId): boolean {
    return this.jobs.has(id);
  }

  private record(id: JobId): JobRecord<unknown, unknown> {
    const record = this.jobs.get(id);
    if (!record) throw new Error(`no such job: ${id}`);
    return record;
  }

  private evictFinished(): void {
    const finished = [...this.jobs.entries()].filter(([, r]) => r.status.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - this.maxFinishedJobs))) this.jobs.delete(id);
  }
}
