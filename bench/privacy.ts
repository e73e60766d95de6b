/**
 * `npm run bench -- privacy [--only sampler,linkage,psi] [--reports N] [--psi N] [--runs R]`
 *
 * - sampler: exact discrete Laplace draws per second (ε = 1 and ε = 0.1), median of R runs;
 * - linkage: linkEvidence over N generated reports (default 1,000,000): exact keys and PDQ
 *   near-duplicates, median of R runs (generation is not timed);
 * - psi: ECDH-PSI of N × N identifiers (default 1,000,000, 1 run; plus 100,000 × 100,000, R
 *   runs) between two in-process nodes (PGlite stores, an agreement, the policy decision and
 *   audit included), curve work on worker threads. The 1M run is long; its figure is one run.
 * Load average and CPU count are recorded beside every figure: the machine is shared.
 */
import { cpus, loadavg } from 'node:os';
import { buildApp } from '../src/server/app.ts';
import { generateReports } from '../src/generator/index.ts';
import { localPrincipal } from '../src/identity/index.ts';
import { Evidence, addBundles, linkEvidence } from '../src/linkage/index.ts';
import { CurvePool, LaplaceNoise, PsiResponder, localTransport, psiLimits, runPsi } from '../src/privacy/index.ts';
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
  const exact: number[] = [];
  const all: number[] = [];
  const pdqReports = Number(opt('pdq-reports', String(REPORTS)));
  let evAll = ev;
  if (pdqReports < REPORTS) {
    evAll = new Evidence();
    for (const batch of generateReports({ seed: 1, count: pdqReports, batchSize: 10_000 })) addBundles(evAll, batch);
  }
  let last: ReturnType<typeof linkEvidence> | null = null;
  for (let r = 0; r < RUNS; r++) {
    let t = performance.now();
    linkEvidence(ev, { kinds: ['content', 'account', 'email', 'phone', 'ip', 'url'] });
    exact.push((performance.now() - t) / 1000);
    t = performance.now();
    last = linkEvidence(evAll);
    all.push((performance.now() - t) / 1000);
    say(`  run ${r + 1}: exact keys ${exact[r]?.toFixed(1)} s (${REPORTS} reports), all with PDQ ${all[r]?.toFixed(1)} s (${pdqReports} reports) (load ${load()})`);
  }
  out.linkage = {
    reports: REPORTS, pdqReports, keys: ev.keyReport.length, pdqHashes: evAll.pdqHex.length, exactKeysSecondsMedian: median(exact), allEvidenceSecondsMedian: median(all), runs: { exact, all },
    links: last?.stats.links, cases: last?.clusters.length, load: load(),
  };
  say(`linkage of ${REPORTS.toLocaleString('en')} reports: median ${median(exact).toFixed(1)} s exact keys; all evidence with PDQ over ${pdqReports.toLocaleString('en')} reports: median ${median(all).toFixed(1)} s`);
}

async function psiRun(n: number, pool: CurvePool): Promise<{ seconds: number; cpuSeconds: number; cardinality: number; expected: number }> {
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
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  let lastPhase = '';
  const r = await runPsi(storeA, principalA, {
    transport: localTransport(responder, principalB), peer: 'bench', agreement: agreementId, purpose: 'investigation', kind: 'email', values: setA, pool,
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
  return { seconds, cpuSeconds, cardinality: r.cardinality, expected: n / 2 };
}

if (only.has('psi')) {
  const pool = new CurvePool(Math.max(2, cpus().length));
  const small = Math.min(Number(opt('psi-small', '100000')), PSI_N);
  const smallRuns: number[] = [];
  const smallCpu: number[] = [];
  const figures: Record<string, unknown> = {};
  for (let r = 0; r < (small > 0 ? RUNS : 0); r++) {
    const x = await psiRun(small, pool);
    if (x.cardinality !== x.expected) throw new Error(`PSI gave ${x.cardinality}, expected ${x.expected}`);
    smallRuns.push(x.seconds);
    smallCpu.push(x.cpuSeconds);
    say(`psi ${small.toLocaleString('en')} × ${small.toLocaleString('en')}: ${x.seconds.toFixed(1)} s wall, ${x.cpuSeconds.toFixed(0)} CPU-s (load ${load()})`);
  }
  if (smallRuns.length) figures[`${small}x${small}`] = { secondsMedian: median(smallRuns), cpuSecondsMedian: median(smallCpu), runs: smallRuns, cpu: smallCpu, load: load() };
  if (PSI_N > small) {
    const big = await psiRun(PSI_N, pool);
    if (big.cardinality !== big.expected) throw new Error(`PSI gave ${big.cardinality}, expected ${big.expected}`);
    figures[`${PSI_N}x${PSI_N}`] = { seconds: big.seconds, cpuSeconds: big.cpuSeconds, runs: 1, load: load() };
    say(`psi ${PSI_N.toLocaleString('en')} × ${PSI_N.toLocaleString('en')}: ${big.seconds.toFixed(0)} s = ${(big.seconds / 60).toFixed(1)} min wall, ${big.cpuSeconds.toFixed(0)} CPU-s (load ${load()})`);
  }
  out.psi = { workers: pool.size, ...figures };
  await pool.close();
}

out.loadAtEnd = load();
writeBenchResult(opt('name', 'privacy'), out);
