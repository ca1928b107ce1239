// Exports files of the rootfs diff (and ghost file contents) into a folder the examiner chose.
// Untrusted names never leave that folder: absolute names and `..` are refused, nothing is written
// through a symlink (every parent is lstat-checked, files are created with O_EXCL|O_NOFOLLOW), device
// nodes and fifos are skipped, existing files are kept unless `overwrite`, and no setuid/setgid or
// executable bits are set.
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, rm, symlink, unlink, lutimes, utimes, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ExportRequest, ExportResult, GhostFile } from '../../shared/model';
import type { ArchiveEntry, OpenedArchive } from '../archive/types';
import { CancelledError, describeError, InspectorError } from '../errors';
import { containerPrefix, diffFolders, diffMembers, memberPath, resolveGhostImage, ROOTFS_DIFF } from './diff';
import { readGhost } from './ghost';
import { sanitizeMemberName } from './names';

export interface ExportOptions {
  /** The container folder (pod checkpoints); default: the root container, or every container folder. */
  dir?: string;
  /** Ghost files from the diff, to name exported ghost contents after the files they were. */
  ghostFiles?: GhostFile[];
  signal?: AbortSignal;
}

const FILE_MODE = 0o644;
const DIR_MODE = 0o755;
const COPY_CHUNK = 1024 * 1024;
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
/** Folder (inside the destination) that receives ghost file contents. */
export const GHOST_FOLDER = 'ghost-files';

/** A reason an entry was not written (becomes `skipped`). */
class Skip extends Error {}
/** The output exists and `overwrite` was not given (becomes `conflicts`). */
class Conflict extends Error {}

interface Selected {
  entry: ArchiveEntry;
  /** Output folder of its container ("" or the container folder). */
  prefix: string;
}

export async function exportFiles(
  archive: OpenedArchive,
  destination: string,
  request: ExportRequest,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const root = await exportRoot(destination);
  const writer = new SafeWriter(root, request.overwrite === true);
  const result: ExportResult = { destination: root, written: [], skipped: [], conflicts: [] };
  const prefixes = options.dir !== undefined ? [containerPrefix(options.dir)] : diffFolders(archive);
  const selected = selectMembers(archive, prefixes, request.paths, result);
  const dirTimes: Array<{ path: string; mtime: number }> = [];
  try {
    for (const { entry, prefix } of selected) {
      if (options.signal?.aborted) throw new CancelledError();
      const shown = prefix + memberPath(entry);
      await record(result, shown, async () => {
        const parts = outputParts(entry, prefix, shown, result);
        const written = await writeMember(archive, writer, entry, parts);
        if (entry.type === 'dir') dirTimes.push({ path: written, mtime: entry.mtime });
        return written;
      });
    }
    for (const image of request.ghostImages ?? []) {
      if (options.signal?.aborted) throw new CancelledError();
      await record(result, image, () => exportGhost(archive, writer, image, prefixes, options.ghostFiles ?? [], result));
    }
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    result.cancelled = true;
  }
  // Directory times last: writing into a folder changes its mtime.
  for (const { path, mtime } of dirTimes.reverse()) await utimes(join(root, path), mtime, mtime).catch(() => undefined);
  return result;
}

/** Runs one entry's export and files the outcome under written / skipped / conflicts. */
async function record(result: ExportResult, shown: string, run: () => Promise<string | undefined>): Promise<void> {
  try {
    const written = await run();
    if (written !== undefined) result.written.push(written);
  } catch (error) {
    if (error instanceof Conflict) result.conflicts.push(error.message);
    else if (error instanceof Skip) result.skipped.push({ path: shown, reason: error.message });
    else if (error instanceof CancelledError) throw error;
    else result.skipped.push({ path: shown, reason: describeError(error) });
  }
}

async function exportRoot(destination: string): Promise<string> {
  let root: string;
  try {
    root = await realpath(destination);
  } catch (error) {
    throw new InspectorError(`export folder not usable: ${describeError(error)}`, { file: destination });
  }
  if (!(await lstat(root)).isDirectory()) throw new InspectorError('export destination is not a folder', { file: destination });
  return root;
}

function selectMembers(archive: OpenedArchive, prefixes: string[], paths: string[], result: ExportResult): Selected[] {
  const all: Selected[] = prefixes.flatMap((prefix) => diffMembers(archive, prefix).map((entry) => ({ entry, prefix })));
  const picked = new Set<ArchiveEntry>();
  for (const requested of paths) {
    if (requested === '*' || requested.replace(/^\/+|\/+$/g, '') === '') {
      for (const s of all) picked.add(s.entry);
      continue;
    }
    const want = requested.replace(/^\/+|\/+$/g, '');
    const matches = all.filter(({ entry, prefix }) => {
      const inner = memberPath(entry);
      const outer = prefix + inner;
      return [inner, outer, entry.path].some((p) => p === want || p.startsWith(`${want}/`)) || want === prefix + ROOTFS_DIFF;
    });
    if (matches.length === 0) result.skipped.push({ path: requested, reason: 'not in the rootfs diff (a deleted file has no content in the checkpoint)' });
    for (const m of matches) picked.add(m.entry);
  }
  return all.filter((s) => picked.has(s.entry));
}

/** Output path components of a member: its container folder, then its sanitized stored name. */
function outputParts(entry: ArchiveEntry, prefix: string, shown: string, result: ExportResult): string[] {
  const stored = entry.rawName ?? memberPath(entry);
  const safe = sanitizeMemberName(stored);
  if (!safe.ok) throw new Skip(`refused: ${safe.reason} (${JSON.stringify(stored)})`);
  const parts = [...prefix.split('/').filter(Boolean), ...safe.parts];
  if (safe.renamed) (result.renamed ??= []).push({ path: shown, as: parts.join('/') });
  return parts;
}

async function writeMember(archive: OpenedArchive, writer: SafeWriter, entry: ArchiveEntry, parts: string[]): Promise<string> {
  switch (entry.type) {
    case 'dir':
      await writer.directory(parts);
      return parts.join('/');
    case 'file':
      await writer.file(parts, entry.mtime, (handle) => copyEntry(archive, entry, handle));
      return parts.join('/');
    case 'hardlink': {
      const target = hardlinkTarget(archive, entry);
      await writer.file(parts, entry.mtime, (handle) => copyEntry(archive, target, handle));
      return parts.join('/');
    }
    case 'symlink':
      if (!entry.linkTarget) throw new Skip('symlink without a target');
      await writer.symlink(parts, entry.linkTarget, entry.mtime);
      return parts.join('/');
    case 'chardev':
    case 'blockdev':
      throw new Skip('device node: not exported');
    case 'fifo':
      throw new Skip('fifo: not exported');
    default:
      throw new Skip(`${entry.type} entry: not exported`);
  }
}

/** A tar hard link names an earlier member of the same tar; it is exported as a copy of it. */
function hardlinkTarget(archive: OpenedArchive, entry: ArchiveEntry): ArchiveEntry {
  const name = (entry.linkTarget ?? '').replace(/^\.?\/+/, '');
  const target = entry.parent ? archive.getEntry(`${entry.parent}/${name}`) : undefined;
  if (!target || target.type !== 'file') throw new Skip(`hard link to ${JSON.stringify(entry.linkTarget)}, which is not a file in the diff`);
  return target;
}

async function copyEntry(archive: OpenedArchive, entry: ArchiveEntry, handle: FileHandle): Promise<void> {
  for (let offset = 0; offset < entry.size; ) {
    const bytes = await archive.read(entry, offset, Math.min(COPY_CHUNK, entry.size - offset));
    if (bytes.length === 0) throw new InspectorError('entry ended early', { file: entry.path, offset });
    await handle.write(bytes, 0, bytes.length, offset);
    offset += bytes.length;
  }
}

async function exportGhost(
  archive: OpenedArchive,
  writer: SafeWriter,
  image: string,
  prefixes: string[],
  ghostFiles: GhostFile[],
  result: ExportResult,
): Promise<string> {
  const entryPath = resolveGhostImage(archive, image, prefixes.length ? prefixes : ['']);
  const layout = entryPath ? await readGhost(archive, entryPath) : undefined;
  if (!entryPath || !layout) throw new Skip('no such ghost image in the archive');
  if (layout.pieces.length === 0 && layout.size > 0) {
    throw new Skip(`ghost contents not readable: ${layout.warnings.map((w) => w.message).join('; ') || 'no data'}`);
  }
  const known = ghostFiles.find((g) => g.image === entryPath || g.image === image);
  const stored = known ? known.path.replace(/ \(deleted\)$/, '').replace(/^\/+/, '') : basename(entryPath);
  const safe = sanitizeMemberName(stored);
  const parts = [GHOST_FOLDER, ...(safe.ok ? safe.parts : [basename(entryPath)])];
  if (safe.ok && safe.renamed) (result.renamed ??= []).push({ path: image, as: parts.join('/') });
  const mtime = layout.mtime ?? archive.getEntry(entryPath)?.mtime ?? Date.now() / 1000;
  if (layout.symlinkTarget !== undefined) {
    await writer.symlink(parts, layout.symlinkTarget, mtime);
    return parts.join('/');
  }
  await writer.file(parts, mtime, async (handle) => {
    for (const piece of layout.pieces) {
      for (let done = 0; done < piece.length; ) {
        const bytes = await archive.read(entryPath, piece.imageOffset + done, Math.min(COPY_CHUNK, piece.length - done));
        if (bytes.length === 0) throw new InspectorError('ghost image ended early', { file: entryPath, offset: piece.imageOffset + done });
        await handle.write(bytes, 0, bytes.length, piece.fileOffset + done);
        done += bytes.length;
      }
    }
    // Sparse tails (a ghost whose last bytes were holes) keep the file's size.
    if ((await handle.stat()).size < layout.size) await handle.truncate(layout.size);
  });
  return parts.join('/');
}

/** Writes below one root folder without ever leaving it or following a link. */
class SafeWriter {
  constructor(
    readonly root: string,
    private readonly overwrite: boolean,
  ) {}

  /** Absolute path of `parts`, checked to stay below the root. */
  private resolve(parts: string[]): string {
    const path = join(this.root, ...parts);
    const rel = relative(this.root, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Skip('refused: the name leaves the export folder');
    return path;
  }

  /** Creates (or accepts) each folder of `parts`; a link or file in the way refuses the entry. */
  async directory(parts: string[]): Promise<string> {
    let path = this.root;
    for (let i = 0; i < parts.length; i++) {
      path = this.resolve(parts.slice(0, i + 1));
      const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (info?.isDirectory()) continue;
      const shown = parts.slice(0, i + 1).join('/');
      if (info?.isSymbolicLink()) throw new Skip(`refused: ${shown} is a symlink in the export folder; nothing is written through it`);
      if (info) throw new Skip(`refused: ${shown} exists in the export folder and is not a folder`);
      await mkdir(path, { mode: DIR_MODE }).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST' || !(await lstat(path)).isDirectory()) throw error;
      });
    }
    return path;
  }

  /** Makes room for a new file or link at `parts`: conflict, refusal, or removal of the old one. */
  private async claim(parts: string[]): Promise<string> {
    await this.directory(parts.slice(0, -1));
    const path = this.resolve(parts);
    const info = await lstat(path).catch(() => undefined);
    if (!info) return path;
    if (info.isDirectory()) throw new Skip('a folder of that name exists in the export folder');
    if (!this.overwrite) throw new Conflict(parts.join('/'));
    await unlink(path); // removes a link itself, never what it points to
    return path;
  }

  async file(parts: string[], mtime: number, fill: (handle: FileHandle) => Promise<void>): Promise<void> {
    const path = await this.claim(parts);
    const handle = await open(path, CREATE_FLAGS, FILE_MODE);
    try {
      await fill(handle);
      await handle.chmod(FILE_MODE); // the umask may have cleared bits; never more than rw-r--r--
      await handle.utimes(mtime, mtime);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(path, { force: true });
      throw error;
    }
    await handle.close();
  }

  async symlink(parts: string[], target: string, mtime: number): Promise<void> {
    const path = await this.claim(parts);
    await symlink(target, path);
    await lutimes(path, mtime, mtime).catch(() => undefined);
  }
}

/** Saves bytes to a file the user picked in a save dialog (which asked about replacing it): written
 *  beside it under a temporary name, then renamed over it, so a symlink there is replaced, not followed. */
export async function saveBytesTo(target: string, bytes: Uint8Array): Promise<void> {
  const info = await lstat(target).catch(() => undefined);
  if (info?.isDirectory()) throw new InspectorError('the chosen path is a folder', { file: target });
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  const handle = await open(temp, CREATE_FLAGS, FILE_MODE);
  try {
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.close();
    await rename(temp, target);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw new InspectorError(`could not save: ${describeError(error)}`, { file: target });
  }
}
