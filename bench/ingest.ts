/**
 * `npm run bench -- ingest [--reports N] [--contacts N] [--runs N] [--gb G] [--workers 0|1|2] [--only xml,csv] [--backend postgres|pglite] [--keep DIR]`
 *
 * End-to-end ingest throughput, as `tessera ingest` does it: read the file, decode, parse, validate
 * against the CDM, map, write to the store (with lineage, provenance rows and per-batch checkpoints).
 *  - CyberTipline: generated reports exported as a CyberTipline batch file (report + fileDetails
 *    documents), ingested into PostgreSQL. Goal ≥ 5,000 reports/s.
 *  - Helpline CSV: generated contacts as a CHI-style export. Goal ≥ 50,000 rows/s.
 *  - Memory: a CyberTipline file of --gb GiB, RSS sampled every 250 ms; peak and the growth between
 *    the first and last tenth of the run (flat = no growth with input size).
 * Medians over --runs runs, each into a fresh scratch database. Inputs are generated once, in a child
 * process (not timed, and not warming this process's code, see `generated`).
 * CPU is counted for the whole ingest process (main thread and mapping workers, process.cpuUsage)
 * and, on PostgreSQL, for the server backends of the run's connections (/proc/PID/stat); the
 * machine is shared, so per-CPU-second rates are the figures to compare across runs.
 */
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateContacts, generateEcosystem, generateReports } from '../src/generator/index.ts';
import type { Principal } from '../src/identity/index.ts';
import { CHI_STYLE_MAPPING, batchClose, batchEntry, batchOpen, contactCsvRow, contactsCsvHeader, fileInput, ingest } from '../src/ingest/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { createScratchDatabase } from '../test/support/databases.ts';
import { median, writeBenchResult } from './_report.ts';
import { sql } from 'kysely';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '100000' }, contacts: { type: 'string', default: '500000' }, runs: { type: 'string', default: '3' },
    gb: { type: 'string', default: '0' }, backend: { type: 'string', default: 'postgres' }, keep: { type: 'string' }, only: { type: 'string', default: 'xml,csv' },
    workers: { type: 'string' },
    'write-input': { type: 'string' }, out: { type: 'string' },
  },
});
const REPORTS = Number(values.reports);
const CONTACTS = Number(values.contacts);
const RUNS = Number(values.runs);
const GB = Number(values.gb);
/** --workers: 0 reads, parses and maps in the main thread; 1 in one reader thread; 2 in two reader threads mapping alternate batches (default: the ingest default, see READER_AFTER_BYTES in src/ingest/pipeline.ts). */
const WORKERS = values.workers === undefined ? {} : { workers: Number(values.workers) };
const dir = values['write-input'] ? '' : (values.keep ?? mkdtempSync(join(tmpdir(), 'tessera-bench-ingest-')));
const INCIDENT = 'Child Pornography (possession, manufacture, and distribution)';

async function write(path: string, chunks: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  for (const c of chunks) if (!out.write(c)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

function* xmlChunks(count: number, seed: number, maxBytes = Infinity): Iterable<string> {
  yield batchOpen;
  let bytes = 0;
  let offset = 0;
  for (;;) {
    for (const batch of generateReports({ seed, count: Math.min(count - offset, 10_000), batchSize: 2000, offset })) {
      let s = '';
      for (const b of batch) s += batchEntry(b, { incidentType: INCIDENT });
      bytes += s.length;
      yield s;
    }
    offset += 10_000;
    if (offset >= count || bytes >= maxBytes) break;
  }
  yield batchClose;
}

function* csvChunks(count: number): Iterable<string> {
  yield contactsCsvHeader;
  for (const batch of generateContacts({ seed: 4, count, batchSize: 5000 })) yield batch.map(contactCsvRow).join('');
}

const TICK = 100; // USER_HZ on Linux
/** CPU seconds a process has used (user + system), or null when /proc cannot tell (another host, gone). */
function procCpuSeconds(pid: number): number | null {
  try {
    const f = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used during the run by the PostgreSQL backends serving this store's database
 * (Linux /proc; 0 elsewhere). The pool closes a connection idle for 10 s, and on a loaded machine
 * some do close mid-run: reading the backends only at the start and the end lost their CPU (a
 * run measured 45 µs of server CPU per report, the next one 144). So backends are listed every
 * second and read every 250 ms, and each counts up to its last reading; a backend that appeared
 * during the run counts from zero.
 */
function serverCpuTracker(store: Store): { start(): Promise<void>; stop(): Promise<number> } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let ticks = 0;
  const list = async () => {
    if (store.kind !== 'postgres') return;
    const rows = (await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(store.db)).rows;
    for (const { pid } of rows) {
      if (last.has(pid)) continue;
      const v = procCpuSeconds(pid);
      if (v === null) continue;
      first.set(pid, started ? 0 : v);
      last.set(pid, v);
    }
  };
  const read = () => {
    for (const pid of last.keys()) {
      const v = procCpuSeconds(pid);
      if (v !== null) last.set(pid, v);
    }
  };
  return {
    async start() {
      await list();
      started = true;
      timer = setInterval(() => {
        read();
        if (++ticks % 4 === 0) list().catch(() => {});
      }, 250);
    },
    async stop() {
      clearInterval(timer);
      await list();
      read();
      let s = 0;
      for (const [pid, v] of last) s += v - (first.get(pid) ?? 0);
      return Number(s.toFixed(2));
    },
  };
}

async function open(): Promise<{ store: Store; cleanup(): Promise<void> }> {
  if (values.backend === 'pglite') {
    const d = mkdtempSync(join(tmpdir(), 'tessera-bench-db-'));
    const store = await openStore({ dataDir: d });
    return { store, cleanup: async () => { await store.close(); rmSync(d, { recursive: true, force: true }); } };
  }
  const db = await createScratchDatabase();
  const store = await openStore({ databaseUrl: db.url });
  return { store, cleanup: async () => { await store.close(); await db.drop(); } };
}

async function setUp(store: Store): Promise<{ actor: Principal; reports: string; contacts: string }> {
  const eco = generateEcosystem({ seed: 1 });
  const org = eco.organisations[0] as (typeof eco.organisations)[number];
  await registerOrganisation(store, org);
  const reports = await registerDatasetAsNode(store, { ownerOrgId: org.id, slug: 'bench-reports', name: 'bench reports', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
  const contacts = await registerDatasetAsNode(store, { ownerOrgId: org.id, slug: 'bench-contacts', name: 'bench contacts', recordType: 'contact', purpose: 'service-provision', legalBasis: 'consent', createdAt: '2026-01-01T00:00:00Z' });
  const actor: Principal = { userId: 'bench', name: 'bench', email: 'bench@bench.example', orgId: org.id, orgSlug: org.slug, orgJurisdiction: org.jurisdiction, roles: ['steward'], dataProtectionTrainedAt: null, safeguardingTrainedAt: null, via: 'local' };
  return { actor, reports: reports.id, contacts: contacts.id };
}

/**
 * CPU seconds this process used since c0 (user + system). On a shared machine the wall-clock rate
 * depends on everyone else's load; records per CPU-second of the ingesting process is the
 * load-independent figure (the database server's own CPU is not in it).
 */
function cpuSeconds(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return Number(((d.user + d.system) / 1e6).toFixed(2));
}

interface Sampled { peakRssMB: number; firstTenthRssMB: number; lastTenthRssMB: number }
function sampler(): { stop(): Sampled } {
  const samples: number[] = [];
  const t = setInterval(() => samples.push(process.memoryUsage().rss), 250);
  return {
    stop() {
      clearInterval(t);
      samples.push(process.memoryUsage().rss);
      const tenth = Math.max(1, Math.floor(samples.length / 10));
      const mb = (x: number) => Math.round(x / 1e6);
      return { peakRssMB: mb(Math.max(...samples)), firstTenthRssMB: mb(Math.max(...samples.slice(0, tenth))), lastTenthRssMB: mb(Math.max(...samples.slice(-tenth))) };
    },
  };
}

async function runXml(file: string, reports: number, log = false) {
  const { store, cleanup } = await open();
  try {
    const s = await setUp(store);
    const mem = sampler();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let lastLog = performance.now();
    const onProgress = (n: number) => {
      if (!log || performance.now() - lastLog < 30_000) return;
      lastLog = performance.now();
      process.stdout.write(`    ${Math.round((lastLog - t0) / 1000)} s: ${n.toLocaleString('en')} records, RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB\n`);
    };
    const l0 = loadavg()[0] as number;
    const server0 = serverCpuTracker(store);
    await server0.start();
    const r = await ingest(store, s.actor, { format: 'cybertipline-xml', dataset: s.reports, inputs: [await fileInput(file)], onProgress, ...WORKERS });
    const secs = (performance.now() - t0) / 1000;
    const m = mem.stop();
    const cpu = cpuSeconds(c0);
    const server = await server0.stop();
    if (r.quarantined) throw new Error(`unexpected quarantine: ${JSON.stringify(r.byReason)}`);
    return {
      reports, records: r.records, accepted: r.accepted, seconds: Number(secs.toFixed(2)), cpuSeconds: cpu, serverCpuSeconds: server, loadAvg1: [Number(l0.toFixed(2)), Number((loadavg()[0] as number).toFixed(2))],
      reportsPerSec: Math.round(reports / secs), reportsPerCpuSec: Math.round(reports / cpu), reportsPerCpuSecWithServer: Math.round(reports / (cpu + server)), recordsPerSec: Math.round(r.records / secs),
      // CPU per report (its fileDetails included): what two cores can carry is 2e6 / (node + server) reports/s at best.
      nodeCpuUsPerReport: reports ? Math.round((cpu * 1e6) / reports) : null, serverCpuUsPerReport: reports ? Math.round((server * 1e6) / reports) : null,
      nodeCpuUsPerRecord: Math.round((cpu * 1e6) / r.records), serverCpuUsPerRecord: Math.round((server * 1e6) / r.records),
      // The wall rate as a share of what two cores could carry at this CPU cost: near 100% only when Node and the server work at the same time (and nothing else runs).
      shareOfTwoCoreBound: reports ? Number(((reports / secs) / (2 / (cpu + server) * reports)).toFixed(2)) : null, ...m,
    };
  } finally {
    await cleanup();
  }
}

async function runCsv(file: string) {
  const { store, cleanup } = await open();
  try {
    const s = await setUp(store);
    const mem = sampler();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const l0 = loadavg()[0] as number;
    const server0 = serverCpuTracker(store);
    await server0.start();
    const r = await ingest(store, s.actor, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: s.contacts, inputs: [await fileInput(file)], ...WORKERS });
    const secs = (performance.now() - t0) / 1000;
    const m = mem.stop();
    const cpu = cpuSeconds(c0);
    const server = await server0.stop();
    return {
      rows: r.records, accepted: r.accepted, quarantined: r.quarantined, seconds: Number(secs.toFixed(2)), cpuSeconds: cpu, serverCpuSeconds: server, loadAvg1: [Number(l0.toFixed(2)), Number((loadavg()[0] as number).toFixed(2))],
      rowsPerSec: Math.round(r.records / secs), rowsPerCpuSec: Math.round(r.records / cpu), rowsPerCpuSecWithServer: Math.round(r.records / (cpu + server)),
      nodeCpuUsPerRow: Math.round((cpu * 1e6) / r.records), serverCpuUsPerRow: Math.round((server * 1e6) / r.records),
      shareOfTwoCoreBound: Number(((cpu + server) / 2 / secs).toFixed(2)), ...m,
    };
  } finally {
    await cleanup();
  }
}

/**
 * Inputs are generated in a child process (this script with --write-input), not in the process
 * that ingests, so the generator's memory is not in the figures: the 1 GiB memory run's first
 * tenth fell from 915 to 679 MB of RSS (2026-11-22, quiet). CPU per report did not change
 * measurably (3 runs each way, 100,000 reports).
 */
function generated(kind: 'xml' | 'csv' | 'big', path: string): number {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--write-input', kind, '--out', path, '--reports', String(REPORTS), '--contacts', String(CONTACTS), '--gb', String(GB)];
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generating the ${kind} input failed (exit ${r.status})`);
  return statSync(path).size;
}
if (values['write-input']) {
  const path = values.out as string;
  const kind = values['write-input'];
  if (kind === 'xml') await write(path, xmlChunks(REPORTS, 3));
  else if (kind === 'csv') await write(path, csvChunks(CONTACTS));
  else await write(path, xmlChunks(Number.MAX_SAFE_INTEGER, 5, GB * 1024 ** 3));
  process.exit(0);
}

const load = () => loadavg().map((x) => Number(x.toFixed(2)));
// Node's flags change the figures (bench/run.js gives this process the ones `tessera ingest` runs
// with, bin/node-flags.js; NODE_OPTIONS may add others), so they are recorded.
const out: Record<string, unknown> = { backend: values.backend, cores: cpus().length, nodeFlags: process.execArgv.filter((a) => a.startsWith('--max')), nodeOptions: process.env.NODE_OPTIONS ?? '', loadAvgAtStart: load() };
const only = new Set(values.only.split(','));
if (only.has('xml')) {
  const xmlFile = join(dir, 'cybertipline.xml');
  const size = generated('xml', xmlFile);
  process.stdout.write(`CyberTipline batch: ${REPORTS.toLocaleString('en')} reports, ${(size / 1e6).toFixed(0)} MB\n`);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await runXml(xmlFile, REPORTS);
    process.stdout.write(`  run ${i + 1}: ${r.reportsPerSec.toLocaleString('en')} reports/s wall clock; CPU per report: ${r.nodeCpuUsPerReport} µs Node (all threads) + ${r.serverCpuUsPerReport} µs PostgreSQL = ${(r.nodeCpuUsPerReport ?? 0) + (r.serverCpuUsPerReport ?? 0)} µs (${r.cpuSeconds} + ${r.serverCpuSeconds} CPU-s; ${r.recordsPerSec.toLocaleString('en')} records/s incl. fileDetails), ${Math.round((r.shareOfTwoCoreBound ?? 0) * 100)}% of the two-core bound, peak RSS ${r.peakRssMB} MB, load ${load().join(' ')}\n`);
    runs.push(r);
  }
  out.cybertipline = { reports: REPORTS, fileMB: Math.round(size / 1e6), medianReportsPerSec: median(runs.map((r) => r.reportsPerSec)), medianReportsPerCpuSec: median(runs.map((r) => r.reportsPerCpuSec)), medianReportsPerCpuSecWithServer: median(runs.map((r) => r.reportsPerCpuSecWithServer)), medianSeconds: median(runs.map((r) => r.seconds)), medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)), medianServerCpuSeconds: median(runs.map((r) => r.serverCpuSeconds)), medianNodeCpuUsPerReport: median(runs.map((r) => r.nodeCpuUsPerReport ?? 0)), medianServerCpuUsPerReport: median(runs.map((r) => r.serverCpuUsPerReport ?? 0)), workers: values.workers ?? 'default', medianRecordsPerSec: median(runs.map((r) => r.recordsPerSec)), goalReportsPerSec: 5000, runs };
  process.stdout.write(`CyberTipline → ${values.backend}: median ${median(runs.map((r) => r.reportsPerSec)).toLocaleString('en')} reports/s over ${RUNS} run(s)\n`);
  rmSync(xmlFile, { force: true });
}
if (only.has('csv')) {
  const csvFile = join(dir, 'contacts.csv');
  const size = generated('csv', csvFile);
  process.stdout.write(`Helpline CSV: ${CONTACTS.toLocaleString('en')} rows, ${(size / 1e6).toFixed(0)} MB\n`);
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await runCsv(csvFile);
    process.stdout.write(`  run ${i + 1}: ${r.rowsPerSec.toLocaleString('en')} rows/s wall clock; CPU per row: ${r.nodeCpuUsPerRow} µs Node (all threads) + ${r.serverCpuUsPerRow} µs PostgreSQL (${r.cpuSeconds} + ${r.serverCpuSeconds} CPU-s), ${Math.round(r.shareOfTwoCoreBound * 100)}% of the two-core bound, peak RSS ${r.peakRssMB} MB, load ${load().join(' ')}\n`);
    runs.push(r);
  }
  out.helplineCsv = { rows: CONTACTS, fileMB: Math.round(size / 1e6), medianRowsPerSec: median(runs.map((r) => r.rowsPerSec)), medianRowsPerCpuSec: median(runs.map((r) => r.rowsPerCpuSec)), medianRowsPerCpuSecWithServer: median(runs.map((r) => r.rowsPerCpuSecWithServer)), medianSeconds: median(runs.map((r) => r.seconds)), medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)), medianServerCpuSeconds: median(runs.map((r) => r.serverCpuSeconds)), medianNodeCpuUsPerRow: median(runs.map((r) => r.nodeCpuUsPerRow)), medianServerCpuUsPerRow: median(runs.map((r) => r.serverCpuUsPerRow)), workers: values.workers ?? 'default', goalRowsPerSec: 50000, runs };
  process.stdout.write(`Helpline CSV → ${values.backend}: median ${median(runs.map((r) => r.rowsPerSec)).toLocaleString('en')} rows/s over ${RUNS} run(s)\n`);
  rmSync(csvFile, { force: true });
}
if (GB > 0) {
  const bigFile = join(dir, 'big.xml');
  const size = generated('big', bigFile);
  process.stdout.write(`Memory: CyberTipline file of ${(size / 1024 ** 3).toFixed(2)} GiB\n`);
  const r = await runXml(bigFile, 0, true);
  out.memory = { fileGiB: Number((size / 1024 ** 3).toFixed(2)), records: r.records, seconds: r.seconds, recordsPerSec: r.recordsPerSec, nodeCpuUsPerRecord: r.nodeCpuUsPerRecord, serverCpuUsPerRecord: r.serverCpuUsPerRecord, workers: values.workers ?? 'default', peakRssMB: r.peakRssMB, firstTenthRssMB: r.firstTenthRssMB, lastTenthRssMB: r.lastTenthRssMB };
  process.stdout.write(`  ${r.records.toLocaleString('en')} records in ${r.seconds} s; RSS peak ${r.peakRssMB} MB, first tenth ${r.firstTenthRssMB} MB, last tenth ${r.lastTenthRssMB} MB\n`);
  rmSync(bigFile, { force: true });
}
out.loadAvgAtEnd = load();
if (!values.keep) rmSync(dir, { recursive: true, force: true });
// A run of some parts (--only, --gb) keeps the other parts' last figures.
const previousFile = new URL('./results/ingest.json', import.meta.url);
const previous = existsSync(previousFile) ? (JSON.parse(readFileSync(previousFile, 'utf8')) as Record<string, unknown>) : {};
const kept = Object.fromEntries(['cybertipline', 'helplineCsv', 'memory'].filter((k) => !(k in out) && k in previous).map((k) => [k, { ...(previous[k] as object), measuredAt: previous.measuredAt, loadAvg: [previous.loadAvgAtStart, previous.loadAvgAtEnd] }]));
writeBenchResult('ingest', { ...kept, ...out });
