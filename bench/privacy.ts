/**
 * `npm run bench -- privacy [--only sampler,linkage,psi] [--reports N] [--psi N] [--runs R]`
 *
 * - sampler: exact discrete Laplace draws per second (ε = 1 and ε = 0.1), median of R runs;
 * - linkage: linkage of N generated reports (default 1,000,000): exact keys only, and all
 *   evidence with PDQ near-duplicates (the PDQ self-join on one worker thread per core while the
 *   main thread links the exact keys; `--single-thread` adds the same on one thread), median of R
 *   runs, wall and CPU seconds (workers included) and load (generation is not timed);
 * - psi: ECDH-PSI of N × N identifiers (default 1,000,000, `--big-runs` runs, default 2; plus
 *   `--psi-small` × `--psi-small`, R runs) between two in-process nodes (PGlite stores, an
 *   agreement, the policy decision and audit included), curve work on worker threads, for each
 *   group of `--group x25519,p256` (default x25519). Wall and CPU seconds (workers included).
 * Load average and CPU count are recorded beside every figure: the machine is shared.
 */
import { cpus, loadavg } from 'node:os';
import { buildApp } from '../src/server/app.ts';
import { generateReports } from '../src/generator/index.ts';
import { localPrincipal } from '../src/identity/index.ts';
import { Evidence, PdqJoinPool, addBundles, linkEvidence, linkEvidenceAsync } from '../src/linkage/index.ts';
import { CurvePool, LaplaceNoise, PsiResponder, localTransport, psiLimits, runPsi, type PsiGroup } from '../src/privacy/index.ts';
import { openStore } from '../src/store/index.ts';
import { seedTwoOrgs } from '../test/support/fixtures.ts';
import { median, writeBenchResult } from './_report.ts';

const args = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] as string) : d;
};
const only = new Set(opt('only', 'sampler,linkage,psi').split(','));
const RUNS = Number(opt('runs', '3'));
const REPORTS = Number(opt('reports', '1000000'));
const PSI_N = Number(opt('psi', '1000000'));
const load = () => Number((loadavg()[0] ?? 0).toFixed(2));
const out: Record<string, unknown> = { command: `npm run bench -- privacy ${args.join(' ')}`.trim(), cpus: cpus().length, loadAtStart: load() };
const say = (s: string) => process.stdout.write(s + '\n');

if (only.has('sampler')) {
  const figures: Record<string, unknown> = {};
  for (const eps of ['1', '0.1']) {
    const noise = new LaplaceNoise(eps);
    const rates: number[] = [];
    for (let r = 0; r < Math.max(RUNS, 5); r++) {
      const n = 2_000_000;
      const t = performance.now();
      let s = 0;
      for (let i = 0; i < n; i++) s += noise.draw();
      rates.push(n / ((performance.now() - t) / 1000));
      if (s === 0.5) say('');
    }
    figures[`epsilon ${eps}`] = { drawsPerSecondMedian: Math.round(median(rates)), runs: rates.map(Math.round), load: load() };
    say(`sampler ε=${eps}: median ${Math.round(median(rates)).toLocaleString('en')} draws/s (runs ${rates.map((x) => Math.round(x / 1000) + 'k').join(', ')}; load ${load()})`);
  }
  out.sampler = figures;
}

if (only.has('linkage')) {
  const t0 = performance.now();
  const ev = new Evidence();
  for (const batch of generateReports({ seed: 1, count: REPORTS, batchSize: 10_000 })) addBundles(ev, batch);
  say(`linkage: ${REPORTS.toLocaleString('en')} reports generated in ${((performance.now() - t0) / 1000).toFixed(0)} s (${ev.keyReport.length.toLocaleString('en')} keys, ${ev.pdqHex.length.toLocaleString('en')} PDQ hashes; not timed)`);
  const pdqReports = Number(opt('pdq-reports', String(REPORTS)));
  let evAll = ev;
  if (pdqReports < REPORTS) {
    evAll = new Evidence();
    for (const batch of generateReports({ seed: 1, count: pdqReports, batchSize: 10_000 })) addBundles(evAll, batch);
  }
  // The PDQ self-join runs on the generic worker pool (one thread per core) while the main thread
  // links the exact keys, as `tessera link run` does; `--single-thread` adds the same run on one thread.
  const single = args.includes('--single-thread');
  const pool = new PdqJoinPool(Math.max(2, cpus().length));
  // Threads started before timing (as in a running node, where the pool outlives one run).
  await pool.flag({ eligible: [0, 1], codes: new Uint32Array(new SharedArrayBuffer(64)), radius: 31 });
  type Run = { seconds: number; cpuSeconds: number; loadStart: number; loadEnd: number };
  const timed = async (f: () => unknown): Promise<Run> => {
    const loadStart = load();
    const t = performance.now();
    const c0 = process.cpuUsage();
    await f();
    const c = process.cpuUsage(c0);
    // Process CPU time includes the worker threads.
    return { seconds: (performance.now() - t) / 1000, cpuSeconds: (c.user + c.system) / 1e6, loadStart, loadEnd: load() };
  };
  const exact: Run[] = [];
  const all: Run[] = [];
  const allSingle: Run[] = [];
  let last: Awaited<ReturnType<typeof linkEvidenceAsync>> | null = null;
  const fmt = (r: Run) => `${r.seconds.toFixed(1)} s wall, ${r.cpuSeconds.toFixed(1)} CPU-s (load ${r.loadStart} → ${r.loadEnd})`;
  for (let r = 0; r < RUNS; r++) {
    exact.push(await timed(() => linkEvidence(ev, { kinds: ['content', 'account', 'email', 'phone', 'ip', 'url'] })));
    all.push(await timed(async () => (last = await linkEvidenceAsync(evAll, {}, (pdq) => pool.flag(pdq)))));
    if (single) allSingle.push(await timed(() => linkEvidence(evAll)));
    say(`  run ${r + 1}: exact keys ${fmt(exact[r] as Run)} (${REPORTS} reports); all evidence with PDQ, ${pool.size} join threads: ${fmt(all[r] as Run)}${single ? `; on one thread: ${fmt(allSingle[r] as Run)}` : ''} (${pdqReports} reports)`);
  }
  await pool.close();
  const med = (runs: Run[], k: 'seconds' | 'cpuSeconds') => median(runs.map((x) => x[k]));
  const round = (runs: Run[]) => runs.map((x) => ({ seconds: Number(x.seconds.toFixed(2)), cpuSeconds: Number(x.cpuSeconds.toFixed(2)), loadStart: x.loadStart, loadEnd: x.loadEnd }));
  const result = last as Awaited<ReturnType<typeof linkEvidenceAsync>> | null;
  out.linkage = {
    reports: REPORTS, pdqReports, keys: ev.keyReport.length, pdqHashes: evAll.pdqHex.length, pdqHashesAboveQualityFloor: result?.stats.pdqHashes, pdqHashesWithNeighbour: result?.stats.pdqWithNeighbour, joinThreads: pool.size,
    exactKeysSecondsMedian: med(exact, 'seconds'), exactKeysCpuSecondsMedian: med(exact, 'cpuSeconds'), exactReportsPerCpuSecond: Math.round(REPORTS / med(exact, 'cpuSeconds')),
    allEvidenceSecondsMedian: med(all, 'seconds'), allEvidenceCpuSecondsMedian: med(all, 'cpuSeconds'), allEvidenceReportsPerCpuSecond: Math.round(pdqReports / med(all, 'cpuSeconds')),
    ...(single ? { allEvidenceSingleThreadSecondsMedian: med(allSingle, 'seconds'), allEvidenceSingleThreadCpuSecondsMedian: med(allSingle, 'cpuSeconds') } : {}),
    runs: { exact: round(exact), all: round(all), ...(single ? { allSingleThread: round(allSingle) } : {}) },
    links: result?.stats.links, cases: result?.clusters.length, load: load(),
  };
  say(`linkage of ${REPORTS.toLocaleString('en')} reports: median ${med(exact, 'seconds').toFixed(1)} s (${med(exact, 'cpuSeconds').toFixed(1)} CPU-s) exact keys; all evidence with PDQ over ${pdqReports.toLocaleString('en')} reports: median ${med(all, 'seconds').toFixed(1)} s (${med(all, 'cpuSeconds').toFixed(1)} CPU-s); ${result?.stats.links.pdq ?? 0} PDQ links; load ${load()}`);
}

async function psiRun(n: number, pool: CurvePool, group: PsiGroup): Promise<{ seconds: number; cpuSeconds: number; cardinality: number; expected: number; loadStart: number; loadEnd: number }> {
  const storeA = await openStore({});
  const storeB = await openStore({});
  const orgsB = await seedTwoOrgs(storeB);
  await seedTwoOrgs(storeA);
  const app = await buildApp({ store: storeB });
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const d = await app.inject({
    method: 'POST', url: '/api/v1/agreements', headers: auth(orgsB.hotline.tokens.steward),
    payload: { slug: 'bench', title: 'bench', recipients: [{ orgId: orgsB.platform.orgId }], purposes: ['investigation'], legalBasis: 'legitimate-interest', datasetIds: [orgsB.hotline.datasetId], actions: ['psi'], fields: { subjects: 'pseudonymised' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' } },
  });
  const agreementId = d.json().id as string;
  for (const tok of [orgsB.hotline.tokens.steward, orgsB.platform.tokens.steward]) await app.inject({ method: 'POST', url: `/api/v1/agreements/${agreementId}/accept`, headers: auth(tok), payload: {} });
  // Sets: B holds 0..n-1, A holds n/2..3n/2-1 (n/2 in common), as 64-hex pseudonyms.
  const id = (i: number) => i.toString(16).padStart(64, '0');
  const setB = Array.from({ length: n }, (_, i) => id(i));
  const setA = Array.from({ length: n }, (_, i) => id(i + n / 2));
  const responder = new PsiResponder(storeB, psiLimits(), pool, async () => setB);
  const principalB = await localPrincipal(storeB, 'analyst@platform.example');
  const principalA = await localPrincipal(storeA, 'analyst@platform.example');
  const loadStart = load();
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  let lastPhase = '';
  const r = await runPsi(storeA, principalA, {
    transport: localTransport(responder, principalB), peer: 'bench', agreement: agreementId, purpose: 'investigation', kind: 'email', values: setA, pool, group,
    progress: (phase, done, total) => {
      if (phase !== lastPhase || done === total) say(`    ${phase} ${done}/${total} at ${((performance.now() - t) / 1000).toFixed(0)} s (load ${load()})`);
      lastPhase = phase;
    },
  });
  const seconds = (performance.now() - t) / 1000;
  const c = process.cpuUsage(cpu0);
  // Process CPU time includes the worker threads: what the run costs on an idle machine, summed over cores.
  const cpuSeconds = (c.user + c.system) / 1e6;
  await app.close();
  await storeA.close();
  await storeB.close();
  return { seconds, cpuSeconds, cardinality: r.cardinality, expected: n / 2, loadStart, loadEnd: load() };
}

if (only.has('psi')) {
  const pool = new CurvePool(Math.max(2, cpus().length));
  const small = Math.min(Number(opt('psi-small', '100000')), PSI_N);
  const groups = opt('group', 'x25519').split(',') as PsiGroup[];
  const bigRuns = Number(opt('big-runs', '2'));
  const figures: Record<string, unknown> = {};
  const summarise = (n: number, runs: Awaited<ReturnType<typeof psiRun>>[]) => {
    const cpu = runs.map((x) => x.cpuSeconds);
    return {
      secondsMedian: median(runs.map((x) => x.seconds)), cpuSecondsMedian: median(cpu),
      // Work per CPU-second: both sets' elements (each hashed once and blinded twice) per second of CPU, workers included.
      elementsPerCpuSecondMedian: Math.round((2 * n) / median(cpu)),
      idleTwoCoreEstimateSeconds: median(cpu) / Math.max(2, cpus().length),
      runs: runs.map((x) => ({ seconds: Number(x.seconds.toFixed(1)), cpuSeconds: Number(x.cpuSeconds.toFixed(1)), loadStart: x.loadStart, loadEnd: x.loadEnd })),
    };
  };
  for (const group of groups) {
    const g: Record<string, unknown> = {};
    const smallRuns: Awaited<ReturnType<typeof psiRun>>[] = [];
    for (let r = 0; r < (small > 0 ? RUNS : 0); r++) {
      const x = await psiRun(small, pool, group);
      if (x.cardinality !== x.expected) throw new Error(`PSI gave ${x.cardinality}, expected ${x.expected}`);
      smallRuns.push(x);
      say(`psi ${group} ${small.toLocaleString('en')} × ${small.toLocaleString('en')}: ${x.seconds.toFixed(1)} s wall, ${x.cpuSeconds.toFixed(1)} CPU-s (load ${x.loadStart} → ${x.loadEnd})`);
    }
    if (smallRuns.length) g[`${small}x${small}`] = summarise(small, smallRuns);
    if (PSI_N > small) {
      const bigs: Awaited<ReturnType<typeof psiRun>>[] = [];
      for (let r = 0; r < bigRuns; r++) {
        const big = await psiRun(PSI_N, pool, group);
        if (big.cardinality !== big.expected) throw new Error(`PSI gave ${big.cardinality}, expected ${big.expected}`);
        bigs.push(big);
        say(`psi ${group} ${PSI_N.toLocaleString('en')} × ${PSI_N.toLocaleString('en')}: ${big.seconds.toFixed(0)} s = ${(big.seconds / 60).toFixed(1)} min wall, ${big.cpuSeconds.toFixed(0)} CPU-s (load ${big.loadStart} → ${big.loadEnd})`);
      }
      g[`${PSI_N}x${PSI_N}`] = summarise(PSI_N, bigs);
    }
    figures[group] = g;
  }
  out.psi = { workers: pool.size, ...figures };
  await pool.close();
}

out.loadAtEnd = load();
writeBenchResult(opt('name', 'privacy'), out);
