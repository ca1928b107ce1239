// A small seeded PRNG (xoshiro128**, seeded through splitmix32): the same seed gives the same cases
// on every machine, so a failure is reproduced with `npm run fuzz -- --seed N --case I`.

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Prng {
  private readonly s = new Uint32Array(4);

  constructor(seed: number) {
    const next = splitmix32(seed);
    for (let i = 0; i < 4; i++) this.s[i] = next();
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
  }

  /** Uniform u32. */
  u32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform integer in [0, n) (n >= 1, up to 2^53). */
  int(n: number): number {
    if (n <= 1) return 0;
    if (n <= 0x1_0000_0000) return Math.floor((this.u32() / 0x1_0000_0000) * n);
    return Math.floor(((this.u32() * 0x1_0000_0000 + this.u32()) / 2 ** 64) * n);
  }

  /** Integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bigint64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The seed of case `index` of a run: independent of every other case, so any one case replays alone. */
export function caseSeed(runSeed: number, index: number): number {
  const next = splitmix32((runSeed ^ Math.imul(index + 1, 0x27d4eb2f)) >>> 0);
  next();
  return next();
}
