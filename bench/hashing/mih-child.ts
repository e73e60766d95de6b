/**
 * One matching measurement in its own process (so peak memory is this index's alone).
 * node --import tsx bench/hashing/mih-child.ts DATA.bin QUERIES.bin RADIUS BRUTE_QUERIES RUNS OUT.tsv
 * node --import tsx bench/hashing/mih-child.ts --load INDEX QUERIES.bin   (load time and memory of a saved index)
 * Prints one JSON line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { MihIndex } from '../../src/matching/mih-index.ts';

if (process.argv[2] === '--load') {
  const [, , , indexPath, qPath] = process.argv as [string, string, string, string, string];
  const t = performance.now();
  const idx = MihIndex.load(indexPath);
  const loadSeconds = (performance.now() - t) / 1000;
  const qb = readFileSync(qPath);
  const q = new Uint32Array(8);
  for (let i = 0; i < 8; i++) q[i] = qb.readUInt32BE(i * 4);
  const first = idx.search(q, { radius: 31, qualityFloor: 0 }).length;
  process.stdout.write(JSON.stringify({ loadSeconds, entries: idx.size, firstQueryMatches: first, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
  process.exit(0);
}

const [dataPath, queryPath, radiusS, bruteS, runsS, outPath] = process.argv.slice(2) as [string, string, string, string, string, string];
const radius = Number(radiusS);
const bruteQueries = Number(bruteS);
const runs = Number(runsS);

/** 32 bytes per hash -> 8 big-endian words (the hex order the index uses). */
function words(path: string): Uint32Array {
  const b = readFileSync(path);
  const n = b.byteLength / 32;
  const w = new Uint32Array(n * 8);
  for (let i = 0; i < n * 8; i++) w[i] = b.readUInt32BE(i * 4);
  return w;
}

let data: Uint32Array | undefined = words(dataPath);
const queries = words(queryPath);
const n = data.length / 8;
const nq = queries.length / 8;
const rss0 = process.memoryUsage().rss;

let t0 = performance.now();
const index = new MihIndex(1);
index.addBulk(data, n);
data = undefined; // the index holds its own copy
const buildSeconds = (performance.now() - t0) / 1000;

const qps: number[] = [];
let results: string[] = [];
for (let r = 0; r < runs; r++) {
  const lines: string[] = [];
  t0 = performance.now();
  for (let q = 0; q < nq; q++) {
    for (const m of index.search(queries.subarray(q * 8, q * 8 + 8), { radius, qualityFloor: 0 })) lines.push(`${q}\t${m.entry}\t${m.distance}`);
  }
  qps.push(nq / ((performance.now() - t0) / 1000));
  results = lines;
}
writeFileSync(outPath, results.join('\n') + (results.length ? '\n' : ''));

// Brute force on the first BRUTE_QUERIES queries: its speed, and the recall oracle.
const bq = Math.min(bruteQueries, nq);
const bruteQps: number[] = [];
let bruteLines: string[] = [];
for (let r = 0; r < Math.min(runs, 3); r++) {
  const lines: string[] = [];
  t0 = performance.now();
  for (let q = 0; q < bq; q++) {
    for (const m of index.searchBrute(queries.subarray(q * 8, q * 8 + 8), { radius, qualityFloor: 0 })) lines.push(`${q}\t${m.entry}\t${m.distance}`);
  }
  bruteQps.push(bq / ((performance.now() - t0) / 1000));
  bruteLines = lines;
}
const mihFirst = new Set(results.filter((l) => Number(l.split('\t')[0]) < bq));
const bruteSet = new Set(bruteLines);
let found = 0;
for (const l of bruteSet) if (mihFirst.has(l)) found++;

// Peak memory of build + queries (before saving), then the save time; loading is timed by a
// separate `--load` process so its memory is not added to this one's.
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
const file = `${outPath}.index`;
t0 = performance.now();
index.save(file);
const saveSeconds = (performance.now() - t0) / 1000;
const firstQueryMatches = index.search(queries.subarray(0, 8), { radius, qualityFloor: 0 }).length;

process.stdout.write(JSON.stringify({
  n, queries: nq, radius, buildSeconds, qps, matches: results.length,
  bruteQueries: bq, bruteQps, bruteMatches: bruteSet.size, recallVsBrute: bruteSet.size ? found / bruteSet.size : 1,
  extraVsBrute: mihFirst.size - found,
  indexBytes: index.memoryBytes(), rssAfterBuildBytes: process.memoryUsage().rss, rssBeforeBuildBytes: rss0,
  maxRssBytes, saveSeconds, indexFile: file, firstQueryMatches,
}) + '\n');
