import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { ByteSource, InspectorApi } from '../../shared/api';
import type {
  AddressSpace,
  ArchiveId,
  ArchiveSummary,
  CheckpointOverview,
  DecodedImageView,
  Entry,
  EntryBytes,
  ExportRequest,
  ExportResult,
  HexString,
  ImageSummary,
  JobId,
  JobStatus,
  LogKind,
  LogLine,
  LogQuery,
  LogSummary,
  MemoryRead,
  MountPoint,
  ProcessInfo,
  RootfsDiff,
  SearchHit,
  SearchProgress,
  SearchQuery,
  StringHit,
  StringsProgress,
  StringsQuery,
} from '../../shared/model';
import { openArchive } from '../archive';
import { toImageView } from '../criu';
import { InspectorError } from '../errors';
import { JobManager } from '../jobs/job-manager';
import { LIMITS } from '../limits';
import { extractStrings, searchMemory } from '../memory';
import { buildRootfsDiff, exportFiles, saveBytesTo } from '../rootfs';
import { ArchiveSession } from './archive-session';
import { parseHexAddress, toHex } from './hex';

/** What the host (Electron, the e2e harness, the CLI) provides: dialogs, start-up paths, recents. */
export interface HostHooks {
  chooseArchive(): Promise<string | null>;
  chooseExportFolder(): Promise<string | null>;
  chooseSaveFile(suggestedName: string): Promise<string | null>;
  startupPaths(): string[];
  recent: { list(): string[]; add(path: string): void };
}

export interface ServiceOptions {
  /** Folder for decompressed copies of compressed archives (default: the OS temp folder). */
  tempDir?: string;
}

/** Every InspectorApi operation over plain Node modules. `electron/ipc.ts` puts argument validation
 *  and error encoding in front of it; the CLI calls it directly. */
export class Services implements InspectorApi {
  readonly jobs = new JobManager();
  private readonly sessions = new Map<ArchiveId, ArchiveSession>();
  /** Export folders the user picked through the host's dialog; exports go nowhere else. */
  private readonly chosenFolders = new Set<string>();

  constructor(
    private readonly hooks: HostHooks,
    private readonly options: ServiceOptions = {},
  ) {}

  async getStartupPaths(): Promise<string[]> {
    return this.hooks.startupPaths();
  }

  chooseArchive(): Promise<string | null> {
    return this.hooks.chooseArchive();
  }

  async openArchive(path: string): Promise<ArchiveSummary> {
    const archive = await openArchive(resolve(path), { tempDir: this.options.tempDir });
    const id = randomUUID();
    const session = new ArchiveSession(id, archive, this.jobs);
    this.sessions.set(id, session);
    this.hooks.recent.add(archive.path);
    return session.summary();
  }

  async closeArchive(id: ArchiveId): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    await session.close();
  }

  getSummary(id: ArchiveId): Promise<ArchiveSummary> {
    return this.session(id).summary();
  }

  async getRecent(): Promise<string[]> {
    return this.hooks.recent.list();
  }

  async listEntries(id: ArchiveId): Promise<Entry[]> {
    return this.session(id).archive.entries.map(({ backing: _backing, ...entry }) => entry);
  }

  async readEntry(id: ArchiveId, path: string, offset: number, length: number): Promise<EntryBytes> {
    const { archive } = this.session(id);
    const entry = archive.getEntry(path);
    if (!entry) throw new InspectorError('no such entry in the archive', { file: path });
    const bytes = await archive.read(entry, offset, Math.min(length, LIMITS.maxReadBytes));
    return { path, offset, bytes: plain(bytes), size: entry.size };
  }

  async getJob(jobId: JobId): Promise<JobStatus> {
    return this.jobs.status(jobId);
  }

  async cancelJob(jobId: JobId): Promise<void> {
    this.jobs.cancel(jobId);
  }

  async getOverview(id: ArchiveId): Promise<CheckpointOverview> {
    return (await this.session(id).checkpoint()).overview();
  }

  async getProcesses(id: ArchiveId): Promise<ProcessInfo[]> {
    return (await this.session(id).checkpoint()).processes();
  }

  async getMountPoints(id: ArchiveId): Promise<MountPoint[]> {
    return (await this.session(id).checkpoint()).mountPoints();
  }

  async listImages(id: ArchiveId): Promise<ImageSummary[]> {
    return this.session(id).store.list();
  }

  async getImage(id: ArchiveId, path: string): Promise<DecodedImageView> {
    const session = this.session(id);
    const image = await session.store.get(path);
    if (!image) throw new InspectorError('no such image in the archive', { file: path });
    return toImageView(image);
  }

  async getRootfsDiff(id: ArchiveId): Promise<RootfsDiff> {
    const session = this.session(id);
    const processes = await (await session.checkpoint()).processes().catch(() => []);
    return buildRootfsDiff(session.archive, processes);
  }

  async chooseExportFolder(): Promise<string | null> {
    const folder = await this.hooks.chooseExportFolder();
    if (folder) this.chosenFolders.add(resolve(folder));
    return folder;
  }

  async exportFiles(id: ArchiveId, destination: string, request: ExportRequest): Promise<ExportResult> {
    const folder = resolve(destination);
    if (!this.chosenFolders.has(folder)) {
      throw new InspectorError('export destination was not chosen in the folder dialog', { file: destination });
    }
    const ghostFiles = request.ghostImages?.length ? (await this.getRootfsDiff(id)).ghostFiles : undefined;
    return exportFiles(this.session(id).archive, folder, request, { ghostFiles });
  }

  async saveBytes(id: ArchiveId, suggestedName: string, source: ByteSource): Promise<string | null> {
    const session = this.session(id);
    const target = await this.hooks.chooseSaveFile(suggestedName);
    if (!target) return null;
    const bytes = await this.sourceBytes(session, source);
    await saveBytesTo(target, bytes);
    return target;
  }

  async getLogSummary(id: ArchiveId, kind: LogKind): Promise<LogSummary | null> {
    const log = await this.session(id).log(kind);
    return log ? log.summary() : null;
  }

  async readLogLines(id: ArchiveId, kind: LogKind, start: number, count: number): Promise<LogLine[]> {
    const log = await this.session(id).log(kind);
    return log ? log.readLines(start, count) : [];
  }

  async filterLog(id: ArchiveId, query: LogQuery): Promise<{ lines: number[]; limitReached: boolean }> {
    const log = await this.session(id).log(query.kind);
    return log ? log.filter(query) : { lines: [], limitReached: false };
  }

  async getAddressSpace(id: ArchiveId, pid: number): Promise<AddressSpace> {
    return (await this.session(id).memory(pid)).info();
  }

  async readMemory(id: ArchiveId, pid: number, address: HexString, length: number): Promise<MemoryRead> {
    const memory = await this.session(id).memory(pid);
    const start = parseHexAddress(address);
    const chunks = await memory.read(start, Math.min(length, LIMITS.maxMemoryReadBytes));
    return {
      pid,
      address: toHex(start),
      length: chunks.reduce((sum, c) => sum + c.length, 0),
      chunks: chunks.map((c) => ({ address: toHex(c.address), length: c.length, bytes: c.bytes && plain(c.bytes) })),
    };
  }

  async startSearch(id: ArchiveId, query: SearchQuery): Promise<JobId> {
    const session = this.session(id);
    return session.own(
      this.jobs.start<unknown, SearchHit>('search', (ctx) =>
        searchMemory(session.archive, session.store, query, ctx, { load: (pid) => session.memory(pid) }),
      ),
    );
  }

  async getSearchResults(jobId: JobId, from: number, max: number): Promise<SearchProgress> {
    const { items, total } = this.jobs.items<SearchHit>(jobId, from, max);
    return { jobId, status: this.jobs.status(jobId) as SearchProgress['status'], hits: items, totalHits: total };
  }

  async startStrings(id: ArchiveId, query: StringsQuery): Promise<JobId> {
    const session = this.session(id);
    return session.own(
      this.jobs.start<unknown, StringHit>('strings', (ctx) =>
        extractStrings(session.archive, session.store, query, ctx, { load: (pid) => session.memory(pid) }),
      ),
    );
  }

  async getStrings(jobId: JobId, from: number, max: number): Promise<StringsProgress> {
    const { items, total } = this.jobs.items<StringHit>(jobId, from, max);
    return { jobId, status: this.jobs.status(jobId) as StringsProgress['status'], strings: items, total };
  }

  /** The session of an open archive, for the CLI and tests. */
  session(id: ArchiveId): ArchiveSession {
    const session = this.sessions.get(id);
    if (!session) throw new InspectorError(`no open archive with id ${id}`);
    return session;
  }

  hasArchive(id: ArchiveId): boolean {
    return this.sessions.has(id);
  }

  async dispose(): Promise<void> {
    this.jobs.cancelAll();
    await Promise.all([...this.sessions.keys()].map((id) => this.closeArchive(id)));
  }

  private async sourceBytes(session: ArchiveSession, source: ByteSource): Promise<Uint8Array> {
    if (source.kind === 'entry') return session.archive.read(source.path, source.offset, source.length);
    const memory = await session.memory(source.pid);
    const start = parseHexAddress(source.address);
    return memory.readBytes(start, start + BigInt(source.length));
  }
}

export function createServices(hooks: HostHooks, options?: ServiceOptions): Services {
  return new Services(hooks, options);
}

/** A plain Uint8Array copy: Buffers must not cross the bridge. */
function plain(bytes: Uint8Array): Uint8Array {
  return Buffer.isBuffer(bytes) ? new Uint8Array(bytes) : bytes;
}
