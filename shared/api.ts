// InspectorApi: every call the renderer may make. `electron/ipc.ts` implements it as one handler
// table; `electron/preload.ts` exposes it as `window.inspector`; `e2e/harness.ts` exposes the very
// same table to a Chromium page under the same name.
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
  ImageSummary,
  JobId,
  JobStatus,
  LogKind,
  LogLine,
  LogQuery,
  LogSummary,
  MemoryRead,
  HexString,
  MountPoint,
  ProcessInfo,
  RootfsDiff,
  SearchProgress,
  SearchQuery,
  StringsProgress,
  StringsQuery,
} from './model';

export interface InspectorApi {
  // -- archives
  /** Paths given on the command line (or the bundled sample) that the window should open at start. */
  getStartupPaths(): Promise<string[]>;
  /** Shows the open dialog (Electron only); resolves to the chosen path or null. */
  chooseArchive(): Promise<string | null>;
  openArchive(path: string): Promise<ArchiveSummary>;
  closeArchive(id: ArchiveId): Promise<void>;
  getSummary(id: ArchiveId): Promise<ArchiveSummary>;
  getRecent(): Promise<string[]>;
  listEntries(id: ArchiveId): Promise<Entry[]>;
  /** At most 4 MiB per call. */
  readEntry(id: ArchiveId, path: string, offset: number, length: number): Promise<EntryBytes>;

  // -- jobs
  getJob(jobId: JobId): Promise<JobStatus>;
  cancelJob(jobId: JobId): Promise<void>;

  // -- checkpoint model
  getOverview(id: ArchiveId): Promise<CheckpointOverview>;
  getProcesses(id: ArchiveId): Promise<ProcessInfo[]>;
  getMountPoints(id: ArchiveId): Promise<MountPoint[]>;
  listImages(id: ArchiveId): Promise<ImageSummary[]>;
  getImage(id: ArchiveId, path: string): Promise<DecodedImageView>;

  // -- rootfs diff and export
  getRootfsDiff(id: ArchiveId): Promise<RootfsDiff>;
  /** Asks (Electron: a folder dialog) where to export; null when the user cancels. */
  chooseExportFolder(): Promise<string | null>;
  exportFiles(id: ArchiveId, destination: string, request: ExportRequest): Promise<ExportResult>;
  /** Saves bytes (a selection, a payload) to a file the user picks; null when cancelled. */
  saveBytes(id: ArchiveId, suggestedName: string, source: ByteSource): Promise<string | null>;

  // -- logs
  getLogSummary(id: ArchiveId, kind: LogKind): Promise<LogSummary | null>;
  readLogLines(id: ArchiveId, kind: LogKind, start: number, count: number): Promise<LogLine[]>;
  /** Line indexes matching the query (bounded); the view then reads those lines. */
  filterLog(id: ArchiveId, query: LogQuery): Promise<{ lines: number[]; limitReached: boolean }>;

  // -- memory
  getAddressSpace(id: ArchiveId, pid: number): Promise<AddressSpace>;
  /** At most 1 MiB per call. */
  readMemory(id: ArchiveId, pid: number, address: HexString, length: number): Promise<MemoryRead>;
  startSearch(id: ArchiveId, query: SearchQuery): Promise<JobId>;
  getSearchResults(jobId: JobId, from: number, max: number): Promise<SearchProgress>;
  startStrings(id: ArchiveId, query: StringsQuery): Promise<JobId>;
  getStrings(jobId: JobId, from: number, max: number): Promise<StringsProgress>;
}

/** Bytes the user may save: part of an entry, or part of a process's memory. */
export type ByteSource =
  | { kind: 'entry'; path: string; offset: number; length: number }
  | { kind: 'memory'; pid: number; address: HexString; length: number };

export type ApiMethod = keyof InspectorApi;

/** Every method name, so preload and bridges can be generated from one list. */
export const API_METHODS: readonly ApiMethod[] = [
  'getStartupPaths',
  'chooseArchive',
  'openArchive',
  'closeArchive',
  'getSummary',
  'getRecent',
  'listEntries',
  'readEntry',
  'getJob',
  'cancelJob',
  'getOverview',
  'getProcesses',
  'getMountPoints',
  'listImages',
  'getImage',
  'getRootfsDiff',
  'chooseExportFolder',
  'exportFiles',
  'saveBytes',
  'getLogSummary',
  'readLogLines',
  'filterLog',
  'getAddressSpace',
  'readMemory',
  'startSearch',
  'getSearchResults',
  'startStrings',
  'getStrings',
] as const;

/** IPC channel of a method: "inspector:openArchive". */
export const channelOf = (method: ApiMethod): string => `inspector:${method}`;

/** Host integration that is not a request/response call (preload only; e2e provides stand-ins). */
export interface InspectorHost {
  /** The real path of a dropped file (Electron's webUtils.getPathForFile). */
  getPathForFile(file: File): string;
  /** Main-process menu asks the renderer to open a path (File › Open, Open Recent, second instance). */
  onOpenPath(listener: (path: string) => void): () => void;
  /** File › Close Tab (Ctrl/Cmd+W): the renderer closes the active archive tab. */
  onCloseTab(listener: () => void): () => void;
}

/** Errors cross the bridge as rejected promises whose message starts with this JSON marker. */
export const ERROR_PREFIX = 'InspectorError:';

declare global {
  interface Window {
    inspector: InspectorApi;
    inspectorHost: InspectorHost;
  }
}
