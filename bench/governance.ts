/**
 * `npm run bench -- governance [--reports N] [--events N] [--runs N] [--export-backend postgres|pglite] [--audit-backend pglite|postgres] [--skip export,append,verify]`
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
 * median of --runs exports.
 * Audit append: events appended in batches of 100 (one transaction each); 5,000 concurrent
 * single-event appends (as concurrent requests make them; group commit batches them); 500 one
 * at a time; then inclusion proofs for random events, each checked against the signed checkpoint.
 * Verify: a log of --events events built in batches of 10,000, then `verifyLog` over all of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appendAudit, checkInclusionProof, proveInclusion, signCheckpoint, signingKey, verifyLog, type AuditEventInput } from '../src/audit/index.ts';
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
    nested: { type: 'boolean', default: false },
  },
});
const N = Number(values.reports);
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const skip = new Set(values.skip.split(',').filter(Boolean));
const out = (s: string) => process.stdout.write(s + '\n');

async function open(kind: string): Promise<{ store: Store; cleanup(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-gov-'));
    const store = await openStore({ dataDir: dir });
    return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const db = await createScratchDatabase();
  const store = await openStore({ databaseUrl: db.url });
  return { store, cleanup: async () => { await store.close(); await db.drop(); } };
}

const results: Record<string, unknown> = { machine: { loadavgAtStart: loadavg().map((x) => Number(x.toFixed(2))), cpus: 2 } };
out(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

// ---------------------------------------------------------------- export under an agreement
if (!skip.has('export')) {
  const { store, cleanup } = await open(values['export-backend']);
  try {
    const eco = generateEcosystem({ seed: 11 });
    for (const o of eco.organisations) await registerOrganisation(store, o);
    for (const d of eco.datasets) await registerDatasetAsNode(store, d);
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
    await bulkLoadReports(store, rehomed(), { concurrency: 3 });
    await store.exec('ANALYZE');
    out(`loaded ${loaded.toLocaleString('en')} reports into ${store.kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await upsertUser(store, { orgId: provider, name: 'bench steward', email: 'steward@bench-provider.example', roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
    await upsertUser(store, { orgId: recipient, name: 'bench analyst', email: 'analyst@bench-recipient.example', roles: ['analyst', 'steward'], dataProtectionTrainedAt: new Date().toISOString() });
    const pSteward = await localPrincipal(store, 'steward@bench-provider.example');
    const analyst = await localPrincipal(store, 'analyst@bench-recipient.example');
    const a = await draftAgreement(store, pSteward, {
      slug: 'bench-share', title: 'benchmark agreement (synthetic)', recipients: [{ orgId: recipient }], purposes: ['content-removal'], legalBasis: 'legitimate-interest', datasetIds: [providerDs.id], actions: ['read', 'export'],
      fields: { sourceRef: 'pseudonymised', kind: 'visible', status: 'visible', reportedAt: 'visible', country: 'visible', incidentTypes: 'visible', contentItems: 'visible', signals: 'pseudonymised', classifications: 'visible' },
      validFrom: '2020-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500 },
    });
    await acceptAgreement(store, pSteward, a.id, a.versionHash);
    await acceptAgreement(store, analyst, a.id, a.versionHash);
    const runs: Array<{ records: number; ms: number; perSec: number; bytes: number }> = [];
    for (let r = 0; r < RUNS; r++) {
      let bytes = 0;
      const ts = performance.now();
      const s = await exportReports(store, analyst, { agreement: a.id, purpose: 'content-removal', nested: values.nested, batchSize: 10_000 }, (chunk) => {
        bytes += chunk.length;
      });
      const ms = performance.now() - ts;
      runs.push({ records: s.records, ms: Math.round(ms), perSec: Math.round(s.records / (ms / 1000)), bytes });
      out(`export run ${r + 1}: ${s.records.toLocaleString('en')} records in ${(ms / 1000).toFixed(1)} s = ${Math.round(s.records / (ms / 1000)).toLocaleString('en')} records/s (${(bytes / 1e6).toFixed(0)} MB of JSON Lines, nested=${values.nested})`);
    }
    results.export = { backend: store.kind, nested: values.nested, medianRecordsPerSec: median(runs.map((x) => x.perSec)), goal: 50_000, runs };
    out(`export median: ${median(runs.map((x) => x.perSec)).toLocaleString('en')} records/s (goal ≥ 50,000)`);
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
  const runs: Array<{ eventsPerSec: number; singleEventsPerSec: number; concurrentEventsPerSec: number; proofsPerSec: number }> = [];
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
      const t3 = performance.now();
      await Promise.all(Array.from({ length: 5000 }, (_, i) => appendAudit(store, [ev(total + 500 + i)])));
      const concurrentEventsPerSec = Math.round(5000 / ((performance.now() - t3) / 1000));
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
      runs.push({ eventsPerSec, singleEventsPerSec, concurrentEventsPerSec, proofsPerSec });
      out(`audit run ${r + 1} (${store.kind}): append ${eventsPerSec.toLocaleString('en')} events/s in batches of 100, ${concurrentEventsPerSec.toLocaleString('en')} events/s from 5,000 concurrent single appends (group commit), ${singleEventsPerSec.toLocaleString('en')} events/s one at a time; ${proofsPerSec.toLocaleString('en')} inclusion proofs/s served and verified`);
    } finally {
      await cleanup();
    }
  }
  results.auditAppend = { backend: values['audit-backend'], medianEventsPerSecBatched: median(runs.map((x) => x.eventsPerSec)), medianEventsPerSecSingle: median(runs.map((x) => x.singleEventsPerSec)), medianEventsPerSecConcurrent: median(runs.map((x) => x.concurrentEventsPerSec)), medianProofsPerSec: median(runs.map((x) => x.proofsPerSec)), goal: 5_000, runs };
  out(`audit append median: ${median(runs.map((x) => x.eventsPerSec)).toLocaleString('en')} events/s batched, ${median(runs.map((x) => x.concurrentEventsPerSec)).toLocaleString('en')} concurrent, ${median(runs.map((x) => x.singleEventsPerSec)).toLocaleString('en')} single; proofs ${median(runs.map((x) => x.proofsPerSec)).toLocaleString('en')}/s`);
}

// ---------------------------------------------------------------- verify a large log
if (!skip.has('verify')) {
  const { store, cleanup } = await open(values['audit-backend']);
  try {
    const t = performance.now();
    for (let i = 0; i < EVENTS; i += 10_000) {
      await appendAudit(store, Array.from({ length: Math.min(10_000, EVENTS - i) }, (_, j) => ev(i + j)));
      if (i % 100_000 === 0) await signCheckpoint(store);
      if (process.stderr.isTTY) process.stderr.write(`\rbuilding log: ${(i + 10_000).toLocaleString('en')} events`);
    }
    await signCheckpoint(store);
    const buildS = (performance.now() - t) / 1000;
    out(`built a log of ${EVENTS.toLocaleString('en')} events in ${buildS.toFixed(1)} s (${Math.round(EVENTS / buildS).toLocaleString('en')} events/s in batches of 10,000)`);
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const rep = await verifyLog(store);
      if (!rep.ok) throw new Error(`verification failed: ${JSON.stringify(rep.problems.slice(0, 3))}`);
      times.push(rep.elapsedMs);
      out(`verify run ${r + 1}: ${rep.size.toLocaleString('en')} events, ${rep.checkpointsVerified} checkpoints, ${(rep.elapsedMs / 1000).toFixed(1)} s`);
    }
    results.auditVerify = { backend: store.kind, events: EVENTS, buildEventsPerSec: Math.round(EVENTS / buildS), medianVerifySeconds: Number((median(times) / 1000).toFixed(2)), goalSeconds: 30, runsMs: times };
    out(`verify median: ${(median(times) / 1000).toFixed(1)} s for ${EVENTS.toLocaleString('en')} events (goal < 30 s)`);
  } finally {
    await cleanup();
  }
}
results.machine = { ...(results.machine as object), loadavgAtEnd: loadavg().map((x) => Number(x.toFixed(2))) };
out(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
writeBenchResult('governance', results);
