import type { ArchiveFormat, Entry, InspectorWarning } from '../../shared/model';

/** Where an entry's bytes live: a file on disk (the evidence, its decompressed copy, or a file of an
 *  image folder) and the absolute offset of the first data byte in it. */
export interface Backing {
  file: string;
  offset: number;
}

export interface ArchiveEntry extends Entry {
  /** Absent for directories and links. */
  backing?: Backing;
}

export interface OpenOptions {
  /** Progress of the slow parts of opening (decompression), in bytes. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Folder for the private decompressed copy (default: os.tmpdir()). */
  tempDir?: string;
  /** Overrides of the archive limits (tests lower them; the app uses LIMITS). */
  limits?: Partial<ArchiveLimits>;
}

/** The limits the archive layer enforces (defaults from electron/limits.ts). */
export interface ArchiveLimits {
  maxEntries: number;
  maxDecompressedBytes: number;
  maxCompressionRatio: number;
  /** Decompressed bytes after which the ratio is checked (a small file may legitimately be all zeros). */
  compressionRatioGraceBytes: number;
  maxNestingDepth: number;
  maxExtendedHeaderBytes: number;
}

/** An opened archive: an index of entries with positioned, read-only access to their bytes. */
export interface OpenedArchive {
  /** The evidence as given by the user. */
  readonly path: string;
  readonly format: ArchiveFormat;
  /** Size of the evidence file (for 'dir', the sum of its files). */
  readonly size: number;
  readonly mtimeMs: number;
  /** In archive order; nested members follow their archive. */
  readonly entries: readonly ArchiveEntry[];
  readonly warnings: readonly InspectorWarning[];
  getEntry(path: string): ArchiveEntry | undefined;
  /** Reads `length` bytes at `offset` of the entry (clamped to its size). */
  read(entry: ArchiveEntry | string, offset: number, length: number): Promise<Uint8Array>;
  /** Reads the whole entry; throws LimitError above `limit` bytes. */
  readAll(entry: ArchiveEntry | string, limit: number): Promise<Uint8Array>;
  /** Releases file handles and removes the temporary copy, if any. */
  close(): Promise<void>;
}
