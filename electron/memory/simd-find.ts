// Literal search with WebAssembly SIMD: the "generic SIMD" substring filter (W. Muła): for 16
// candidate positions at once, compare the needle's first byte at i and its last byte at i + m - 1;
// only positions where both match are checked byte by byte. On memory-like data that rejects almost
// every position with a handful of vector instructions per 16 bytes, several times faster than
// Buffer.indexOf, and several needles can run over the same block while it is in cache.
//
// The module is assembled here from its opcodes (no toolchain, no binary blob in the repo). It has
// one function:
//   find(hay, count, needle, m, out, max) -> n
// writes to out[] (u32 offsets from hay) every position p < count where needle[0..m) occurs at
// hay + p, in increasing order, at most `max`. It reads up to 15 bytes past hay + count + m - 1, so
// the caller keeps 16 bytes of slack after the haystack.

const I32 = 0x7f;
const V128 = 0x7b;
const EMPTY = 0x40;

// Control and variable instructions.
const block = [0x02, EMPTY];
const loop = [0x03, EMPTY];
const ifThen = [0x04, EMPTY];
const end = [0x0b];
const br = (depth: number) => [0x0c, depth];
const brIf = (depth: number) => [0x0d, depth];
const ret = [0x0f];
const get = (local: number) => [0x20, local];
const set = (local: number) => [0x21, local];
const i32 = (value: number) => [0x41, ...sleb(value)];
const load8 = [0x2d, 0x00, 0x00];
const store32 = [0x36, 0x02, 0x00];
const add = [0x6a];
const sub = [0x6b];
const and = [0x71];
const shl = [0x74];
const ne = [0x47];
const ltU = [0x49];
const geU = [0x4f];
const ctz = [0x68];
const eqz = [0x45];
// SIMD (prefix 0xfd).
const v128load = [0xfd, 0x00, 0x00, 0x00];
const splat8 = [0xfd, 0x0f];
const eq8 = [0xfd, 0x23];
const vand = [0xfd, 0x4e];
const bitmask8 = [0xfd, 0x64];

// Locals: params 0..5, then i32 locals 6..11, then v128 locals 12..13.
const HAY = 0;
const COUNT = 1;
const NEEDLE = 2;
const M = 3;
const OUT = 4;
const MAX = 5;
const I = 6;
const MASK = 7;
const POS = 8;
const J = 9;
const N = 10;
const LAST = 11;
const FIRST_V = 12;
const LAST_V = 13;

const body = [
  // last = m - 1; firstV = splat(needle[0]); lastV = splat(needle[last])
  ...get(M), ...i32(1), ...sub, ...set(LAST),
  ...get(NEEDLE), ...load8, ...splat8, ...set(FIRST_V),
  ...get(NEEDLE), ...get(LAST), ...add, ...load8, ...splat8, ...set(LAST_V),
  ...block, // $done
  ...loop, // $outer
  ...get(I), ...get(COUNT), ...geU, ...brIf(1),
  // mask = bitmask((load(hay+i) == firstV) & (load(hay+i+last) == lastV))
  ...get(HAY), ...get(I), ...add, ...v128load, ...get(FIRST_V), ...eq8,
  ...get(HAY), ...get(I), ...add, ...get(LAST), ...add, ...v128load, ...get(LAST_V), ...eq8,
  ...vand, ...bitmask8, ...set(MASK),
  ...block, // $nomask
  ...loop, // $bits
  ...get(MASK), ...eqz, ...brIf(1),
  // pos = i + ctz(mask); mask &= mask - 1
  ...get(I), ...get(MASK), ...ctz, ...add, ...set(POS),
  ...get(MASK), ...get(MASK), ...i32(1), ...sub, ...and, ...set(MASK),
  ...get(POS), ...get(COUNT), ...ltU,
  ...ifThen,
  ...i32(1), ...set(J),
  ...block, // $mismatch
  ...loop, // $cmp
  ...get(J), ...get(LAST), ...ltU,
  ...ifThen,
  ...get(HAY), ...get(POS), ...add, ...get(J), ...add, ...load8,
  ...get(NEEDLE), ...get(J), ...add, ...load8,
  ...ne, ...brIf(3), // -> $mismatch (if, loop $cmp, block $mismatch)
  ...get(J), ...i32(1), ...add, ...set(J),
  ...br(1), // -> $cmp
  ...end, // if
  ...end, // loop $cmp
  // match: out[n] = pos; n += 1; if n >= max return n
  ...get(OUT), ...get(N), ...i32(2), ...shl, ...add, ...get(POS), ...store32,
  ...get(N), ...i32(1), ...add, ...set(N),
  ...get(N), ...get(MAX), ...geU,
  ...ifThen, ...get(N), ...ret, ...end,
  ...end, // block $mismatch
  ...end, // if pos < count
  ...br(0), // -> $bits
  ...end, // loop $bits
  ...end, // block $nomask
  ...get(I), ...i32(16), ...add, ...set(I),
  ...br(0), // -> $outer
  ...end, // loop $outer
  ...end, // block $done
  ...get(N),
  ...end, // function
];

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}

const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const name = (text: string) => [...uleb(text.length), ...Buffer.from(text, 'latin1')];

function moduleBytes(): Uint8Array {
  const locals = [2, 6, I32, 2, V128];
  const code = [...locals, ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 1, I32]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('find'), 0x00, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

type FindFn = (hay: number, count: number, needle: number, m: number, out: number, max: number) => number;

/** A SIMD finder over its own WebAssembly memory: callers read their bytes straight into `view`. */
export class SimdFinder {
  private memory: WebAssembly.Memory;
  private find: FindFn;
  /** [0, NEEDLE_AREA) needles, then the output array, then the haystack. */
  private static readonly NEEDLE_AREA = 64 * 1024;
  private static readonly OUT_SLOTS = 16 * 1024;
  private needleOffsets: number[] = [];
  private needleLengths: number[] = [];
  private haystackBytes = 0;

  private constructor(instance: WebAssembly.Instance, memory: WebAssembly.Memory) {
    this.memory = memory;
    this.find = instance.exports.find as unknown as FindFn;
  }

  /** undefined when this engine has no WebAssembly SIMD (then Buffer.indexOf is used). */
  static create(): SimdFinder | undefined {
    try {
      const memory = new WebAssembly.Memory({ initial: 2 });
      const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes() as BufferSource), { env: { memory } });
      return new SimdFinder(instance, memory);
    } catch {
      return undefined;
    }
  }

  private get outStart(): number {
    return SimdFinder.NEEDLE_AREA;
  }

  private get hayStart(): number {
    return SimdFinder.NEEDLE_AREA + SimdFinder.OUT_SLOTS * 4;
  }

  /** Needles, stored once; searched later by index. Their total must fit in 64 KiB. */
  setNeedles(needles: readonly Uint8Array[]): void {
    let at = 0;
    this.needleOffsets = [];
    this.needleLengths = [];
    for (const needle of needles) {
      if (at + needle.length > SimdFinder.NEEDLE_AREA) throw new Error('needles too long for the SIMD finder');
      new Uint8Array(this.memory.buffer, at, needle.length).set(needle);
      this.needleOffsets.push(at);
      this.needleLengths.push(needle.length);
      at += needle.length;
    }
  }

  /** A Buffer over the haystack area with room for `bytes` (+ slack); valid until the next call. */
  haystack(bytes: number): Buffer {
    const needed = this.hayStart + bytes + 64;
    if (needed > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / 65536));
    }
    this.haystackBytes = bytes;
    return Buffer.from(this.memory.buffer, this.hayStart, bytes);
  }

  /** Offsets p in [from, lastStart] (haystack offsets) where needle `index` starts, appended to `out`. */
  findAll(index: number, from: number, lastStart: number, out: number[], max: number): void {
    const m = this.needleLengths[index];
    if (lastStart + m > this.haystackBytes) lastStart = this.haystackBytes - m;
    let start = from;
    while (start <= lastStart && out.length < max) {
      const count = lastStart - start + 1;
      const room = Math.min(SimdFinder.OUT_SLOTS, max - out.length);
      const found = this.find(this.hayStart + start, count, this.needleOffsets[index], m, this.outStart, room);
      const results = new Uint32Array(this.memory.buffer, this.outStart, found);
      for (let k = 0; k < found; k++) out.push(start + results[k]);
      if (found < room) return;
      start += results[found - 1] + 1;
    }
  }
}
