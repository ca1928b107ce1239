import { basename } from 'node:path';
import type { ArchiveId, ArchiveSummary, JobId, LogKind } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import { startHash } from '../archive';
import { ImageStore } from '../criu';
import { loadCheckpoint, type Checkpoint } from '../checkpoint';
import { loadAddressSpace, type ProcessMemory } from '../memory';
import { openLog, type LogHandle } from '../logs';
import type { JobManager } from '../jobs/job-manager';

/** Address spaces kept decoded at once per archive (each holds only its run table, not bytes). */
const MAX_CACHED_ADDRESS_SPACES = 64;

/** One opened archive and everything derived from it, built lazily and released on close. */
export class ArchiveSession {
  readonly store: ImageStore;
  readonly hashJobId: JobId;
  private sha256?: string;
  private checkpointPromise?: Promise<Checkpoint>;
  private readonly memories = new Map<number, Promise<ProcessMemory>>();
  private readonly logs = new Map<LogKind, Promise<LogHandle | null>>();
  private readonly ownedJobs = new Set<JobId>();

  constructor(
    readonly id: ArchiveId,
    readonly archive: OpenedArchive,
    private readonly jobs: JobManager,
  ) {
    this.store = new ImageStore(archive);
    this.hashJobId = this.own(
      jobs.start('hash', async (ctx) => {
        const result = await startHash(archive.path, (done, total) => ctx.progress(done, total), ctx.signal);
        this.sha256 = result.sha256;
        return result;
      }, archive.size),
    );
  }

  /** Remembers a job so that closing the archive cancels and forgets it. */
  own(jobId: JobId): JobId {
    this.ownedJobs.add(jobId);
    return jobId;
  }

  checkpoint(): Promise<Checkpoint> {
    this.checkpointPromise ??= loadCheckpoint(this.archive, this.store);
    return this.checkpointPromise;
  }

  memory(pid: number): Promise<ProcessMemory> {
    let memory = this.memories.get(pid);
    if (!memory) {
      if (this.memories.size >= MAX_CACHED_ADDRESS_SPACES) {
        const oldest = this.memories.keys().next().value as number;
        this.memories.delete(oldest);
      }
      memory = loadAddressSpace(this.archive, this.store, pid);
      memory.catch(() => this.memories.delete(pid));
      this.memories.set(pid, memory);
    }
    return memory;
  }

  log(kind: LogKind): Promise<LogHandle | null> {
    let log = this.logs.get(kind);
    if (!log) {
      log = openLog(this.archive, kind, this.jobs).then((handle) => {
        if (handle) this.own(handle.summary().indexJobId);
        return handle;
      });
      this.logs.set(kind, log);
    }
    return log;
  }

  async summary(): Promise<ArchiveSummary> {
    const { archive } = this;
    let engine: ArchiveSummary['engine'] = archive.format === 'dir' ? 'CRIU' : 'unknown';
    let containerName: string | undefined;
    const warnings = [...archive.warnings];
    try {
      const overview = await (await this.checkpoint()).overview();
      engine = overview.engine;
      containerName = overview.containers[0]?.name;
    } catch (error) {
      warnings.push({ file: archive.path, message: `checkpoint metadata not decodable: ${(error as Error).message}` });
    }
    return {
      id: this.id,
      fileName: basename(archive.path),
      evidence: {
        path: archive.path,
        format: archive.format,
        size: archive.size,
        sha256: this.sha256,
        hashJobId: this.hashJobId,
        mtimeMs: archive.mtimeMs,
      },
      entryCount: archive.entries.length,
      totalSize: archive.entries.reduce((sum, e) => sum + (e.type === 'file' && !e.parent ? e.size : 0), 0),
      engine,
      containerName,
      warnings,
    };
  }

  async close(): Promise<void> {
    for (const jobId of this.ownedJobs) this.jobs.forget(jobId);
    const logs = await Promise.all([...this.logs.values()].map((l) => l.catch(() => null)));
    for (const log of logs) log?.close();
    this.memories.clear();
    await this.archive.close();
  }
}
