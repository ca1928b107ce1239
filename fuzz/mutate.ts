// Mutations of real checkpoints, aimed at their structure: truncation at tar and image boundaries,
// bit flips, hostile size fields (tar octal/base-256, pax, CRIU u32, protobuf varints), wrong magics,
// swapped images, nesting, hostile names, link loops, compression (valid, damaged, garbage, bombs).
// Every mutation is a pure function of (seed bytes, PRNG); its recipe names what it did.
import { gzipSync } from 'node:zlib';
import { CRIU_MAGICS } from '../electron/criu';
import { seedLayout, imageLayout, type SeedLayout } from './layout';
import type { Prng } from './prng';

export interface TarSeed {
  kind: 'tar';
  name: string;
  bytes: Buffer;
  layout: SeedLayout;
  /** The same tar compressed with zstd (when the zstd CLI was there), to damage the compressed stream. */
  zstd?: Buffer;
}

export interface DirFile {
  name: string;
  bytes?: Buffer;
  /** A symbolic link to this target instead of a file. */
  symlink?: string;
}

export interface DirSeed {
  kind: 'dir';
  name: string;
  files: DirFile[];
}

export type Seed = TarSeed | DirSeed;

/** One case: a file to open (tar, tar.gz, tar.zst, garbage) or an image folder to lay out. */
export type FuzzInput = { kind: 'file'; bytes: Buffer } | { kind: 'dir'; files: DirFile[] };

export interface Mutated {
  input: FuzzInput;
  recipe: string[];
}

/** Inputs that are expensive to build are made once per process and shared (bombs). */
export interface Heavy {
  gzipBomb(): Buffer;
  zstdBomb(): Buffer | undefined;
}

const BLOCK = 512;
const END = Buffer.alloc(2 * BLOCK);

export const HOSTILE_NAMES = [
  '/etc/passwd',
  '../../../../tmp/escaped',
  'checkpoint/../../outside.img',
  './checkpoint/./core-1.img',
  'checkpoint//core-1.img',
  'checkpoint/\u0001\u0002\u001b[31mred\u0007.img',
  'checkpoint/evil\u202egpj.img',
  'checkpoint/\u2066isolate\u2069.img',
  'checkpoint/new\nline.img',
  'checkpoint/tab\there.img',
  'checkpoint/del\u007f.img',
  'checkpoint/C:\\windows\\system32.img',
  'checkpoint/CON',
  'checkpoint/\uffff\ufffe.img',
  'rootfs-diff.tar/../../x',
  '..',
  '.',
  '',
];

// ---------------------------------------------------------------------------- tar helpers

function octalField(value: number, length: number): Buffer {
  const text = value.toString(8).padStart(length - 1, '0');
  return Buffer.from(`${text.slice(-(length - 1))}\0`, 'latin1');
}

/** GNU base-256: high bit set, big-endian two's complement in the remaining bytes. */
function base256Field(value: bigint, length: number): Buffer {
  const out = Buffer.alloc(length);
  let v = value < 0n ? (1n << BigInt(8 * length - 1)) + value : value;
  for (let i = length - 1; i >= 1; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[0] = 0x80 | (value < 0n ? 0x40 : 0) | Number(v & 0x3fn);
  if (value < 0n) out[0] = 0xff;
  return out;
}

export function fixChecksum(bytes: Buffer, header: number): void {
  bytes.fill(0x20, header + 148, header + 156);
  let sum = 0;
  for (let i = header; i < header + BLOCK; i++) sum += bytes[i]!;
  bytes.write(`${sum.toString(8).padStart(6, '0')}\0 `, header + 148, 'latin1');
}

export function tarHeader(name: string, size: number, type = '0', linkname = ''): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  octalField(0o644, 8).copy(block, 100);
  octalField(0, 8).copy(block, 108);
  octalField(0, 8).copy(block, 116);
  octalField(size, 12).copy(block, 124);
  octalField(1796333696, 12).copy(block, 136);
  block.write(type, 156, 'latin1');
  if (linkname) block.write(linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 'latin1');
  fixChecksum(block, 0);
  return block;
}

function pad(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

export function tarFile(name: string, data: Buffer, type = '0', linkname = ''): Buffer {
  return Buffer.concat([tarHeader(name, data.length, type, linkname), pad(data)]);
}

export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${length}${body}`) !== length) length++;
  return `${length}${body}`;
}

function insertAt(bytes: Buffer, at: number, extra: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, at), extra, bytes.subarray(at)]);
}

// ---------------------------------------------------------------------------- the mutations

const HOSTILE_SIZES: Array<[string, bigint | 'size-1' | 'size+1']> = [
  ['0', 0n],
  ['size-1', 'size-1'],
  ['size+1', 'size+1'],
  ['2^32-1', 0xffffffffn],
  ['2^33', 1n << 33n],
  ['2^63', 1n << 63n],
  ['2^64-1', (1n << 64n) - 1n],
  ['-1', -1n],
];

type TarMutation = (bytes: Buffer, layout: SeedLayout, rng: Prng, recipe: string[]) => Buffer;

const truncateAtBoundary: TarMutation = (bytes, layout, rng, recipe) => {
  const points: number[] = [layout.end];
  for (const m of layout.members) points.push(m.header, m.header + 124, m.data, m.data + m.size);
  for (const img of layout.images) {
    points.push(...img.magics.map((m) => m + 2));
    for (const e of img.entries) points.push(e.sizeAt, e.sizeAt + 2, e.sizeAt + 4, e.sizeAt + 4 + e.size - 1);
  }
  const at = Math.max(0, Math.min(bytes.length, rng.pick(points) + rng.pick([0, 0, 0, -1, 1, 7])));
  recipe.push(`truncate at boundary ${at}`);
  return bytes.subarray(0, at);
};

const truncateRandom: TarMutation = (bytes, _layout, rng, recipe) => {
  const at = rng.int(bytes.length);
  recipe.push(`truncate at ${at}`);
  return bytes.subarray(0, at);
};

const bitFlips: TarMutation = (bytes, layout, rng, recipe) => {
  const out = Buffer.from(bytes);
  const n = rng.range(1, 24);
  // Half the time aim at structure (headers, image framing); blind flips mostly land in page data.
  const targets: Array<[number, number, string]> = [];
  for (const m of layout.members) targets.push([m.header, BLOCK, `header of ${m.name}`]);
  for (const img of layout.images) targets.push([img.start, Math.min(img.length, 256), img.name]);
  const aimed = targets.length > 0 && rng.chance(0.5);
  const hit = new Set<string>();
  for (let i = 0; i < n; i++) {
    const [start, length, name] = aimed ? rng.pick(targets) : [0, out.length, ''];
    const at = start + rng.int(length);
    if (at < out.length) out[at]! ^= 1 << rng.int(8);
    if (name) hit.add(name);
  }
  recipe.push(aimed ? `${n} bit flips in ${[...hit].join(', ')}` : `${n} blind bit flips`);
  return out;
};

const tarSizeField: TarMutation = (bytes, layout, rng, recipe) => {
  if (layout.members.length === 0) return bitFlips(bytes, layout, rng, recipe);
  const out = Buffer.from(bytes);
  const m = rng.pick(layout.members);
  const [label, hostile] = rng.pick(HOSTILE_SIZES);
  const value = hostile === 'size-1' ? BigInt(m.size) - 1n : hostile === 'size+1' ? BigInt(m.size) + 1n : hostile;
  const octalFits = value >= 0n && value < 8n ** 11n;
  const encoding = octalFits && rng.chance(0.5) ? 'octal' : rng.chance(0.9) ? 'base-256' : 'garbage';
  const field =
    encoding === 'octal' ? octalField(Number(value), 12) : encoding === 'base-256' ? base256Field(value, 12) : Buffer.from('7777777777x\0', 'latin1');
  field.copy(out, m.header + 124);
  const keepChecksum = rng.chance(0.1);
  if (!keepChecksum) fixChecksum(out, m.header);
  recipe.push(`tar size of ${JSON.stringify(m.name)} = ${label} (${encoding}${keepChecksum ? ', stale checksum' : ''})`);
  return out;
};

const paxSize: TarMutation = (bytes, layout, rng, recipe) => {
  const m = layout.members.length > 0 ? rng.pick(layout.members) : undefined;
  const at = m?.header ?? 0;
  const value = rng.pick(['0', '1', '511', '4294967295', '9223372036854775808', '18446744073709551615', '-1', '1e3', 'x', '']);
  let records = paxRecord('size', value);
  if (rng.chance(0.3)) records += paxRecord('path', rng.pick(HOSTILE_NAMES));
  // A record whose own length lies.
  if (rng.chance(0.2)) records = `99999 size=${value}\n`;
  const pax = tarFile('PaxHeaders/fuzz', Buffer.from(records), 'x');
  recipe.push(`pax size=${value} before ${JSON.stringify(m?.name ?? '(start)')}`);
  return insertAt(bytes, at, pax);
};

const criuEntrySize: TarMutation = (bytes, layout, rng, recipe) => {
  const images = layout.images.filter((i) => i.entries.length > 0);
  if (images.length === 0) return bitFlips(bytes, layout, rng, recipe);
  const out = Buffer.from(bytes);
  const img = rng.pick(images);
  const entry = rng.pick(img.entries);
  const value = rng.pick([0, entry.size - 1, entry.size + 1, 0xffffffff, 0x80000000, 0x7fffffff, 64 * 1024 * 1024 + 1, rng.u32()]) >>> 0;
  out.writeUInt32LE(value, entry.sizeAt);
  recipe.push(`CRIU entry size at ${entry.sizeAt} in ${img.name} = ${value} (was ${entry.size})`);
  return out;
};

function writeVarint(out: Buffer, at: number, value: bigint, width: number): void {
  let v = value;
  for (let i = 0; i < width; i++) {
    const last = i === width - 1;
    out[at + i] = Number(v & 0x7fn) | (last ? 0 : 0x80);
    v >>= 7n;
  }
}

const varintLength: TarMutation = (bytes, layout, rng, recipe) => {
  const images = layout.images.filter((i) => i.varints.length > 0);
  if (images.length === 0) return criuEntrySize(bytes, layout, rng, recipe);
  const out = Buffer.from(bytes);
  const img = rng.pick(images);
  const v = rng.pick(img.varints);
  const choice = rng.int(5);
  if (choice === 4 && v.at + 10 <= out.length) {
    // A 10-byte varint of 2^63 written over the field (and what follows it).
    writeVarint(out, v.at, 1n << 63n, 10);
    recipe.push(`protobuf length at ${v.at} in ${img.name} = 2^63 (10-byte varint over ${v.bytes})`);
    return out;
  }
  const max = (1n << BigInt(7 * v.bytes)) - 1n;
  const value = [0n, BigInt(Math.max(0, v.value - 1)), BigInt(v.value + 1), max][choice]!;
  writeVarint(out, v.at, value > max ? max : value, v.bytes);
  recipe.push(`protobuf length at ${v.at} in ${img.name} = ${value} (was ${v.value})`);
  return out;
};

const wrongMagic: TarMutation = (bytes, layout, rng, recipe) => {
  const images = layout.images.filter((i) => i.magics.length > 0);
  if (images.length === 0) return bitFlips(bytes, layout, rng, recipe);
  const out = Buffer.from(bytes);
  const img = rng.pick(images);
  const at = img.magics[img.magics.length - 1]!;
  const magic = rng.chance(0.5) ? rng.pick(Object.values(CRIU_MAGICS)) : rng.u32();
  out.writeUInt32LE(magic >>> 0, rng.chance(0.8) ? at : img.magics[0]!);
  recipe.push(`magic at ${at} in ${img.name} = 0x${(magic >>> 0).toString(16)}`);
  return out;
};

const swapImages: TarMutation = (bytes, layout, rng, recipe) => {
  const images = layout.members.filter((m) => m.name.endsWith('.img'));
  if (images.length < 2) return bitFlips(bytes, layout, rng, recipe);
  const out = Buffer.from(bytes);
  const a = rng.pick(images);
  const b = rng.pick(images.filter((m) => m !== a));
  const nameA = Buffer.from(out.subarray(a.header, a.header + 100));
  out.copy(out, a.header, b.header, b.header + 100);
  nameA.copy(out, b.header);
  fixChecksum(out, a.header);
  fixChecksum(out, b.header);
  recipe.push(`swap names ${JSON.stringify(a.name)} <-> ${JSON.stringify(b.name)}`);
  return out;
};

const hostileName: TarMutation = (bytes, layout, rng, recipe) => {
  if (layout.members.length === 0) return bitFlips(bytes, layout, rng, recipe);
  const m = rng.pick(layout.members);
  const name = rng.pick(HOSTILE_NAMES);
  if (rng.chance(0.3)) {
    // Through a GNU long name or a pax path, which may carry anything (NUL aside).
    const long = `${name}/${'x'.repeat(rng.pick([1, 200, 5000]))}`;
    const extra = rng.chance(0.5)
      ? tarFile('././@LongLink', Buffer.from(`${long}\0`), 'L')
      : tarFile('PaxHeaders/p', Buffer.from(paxRecord('path', long)), 'x');
    recipe.push(`long name ${JSON.stringify(long.slice(0, 60))} for ${JSON.stringify(m.name)}`);
    return insertAt(bytes, m.header, extra);
  }
  const out = Buffer.from(bytes);
  out.fill(0, m.header, m.header + 100);
  out.fill(0, m.header + 345, m.header + 500);
  out.write(name, m.header, 100, 'utf8');
  fixChecksum(out, m.header);
  recipe.push(`rename ${JSON.stringify(m.name)} -> ${JSON.stringify(name)}`);
  return out;
};

/** Links that point at themselves, at each other, out of the archive, and a hard link loop. */
export function linkLoops(): Buffer {
  return Buffer.concat([
    tarHeader('loop', 0, '2', 'loop'),
    tarHeader('ping', 0, '2', 'pong'),
    tarHeader('pong', 0, '2', 'ping'),
    tarHeader('checkpoint/up', 0, '2', '..'),
    tarHeader('checkpoint/dot', 0, '2', '.'),
    tarHeader('checkpoint/core-999.img', 0, '2', 'checkpoint/core-999.img'),
    tarHeader('checkpoint/out', 0, '2', '/etc/passwd'),
    tarHeader('hard', 0, '1', 'hard'),
    tarHeader('hard2', 0, '1', 'hard3'),
    tarHeader('hard3', 0, '1', 'hard2'),
  ]);
}

const symlinkLoops: TarMutation = (bytes, layout, rng, recipe) => {
  const at = layout.end;
  let extra = linkLoops();
  if (rng.chance(0.5)) {
    // The same inside a rootfs-diff.tar, where export follows the diff.
    const inner = Buffer.concat([linkLoops(), tarFile('etc/../../x', Buffer.from('x')), END]);
    extra = Buffer.concat([extra, tarFile('rootfs-diff.tar', inner)]);
  }
  recipe.push(`link loops appended at ${at}`);
  return Buffer.concat([bytes.subarray(0, at), extra, END]);
};

const duplicateEntry: TarMutation = (bytes, layout, rng, recipe) => {
  const files = layout.members.filter((m) => m.type === '0' && m.data + m.size <= bytes.length);
  if (files.length === 0) return bitFlips(bytes, layout, rng, recipe);
  const m = rng.pick(files);
  const other = rng.pick(files);
  const extra = tarFile(m.name, Buffer.from(bytes.subarray(other.data, other.data + other.size)));
  recipe.push(`duplicate ${JSON.stringify(m.name)} with the bytes of ${JSON.stringify(other.name)}`);
  return Buffer.concat([bytes.subarray(0, layout.end), extra, END]);
};

/** The seed inside a tar inside a tar ... `depth` times (the innermost is named like the rootfs diff). */
export function nest(bytes: Buffer, depth: number, names: string[] = ['rootfs-diff.tar', 'inner.tar']): Buffer {
  let out = bytes;
  for (let i = 0; i < depth; i++) out = Buffer.concat([tarFile(names[i % names.length]!, out), END]);
  return out;
}

const nesting: TarMutation = (bytes, _layout, rng, recipe) => {
  const depth = rng.range(1, 8);
  recipe.push(`nested ${depth} deep`);
  return nest(bytes.length > 2 * 1024 * 1024 ? bytes.subarray(0, 64 * 1024) : bytes, depth);
};

const TAR_MUTATIONS: Array<[TarMutation, number]> = [
  [truncateAtBoundary, 12],
  [truncateRandom, 5],
  [bitFlips, 14],
  [tarSizeField, 12],
  [paxSize, 6],
  [criuEntrySize, 12],
  [varintLength, 12],
  [wrongMagic, 6],
  [swapImages, 6],
  [hostileName, 6],
  [symlinkLoops, 3],
  [duplicateEntry, 3],
  [nesting, 3],
];

function weighted<T>(rng: Prng, items: Array<[T, number]>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rng.int(total);
  for (const [item, w] of items) {
    if (r < w) return item;
    r -= w;
  }
  return items[0]![0];
}

/** 1 to 3 tar mutations in a row (the layout is re-read after each, so later ones aim at the new bytes). */
function mutateTar(seed: TarSeed, rng: Prng, recipe: string[]): Buffer {
  let bytes = seed.bytes;
  let layout = seed.layout;
  const rounds = rng.pick([1, 1, 1, 2, 3]);
  for (let i = 0; i < rounds; i++) {
    bytes = weighted(rng, TAR_MUTATIONS)(bytes, layout, rng, recipe);
    if (i + 1 < rounds) layout = seedLayout(bytes);
  }
  return bytes;
}

// ---------------------------------------------------------------------------- compression

function garbageZstd(rng: Prng, recipe: string[]): Buffer {
  const magic = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
  const kind = rng.int(3);
  if (kind === 0) {
    recipe.push('zstd magic + random bytes');
    return Buffer.concat([magic, Buffer.from(rng.bytes(rng.range(0, 4096)))]);
  }
  if (kind === 1) {
    // A skippable frame that claims 4 GiB, then nothing.
    recipe.push('zstd skippable frame claiming 2^32-1 bytes');
    const skip = Buffer.alloc(8);
    skip.writeUInt32LE(0x184d2a50, 0);
    skip.writeUInt32LE(0xffffffff, 4);
    return Buffer.concat([skip, Buffer.from(rng.bytes(64))]);
  }
  // Frame header with a window descriptor and a content size of 2^64-1.
  recipe.push('zstd frame header claiming 2^64-1 content bytes');
  const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xc0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  return Buffer.concat([header, Buffer.from(rng.bytes(rng.range(0, 256)))]);
}

function damage(bytes: Buffer, rng: Prng, recipe: string[], what: string): Buffer {
  if (rng.chance(0.5)) {
    const at = rng.range(Math.min(bytes.length, 10), bytes.length);
    recipe.push(`${what} truncated at ${at}`);
    return bytes.subarray(0, at);
  }
  const out = Buffer.from(bytes);
  const n = rng.range(1, 8);
  for (let i = 0; i < n; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
  recipe.push(`${what} with ${n} bit flips`);
  return out;
}

// ---------------------------------------------------------------------------- folders

function mutateDir(seed: DirSeed, rng: Prng, recipe: string[]): DirFile[] {
  const files = seed.files.map((f) => ({ ...f }));
  const images = files.filter((f) => f.bytes && f.name.endsWith('.img') && !/^pages-/.test(f.name));
  const choice = rng.int(6);
  if (choice === 0 && images.length >= 2) {
    const a = rng.pick(images);
    const b = rng.pick(images.filter((f) => f !== a));
    [a.bytes, b.bytes] = [b.bytes, a.bytes];
    recipe.push(`swap bytes of ${a.name} and ${b.name}`);
    return files;
  }
  if (choice === 1) {
    files.push({ name: 'loop', symlink: 'loop' }, { name: 'ping', symlink: 'pong' }, { name: 'pong', symlink: 'ping' });
    files.push({ name: 'up', symlink: '..' }, { name: 'core-999.img', symlink: '/proc/self/mem' }, { name: 'mm-999.img', symlink: '/dev/zero' });
    recipe.push('link loops and links out of the folder');
    return files;
  }
  if (choice === 2) {
    const name = rng.pick(HOSTILE_NAMES.map((n) => n.slice(n.lastIndexOf('/') + 1)).filter((n) => n && n !== '.' && n !== '..'));
    const source = rng.pick(images.length > 0 ? images : files);
    files.push({ name, bytes: source.bytes });
    recipe.push(`extra file ${JSON.stringify(name)}`);
    return files;
  }
  // Byte-level damage to one image, aimed by its framing.
  const target = rng.pick(images.length > 0 ? images : files);
  const bytes = target.bytes ?? Buffer.alloc(0);
  const single = Buffer.concat([tarHeader(target.name, bytes.length), pad(bytes), END]);
  const layout: SeedLayout = { members: [{ header: 0, name: target.name, type: '0', size: bytes.length, data: BLOCK }], end: BLOCK + pad(bytes).length, images: [imageLayout(single, target.name, BLOCK, bytes.length)] };
  const mutation = rng.pick([truncateAtBoundary, bitFlips, criuEntrySize, varintLength, wrongMagic]);
  const mutated = mutation(single, layout, rng, recipe);
  target.bytes = Buffer.from(mutated.subarray(BLOCK, Math.min(mutated.length, BLOCK + bytes.length)));
  recipe.push(`(in ${target.name})`);
  return files;
}

// ---------------------------------------------------------------------------- one case

export function makeCase(seeds: readonly Seed[], heavy: Heavy, rng: Prng): Mutated {
  const recipe: string[] = [];
  const roll = rng.int(1000);
  if (roll < 2) {
    recipe.push('gzip bomb (ratio > 1000)');
    return { input: { kind: 'file', bytes: heavy.gzipBomb() }, recipe };
  }
  if (roll < 4) {
    const bomb = heavy.zstdBomb();
    if (bomb) {
      recipe.push('zstd bomb (ratio > 1000)');
      return { input: { kind: 'file', bytes: bomb }, recipe };
    }
  }
  if (roll < 20) return { input: { kind: 'file', bytes: garbageZstd(rng, recipe) }, recipe };
  const seed = weightedSeed(seeds, rng);
  recipe.push(`seed ${seed.name}`);
  if (seed.kind === 'dir') return { input: { kind: 'dir', files: mutateDir(seed, rng, recipe) }, recipe };
  if (roll < 60 && seed.zstd) {
    return { input: { kind: 'file', bytes: damage(seed.zstd, rng, recipe, 'zstd stream') }, recipe };
  }
  const tar = mutateTar(seed, rng, recipe);
  if (roll < 110) {
    const gz = gzipSync(tar, { level: 1 });
    recipe.push('gzip');
    return { input: { kind: 'file', bytes: rng.chance(0.5) ? damage(gz, rng, recipe, 'gzip stream') : gz }, recipe };
  }
  return { input: { kind: 'file', bytes: tar }, recipe };
}

/** Small seeds more often: a case on the 9 MiB fixture costs ten on the small ones. */
function weightedSeed(seeds: readonly Seed[], rng: Prng): Seed {
  return weighted(
    rng,
    seeds.map((s) => [s, s.kind === 'tar' && s.bytes.length > 4 * 1024 * 1024 ? 1 : 4] as [Seed, number]),
  );
}
