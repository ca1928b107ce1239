import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveFormat, InspectorWarning } from '../../shared/model';
import { CancelledError, InspectorError, LimitError } from '../errors';
import { LIMITS } from '../limits';
import { BlockReader } from './block-reader';
import { decompressToFile, problemWarning } from './decompress';
import { detectFormat } from './detect';
import { indexFolder } from './folder';
import { HandlePool } from './handle-pool';
import { normaliseEntryName } from './paths';
import { indexTar } from './tar-index';
import { makeTempDir, removeTempDir } from './temp-files';
import type { ArchiveEntry, ArchiveLimits, OpenOptions, OpenedArchive } from './types';

export function archiveLimits(overrides: Partial<ArchiveLimits> = {}): ArchiveLimits {
  return {
    maxEntries: LIMITS.maxEntries,
    maxDecompressedBytes: LIMITS.maxDecompressedBytes,
    maxCompressionRatio: LIMITS.maxCompressionRatio,
    compressionRatioGraceBytes: 64 * 1024 * 1024,
    maxNestingDepth: LIMITS.maxNestingDepth,
    maxExtendedHeaderBytes: LIMITS.maxExtendedHeaderBytes,
    ...overrides,
  };
}

/** Opens a checkpoint (tar, tar.gz, tar.zst — told apart by content — or a CRIU image folder) and
 *  indexes it. Throws InspectorError when the input cannot be indexed at all; everything else is a
 *  warning on the result. The evidence is only ever opened read-only. */
export async function openArchive(path: string, options: OpenOptions = {}): Promise<OpenedArchive> {
  const limits = archiveLimits(options.limits);
  const info = await stat(path).catch((error: unknown) => {
    throw cannotOpen(path, error);
  });
  if (info.isDirectory()) {
    const folder = await indexFolder(path, limits, options.signal);
    if (folder.entries.length === 0) throw new InspectorError('the folder holds no files', { file: path });
    return new IndexedArchive(path, 'dir', folder.totalSize, info.mtimeMs, folder.entries, folder.warnings, new HandlePool(), undefined);
  }
  if (!info.isFile()) throw new InspectorError('not a regular file or folder', { file: path });

  const evidence = await open(path, 'r').catch((error: unknown) => {
    throw cannotOpen(path, error);
  });
  const pool = new HandlePool();
  let tempDir: string | undefined;
  try {
    const format = await detectFormat(evidence, path);
    const warnings: InspectorWarning[] = [];
    const entries: ArchiveEntry[] = [];
    if (format === 'tar') {
      pool.adopt(path, evidence);
      await indexTar({ reader: new BlockReader(evidence), backingFile: path, archiveName: path, limits, signal: options.signal, entries, warnings }, info.size);
      return new IndexedArchive(path, format, info.size, info.mtimeMs, entries, warnings, pool, { file: path, size: info.size });
    }
    await evidence.close();
    tempDir = await makeTempDir(options.tempDir);
    const copy = join(tempDir, 'decompressed.tar');
    const result = await decompressToFile(path, format, copy, info.size, { limits, onProgress: options.onProgress, signal: options.signal });
    if (result.problem) warnings.push(problemWarning(result.problem, path));
    const handle = await open(copy, 'r');
    pool.adopt(copy, handle);
    try {
      await indexTar(
        { reader: new BlockReader(handle), backingFile: copy, archiveName: `${path} (decompressed)`, limits, signal: options.signal, entries, warnings },
        result.size,
      );
    } catch (error) {
      // Nothing indexable: the decompression problem, when there is one, is the real cause.
      throw error instanceof CancelledError ? error : (result.problem ?? error);
    }
    return new IndexedArchive(path, format, info.size, info.mtimeMs, entries, warnings, pool, { file: copy, size: result.size }, tempDir);
  } catch (error) {
    await pool.closeAll();
    await evidence.close().catch(() => undefined);
    if (tempDir) await removeTempDir(tempDir);
    throw error;
  }
}

function cannotOpen(path: string, error: unknown): InspectorError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message);
  return new InspectorError(`cannot open: ${reason}`, { file: path });
}

class IndexedArchive implements OpenedArchive {
  private readonly byPath = new Map<string, ArchiveEntry>();
  private closed = false;

  constructor(
    readonly path: string,
    readonly format: ArchiveFormat,
    readonly size: number,
    readonly mtimeMs: number,
    readonly entries: readonly ArchiveEntry[],
    private readonly warningList: InspectorWarning[],
    private readonly handles: HandlePool,
    /** The tar every entry is backed by and its size: reads never go past its end, whatever an
     *  entry's header claims. Undefined for folders (each file is its own entry). */
    private readonly tarFile: { file: string; size: number } | undefined,
    private readonly tempDir?: string,
  ) {
    for (const entry of entries) {
      const earlier = this.byPath.get(entry.path);
      if (earlier) {
        warningList.push({
          file: entry.path,
          offset: entry.headerOffset,
          message: `duplicate path ${entry.path} (also at header offset ${earlier.headerOffset ?? '?'}): both are listed, the later one is used`,
        });
      }
      this.byPath.set(entry.path, entry);
    }
  }

  get warnings(): readonly InspectorWarning[] {
    return this.warningList;
  }

  getEntry(path: string): ArchiveEntry | undefined {
    return this.byPath.get(path);
  }

  async read(entryOrPath: ArchiveEntry | string, offset: number, length: number): Promise<Uint8Array> {
    if (this.closed) throw new InspectorError('the archive is closed', { file: this.path });
    const entry = this.resolve(entryOrPath);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new InspectorError(`invalid read range: offset ${offset}, length ${length}`, { file: entry.path });
    }
    const data = this.dataOf(entry);
    if (!data.backing) return new Uint8Array(0);
    const start = Math.min(offset, data.size);
    const backingEnd = this.tarFile?.file === data.backing.file ? this.tarFile.size - data.backing.offset : Infinity;
    const count = Math.max(0, Math.min(length, data.size - start, backingEnd - start));
    if (count === 0) return new Uint8Array(0);
    const buffer = new Uint8Array(count);
    const filled = await this.handles.with(data.backing.file, async (handle) => readFully(handle, buffer, data.backing!.offset + start));
    // An entry whose data runs past the end of the file: the read stops at the end of the file.
    return filled === count ? buffer : buffer.slice(0, filled);
  }

  async readAll(entryOrPath: ArchiveEntry | string, limit: number): Promise<Uint8Array> {
    const entry = this.resolve(entryOrPath);
    const { size } = this.dataOf(entry);
    if (size > limit) {
      throw new LimitError(`${entry.path} is ${size} bytes, above the limit of ${limit} bytes for reading it whole`, { file: entry.path });
    }
    return this.read(entry, 0, size);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handles.closeAll();
    if (this.tempDir) await removeTempDir(this.tempDir);
  }

  private resolve(entryOrPath: ArchiveEntry | string): ArchiveEntry {
    if (typeof entryOrPath !== 'string') return entryOrPath;
    const entry = this.byPath.get(entryOrPath);
    if (!entry) throw new InspectorError(`no such entry: ${entryOrPath}`, { file: this.path });
    return entry;
  }

  /** A hard link's bytes are its target's (resolved inside the same archive or nested archive). */
  private dataOf(entry: ArchiveEntry, depth = 0): ArchiveEntry {
    if (entry.type !== 'hardlink' || entry.size > 0 || !entry.linkTarget || depth > 8) return entry;
    const prefix = entry.parent ? `${entry.parent}/` : '';
    const target = this.byPath.get(prefix + normaliseLink(entry.linkTarget));
    return target && target !== entry ? this.dataOf(target, depth + 1) : entry;
  }
}

function normaliseLink(target: string): string {
  return normaliseEntryName(target).path;
}

async function readFully(handle: FileHandle, buffer: Uint8Array, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
