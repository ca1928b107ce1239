// The container's file-system changes: rootfs-diff.tar (files of the writable layer, added or
// modified — the tar does not say which) and deleted.files (paths removed from the image), joined
// with the processes that hold them open, plus ghost files (deleted but still open).
import type { GhostFile, InspectorWarning, ProcessInfo, RootfsChange, RootfsDiff } from '../../shared/model';
import type { ArchiveEntry, OpenedArchive } from '../archive/types';
import { describeError } from '../errors';
import { LIMITS } from '../limits';
import { readGhost, type GhostContents } from './ghost';

export const ROOTFS_DIFF = 'rootfs-diff.tar';
export const DELETED_FILES = 'deleted.files';

/** Folder prefix of a container inside the archive: "" or "name/". */
export function containerPrefix(dir: string | undefined): string {
  const clean = (dir ?? '').replace(/^\/+|\/+$/g, '');
  return clean ? `${clean}/` : '';
}

/** Container folders holding a rootfs diff or deleted.files: the root, else each sub-folder that has one. */
export function diffFolders(archive: OpenedArchive): string[] {
  const has = (prefix: string) => Boolean(archive.getEntry(prefix + ROOTFS_DIFF) || archive.getEntry(prefix + DELETED_FILES));
  if (has('')) return [''];
  const folders = new Set<string>();
  for (const entry of archive.entries) {
    if (entry.parent) continue;
    const m = /^([^/]+)\/(rootfs-diff\.tar|deleted\.files)$/.exec(entry.path);
    if (m) folders.add(`${m[1]}/`);
  }
  return [...folders].sort();
}

/** Members of a container's rootfs-diff.tar, in archive order. */
export function diffMembers(archive: OpenedArchive, prefix: string): ArchiveEntry[] {
  const parent = prefix + ROOTFS_DIFF;
  return archive.entries.filter((e) => e.parent === parent);
}

/** The member's path inside the container's root ("home/counter/test-file"). */
export function memberPath(entry: ArchiveEntry): string {
  return entry.parent ? entry.path.slice(entry.parent.length + 1) : entry.path;
}

/** Builds the diff of one container (`dir`), or when `dir` is absent of the root container — or, for
 *  a pod checkpoint without one, of every container folder (entryPath then tells them apart). */
export async function buildRootfsDiff(archive: OpenedArchive, processes: ProcessInfo[] = [], dir?: string): Promise<RootfsDiff> {
  const prefixes = dir !== undefined ? [containerPrefix(dir)] : diffFolders(archive);
  const warnings: InspectorWarning[] = [];
  const changes: RootfsChange[] = [];
  for (const prefix of prefixes) {
    for (const entry of diffMembers(archive, prefix)) {
      changes.push(changedEntry(entry));
      if (entry.rawName !== undefined) {
        warnings.push({ file: entry.path, offset: entry.headerOffset, message: `stored as ${JSON.stringify(entry.rawName)}; shown as ${JSON.stringify(memberPath(entry))}` });
      }
    }
    for (const path of await readDeletedFiles(archive, prefix, warnings)) {
      changes.push({ path, status: 'deleted', openBy: [] });
    }
  }
  attachOpeners(changes, processes);
  const ghostFiles = await collectGhosts(archive, processes, prefixes, warnings);
  return {
    changes,
    ghostFiles,
    counts: {
      changed: changes.filter((c) => c.status === 'changed').length,
      deleted: changes.filter((c) => c.status === 'deleted').length,
      ghost: ghostFiles.length,
    },
    warnings,
  };
}

function changedEntry(entry: ArchiveEntry): RootfsChange {
  const change: RootfsChange = {
    path: memberPath(entry),
    status: 'changed',
    type: entry.type,
    size: entry.size,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    mtime: entry.mtime,
    entryPath: entry.path,
    openBy: [],
  };
  if (entry.linkTarget !== undefined) change.linkTarget = entry.linkTarget;
  return change;
}

/** deleted.files: a JSON array of absolute paths. Returned without the leading "/", like tar members. */
async function readDeletedFiles(archive: OpenedArchive, prefix: string, warnings: InspectorWarning[]): Promise<string[]> {
  const file = prefix + DELETED_FILES;
  const entry = archive.getEntry(file);
  if (!entry || entry.type !== 'file') return [];
  let value: unknown;
  try {
    const bytes = await archive.readAll(entry, LIMITS.maxMetadataBytes);
    value = JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch (error) {
    warnings.push({ file, message: `not readable as a JSON list of paths: ${describeError(error)}` });
    return [];
  }
  if (!Array.isArray(value)) {
    warnings.push({ file, offset: 0, message: `expected a JSON array of paths, found ${value === null ? 'null' : typeof value}` });
    return [];
  }
  const paths: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string' && item !== '') paths.push(item.replace(/^\/+/, ''));
    else warnings.push({ file, message: `item ${i} is not a path: ${JSON.stringify(item)}` });
  });
  return paths;
}

function attachOpeners(changes: RootfsChange[], processes: ProcessInfo[]): void {
  const byPath = new Map<string, Array<{ pid: number; fd: number }>>();
  for (const process of processes) {
    for (const fd of process.fds) {
      if (fd.type !== 'REG') continue;
      const list = byPath.get(fd.path) ?? [];
      list.push({ pid: process.pid, fd: fd.fd });
      byPath.set(fd.path, list);
    }
  }
  for (const change of changes) change.openBy = [...(byPath.get(`/${change.path}`) ?? [])];
}

/** The entry path of a ghost image named by an fd (full path, or a name inside checkpoint/). */
export function resolveGhostImage(archive: OpenedArchive, image: string, prefixes: string[]): string | undefined {
  const candidates = [image, ...prefixes.flatMap((p) => [`${p}checkpoint/${image}`, `${p}${image}`])];
  return candidates.find((c) => archive.getEntry(c)?.type === 'file');
}

async function collectGhosts(
  archive: OpenedArchive,
  processes: ProcessInfo[],
  prefixes: string[],
  warnings: InspectorWarning[],
): Promise<GhostFile[]> {
  const ghosts: GhostFile[] = [];
  const layouts = new Map<string, GhostContents | undefined>();
  for (const process of processes) {
    for (const fd of process.fds) {
      if (!fd.ghostImage) continue;
      const image = resolveGhostImage(archive, fd.ghostImage, prefixes.length ? prefixes : ['']);
      const ghost: GhostFile = { path: fd.path, size: 0, pid: process.pid, fd: fd.fd, image: image ?? fd.ghostImage };
      if (!image) {
        warnings.push({ file: fd.ghostImage, message: `ghost image of pid ${process.pid} fd ${fd.fd} (${fd.path}) is not in the archive` });
        ghosts.push(ghost);
        continue;
      }
      if (!layouts.has(image)) {
        const layout = await readGhost(archive, image);
        layouts.set(image, layout);
        if (layout) warnings.push(...layout.warnings);
      }
      const layout = layouts.get(image);
      if (layout) {
        ghost.size = layout.size;
        if (layout.mode !== undefined) ghost.mode = layout.mode;
      }
      ghosts.push(ghost);
    }
  }
  return ghosts;
}

/** The JSON the CLI prints for `inspect --json` (rootfs part). */
export function rootfsDiffJson(diff: RootfsDiff): {
  changes: Array<{ path: string; type: string | null; size: number | null; mode: string | null; mtime: string | null; status: string; entry: string | null; open_by: Array<{ pid: number; fd: number }> }>;
  ghost_files: Array<{ path: string; size: number; pid: number; fd: number; image: string }>;
  counts: RootfsDiff['counts'];
} {
  return {
    changes: diff.changes.map((c) => ({
      path: c.path,
      type: c.type ?? null,
      size: c.size ?? null,
      mode: c.mode !== undefined ? `0${(c.mode & 0o7777).toString(8).padStart(3, '0')}` : null,
      mtime: c.mtime !== undefined ? new Date(c.mtime * 1000).toISOString() : null,
      status: c.status,
      entry: c.entryPath ?? null,
      open_by: c.openBy,
    })),
    ghost_files: diff.ghostFiles.map((g) => ({ path: g.path, size: g.size, pid: g.pid, fd: g.fd, image: g.image })),
    counts: diff.counts,
  };
}
