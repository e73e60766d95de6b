/**
 * `npm run bench -- store [--reports N] [--runs N] [--backends pglite,postgres] [--batch N]
 *   [--concurrency N] [--method copy|insert] [--async-commit] [--without triggers,indexes,lineage]
 *   [--shape issue|full|issue,full]`
 *
 * Bulk insert of generated reports into each backend through `bulkLoadReports`, then a filtered
 * page read at that size. Two shapes of the same generated reports (default: both, one after the
 * other, printed and recorded separately as `<backend> shape <shape>`):
 * - `issue`: each report with its content items and lineage only, the load issue 2's goal names
 *   ("1,000,000 generated reports (with their content items and lineage)"): ~3 rows per report.
 *   The bundles' signals, children, subjects and classifications are removed before timing.
 * - `full`: the generator's whole bundles (also signals, children, subjects, classifications):
 *   ~9 rows per report.
 * Neither hides the other's cost: both are reported.
 *
 * Insert throughput counts only time spent writing (generation is timed
 * separately). The machine is shared, so each run also records CPU-seconds spent writing: this
 * process's (which includes PGlite itself) and, for PostgreSQL, the server backends serving this
 * load (from /proc, when the server runs on this machine; shared background processes such as the
 * WAL writer and checkpointer are not counted), the load average, and reports per CPU-second.
 * Goals (issue 2): ≥ 20,000 reports/s on PostgreSQL, ≥ 5,000 reports/s embedded, filtered page < 50 ms.
 * `npm run bench -- store` runs this with the Node flags of the bulk-loading commands
 * (bin/node-flags.js: 64 MiB young-generation semi-spaces), recorded as `nodeFlags`.
 *
 * `--without` measures where the CPU goes, on a scratch store altered after migration (never a
 * configuration to run): `triggers` disables the user triggers on reports and children (exchange
 * change feed, indicator rollup), `indexes` drops the secondary indexes of the report tables,
 * `lineage` loads every record with a minimal lineage document. Results are recorded under
 * `<backend> without <list>`, beside the real figures.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateEcosystem, generateReports } from '../src/generator/index.ts';
import type { Principal } from '../src/identity/index.ts';
import { listReports, registerDatasetAsNode, registerOrganisation, ReportFilter } from '../src/records/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { bulkLoadReports } from '../src/store/bulk-load.ts';
import type { ReportBundle } from '../src/store/repositories/records.ts';
import { sql } from 'kysely';
import { createScratchDatabase } from '../test/support/databases.ts';
import { median, writeBenchResult } from './_report.ts';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '1' }, backends: { type: 'string', default: 'postgres,pglite' },
    batch: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '3' }, method: { type: 'string', default: 'copy' }, 'async-commit': { type: 'boolean', default: false },
    without: { type: 'string', default: '' }, shape: { type: 'string', default: 'issue,full' },
  },
});
const N = Number(values.reports);
const RUNS = Number(values.runs);
const BATCH = Number(values.batch);
const CONCURRENCY = Number(values.concurrency);
const METHOD = values.method === 'insert' ? 'insert' : 'copy';
const ASYNC_COMMIT = values['async-commit'];
const WITHOUT = new Set(values.without.split(',').filter(Boolean));
for (const w of WITHOUT) if (!['triggers', 'indexes', 'lineage'].includes(w)) throw new Error(`--without ${w}: expected triggers, indexes or lineage`);
type Shape = 'issue' | 'full';
const SHAPES = values.shape.split(',').filter(Boolean) as Shape[];
for (const s of SHAPES) if (s !== 'issue' && s !== 'full') throw new Error(`--shape ${String(s)}: expected issue, full or issue,full`);

/** The `issue` shape: reports with their content items and lineage only (see the header). */
function shaped(batch: ReportBundle[], shape: Shape): ReportBundle[] {
  if (shape === 'full') return batch;
  return batch.map((b) => ({ report: b.report, contentItems: b.contentItems ?? [] }));
}

/** The `--without` alterations (measurement only; see the header). */
async function alterForMeasurement(store: Store): Promise<void> {
  if (WITHOUT.has('triggers')) await store.exec('ALTER TABLE reports DISABLE TRIGGER USER; ALTER TABLE children DISABLE TRIGGER USER;');
  if (WITHOUT.has('indexes')) {
    const r = await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('reports', 'content_items', 'signals', 'children', 'subjects', 'classifications') AND indexname NOT LIKE '%_pkey'`.execute(store.db);
    for (const { name } of r.rows) await store.exec(`DROP INDEX ${name}`);
  }
}
/** A lineage carrying only its digest (for `--without lineage`). */
function withoutLineage(batch: ReportBundle[]): ReportBundle[] {
  if (!WITHOUT.has('lineage')) return batch;
  for (const b of batch) {
    (b.report as { lineage: unknown }).lineage = { rawDigest: b.report.lineage.rawDigest };
    for (const c of b.contentItems ?? []) (c as { lineage: unknown }).lineage = { rawDigest: c.lineage.rawDigest };
  }
  return batch;
}

/** CPU ticks (user + system, 1/100 s) of a process, or null when /proc cannot tell. */
function procTicks(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Server settings that decide bulk-load speed (recorded with each result, since figures from a
 * differently tuned server are not comparable); see docs/operations.md.
 */
const SETTINGS = ['server_version', 'shared_buffers', 'wal_buffers', 'max_wal_size', 'checkpoint_timeout', 'synchronous_commit', 'full_page_writes', 'wal_level', 'wal_compression', 'fsync', 'work_mem', 'maintenance_work_mem'];
async function serverSettings(store: Store): Promise<Record<string, string>> {
  const r = await sql<{ name: string; setting: string }>`SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY(${SETTINGS}::text[]) ORDER BY name`.execute(store.db);
  return Object.fromEntries(r.rows.map((x) => [x.name, x.setting]));
}

/** CPU-seconds of the PostgreSQL backends connected to this store's database, summed; null if unreadable. */
async function serverTicks(store: Store): Promise<Map<number, number> | null> {
  if (store.kind !== 'postgres') return null;
  const r = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(store.db);
  const out = new Map<number, number>();
  // A pooled connection that idled out between the listing and the read has done no work since
  // the previous read: skip it. No readable backend at all means a server on another machine.
  for (const { pid } of r.rows) {
    const t = procTicks(pid);
    if (t !== null) out.set(pid, t);
  }
  return out.size ? out : null;
}

async function open(kind: string): Promise<{ store: Store; cleanup(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
    const store = await openStore({ dataDir: dir });
    return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const db = await createScratchDatabase();
  const store = await openStore({ databaseUrl: db.url });
  return { store, cleanup: async () => { await store.close(); await db.drop(); } };
}

async function oneRun(kind: string, shape: Shape) {
  const { store, cleanup } = await open(kind);
  try {
    const eco = generateEcosystem({ seed: 7 });
    for (const o of eco.organisations) await registerOrganisation(store, o);
    for (const d of eco.datasets) await registerDatasetAsNode(store, d);
    await alterForMeasurement(store);
    let insertMs = 0;
    let nodeCpuS = 0;
    let serverCpuS: number | null = store.kind === 'postgres' ? 0 : null;
    const load0 = loadavg();
    let genMs = 0;
    let rows = 0;
    let inserted = 0;
    const t0 = performance.now();
    // Generation is timed on its own and excluded from the insert figure: the batches are made
    // ahead (a window of CHUNK batches at a time, to bound memory), then loaded.
    const CHUNK = 25;
    const gen = generateReports({ seed: 7, count: N, batchSize: BATCH })[Symbol.iterator]();
    for (;;) {
      const tg = performance.now();
      const window: ReportBundle[][] = [];
      for (let i = 0; i < CHUNK; i++) {
        const next = gen.next();
        if (next.done) break;
        window.push(withoutLineage(shaped(next.value, shape)));
      }
      genMs += performance.now() - tg;
      if (window.length === 0) break;
      for (const batch of window) for (const b of batch) rows += 1 + (b.contentItems?.length ?? 0) + (b.signals?.length ?? 0) + (b.children?.length ?? 0) + (b.subjects?.length ?? 0) + (b.classifications?.length ?? 0);
      const s0 = await serverTicks(store);
      const c0 = process.cpuUsage();
      const ti = performance.now();
      const c = await bulkLoadReports(store, window, { concurrency: CONCURRENCY, method: METHOD, asyncCommit: ASYNC_COMMIT });
      insertMs += performance.now() - ti;
      const cpu = process.cpuUsage(c0);
      nodeCpuS += (cpu.user + cpu.system) / 1e6;
      const s1 = await serverTicks(store);
      // A backend that appeared during the window was born in it: it counts from zero.
      if (serverCpuS !== null && s0 && s1) for (const [pid, t] of s1) serverCpuS += (t - (s0.get(pid) ?? 0)) / 100;
      else serverCpuS = null;
      inserted += c.inserted;
      if (process.stderr.isTTY) process.stderr.write(`\r${kind}: ${inserted.toLocaleString('en')} reports`);
    }
    const wallMs = performance.now() - t0;
    const load1 = loadavg();
    if (process.stderr.isTTY) process.stderr.write('\n');
    await store.exec('ANALYZE');

    // Filtered page reads as an analyst of the largest platform would make them.
    const owner = await store.db.selectFrom('reports').select(['source_org_id', 'dataset_id']).groupBy(['source_org_id', 'dataset_id']).orderBy((eb) => eb.fn.countAll(), 'desc').executeTakeFirstOrThrow();
    const principal: Principal = { userId: 'bench', name: 'bench', email: 'bench@bench.example', orgId: owner.source_org_id, orgSlug: 'bench', orgJurisdiction: 'US', roles: ['analyst'], dataProtectionTrainedAt: null, safeguardingTrainedAt: null, via: 'local' };
    const filters = [
      { country: 'US', limit: 50 },
      { datasetId: owner.dataset_id, from: '2025-06-01T00:00:00Z', to: '2025-09-01T00:00:00Z', limit: 50 },
      { kind: 'platform-report' as const, flag: 'sextortion', limit: 50 },
    ];
    const pageMs: Record<string, number> = {};
    for (const f of filters) {
      const times: number[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 21; i++) {
        const t = performance.now();
        const page = await listReports(store, principal, ReportFilter.parse({ ...f, ...(cursor && i % 3 ? { cursor } : {}) }));
        times.push(performance.now() - t);
        cursor = page.nextCursor;
      }
      pageMs[JSON.stringify(f)] = Number(median(times.slice(1)).toFixed(2));
    }
    const cpuS = nodeCpuS + (serverCpuS ?? 0);
    const settings = await serverSettings(store);
    const perReport = (seconds: number | null) => (seconds === null ? null : Math.round((seconds * 1e6) / inserted));
    return {
      // CPU per report is the figure that survives a shared, noisy machine: on 2 cores, N reports/s
      // needs (node + server) µs/report ≤ 2,000,000 / N (≤ 100 µs for 20,000/s).
      cpuMicrosPerReport: { node: perReport(nodeCpuS), server: perReport(serverCpuS), total: perReport(cpuS) },
      reportsPerSecInsert: Math.round(inserted / (insertMs / 1000)), reportsPerSecEndToEnd: Math.round(inserted / (wallMs / 1000)), rowsPerSecInsert: Math.round(rows / (insertMs / 1000)),
      reportsPerCpuSecond: Math.round(inserted / cpuS), nodeCpuSeconds: Number(nodeCpuS.toFixed(1)), serverCpuSeconds: serverCpuS === null ? null : Number(serverCpuS.toFixed(1)),
      loadAverage1m: { start: Number(load0[0]?.toFixed(1)), end: Number(load1[0]?.toFixed(1)) },
      generateMs: Math.round(genMs), insertMs: Math.round(insertMs), inserted, rows, pageMs, settings,
    };
  } finally {
    await cleanup();
  }
}

const results: Record<string, unknown> = {};
for (const kind of values.backends.split(',')) for (const shape of SHAPES) {
  const label = `${kind} shape ${shape}`;
  const runs: Array<Awaited<ReturnType<typeof oneRun>>> = [];
  for (let r = 0; r < RUNS; r++) {
    const res = await oneRun(kind, shape);
    process.stdout.write(
      `${label} run ${r + 1}: ${res.reportsPerSecInsert.toLocaleString('en')} reports/s insert (${res.rowsPerSecInsert.toLocaleString('en')} rows/s; end to end incl. generation ${res.reportsPerSecEndToEnd.toLocaleString('en')}/s); ` +
        `${res.reportsPerCpuSecond.toLocaleString('en')} reports per CPU-second (node ${res.nodeCpuSeconds} s, server ${res.serverCpuSeconds ?? '-'} s; µs/report node ${res.cpuMicrosPerReport.node}, server ${res.cpuMicrosPerReport.server ?? '-'}); load ${res.loadAverage1m.start}→${res.loadAverage1m.end}; filtered page ms ${JSON.stringify(res.pageMs)}\n`,
    );
    runs.push(res);
  }
  const pageKeys = Object.keys(runs[0]?.pageMs ?? {});
  results[WITHOUT.size ? `${label} without ${[...WITHOUT].sort().join(',')}` : label] = {
    shape,
    reports: N,
    runs: runs.length,
    medianReportsPerSecInsert: median(runs.map((r) => r.reportsPerSecInsert)),
    medianReportsPerSecEndToEnd: median(runs.map((r) => r.reportsPerSecEndToEnd)),
    medianRowsPerSecInsert: median(runs.map((r) => r.rowsPerSecInsert)),
    medianReportsPerCpuSecond: median(runs.map((r) => r.reportsPerCpuSecond)),
    medianCpuMicrosPerReport: {
      node: median(runs.map((r) => r.cpuMicrosPerReport.node ?? NaN)),
      server: kind === 'postgres' ? median(runs.map((r) => r.cpuMicrosPerReport.server ?? NaN)) : null,
    },
    settings: runs[0]?.settings,
    batchSize: BATCH, concurrency: kind === 'pglite' ? 1 : CONCURRENCY, method: METHOD, asyncCommit: ASYNC_COMMIT,
    command: `npm run bench -- store ${process.argv.slice(2).join(' ')}`.trim(),
    measuredAt: new Date().toISOString(),
    medianFilteredPageMs: Object.fromEntries(pageKeys.map((k) => [k, median(runs.map((r) => r.pageMs[k] ?? NaN))])),
    all: runs,
  };
  const med = (f: (r: (typeof runs)[number]) => number | null) => median(runs.map((r) => f(r) ?? NaN));
  process.stdout.write(
    `${label}: median ${med((r) => r.reportsPerSecInsert).toLocaleString('en')} reports/s over ${runs.length} run(s); µs/report node ${med((r) => r.cpuMicrosPerReport.node)}, server ${kind === 'postgres' ? med((r) => r.cpuMicrosPerReport.server) : '-'}\n`,
  );
}
// Backends are often run one at a time: keep the other backend's latest figures in the file.
const resultsFile = new URL('./results/store.json', import.meta.url);
const before = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { backends?: Record<string, unknown>; experiments?: unknown }) : {};
const previous = before.backends ?? {};
writeBenchResult('store', {
  goal: { postgresReportsPerSec: 20000, pgliteReportsPerSec: 5000, filteredPageMs: 50 },
  cpus: cpus().length,
  // Node's flags change the figures (bench/run.js gives this process the ones the bulk-loading
  // commands run with, bin/node-flags.js; NODE_OPTIONS may add others), so they are recorded.
  nodeFlags: process.execArgv.filter((a) => a.startsWith('--max')), nodeOptions: process.env.NODE_OPTIONS ?? '',
  backends: { ...previous, ...results },
  // Hand-written notes on variants measured with other code (kept across runs).
  ...(before.experiments ? { experiments: before.experiments } : {}),
});
