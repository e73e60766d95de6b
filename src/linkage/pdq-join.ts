/**
 * PDQ near-duplicates for linkage: which hashes have any other hash within a radius, by a
 * multi-index-hashing *self-join* over packed 256-bit codes.
 *
 * Why a self-join and not one index lookup per hash: the 256 bits are cut into 16 chunks of 16
 * bits; two hashes within r bits agree to within ⌊r/16⌋ bits on at least one chunk (pigeonhole).
 * Sorting all hashes by one chunk's value (a counting sort) puts the candidates of every hash in
 * its own bucket and in the buckets a few bits away, so the join walks bucket pairs in order:
 * each candidate pair is checked once (bucket v against itself and against v ^ x for v < v ^ x),
 * sequentially in memory, with no per-hash probe, allocation or hash map. For PDQ hashes of
 * unrelated images (uniformly random) at 1.7 M hashes that is ≈ 26 hashes per bucket and
 * ≈ 3,500 pair checks per hash per pass over all 16 chunks — half of what one lookup per hash
 * into an index of all hashes would cost, since a lookup finds each pair from both sides.
 *
 * A pair is checked on three 32-bit words outside the chunk first (a sum over a subset of the
 * words is a lower bound of the distance, so a rejection is exact); the few survivors get the full
 * 256-bit distance.
 *
 * Near-duplicate families (one picture copied thousands of times) fill a bucket with members that
 * are all within the radius of each other: enumerating their pairs would cost the square of the
 * family. For such bucket pairs the join switches to "query mode": each hash not yet known to have
 * a neighbour scans the other bucket until it finds one and stops. That stays complete — every
 * hash that has a neighbour through this bucket pair ends up marked — while a family costs about
 * one check per member.
 *
 * The result is one flag per hash: 1 when some other hash lies within the radius. The engine
 * then runs its sequential representative scheme over the flagged hashes only; an unflagged hash
 * is at distance > radius from every other hash, so it is a representative that nothing ever
 * links to, and dropping it changes nothing.
 */
import { popcount32 } from '../hashing/pdq/hash256.ts';

const CHUNKS = 16;
const BUCKETS = 1 << 16;
/** Bucket pairs with more candidate pairs than this are joined in query mode. */
const QUERY_MODE_PAIRS = 1 << 14;
/** Words per posting: the entry number, the chunk's own 32-bit word, and three other words. */
const STRIDE = 5;

const HEX = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) {
    t[97 + i] = 10 + i;
    t[65 + i] = 10 + i;
  }
  return t;
})();

/**
 * Writes a 64-hex PDQ hash as 8 words (big-endian text order) at `offset`. Returns false (and
 * writes nothing useful) when the text is not 64 hex digits.
 */
export function packHex(hex: string, out: Uint32Array, offset: number): boolean {
  if (hex.length !== 64) return false;
  for (let w = 0; w < 8; w++) {
    let v = 0;
    for (let k = 0; k < 8; k++) {
      const c = hex.charCodeAt(w * 8 + k);
      const d = c < 128 ? (HEX[c] as number) : -1;
      if (d < 0) return false;
      v = (v << 4) | d;
    }
    out[offset + w] = v >>> 0;
  }
  return true;
}

/** Hamming distance between the hashes at entries a and b of a packed array. */
export function distanceOf(codes: Uint32Array, a: number, b: number): number {
  const x = a * 8;
  const y = b * 8;
  return (
    popcount32((codes[x] as number) ^ (codes[y] as number)) + popcount32((codes[x + 1] as number) ^ (codes[y + 1] as number)) +
    popcount32((codes[x + 2] as number) ^ (codes[y + 2] as number)) + popcount32((codes[x + 3] as number) ^ (codes[y + 3] as number)) +
    popcount32((codes[x + 4] as number) ^ (codes[y + 4] as number)) + popcount32((codes[x + 5] as number) ^ (codes[y + 5] as number)) +
    popcount32((codes[x + 6] as number) ^ (codes[y + 6] as number)) + popcount32((codes[x + 7] as number) ^ (codes[y + 7] as number))
  );
}

/**
 * The hot loop — "which pairs of these two runs of 32-bit words differ in at most k bits" — as a
 * 150-byte WebAssembly function, because wasm has a popcount instruction and JavaScript has not:
 * 1.1 ns per pair against 2.5–2.8 ns for the best JavaScript form (measured on this VM). Written
 * out by hand (WebAssembly binary format 1.0), the equivalent of:
 *
 *   (func (export "join") (param a0 a1 b0 b1 self out k i32) (result i32)   ;; byte offsets
 *     for i in [a0, a1) step 4:  w = load(i)
 *       for j in [self ? i + 4 : b0, b1) step 4:
 *         if popcnt(load(j) ^ w) <= k: store(out + 8n, i); store(out + 8n + 4, j); n++
 *     return n)
 *
 * The tests compare the join that uses it with brute force; without WebAssembly the JavaScript
 * loop below does the same.
 */
const KERNEL_BYTES = [
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x0c, 0x01, 0x60, 0x07, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, // type: (7 × i32) → i32
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x05, 0x03, 0x01, 0x00, 0x01, // memory, at least one page
  0x07, 0x0e, 0x02, 0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, 0x04, 0x6a, 0x6f, 0x69, 0x6e, 0x00, 0x00, // exports "mem", "join"
];
const KERNEL_BODY = [
  0x01, 0x04, 0x7f, // locals 7 i, 8 j, 9 w, 10 n
  0x20, 0x00, 0x21, 0x07, // i = a0
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x07, 0x20, 0x01, 0x4f, 0x0d, 0x01, // if i >= a1 break
  0x20, 0x07, 0x28, 0x02, 0x00, 0x21, 0x09, // w = load(i)
  0x20, 0x07, 0x41, 0x04, 0x6a, 0x20, 0x02, 0x20, 0x04, 0x1b, 0x21, 0x08, // j = self ? i + 4 : b0
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x08, 0x20, 0x03, 0x4f, 0x0d, 0x01, // if j >= b1 break
  0x20, 0x08, 0x28, 0x02, 0x00, 0x20, 0x09, 0x73, 0x69, 0x20, 0x06, 0x4d, // popcnt(load(j) ^ w) <= k
  0x04, 0x40, // if
  0x20, 0x05, 0x20, 0x0a, 0x41, 0x03, 0x74, 0x6a, 0x20, 0x07, 0x36, 0x02, 0x00, // store(out + 8n, i)
  0x20, 0x05, 0x20, 0x0a, 0x41, 0x03, 0x74, 0x6a, 0x20, 0x08, 0x36, 0x02, 0x04, // store(out + 8n + 4, j)
  0x20, 0x0a, 0x41, 0x01, 0x6a, 0x21, 0x0a, // n++
  0x0b, // end if
  0x20, 0x08, 0x41, 0x04, 0x6a, 0x21, 0x08, 0x0c, 0x00, // j += 4, continue
  0x0b, 0x0b, // end loop, block
  0x20, 0x07, 0x41, 0x04, 0x6a, 0x21, 0x07, 0x0c, 0x00, // i += 4, continue
  0x0b, 0x0b, // end loop, block
  0x20, 0x0a, // return n
  0x0b,
];

/** The part of the WebAssembly API used here (the project's TypeScript libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

interface Kernel {
  memory: WasmMemory;
  join: (a0: number, a1: number, b0: number, b1: number, self: number, out: number, k: number) => number;
}

let kernelModule: object | null | undefined;

/** A fresh kernel instance (its own memory), or null where WebAssembly is unavailable. */
function newKernel(): Kernel | null {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (kernelModule === undefined) {
    try {
      kernelModule = wasm ? new wasm.Module(new Uint8Array([...KERNEL_BYTES, 0x0a, KERNEL_BODY.length + 2, 0x01, KERNEL_BODY.length, ...KERNEL_BODY])) : null;
    } catch {
      kernelModule = null;
    }
  }
  if (!kernelModule || !wasm) return null;
  const exports = new wasm.Instance(kernelModule).exports as { mem: WasmMemory; join: Kernel['join'] };
  return { memory: exports.mem, join: exports.join };
}

/** Non-zero 16-bit masks of at most `flips` bits: the bucket offsets a near pair can have in one chunk. */
function flipMasks(flips: number): Uint16Array {
  const out: number[] = [];
  for (let x = 1; x < BUCKETS; x++) if (popcount32(x) <= flips) out.push(x);
  return Uint16Array.from(out);
}

/** Chunk c of the hash at `base`: the high (even c) or low (odd c) half of word c >> 1. */
function chunkValue(codes: Uint32Array, base: number, c: number): number {
  const w = codes[base + (c >> 1)] as number;
  return c & 1 ? w & 0xffff : w >>> 16;
}

/** Scratch arrays of one join, reused across chunks. */
interface JoinScratch {
  offsets: Uint32Array;
  fill: Uint32Array;
  postings: Uint32Array;
  /** The kernel, its memory holding each posting's word (bytes [0, 4·count)) then room for the pairs it finds. */
  kernel: Kernel | null;
  words: Uint32Array;
  pairs: Uint32Array;
  pairsAt: number;
}

function scratchFor(count: number, useKernel: boolean): JoinScratch {
  const s: JoinScratch = { offsets: new Uint32Array(BUCKETS + 1), fill: new Uint32Array(BUCKETS), postings: new Uint32Array(count * STRIDE), kernel: null, words: new Uint32Array(0), pairs: new Uint32Array(0), pairsAt: 0 };
  const pairsAt = count * 4;
  const bytes = pairsAt + QUERY_MODE_PAIRS * 8;
  const kernel = useKernel && bytes < 2 ** 31 ? newKernel() : null;
  if (kernel) {
    kernel.memory.grow(Math.ceil(bytes / 65536));
    s.kernel = kernel;
    s.words = new Uint32Array(kernel.memory.buffer, 0, count);
    s.pairs = new Uint32Array(kernel.memory.buffer, pairsAt, QUERY_MODE_PAIRS * 2);
    s.pairsAt = pairsAt;
  }
  return s;
}

/**
 * Flags (in `mark`, 1 = has a neighbour) every hash with another hash within `radius`, using the
 * chunks listed (all 16 for a complete answer; a worker may take a share and the flags be OR-ed).
 * `codes` holds `count` hashes of 8 words each. Flags already set stay set and save work.
 */
export function markNearDuplicates(codes: Uint32Array, count: number, radius: number, mark: Uint8Array, chunks: readonly number[] = ALL_CHUNKS, opts: { webAssembly?: boolean } = {}): void {
  if (!Number.isInteger(radius) || radius < 0 || radius > 255) throw new RangeError(`radius must be an integer from 0 to 255; got ${radius}`);
  if (count < 2) return;
  const flips = Math.floor(radius / CHUNKS);
  const masks = flipMasks(Math.min(flips, 16));
  const s = scratchFor(count, opts.webAssembly ?? true);
  for (const c of chunks) joinChunk(codes, count, radius, mark, c, masks, s);
}

export const ALL_CHUNKS: readonly number[] = Array.from({ length: CHUNKS }, (_, c) => c);

function joinChunk(codes: Uint32Array, count: number, radius: number, mark: Uint8Array, c: number, masks: Uint16Array, s: JoinScratch): void {
  const { offsets: off, fill, postings: post } = s;
  // Counting sort of the entries by this chunk's value (stable: entries ascending in a bucket).
  off.fill(0);
  for (let e = 0; e < count; e++) {
    const v = chunkValue(codes, e * 8, c) + 1;
    off[v] = (off[v] as number) + 1;
  }
  for (let v = 0; v < BUCKETS; v++) off[v + 1] = (off[v + 1] as number) + (off[v] as number);
  fill.set(off.subarray(0, BUCKETS));
  // The chunk's own word, then three others.
  const w = c >> 1;
  const s0 = (w + 1) & 7, s1 = (w + 3) & 7, s2 = (w + 5) & 7;
  for (let e = 0; e < count; e++) {
    const b = e * 8;
    const v = chunkValue(codes, b, c);
    const at = (fill[v] as number) * STRIDE;
    fill[v] = (fill[v] as number) + 1;
    post[at] = e;
    post[at + 1] = codes[b + w] as number;
    post[at + 2] = codes[b + s0] as number;
    post[at + 3] = codes[b + s1] as number;
    post[at + 4] = codes[b + s2] as number;
  }
  if (s.kernel) for (let k = 0, words = s.words; k < count; k++) words[k] = post[k * STRIDE + 1] as number;
  // Within radius r, some one of the 8 words differs in at most ⌊r/8⌋ bits, and then one of its
  // two chunks in at most ⌊r/16⌋: a pair found through this chunk need only be kept when its
  // whole word is that close too (the pair is still found through the word that is). For random
  // hashes that rejects ~99 % of candidates with one popcount.
  const wordRadius = Math.floor(radius / 8);
  const nm = masks.length;
  for (let v = 0; v < BUCKETS; v++) {
    const a0 = off[v] as number;
    const a1 = off[v + 1] as number;
    if (a0 === a1) continue;
    joinBuckets(codes, post, radius, wordRadius, mark, a0, a1, a0, a1, true, s);
    for (let m = 0; m < nm; m++) {
      const p = v ^ (masks[m] as number);
      if (p < v) continue;
      const b0 = off[p] as number;
      const b1 = off[p + 1] as number;
      if (b0 !== b1) joinBuckets(codes, post, radius, wordRadius, mark, a0, a1, b0, b1, false, s);
    }
  }
}

/** Checks the pairs between postings [a0, a1) and [b0, b1) (the same range when `self`: each pair once). */
function joinBuckets(codes: Uint32Array, post: Uint32Array, radius: number, wordRadius: number, mark: Uint8Array, a0: number, a1: number, b0: number, b1: number, self: boolean, s: JoinScratch): void {
  const na = a1 - a0;
  const nb = b1 - b0;
  if (na * nb > QUERY_MODE_PAIRS) {
    queryMode(codes, post, radius, wordRadius, mark, a0, a1, b0, b1, self);
    if (!self) queryMode(codes, post, radius, wordRadius, mark, b0, b1, a0, a1, false);
    return;
  }
  if (s.kernel) {
    const found = s.kernel.join(a0 * 4, a1 * 4, b0 * 4, b1 * 4, self ? 1 : 0, s.pairsAt, wordRadius);
    const pairs = s.pairs;
    for (let k = 0; k < found; k++) verifyPair(codes, post, radius, mark, ((pairs[2 * k] as number) >>> 2) * STRIDE, ((pairs[2 * k + 1] as number) >>> 2) * STRIDE);
    return;
  }
  if (wordRadius === 3) {
    joinPairs3(codes, post, radius, mark, a0, a1, b0, b1, self);
    return;
  }
  for (let i = a0; i < a1; i++) {
    const pi = i * STRIDE;
    const kw = post[pi + 1] as number;
    for (let j = self ? i + 1 : b0, stop = b1 * STRIDE, pj = j * STRIDE; pj < stop; pj += STRIDE) {
      if (popcount32((post[pj + 1] as number) ^ kw) > wordRadius) continue;
      verifyPair(codes, post, radius, mark, pi, pj);
    }
  }
}

/** joinBuckets for word radius 3 (PDQ radius 24–31): the hot loop of the whole linkage. */
function joinPairs3(codes: Uint32Array, post: Uint32Array, radius: number, mark: Uint8Array, a0: number, a1: number, b0: number, b1: number, self: boolean): void {
  for (let i = a0; i < a1; i++) {
    const pi = i * STRIDE;
    const kw = post[pi + 1] as number;
    for (let j = self ? i + 1 : b0, stop = b1 * STRIDE, pj = j * STRIDE; pj < stop; pj += STRIDE) {
      // At most 3 bits differ iff clearing the lowest set bit three times leaves 0.
      let x = (post[pj + 1] as number) ^ kw;
      x &= (x - 1) | 0;
      x &= (x - 1) | 0;
      if ((x & ((x - 1) | 0)) !== 0) continue;
      verifyPair(codes, post, radius, mark, pi, pj);
    }
  }
}

/** A candidate pair (postings at pi and pj) that passed the word test: the sketch, then the full distance. */
function verifyPair(codes: Uint32Array, post: Uint32Array, radius: number, mark: Uint8Array, pi: number, pj: number): void {
  const d =
    popcount32((post[pj + 1] as number) ^ (post[pi + 1] as number)) + popcount32((post[pj + 2] as number) ^ (post[pi + 2] as number)) +
    popcount32((post[pj + 3] as number) ^ (post[pi + 3] as number)) + popcount32((post[pj + 4] as number) ^ (post[pi + 4] as number));
  if (d > radius) return;
  const ea = post[pi] as number;
  const eb = post[pj] as number;
  if ((mark[ea] as number) & (mark[eb] as number)) return;
  if (distanceOf(codes, ea, eb) <= radius) {
    mark[ea] = 1;
    mark[eb] = 1;
  }
}

/** Every unflagged posting of [a0, a1) scans [b0, b1) until it finds a neighbour (then both are flagged). */
function queryMode(codes: Uint32Array, post: Uint32Array, radius: number, wordRadius: number, mark: Uint8Array, a0: number, a1: number, b0: number, b1: number, self: boolean): void {
  for (let i = a0; i < a1; i++) {
    const pi = i * STRIDE;
    const ea = post[pi] as number;
    if (mark[ea]) continue;
    const kw = post[pi + 1] as number;
    const k1 = post[pi + 2] as number, k2 = post[pi + 3] as number, k3 = post[pi + 4] as number;
    for (let pj = b0 * STRIDE, stop = b1 * STRIDE; pj < stop; pj += STRIDE) {
      const dw = popcount32((post[pj + 1] as number) ^ kw);
      if (dw > wordRadius) continue;
      const d = dw + popcount32((post[pj + 2] as number) ^ k1) + popcount32((post[pj + 3] as number) ^ k2) + popcount32((post[pj + 4] as number) ^ k3);
      if (d > radius) continue;
      const eb = post[pj] as number;
      if (self && eb === ea) continue;
      if (distanceOf(codes, ea, eb) <= radius) {
        mark[ea] = 1;
        mark[eb] = 1;
        break;
      }
    }
  }
}
