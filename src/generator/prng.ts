/**
 * Seeded pseudo-random numbers for the synthetic data generator.
 *
 * Why sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state) and not
 * Math.random: Math.random cannot be seeded, and its algorithm differs between engines and
 * versions. sfc32 is four 32-bit words updated with add/xor/shift/rotate only, which JavaScript
 * evaluates exactly (`| 0`, `>>> 0`) on every platform, so a seed gives the same stream
 * everywhere, forever. It passes PractRand to terabytes, has a counter so no short cycles, and
 * costs a few nanoseconds per draw — the generator draws ~100 numbers per report.
 *
 * Every record gets its own stream, derived from (seed, stream name, record index): report 17
 * is the same whether 100 or 10 million reports are generated and whatever the batch size, and
 * any record can be regenerated on its own.
 */

/** murmur3's 32-bit finaliser: a cheap, well-mixed bijection on 32-bit integers. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a of a string (stream names are short ASCII). */
export function hashString32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX_SCRATCH = Buffer.alloc(256);
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.#a = a | 0;
    this.#b = b | 0;
    this.#c = c | 0;
    this.#d = d | 0;
    // Warm up so that nearby seeds do not start with correlated outputs.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A stream for (seed, name, index): independent of every other stream for practical purposes. */
  static for(seed: number, name: string, index = 0): Rng {
    const s = seed >>> 0;
    const n = hashString32(name);
    const lo = index >>> 0;
    const hi = Math.floor(index / 0x1_0000_0000) >>> 0;
    return new Rng(fmix32(s ^ 0x9e3779b9), fmix32(n ^ fmix32(s + 0x7f4a7c15)), fmix32(lo ^ fmix32(n + 0x165667b1)), fmix32(hi ^ lo ^ 0x27d4eb2f) | 1);
  }

  /** Next 32-bit unsigned integer. */
  u32(): number {
    const a = this.#a, b = this.#b, c = this.#c, d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.#c = (r + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 0x1_0000_0000;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi], inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Index in [0, n) skewed towards 0 (density ∝ (1-x)^(k-1)); a cheap stand-in for a Zipf-like popularity. */
  skewed(n: number, k = 3): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.float(), k)));
  }

  /**
   * Lower-case hex of `bytes` random bytes. Written through a buffer so the result is one flat
   * string: concatenating two-digit pieces would leave a tree of ~30 string nodes per hash alive
   * for as long as the record is, which at a batch of 1000 bundles doubles the garbage collector's work.
   */
  hex(bytes: number): string {
    const n = (bytes + 3) & ~3;
    if (n > HEX_SCRATCH.length) throw new Error(`hex(${bytes}): at most ${HEX_SCRATCH.length} bytes`);
    for (let i = 0; i < n; i += 4) HEX_SCRATCH.writeUInt32BE(this.u32(), i);
    return HEX_SCRATCH.toString('hex', 0, bytes);
  }

  /** Random lower-case letters and digits. */
  token(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += ALNUM[this.int(36)];
    return s;
  }
}

/**
 * A weighted choice among fixed values: cumulative weights with a binary search, so a
 * 60-country table costs six comparisons per draw.
 */
export class Weighted<T> {
  readonly values: readonly T[];
  readonly #cum: Float64Array;
  readonly #total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    if (entries.length === 0) throw new Error('Weighted needs at least one entry');
    this.values = entries.map((e) => e[0]);
    this.#cum = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => {
      if (!(w >= 0)) throw new Error(`weight must be >= 0, got ${w}`);
      sum += w;
      this.#cum[i] = sum;
    });
    if (sum <= 0) throw new Error('Weighted needs a positive total weight');
    this.#total = sum;
  }

  draw(rng: Rng): T {
    const x = rng.float() * this.#total;
    const cum = this.#cum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x < cum[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }

  /** Share of the total weight of one value (for documentation and tests). */
  share(value: T): number {
    let w = 0;
    let prev = 0;
    this.values.forEach((v, i) => {
      const c = this.#cum[i]!;
      if (v === value) w += c - prev;
      prev = c;
    });
    return w / this.#total;
  }
}

export const weighted = <T>(entries: ReadonlyArray<readonly [T, number]>) => new Weighted(entries);
