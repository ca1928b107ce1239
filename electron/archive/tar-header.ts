// Decoding of one 512-byte tar header block and of pax extended-header records (POSIX.1-2001 pax,
// ustar, GNU). Pure functions over bytes; the indexer (tar-index.ts) does the reading.

export const BLOCK = 512;

/** A header field could not be decoded; `field` names it for the message. */
export class HeaderFieldError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HeaderFieldError';
  }
}

export interface RawHeader {
  /** name, with the ustar prefix joined when present. Bytes decoded as UTF-8 (latin1 if invalid). */
  name: string;
  nameWasUtf8: boolean;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  uname: string;
  gname: string;
  /** 'ustar' (POSIX), 'gnu' ("ustar  \0"), or 'v7' (no magic). */
  format: 'ustar' | 'gnu' | 'v7';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function cString(block: Uint8Array, start: number, length: number): Uint8Array {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return end === -1 ? field : field.subarray(0, end);
}

/** Decodes bytes as UTF-8, falling back to latin1 (every byte kept visible) when they are not. */
export function decodeName(bytes: Uint8Array): { text: string; utf8: boolean } {
  try {
    return { text: utf8.decode(bytes), utf8: true };
  } catch {
    return { text: latin1.decode(bytes), utf8: false };
  }
}

/** A NUL-terminated text field. Runs once per header field of every entry, hence the ASCII fast path. */
function text(block: Uint8Array, start: number, length: number): string {
  const limit = start + length;
  let end = start;
  let ascii = true;
  while (end < limit && block[end] !== 0) {
    if (block[end] >= 0x80) ascii = false;
    end++;
  }
  if (end === start) return '';
  const bytes = block.subarray(start, end);
  return ascii ? latin1.decode(bytes) : decodeName(bytes).text;
}

/** A numeric header field: octal ASCII (space/NUL padded) or GNU base-256 (high bit of byte 0 set). */
export function parseNumeric(block: Uint8Array, start: number, length: number, field: string): number {
  const bytes = block.subarray(start, start + length);
  if (bytes[0] & 0x80) {
    const value = parseBase256(bytes, field);
    // GNU base-256 may be negative; only a time can meaningfully be (before 1970).
    if (value < 0 && field !== 'mtime') throw new HeaderFieldError(`${field} field (base-256) is negative: ${value}`, field);
    return value;
  }
  let value = 0;
  let seenDigit = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 0x20 || c === 0) {
      if (seenDigit) break;
      continue;
    }
    if (c < 0x30 || c > 0x37) throw new HeaderFieldError(`${field} field is not octal (byte 0x${c.toString(16)})`, field);
    value = value * 8 + (c - 0x30);
    seenDigit = true;
  }
  if (!Number.isSafeInteger(value)) throw new HeaderFieldError(`${field} field ${value} is too large`, field);
  return value;
}

function parseBase256(bytes: Uint8Array, field: string): number {
  const negative = (bytes[0] & 0x40) !== 0;
  let value = BigInt(bytes[0] & 0x3f);
  for (let i = 1; i < bytes.length; i++) value = (value << 8n) | BigInt(bytes[i]);
  if (negative) value -= 1n << BigInt(bytes.length * 8 - 2);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new HeaderFieldError(`${field} field (base-256) ${value} is out of range`, field);
  }
  return Number(value);
}

export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** Stored checksum and the two accepted computed sums (unsigned, and signed as some old tars wrote). */
export function checksums(block: Uint8Array): { stored: number | undefined; unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return { stored: storedChecksum(block), unsigned, signed };
}

function storedChecksum(block: Uint8Array): number | undefined {
  try {
    return parseNumeric(block, 148, 8, 'checksum');
  } catch {
    return undefined;
  }
}

/** Sum of the 512 bytes (0 only for a zero block). Runs for every header: four bytes at a time when
 *  the block is aligned (two 16-bit lanes cannot overflow: 128 words x 2 bytes x 255 < 65536). */
export function byteSum(block: Uint8Array): number {
  if ((block.byteOffset & 3) === 0 && block.length >= BLOCK) {
    const words = new Uint32Array(block.buffer, block.byteOffset, BLOCK / 4);
    let lanes = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      lanes += (w & 0x00ff00ff) + ((w >>> 8) & 0x00ff00ff);
    }
    return (lanes & 0xffff) + (lanes >>> 16);
  }
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block[i];
  return sum;
}

/** `sum` is byteSum(block) when the caller has it already. */
export function checksumMatches(block: Uint8Array, sum = byteSum(block)): boolean {
  const stored = storedChecksum(block);
  if (stored === undefined) return false;
  let usual = sum + 8 * 0x20; // the checksum field counts as eight spaces
  for (let i = 148; i < 156; i++) usual -= block[i];
  if (stored === usual) return true;
  return stored === checksums(block).signed;
}

function magicOf(block: Uint8Array): RawHeader['format'] {
  const m = latin1.decode(block.subarray(257, 265));
  if (m === 'ustar\u000000') return 'ustar';
  if (m === 'ustar  \u0000') return 'gnu';
  if (m.startsWith('ustar')) return 'ustar';
  return 'v7';
}

/** True when the block is a tar header: valid checksum and the ustar magic. Used for content detection. */
export function looksLikeTarHeader(block: Uint8Array): boolean {
  return block.length >= BLOCK && magicOf(block) !== 'v7' && checksumMatches(block);
}

/** Decodes a header block whose checksum was verified. Throws HeaderFieldError on a bad field. */
export function decodeHeader(block: Uint8Array): RawHeader {
  const format = magicOf(block);
  const nameBytes = cString(block, 0, 100);
  let decoded = decodeName(nameBytes);
  if (format === 'ustar') {
    const prefix = cString(block, 345, 155);
    if (prefix.length > 0) {
      const joined = new Uint8Array(prefix.length + 1 + nameBytes.length);
      joined.set(prefix, 0);
      joined[prefix.length] = 0x2f;
      joined.set(nameBytes, prefix.length + 1);
      decoded = decodeName(joined);
    }
  }
  const typeByte = block[156];
  const isLink = typeByte === 0x31 || typeByte === 0x32;
  return {
    name: decoded.text,
    nameWasUtf8: decoded.utf8,
    mode: parseNumeric(block, 100, 8, 'mode'),
    uid: parseNumeric(block, 108, 8, 'uid'),
    gid: parseNumeric(block, 116, 8, 'gid'),
    size: parseNumeric(block, 124, 12, 'size'),
    mtime: parseNumeric(block, 136, 12, 'mtime'),
    typeflag: typeByte === 0 ? '0' : String.fromCharCode(typeByte),
    linkname: isLink ? text(block, 157, 100) : '',
    uname: format === 'v7' ? '' : text(block, 265, 32),
    gname: format === 'v7' ? '' : text(block, 297, 32),
    format,
  };
}

export interface PaxRecord {
  key: string;
  value: string;
  /** Offset of the record inside the extended header data. */
  offset: number;
}

/** Parses "<len> <key>=<value>\n" records. Throws HeaderFieldError naming the record offset. */
export function parsePaxRecords(data: Uint8Array): PaxRecord[] {
  const records: PaxRecord[] = [];
  let pos = 0;
  while (pos < data.length) {
    // Padding after the last record (some writers leave NULs).
    if (data[pos] === 0) break;
    let length = 0;
    let digits = 0;
    let p = pos;
    while (p < data.length && data[p] >= 0x30 && data[p] <= 0x39) {
      length = length * 10 + (data[p] - 0x30);
      digits++;
      p++;
      if (digits > 16) throw new HeaderFieldError(`pax record at offset ${pos}: length field is too long`);
    }
    if (digits === 0 || data[p] !== 0x20) {
      throw new HeaderFieldError(`pax record at offset ${pos}: malformed length field`);
    }
    if (length > data.length - pos) {
      throw new HeaderFieldError(
        `pax record at offset ${pos}: length ${length} exceeds the ${data.length - pos} bytes left in the header`,
      );
    }
    const record = data.subarray(p + 1, pos + length);
    if (record.length === 0 || record[record.length - 1] !== 0x0a) {
      throw new HeaderFieldError(`pax record at offset ${pos}: not terminated by a newline`);
    }
    const eq = record.indexOf(0x3d);
    if (eq <= 0) throw new HeaderFieldError(`pax record at offset ${pos}: no key=value`);
    records.push({
      key: decodeName(record.subarray(0, eq)).text,
      value: decodeName(record.subarray(eq + 1, record.length - 1)).text,
      offset: pos,
    });
    pos += length;
  }
  return records;
}

/** A pax decimal integer value (size, uid, gid). */
export function paxInteger(key: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new HeaderFieldError(`pax ${key}=${truncate(value)} is not a valid integer`);
  const n = Number(value);
  if (value.length > 16 || !Number.isSafeInteger(n)) throw new HeaderFieldError(`pax ${key}=${truncate(value)} is too large`);
  return n;
}

/** A pax time value: seconds with an optional fraction, possibly negative. */
export function paxTime(key: string, value: string): number {
  if (!/^-?\d{1,16}(\.\d{1,30})?$/.test(value)) throw new HeaderFieldError(`pax ${key}=${truncate(value)} is not a valid time`);
  return Number(value);
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
