// A folder of CRIU images (`criu dump -D dir`): every regular file is an entry backed by itself.
// Symlinks are listed but never followed, so nothing outside the folder is read.

import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntryType, InspectorWarning } from '../../shared/model';
import { CancelledError, describeError } from '../errors';
import { kindFromName, kindWithMagic, needsMagic } from './kinds';
import { normaliseEntryName, quoteName } from './paths';
import type { ArchiveEntry, ArchiveLimits } from './types';

export interface FolderIndex {
  entries: ArchiveEntry[];
  warnings: InspectorWarning[];
  totalSize: number;
}

function typeOf(stats: Awaited<ReturnType<typeof lstat>>): EntryType {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'dir';
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isCharacterDevice()) return 'chardev';
  if (stats.isBlockDevice()) return 'blockdev';
  if (stats.isFIFO()) return 'fifo';
  return 'other';
}

export async function indexFolder(root: string, limits: ArchiveLimits, signal?: AbortSignal): Promise<FolderIndex> {
  const result: FolderIndex = { entries: [], warnings: [], totalSize: 0 };
  const pending: string[] = [''];
  while (pending.length > 0) {
    const relativeDir = pending.shift() as string;
    let names: string[];
    try {
      names = (await readdir(join(root, relativeDir))).sort();
    } catch (error) {
      result.warnings.push({ file: relativeDir || '.', message: `cannot list folder: ${describeError(error)}` });
      continue;
    }
    for (const name of names) {
      if (signal?.aborted) throw new CancelledError();
      if (result.entries.length >= limits.maxEntries) {
        result.warnings.push({ file: relativeDir || '.', message: `entry limit reached (${limits.maxEntries} entries): the rest of the folder is not indexed` });
        return result;
      }
      const relative = relativeDir ? `${relativeDir}/${name}` : name;
      const entry = await folderEntry(root, relative, result.warnings);
      if (!entry) continue;
      result.entries.push(entry);
      if (entry.type === 'dir') pending.push(relative);
      if (entry.type === 'file') result.totalSize += entry.size;
    }
  }
  return result;
}

async function folderEntry(root: string, relative: string, warnings: InspectorWarning[]): Promise<ArchiveEntry | undefined> {
  const full = join(root, relative);
  let stats;
  try {
    stats = await lstat(full);
  } catch (error) {
    warnings.push({ file: relative, message: `cannot read file information: ${describeError(error)}` });
    return undefined;
  }
  const type = typeOf(stats);
  // File names in the folder are as untrusted as names in a tar: control and bidi characters are
  // shown escaped (the backing path keeps the real name).
  const { path, problems } = normaliseEntryName(relative);
  const entry: ArchiveEntry = {
    path,
    type,
    size: type === 'file' ? stats.size : 0,
    mode: stats.mode & 0o7777,
    uid: stats.uid,
    gid: stats.gid,
    mtime: stats.mtimeMs / 1000,
    ...kindFromName(path, type),
  };
  if (problems.length > 0) {
    entry.rawName = relative;
    warnings.push({ file: path, message: `file name ${quoteName(relative)} is shown as "${path}": ${problems.join('; ')}` });
  }
  if (type === 'symlink') {
    try {
      entry.linkTarget = await readlink(full);
    } catch {
      // The link is listed without a target.
    }
  }
  if (type === 'file') {
    entry.backing = { file: full, offset: 0 };
    if (needsMagic(path, type)) await refineWithMagic(entry, full, warnings);
  }
  return entry;
}

async function refineWithMagic(entry: ArchiveEntry, full: string, warnings: InspectorWarning[]): Promise<void> {
  try {
    const handle = await open(full, 'r');
    try {
      const head = new Uint8Array(8);
      const { bytesRead } = await handle.read(head, 0, 8, 0);
      const verdict = kindWithMagic(entry.path, entry, head.subarray(0, bytesRead));
      entry.kindId = verdict.kindId;
      entry.kind = verdict.kind;
      if (verdict.warning) warnings.push({ file: entry.path, offset: 0, message: verdict.warning });
    } finally {
      await handle.close();
    }
  } catch (error) {
    warnings.push({ file: entry.path, message: `cannot read: ${describeError(error)}` });
  }
}
