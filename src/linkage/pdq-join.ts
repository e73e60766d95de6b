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
}

function scratchFor(count: number): JoinScratch {
  return { offsets: new Uint32Array(BUCKETS + 1), fill: new Uint32Array(BUCKETS), postings: new Uint32Array(count * STRIDE) };
}

/**
 * Flags (in `mark`, 1 = has a neighbour) every hash with another hash within `radius`, using the
 * chunks listed (all 16 for a complete answer; a worker may take a share and the flags be OR-ed).
 * `codes` holds `count` hashes of 8 words each. Flags already set stay set and save work.
 */
export function markNearDuplicates(codes: Uint32Array, count: number, radius: number, mark: Uint8Array, chunks: readonly number[] = ALL_CHUNKS): void {
  if (!Number.isInteger(radius) || radius < 0 || radius > 255) throw new RangeError(`radius must be an integer from 0 to 255; got ${radius}`);
  if (count < 2) return;
  const flips = Math.floor(radius / CHUNKS);
  const masks = flipMasks(Math.min(flips, 16));
  const s = scratchFor(count);
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
    joinBuckets(codes, post, radius, wordRadius, mark, a0, a1, a0, a1, true);
    for (let m = 0; m < nm; m++) {
      const p = v ^ (masks[m] as number);
      if (p < v) continue;
      const b0 = off[p] as number;
      const b1 = off[p + 1] as number;
      if (b0 !== b1) joinBuckets(codes, post, radius, wordRadius, mark, a0, a1, b0, b1, false);
    }
  }
}

/** Checks the pairs between postings [a0, a1) and [b0, b1) (the same range when `self`: each pair once). */
function joinBuckets(codes: Uint32Array, post: Uint32Array, radius: number, wordRadius: number, mark: Uint8Array, a0: number, a1: number, b0: number, b1: number, self: boolean): void {
  const na = a1 - a0;
  const nb = b1 - b0;
  if (na * nb > QUERY_MODE_PAIRS) {
    queryMode(codes, post, radius, wordRadius, mark, a0, a1, b0, b1, self);
    if (!self) queryMode(codes, post, radius, wordRadius, mark, b0, b1, a0, a1, false);
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
