// The compact index of a log: for every (joined) line, the byte offset of its first record and one
// byte of flags. Lines are kept in blocks of 64 Ki so the table grows without copying; offsets are
// stored as 32-bit deltas from the block's first offset (5 bytes a line: 10 M lines = 50 MB), and a
// block whose lines span more than 4 GiB switches to 64-bit floats.

const BLOCK_BITS = 16;
const BLOCK_SIZE = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_SIZE - 1;
const MAX_DELTA = 0xffff_ffff;
const FIRST_CAPACITY = 1024;

// Flag layout (one byte a line).
/** Bits 0–1: stream (container: 0 stdout, 1 stderr) or level (CRIU: 0 info, 1 warning, 2 error). */
export const FLAG_CLASS_MASK = 0b11;
/** The record did not parse (container logs): the line is shown raw. */
export const FLAG_MALFORMED = 1 << 2;
/** The line joins several records (P … F). */
export const FLAG_JOINED = 1 << 3;
/** Records of other lines sit between this line's records (stdout and stderr partials interleaved). */
export const FLAG_INTERLEAVED = 1 << 4;
/** A partial chain the log ends in, without its final F record. */
export const FLAG_UNTERMINATED = 1 << 5;

interface Block {
  base: number;
  deltas: Uint32Array | Float64Array;
  flags: Uint8Array;
}

function grow(block: Block): void {
  const capacity = Math.min(BLOCK_SIZE, block.flags.length * 2);
  const deltas = block.deltas instanceof Uint32Array ? new Uint32Array(capacity) : new Float64Array(capacity);
  deltas.set(block.deltas);
  const flags = new Uint8Array(capacity);
  flags.set(block.flags);
  block.deltas = deltas;
  block.flags = flags;
}

export class LineTable {
  private readonly blocks: Block[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Appends a line; offsets must not decrease. Returns its index. */
  push(offset: number, flags: number): number {
    const index = this.count;
    const slot = index & BLOCK_MASK;
    if (slot === 0) {
      // Small logs stay small: a block starts at 1 Ki lines and doubles up to 64 Ki.
      const capacity = this.blocks.length === 0 ? FIRST_CAPACITY : BLOCK_SIZE;
      this.blocks.push({ base: offset, deltas: new Uint32Array(capacity), flags: new Uint8Array(capacity) });
    }
    const block = this.blocks[this.blocks.length - 1];
    if (slot === block.flags.length) grow(block);
    const delta = offset - block.base;
    if (delta > MAX_DELTA && block.deltas instanceof Uint32Array) block.deltas = Float64Array.from(block.deltas);
    block.deltas[slot] = delta;
    block.flags[slot] = flags;
    this.count++;
    return index;
  }

  offset(index: number): number {
    const block = this.blocks[index >>> BLOCK_BITS];
    return block.base + block.deltas[index & BLOCK_MASK];
  }

  flags(index: number): number {
    return this.blocks[index >>> BLOCK_BITS].flags[index & BLOCK_MASK];
  }

  addFlags(index: number, flags: number): void {
    this.blocks[index >>> BLOCK_BITS].flags[index & BLOCK_MASK] |= flags;
  }

  /** Index of the last line starting at or before `offset` (-1 if none). */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offset(mid) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Bytes held by the table. */
  get byteSize(): number {
    return this.blocks.reduce((sum, b) => sum + b.deltas.byteLength + b.flags.byteLength, 0);
  }
}
