// The data model both sides agree on. Plain data only: everything here crosses the IPC bridge
// (structured clone in Electron, JSON-like serialisation in the Playwright bridge), so no classes,
// no Buffer, no bigint. 64-bit addresses travel as lowercase hex strings ("0x7f2d00e33ad0").

export type ArchiveId = string;
export type JobId = string;
/** Lowercase hex string with 0x prefix: a virtual address or any other 64-bit value. */
export type HexString = string;

export type ArchiveFormat = 'tar' | 'tar.gz' | 'tar.zst' | 'dir';

/** Something that could not be read or decoded: which file, where, and why. Never fatal. */
export interface InspectorWarning {
  /** Entry path inside the archive (or the archive itself) the problem is in. */
  file: string;
  /** Byte offset inside `file` where the problem was found, when known. */
  offset?: number;
  message: string;
}

/** How errors cross the bridge: {name, message} plus where. */
export interface InspectorErrorInfo {
  name: string;
  message: string;
  file?: string;
  offset?: number;
}

// ---------------------------------------------------------------- archive index

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev' | 'blockdev' | 'fifo' | 'other';

export interface Entry {
  /** Normalised path; nested archive members are prefixed by their archive: "rootfs-diff.tar/home/x". */
  path: string;
  /** The name exactly as stored, when it differed from `path` (absolute, `..`, control characters). */
  rawName?: string;
  type: EntryType;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  uname?: string;
  gname?: string;
  /** Seconds since the epoch (may carry a fraction from pax headers). */
  mtime: number;
  linkTarget?: string;
  /** Machine id of what the entry is: "criu:pagemap", "container:log", "oci:spec", "nested-tar", ... */
  kindId: string;
  /** Human description: "CRIU pagemap, pid 7", "container log (CRI)", "OCI runtime spec". */
  kind: string;
  /** Path of the nested archive this entry belongs to, when it is a member of one. */
  parent?: string;
  /** True for entries that are themselves indexed archives (rootfs-diff.tar, devshm-checkpoint.tar). */
  isNestedArchive?: boolean;
  /** Offset of the header in the archive file (for error messages and the Images view). */
  headerOffset?: number;
}

export interface EvidenceInfo {
  path: string;
  format: ArchiveFormat;
  size: number;
  /** Filled in when the hash job finishes. */
  sha256?: string;
  hashJobId?: JobId;
  mtimeMs: number;
}

export type Engine = 'CRI-O' | 'Podman' | 'containerd' | 'CRIU' | 'unknown';

export interface ArchiveSummary {
  id: ArchiveId;
  fileName: string;
  evidence: EvidenceInfo;
  entryCount: number;
  /** Total bytes of entry data. */
  totalSize: number;
  engine: Engine;
  containerName?: string;
  warnings: InspectorWarning[];
}

export interface EntryBytes {
  path: string;
  offset: number;
  bytes: Uint8Array;
  /** Full size of the entry. */
  size: number;
}

// ---------------------------------------------------------------- jobs

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobStatus<R = unknown> {
  id: JobId;
  kind: string;
  state: JobState;
  /** Work done and total, in the job's unit (bytes for hashing, decompression and search). */
  done: number;
  total: number;
  result?: R;
  error?: InspectorErrorInfo;
  warnings: InspectorWarning[];
}

export interface HashResult {
  sha256: string;
  size: number;
}

// ---------------------------------------------------------------- container

export interface NetworkInterface {
  network: string;
  interface: string;
  ip?: string;
  mac?: string;
  gateway?: string;
}

export interface DumpStatistics {
  freezing_time: number;
  frozen_time: number;
  memdump_time: number;
  memwrite_time: number;
  pages_scanned: number;
  pages_written: number;
  /** Further fields when present (pages_lazy, page_pipes, shpages_*...). */
  [extra: string]: number;
}

export interface BindMount {
  source: string;
  destination: string;
  fileType?: string;
  permissions?: number;
}

export interface SpecMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

export interface MountPoint {
  mntId: number;
  parentMntId: number;
  mountpoint: string;
  root: string;
  fstype: string;
  source: string;
  options: string;
  dev: string;
  shared?: boolean;
  external?: string;
}

export interface ContainerOverview {
  /** Directory inside the archive this container's checkpoint lives in ("" for single-container). */
  dir: string;
  name?: string;
  image?: string;
  imageRef?: string;
  id?: string;
  engine: Engine;
  runtime?: string;
  created?: string;
  checkpointed?: string;
  ip?: string;
  mac?: string;
  networks: NetworkInterface[];
  pod?: string;
  namespace?: string;
  hostname?: string;
  labels: Record<string, string>;
  /** Annotation values; JSON-valued ones are also given parsed in `annotationsParsed`. */
  annotations: Record<string, string>;
  annotationsParsed: Record<string, unknown>;
  checkpointSize: {
    total: number;
    memoryPages: number;
    rootfsDiff?: number;
    amdGpuPages?: number;
  };
  statistics?: DumpStatistics;
  criuVersion?: string;
  kernel?: string;
  bindMounts: BindMount[];
  specMounts: SpecMount[];
  warnings: InspectorWarning[];
}

export interface CheckpointOverview {
  engine: Engine;
  /** One per container; several for a pod checkpoint. */
  containers: ContainerOverview[];
  isPod: boolean;
  warnings: InspectorWarning[];
}

// ---------------------------------------------------------------- processes

export type TaskState = 'Alive' | 'Dead' | 'Stopped' | 'Zombie' | 'Unknown';

export interface Credentials {
  uid: number;
  gid: number;
  euid: number;
  egid: number;
  suid: number;
  sgid: number;
  fsuid: number;
  fsgid: number;
  /** Capability sets as hex strings ("0x00000000a80425fb") and decoded names. */
  capEff: HexString;
  capPrm: HexString;
  capInh: HexString;
  capBnd: HexString;
  capAmb?: HexString;
  capEffNames: string[];
  groups: number[];
  noNewPrivs?: boolean;
  lsmProfile?: string;
}

export interface ThreadInfo {
  tid: number;
  comm?: string;
  arch: string;
  /** Register name -> hex value, in the architecture's usual order. */
  registers: Array<[string, HexString]>;
  state?: string;
}

export interface FileDescriptor {
  fd: number;
  /** CRIU fd type name: REG, PIPE, FIFO, INETSK, UNIXSK, TTY, EVENTFD, EVENTPOLL, ... */
  type: string;
  /** Path, pipe:[id], socket:[ino], anon_inode:[eventfd] ... */
  path: string;
  flags: number;
  flagNames: string[];
  pos?: number;
  fileId: number;
  /** For REG files: whether the file is a ghost (deleted but open) and its ghost image. */
  ghostImage?: string;
  deleted?: boolean;
}

export interface Socket {
  fd: number;
  fileId: number;
  /** "INET" | "INET6" | "UNIX" | "NETLINK" | "PACKET" */
  family: string;
  /** "STREAM" | "DGRAM" | "RAW" | "SEQPACKET" | "PACKET" */
  type: string;
  /** "TCP" | "UDP" | "IP" | ... | "" for unix */
  protocol: string;
  state: string;
  /** "0.0.0.0:8088", "[::]:8088", unix path, "@abstract" */
  local: string;
  remote: string;
  ino: number;
  sendBuf?: number;
  recvBuf?: number;
  recvQueueBytes: number;
  sendQueueBytes: number;
  /** Image holding the queued data (tcp-stream-*.img, sk-queues.img), if any. */
  queueImage?: string;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  comm: string;
  state: TaskState;
  exitCode?: number;
  threads: number[];
  /** argv read from memory; empty with a warning when not readable. */
  cmdline: string[];
  env: string[];
  cwd?: string;
  root?: string;
  exe?: string;
  creds?: Credentials;
  seccompMode?: string;
  fds: FileDescriptor[];
  sockets: Socket[];
  threadInfo: ThreadInfo[];
  memory?: { regions: number; dumpedBytes: number; sharedBytes: number };
  warnings: InspectorWarning[];
}

// ---------------------------------------------------------------- CRIU images view

/** A JSON-safe value tree like `crit show --pretty`. */
export type PrettyValue = null | boolean | number | string | PrettyValue[] | { [key: string]: PrettyValue };

export interface ImageSummary {
  path: string;
  /** CRIT magic name ("PAGEMAP", "CORE", ...), "RAW" for headerless images, "UNKNOWN" otherwise. */
  magic: string;
  magicValue?: HexString;
  entryCount?: number;
  size: number;
  description: string;
}

export interface ImagePayload {
  /** Which entry the payload follows. */
  entryIndex: number;
  label: string;
  offset: number;
  length: number;
}

export interface DecodedImageView {
  path: string;
  magic: string;
  magicValue?: HexString;
  /** Pretty entries; null when not decodable (see warnings). */
  entries: PrettyValue[] | null;
  /** Byte range of each entry in the image, same order as `entries`. */
  entryRanges: Array<{ offset: number; length: number }>;
  payloads: ImagePayload[];
  warnings: InspectorWarning[];
}

// ---------------------------------------------------------------- rootfs diff

export interface RootfsChange {
  path: string;
  status: 'changed' | 'deleted';
  type?: EntryType;
  size?: number;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  linkTarget?: string;
  /** Archive entry path of the content ("rootfs-diff.tar/home/x"). */
  entryPath?: string;
  /** Processes that hold this path open. */
  openBy: Array<{ pid: number; fd: number }>;
}

export interface GhostFile {
  path: string;
  size: number;
  pid: number;
  fd: number;
  image: string;
  mode?: number;
}

export interface RootfsDiff {
  changes: RootfsChange[];
  ghostFiles: GhostFile[];
  counts: { changed: number; deleted: number; ghost: number };
  warnings: InspectorWarning[];
}

export interface ExportRequest {
  /** Entry paths from the diff (a file, a folder prefix), or "*" for the whole diff. */
  paths: string[];
  /** Ghost image names to export (contents of deleted-but-open files). */
  ghostImages?: string[];
  overwrite?: boolean;
}

export interface ExportResult {
  destination: string;
  written: string[];
  skipped: Array<{ path: string; reason: string }>;
  /** Files that exist and were not overwritten; ask, then call again with overwrite. */
  conflicts: string[];
  /** Entries written under another name than stored (control or reserved characters replaced). */
  renamed?: Array<{ path: string; as: string }>;
  cancelled?: boolean;
}

// ---------------------------------------------------------------- logs

export type LogKind = 'container' | 'criu';

export interface LogSummary {
  kind: LogKind;
  entryPath: string;
  /** Records (container log) or lines (CRIU log) counted so far; final when the index job is done. */
  lines: number;
  records: number;
  stdout: number;
  stderr: number;
  partialRecords: number;
  errors: number;
  warnings: number;
  first?: string;
  last?: string;
  indexJobId: JobId;
  complete: boolean;
}

export interface LogLine {
  /** Line number in the joined view (0-based). */
  index: number;
  /** Byte offset of the first record in the log entry. */
  offset: number;
  /** RFC3339 time as written, or CRIU's "(secs.usecs)". */
  time?: string;
  /** Milliseconds since the epoch, for jumps and the UTC/local toggle. */
  timeMs?: number;
  stream?: 'stdout' | 'stderr';
  level?: 'error' | 'warning' | 'info' | 'debug';
  /** Number of records joined into this line (partial P records + final F). */
  records: number;
  text: string;
  /** True for a record that does not parse; `text` is then the raw line. */
  malformed?: boolean;
  truncated?: boolean;
}

export interface LogQuery {
  kind: LogKind;
  stream?: 'stdout' | 'stderr';
  level?: 'error' | 'warning';
  text?: string;
  regex?: boolean;
}

// ---------------------------------------------------------------- memory

export interface MemoryRegion {
  start: HexString;
  end: HexString;
  size: number;
  /** "rwx" style with "-" for missing bits, plus "s"/"p" for shared/private. */
  prot: string;
  shared: boolean;
  /** File path, "[heap]", "[stack]", "[vdso]", "[vvar]", "[vsyscall]", "[anon]", "shmem[id]" ... */
  backing: string;
  backingKind: 'file' | 'heap' | 'stack' | 'vdso' | 'vvar' | 'vsyscall' | 'anon' | 'shmem' | 'other';
  pgoff: number;
  dumpedBytes: number;
  flags: string[];
}

export interface AddressSpace {
  pid: number;
  comm: string;
  pageSize: number;
  regions: MemoryRegion[];
  dumpedBytes: number;
  pagesImage?: string;
  warnings: InspectorWarning[];
}

/** A contiguous piece of a memory read: bytes when dumped, null when "not in dump". */
export interface MemoryChunk {
  address: HexString;
  length: number;
  bytes: Uint8Array | null;
}

export interface MemoryRead {
  pid: number;
  address: HexString;
  length: number;
  chunks: MemoryChunk[];
}

export type SearchEncoding = 'ascii' | 'utf16le' | 'hex' | 'regex';

export interface SearchQuery {
  pattern: string;
  /** One or several; several run in one pass. */
  encodings: SearchEncoding[];
  ignoreCase?: boolean;
  /** Limit to one process; all processes when absent. */
  pid?: number;
  /** Limit to a range inside the process. */
  range?: { start: HexString; end: HexString };
  contextBytes?: number;
  maxHits?: number;
}

export interface SearchHit {
  pid: number;
  comm: string;
  address: HexString;
  length: number;
  encoding: SearchEncoding;
  region: { start: HexString; end: HexString; prot: string; path: string };
  /** Bytes around the match: `contextBefore` bytes, the match, then the rest. */
  context: Uint8Array;
  contextBefore: number;
}

export interface SearchProgress {
  jobId: JobId;
  status: JobStatus<{ bytesScanned: number; elapsedMs: number; hits: number; limitReached: boolean }>;
  /** Hits from `from` onward (at most `max`). */
  hits: SearchHit[];
  totalHits: number;
}

export interface StringsQuery {
  pid: number;
  range?: { start: HexString; end: HexString };
  minLength: number;
  encodings: Array<'ascii' | 'utf16le'>;
  filter?: string;
  maxResults?: number;
}

export interface StringHit {
  pid: number;
  address: HexString;
  encoding: 'ascii' | 'utf16le';
  text: string;
  length: number;
}

export interface StringsProgress {
  jobId: JobId;
  status: JobStatus<{ bytesScanned: number; count: number; limitReached: boolean }>;
  strings: StringHit[];
  total: number;
}
