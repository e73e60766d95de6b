/**
 * `npm run bench -- governance [--reports N] [--events N] [--runs N] [--export-backend postgres|pglite] [--audit-backend pglite|postgres] [--skip export,append,verify] [--keep-db NAME] [--export-batch N] [--nested]`
 *
 * Issue 6 goals:
 *   export 1,000,000 records under an agreement with field redaction  ≥ 50,000 records/s
 *   audit append with proofs                                           ≥ 5,000 events/s
 *   verify a 1,000,000-event audit log                                 < 30 s
 *
 * Export: synthetic reports from src/generator, re-homed to one provider's dataset (the
 * generator spreads reports over six producers; an agreement has one provider), loaded once;
 * then `exportReports` as a recipient analyst under an active agreement that pseudonymises the
 * source reference and signals and hides flags, children, subjects and language. Timed from the
 * decision to the last line, JSON Lines written to a sink that counts bytes. Figures are the
 * median of --runs exports. Without --nested the lines are built by PostgreSQL (two pages at a
 * time) and Node only streams them.
 * Every timed phase records wall time, this process's CPU (process.cpuUsage), the CPU of the
 * PostgreSQL backends serving the benchmark's database (/proc/PID/stat; the server runs on this
 * machine) and the 1-minute load average, and reports records (events) per CPU-second: the
 * machine is shared, so wall time alone says more about the neighbours than about the code.
 * Audit append: events appended in batches of 100 (one transaction each); 5,000 concurrent
 * single-event appends (as concurrent requests make them; group commit batches them); 500 one
 * at a time; then inclusion proofs for random events, each checked against the signed checkpoint.
 * Verify: a log of --events events built in batches of 10,000, then `verifyLog` over all of it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { appendAudit, auditSize, checkInclusionProof, proveInclusion, signCheckpoint, signingKey, verifyLog, type AuditEventInput } from '../src/audit/index.ts';
import { generateEcosystem, generateReports } from '../src/generator/index.ts';
import { localPrincipal, upsertUser } from '../src/identity/index.ts';
import { acceptAgreement, draftAgreement } from '../src/policy/index.ts';
import { exportReports, registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { bulkLoadReports } from '../src/store/bulk-load.ts';
import type { ReportBundle } from '../src/store/repositories/records.ts';
import { createScratchDatabase } from '../test/support/databases.ts';
import { median, writeBenchResult } from './_report.ts';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000000' }, events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' },
    'export-backend': { type: 'string', default: 'postgres' }, 'audit-backend': { type: 'string', default: 'pglite' }, skip: { type: 'string', default: '' },
    nested: { type: 'boolean', default: false }, 'keep-db': { type: 'string', default: '' }, 'export-batch': { type: 'string', default: '50000' },
  },
});
const N = Number(values.reports);
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const skip = new Set(values.skip.split(',').filter(Boolean));
const out = (s: string) => process.stdout.write(s + '\n');

/**
 * --keep-db NAME: use databases NAME_export and NAME_audit on the test server, created when
 * missing and kept afterwards, so repeated runs skip loading 1M reports / building 1M events.
 */
async function open(kind: string, part?: 'export' | 'audit'): Promise<{ store: Store; cleanup(): Promise<void> }> {
  if (kind === 'postgres' && values['keep-db'] && part) {
    const name = `${values['keep-db'].replace(/[^a-z0-9_]/g, '')}_${part}`;
    const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = '/' + name;
    const store = await openStore({ databaseUrl: url.toString() });
    return { store, cleanup: () => store.close() };
  }
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-gov-'));
    const store = await openStore({ dataDir: dir });
    return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const db = await createScratchDatabase();
  const store = await openStore({ databaseUrl: db.url });
  return { store, cleanup: async () => { await store.close(); await db.drop(); } };
}

/** PostgreSQL backends serving this benchmark's scratch database (the server runs on this machine). */
async function pgPids(store: Store): Promise<number[]> {
  if (store.kind !== 'postgres') return [];
  const r = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(store.db);
  return r.rows.map((x) => Number(x.pid));
}
/** CPU seconds (user + system) of processes from /proc; a process gone by then counts as what it had when last seen. */
const TICK = 100;
function procCpu(pids: number[], seen: Map<number, number>): void {
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      seen.set(pid, (Number(rest[11]) + Number(rest[12])) / TICK);
    } catch {
      // exited: keep the last value seen
    }
  }
}
/** Measures wall time, this process's CPU and the database backends' CPU over `fn`. */
async function measured<T>(store: Store, fn: () => Promise<T>): Promise<{ value: T; ms: number; nodeCpuS: number; pgCpuS: number; loadavg1: number }> {
  const before = new Map<number, number>();
  procCpu(await pgPids(store), before);
  const loadavg1 = Number(loadavg()[0]?.toFixed(2));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const after = new Map<number, number>();
  procCpu([...before.keys(), ...(await pgPids(store))], after);
  let pgCpuS = 0;
  for (const [pid, v] of after) pgCpuS += v - (before.get(pid) ?? 0);
  return { value, ms: Math.round(ms), nodeCpuS: Number(((c.user + c.system) / 1e6).toFixed(2)), pgCpuS: Number(pgCpuS.toFixed(2)), loadavg1 };
}

const results: Record<string, unknown> = { machine: { loadavgAtStart: loadavg().map((x) => Number(x.toFixed(2))), cpus: 2 } };
out(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

// ---------------------------------------------------------------- export under an agreement
if (!skip.has('export')) {
  const { store, cleanup } = await open(values['export-backend'], 'export');
  try {
    const eco = generateEcosystem({ seed: 11 });
    const reuse = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`.execute(store.db)).rows[0]?.n) === N;
    if (!reuse) for (const o of eco.organisations) await registerOrganisation(store, o);
    if (!reuse) for (const d of eco.datasets) await registerDatasetAsNode(store, d);
    const providerDs = eco.datasets.find((d) => d.recordType === 'report') ?? eco.datasets[0];
    if (!providerDs) throw new Error('the ecosystem has no dataset');
    const provider = providerDs.ownerOrgId;
    const recipient = eco.organisations.find((o) => o.id !== provider)?.id as string;
    const t0 = performance.now();
    let loaded = 0;
    async function* rehomed(): AsyncGenerator<ReportBundle[]> {
      for (const batch of generateReports({ seed: 11, count: N, batchSize: 5000 })) {
        yield batch.map((b) => ({ ...b, report: { ...b.report, sourceOrgId: provider, datasetId: providerDs!.id, lineage: { ...b.report.lineage, sourceOrgId: provider } } }));
        loaded += batch.length;
        if (process.stderr.isTTY) process.stderr.write(`\rloading ${loaded.toLocaleString('en')} reports`);
      }
    }
    if (!reuse) await bulkLoadReports(store, rehomed(), { concurrency: 3 });
    await store.exec('ANALYZE');
    if (reuse) out(`reusing ${N.toLocaleString('en')} reports in the kept database`);
    else out(`loaded ${loaded.toLocaleString('en')} reports into ${store.kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await upsertUser(store, { orgId: provider, name: 'bench steward', email: 'steward@bench-provider.example', roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
    await upsertUser(store, { orgId: recipient, name: 'bench analyst', email: 'analyst@bench-recipient.example', roles: ['analyst', 'steward'], dataProtectionTrainedAt: new Date().toISOString() });
    const pSteward = await localPrincipal(store, 'steward@bench-provider.example');
    const analyst = await localPrincipal(store, 'analyst@bench-recipient.example');
    const a = await draftAgreement(store, pSteward, {
      slug: `bench-share-${Date.now()}`, title: 'benchmark agreement (synthetic)', recipients: [{ orgId: recipient }], purposes: ['content-removal'], legalBasis: 'legitimate-interest', datasetIds: [providerDs.id], actions: ['read', 'export'],
      fields: { sourceRef: 'pseudonymised', kind: 'visible', status: 'visible', reportedAt: 'visible', country: 'visible', incidentTypes: 'visible', contentItems: 'visible', signals: 'pseudonymised', classifications: 'visible' },
      validFrom: '2020-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500 },
    });
    await acceptAgreement(store, pSteward, a.id, a.versionHash);
    await acceptAgreement(store, analyst, a.id, a.versionHash);
    const runs: Array<{ records: number; ms: number; perSec: number; bytes: number; nodeCpuS: number; pgCpuS: number; perCpuSecond: number; loadavg1: number }> = [];
    for (let r = 0; r < RUNS; r++) {
      let bytes = 0;
      const m = await measured(store, () =>
        exportReports(store, analyst, { agreement: a.id, purpose: 'content-removal', nested: values.nested, batchSize: Number(values['export-batch']) }, (chunk) => {
          bytes += chunk.length;
        }),
      );
      const records = m.value.records;
      const perSec = Math.round(records / (m.ms / 1000));
      const perCpuSecond = Math.round(records / (m.nodeCpuS + m.pgCpuS));
      runs.push({ records, ms: m.ms, perSec, bytes, nodeCpuS: m.nodeCpuS, pgCpuS: m.pgCpuS, perCpuSecond, loadavg1: m.loadavg1 });
      out(`export run ${r + 1}: ${records.toLocaleString('en')} records in ${(m.ms / 1000).toFixed(1)} s = ${perSec.toLocaleString('en')} records/s; CPU node ${m.nodeCpuS} s + PostgreSQL ${m.pgCpuS} s = ${perCpuSecond.toLocaleString('en')} records per CPU-second; load ${m.loadavg1} (${(bytes / 1e6).toFixed(0)} MB of JSON Lines, nested=${values.nested})`);
    }
    results.export = { backend: store.kind, nested: values.nested, batchSize: Number(values['export-batch']), medianRecordsPerSec: median(runs.map((x) => x.perSec)), medianRecordsPerCpuSecond: median(runs.map((x) => x.perCpuSecond)), goal: 50_000, runs, machine: { loadavg: loadavg().map((x) => Number(x.toFixed(2))), cpus: cpus().length } };
    out(`export median: ${median(runs.map((x) => x.perSec)).toLocaleString('en')} records/s (goal ≥ 50,000); ${median(runs.map((x) => x.perCpuSecond)).toLocaleString('en')} records per CPU-second`);
  } finally {
    await cleanup();
  }
}

// ---------------------------------------------------------------- audit append and proofs
const ev = (i: number): AuditEventInput => ({
  action: 'report.read', decision: 'allow', reason: 'agreement bench-share v1 lets org-b read 1 dataset of its provider for content-removal',
  actor: { userId: `user--${i % 97}`, orgId: 'organisation--00000000-0000-4000-8000-00000000000b', via: 'bench' }, ownerOrgId: 'organisation--00000000-0000-4000-8000-00000000000a',
  agreement: { id: 'agreement--00000000-0000-4000-8000-000000000001', version: 1, versionHash: 'sha256:' + 'ab'.repeat(32) }, purpose: 'content-removal', resource: 'reports',
  details: { recordIds: Array.from({ length: 20 }, (_, j) => `report--00000000-0000-4000-8000-${String(i * 20 + j).padStart(12, '0')}`) },
});

if (!skip.has('append')) {
  const runs: Array<{ eventsPerSec: number; singleEventsPerSec: number; concurrentEventsPerSec: number; concurrentPerCpuSecond: number; proofsPerSec: number; loadavg1: number }> = [];
  for (let r = 0; r < RUNS; r++) {
    const { store, cleanup } = await open(values['audit-backend']);
    try {
      const total = 20_000;
      const t = performance.now();
      for (let i = 0; i < total; i += 100) await appendAudit(store, Array.from({ length: 100 }, (_, j) => ev(i + j)));
      const eventsPerSec = Math.round(total / ((performance.now() - t) / 1000));
      const t1 = performance.now();
      for (let i = 0; i < 500; i++) await appendAudit(store, [ev(total + i)]);
      const singleEventsPerSec = Math.round(500 / ((performance.now() - t1) / 1000));
      // As a busy server sees it: 5,000 requests each appending one event at once; group commit batches them.
      const mc = await measured(store, () => Promise.all(Array.from({ length: 5000 }, (_, i) => appendAudit(store, [ev(total + 500 + i)]))));
      const concurrentEventsPerSec = Math.round(5000 / (mc.ms / 1000));
      const concurrentPerCpuSecond = Math.round(5000 / (mc.nodeCpuS + mc.pgCpuS));
      await signCheckpoint(store);
      const { publicKey } = await signingKey(store);
      const t2 = performance.now();
      let ok = 0;
      for (let i = 0; i < 1000; i++) {
        const p = await proveInclusion(store, (i * 7919) % (total + 5500));
        if (checkInclusionProof(p, publicKey)) ok++;
      }
      if (ok !== 1000) throw new Error(`${1000 - ok} proofs did not verify`);
      const proofsPerSec = Math.round(1000 / ((performance.now() - t2) / 1000));
      runs.push({ eventsPerSec, singleEventsPerSec, concurrentEventsPerSec, concurrentPerCpuSecond, proofsPerSec, loadavg1: mc.loadavg1 });
      out(`audit run ${r + 1} (${store.kind}): append ${eventsPerSec.toLocaleString('en')} events/s in batches of 100, ${concurrentEventsPerSec.toLocaleString('en')} events/s from 5,000 concurrent single appends (group commit), ${singleEventsPerSec.toLocaleString('en')} events/s one at a time; ${proofsPerSec.toLocaleString('en')} inclusion proofs/s served and verified`);
    } finally {
      await cleanup();
    }
  }
  results.auditAppend = { backend: values['audit-backend'], medianEventsPerSecBatched: median(runs.map((x) => x.eventsPerSec)), medianEventsPerSecSingle: median(runs.map((x) => x.singleEventsPerSec)), medianEventsPerSecConcurrent: median(runs.map((x) => x.concurrentEventsPerSec)), medianConcurrentEventsPerCpuSecond: median(runs.map((x) => x.concurrentPerCpuSecond)), medianProofsPerSec: median(runs.map((x) => x.proofsPerSec)), goal: 5_000, runs };
  out(`audit append median: ${median(runs.map((x) => x.eventsPerSec)).toLocaleString('en')} events/s batched, ${median(runs.map((x) => x.concurrentEventsPerSec)).toLocaleString('en')} concurrent, ${median(runs.map((x) => x.singleEventsPerSec)).toLocaleString('en')} single; proofs ${median(runs.map((x) => x.proofsPerSec)).toLocaleString('en')}/s`);
}

// ---------------------------------------------------------------- verify a large log
if (!skip.has('verify')) {
  const { store, cleanup } = await open(values['audit-backend'], 'audit');
  try {
    const t = performance.now();
    const have = await auditSize(store);
    if (have > EVENTS) throw new Error(`the kept audit database has ${have} events, more than ${EVENTS}; drop it or use another --keep-db name`);
    for (let i = have; i < EVENTS; i += 10_000) {
      await appendAudit(store, Array.from({ length: Math.min(10_000, EVENTS - i) }, (_, j) => ev(i + j)));
      if (i % 100_000 === 0) await signCheckpoint(store);
      if (process.stderr.isTTY) process.stderr.write(`\rbuilding log: ${(i + 10_000).toLocaleString('en')} events`);
    }
    if (have !== EVENTS) await signCheckpoint(store);
    const buildS = (performance.now() - t) / 1000;
    const buildEventsPerSec = have === EVENTS ? null : Math.round((EVENTS - have) / buildS);
    out(have === EVENTS ? `reusing the kept log of ${EVENTS.toLocaleString('en')} events` : `built a log of ${EVENTS.toLocaleString('en')} events in ${buildS.toFixed(1)} s (${String(buildEventsPerSec)} events/s in batches of 10,000)`);
    const times: number[] = [];
    const vruns: Array<{ ms: number; nodeCpuS: number; pgCpuS: number; eventsPerCpuSecond: number; loadavg1: number }> = [];
    for (let r = 0; r < RUNS; r++) {
      const m = await measured(store, () => verifyLog(store));
      const rep = m.value;
      if (!rep.ok) throw new Error(`verification failed: ${JSON.stringify(rep.problems.slice(0, 3))}`);
      times.push(m.ms);
      const eventsPerCpuSecond = Math.round(rep.size / (m.nodeCpuS + m.pgCpuS));
      vruns.push({ ms: m.ms, nodeCpuS: m.nodeCpuS, pgCpuS: m.pgCpuS, eventsPerCpuSecond, loadavg1: m.loadavg1 });
      out(`verify run ${r + 1}: ${rep.size.toLocaleString('en')} events, ${rep.checkpointsVerified} checkpoints, ${(m.ms / 1000).toFixed(1)} s; CPU node ${m.nodeCpuS} s + PostgreSQL ${m.pgCpuS} s = ${eventsPerCpuSecond.toLocaleString('en')} events per CPU-second; load ${m.loadavg1}`);
    }
    results.auditVerify = { backend: store.kind, events: EVENTS, buildEventsPerSec, medianVerifySeconds: Number((median(times) / 1000).toFixed(2)), medianCpuSeconds: median(vruns.map((x) => x.nodeCpuS + x.pgCpuS)), medianEventsPerCpuSecond: median(vruns.map((x) => x.eventsPerCpuSecond)), goalSeconds: 30, runsMs: times, runs: vruns, machine: { loadavg: loadavg().map((x) => Number(x.toFixed(2))), cpus: cpus().length } };
    out(`verify median: ${(median(times) / 1000).toFixed(1)} s for ${EVENTS.toLocaleString('en')} events (goal < 30 s); ${median(vruns.map((x) => x.eventsPerCpuSecond)).toLocaleString('en')} events per CPU-second`);
  } finally {
    await cleanup();
  }
}
results.machine = { ...(results.machine as object), loadavgAtEnd: loadavg().map((x) => Number(x.toFixed(2))) };
out(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
// Sections skipped in this run keep their previous figures.
try {
  const previous = JSON.parse(readFileSync(new URL('./results/governance.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  for (const k of ['export', 'auditAppend', 'auditVerify', 'earlier']) if (!(k in results) && k in previous) results[k] = previous[k];
} catch {
  // no previous results
}
writeBenchResult('governance', results);
