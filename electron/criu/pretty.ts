// crit `decode --pretty` output (pycriu pb2dict.py with pretty=True; flag maps as in current pycriu),
// from decoded messages:
// enum names, hex fields as "0x…", flag names joined with " | ", dev_t as "maj:min", IP addresses as
// text, bytes as base64 (unix socket names quoted-printable), dict fields (task state, socket family,
// type, state, protocol) as names.
// Differences from crit, on purpose:
// - task_state 3 is "Stopped" and 6 "Zombie" (compel's values; pycriu swaps them); 2 is "Dead".
// - integers above 2^53 are decimal strings (JSON numbers would lose digits).
// - EXTRA payloads are shown as crit's `--nopl` form, "... <4KB>", not as base64 of the data: the data
//   is one click away in the Images view (see `payloads`), and a ghost file may be gigabytes.
// - fields the schema does not know are listed under "__unknown" (crit drops them silently).
// - a value crit cannot print (an enum or dict value without a name) is printed as its number.
import type { DecodedImageView, ImagePayload, PrettyValue } from '../../shared/model';
import { formatMagic } from './magic';
import { getEnum, getMessage, type FieldDef } from './schema';
import type { DecodedEntry, DecodedImage, Message, UnknownField } from './types';

type FlagMap = ReadonlyArray<readonly [string, number]>;

const FLAG_MAPS: Record<string, FlagMap> = {
  'mmap.prot': [['PROT_READ', 0x1], ['PROT_WRITE', 0x2], ['PROT_EXEC', 0x4]],
  'mmap.flags': [['MAP_SHARED', 0x1], ['MAP_PRIVATE', 0x2], ['MAP_DROPPABLE', 0x08], ['MAP_ANON', 0x20], ['MAP_GROWSDOWN', 0x0100]],
  'mmap.status': [
    ['VMA_AREA_NONE', 0], ['VMA_AREA_REGULAR', 1 << 0], ['VMA_AREA_STACK', 1 << 1], ['VMA_AREA_VSYSCALL', 1 << 2],
    ['VMA_AREA_VDSO', 1 << 3], ['VMA_AREA_HEAP', 1 << 5], ['VMA_FILE_PRIVATE', 1 << 6], ['VMA_FILE_SHARED', 1 << 7],
    ['VMA_ANON_SHARED', 1 << 8], ['VMA_ANON_PRIVATE', 1 << 9], ['VMA_AREA_SYSVIPC', 1 << 10], ['VMA_AREA_SOCKET', 1 << 11],
    ['VMA_AREA_VVAR', 1 << 12], ['VMA_AREA_AIORING', 1 << 13], ['VMA_AREA_MEMFD', 1 << 14], ['VMA_AREA_SHSTK', 1 << 15],
    ['VMA_AREA_UPROBES', 1 << 17], ['VMA_UNSUPP', 2 ** 31],
  ],
  'rfile.flags': [
    ['O_WRONLY', 0o1], ['O_RDWR', 0o2], ['O_CREAT', 0o100], ['O_EXCL', 0o200], ['O_NOCTTY', 0o400], ['O_TRUNC', 0o1000],
    ['O_APPEND', 0o2000], ['O_NONBLOCK', 0o4000], ['O_DSYNC', 0o10000], ['FASYNC', 0o20000], ['O_DIRECT', 0o40000],
    ['O_LARGEFILE', 0o100000], ['O_DIRECTORY', 0o200000], ['O_NOFOLLOW', 0o400000], ['O_NOATIME', 0o1000000],
    ['O_CLOEXEC', 0o2000000],
  ],
  'pmap.flags': [['PE_PARENT', 1 << 0], ['PE_LAZY', 1 << 1], ['PE_PRESENT', 1 << 2]],
  'seals.flags': [['F_SEAL_SEAL', 0x1], ['F_SEAL_SHRINK', 0x2], ['F_SEAL_GROW', 0x4], ['F_SEAL_WRITE', 0x8], ['F_SEAL_FUTURE_WRITE', 0x10]],
};

const DICT_MAPS: Record<string, Record<string, Record<number, string>>> = {
  // compel/include/uapi/task-state.h. pycriu maps 3 to "Zombie" and 6 to "Stopped", which is wrong.
  gen: { task_state: { 1: 'Alive', 2: 'Dead', 3: 'Stopped', 6: 'Zombie' } },
  sk: {
    family: { 1: 'UNIX', 2: 'INET', 10: 'INET6', 16: 'NETLINK', 17: 'PACKET' },
    type: { 1: 'STREAM', 2: 'DGRAM', 3: 'RAW', 5: 'SEQPACKET', 10: 'PACKET' },
    state: {
      1: 'ESTABLISHED', 2: 'SYN_SENT', 3: 'SYN_RECV', 4: 'FIN_WAIT1', 5: 'FIN_WAIT2', 6: 'TIME_WAIT',
      7: 'CLOSE', 8: 'CLOSE_WAIT', 9: 'LAST_ACK', 10: 'LISTEN',
    },
    proto: { 0: 'IP', 6: 'TCP', 17: 'UDP', 136: 'UDPLITE' },
  },
};

export interface PrettyImage {
  magic: string;
  entries: PrettyValue[];
}

/** The image as `crit decode --pretty` prints it: `{ magic, entries }`. */
export function prettyImage(image: DecodedImage): PrettyImage {
  return { magic: image.magic, entries: image.entries.map(prettyEntry) };
}

/** One entry, with its EXTRA payload size in crit's `--nopl` form when it has one. */
export function prettyEntry(entry: DecodedEntry): { [key: string]: PrettyValue } {
  const value = prettyMessage(entry.message, entry.type, false);
  // ghost_file data is not an "extra" in crit (it has its own loader and prints nothing with --nopl).
  const shown = entry.extras.filter((payload) => payload.label !== 'contents' && payload.label !== 'chunk');
  if (shown.length > 0) {
    // crit's skip() sizes: the data without padding; for SysV message queues, headers included.
    const bytes = shown.reduce((sum, payload) => sum + payload.length, 0);
    value.extra = `... <${humanReadable(bytes)}>`;
  }
  return value;
}

/** What the Images view shows: pretty entries plus where each entry and payload sits in the file. */
export function toImageView(image: DecodedImage): DecodedImageView {
  const payloads: ImagePayload[] = [];
  image.entries.forEach((entry, entryIndex) => {
    for (const payload of entry.extras) payloads.push({ entryIndex, ...payload });
  });
  return {
    path: image.file,
    magic: image.magic,
    magicValue: image.magicValue === undefined ? undefined : formatMagic(image.magicValue),
    entries: image.raw || (image.magic === 'UNKNOWN' && image.entries.length === 0) ? null : prettyImage(image).entries,
    entryRanges: image.entries.map((entry) => ({ offset: entry.offset, length: 4 + entry.size })),
    payloads,
    warnings: image.warnings,
  };
}

/** A decoded message in crit's pretty form. `hex` is inherited: a hex-marked message field prints
 *  every integer inside it in hex, like pb2dict does. */
export function prettyMessage(message: Message, type: string, hex: boolean): { [key: string]: PrettyValue } {
  const def = getMessage(type);
  const out: { [key: string]: PrettyValue } = {};
  for (const field of def?.fields ?? []) {
    const value = message[field.name];
    if (value === undefined) continue;
    if (field.label === 'rep') {
      const list = value as unknown[];
      if (list.length === 0) continue;
      out[field.name] = field.options.ip ? prettyAddress(list as number[]) : list.map((item) => prettyValue(field, item, hex));
    } else {
      out[field.name] = prettyValue(field, value, hex);
    }
  }
  if (message.__unknown?.length) out.__unknown = message.__unknown.map(prettyUnknown);
  return type === 'pagemap_entry' ? withEraPageCount(out) : out;
}

/** CRIU < 4.2 called field 2 of pagemap_entry `nr_pages` (its crit prints that name); 4.2 renamed it
 *  `compat_nr_pages` and added a u64 `nr_pages` as field 5. An entry without field 5 is from the old
 *  era, so it is printed the way that era's crit prints it. */
function withEraPageCount(out: { [key: string]: PrettyValue }): { [key: string]: PrettyValue } {
  if (out.nr_pages !== undefined || out.compat_nr_pages === undefined) return out;
  const renamed: { [key: string]: PrettyValue } = {};
  for (const [key, value] of Object.entries(out)) renamed[key === 'compat_nr_pages' ? 'nr_pages' : key] = value;
  return renamed;
}

function prettyValue(field: FieldDef, value: unknown, inheritedHex: boolean): PrettyValue {
  const hex = inheritedHex || field.options.hex === true;
  switch (field.kind) {
    case 'message':
      return prettyMessage(value as Message, field.ref!, hex);
    case 'bytes':
      return field.options.conv === 'unix_name' ? quotedPrintable(value as Uint8Array) : base64Lines(value as Uint8Array);
    case 'enum':
      return getEnum(field.ref!)?.byValue.get(value as number) ?? (value as number);
    case 'string':
    case 'bool':
      return value as string | boolean;
    case 'float':
    case 'double':
      return Number.isFinite(value) ? (value as number) : String(value);
    default:
      return prettyInteger(field, value as number | bigint, hex);
  }
}

function prettyInteger(field: FieldDef, value: number | bigint, hex: boolean): PrettyValue {
  if (hex) return hexString(value);
  if (field.options.dev) return prettyDev(value, field.options.odev === true);
  if (field.options.flags) {
    const map = FLAG_MAPS[field.options.flags];
    return map ? mapFlags(Number(value), map) : hexString(value);
  }
  if (field.options.dict) {
    const name = DICT_MAPS[field.options.dict]?.[field.name]?.[Number(value)];
    if (name !== undefined) return name;
  }
  return jsonInteger(value);
}

/** "0x1f", "-0x1" like Python's "0x%x". */
export function hexString(value: number | bigint): string {
  const big = BigInt(value);
  return big < 0n ? `-0x${(-big).toString(16)}` : `0x${big.toString(16)}`;
}

function jsonInteger(value: number | bigint): number | string {
  if (typeof value === 'number') return value;
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** pycriu encode_dev: new dev_t is major << 20 | minor; `odev` is glibc's old encoding (os.major/minor). */
export function prettyDev(value: number | bigint, old: boolean): string {
  const dev = BigInt(value);
  if (old) {
    const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
    const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
    return `${major}:${minor}`;
  }
  return `${dev >> 20n}:${dev & 0xfffffn}`;
}

/** pycriu map_flags: the names of the set bits in map order, then the rest in hex, joined by " | ". */
export function mapFlags(value: number, map: FlagMap): string {
  const names: string[] = [];
  let rest = BigInt(value >>> 0);
  let known = 0n;
  for (const [name, bit] of map) {
    if (bit !== 0 && (BigInt(value >>> 0) & BigInt(bit)) !== 0n) names.push(name);
    known |= BigInt(bit);
  }
  rest &= ~known;
  if (rest !== 0n) names.push(`0x${rest.toString(16)}`);
  return names.join(' | ');
}

/** `ipadd` fields: one u32 is IPv4, four are IPv6; each u32 holds the address bytes as they sit in
 *  memory (network order), so its little-endian bytes are the address bytes in order. */
export function prettyAddress(words: number[]): PrettyValue[] {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, i) => view.setUint32(i * 4, word >>> 0, true));
  if (words.length === 1) return [Array.from(bytes).join('.')];
  if (words.length >= 4) return [ipv6Text(bytes.subarray(0, 16))]; // like pycriu: the first four words
  return words.map((word) => word >>> 0);
}

/** Python ipaddress.IPv6Address(...).compressed: the longest run of two or more zero groups becomes "::". */
export function ipv6Text(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  }
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestLength < 2) return text.join(':');
  const head = text.slice(0, bestStart).join(':');
  const tail = text.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** Python base64.encodebytes: lines of 76 characters, each ending in "\n". */
export function base64Lines(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let out = '';
  for (let i = 0; i < text.length; i += 76) out += `${text.slice(i, i + 76)}\n`;
  return out;
}

/** Python quopri.encodestring (binascii.b2a_qp, quotetabs=False): what crit prints for unix socket names. */
export function quotedPrintable(bytes: Uint8Array): string {
  const hexByte = (b: number) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
  let out = '';
  let lineLength = 0;
  const emit = (piece: string) => {
    if (lineLength + piece.length > 75) {
      out += '=\n';
      lineLength = 0;
    }
    out += piece;
    lineLength += piece.length;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a) {
      out += '\n';
      lineLength = 0;
      continue;
    }
    const atLineEnd = i + 1 === bytes.length || bytes[i + 1] === 0x0a;
    const needsQuote =
      b > 126 || b === 0x3d || (b === 0x2e && lineLength === 0 && atLineEnd) ||
      ((b === 0x09 || b === 0x20) && atLineEnd) || (b < 32 && b !== 0x09 && b !== 0x20 && b !== 0x0d);
    emit(needsQuote ? hexByte(b) : String.fromCharCode(b));
  }
  return out;
}

function prettyUnknown(field: UnknownField): PrettyValue {
  const value = typeof field.value === 'bigint' ? hexString(field.value) : base64Lines(field.value);
  return { field: field.field, wire_type: field.wireType, value };
}

/** pycriu's human_readable, for `--nopl` payload sizes: "123B", "4KB", "1.5MB". */
export function humanReadable(size: number): string {
  let value = size;
  for (const unit of ['', 'K', 'M', 'G', 'T', 'P', 'E', 'Z']) {
    if (value < 1024) return Number.isInteger(value) ? `${value}${unit}B` : `${value.toFixed(1)}${unit}B`;
    value /= 1024;
  }
  return `${value.toFixed(1)}YB`;
}
