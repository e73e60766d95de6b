import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_PDQ_TESTDATA, PDQ_TESTDATA, readTsv } from '../testing/testdata.ts';
import { PATTERNS, patternPixels } from './fixtures/patterns.ts';
import {
  decodeForPdq, hammingHex, hexToWords, parsePdqHex, pdqDihedralImage, pdqFromFloatLuma, pdqFromPixels, pdqHashImage,
  torbenMedian, wordsToHex,
} from './index.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const img = (p: string) => readFileSync(join(PDQ_TESTDATA, 'images', p));
/** The two vectors whose sharp decode differs from ImageMagick's (documented in the testdata README). */
const DECODE_DIFFERS = new Set(['misc-images/modes/CMYK.jpg', 'reg-test-input/pen-and-coaster.png']);

describe('PDQ core against the C++ reference on identical pixels', () => {
  const ref = readTsv(join(fixtures, 'reference-patterns.tsv'));
  for (const p of PATTERNS) {
    it(`${p.name} gives the reference hash and quality bit for bit`, () => {
      const row = ref.find((r) => r.name === p.name);
      expect(row).toBeDefined();
      const r = pdqFromPixels({ data: patternPixels(p), width: p.width, height: p.height, channels: p.channels });
      expect(r.hash).toBe(row?.hash);
      expect(r.quality).toBe(Number(row?.quality));
    });
  }

  it('hashes float luma directly (64x64 passes through without blur)', () => {
    const p = PATTERNS.find((x) => x.name === 'grey-64x64')!;
    const px = patternPixels(p);
    const luma = Float32Array.from(px);
    const row = ref.find((r) => r.name === p.name)!;
    expect(pdqFromFloatLuma(luma, 64, 64).hash).toBe(row.hash);
  });

  it('images below 5 pixels on a side hash to zero with quality 0', () => {
    const r = pdqFromPixels({ data: new Uint8Array(4 * 100 * 3).fill(200), width: 4, height: 100, channels: 3 });
    expect(r).toEqual({ hash: '0'.repeat(64), quality: 0 });
  });
});

describe('Torben median', () => {
  it('returns the lower median of an even-length array like the reference', () => {
    const a = Float32Array.from([5, 1, 4, 2, 3, 6]);
    expect(torbenMedian(a)).toBe(3);
    expect(torbenMedian(Float32Array.from([7, 7, 7, 7]))).toBe(7);
  });
});

describe('hash text', () => {
  it('round-trips words and hex in the reference order (w[15] first)', () => {
    const w = new Uint16Array(16);
    w[0] = 0x0001;
    w[15] = 0xabcd;
    const hex = wordsToHex(w);
    expect(hex.startsWith('abcd')).toBe(true);
    expect(hex.endsWith('0001')).toBe(true);
    expect(Array.from(hexToWords(hex))).toEqual(Array.from(w));
  });

  it('parses hashes leniently but rejects malformed ones with a reason', () => {
    const h = 'F8F8F0CEE0F4A84F06370A22038F63F0B36E2ED596621E1D33E6B39C4E9C9B22';
    expect(parsePdqHex(`  0x${h} `)).toBe(h.toLowerCase());
    expect(() => parsePdqHex('abc')).toThrow(/3 hex characters/);
    expect(() => parsePdqHex('g'.repeat(64), { line: 7 })).toThrow(/non-hex character "g" at position 1/);
    try {
      parsePdqHex('', { file: 'x.txt', line: 2 });
    } catch (e) {
      expect((e as { code: string }).code).toBe('invalid_pdq_hash');
      expect((e as { where: unknown }).where).toEqual({ file: 'x.txt', line: 2 });
    }
  });

  it('measures Hamming distance as popcount of XOR', () => {
    const a = '0'.repeat(64);
    expect(hammingHex(a, 'f'.repeat(64))).toBe(256);
    expect(hammingHex(a, '8' + '0'.repeat(62) + '1')).toBe(2);
  });
});

describe.skipIf(!HAVE_PDQ_TESTDATA)('PDQ test vectors (shared testdata)', () => {
  const full = readTsv(join(PDQ_TESTDATA, 'expected/pdq-fullres.tsv'));
  const onSharp = readTsv(join(fixtures, 'reference-sharp-pixels.tsv'));

  it('identical decoded bytes give the identical hash: all 44 images vs the C++ core on sharp pixels', async () => {
    expect(onSharp.length).toBe(44);
    for (const row of onSharp) {
      const px = await decodeForPdq(img(row.path!));
      const r = pdqFromPixels(px);
      expect({ path: row.path, hash: r.hash, quality: r.quality }).toEqual({ path: row.path, hash: row.hash, quality: Number(row.quality) });
    }
  });

  it('matches pdq-fullres.tsv bit for bit where the decode matches, within 10 bits otherwise', async () => {
    expect(full.length).toBe(44);
    const inexact: string[] = [];
    for (const row of full) {
      const r = await pdqHashImage(img(row.path!));
      expect(r.width).toBe(Number(row.width));
      expect(r.height).toBe(Number(row.height));
      expect(r.quality).toBe(Number(row.quality));
      const d = hammingHex(r.hash, row.hash!);
      if (d !== 0) {
        inexact.push(row.path!);
        expect(DECODE_DIFFERS.has(row.path!), `${row.path} is ${d} bits off`).toBe(true);
        if (Number(row.quality) >= 80) expect(d).toBeLessThanOrEqual(10);
      }
    }
    expect(inexact.length).toBeLessThanOrEqual(2);
  });

  it('dihedral variants: identical to the C++ core on the same pixels, and to pdq-dihedral-fullres.tsv where the decode is identical', async () => {
    const dih = readTsv(join(PDQ_TESTDATA, 'expected/pdq-dihedral-fullres.tsv'));
    const keys = ['orig', 'rot90', 'rot180', 'rot270', 'flipx', 'flipy', 'flipplus1', 'flipminus1'] as const;
    let identicalDecodes = 0;
    for (const row of dih) {
      if (row.path === 'reg-test-input/exif-rotn/exif-rotn-6.jpg') continue; // 12 MP; orig is covered by the fullres test
      const mine = onSharp.find((r) => r.path === row.path)!;
      const r = await pdqDihedralImage(img(row.path!));
      const sameDecode = mine.decode_identical === 'yes';
      if (sameDecode) identicalDecodes++;
      for (const k of keys) {
        expect(r[k], `${row.path} ${k} vs C++ on sharp pixels`).toBe(mine[k]);
        const d = hammingHex(r[k], row[k]!);
        if (sameDecode) expect(d, `${row.path} ${k}`).toBe(0);
        // Different decoded pixels: the stated tolerance (10 bits at quality >= 80) holds for the
        // hash itself; the transposed variants of CMYK.jpg drift up to 12 bits.
        else if (Number(row.quality) >= 80) expect(d, `${row.path} ${k}`).toBeLessThanOrEqual(k === 'orig' ? 10 : 16);
      }
      expect(r.quality).toBe(Number(row.quality));
    }
    expect(identicalDecodes).toBeGreaterThanOrEqual(35);
  });

  it('a rotated file hashes close to the matching dihedral variant of the original', async () => {
    const orig = await pdqDihedralImage(img('reg-test-input/dih/bridge-1-original.jpg'));
    const rot90 = await pdqHashImage(img('reg-test-input/dih/bridge-2-rotate-90.jpg'));
    expect(hammingHex(rot90.hash, orig.rot90)).toBeLessThanOrEqual(10);
    expect(hammingHex(rot90.hash, orig.orig)).toBeGreaterThan(60);
  });

  it('does not apply EXIF orientation unless asked', async () => {
    const bytes = img('reg-test-input/exif-rotn/exif-rotn-6.jpg');
    const plain = await pdqDihedralImage(bytes);
    const oriented = await pdqHashImage(bytes, { applyOrientation: true });
    expect(plain.width).toBe(4032);
    expect(oriented.width).toBe(3024); // Orientation=6: rotated a quarter turn
    expect(plain.orig).toBe(full.find((r) => r.path === 'reg-test-input/exif-rotn/exif-rotn-6.jpg')?.hash);
    expect(hammingHex(oriented.hash, plain.orig)).toBeGreaterThan(60);
    expect(Math.min(hammingHex(oriented.hash, plain.rot90), hammingHex(oriented.hash, plain.rot270))).toBeLessThanOrEqual(10);
  });
});
