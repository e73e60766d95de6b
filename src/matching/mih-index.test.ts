import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HAVE_PDQ_TESTDATA, PDQ_TESTDATA, readTsv } from '../hashing/testing/testdata.ts';
import { hammingHex } from '../hashing/pdq/hash256.ts';
import { MihIndex } from './mih-index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tessera-mih-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A hash `d` bits away from `hex`, flipping the given bit positions. */
function flip(hex: string, bits: number[]): string {
  const b = Buffer.from(hex, 'hex');
  for (const k of bits) b[k >> 3] = (b[k >> 3] as number) ^ (1 << (k & 7));
  return b.toString('hex');
}

const hashArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((a) => Buffer.from(a).toString('hex'));
/** A base hash plus variants at controlled distances (clusters make matches common). */
const clusterArb = fc.tuple(hashArb, fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 48 }), { minLength: 1, maxLength: 12 }))
  .map(([base, flips]) => [base, ...flips.map((f) => flip(base, f))]);

/**
 * Adversarial variants: `d` flipped bits spread as evenly as possible over the 16 chunks, so
 * that no chunk is left untouched — the case where a too-narrow probe would miss a match.
 */
const spreadArb = fc.tuple(hashArb, fc.array(fc.tuple(fc.oneof(fc.constantFrom(15, 16, 31, 32, 47, 63), fc.integer({ min: 0, max: 64 })), fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 16, maxLength: 16 })), { minLength: 1, maxLength: 6 }))
  .map(([base, variants]) => [base, ...variants.map(([d, offs]) => {
    const bits: number[] = [];
    for (let c = 0; c < 16; c++) {
      const k = Math.floor(d / 16) + (c < d % 16 ? 1 : 0);
      for (let j = 0; j < k; j++) bits.push(16 * c + (((offs[c] as number) + j * 5) % 16));
    }
    return flip(base, bits);
  })]);

const key = (ms: Array<{ entry: number; distance: number }>) => ms.map((m) => `${m.entry}:${m.distance}`).join(',');

describe('MihIndex completeness against brute force', () => {
  it('finds exactly what brute force finds, for any radius, with adds and withdrawals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(clusterArb, spreadArb), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.oneof(fc.integer({ min: 0, max: 64 }), fc.constantFrom(15, 31, 47, 63)),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 }),
        fc.float({ min: 0, max: 1, noNaN: true }),
        (clusters, withdrawPicks, radius, qualities, compactAt) => {
          const idx = new MihIndex(4);
          const all = clusters.flat();
          // Part of the entries go through compaction into the bucket tables, the rest stay in chains.
          const cut = Math.floor(all.length * compactAt);
          all.forEach((h, i) => {
            idx.add(h, 1000 + i, i % 3 === 0 ? undefined : qualities[i % qualities.length]);
            if (i + 1 === cut) idx.compact();
          });
          for (const w of withdrawPicks) idx.withdrawEntry(w % all.length);
          for (const q of all.slice(0, 12)) {
            for (const floor of [0, 50]) {
              const got = idx.search(q, { radius, qualityFloor: floor });
              const want = idx.searchBrute(q, { radius, qualityFloor: floor });
              expect(key(got)).toBe(key(want));
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('stays complete across compaction, bulk loading and a save/load round trip', () => {
    const rnd = (seed: number) => () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const r = rnd(42);
    const randomHex = () => Array.from({ length: 64 }, () => Math.floor(r() * 16).toString(16)).join('');
    const bases = Array.from({ length: 50 }, randomHex);
    const words = new Uint32Array(20000 * 8);
    const hexes: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const h = i % 10 === 0 ? flip(bases[i % 50]!, Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256))) : randomHex();
      hexes.push(h);
      for (let k = 0; k < 8; k++) words[i * 8 + k] = parseInt(h.slice(k * 8, k * 8 + 8), 16);
    }
    const idx = new MihIndex();
    idx.addBulk(words.subarray(0, 10000 * 8), 10000);
    // 10000 more one by one: crosses the compaction threshold (more than 1/4 in chains).
    for (let i = 10000; i < 20000; i++) idx.add(hexes[i]!, i);
    for (let i = 0; i < 20000; i += 7) idx.withdrawEntry(i);
    const check = (ix: MihIndex) => {
      let matches = 0;
      for (const b of bases) {
        const got = ix.search(b, { radius: 31 });
        expect(key(got)).toBe(key(ix.searchBrute(b, { radius: 31 })));
        matches += got.length;
      }
      return matches;
    };
    const before = check(idx);
    expect(before).toBeGreaterThan(50);
    const file = join(dir, 'idx.bin');
    idx.save(file);
    const loaded = MihIndex.load(file);
    expect(loaded.size).toBe(20000);
    expect(loaded.liveCount).toBe(idx.liveCount);
    expect(check(loaded)).toBe(before);
    // Adding and withdrawing after a load works without rebuilding.
    const e = loaded.add(bases[0]!, 99999, 90);
    expect(loaded.search(bases[0]!).some((m) => m.id === 99999 && m.distance === 0)).toBe(true);
    loaded.withdrawEntry(e);
    expect(loaded.search(bases[0]!).some((m) => m.id === 99999)).toBe(false);
  });

  it('applies the quality floor to entries with a known quality', () => {
    const idx = new MihIndex();
    const h = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';
    idx.add(h, 1, 49);
    idx.add(h, 2, 50);
    idx.add(h, 3); // unknown quality (hash lists rarely carry it): kept
    expect(idx.search(h).map((m) => m.id).sort()).toEqual([2, 3]);
    expect(idx.search(h, { qualityFloor: 0 }).length).toBe(3);
  });

  it('rejects a corrupt or foreign index file with a clear error', () => {
    const f = join(dir, 'bad.bin');
    writeFileSync(f, 'not an index at all, just some text padding it out');
    expect(() => MihIndex.load(f)).toThrow(/wrong magic number/);
    const good = new MihIndex();
    good.add('00'.repeat(32));
    const g = join(dir, 'good.bin');
    good.save(g);
    writeFileSync(f, readFileSync(g).subarray(0, 100));
    expect(() => MihIndex.load(f)).toThrow(/truncated/);
    expect(() => MihIndex.load(join(dir, 'missing.bin'))).toThrow(/Cannot read index file/);
  });
});

describe.skipIf(!HAVE_PDQ_TESTDATA)('hash-list matching case (shared testdata)', () => {
  it('reproduces the 250 expected needle/haystack matches at distance <= 31', () => {
    const read = (f: string) => readFileSync(join(PDQ_TESTDATA, 'hash-lists', f), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    const haystack = read('haystack.txt');
    const needles = read('needles.txt');
    const idx = new MihIndex();
    haystack.forEach((h, i) => idx.add(h, i + 1));
    const got: string[] = [];
    needles.forEach((n, i) => {
      for (const m of idx.search(n, { radius: 31 })) got.push(`${i + 1}\t${m.id}\t${m.distance}`);
    });
    const expected = readTsv(join(PDQ_TESTDATA, 'hash-lists/expected-matches-d31.tsv'))
      .map((r) => `${r.needle_line}\t${r.haystack_line}\t${r.distance}`);
    expect(expected.length).toBe(250);
    expect(got.sort()).toEqual(expected.sort());
    // And the distances agree with a plain hex computation.
    for (const r of readTsv(join(PDQ_TESTDATA, 'hash-lists/expected-matches-d31.tsv')).slice(0, 20)) {
      expect(hammingHex(r.needle_hash!, r.haystack_hash!)).toBe(Number(r.distance));
    }
  });
});
