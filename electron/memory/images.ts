// The CRIU images the memory code reads, found through the archive's ImageStore.

import type { InspectorWarning } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import type { DecodedImage, Message } from '../criu/types';

/** What memory needs from an ImageStore (electron/criu): decoded images by entry path. */
export interface ImageLookup {
  get(path: string): Promise<DecodedImage | undefined>;
}

/** Folder of the CRIU images: "checkpoint/" in container archives, "" for a plain image folder,
 *  "<ctr>/checkpoint/" inside a pod checkpoint (the first one, unless `dir` is given). */
export function imageDir(archive: OpenedArchive, dir?: string): string {
  if (dir !== undefined) return dir === '' || dir.endsWith('/') ? dir : `${dir}/`;
  if (archive.getEntry('checkpoint/pstree.img')) return 'checkpoint/';
  if (archive.getEntry('pstree.img')) return '';
  const pstree = archive.entries
    .filter((e) => !e.parent && e.path.endsWith('/pstree.img'))
    .map((e) => e.path)
    .sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
  return pstree ? pstree.slice(0, -'pstree.img'.length) : 'checkpoint/';
}

/** Messages of an image, with the image's warnings appended to `warnings`. */
export async function messages(
  store: ImageLookup,
  path: string,
  warnings: InspectorWarning[],
): Promise<{ image: DecodedImage; messages: Message[] } | undefined> {
  const image = await store.get(path);
  if (!image) return undefined;
  warnings.push(...image.warnings);
  return { image, messages: image.entries.map((e) => e.message) };
}

export interface ProcessEntry {
  pid: number;
  ppid: number;
  threads: number[];
}

export async function listProcesses(store: ImageLookup, dir: string, warnings: InspectorWarning[]): Promise<ProcessEntry[]> {
  const pstree = await messages(store, `${dir}pstree.img`, warnings);
  if (!pstree) return [];
  return pstree.messages
    .filter((m) => typeof m.pid === 'number')
    .map((m) => ({
      pid: m.pid as number,
      ppid: typeof m.ppid === 'number' ? m.ppid : 0,
      threads: Array.isArray(m.threads) ? (m.threads as number[]) : [],
    }));
}

export async function readCore(
  store: ImageLookup,
  dir: string,
  pid: number,
  warnings: InspectorWarning[],
): Promise<{ comm: string; mtype?: number }> {
  const core = await messages(store, `${dir}core-${pid}.img`, warnings);
  const message = core?.messages[0];
  const tc = message?.tc as Message | undefined;
  return {
    comm: typeof tc?.comm === 'string' ? tc.comm : '',
    mtype: typeof message?.mtype === 'number' ? message.mtype : undefined,
  };
}

/** files.img id -> path of REG entries (older dumps: reg-files.img). Cached per store. */
const fileNameCache = new WeakMap<ImageLookup, Map<string, Promise<Map<number, string>>>>();

export function fileNames(store: ImageLookup, dir: string, warnings: InspectorWarning[]): Promise<Map<number, string>> {
  let perDir = fileNameCache.get(store);
  if (!perDir) fileNameCache.set(store, (perDir = new Map()));
  let names = perDir.get(dir);
  if (!names) {
    names = loadFileNames(store, dir, warnings);
    perDir.set(dir, names);
  }
  return names;
}

async function loadFileNames(store: ImageLookup, dir: string, warnings: InspectorWarning[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const files = await messages(store, `${dir}files.img`, warnings);
  for (const entry of files?.messages ?? []) {
    const reg = entry.reg as Message | undefined;
    const id = typeof entry.id === 'number' ? entry.id : typeof reg?.id === 'number' ? reg.id : undefined;
    if (id !== undefined && typeof reg?.name === 'string') names.set(id, reg.name);
  }
  if (!files) {
    const legacy = await messages(store, `${dir}reg-files.img`, warnings);
    for (const reg of legacy?.messages ?? []) {
      if (typeof reg.id === 'number' && typeof reg.name === 'string') names.set(reg.id, reg.name);
    }
  }
  return names;
}
