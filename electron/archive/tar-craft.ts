// Test support: hand-made tar headers, including ones no honest writer would produce.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface CraftedHeader {
  name: string;
  size?: number;
  /** Typeflag character ('0', '5', 'x', 'L', ...). */
  type?: string;
  linkname?: string;
  mode?: number;
  uid?: number;
  mtime?: number;
  prefix?: string;
  format?: 'ustar' | 'gnu';
  /** Raw bytes for the 12-byte size field (base-256, garbage...). */
  sizeField?: Uint8Array;
  /** Break the checksum on purpose. */
  badChecksum?: boolean;
}

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

export function header(h: CraftedHeader): Buffer {
  const block = Buffer.alloc(512);
  block.write(h.name, 0, 100, 'utf8');
  block.write(octal(h.mode ?? 0o644, 8), 100, 'latin1');
  block.write(octal(h.uid ?? 0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  if (h.sizeField) Buffer.from(h.sizeField).copy(block, 124);
  else block.write(octal(h.size ?? 0, 12), 124, 'latin1');
  block.write(octal(h.mtime ?? 1796333696, 12), 136, 'latin1');
  block.write(h.type ?? '0', 156, 'latin1');
  if (h.linkname) block.write(h.linkname, 157, 100, 'utf8');
  if (h.format === 'gnu') block.write('ustar  \0', 257, 'latin1');
  else block.write('ustar\u000000', 257, 'latin1');
  block.write('root', 265, 'latin1');
  block.write('root', 297, 'latin1');
  if (h.prefix) block.write(h.prefix, 345, 155, 'utf8');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  if (h.badChecksum) sum += 1;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

export function padded(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const out = Buffer.alloc(Math.ceil(bytes.length / 512) * 512);
  bytes.copy(out);
  return out;
}

/** A file entry: header plus padded data. */
export function file(name: string, content: string | Buffer, extra: Partial<CraftedHeader> = {}): Buffer {
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  return Buffer.concat([header({ name, size: data.length, ...extra }), padded(data)]);
}

/** One pax record "<len> key=value\n" with a correct length. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length++;
  return `${length}${body}`;
}

export function pax(records: string, type: 'x' | 'g' = 'x'): Buffer {
  return Buffer.concat([header({ name: 'PaxHeaders/x', size: Buffer.byteLength(records), type }), padded(records)]);
}

export const END = Buffer.alloc(1024);

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
