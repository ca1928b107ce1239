// Reading the pieces of a checkpoint (JSON metadata, text heads, CRIU images) without ever throwing:
// what cannot be read becomes a warning with the file, the offset and the reason.
import type { InspectorWarning } from '../../shared/model';
import type { ArchiveEntry, OpenedArchive } from '../archive/types';
import type { DecodedImage, Message } from '../criu/types';
import { describeError, InspectorError } from '../errors';
import { LIMITS } from '../limits';
import { jsonErrorIndex } from './json-error';

/** What the checkpoint model needs from the criu module's ImageStore. */
export interface ImageLookup {
  get(path: string): Promise<DecodedImage | undefined>;
}

/** Distinct warnings one list keeps; the rest are counted in a last summary warning (a process
 *  with a million fds missing from the file table gets a readable list, not a million lines). */
export const MAX_WARNINGS = LIMITS.maxWarningsPerList;

/** Warnings without duplicates (the same broken image is met by several processes). */
export class Warnings {
  private readonly items: InspectorWarning[] = [];
  private readonly seen = new Set<string>();
  private unlisted?: { count: number; file: string };

  add(warning: InspectorWarning): void {
    const key = `${warning.file}\u0000${warning.offset ?? ''}\u0000${warning.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.items.length >= MAX_WARNINGS) {
      if (this.unlisted) this.unlisted.count++;
      else this.unlisted = { count: 1, file: warning.file };
      return;
    }
    this.items.push(warning);
  }

  addAll(warnings: readonly InspectorWarning[]): void {
    for (const w of warnings) this.add(w);
  }

  fromError(file: string, error: unknown): void {
    const offset = error instanceof InspectorError ? error.offset : undefined;
    const message = error instanceof InspectorError ? error.message : describeError(error);
    this.add({ file: error instanceof InspectorError && error.file ? error.file : file, offset, message });
  }

  toArray(): InspectorWarning[] {
    if (!this.unlisted) return [...this.items];
    const { count, file } = this.unlisted;
    return [...this.items, { file, message: `${count} more warning${count === 1 ? '' : 's'} not listed (only the first ${MAX_WARNINGS} are kept)` }];
  }

  get size(): number {
    return this.items.length;
  }
}

/** "a/b" joined with a name; `dir` may be "" (archive root) and may or may not end in "/". */
export function joinPath(dir: string, name: string): string {
  if (!dir) return name;
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

export class Sources {
  constructor(
    readonly archive: OpenedArchive,
    readonly store: ImageLookup,
  ) {}

  /** A regular (non-nested) file entry, or undefined. */
  file(path: string): ArchiveEntry | undefined {
    const entry = this.archive.getEntry(path);
    return entry && entry.type === 'file' ? entry : undefined;
  }

  /** Parsed JSON of an entry; undefined (with a warning) when unreadable or not JSON. */
  async json(path: string, warnings: Warnings): Promise<unknown> {
    const entry = this.file(path);
    if (!entry) return undefined;
    let text: string;
    try {
      const bytes = await this.archive.readAll(entry, LIMITS.maxMetadataBytes);
      text = new TextDecoder('utf-8').decode(bytes);
    } catch (error) {
      warnings.fromError(path, error);
      return undefined;
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const offset = Buffer.byteLength(text.slice(0, jsonErrorIndex(text)), 'utf8');
      warnings.add({ file: path, offset, message: `not valid JSON: ${message.split('\n')[0]}` });
      return undefined;
    }
  }

  /** The first `length` bytes of an entry as text (dump.log heads). */
  async head(path: string, length: number, warnings: Warnings): Promise<string | undefined> {
    const entry = this.file(path);
    if (!entry) return undefined;
    try {
      const bytes = await this.archive.read(entry, 0, Math.min(length, entry.size));
      return new TextDecoder('utf-8').decode(bytes);
    } catch (error) {
      warnings.fromError(path, error);
      return undefined;
    }
  }

  /** A decoded image, its problems copied into `warnings`. `required`: say so when it is missing. */
  async image(path: string, warnings: Warnings, required?: string): Promise<DecodedImage | undefined> {
    let image: DecodedImage | undefined;
    try {
      image = await this.store.get(path);
    } catch (error) {
      warnings.fromError(path, error);
      return undefined;
    }
    if (!image) {
      if (required) warnings.add({ file: path, message: `missing: ${required} not decodable` });
      return undefined;
    }
    warnings.addAll(image.warnings);
    return image;
  }

  /** Messages of an image's entries (of one type when given). */
  async messages(path: string, warnings: Warnings, required?: string, type?: string): Promise<Message[]> {
    const image = await this.image(path, warnings, required);
    if (!image) return [];
    return image.entries.filter((e) => !type || e.type === type).map((e) => e.message);
  }

  /** The first entry's message; a warning when the image exists but holds no entry. */
  async first(path: string, warnings: Warnings, required?: string): Promise<Message | undefined> {
    const image = await this.image(path, warnings, required);
    if (!image) return undefined;
    const entry = image.entries[0];
    if (!entry) {
      const offset = image.warnings[0]?.offset;
      if (required || image.warnings.length === 0) {
        warnings.add({ file: path, offset, message: `no entry decoded${required ? `: ${required} not decodable` : ''}` });
      }
      return undefined;
    }
    return entry.message;
  }
}
