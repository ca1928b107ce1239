// The main-process side of a log: starts the logindex worker as a job and proxies reads and filters.
import type { Worker } from 'node:worker_threads';
import type { JobId, LogKind, LogLine, LogQuery, LogSummary } from '../../shared/model';
import type { ArchiveEntry, OpenedArchive } from '../archive/types';
import { CancelledError, InspectorError } from '../errors';
import type { JobManager } from '../jobs/job-manager';
import { startWorker } from '../jobs/workers';
import { emptyCounts, type FilterResult, type LogCounts } from './log-engine';
import type { LogSourceSpec, WorkerMessage, WorkerRequest } from './protocol';

export interface LogHandle {
  readonly kind: LogKind;
  readonly entryPath: string;
  /** Counts so far (final once `complete`), with the id of the indexing job. */
  summary(): LogSummary;
  /** Resolves with the summary once indexing has ended (done, failed or cancelled). */
  whenIndexed(): Promise<LogSummary>;
  /** The indexer's raw counters: bytes indexed, malformed records, size of the index in bytes. */
  counters(): LogCounts;
  /** Lines [start, start + count) of the joined view, as far as indexed. */
  readLines(start: number, count: number): Promise<LogLine[]>;
  /** Matching line numbers, bounded; waits for the index to complete. */
  filter(query: LogQuery): Promise<FilterResult>;
  close(): void;
}

export interface OpenLogOptions {
  /** Folder of the container inside a pod checkpoint ("" or absent: the archive root). */
  dir?: string;
  /** A specific log entry (e.g. "restore.log"), instead of the usual names for `kind`. */
  entryPath?: string;
}

/** Where each engine keeps which log. CRIU's work dir holds dump.log; accept it under checkpoint/ too. */
const LOG_NAMES: Record<LogKind, string[]> = {
  container: ['io.kubernetes.cri-o.LogPath', 'ctr.log', 'container.log'],
  criu: ['dump.log', 'checkpoint/dump.log', 'restore.log', 'checkpoint/restore.log'],
};

const join = (dir: string | undefined, name: string): string => (dir ? `${dir.replace(/\/+$/, '')}/${name}` : name);

/** The log entry of `kind` in the archive (or in `dir`), if there is one. Without `dir`, a pod
 *  checkpoint's first container folder that has one is used. */
export function findLog(archive: OpenedArchive, kind: LogKind, dir?: string): ArchiveEntry | undefined {
  const isLog = (e: ArchiveEntry | undefined): e is ArchiveEntry => Boolean(e && e.type === 'file' && !e.parent);
  for (const name of LOG_NAMES[kind]) {
    const entry = archive.getEntry(join(dir, name));
    if (isLog(entry)) return entry;
  }
  if (dir === undefined) {
    const names = new Set(LOG_NAMES[kind]);
    const nested = archive.entries.find((e) => isLog(e) && names.has(e.path.slice(e.path.indexOf('/') + 1)) && e.path.indexOf('/') > 0);
    if (nested) return nested;
  }
  if (kind === 'container') {
    const prefix = dir ? join(dir, '') : '';
    return archive.entries.find((e) => isLog(e) && e.kindId === 'container:log' && e.path.startsWith(prefix));
  }
  return undefined;
}

/** Every CRIU log present (dump.log, restore.log), for a picker. */
export function listCriuLogs(archive: OpenedArchive, dir?: string): string[] {
  return LOG_NAMES.criu.map((n) => join(dir, n)).filter((p) => archive.getEntry(p)?.type === 'file');
}

/** Opens the log of `kind`: null when the archive has none. Indexing starts as a job at once. */
export async function openLog(
  archive: OpenedArchive,
  kind: LogKind,
  jobs: JobManager,
  options: OpenLogOptions = {},
): Promise<LogHandle | null> {
  const entry = options.entryPath ? archive.getEntry(options.entryPath) : findLog(archive, kind, options.dir);
  if (!entry) return null;
  if (entry.type !== 'file' || !entry.backing) {
    throw new InspectorError('the log entry has no readable content', { file: entry.path });
  }
  if (!Number.isSafeInteger(entry.size) || entry.size < 0) {
    throw new InspectorError(`the log entry's size ${entry.size} is not a byte count`, { file: entry.path });
  }
  const spec: LogSourceSpec = { kind, entryPath: entry.path, file: entry.backing.file, offset: entry.backing.offset, size: entry.size };
  return new WorkerLogHandle(spec, startWorker('logindex', { workerData: spec }), jobs);
}

class WorkerLogHandle implements LogHandle {
  readonly kind: LogKind;
  readonly entryPath: string;
  private counts: LogCounts;
  private readonly jobId: JobId;
  private readonly done: Promise<void>;
  private readonly replies = new Map<number, { resolve: (m: WorkerMessage & { type: 'reply' }) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private closed = false;
  private failure?: Error;
  private settle!: { resolve: () => void; reject: (e: Error) => void };
  /** Indexing or a request is under way: the worker keeps the process alive only then. */
  private indexing = true;
  private reportProgress: (bytesIndexed: number) => void = () => undefined;

  constructor(
    spec: LogSourceSpec,
    private readonly worker: Worker,
    private readonly jobs: JobManager,
  ) {
    this.kind = spec.kind;
    this.entryPath = spec.entryPath;
    this.counts = emptyCounts(spec.size);
    const indexed = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    indexed.then(
      () => this.endIndexing(),
      () => this.endIndexing(),
    );
    this.worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(new InspectorError(`log indexer crashed: ${error.message}`, { file: spec.entryPath })));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new InspectorError(`log indexer stopped (exit code ${code})`, { file: spec.entryPath }));
    });
    this.done = indexed.catch(() => undefined);
    this.jobId = jobs.start(
      'log-index',
      async (ctx) => {
        ctx.signal.addEventListener('abort', () => this.post({ op: 'cancel' }), { once: true });
        this.reportProgress = (done) => ctx.progress(done, spec.size);
        try {
          await indexed;
        } finally {
          ctx.progress(this.counts.bytesIndexed, spec.size);
        }
        return this.summary();
      },
      spec.size,
    );
  }

  private endIndexing(): void {
    this.indexing = false;
    this.updateRef();
  }

  private updateRef(): void {
    if (this.closed) return;
    if (this.indexing || this.replies.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  private onMessage(message: WorkerMessage): void {
    const { settle } = this;
    if (message.type === 'progress') {
      this.counts = message.counts;
      this.reportProgress(message.counts.bytesIndexed);
    } else if (message.type === 'indexed') {
      this.counts = message.counts;
      settle.resolve();
    } else if (message.type === 'index-failed') {
      this.counts = message.counts;
      const { error } = message;
      settle.reject(message.cancelled ? new CancelledError() : new InspectorError(error.message, { file: error.file ?? this.entryPath, offset: error.offset }));
    } else {
      const pending = this.replies.get(message.id);
      if (!pending) return;
      this.replies.delete(message.id);
      this.updateRef();
      pending.resolve(message);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.settle.reject(error);
    for (const pending of this.replies.values()) pending.reject(error);
    this.replies.clear();
  }

  private post(request: WorkerRequest): void {
    if (!this.closed && !this.failure) this.worker.postMessage(request);
  }

  private request(make: (id: number) => WorkerRequest): Promise<WorkerMessage & { type: 'reply' }> {
    if (this.closed) return Promise.reject(new InspectorError('the log was closed', { file: this.entryPath }));
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      this.updateRef();
      this.worker.postMessage(make(id));
    }).then((reply) => {
      const message = reply as WorkerMessage & { type: 'reply' };
      if (message.error) {
        const { error } = message;
        if (error.name === 'CancelledError') throw new CancelledError();
        throw new InspectorError(error.message, { file: error.file ?? this.entryPath, offset: error.offset });
      }
      return message;
    });
  }

  summary(): LogSummary {
    const c = this.counts;
    return {
      kind: this.kind,
      entryPath: this.entryPath,
      lines: c.lines,
      records: c.records,
      stdout: c.stdout,
      stderr: c.stderr,
      partialRecords: c.partialRecords,
      errors: c.errors,
      warnings: c.warnings,
      first: c.first,
      last: c.last,
      indexJobId: this.jobId,
      complete: c.complete,
    };
  }

  counters(): LogCounts {
    return { ...this.counts };
  }

  async whenIndexed(): Promise<LogSummary> {
    await this.done;
    return this.summary();
  }

  async readLines(start: number, count: number): Promise<LogLine[]> {
    const reply = await this.request((id) => ({ op: 'read', id, start, count }));
    return reply.lines ?? [];
  }

  async filter(query: LogQuery): Promise<FilterResult> {
    const reply = await this.request((id) => ({ op: 'filter', id, query }));
    return reply.filter ?? { lines: [], limitReached: false };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.jobs.cancel(this.jobId);
    this.settle.reject(new CancelledError());
    for (const pending of this.replies.values()) pending.reject(new InspectorError('the log was closed', { file: this.entryPath }));
    this.replies.clear();
    void this.worker.terminate();
  }
}
