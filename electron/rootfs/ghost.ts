// Ghost files: contents CRIU saved of files that were deleted while a process still held them open
// (ghost-file-<id>.img: a ghost_file_entry, then the bytes — whole, or as (offset, length) chunks).
import type { InspectorWarning } from '../../shared/model';
import type { OpenedArchive } from '../archive/types';
import { decodeImage } from '../criu';
import type { Message } from '../criu/types';
import { describeError } from '../errors';
import { LIMITS } from '../limits';

/** A run of the ghost's bytes: `length` bytes at `imageOffset` of the image go to `fileOffset`. */
export interface GhostPiece {
  fileOffset: number;
  imageOffset: number;
  length: number;
}

export interface GhostContents {
  image: string;
  /** Size of the deleted file (from the entry, or the sum of its pieces). */
  size: number;
  mode?: number;
  mtime?: number;
  /** For a deleted symlink: its target (no bytes then). */
  symlinkTarget?: string;
  pieces: GhostPiece[];
  warnings: InspectorWarning[];
}

const HEAD_BYTES = 64 * 1024;

const toNumber = (value: unknown): number | undefined =>
  typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : undefined;

/** Reads the layout of a ghost image (not its bytes). Undefined when the entry does not exist. */
export async function readGhost(archive: OpenedArchive, image: string): Promise<GhostContents | undefined> {
  const entry = archive.getEntry(image);
  if (!entry || entry.type !== 'file') return undefined;
  const warnings: InspectorWarning[] = [];
  let bytes: Uint8Array;
  try {
    // Chunk headers sit between the chunks, so a chunked ghost is decoded whole (CRIU's ghost limit is
    // 1 MiB by default); the head is enough for an unchunked one.
    const head = await archive.read(entry, 0, Math.min(entry.size, HEAD_BYTES));
    const chunked = entry.size > head.length && isChunked(decodeImage(image, head, { totalSize: entry.size }).entries[0]?.message);
    bytes = chunked ? await archive.readAll(entry, LIMITS.maxImageBytes) : head;
  } catch (error) {
    return { image, size: 0, pieces: [], warnings: [{ file: image, message: `ghost image not readable: ${describeError(error)}` }] };
  }
  const decoded = decodeImage(image, bytes, { totalSize: entry.size });
  warnings.push(...decoded.warnings);
  const [first, ...chunks] = decoded.entries;
  if (!first || first.type !== 'ghost_file_entry') {
    warnings.push({ file: image, offset: 0, message: `not a ghost file image (magic ${decoded.magic})` });
    return { image, size: 0, pieces: [], warnings };
  }
  const message = first.message;
  const pieces: GhostPiece[] = [];
  if (isChunked(message)) {
    for (const chunk of chunks) {
      const off = toNumber(chunk.message.off) ?? 0;
      let at = off;
      for (const extra of chunk.extras) {
        pieces.push({ fileOffset: at, imageOffset: extra.offset, length: extra.length });
        at += extra.length;
      }
    }
  } else {
    for (const extra of first.extras) pieces.push({ fileOffset: 0, imageOffset: extra.offset, length: extra.length });
  }
  const end = pieces.reduce((max, p) => Math.max(max, p.fileOffset + p.length), 0);
  const contents: GhostContents = { image, size: toNumber(message.size) ?? end, pieces, warnings };
  const mode = toNumber(message.mode);
  if (mode !== undefined) contents.mode = mode;
  const mtim = message.mtim as Message | undefined;
  const seconds = toNumber(mtim?.tv_sec);
  if (seconds !== undefined) contents.mtime = seconds + (toNumber(mtim?.tv_usec) ?? 0) / 1e6;
  if (typeof message.symlnk_target === 'string') contents.symlinkTarget = message.symlnk_target;
  return contents;
}

function isChunked(message: Message | undefined): boolean {
  return message?.chunks === true;
}
