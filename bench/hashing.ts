/**
 * Hashing benchmark (issue 4), side by side in one run:
 *  (a) PDQ throughput on generated 1024x768 JPEGs at full resolution, decode included, against
 *      Meta's C++ reference (facebook/ThreatExchange pdq/cpp, built into bench/.scratch).
 *  (b) Hamming-radius matching on 1M and 10M hashes (random + planted near-duplicates):
 *      our multi-index hashing vs brute force vs faiss IndexBinaryMultiHash, one thread each,
 *      the same data files.
 *
 * npm run bench -- hashing [--quick] [--images N] [--sizes 1000000,10000000] [--queries N]
 *                          [--runs N] [--skip-pdq] [--skip-match] [--skip-faiss] [--skip-reference]
 * See docs/hashing.md for the one-time setup (ThreatExchange copy, ImageMagick, python3-faiss).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { median, writeBenchResult } from './_report.ts';
import { decodeForPdq } from '../src/hashing/pdq/decode.ts';
import { pdqFromPixels, PdqScratch } from '../src/hashing/pdq/core.ts';
import { hammingHex } from '../src/hashing/pdq/hash256.ts';
import { patternPixels, prng } from '../src/hashing/pdq/fixtures/patterns.ts';

const here = dirname(fileURLToPath(import.meta.url));
const scratchDir = join(here, '.scratch');
const args = process.argv.slice(2);
const flag = (f: string) => args.includes(f);
const opt = (f: string, d: string) => {
  const i = args.indexOf(f);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : d;
};
const quick = flag('--quick');
const nImages = Number(opt('--images', quick ? '40' : '200'));
const sizes = opt('--sizes', quick ? '100000,1000000' : '1000000,10000000').split(',').map(Number);
const nQueries = Number(opt('--queries', quick ? '200' : '1000'));
const runs = Number(opt('--runs', '3'));
const say = (s: string) => process.stdout.write(s + '\n');
const figures: Record<string, unknown> = { quick, runs };
// The reference decodes through CImg -> ImageMagick `convert`; make sure the real one is found.
const refEnv = { ...process.env, PATH: `/usr/bin:${process.env.PATH ?? ''}` };

// ---------------------------------------------------------------- (a) PDQ throughput
async function ensureImages(n: number): Promise<string[]> {
  const dir = join(scratchDir, 'pdq-images');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = join(dir, `synthetic-${String(i).padStart(4, '0')}.jpg`);
    if (!existsSync(f)) {
      const px = patternPixels({ name: 'bench', width: 1024, height: 768, channels: 3, seed: 1000 + i });
      await sharp(Buffer.from(px.buffer), { raw: { width: 1024, height: 768, channels: 3 } }).jpeg({ quality: 85 }).toFile(f);
    }
    files.push(f);
  }
  return files;
}

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const r = f();
  return [r, (performance.now() - t) / 1000];
}

async function oursSequential(files: string[]): Promise<[Map<string, string>, number]> {
  const s = new PdqScratch();
  const out = new Map<string, string>();
  const t = performance.now();
  for (const f of files) {
    const px = await decodeForPdq(readFileSync(f));
    out.set(f, pdqFromPixels(px, s).hash);
  }
  return [out, (performance.now() - t) / 1000];
}

/** Decodes run on libvips' threads while the main thread hashes the previous image. */
async function oursPipelined(files: string[], depth = 3): Promise<[Map<string, string>, number]> {
  const s = new PdqScratch();
  const out = new Map<string, string>();
  const t = performance.now();
  const pending: Array<Promise<Awaited<ReturnType<typeof decodeForPdq>>>> = [];
  let next = 0;
  const start = () => {
    const f = files[next++] as string;
    pending.push(import('node:fs/promises').then((fs) => fs.readFile(f)).then((b) => decodeForPdq(b)));
  };
  while (next < files.length && pending.length < depth) start();
  for (let i = 0; i < files.length; i++) {
    const px = await (pending.shift() as Promise<Awaited<ReturnType<typeof decodeForPdq>>>);
    if (next < files.length) start();
    out.set(files[i] as string, pdqFromPixels(px, s).hash);
  }
  return [out, (performance.now() - t) / 1000];
}

async function benchPdq(): Promise<void> {
  say(`\n== PDQ throughput: ${nImages} generated 1024x768 JPEGs, full resolution, decode included`);
  const files = await ensureImages(nImages);
  const result: Record<string, unknown> = { images: files.length, width: 1024, height: 768 };
  let refHashes: Map<string, string> | undefined;
  if (!flag('--skip-reference')) {
    const build = spawnSync(join(here, 'hashing/build-reference.sh'), { encoding: 'utf8' });
    if (build.status !== 0) {
      say(`reference not built (${build.stderr.trim().split('\n').pop()}); see docs/hashing.md. Skipping the C++ comparison.`);
    } else {
      const bin = build.stdout.trim();
      const fullres: number[] = [];
      const cli: number[] = [];
      for (let r = 0; r < runs; r++) {
        const [txt, secs] = time(() => execFileSync(join(bin, 'pdq-fullres-driver'), files, { encoding: 'utf8', env: refEnv, maxBuffer: 1 << 26 }));
        fullres.push(files.length / secs);
        refHashes = new Map(txt.trim().split('\n').map((l) => l.split('\t')).map((p) => [p[2] as string, p[0] as string]));
        const [, secs2] = time(() => execFileSync(join(bin, 'pdq-photo-hasher'), files, { encoding: 'utf8', env: refEnv, maxBuffer: 1 << 26 }));
        cli.push(files.length / secs2);
      }
      result.referenceFullres = { imagesPerSecond: median(fullres), runs: fullres, what: 'C++ reference core at full resolution, CImg/ImageMagick decode (bench/hashing/pdq-fullres-driver.cpp)' };
      result.referenceCli = { imagesPerSecond: median(cli), runs: cli, what: 'reference pdq-photo-hasher as shipped (512x512 pre-shrink)' };
      say(`reference C++ full resolution : ${median(fullres).toFixed(1)} images/s`);
      say(`reference C++ CLI (512 shrink): ${median(cli).toFixed(1)} images/s`);
    }
  }
  const seq: number[] = [];
  const pipe: number[] = [];
  let ours = new Map<string, string>();
  for (let r = 0; r < runs; r++) {
    const [h1, s1] = await oursSequential(files);
    seq.push(files.length / s1);
    const [h2, s2] = await oursPipelined(files);
    pipe.push(files.length / s2);
    ours = h1;
    for (const [f, h] of h2) if (h1.get(f) !== h) throw new Error(`pipelined hash differs for ${f}`);
  }
  result.tesseraSequential = { imagesPerSecond: median(seq), runs: seq, what: 'read, sharp decode, PDQ, one image at a time' };
  result.tesseraPipelined = { imagesPerSecond: median(pipe), runs: pipe, what: 'same, next decodes in flight on libvips threads while JS hashes (sharp concurrency ' + sharp.concurrency() + ')' };
  say(`tessera sequential            : ${median(seq).toFixed(1)} images/s`);
  say(`tessera pipelined decode      : ${median(pipe).toFixed(1)} images/s`);
  if (refHashes) {
    let same = 0;
    let maxD = 0;
    for (const [f, h] of ours) {
      const d = hammingHex(h, refHashes.get(f) ?? '0'.repeat(64));
      if (d === 0) same++;
      maxD = Math.max(maxD, d);
    }
    const ref = (result.referenceFullres as { imagesPerSecond: number }).imagesPerSecond;
    result.ratioSequential = median(seq) / ref;
    result.ratioPipelined = median(pipe) / ref;
    result.agreement = { identical: same, of: ours.size, maxDistance: maxD };
    say(`ratio vs reference full-res   : ${(median(seq) / ref).toFixed(2)}x sequential, ${(median(pipe) / ref).toFixed(2)}x pipelined`);
    say(`hashes identical to reference : ${same}/${ours.size} (max distance ${maxD})`);
  }
  figures.pdq = result;
}

// ---------------------------------------------------------------- (b) matching
function ensureMatchData(n: number, q: number): { data: string; queries: string; planted: number } {
  const data = join(scratchDir, `mih-${n}.bin`);
  const queries = join(scratchDir, `mih-${n}-q${q}.bin`);
  const perQuery = 6;
  if (existsSync(data) && existsSync(queries) && statSync(data).size === n * 32 && statSync(queries).size === q * 32) return { data, queries, planted: q * perQuery };
  const rnd = prng(n ^ 0x5eed);
  const buf = new Uint32Array(n * 8);
  for (let i = 0; i < buf.length; i++) buf[i] = Math.floor(rnd() * 4294967296);
  const qs = new Uint32Array(q * 8);
  for (let i = 0; i < qs.length; i++) qs[i] = Math.floor(rnd() * 4294967296);
  const bytes = new Uint8Array(buf.buffer);
  const qbytes = new Uint8Array(qs.buffer);
  // Plant near-duplicates of every query: distances 0, 8, 16, 24, 31 (matches) and 32..40 (not).
  const used = new Set<number>();
  for (let k = 0; k < q; k++) {
    for (const d of [0, 8, 16, 24, 31, 32 + Math.floor(rnd() * 9)]) {
      let pos: number;
      do pos = Math.floor(rnd() * n); while (used.has(pos));
      used.add(pos);
      const bits = new Set<number>();
      while (bits.size < d) bits.add(Math.floor(rnd() * 256));
      for (let b = 0; b < 32; b++) bytes[pos * 32 + b] = qbytes[k * 32 + b] as number;
      for (const bit of bits) bytes[pos * 32 + (bit >> 3)] = (bytes[pos * 32 + (bit >> 3)] as number) ^ (1 << (bit & 7));
    }
  }
  writeFileSync(data, bytes);
  writeFileSync(queries, qbytes);
  return { data, queries, planted: q * perQuery };
}

function readPairs(path: string): Set<string> {
  if (!existsSync(path)) return new Set();
  return new Set(readFileSync(path, 'utf8').split('\n').filter(Boolean));
}

function benchMatching(): void {
  const all: Record<string, unknown> = {};
  for (const n of sizes) {
    say(`\n== Matching: ${n.toLocaleString('en')} hashes, ${nQueries} queries, radius 31, one thread`);
    const { data, queries } = ensureMatchData(n, nQueries);
    const bruteQ = n >= 5_000_000 ? Math.min(nQueries, 50) : Math.min(nQueries, 200);
    const oursOut = join(scratchDir, `mih-${n}-ours.tsv`);
    const child = spawnSync(process.execPath, ['--max-old-space-size=12000', '--import', 'tsx', join(here, 'hashing/mih-child.ts'), data, queries, '31', String(bruteQ), String(runs), oursOut], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (child.status !== 0) throw new Error(`index benchmark failed: ${child.stderr}`);
    const ours = JSON.parse(child.stdout.trim().split('\n').pop() as string) as Record<string, number | number[] | boolean | string>;
    const loader = spawnSync(process.execPath, ['--max-old-space-size=12000', '--import', 'tsx', join(here, 'hashing/mih-child.ts'), '--load', ours.indexFile as string, queries], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (loader.status !== 0) throw new Error(`index load failed: ${loader.stderr}`);
    const load = JSON.parse(loader.stdout.trim().split('\n').pop() as string) as { loadSeconds: number; maxRssBytes: number; firstQueryMatches: number };
    if (load.firstQueryMatches !== ours.firstQueryMatches) throw new Error('the loaded index answers differently from the saved one');
    ours.loadSeconds = load.loadSeconds;
    const row: Record<string, unknown> = { n, queries: nQueries, radius: 31 };
    row.tessera = { qps: median(ours.qps as number[]), runs: ours.qps, buildSeconds: ours.buildSeconds, indexBytes: ours.indexBytes, maxRssBytes: ours.maxRssBytes, saveSeconds: ours.saveSeconds, loadSeconds: load.loadSeconds, loadMaxRssBytes: load.maxRssBytes, matches: ours.matches };
    row.bruteForce = { qps: median(ours.bruteQps as number[]), queries: ours.bruteQueries, matches: ours.bruteMatches };
    row.recallVsBrute = ours.recallVsBrute;
    row.falseMatchesVsBrute = ours.extraVsBrute;
    say(`tessera MIH   : ${median(ours.qps as number[]).toFixed(0)} queries/s (build ${(ours.buildSeconds as number).toFixed(1)} s, index ${((ours.indexBytes as number) / 2 ** 20).toFixed(0)} MiB, peak RSS ${((ours.maxRssBytes as number) / 2 ** 30).toFixed(2)} GiB incl. the benchmark's input arrays; save ${(ours.saveSeconds as number).toFixed(1)} s, load ${load.loadSeconds.toFixed(2)} s, peak RSS after load ${(load.maxRssBytes / 2 ** 30).toFixed(2)} GiB)`);
    say(`brute force   : ${median(ours.bruteQps as number[]).toFixed(1)} queries/s (${ours.bruteQueries} queries)`);
    say(`recall vs brute force: ${((ours.recallVsBrute as number) * 100).toFixed(2)}% on ${ours.bruteQueries} queries (${ours.bruteMatches} matches), ${ours.extraVsBrute} extra`);
    if (!flag('--skip-faiss')) {
      const faissOut = join(scratchDir, `mih-${n}-faiss.tsv`);
      const py = spawnSync('/usr/bin/python3', [join(here, 'hashing/faiss_mih.py'), data, queries, '31', faissOut, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (py.status !== 0) {
        say(`faiss skipped: ${(py.stderr || py.error?.message || '').trim().split('\n').pop()} (apt-get install -y python3-faiss)`);
      } else {
        const f = JSON.parse(py.stdout.trim().split('\n').pop() as string) as { qps: number[]; buildSeconds: number; maxRssBytes: number; matches: number };
        const mine = readPairs(oursOut);
        const theirs = readPairs(faissOut);
        let inMine = 0;
        for (const p of theirs) if (mine.has(p)) inMine++;
        row.faiss = { qps: median(f.qps), runs: f.qps, buildSeconds: f.buildSeconds, maxRssBytes: f.maxRssBytes, matches: f.matches };
        row.ratioVsFaiss = median(ours.qps as number[]) / median(f.qps);
        row.sameMatchesAsFaiss = inMine === theirs.size && mine.size === theirs.size;
        say(`faiss MIH     : ${median(f.qps).toFixed(0)} queries/s (build ${f.buildSeconds.toFixed(1)} s, peak RSS ${(f.maxRssBytes / 2 ** 30).toFixed(2)} GiB)`);
        say(`ratio vs faiss: ${(median(ours.qps as number[]) / median(f.qps)).toFixed(2)}x; identical match sets: ${row.sameMatchesAsFaiss} (${mine.size} vs ${theirs.size})`);
      }
    }
    all[String(n)] = row;
  }
  figures.matching = all;
}

if (!flag('--skip-pdq')) await benchPdq();
if (!flag('--skip-match')) benchMatching();
writeBenchResult('hashing', figures);
void readdirSync;
