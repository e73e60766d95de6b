/**
 * `npm run bench -- exchange [--backend postgres|pglite] [--records N] [--runs N] [--page N] [--latency-runs N] [--skip throughput,latency]`
 *
 * Issue 7 goals: 1,000,000 records synced between two nodes over loopback ≥ 10,000 records/s;
 * a new record pushed to a peer arrives in < 2 s.
 *
 * Two nodes, two processes: the provider runs `tessera serve` (child process; with
 * `--backend postgres` (default) its own scratch PostgreSQL database, with `pglite` an embedded
 * store in a temp dir) and serves its TAXII collection; the recipient (this process, its own
 * store of the same kind) pulls it with `syncOnce` — signed pages of --page objects, each checked against the
 * agreement and applied in one transaction with the cursor. Records are the fixtures' small
 * reports (one file, one URL signal, one child each); the agreement shows kind, country and
 * time, the files, and pseudonymises the source reference and signals (hides children).
 * Throughput = records / wall seconds from the first request to the last page committed, with
 * CPU seconds of each side (this process: process.cpuUsage; the provider: /proc/PID/stat; on
 * PostgreSQL also each node's server backends, from /proc/PID/stat of the backends connected
 * to its database) as µs per record, and the load average. `EXCHANGE_BENCH_PROFILE=DIR` writes
 * a V8 CPU profile of the provider there (run this script under `node --cpu-prof` for the
 * recipient's). A fresh recipient store per run; median of --runs.
 *
 * Latency: a second recipient served over HTTP, registered on the provider with pushes; the
 * provider's background loop (--sync-interval 0.2) pushes; a record is written through the
 * provider's API and the time until it is in the recipient's store is measured (polled every
 * 20 ms); median of --latency-runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addPeer, selfCard, syncOnce } from '../src/exchange/index.ts';
import { issueToken, localPrincipal, upsertUser } from '../src/identity/index.ts';
import { acceptAgreement, draftAgreement } from '../src/policy/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { buildApp } from '../src/server/app.ts';
import { sql } from 'kysely';
import { bulkLoadReports, openStore, type Store } from '../src/store/index.ts';
import { createScratchDatabase, TEST_DATABASE_URL } from '../test/support/databases.ts';
import { makeBundles } from '../test/support/fixtures.ts';
import { median, writeBenchResult } from './_report.ts';
import { freePort } from '../test/support/ports.ts';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'postgres' }, records: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, page: { type: 'string', default: '5000' }, 'latency-runs': { type: 'string', default: '10' }, skip: { type: 'string', default: '' }, 'provider-db': { type: 'string' }, 'keep-provider': { type: 'boolean', default: false } } });
const BACKEND = values.backend;
if (BACKEND !== 'postgres' && BACKEND !== 'pglite') throw new Error('--backend must be postgres or pglite');
const PROFILE = process.env.EXCHANGE_BENCH_PROFILE;
const N = Number(values.records);
const RUNS = Number(values.runs);
const PAGE = Number(values.page);
const LRUNS = Number(values['latency-runs']);
const skip = new Set(values.skip.split(',').filter(Boolean));
const out = (s: string) => process.stdout.write(s + '\n');
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA'));
const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-exchange-'));
const CLK = 100; // USER_HZ on Linux

function procCpu(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(parts[11]) + Number(parts[12])) / CLK;
}
/** CPU-seconds of the PostgreSQL backends connected to a database (pid → seconds); empty on PGlite. */
async function serverCpu(admin: Store | null, datname: string | null): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!admin || !datname) return out;
  const r = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = ${datname}`.execute(admin.db);
  for (const { pid } of r.rows) {
    try {
      out.set(pid, procCpu(pid));
    } catch {
      // the backend ended between the two reads
    }
  }
  return out;
}
/** Server CPU spent between two samples (a backend born in between counts from zero). */
const serverDelta = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((s, [pid, t]) => s + t - (a.get(pid) ?? 0), 0);
const selfCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function org(store: Store, slug: string, kind: 'hotline' | 'platform') {
  const o = await registerOrganisation(store, { slug, name: slug, kind, jurisdiction: 'NL', languages: ['en'] });
  await store.db.insertInto('node_settings').values({ key: 'node.organisation', value: JSON.stringify(o.id) }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const admin = await upsertUser(store, { orgId: o.id, name: 'admin', email: `admin@${slug}.example`, roles: ['admin'], dataProtectionTrainedAt: new Date().toISOString() });
  const steward = await upsertUser(store, { orgId: o.id, name: 'steward', email: `steward@${slug}.example`, roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
  return { orgId: o.id, admin: await localPrincipal(store, admin.email), steward: await localPrincipal(store, steward.email), stewardUserId: steward.id };
}

async function share(a: Store, A: Awaited<ReturnType<typeof org>>, recipientOrgId: string, recipientSlug: string, slug: string, datasetId: string) {
  const ag = await draftAgreement(a, A.steward, {
    slug, title: `${slug} (synthetic)`, recipients: [{ orgId: recipientOrgId }], purposes: ['content-removal'], legalBasis: 'legitimate-interest', datasetIds: [datasetId], actions: ['export'],
    fields: { sourceRef: 'pseudonymised', kind: 'visible', reportedAt: 'visible', country: 'visible', contentItems: 'visible', signals: 'pseudonymised' },
    validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
  });
  await acceptAgreement(a, A.steward, ag.id, ag.versionHash);
  const u = await upsertUser(a, { orgId: recipientOrgId, name: 'recipient steward', email: `steward@${recipientSlug}.example`, roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
  await acceptAgreement(a, await localPrincipal(a, u.email), ag.id, ag.versionHash);
}

/** A node's store: a scratch PostgreSQL database or an embedded store in a folder. */
interface NodeDb {
  open(): Promise<Store>;
  /** Environment for `tessera serve` on this store. */
  env: NodeJS.ProcessEnv;
  args: string[];
  datname: string | null;
  drop(): Promise<void>;
}
async function nodeDb(name: string, existing?: string): Promise<NodeDb> {
  if (existing) {
    // A provider database kept by an earlier run (--keep-provider): reused as it is, never dropped here.
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = '/' + existing;
    return { open: () => openStore({ databaseUrl: url.toString() }), env: { ...env, DATABASE_URL: url.toString() }, args: [], datname: existing, drop: async () => undefined };
  }
  if (BACKEND === 'pglite') {
    const d = join(dir, name);
    return { open: () => openStore({ dataDir: d }), env, args: ['--data', d], datname: null, drop: async () => rmSync(d, { recursive: true, force: true }) };
  }
  const db = await createScratchDatabase();
  return { open: () => openStore({ databaseUrl: db.url }), env: { ...env, DATABASE_URL: db.url }, args: [], datname: new URL(db.url).pathname.slice(1), drop: () => db.drop() };
}

const hasAgreement = async (store: Store, slug: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM agreements WHERE slug = ${slug}`.execute(store.db)).rows[0]?.n === 1;

async function startProvider(node: NodeDb, port: number, syncInterval: string): Promise<ChildProcess> {
  const prof = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : [];
  const child = spawn(process.execPath, [...prof, BIN, ...node.args, 'serve', '--port', String(port), '--sync-interval', syncInterval, '--log-level', 'silent'], { env: node.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('provider did not start: ' + text)), 180_000);
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
      if (/API:/.test(text)) {
        clearTimeout(t);
        resolve();
      }
    });
    child.on('exit', (c) => reject(new Error(`provider exited (${c}): ${text}`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

const dropLater: NodeDb[] = [];

async function main(): Promise<void> {
  const nodeA = await nodeDb('provider', values['provider-db']);
  if (values['keep-provider'] && BACKEND === 'postgres') out(`provider database kept for --provider-db ${nodeA.datname ?? ''}`);
  else dropLater.push(nodeA);
  // Reads server CPU of both nodes' databases (PostgreSQL only).
  const admin = BACKEND === 'postgres' ? await nodeA.open() : null;
  const portA = await freePort();
  const urlA = `http://127.0.0.1:${portA}`;
  out(`exchange bench (${BACKEND}): ${N} records, ${RUNS} runs, pages of ${PAGE}; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  // --- provider: its organisation, two datasets, N records, two recipients' organisations and agreements
  const t = Date.now();
  const a = await nodeA.open();
  const A = await org(a, 'bench-hotline', 'hotline');
  const tips = await registerDatasetAsNode(a, { ownerOrgId: A.orgId, slug: 'tips', name: 'tips', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
  const fresh = await registerDatasetAsNode(a, { ownerOrgId: A.orgId, slug: 'fresh', name: 'fresh', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
  // Through the store's bulk path (COPY), 5,000 reports per batch.
  function* batches() {
    for (let i = 0; i < N; i += 5_000) yield makeBundles(A.orgId, tips.id, Math.min(5_000, N - i), `B${i / 5_000}`);
  }
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM reports WHERE dataset_id = ${tips.id}`.execute(a.db)).rows[0]?.n ?? 0);
  if (have !== N && have !== 0) throw new Error(`the provider database holds ${have} reports, not ${N}`);
  if (have === 0) await bulkLoadReports(a, batches());
  // Fresh statistics after the bulk load, as autovacuum would gather them (it is off on the bench server).
  await sql`ANALYZE`.execute(a.db);
  out(`provider loaded ${N} records in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const cardA = await selfCard(a, urlA);
  const stewardTokenA = (await issueToken(a, A.stewardUserId)).token;

  // --- throughput: one recipient store per run pulls the whole collection
  type Run = { seconds: number; recordsPerSecond: number; cpuRecipient: number; cpuProvider: number; cpuRecipientServer: number; cpuProviderServer: number; usPerRecordRecipient: number; usPerRecordProvider: number; load1: number };
  const throughput: Run[] = [];
  const recipients: Array<{ node: NodeDb; token: string }> = [];
  if (!skip.has('throughput')) {
    for (let r = 0; r < RUNS; r++) {
      const node = await nodeDb(`recipient-${r}`);
      dropLater.push(node);
      const b = await node.open();
      const B = await org(b, 'bench-platform', 'platform');
      // A fresh recipient store per run (same organisation, new key): a new token each time.
      const onA = await addPeer(a, A.admin, { card: await selfCard(b, 'http://127.0.0.1:9'), newToken: true });
      await addPeer(b, B.admin, { card: cardA, token: onA.tokenForPeer as string });
      if (r === 0 && !(await hasAgreement(a, 'bench-share'))) await share(a, A, B.orgId, 'bench-platform', 'bench-share', tips.id);
      await b.close();
      recipients.push({ node, token: onA.tokenForPeer as string });
    }
  }
  // --- latency recipient: its own organisation, an agreement over the (empty) fresh dataset, pushes
  const nodeL = await nodeDb('recipient-latency');
  dropLater.push(nodeL);
  const portL = await freePort();
  const l = await nodeL.open();
  const L = await org(l, 'bench-latency', 'platform');
  // newToken: a reused provider (--provider-db) already knows this organisation's node.
  const onAL = await addPeer(a, A.admin, { card: await selfCard(l, `http://127.0.0.1:${portL}`), pushRecords: true, newToken: true });
  const onL = await addPeer(l, L.admin, { card: cardA, token: onAL.tokenForPeer as string });
  await addPeer(a, A.admin, { card: await selfCard(l, `http://127.0.0.1:${portL}`), token: onL.tokenForPeer as string, pushRecords: true });
  if (!(await hasAgreement(a, 'bench-fresh'))) await share(a, A, L.orgId, 'bench-latency', 'bench-fresh', fresh.id);
  await a.close();

  if (!skip.has('throughput')) {
    const provider = await startProvider(nodeA, portA, '0');
    for (const [r, rec] of recipients.entries()) {
      const b = await rec.node.open();
      const load1 = loadavg()[0] as number;
      const sa0 = await serverCpu(admin, nodeA.datname);
      const sb0 = await serverCpu(admin, rec.node.datname);
      const c0 = selfCpu();
      const p0 = procCpu(provider.pid as number);
      const t0 = performance.now();
      let got = 0;
      const rep = await syncOnce(b, { pageSize: PAGE });
      got = rep.reduce((s, x) => s + (x.direction === 'pull' ? x.objects : 0), 0);
      const seconds = (performance.now() - t0) / 1000;
      const cpuRecipient = selfCpu() - c0;
      const cpuProvider = procCpu(provider.pid as number) - p0;
      const cpuProviderServer = serverDelta(sa0, await serverCpu(admin, nodeA.datname));
      const cpuRecipientServer = serverDelta(sb0, await serverCpu(admin, rec.node.datname));
      const errors = rep.filter((x) => x.error);
      if (errors.length || got !== N) throw new Error(`run ${r}: synced ${got} of ${N}: ${JSON.stringify(errors)}`);
      const us = (s: number) => (s * 1e6) / N;
      const run: Run = { seconds, recordsPerSecond: N / seconds, cpuRecipient, cpuProvider, cpuRecipientServer, cpuProviderServer, usPerRecordRecipient: us(cpuRecipient + cpuRecipientServer), usPerRecordProvider: us(cpuProvider + cpuProviderServer), load1 };
      throughput.push(run);
      const total = cpuRecipient + cpuProvider + cpuRecipientServer + cpuProviderServer;
      out(`run ${r + 1}: ${N} records in ${seconds.toFixed(1)} s = ${(N / seconds).toFixed(0)} records/s; CPU provider ${cpuProvider.toFixed(1)} s + server ${cpuProviderServer.toFixed(1)} s = ${run.usPerRecordProvider.toFixed(0)} µs/record, recipient ${cpuRecipient.toFixed(1)} s + server ${cpuRecipientServer.toFixed(1)} s = ${run.usPerRecordRecipient.toFixed(0)} µs/record (${(N / total).toFixed(0)} records per CPU-second); load ${load1.toFixed(1)}`);
      await b.close();
      await rec.node.drop();
    }
    await stop(provider);
  }

  // --- latency: provider pushes from its background loop to a served recipient
  const latencies: number[] = [];
  if (!skip.has('latency')) {
    const appL = await buildApp({ store: l, nodeName: 'bench-latency' });
    await appL.listen({ host: '127.0.0.1', port: portL });
    const provider = await startProvider(nodeA, portA, '0.2');
    for (let i = 0; i < LRUNS + 1; i++) {
      const ref = `LAT-${Date.now()}-${i}`;
      const t0 = performance.now();
      const res = await fetch(`${urlA}/api/v1/reports`, { method: 'POST', headers: { authorization: `Bearer ${stewardTokenA}`, 'content-type': 'application/json' }, body: JSON.stringify({ bundles: [{ report: { datasetId: fresh.id, sourceRef: ref, kind: 'hotline-report', reportedAt: new Date().toISOString(), country: 'NL' } }] }) });
      if (res.status !== 200) throw new Error(`write failed: ${res.status} ${await res.text()}`);
      for (;;) {
        const n = await l.db.selectFrom('exchange_copies' as never).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() as { n: number | string };
        if (Number(n.n) >= i + 1) break;
        if (performance.now() - t0 > 30_000) throw new Error('record did not arrive within 30 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      const ms = performance.now() - t0;
      if (i > 0) latencies.push(ms); // the first includes the loop's first round
      out(`latency ${i}: ${ms.toFixed(0)} ms${i === 0 ? ' (warm-up, not counted)' : ''}`);
    }
    await stop(provider);
    await appL.close();
  }
  await l.close();
  await admin?.close();

  const med = (k: keyof (typeof throughput)[number]) => (throughput.length ? median(throughput.map((x) => x[k])) : null);
  const figures = {
    records: N, runs: RUNS, pageSize: PAGE,
    backend: BACKEND === 'postgres' ? 'postgres (provider and recipient each in its own process and scratch database on the same server)' : 'pglite (provider and recipient each in its own process and store)',
    command: `npm run bench -- exchange ${process.argv.slice(2).join(' ')}`.trim(),
    throughput: {
      runs: throughput,
      median: {
        seconds: med('seconds'), recordsPerSecond: med('recordsPerSecond'), cpuRecipientSeconds: med('cpuRecipient'), cpuProviderSeconds: med('cpuProvider'),
        cpuRecipientServerSeconds: med('cpuRecipientServer'), cpuProviderServerSeconds: med('cpuProviderServer'), usPerRecordRecipient: med('usPerRecordRecipient'), usPerRecordProvider: med('usPerRecordProvider'), load1: med('load1'),
      },
      recordsPerCpuSecond: throughput.length ? median(throughput.map((x) => N / (x.cpuRecipient + x.cpuProvider + x.cpuRecipientServer + x.cpuProviderServer))) : null,
      goal: '≥ 10,000 records/s for 1,000,000 records (≤ 200 µs of CPU per record for both nodes on 2 cores)',
    },
    latency: { msRuns: latencies, medianMs: latencies.length ? median(latencies) : null, p100Ms: latencies.length ? Math.max(...latencies) : null, syncIntervalSeconds: 0.2, goal: '< 2 s' },
    loadavgEnd: loadavg(),
  };
  out(JSON.stringify({ throughput: figures.throughput.median, perCpuSecond: figures.throughput.recordsPerCpuSecond, latencyMedianMs: figures.latency.medianMs }));
  // One backend per invocation: keep the other backend's latest figures in the file.
  const resultsFile = join(import.meta.dirname, 'results', 'exchange.json');
  const before = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { backends?: Record<string, unknown> }) : {};
  writeBenchResult('exchange', { ...figures, backends: { ...(before.backends ?? {}), [BACKEND]: { measuredAt: new Date().toISOString(), ...figures } } });
}

main()
  .catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const n of dropLater) await n.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });
