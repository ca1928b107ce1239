// The checkpoint model: what an opened archive says about its container(s) and processes.
// Everything is read lazily and memoised; nothing here throws for bad input (see `warnings`).
import type { CheckpointOverview, ContainerOverview, InspectorWarning, MountPoint, ProcessInfo } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import { loadAddressSpace } from '../memory';
import { findLayout, type ArchiveLayout, type ContainerLayout } from './layout';
import { loadMountPoints } from './mounts';
import { containerOverview } from './overview';
import { loadProcesses, type MemoryLoader } from './processes';
import { Sources, Warnings, type ImageLookup } from './sources';
import { num } from './values';

export type { ArchiveLayout, ContainerLayout } from './layout';
export type { MemoryLoader, ProcessMemoryView } from './processes';
export type { ImageLookup } from './sources';
export { toInspectJson, type InspectJson } from './inspect-json';
export { formatAddress, formatIPv6, unixName } from './sockets';
export { capabilityNames, openFlagNames, taskStateName } from './names';

export interface CheckpointOptions {
  /** How to load a process's address space; default: electron/memory loadAddressSpace. */
  memory?: MemoryLoader;
}

export interface Checkpoint {
  /** Container folders found in the archive (one, several for a pod, none if it holds no dump). */
  layout(): Promise<ArchiveLayout>;
  overview(): Promise<CheckpointOverview>;
  /** Processes of the first container (the only one unless the archive is a pod checkpoint). */
  processes(): Promise<ProcessInfo[]>;
  /** Processes of the container in folder `dir` (ContainerOverview.dir). */
  processesOf(dir: string): Promise<ProcessInfo[]>;
  /** Mount table of the first container's mount namespace (mountpoints image). */
  mountPoints(): Promise<MountPoint[]>;
  mountPointsOf(dir: string): Promise<MountPoint[]>;
  /** Problems met outside single processes: the file table, pstree, sockets queues, mounts. */
  warnings(): Promise<InspectorWarning[]>;
}

export async function loadCheckpoint(
  archive: OpenedArchive,
  store: ImageLookup,
  options: CheckpointOptions = {},
): Promise<Checkpoint> {
  const sources = new Sources(archive, store);
  const memory: MemoryLoader =
    options.memory ?? ((pid, layout) => loadAddressSpace(archive, store, pid, { dir: layout.images }));
  const shared = new Warnings();
  const layoutPromise = findLayout(archive, sources);
  const processCache = new Map<string, Promise<ProcessInfo[]>>();
  const mountCache = new Map<string, Promise<MountPoint[]>>();
  let overviewPromise: Promise<CheckpointOverview> | undefined;

  async function containerAt(dir: string | undefined): Promise<ContainerLayout | undefined> {
    const { containers } = await layoutPromise;
    return dir === undefined ? containers[0] : containers.find((c) => c.dir === dir);
  }

  function processesOf(dir: string | undefined): Promise<ProcessInfo[]> {
    const key = dir ?? '\u0000first';
    let cached = processCache.get(key);
    if (!cached) {
      cached = containerAt(dir).then((layout) => (layout ? loadProcesses(sources, layout, memory, shared) : []));
      processCache.set(key, cached);
    }
    return cached;
  }

  function mountPointsOf(dir: string | undefined): Promise<MountPoint[]> {
    const key = dir ?? '\u0000first';
    let cached = mountCache.get(key);
    if (!cached) {
      cached = containerAt(dir).then(async (layout) => {
        if (!layout) return [];
        const tree = await sources.messages(`${layout.images}pstree.img`, shared);
        const root = tree.find((t) => num(t.ppid) === 0) ?? tree[0];
        return loadMountPoints(sources, layout, num(root?.pid), shared);
      });
      mountCache.set(key, cached);
    }
    return cached;
  }

  return {
    layout: () => layoutPromise,
    overview() {
      overviewPromise ??= layoutPromise.then(async (layout) => {
        const containers: ContainerOverview[] = [];
        for (const container of layout.containers) containers.push(await containerOverview(sources, container));
        const warnings = new Warnings();
        warnings.addAll(archive.warnings);
        warnings.addAll(layout.warnings);
        return {
          engine: containers[0]?.engine ?? 'unknown',
          containers,
          isPod: layout.isPod,
          warnings: warnings.toArray(),
        };
      });
      return overviewPromise;
    },
    processes: () => processesOf(undefined),
    processesOf: (dir) => processesOf(dir),
    mountPoints: () => mountPointsOf(undefined),
    mountPointsOf: (dir) => mountPointsOf(dir),
    async warnings() {
      await Promise.all([...processCache.values(), ...mountCache.values()]);
      return shared.toArray();
    },
  };
}
