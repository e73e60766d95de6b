/**
 * Where generated data goes: JSON Lines files (streamed, with backpressure) or a node's store
 * (one transaction per batch). Both stream: memory stays at one batch whatever the count.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Store } from '../store/index.ts';
import { insertContacts, insertReportBundles, type ReportBundle } from '../store/repositories/records.ts';
import { generateContacts } from './contacts.ts';
import { generateEcosystem, GENERATOR_VERSION } from './ecosystem.ts';
import { generateReports } from './reports.ts';
import { resolveCount, resolveSeed, type WindowOptions } from './context.ts';

export interface SyntheticRun extends WindowOptions {
  seed?: number;
  reports: number;
  contacts: number;
  batchSize?: number;
  /** Called after each batch: stage and records done so far in that stage. */
  onProgress?: (stage: 'reports' | 'contacts', done: number, total: number) => void;
}

export interface SyntheticCounts {
  seed: number;
  generatorVersion: string;
  organisations: number;
  datasets: number;
  users: number;
  reports: number;
  contentItems: number;
  signals: number;
  children: number;
  subjects: number;
  classifications: number;
  contacts: number;
  seconds: number;
  reportsPerSecond: number;
}

export interface FileSummary extends SyntheticCounts {
  out: string;
  files: Record<string, { path: string; lines: number; bytes: number }>;
}

function emptyCounts(seed: number): SyntheticCounts {
  return { seed, generatorVersion: GENERATOR_VERSION, organisations: 0, datasets: 0, users: 0, reports: 0, contentItems: 0, signals: 0, children: 0, subjects: 0, classifications: 0, contacts: 0, seconds: 0, reportsPerSecond: 0 };
}

function countBundles(c: SyntheticCounts, batch: readonly ReportBundle[]): void {
  for (const b of batch) {
    c.reports++;
    c.contentItems += b.contentItems?.length ?? 0;
    c.signals += b.signals?.length ?? 0;
    c.children += b.children?.length ?? 0;
    c.subjects += b.subjects?.length ?? 0;
    c.classifications += b.classifications?.length ?? 0;
  }
}

/** One JSON Lines file, written batch by batch; waits for 'drain' when the OS buffer is full. */
class JsonlWriter {
  readonly path: string;
  lines = 0;
  bytes = 0;
  readonly #out: ReturnType<typeof createWriteStream>;
  #error: Error | null = null;

  constructor(path: string) {
    this.path = path;
    this.#out = createWriteStream(path, { encoding: 'utf8' });
    // Kept until the next write: an error between writes must not crash the process.
    this.#out.on('error', (e) => {
      this.#error = e;
    });
  }

  async write(records: readonly unknown[]): Promise<void> {
    if (this.#error) throw this.#error;
    let chunk = '';
    for (const r of records) chunk += JSON.stringify(r) + '\n';
    this.lines += records.length;
    this.bytes += Buffer.byteLength(chunk);
    if (!this.#out.write(chunk)) await once(this.#out, 'drain');
    if (this.#error) throw this.#error;
  }

  async close(): Promise<void> {
    this.#out.end();
    await finished(this.#out);
    if (this.#error) throw this.#error;
  }
}

/**
 * Writes organisations.jsonl, datasets.jsonl, users.jsonl, reports.jsonl (one ReportBundle per
 * line) and contacts.jsonl to `dir`.
 */
export async function writeSyntheticFiles(dir: string, run: SyntheticRun): Promise<FileSummary> {
  const seed = resolveSeed(run.seed);
  const reports = resolveCount('reports', run.reports);
  const contacts = resolveCount('contacts', run.contacts);
  const started = performance.now();
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const counts = emptyCounts(seed);
  const window: WindowOptions = { ...(run.startAt ? { startAt: run.startAt } : {}), ...(run.months ? { months: run.months } : {}) };
  const eco = generateEcosystem({ seed, ...window });
  const writers: Record<string, JsonlWriter> = {};
  const open = (name: string) => (writers[name] = new JsonlWriter(join(out, `${name}.jsonl`)));
  try {
    await open('organisations').write(eco.organisations);
    await open('datasets').write(eco.datasets);
    await open('users').write(eco.users);
    counts.organisations = eco.organisations.length;
    counts.datasets = eco.datasets.length;
    counts.users = eco.users.length;
    const rw = open('reports');
    for (const batch of generateReports({ seed, count: reports, ...window, ...(run.batchSize ? { batchSize: run.batchSize } : {}) })) {
      await rw.write(batch);
      countBundles(counts, batch);
      run.onProgress?.('reports', counts.reports, reports);
    }
    const cw = open('contacts');
    for (const batch of generateContacts({ seed, count: contacts, ...window, ...(run.batchSize ? { batchSize: run.batchSize } : {}) })) {
      await cw.write(batch);
      counts.contacts += batch.length;
      run.onProgress?.('contacts', counts.contacts, contacts);
    }
  } finally {
    for (const w of Object.values(writers)) await w.close();
  }
  counts.seconds = Math.round(performance.now() - started) / 1000;
  counts.reportsPerSecond = counts.seconds > 0 ? Math.round(counts.reports / counts.seconds) : 0;
  const files: FileSummary['files'] = {};
  for (const [name, w] of Object.entries(writers)) files[name] = { path: w.path, lines: w.lines, bytes: w.bytes };
  return { ...counts, out, files };
}

/**
 * Loads a synthetic dataset into a node's store: organisations and datasets first (existing
 * ones are left alone), then report bundles and contacts in one transaction per batch.
 * Ids are deterministic, so loading the same seed twice adds nothing.
 * Demo users are not loaded here: user accounts belong to the identity module (`tessera demo`).
 */
export async function loadIntoStore(store: Store, run: SyntheticRun): Promise<SyntheticCounts & { duplicates: number }> {
  const seed = resolveSeed(run.seed);
  const reports = resolveCount('reports', run.reports);
  const contacts = resolveCount('contacts', run.contacts);
  const started = performance.now();
  const counts = { ...emptyCounts(seed), duplicates: 0 };
  const window: WindowOptions = { ...(run.startAt ? { startAt: run.startAt } : {}), ...(run.months ? { months: run.months } : {}) };
  const eco = generateEcosystem({ seed, ...window });
  for (const o of eco.organisations) {
    await store.db
      .insertInto('organisations')
      .values({ id: o.id, slug: o.slug, name: o.name, kind: o.kind, jurisdiction: o.jurisdiction, languages: o.languages, node_url: o.nodeUrl ?? null })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  for (const d of eco.datasets) {
    await store.db
      .insertInto('datasets')
      .values({ id: d.id, owner_org_id: d.ownerOrgId, slug: d.slug, name: d.name, description: d.description, record_type: d.recordType, purpose: d.purpose, legal_basis: d.legalBasis, retention_days: d.retentionDays, created_at: d.createdAt })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  counts.organisations = eco.organisations.length;
  counts.datasets = eco.datasets.length;
  let done = 0;
  for (const batch of generateReports({ seed, count: reports, ...window, ...(run.batchSize ? { batchSize: run.batchSize } : {}) })) {
    const w = await store.db.transaction().execute((trx) => insertReportBundles(trx, batch));
    counts.duplicates += w.duplicates;
    countBundles(counts, batch);
    done += batch.length;
    run.onProgress?.('reports', done, reports);
  }
  done = 0;
  for (const batch of generateContacts({ seed, count: contacts, ...window, ...(run.batchSize ? { batchSize: run.batchSize } : {}) })) {
    const w = await store.db.transaction().execute((trx) => insertContacts(trx, batch));
    counts.duplicates += w.duplicates;
    counts.contacts += batch.length;
    done += batch.length;
    run.onProgress?.('contacts', done, contacts);
  }
  counts.seconds = Math.round(performance.now() - started) / 1000;
  counts.reportsPerSecond = counts.seconds > 0 ? Math.round(counts.reports / counts.seconds) : 0;
  return counts;
}
