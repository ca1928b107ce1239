// Per-archive cache of decoded CRIU images, bounded by an estimate of their size (least recently used
// goes first). Reads go through the archive's positioned reads; raw images are never read.
import type { ImageSummary } from '../../shared/model';
import type { ArchiveEntry, OpenedArchive } from '../archive/types';
import { describeError } from '../errors';
import { LIMITS } from '../limits';
import { decodeImage } from './decode-image';
import { expectedMagic, isRawImageName } from './kinds';
import { CRIU_MAGICS, formatMagic } from './magic';
import type { DecodedImage } from './types';

/** Default bound of one archive's cache: decoded images are a few times their bytes. */
export const DEFAULT_IMAGE_CACHE_BYTES = 512 * 1024 * 1024;

const SERVICE_FILES = new Set(['stats-dump', 'stats-restore', 'irmap-cache']);

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** An entry the store treats as a CRIU image: a top-level (not nested) regular file named `*.img`
 *  or a CRIU service file. */
export function isImageEntry(entry: ArchiveEntry): boolean {
  if (entry.type !== 'file' || entry.parent !== undefined) return false;
  const name = baseName(entry.path);
  return name.endsWith('.img') || SERVICE_FILES.has(name);
}

/** Rough bytes a decoded image keeps alive: its buffer plus the message objects. */
function costOf(image: DecodedImage): number {
  return image.decodedBytes * 2 + image.entries.length * 400 + 1024;
}

export interface ImageStoreOptions {
  maxCacheBytes?: number;
}

export class ImageStore {
  private readonly archive: OpenedArchive;
  private readonly maxCacheBytes: number;
  /** Insertion order is recency order: the first key is the least recently used. */
  private readonly cache = new Map<string, { image: DecodedImage; cost: number }>();
  private readonly pending = new Map<string, Promise<DecodedImage | undefined>>();
  private cachedBytes = 0;

  constructor(archive: OpenedArchive, options: ImageStoreOptions = {}) {
    this.archive = archive;
    this.maxCacheBytes = options.maxCacheBytes ?? DEFAULT_IMAGE_CACHE_BYTES;
  }

  /** The decoded image at `path`; undefined when the archive has no such file. A corrupt or unreadable
   *  image is still a DecodedImage, with warnings. */
  get(path: string): Promise<DecodedImage | undefined> {
    const hit = this.cache.get(path);
    if (hit) {
      this.cache.delete(path);
      this.cache.set(path, hit);
      return Promise.resolve(hit.image);
    }
    const inFlight = this.pending.get(path);
    if (inFlight) return inFlight;
    const loading = this.load(path).finally(() => this.pending.delete(path));
    this.pending.set(path, loading);
    return loading;
  }

  /** Every CRIU image of the archive (framed or raw), in archive order. */
  list(): ImageSummary[] {
    return this.archive.entries.filter(isImageEntry).map((entry) => this.summary(entry));
  }

  /** Folders that hold CRIU images: "checkpoint", "<ctr>/checkpoint" in pod checkpoints, "" for an
   *  image folder or images at the archive root. Sorted, "checkpoint" style first. */
  imageDirs(): string[] {
    const dirs = new Set<string>();
    for (const entry of this.archive.entries) {
      if (isImageEntry(entry) && entry.path.endsWith('.img')) dirs.add(dirName(entry.path));
    }
    return [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  }

  /** Path of image `name` ("pstree.img", "stats-dump") in `dir`, or when `dir` is not given: in
   *  `checkpoint/`, then at the archive root (stats-dump and dump.log sit there in container archives),
   *  then in the only image folder that has it. Undefined when absent. */
  findImage(name: string, dir?: string): string | undefined {
    const exists = (path: string) => this.archive.getEntry(path)?.type === 'file';
    if (dir !== undefined) {
      const path = dir ? `${dir}/${name}` : name;
      if (exists(path)) return path;
      // A container dir of a pod checkpoint: its images are in <dir>/checkpoint, its stats beside it.
      const nested = dir ? `${dir}/checkpoint/${name}` : `checkpoint/${name}`;
      if (exists(nested)) return nested;
      if (dir.endsWith('checkpoint')) {
        const parent = dirName(dir);
        const beside = parent ? `${parent}/${name}` : name;
        if (SERVICE_FILES.has(name) && exists(beside)) return beside;
      }
      return undefined;
    }
    for (const path of [`checkpoint/${name}`, name]) if (exists(path)) return path;
    const found = this.archive.entries.filter((entry) => isImageEntry(entry) && baseName(entry.path) === name);
    return found.length === 1 ? found[0].path : undefined;
  }

  /** Drops every cached image (the archive is being closed). */
  clear(): void {
    this.cache.clear();
    this.cachedBytes = 0;
  }

  private summary(entry: ArchiveEntry): ImageSummary {
    const cached = this.cache.get(entry.path)?.image;
    const magic = cached?.magic ?? magicFromName(entry);
    const value = cached?.magicValue ?? (magic in CRIU_MAGICS && magic !== 'RAW' ? CRIU_MAGICS[magic] : undefined);
    return {
      path: entry.path,
      magic,
      magicValue: value === undefined ? undefined : formatMagic(value),
      entryCount: cached && !cached.raw ? cached.entries.length : undefined,
      size: entry.size,
      description: entry.kind,
    };
  }

  private async load(path: string): Promise<DecodedImage | undefined> {
    const entry = this.archive.getEntry(path);
    if (!entry || entry.type !== 'file') return undefined;
    let image: DecodedImage;
    if (isRawImageName(path)) {
      image = decodeImage(path, new Uint8Array(0), { totalSize: entry.size });
    } else {
      try {
        const bytes =
          entry.size > LIMITS.maxImageBytes
            ? await this.archive.read(entry, 0, LIMITS.maxImageBytes)
            : await this.archive.readAll(entry, LIMITS.maxImageBytes);
        image = decodeImage(path, bytes, { totalSize: entry.size });
      } catch (error) {
        image = {
          file: path,
          magic: magicFromName(entry),
          raw: false,
          entries: [],
          warnings: [{ file: path, message: `could not read the image: ${describeError(error)}` }],
          totalSize: entry.size,
          decodedBytes: 0,
        };
      }
    }
    this.remember(path, image);
    return image;
  }

  private remember(path: string, image: DecodedImage): void {
    const cost = costOf(image);
    if (cost > this.maxCacheBytes) return;
    this.cache.set(path, { image, cost });
    this.cachedBytes += cost;
    for (const [key, value] of this.cache) {
      if (this.cachedBytes <= this.maxCacheBytes) break;
      this.cache.delete(key);
      this.cachedBytes -= value.cost;
    }
  }
}

/** The magic an image should carry, from its name or the archive's kind label (before any decode). */
function magicFromName(entry: ArchiveEntry): string {
  if (isRawImageName(entry.path)) return 'RAW';
  const expected = expectedMagic(entry.path);
  if (expected) return expected;
  const fromKind = entry.kindId.startsWith('criu:') ? entry.kindId.slice(5).toUpperCase().replace(/-/g, '_') : '';
  return fromKind in CRIU_MAGICS ? fromKind : 'UNKNOWN';
}
