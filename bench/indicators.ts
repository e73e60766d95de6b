/**
 * `npm run bench -- indicators [--reports N] [--runs N] [--rebuild] [--load-only] [--full-bundles]`
 *
 * Every built-in indicator, and the monthly trend over five years, on PostgreSQL over N
 * generated reports (default 10,000,000). Goal (issue 9): each < 2 s, medians of several runs.
 *
 * The database `tessera_bench_indicators` (next to TEST_DATABASE_URL's) is created and loaded
 * once and reused on later runs (a larger --reports loads only the difference; queries run over
 * every report it holds); `--rebuild` drops and reloads it. A load that stopped
 * half way resumes where it stopped (identifiers are deterministic, the generator can start at
 * an offset). Reports are generated over 60 months with their children and classifications;
 * content items, signals and subjects are dropped unless `--full-bundles` (no built-in indicator
 * reads them, and they are three quarters of the rows to write). Run the load under `nice`.
 *
 * `--replicate-to M` then grows the database to M reports by copying the generated ones in SQL
 * (new identifiers `<id>~<k>`, same times and values, children copied too, rollup kept by the
 * same triggers): the generator and bulk loader ran at ~1,400-3,500 reports/s on this shared
 * machine (load 15-25), too slow for ten million in the time available. The copies keep the
 * generator's distributions exactly (each value's share is unchanged), which is what the
 * indicator queries' cost depends on.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { generateEcosystem, generateReports } from '../src/generator/index.ts';
import type { Principal } from '../src/identity/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { bulkLoadReports } from '../src/store/bulk-load.ts';
import type { ReportBundle } from '../src/store/repositories/records.ts';
import { TEST_DATABASE_URL } from '../test/support/databases.ts';
import { median, writeBenchResult } from './_report.ts';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '10000000' }, runs: { type: 'string', default: '5' }, rebuild: { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false }, 'replicate-to': { type: 'string' }, 'full-bundles': { type: 'boolean', default: false }, batch: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '2' },
  },
});
const N = Number(values.reports);
const RUNS = Number(values.runs);
const SEED = 9;
const MONTHS = 60;
// One database, grown on demand: `--reports 1000000` then `--reports 10000000` loads only the difference.
const dbName = 'tessera_bench_indicators';

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function openBenchStore(): Promise<{ store: Store; url: string }> {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = '/' + dbName;
  await admin(async (c) => {
    if (values.rebuild) await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (exists.rowCount === 0) await c.query(`CREATE DATABASE ${dbName}`);
  });
  return { store: await openStore({ databaseUrl: url.toString() }), url: url.toString() };
}

async function backendCpuSeconds(store: Store): Promise<number | null> {
  // The server's CPU is not ours to read from here; pg_stat_statements is rarely installed. Use /proc of the cluster's processes.
  void store;
  try {
    const { readdirSync, readFileSync } = await import('node:fs');
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        if (!comm.startsWith('postgres')) continue;
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      } catch {
        /* gone */
      }
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

async function load(store: Store): Promise<{ reports: number; loadedNow: number; wallS: number; cpuS: number; serverCpuS: number | null }> {
  const eco = generateEcosystem({ seed: SEED });
  const haveOrgs = await store.db.selectFrom('organisations').select('id').execute();
  if (haveOrgs.length === 0) {
    for (const o of eco.organisations) await registerOrganisation(store, o);
    for (const d of eco.datasets) await registerDatasetAsNode(store, d);
  }
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM reports`.execute(store.db)).rows[0]?.n ?? 0);
  if (have >= N) return { reports: have, loadedNow: 0, wallS: 0, cpuS: 0, serverCpuS: 0 };
  // The generator makes report i the same whatever the batch size: resume at the count loaded.
  log(`loading reports ${have.toLocaleString('en')} … ${N.toLocaleString('en')} into ${dbName}`);
  const full = values['full-bundles'];
  const strip = (batch: ReportBundle[]): ReportBundle[] => (full ? batch : batch.map((b) => ({ report: b.report, ...(b.children ? { children: b.children } : {}), ...(b.classifications ? { classifications: b.classifications } : {}) })));
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const s0 = await backendCpuSeconds(store);
  let done = have;
  let lastLog = 0;
  async function* batches() {
    for (const b of generateReports({ seed: SEED, count: N - have, offset: have, batchSize: Number(values.batch), months: MONTHS })) yield strip(b);
  }
  await bulkLoadReports(store, batches(), {
    concurrency: Number(values.concurrency),
    onBatch: (c) => {
      done = have + c.total;
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        const s = (performance.now() - t0) / 1000;
        log(`${done.toLocaleString('en')} reports (${Math.round((done - have) / s).toLocaleString('en')}/s, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
      }
    },
  });
  const s1 = await backendCpuSeconds(store);
  log('compacting the rollup and analysing');
  await sql`SELECT tessera_indicator_compact()`.execute(store.db);
  await store.exec('ANALYZE');
  await store.exec('VACUUM (ANALYZE) indicator_rollup');
  return { reports: done, loadedNow: done - have, wallS: (performance.now() - t0) / 1000, cpuS: cpuSeconds() - c0, serverCpuS: s0 !== null && s1 !== null ? s1 - s0 : null };
}

async function replicate(store: Store, target: number): Promise<{ reports: number; wallS: number; serverCpuS: number | null }> {
  const count = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM reports`.execute(store.db)).rows[0]?.n ?? 0);
  const base = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM reports WHERE position('~' in id) = 0`.execute(store.db)).rows[0]?.n ?? 0);
  let have = await count();
  const t0 = performance.now();
  const s0 = await backendCpuSeconds(store);
  for (let k = Math.round(have / base); have < target; k++) {
    const take = Math.min(base, target - have);
    log(`copy ${k}: ${take.toLocaleString('en')} reports (have ${have.toLocaleString('en')}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`);
    await store.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO reports (id, dataset_id, source_org_id, source_ref, kind, status, reported_at, incident_at, country, language, incident_types, flags, lineage, stored_at)
        SELECT id || ${'~' + k}, dataset_id, source_org_id, source_ref || ${'~' + k}, kind, status, reported_at, incident_at, country, language, incident_types, flags, lineage, stored_at
        FROM (SELECT * FROM reports WHERE position('~' in id) = 0 ORDER BY id LIMIT ${take}) b`.execute(trx);
      await sql`INSERT INTO children (id, report_id, source_ref, age_min, age_max, age_basis, age_stage, gender, country, identified)
        SELECT c.id || ${'~' + k}, c.report_id || ${'~' + k}, c.source_ref, c.age_min, c.age_max, c.age_basis, c.age_stage, c.gender, c.country, c.identified
        FROM children c JOIN (SELECT id FROM reports WHERE position('~' in id) = 0 ORDER BY id LIMIT ${take}) b ON b.id = c.report_id`.execute(trx);
    });
    have = await count();
  }
  const s1 = await backendCpuSeconds(store);
  log('compacting the rollup and analysing');
  await sql`SELECT tessera_indicator_compact()`.execute(store.db);
  await store.exec('ANALYZE');
  await store.exec('VACUUM (ANALYZE) indicator_rollup');
  return { reports: have, wallS: (performance.now() - t0) / 1000, serverCpuS: s0 !== null && s1 !== null ? s1 - s0 : null };
}

async function main(): Promise<void> {
  const { store } = await openBenchStore();
  try {
    const loaded = await load(store);
    log(`loaded: ${JSON.stringify(loaded)}`);
    const copied = values['replicate-to'] ? await replicate(store, Number(values['replicate-to'])) : null;
    if (copied) log(`replicated: ${JSON.stringify(copied)}`);
    const total = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM reports`.execute(store.db)).rows[0]?.n ?? 0);
    const size = (await sql<{ s: string }>`SELECT pg_size_pretty(pg_database_size(current_database())) AS s`.execute(store.db)).rows[0]?.s;
    if (values['load-only']) return;
    const { BUILTIN_INDICATORS, computeIndicator, indicatorTrend } = await import('../src/indicators/index.ts');
    // The largest source organisation's analyst: its own data is the biggest scope there is.
    const owner = await sql<{ source_org_id: string; n: string }>`SELECT source_org_id, sum(n) AS n FROM indicator_rollup WHERE dim = 'total' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`.execute(store.db);
    const orgId = owner.rows[0]?.source_org_id ?? '';
    const principal: Principal = { userId: 'bench', name: 'bench', email: 'bench@bench.example', orgId, orgSlug: 'bench', orgJurisdiction: 'US', roles: ['analyst'], dataProtectionTrainedAt: null, safeguardingTrainedAt: null, via: 'local' };
    const end = new Date(Date.parse('2026-10-31T00:00:00Z'));
    const from = new Date(end);
    from.setUTCMonth(from.getUTCMonth() - MONTHS);
    const period = { from: from.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
    const figures: Record<string, { wallMs: number[]; cpuMs: number[]; median: number; medianCpuMs: number; points: number; path: string }> = {};
    const time = async (key: string, fn: () => Promise<{ values: unknown[]; path?: string }>) => {
      const wall: number[] = [];
      const cpu: number[] = [];
      let points = 0;
      let path = '';
      for (let i = 0; i < RUNS; i++) {
        const c0 = cpuSeconds();
        const t0 = performance.now();
        const r = await fn();
        wall.push(Math.round((performance.now() - t0) * 10) / 10);
        cpu.push(Math.round((cpuSeconds() - c0) * 10000) / 10);
        points = r.values.length;
        path = r.path ?? '';
      }
      figures[key] = { wallMs: wall, cpuMs: cpu, median: median(wall), medianCpuMs: median(cpu), points, path };
      log(`${key}: median ${median(wall)} ms (${points} values, ${path})`);
    };
    const load0 = os.loadavg();
    const server0 = await backendCpuSeconds(store);
    const t0 = performance.now();
    for (const def of BUILTIN_INDICATORS) {
      await time(def.name, async () => {
        const r = await computeIndicator(store, principal, def.name, { ...period, grain: 'total', scope: 'own' });
        return { values: r.values, path: r.coverage.method };
      });
      for (const by of def.disaggregations) {
        await time(`${def.name} by ${by}, monthly`, async () => {
          const r = await computeIndicator(store, principal, def.name, { ...period, grain: 'month', by, scope: 'own' });
          return { values: r.values, path: r.coverage.method };
        });
      }
    }
    await time('trend: reports, monthly over 5 years with year on year', async () => {
      const r = await indicatorTrend(store, principal, 'reports', { ...period, scope: 'own' });
      return { values: r.series, path: 'rollup' };
    });
    const server1 = await backendCpuSeconds(store);
    const load1 = os.loadavg();
    const worst = Math.max(...Object.values(figures).map((f) => f.median));
    // Keep the summary of earlier runs at other sizes (the figures of this run replace them).
    let earlier: unknown[] = [];
    try {
      const { readFileSync } = await import('node:fs');
      const prev = JSON.parse(readFileSync(new URL('./results/indicators.json', import.meta.url), 'utf8')) as { reports?: number; measuredAt?: string; queries?: unknown; machine?: unknown; figures?: Record<string, { median: number; medianCpuMs: number }>; earlier?: unknown[] };
      earlier = [...(prev.earlier ?? [])];
      if (prev.reports && prev.figures) earlier.unshift({ reports: prev.reports, measuredAt: prev.measuredAt, queries: prev.queries, machine: prev.machine, medians: Object.fromEntries(Object.entries(prev.figures).map(([k, v]) => [k, { wallMs: v.median, cpuMs: v.medianCpuMs }])) });
    } catch {
      /* first run */
    }
    writeBenchResult('indicators', {
      goal: { eachIndicatorMs: 2000, trendMs: 2000 },
      reports: total, generatedReports: loaded.reports, replicated: copied ? { toReports: copied.reports, wallS: Math.round(copied.wallS), serverCpuS: copied.serverCpuS === null ? null : Math.round(copied.serverCpuS) } : null, database: dbName, databaseSize: size, runs: RUNS, machine: { cpus: os.cpus().length, loadBefore: load0, loadAfter: load1 },
      load: loaded.loadedNow ? { reports: loaded.loadedNow, wallS: Math.round(loaded.wallS), reportsPerSec: Math.round(loaded.loadedNow / loaded.wallS), nodeCpuS: Math.round(loaded.cpuS), serverCpuS: loaded.serverCpuS === null ? null : Math.round(loaded.serverCpuS) } : 'reused',
      queries: { wallS: Math.round(performance.now() - t0) / 1000, serverCpuS: server0 !== null && server1 !== null ? Math.round((server1 - server0) * 10) / 10 : null, worstMedianMs: worst, allUnderGoal: worst < 2000 },
      figures, earlier: earlier.slice(0, 3), command: `npm run bench -- indicators --reports ${N} --runs ${RUNS}${values['replicate-to'] ? ` --replicate-to ${values['replicate-to']}` : ''}`,
    });
  } finally {
    await store.close();
  }
}

await main();
