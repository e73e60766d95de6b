/**
 * Regenerates src/hashing/pdq/fixtures/reference-*.tsv by running Meta's C++ reference core
 * (built by bench/hashing/build-reference.sh) on exactly the pixels our tests use:
 *  - reference-patterns.tsv: the synthetic patterns of fixtures/patterns.ts
 *  - reference-sharp-pixels.tsv: every test-vector image decoded by sharp the way decode.ts does
 * Run: node --import tsx bench/hashing/make-fixtures.ts
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PATTERNS, patternPixels } from '../../src/hashing/pdq/fixtures/patterns.ts';
import { decodeForPdq } from '../../src/hashing/pdq/decode.ts';

const here = dirname(fileURLToPath(import.meta.url));
const bin = execFileSync(join(here, 'build-reference.sh'), { encoding: 'utf8' }).trim();
const driver = join(bin, 'pdq-fullres-driver');
const fixtures = join(here, '../../src/hashing/pdq/fixtures');
const testdata = process.env.PDQ_TESTDATA ?? '/work/shared/testdata/pdq';

function refHash(px: Uint8Array, w: number, h: number, c: number): [string, string] {
  const out = execFileSync(driver, ['--raw', String(w), String(h), String(c)], { input: px, encoding: 'utf8' });
  const [hash, quality] = out.trim().split('\t');
  return [hash as string, quality as string];
}

/** The 8 dihedral hashes and the quality from the reference, on these pixels. */
function refDihedral(px: Uint8Array, w: number, h: number, c: number): string[] {
  const out = execFileSync(driver, ['--dihedral', '--raw', String(w), String(h), String(c)], { input: px, encoding: 'utf8' });
  return out.trim().split('\t').slice(0, 9);
}

/** Pixels of the reference CLI's decoder (CImg -> ImageMagick `convert FILE pnm:-`), to tell identical decodes apart. */
function imageMagickPixels(file: string): Buffer | undefined {
  try {
    const pnm = execFileSync('/usr/bin/convert', [file, 'pnm:-'], { maxBuffer: 1 << 30 });
    // Header: magic, width height, maxval, each followed by whitespace (no comments from convert).
    let pos = 0;
    for (let fields = 0; fields < 4; ) {
      while (pnm[pos] === 0x20 || pnm[pos] === 0x0a) pos++;
      while (pnm[pos] !== 0x20 && pnm[pos] !== 0x0a) pos++;
      fields++;
    }
    return pnm.subarray(pos + 1);
  } catch {
    return undefined;
  }
}

const lines = ['name\twidth\theight\tchannels\tseed\thash\tquality'];
for (const p of PATTERNS) {
  const [hash, q] = refHash(patternPixels(p), p.width, p.height, p.channels);
  lines.push([p.name, p.width, p.height, p.channels, p.seed, hash, q].join('\t'));
}
writeFileSync(join(fixtures, 'reference-patterns.tsv'), lines.join('\n') + '\n');

const rows = readFileSync(join(testdata, 'expected/pdq-fullres.tsv'), 'utf8').trim().split('\n').slice(1);
const out2 = ['path\tchannels\tdecode_identical\thash\tquality\torig\trot90\trot180\trot270\tflipx\tflipy\tflipplus1\tflipminus1'];
for (const row of rows) {
  const path = row.split('\t')[0] as string;
  const file = join(testdata, 'images', path);
  const px = await decodeForPdq(readFileSync(file));
  const [hash, q] = refHash(px.data, px.width, px.height, px.channels);
  const dih = refDihedral(px.data, px.width, px.height, px.channels);
  const im = imageMagickPixels(file);
  const same = im !== undefined && Buffer.compare(im, Buffer.from(px.data.buffer, px.data.byteOffset, px.data.byteLength)) === 0;
  out2.push([path, px.channels, same ? 'yes' : 'no', hash, q, ...dih.slice(0, 8)].join('\t'));
}
writeFileSync(join(fixtures, 'reference-sharp-pixels.tsv'), out2.join('\n') + '\n');
process.stdout.write(`wrote ${lines.length - 1} pattern and ${out2.length - 1} image reference hashes\n`);
