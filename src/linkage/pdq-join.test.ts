import { describe, expect, it } from 'vitest';
import { u32ToHex } from '../hashing/pdq/hash256.ts';
import { Evidence, linkEvidence, linkEvidenceAsync, type Link } from './engine.ts';
import { PdqJoinPool } from './pdq-join-pool.ts';
import { distanceOf, markNearDuplicates, packHex } from './pdq-join.ts';

/** A small deterministic PRNG (xorshift32): the tests must not depend on the run. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/**
 * Hashes shaped like the generator's: mostly random, plus families of near-duplicates (an origin
 * with 1–`maxFlips` bits flipped, some exact copies), one family large enough that its buckets
 * are joined in query mode.
 */
function hashes(count: number, seed: number, opts: { families: number; bigFamily: number; maxFlips: number }): Uint32Array {
  const next = rng(seed);
  const codes = new Uint32Array(count * 8);
  const origins: Uint32Array[] = [];
  for (let f = 0; f < opts.families; f++) origins.push(Uint32Array.from({ length: 8 }, () => next()));
  for (let i = 0; i < count; i++) {
    const roll = next() % 100;
    const family = i < opts.bigFamily ? 0 : roll < 25 ? 1 + (next() % (opts.families - 1)) : -1;
    if (family < 0) {
      for (let w = 0; w < 8; w++) codes[i * 8 + w] = next();
      continue;
    }
    codes.set(origins[family] as Uint32Array, i * 8);
    const flips = next() % 7 === 0 ? 0 : 1 + (next() % opts.maxFlips);
    for (let k = 0; k < flips; k++) {
      const bit = next() % 256;
      codes[i * 8 + (bit >> 5)] = ((codes[i * 8 + (bit >> 5)] as number) ^ (1 << (bit & 31))) >>> 0;
    }
  }
  // Shuffle so the big family is spread through the input.
  for (let i = count - 1; i > 0; i--) {
    const j = next() % (i + 1);
    const t = codes.slice(i * 8, i * 8 + 8);
    codes.copyWithin(i * 8, j * 8, j * 8 + 8);
    codes.set(t, j * 8);
  }
  return codes;
}

function bruteFlags(codes: Uint32Array, count: number, radius: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) for (let j = i + 1; j < count; j++) if (distanceOf(codes, i, j) <= radius) out[i] = out[j] = 1;
  return out;
}

describe('markNearDuplicates (PDQ self-join)', () => {
  it.each([31, 24, 16, 15, 0, 40, 63])('flags exactly the hashes with another hash within radius %i (brute force over 3,000 hashes)', (radius) => {
    const count = 3000;
    const codes = hashes(count, 1000 + radius, { families: 40, bigFamily: 400, maxFlips: Math.max(1, Math.min(30, radius)) });
    const expected = bruteFlags(codes, count, radius);
    const flagged = expected.reduce((a, b) => a + b, 0);
    // The data must exercise both answers, or the comparison proves nothing.
    expect(flagged).toBeGreaterThan(300);
    expect(flagged).toBeLessThan(count);
    // The WebAssembly kernel and the JavaScript loop that stands in for it where wasm is missing.
    for (const webAssembly of [true, false]) {
      const mark = new Uint8Array(count);
      markNearDuplicates(codes, count, radius, mark, undefined, { webAssembly });
      expect(Array.from(mark)).toEqual(Array.from(expected));
    }
  });

  it('finds pairs at the pigeonhole boundary: 31 bits apart, one word within 3 bits and one chunk within 1', () => {
    // Pair i: word k differs in 3 bits (1 in one chunk, 2 in the other), every other word in 4:
    // 3 + 7 × 4 = 31. Only one chunk of one word can find it, and only its word passes the word test.
    const next = rng(31);
    const pairs = 64;
    const count = pairs * 2 + 2000;
    const codes = new Uint32Array(count * 8);
    for (let i = 0; i < codes.length; i++) codes[i] = next();
    const flip = (entry: number, word: number, bit: number) => {
      codes[entry * 8 + word] = ((codes[entry * 8 + word] as number) ^ (1 << bit)) >>> 0;
    };
    for (let p = 0; p < pairs; p++) {
      const a = p * 2;
      const b = a + 1;
      codes.copyWithin(b * 8, a * 8, a * 8 + 8);
      const special = p % 8;
      const lowFirst = p % 2 === 0;
      for (let w = 0; w < 8; w++) {
        // Bits 0–15 are the word's low chunk, 16–31 its high chunk.
        const bits = w === special ? (lowFirst ? [3, 20, 27] : [19, 4, 9]) : [1, 8, 17, 30];
        for (const bit of bits) flip(b, w, bit);
      }
    }
    expect(distanceOf(codes, 0, 1)).toBe(31);
    for (const webAssembly of [true, false]) {
      const at31 = new Uint8Array(count);
      markNearDuplicates(codes, count, 31, at31, undefined, { webAssembly });
      expect(Array.from(at31)).toEqual(Array.from(bruteFlags(codes, count, 31)));
      expect(at31.subarray(0, pairs * 2).every((x) => x === 1)).toBe(true);
    }
    // One bit closer than the radius allows: no pair.
    const at30 = new Uint8Array(count);
    markNearDuplicates(codes, count, 30, at30);
    expect(at30.subarray(0, pairs * 2).some((x) => x === 1)).toBe(false);
  });

  it('is complete when the chunks are shared out and the flags OR-ed (as worker threads do)', () => {
    const count = 2000;
    const codes = hashes(count, 7, { families: 30, bigFamily: 300, maxFlips: 20 });
    const a = new Uint8Array(count);
    const b = new Uint8Array(count);
    markNearDuplicates(codes, count, 31, a, [0, 2, 4, 6, 8, 10, 12, 14]);
    markNearDuplicates(codes, count, 31, b, [1, 3, 5, 7, 9, 11, 13, 15]);
    expect(Array.from(a, (x, i) => x | (b[i] as number))).toEqual(Array.from(bruteFlags(codes, count, 31)));
  });

  it('packs hex like the hashing module and refuses what is not 64 hex digits', () => {
    const out = new Uint32Array(8);
    expect(packHex('f'.repeat(63) + 'A', out, 0)).toBe(true);
    expect(u32ToHex(out)).toBe('f'.repeat(63) + 'a');
    expect(packHex('g'.repeat(64), out, 0)).toBe(false);
    expect(packHex('ff', out, 0)).toBe(false);
  });
});

/**
 * The representative scheme by brute force: each hash (of good quality, in input order) is
 * compared with every earlier representative; it links to each within the radius (nearest first,
 * then oldest), or becomes a representative. Representatives near-duplicated in more than
 * maxKeyReports reports link nothing.
 */
function referencePdqLinks(ev: Evidence, radius: number, floor: number, maxKey: number) {
  const codes = new Uint32Array(ev.pdqHex.length * 8);
  ev.pdqHex.forEach((h, i) => packHex(h, codes, i * 8));
  const reps: number[] = [];
  const repCount: number[] = [];
  const links: Array<{ link: Pick<Link, 'a' | 'b' | 'key' | 'distance'>; rep: number }> = [];
  for (let i = 0; i < ev.pdqHex.length; i++) {
    const q = ev.pdqQuality[i] as number;
    if (q !== 255 && q < floor) continue;
    const hits = reps.map((j, id) => ({ id, d: distanceOf(codes, i, j) })).filter((h) => h.d <= radius);
    hits.sort((x, y) => x.d - y.d || x.id - y.id);
    if (hits.length === 0) {
      reps.push(i);
      continue;
    }
    const ra = ev.pdqReport[i] as number;
    for (const h of hits) {
      repCount[h.id] = (repCount[h.id] ?? 0) + 1;
      const j = reps[h.id] as number;
      const rb = ev.pdqReport[j] as number;
      if (rb === ra) continue;
      const [a, b] = (ev.times[ra] as number) <= (ev.times[rb] as number) ? [ra, rb] : [rb, ra];
      links.push({ link: { a, b, key: `${ev.pdqHex[j]}~${ev.pdqHex[i]}`, distance: h.d }, rep: h.id });
    }
  }
  const kept = links.filter((l) => (repCount[l.rep] ?? 0) + 1 <= maxKey).map((l) => l.link);
  const tooCommon = reps.flatMap((j, id) => ((repCount[id] ?? 0) + 1 > maxKey ? [{ kind: 'pdq', key: ev.pdqHex[j], reports: (repCount[id] ?? 0) + 1 }] : []));
  return { links: kept, tooCommon };
}

/** 4,000 hashes in 1–3 per report, times out of order, some of low or unknown quality. */
function pdqEvidence(): Evidence {
  const count = 4000;
  const codes = hashes(count, 99, { families: 60, bigFamily: 250, maxFlips: 24 });
  const next = rng(5);
  const ev = new Evidence();
  let report = -1;
  for (let i = 0; i < count; i++) {
    // 1–3 hashes per report; times out of order so the engine's time ordering matters.
    if (report < 0 || next() % 3 === 0) report = ev.report(`report-${i}`, Date.UTC(2026, 0, 1) + (next() % 10_000_000) * 1000);
    ev.pdq(report, u32ToHex(codes, i * 8), next() % 10 === 0 ? next() % 50 : next() % 5 === 0 ? null : 50 + (next() % 51));
  }
  return ev;
}

describe('linkEvidence: PDQ links', () => {
  it('gives exactly the links of the representative scheme run by brute force (4,000 hashes, families, low quality, too-common pictures)', () => {
    const ev = pdqEvidence();
    for (const maxKeyReports of [100, 20]) {
      const got = linkEvidence(ev, { kinds: ['pdq'], maxKeyReports });
      const want = referencePdqLinks(ev, 31, 50, maxKeyReports);
      expect(want.links.length).toBeGreaterThan(500);
      expect(got.links.map((l) => ({ a: l.a, b: l.b, key: l.key, distance: l.distance }))).toEqual(want.links);
      expect(got.tooCommon).toEqual(want.tooCommon);
      if (maxKeyReports === 20) expect(want.tooCommon.length).toBeGreaterThan(0);
      // Every link explains itself with its distance, which is the real distance of the two hashes.
      for (const l of got.links) {
        const [h1, h2] = l.key.split('~') as [string, string];
        const w = new Uint32Array(16);
        packHex(h1, w, 0);
        packHex(h2, w, 8);
        expect(l.distance).toBe(distanceOf(w, 0, 1));
      }
    }
  });

  it('gives the same result with the self-join on worker threads', async () => {
    const ev = pdqEvidence();
    for (let i = 0; i < 50; i++) ev.key(i, 'account', `chirp:user-${i % 7}`);
    const pool = new PdqJoinPool(2);
    try {
      const threaded = await linkEvidenceAsync(ev, { maxKeyReports: 20 }, (pdq) => pool.flag(pdq));
      const here = linkEvidence(ev, { maxKeyReports: 20 });
      expect(threaded.stats.links.pdq).toBeGreaterThan(500);
      expect(threaded.links).toEqual(here.links);
      expect(threaded.tooCommon).toEqual(here.tooCommon);
      expect(Array.from(threaded.component)).toEqual(Array.from(here.component));
    } finally {
      await pool.close();
    }
  });
});
