// Where the containers of an archive are: a single container at the root (CRI-O, Podman, containerd),
// several container folders of a pod checkpoint (pod.options), or a bare CRIU image folder.
import type { InspectorWarning } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import { joinPath, Sources, Warnings } from './sources';
import { isRecord } from './values';

export interface ContainerLayout {
  /** Folder of the container's metadata ("" = archive root). */
  dir: string;
  /** Prefix of its CRIU images: "checkpoint/", "<dir>/checkpoint/", or "" for a bare image folder. */
  images: string;
}

export interface ArchiveLayout {
  containers: ContainerLayout[];
  isPod: boolean;
  /** pod.options as parsed, when present. */
  podOptions?: Record<string, unknown>;
  warnings: InspectorWarning[];
}

const CRIU_MARKERS = ['pstree.img', 'inventory.img'];

export async function findLayout(archive: OpenedArchive, sources: Sources): Promise<ArchiveLayout> {
  const warnings = new Warnings();
  const topLevel = new Map<string, boolean>(); // dir -> has a checkpoint/ folder
  for (const entry of archive.entries) {
    if (entry.parent) continue;
    const match = /^(?:([^/]+)\/)?checkpoint(?:\/|$)/.exec(entry.path);
    if (match) topLevel.set(match[1] ?? '', true);
  }

  const podOptionsPath = 'pod.options';
  let podOptions: Record<string, unknown> | undefined;
  if (sources.file(podOptionsPath)) {
    const parsed = await sources.json(podOptionsPath, warnings);
    if (isRecord(parsed)) podOptions = parsed;
    else if (parsed !== undefined) warnings.add({ file: podOptionsPath, message: 'pod.options is not a JSON object' });
  }

  if (topLevel.has('') && !podOptions) {
    return { containers: [{ dir: '', images: 'checkpoint/' }], isPod: false, warnings: warnings.toArray() };
  }

  const dirs = [...podDirs(podOptions), ...[...topLevel.keys()].filter((d) => d !== '').sort()];
  const unique = [...new Set(dirs)];
  if (podOptions || unique.length > 0) {
    const containers: ContainerLayout[] = [];
    for (const dir of unique) {
      if (!topLevel.has(dir)) {
        warnings.add({ file: podOptionsPath, message: `container folder "${dir}" listed in pod.options is not in the archive` });
        continue;
      }
      containers.push({ dir, images: joinPath(dir, 'checkpoint/') });
    }
    if (topLevel.has('')) containers.unshift({ dir: '', images: 'checkpoint/' });
    return { containers, isPod: true, podOptions, warnings: warnings.toArray() };
  }

  if (CRIU_MARKERS.some((name) => archive.getEntry(name))) {
    return { containers: [{ dir: '', images: '' }], isPod: false, warnings: warnings.toArray() };
  }
  // A tarred image folder ("criu dump -D dump/" then "tar cf dump.tar dump/"): every folder that
  // holds a pstree.img, shallowest first.
  const folders = archive.entries
    .filter((e) => !e.parent && e.type === 'file' && e.path.endsWith('/pstree.img'))
    .map((e) => e.path.slice(0, -'/pstree.img'.length))
    .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  if (folders.length > 0) {
    return { containers: folders.map((dir) => ({ dir, images: `${dir}/` })), isPod: false, warnings: warnings.toArray() };
  }
  warnings.add({ file: archive.path, message: 'no CRIU checkpoint found (no checkpoint/ folder, pstree.img or inventory.img)' });
  return { containers: [], isPod: false, warnings: warnings.toArray() };
}

/** Container folders named by pod.options: `containers` is a map short-id -> folder (KEP-5823)
 *  or, in older writers, a list of folder names. */
function podDirs(podOptions: Record<string, unknown> | undefined): string[] {
  const containers = podOptions?.containers;
  const names: unknown[] = Array.isArray(containers)
    ? containers
    : isRecord(containers)
      ? Object.values(containers)
      : [];
  return names.filter((n): n is string => typeof n === 'string' && n !== '' && !n.includes('..')).map((n) => n.replace(/\/+$/, ''));
}
