/**
 * Two reader threads (`workers: 2`, src/ingest/reader.ts) must write exactly what inline reading
 * writes: the same rows, provenance, quarantine entries (place, message, id) and checkpoints, also
 * when the run is interrupted and resumed; and a thread that dies must fail the run, not hang it.
 * Each mode runs in a database of its own, and the stored rows are compared column by column.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateContacts, generateReports } from '../src/generator/index.ts';
import { CHI_STYLE_MAPPING, batchClose, batchEntry, batchOpen, contactCsvRow, contactsCsvHeader, ingest, memoryInput } from '../src/ingest/index.ts';
import type { Contact } from '../src/model/index.ts';
import type { Store } from '../src/store/index.ts';
import { openTestStore } from './support/databases.ts';
import { seedIngestWorld, type IngestWorld } from './fixtures/ingest/support.ts';

type Opened = { store: Store; close(): Promise<void>; w: IngestWorld };
const opened: Opened[] = [];
async function fresh(): Promise<Opened> {
  const o = await openTestStore('postgres');
  const w = await seedIngestWorld(o.store);
  const x = { ...o, w };
  opened.push(x);
  return x;
}
afterAll(async () => {
  delete process.env.TESSERA_INGEST_READER_FAULT;
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

/** What a run leaves in the store, without what differs between runs by design (run ids, times). */
async function dump(store: Store): Promise<Record<string, unknown[]>> {
  const q = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(store.db)).rows;
  return {
    reports: await q(`SELECT id, source_ref, dataset_id, raw_digest FROM reports ORDER BY id`),
    contentItems: await q(`SELECT id, report_id, source_ref, sha256, md5, pdq FROM content_items ORDER BY id`),
    children: await q(`SELECT count(*)::int AS n FROM children`),
    subjects: await q(`SELECT count(*)::int AS n FROM subjects`),
    signals: await q(`SELECT count(*)::int AS n FROM signals`),
    classifications: await q(`SELECT id, target_id, scheme, code FROM classifications ORDER BY id`),
    contacts: await q(`SELECT id, source_ref, channel, contact_at, categories::text AS categories FROM contacts ORDER BY id`),
    sources: await q(`SELECT record_id, file, line, path, raw_digest, notes FROM ingest_sources ORDER BY record_id, line`),
    quarantine: await q(`SELECT id, file, line, col, path, field, code, message, raw FROM ingest_quarantine ORDER BY id`),
    batches: await q(`SELECT r.file, b.seq, b.records, b.accepted, b.duplicates, b.quarantined FROM ingest_batches b JOIN ingest_runs r ON r.id = b.run_id ORDER BY r.file, b.seq`),
    runs: await q(`SELECT status, file FROM ingest_runs ORDER BY file`),
  };
}

/** Some 140 reports with their files, and records that must go to quarantine in different batches. */
function xmlInput(): { xml: Buffer; records: number } {
  const bundles = [];
  for (const b of generateReports({ seed: 41, count: 140, batchSize: 140, offset: 7000 })) bundles.push(...b.filter((x) => x.report.incidentTypes.some((t) => t.scheme === 'ncmec-incident')));
  const entries = bundles.map((b) => batchEntry(b));
  // An impossible date, a file naming a report that is not on the node (written by the exact path
  // after the fast path refused it), and a byte that is not UTF-8.
  entries[7] = (entries[7] as string).replace(/<incidentDateTime>[^<]*</, '<incidentDateTime>2025-02-30T11:00:00Z<');
  entries[40] = (entries[40] as string).replace(/<fileDetails([^>]*)>\s*<reportId>[^<]*</, '<fileDetails$1>\n  <reportId>NOT-ON-THIS-NODE<');
  const records = bundles.reduce((n, b) => n + 1 + (b.contentItems?.length ?? 0), 0);
  const text = batchOpen + entries.join('') + batchClose;
  const at = text.indexOf('<espService>', text.length >> 1);
  const buf = Buffer.from(text, 'utf8');
  const byteAt = Buffer.byteLength(text.slice(0, at + '<espService>'.length), 'utf8');
  buf[byteAt] = 0xff;
  return { xml: buf, records };
}

function csvInput(offset = 70_000): string {
  const contacts: Contact[] = [];
  for (const b of generateContacts({ seed: 43, count: 400, batchSize: 400, offset })) contacts.push(...b);
  const rows = contacts.map(contactCsvRow);
  rows[49] = (rows[49] as string).replace(/,20\d\d-\d\d-\d\dT/, ',2026-02-30T');
  rows[250] = (rows[250] as string).replace(/\n$/, ',extra\n');
  rows[251] = rows[10] as string; // the same contact twice: a duplicate, through the exact path
  return contactsCsvHeader + rows.join('');
}

describe('ingest through two reader threads', () => {
  let inline: Opened;
  let threads: Opened;
  beforeAll(async () => {
    [inline, threads] = await Promise.all([fresh(), fresh()]);
  });

  const xml = (o: Opened, data: Buffer, extra: Record<string, unknown>) =>
    ingest(o.store, o.w.steward, { format: 'cybertipline-xml', inputs: [memoryInput(data, 'batch.xml')], dataset: o.w.orgs.platform.datasetId, batchSize: 25, ...extra });
  const csv = (o: Opened, text: string, extra: Record<string, unknown>) =>
    ingest(o.store, o.w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(text, 'contacts.csv')], batchSize: 30, ...extra });

  it('CyberTipline XML and helpline CSV: the same rows, quarantine entries and checkpoints as inline reading, also interrupted and resumed', async () => {
    const { xml: data, records } = xmlInput();
    const a = await xml(inline, data, { workers: 0 });
    expect(a.records).toBe(records);
    expect(a.byReason).toMatchObject({ invalid_encoding: 1, invalid_value: 1 });
    expect(a.byReason.unknown_report).toBeGreaterThanOrEqual(1);

    const first = await xml(threads, data, { workers: 2, stopAfterBatches: 5 });
    expect(first.warnings.join(' ')).toMatch(/interrupted/);
    const second = await xml(threads, data, { workers: 2 });
    expect(second.warnings.join(' ')).toMatch(/resuming run/);
    expect(second.resumed).toBe(5 * 25);
    expect(first.accepted + second.accepted).toBe(a.accepted);
    expect(first.quarantined + second.quarantined).toBe(a.quarantined);
    const reasons = { ...first.byReason };
    for (const [k, v] of Object.entries(second.byReason)) reasons[k] = (reasons[k] ?? 0) + v;
    expect(reasons).toEqual(a.byReason);

    const text = csvInput();
    const c = await csv(inline, text, { workers: 0 });
    expect(c).toMatchObject({ records: 400, duplicates: 1, quarantined: 2 });
    const d = await csv(threads, text, { workers: 2 });
    expect(d).toMatchObject({ records: c.records, accepted: c.accepted, duplicates: c.duplicates, quarantined: c.quarantined, byReason: c.byReason, flags: c.flags });

    const [x, y] = [await dump(inline.store), await dump(threads.store)];
    expect((x.quarantine as unknown[]).length).toBe(a.quarantined + c.quarantined);
    expect((x.batches as unknown[]).length).toBeGreaterThan(20);
    expect(y).toEqual(x);

    // And a second run of the same inputs through the threads adds nothing: every batch falls back
    // to the exact path, which gets the mapped records from the thread that kept them.
    expect(await xml(threads, data, { workers: 2 })).toMatchObject({ records, accepted: 0, duplicates: a.accepted, quarantined: a.quarantined });
  });

  it('a reader thread that dies or throws fails the run with a clear error; running again resumes', async () => {
    const text = csvInput(80_000);
    const o = threads;
    const stored = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM contacts`.execute(o.store.db)).rows[0]?.n ?? 0;
    const before = await stored();
    process.env.TESSERA_INGEST_READER_FAULT = '1:exit';
    await expect(csv(o, text, { workers: 2, batchSize: 20 })).rejects.toMatchObject({ code: 'reader_thread_failed', message: expect.stringMatching(/reader thread 2 of 2 exited/) });
    process.env.TESSERA_INGEST_READER_FAULT = '0:throw';
    await expect(csv(o, text, { workers: 2, batchSize: 20 })).rejects.toThrow(/reader fault injected/);
    delete process.env.TESSERA_INGEST_READER_FAULT;
    const runs = await sql<{ status: string }>`SELECT status FROM ingest_runs WHERE file = 'contacts.csv' ORDER BY started_at DESC LIMIT 1`.execute(o.store.db);
    expect(runs.rows[0]).toEqual({ status: 'failed' });
    const again = await csv(o, text, { workers: 2, batchSize: 20 });
    expect(again.warnings.join(' ')).toMatch(/resuming run/);
    expect(again.records).toBe(400);
    // Nothing lost, nothing twice: 400 rows, two refused, one a duplicate.
    expect(await stored()).toBe(before + 397);
  });
});
