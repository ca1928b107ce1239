// Where the structure of a seed lies, so mutations can aim at it: tar headers and their size fields
// (nested tars too), and inside CRIU images the u32 entry sizes and protobuf length varints.
import { IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC } from '../electron/criu';

export interface TarMember {
  /** Offset of the 512-byte header in the seed. */
  header: number;
  name: string;
  type: string;
  size: number;
  /** First data byte. */
  data: number;
}

export interface ImageLayout {
  /** Entry path of the image. */
  name: string;
  /** Offset of the image's first byte in the seed. */
  start: number;
  length: number;
  /** Offsets of the magic u32s. */
  magics: number[];
  /** Offsets of each entry's u32 size prefix, with the size it holds. */
  entries: Array<{ sizeAt: number; size: number }>;
  /** Length varints of length-delimited protobuf fields (top level of each entry). */
  varints: Array<{ at: number; bytes: number; value: number }>;
}

export interface SeedLayout {
  members: TarMember[];
  /** Where the end-of-archive zero blocks start (or the seed's length). */
  end: number;
  images: ImageLayout[];
}

const BLOCK = 512;

function parseOctal(field: Uint8Array): number {
  let value = 0;
  for (const b of field) {
    if (b === 0 || b === 0x20) {
      if (value > 0) break;
      continue;
    }
    if (b < 0x30 || b > 0x37) return -1;
    value = value * 8 + (b - 0x30);
  }
  return value;
}

function cString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return Buffer.from(bytes.subarray(0, nul < 0 ? bytes.length : nul)).toString('utf8');
}

/** Members of a (valid) tar at `base`, nested tars included; stops at the first zero block. */
export function tarMembers(bytes: Uint8Array, base = 0, limit = bytes.length, depth = 0, out: TarMember[] = []): { members: TarMember[]; end: number } {
  let at = base;
  while (at + BLOCK <= limit) {
    const head = bytes.subarray(at, at + BLOCK);
    if (head.every((b) => b === 0)) return { members: out, end: at };
    const size = parseOctal(head.subarray(124, 136));
    if (size < 0) break;
    let name = cString(head.subarray(0, 100));
    const prefix = cString(head.subarray(345, 500));
    if (prefix) name = `${prefix}/${name}`;
    const member = { header: at, name, type: String.fromCharCode(head[156] || 0x30), size, data: at + BLOCK };
    out.push(member);
    if (depth < 3 && name.endsWith('.tar') && member.data + size <= limit) tarMembers(bytes, member.data, member.data + size, depth + 1, out);
    at = member.data + Math.ceil(size / BLOCK) * BLOCK;
  }
  return { members: out, end: Math.min(at, limit) };
}

function readVarint(bytes: Uint8Array, at: number, end: number): { value: number; bytes: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10 && at + i < end; i++) {
    const b = bytes[at + i]!;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, bytes: i + 1 };
  }
  return undefined;
}

/** Entry sizes and length varints of a framed CRIU image at [start, start + length). */
export function imageLayout(bytes: Uint8Array, name: string, start: number, length: number): ImageLayout {
  const end = start + length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const layout: ImageLayout = { name, start, length, magics: [], entries: [], varints: [] };
  if (length < 4) return layout;
  const first = view.getUint32(start, true);
  let at = start;
  layout.magics.push(at);
  at += 4;
  if ((first === IMG_COMMON_MAGIC || first === IMG_SERVICE_MAGIC) && at + 4 <= end) {
    layout.magics.push(at);
    at += 4;
  }
  while (at + 4 <= end && layout.entries.length < 4096) {
    const size = view.getUint32(at, true);
    if (at + 4 + size > end) break;
    layout.entries.push({ sizeAt: at, size });
    protobufVarints(bytes, at + 4, at + 4 + size, layout.varints);
    at += 4 + size;
  }
  return layout;
}

function protobufVarints(bytes: Uint8Array, start: number, end: number, out: ImageLayout['varints']): void {
  let at = start;
  while (at < end && out.length < 65536) {
    const key = readVarint(bytes, at, end);
    if (!key) return;
    at += key.bytes;
    const wire = key.value % 8;
    if (wire === 0) {
      const v = readVarint(bytes, at, end);
      if (!v) return;
      at += v.bytes;
    } else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const len = readVarint(bytes, at, end);
      if (!len) return;
      out.push({ at, bytes: len.bytes, value: len.value });
      at += len.bytes + len.value;
    } else return;
  }
}

const RAW_IMAGE = /(^|\/)(pages-\d+|.*\.tar\.gz|.*\.tar)\.img$/;

export function isFramedImage(name: string): boolean {
  return (name.endsWith('.img') && !RAW_IMAGE.test(name)) || /(^|\/)stats-(dump|restore)$/.test(name);
}

export function seedLayout(bytes: Uint8Array): SeedLayout {
  const { members, end } = tarMembers(bytes);
  const images = members
    .filter((m) => m.type === '0' && isFramedImage(m.name) && m.data + m.size <= bytes.length)
    .map((m) => imageLayout(bytes, m.name, m.data, m.size));
  return { members, end, images };
}
