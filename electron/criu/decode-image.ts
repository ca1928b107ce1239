// Image framing: head magic, type magic, then u32-LE-size-prefixed protobuf entries, each maybe
// followed by raw payloads. Never throws for bad bytes: it decodes what it can and says where it stopped.
import type { InspectorWarning } from '../../shared/model';
import { LIMITS } from '../limits';
import { decodeMessageTolerant } from './message-decoder';
import { describeImage, imageKind, isRawImageName } from './kinds';
import { IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC, formatMagic, magicName, readImageMagic } from './magic';
import type { DecodedEntry, DecodedImage, DecodeOptions, Message } from './types';

/** Per-entry warnings (bad message, missing required field, invalid UTF-8) listed per image; past
 *  this many, one summary line says how many more there were, so a hostile image of a million broken
 *  entries yields a readable list instead of a million warnings. */
export const MAX_ENTRY_WARNINGS = LIMITS.maxEntryWarningsPerImage;

/** Decodes one CRIU image. `file` is its path (for warnings and raw-name detection); `bytes` is the
 *  image or its first part (then give `options.totalSize`). */
export function decodeImage(file: string, bytes: Uint8Array, options: DecodeOptions = {}): DecodedImage {
  const totalSize = Math.max(options.totalSize ?? bytes.length, bytes.length);
  const image: DecodedImage = {
    file,
    magic: 'UNKNOWN',
    raw: false,
    entries: [],
    warnings: [],
    totalSize,
    decodedBytes: bytes.length,
  };
  const warn = (offset: number | undefined, message: string) => image.warnings.push(warning(file, offset, message));

  if (isRawImageName(file)) {
    image.magic = 'RAW';
    image.raw = true;
    image.decodedBytes = 0;
    return image;
  }
  const magics = readImageMagic(bytes);
  if (!magics) {
    warn(0, `image of ${bytes.length} bytes is too short to hold its magic`);
    return image;
  }
  image.headMagic = magics.head;
  image.magicValue = magics.type;
  const name = magicName(magics.type);
  if (!name) {
    warn(magics.head === undefined ? 0 : 4, `unknown image magic ${formatMagic(magics.type)} (${describeImage(file)})`);
    return image;
  }
  // PAGEMAP and SHMEM_PAGEMAP share a value; like crit, both are called PAGEMAP.
  image.magic = name;
  const headProblem = checkHead(name, magics.head);
  if (headProblem) warn(0, headProblem);
  const kind = imageKind(image.magic);
  if (!kind) {
    warn(magics.head === undefined ? 0 : 4, `no decoder for ${image.magic} images`);
    return image;
  }

  const cutByLimit = bytes.length < totalSize;
  if (cutByLimit) {
    warn(bytes.length, `image of ${totalSize} bytes is above the decoding limit: only its first ${bytes.length} bytes were decoded`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = magics.length;
  let first: Message | undefined;
  let entryWarnings = 0;
  let emptyRun = 0;
  let unlisted: { count: number; offset: number } | undefined;
  const warnEntry = (offset: number, message: string) => {
    if (entryWarnings++ < MAX_ENTRY_WARNINGS) warn(offset, message);
    else if (unlisted) unlisted.count++;
    else unlisted = { count: 1, offset };
  };
  while (pos < bytes.length) {
    const entryOffset = pos;
    const left = bytes.length - pos;
    if (left < 4) {
      warn(pos, `${left} stray byte${left === 1 ? '' : 's'} after the last entry (a size field needs 4)`);
      break;
    }
    const size = view.getUint32(pos, true);
    pos += 4;
    if (size > LIMITS.maxMessageBytes) {
      warn(entryOffset, `entry at offset ${entryOffset}: size ${size} exceeds the message limit of ${LIMITS.maxMessageBytes} bytes`);
      break;
    }
    if (size > bytes.length - pos) {
      // Past the part read because of the size limit: the warning below says so.
      if (!cutByLimit) warn(entryOffset, `entry at offset ${entryOffset}: size ${size} exceeds the ${bytes.length - pos} bytes left`);
      break;
    }
    emptyRun = size === 0 ? emptyRun + 1 : 0;
    if (emptyRun > LIMITS.maxEmptyEntriesInARow) {
      const runStart = pos - 4 * emptyRun;
      warn(runStart, `${LIMITS.maxEmptyEntriesInARow} empty entries in a row from offset ${runStart}: the remaining ${bytes.length - runStart} bytes look like zero padding and are not decoded`);
      image.entries.length -= LIMITS.maxEmptyEntriesInARow;
      break;
    }
    if (image.entries.length >= LIMITS.maxImageEntries) {
      warn(entryOffset, `entry limit of ${LIMITS.maxImageEntries} reached at offset ${entryOffset}: the remaining ${bytes.length - entryOffset} bytes are not decoded`);
      break;
    }
    const index = image.entries.length;
    const type = kind.entryType(index, first);
    const { message, error, missingRequired, invalidUtf8 } = decodeMessageTolerant(bytes.subarray(pos, pos + size), type);
    const entry: DecodedEntry = { offset: entryOffset, size, type, message, extras: [] };
    image.entries.push(entry);
    if (index === 0) first = message;
    if (error) {
      warnEntry(pos + error.offset, `entry ${index} (${type}) at offset ${entryOffset}: ${error.message}`);
    } else if (missingRequired) {
      const shown = missingRequired.slice(0, 5).join(', ') + (missingRequired.length > 5 ? `, … (${missingRequired.length} in all)` : '');
      warnEntry(entryOffset, `entry ${index} (${type}) at offset ${entryOffset}: required field${missingRequired.length > 1 ? 's' : ''} missing: ${shown}`);
    }
    if (invalidUtf8) {
      const shown = invalidUtf8.slice(0, 5).join(', ') + (invalidUtf8.length > 5 ? `, … (${invalidUtf8.length} in all)` : '');
      warnEntry(entryOffset, `entry ${index} (${type}) at offset ${entryOffset}: not valid UTF-8 (bad bytes shown as U+FFFD): ${shown}`);
    }
    pos += size;
    if (kind.extra) {
      const layout = kind.extra(message, index, first, { bytes, offset: pos, totalSize });
      entry.extras = layout.payloads;
      if (layout.next > totalSize) {
        warn(pos, `entry ${index} at offset ${entryOffset}: its payload of ${layout.next - pos} bytes runs past the end of the image (${totalSize - pos} bytes left)`);
        break;
      }
      pos = Math.max(pos, layout.next);
    }
  }
  if (unlisted) {
    warn(unlisted.offset, `${unlisted.count} more entr${unlisted.count === 1 ? 'y' : 'ies'} with problems, the first at offset ${unlisted.offset} (only the first ${MAX_ENTRY_WARNINGS} are listed)`);
  }
  return image;
}

/** CRIU writes IMG_SERVICE before the service files, IMG_COMMON before every other image except the
 *  inventory (which has no head magic). Another combination means the file was not written by CRIU. */
function checkHead(name: string, head: number | undefined): string | undefined {
  const service = name === 'STATS' || name === 'IRMAP_CACHE';
  if (head === IMG_SERVICE_MAGIC && !service) return `${name} image with the service head magic ${formatMagic(head)} (CRIU writes ${formatMagic(IMG_COMMON_MAGIC)})`;
  if (head === IMG_COMMON_MAGIC && service) return `${name} image with the common head magic ${formatMagic(head)} (CRIU writes ${formatMagic(IMG_SERVICE_MAGIC)})`;
  if (head !== undefined && name === 'INVENTORY') return `inventory with a head magic ${formatMagic(head)} (CRIU writes none)`;
  return undefined;
}

function warning(file: string, offset: number | undefined, message: string): InspectorWarning {
  return offset === undefined ? { file, message } : { file, offset, message };
}
