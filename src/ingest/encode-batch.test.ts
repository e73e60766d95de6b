import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateContacts, generateReports } from '../generator/index.ts';
import { localPrincipal } from '../identity/index.ts';
import type { Store } from '../store/index.ts';
import type { ReportBundle } from '../store/repositories/records.ts';
import { openTestStore } from '../../test/support/databases.ts';
import { seedIngestWorld, type IngestWorld } from '../../test/fixtures/ingest/support.ts';
import { adapterFor } from './adapters.ts';
import { batchClose, batchEntry, batchOpen } from './cybertipline/index.ts';
import { encodeBatch, encodedTransfer, writeEncodedBatch, type EncodedBatch } from './encode-batch.ts';
import { contactCsvRow, contactsCsvHeader } from './helpline-csv/export.ts';
import { CHI_STYLE_MAPPING } from './helpline-csv/mapping.ts';
import { decode, memoryInput } from './input.ts';
import { prepare, writeBatch, writeBatchExact, type WriteContext } from './pipeline.ts';
import { ingestDb } from './tables.ts';
import type { IngestFormat, MapEnv, RawRecord } from './types.ts';
import type { AdapterOptions } from './adapters.ts';

// The fast path (encodeBatch + writeEncodedBatch) must store exactly what the exact path
// (writeBatchExact) stores for the same batch of new records, and write nothing at all when the
// batch is not all new. Two databases, seeded alike: the same batch goes into each one way.
// PostgreSQL only (two scratch databases); the inline path on PGlite runs in the other ingest tests.

/** Everything the ingest write touches, row by row, without the columns set by the clock. */
const TABLES = ['reports', 'content_items', 'signals', 'children', 'subjects', 'classifications', 'contacts', 'ingest_sources', 'indicator_rollup', 'lineage_contexts', 'ingest_batches', 'ingest_quarantine'];
const CLOCK = ['created_at', 'updated_at', 'committed_at', 'ingested_at', 'stored_at', 'at'];
async function dump(store: Store): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  await store.copyTransaction(async (tx) => {
    for (const t of TABLES) out[t] = (await tx.query<{ j: string }>(`SELECT (to_jsonb(t) - $1::text[])::text AS j FROM ${t} t ORDER BY 1`, [CLOCK])).rows.map((r) => r.j);
  });
  return out;
}

interface Side { store: Store; close(): Promise<void>; world: IngestWorld; ctx: WriteContext }

async function side(runId: string): Promise<Side> {
  const { store, close } = await openTestStore('postgres');
  const world = await seedIngestWorld(store);
  const actor = await localPrincipal(store, 'steward@platform.example');
  return { store, close, world, ctx: { store, db: ingestDb(store), actor, orgId: world.orgs.platform.orgId, datasetId: null, runId, format: 'cybertipline-xml', file: 'f', inputKey: 'k', hashSet: undefined, registry: undefined } };
}

async function startRun(s: Side, format: IngestFormat, file: string, datasetId: string): Promise<WriteContext> {
  const ctx: WriteContext = { ...s.ctx, format, file, datasetId, inputKey: `${format}|${file}` };
  await ctx.db.insertInto('ingest_runs').values({ id: ctx.runId, org_id: ctx.orgId, dataset_id: datasetId, format, file, input_key: ctx.inputKey, batch_size: 1000, status: 'running', started_by: ctx.actor.userId }).execute();
  return ctx;
}

async function mapped(s: Side, format: IngestFormat, text: string, file: string, datasetId: string, seq: number, opts: AdapterOptions = {}) {
  const adapter = adapterFor(format, opts);
  const receivedAt = '2026-11-01T00:00:00.000Z';
  const orgId = s.world.orgs.platform.orgId;
  const env: MapEnv = {
    orgId, datasetId, receivedAt, pseudonymise: (type, value) => `p:${type}:${value.length}`,
    lineage: { sourceOrgId: orgId, sourceSystem: 'test', collectionPurpose: 'content-removal', legalBasis: 'legitimate-interest', adapter: { name: 'test', version: '1' }, receivedAt, hops: [] },
  };
  const records: RawRecord[] = [];
  for await (const r of adapter.read(decode(memoryInput(text, file).bytes, { xml: format === 'cybertipline-xml' }), { file })) records.push(r);
  return prepare({ seq, records }, adapter, env, { file });
}

/** As a reader thread would hand it over: structured clone with the buffers transferred. */
const crossed = (enc: EncodedBatch): EncodedBatch => structuredClone(enc, { transfer: encodedTransfer(enc) });

describe.skipIf(process.env.DIALECTS !== undefined && !process.env.DIALECTS.includes('postgres'))('encodeBatch + writeEncodedBatch', () => {
  const runId = `ingest-run--${randomUUID()}`;
  let exact: Side;
  let fast: Side;
  beforeAll(async () => {
    [exact, fast] = await Promise.all([side(runId), side(runId)]);
    // The same organisations and datasets on both sides (ids are deterministic).
    const ids = (w: IngestWorld) => [w.orgs.platform.orgId, w.orgs.platform.datasetId, w.contactsDatasetId];
    expect(ids(fast.world)).toEqual(ids(exact.world));
  });
  afterAll(async () => {
    await Promise.all([exact?.close(), fast?.close()]);
  });

  const bundles: ReportBundle[] = [];
  for (const b of generateReports({ seed: 31, count: 30, batchSize: 30, offset: 9100 })) bundles.push(...b);
  const xml = (list: ReportBundle[], extra = '') => batchOpen + list.map((b) => batchEntry(b, { incidentType: 'Child Pornography (possession, manufacture, and distribution)' })).join('') + extra + batchClose;

  it('CyberTipline XML: the same rows, rollup, lineage, provenance, counts and quarantine as the exact path', async () => {
    // A record the reader refuses goes to quarantine on both paths.
    const text = xml(bundles.slice(0, 20), '<report><broken></report>');
    const ctxE = await startRun(exact, 'cybertipline-xml', 'a.xml', exact.world.orgs.platform.datasetId);
    const ctxF = await startRun(fast, 'cybertipline-xml', 'a.xml', fast.world.orgs.platform.datasetId);
    const wE = await mapped(exact, 'cybertipline-xml', text, 'a.xml', ctxE.datasetId as string, 0);
    const wF = await mapped(fast, 'cybertipline-xml', text, 'a.xml', ctxF.datasetId as string, 0);
    expect(wF.bad.length).toBeGreaterThan(0);
    const { recordIds: _ids, ...cE } = await writeBatchExact(ctxE, wE);
    const enc = encodeBatch(wF, ctxF);
    expect(enc.fast).not.toBeNull();
    const cF = await writeEncodedBatch(ctxF, crossed(enc));
    expect(cF).toEqual(cE);
    expect(cE.accepted).toBeGreaterThan(20);
    const [dE, dF] = await Promise.all([dump(exact.store), dump(fast.store)]);
    expect((dF.reports ?? []).length).toBe(20);
    expect((dF.indicator_rollup ?? []).length).toBeGreaterThan(0);
    expect(dF).toEqual(dE);
  });

  it('helpline CSV: the same rows as the exact path', async () => {
    const contacts = [...generateContacts({ seed: 32, count: 40, batchSize: 40 })].flat();
    const text = contactsCsvHeader + contacts.map(contactCsvRow).join('') + contactCsvRow({ ...(contacts[0] as (typeof contacts)[0]), sourceRef: 'BAD-DATE', contactAt: 'not a date' });
    const ctxE = { ...exact.ctx, format: 'helpline-csv' as const, file: 'a.csv', datasetId: exact.world.contactsDatasetId };
    const ctxF = { ...fast.ctx, format: 'helpline-csv' as const, file: 'a.csv', datasetId: fast.world.contactsDatasetId };
    const wE = await mapped(exact, 'helpline-csv', text, 'a.csv', exact.world.contactsDatasetId, 1, { mapping: CHI_STYLE_MAPPING });
    const wF = await mapped(fast, 'helpline-csv', text, 'a.csv', fast.world.contactsDatasetId, 1, { mapping: CHI_STYLE_MAPPING });
    expect(wF.bad.length).toBe(1);
    const { recordIds: _ids, ...cE } = await writeBatchExact(ctxE, wE);
    const cF = await writeEncodedBatch(ctxF, crossed(encodeBatch(wF, ctxF)));
    expect(cF).toEqual(cE);
    expect(cE).toMatchObject({ accepted: 40, quarantined: 1 });
    expect(await dump(fast.store)).toEqual(await dump(exact.store));
  });

  it('writes nothing and returns null when the batch is not all new; writeBatch then writes it exactly', async () => {
    const before = await dump(fast.store);
    const ctx = { ...fast.ctx, format: 'cybertipline-xml' as const, file: 'b.xml', datasetId: fast.world.orgs.platform.datasetId };
    // Stored reports among new ones.
    const again = await mapped(fast, 'cybertipline-xml', xml([...bundles.slice(0, 2), ...bundles.slice(20, 25), ...bundles.slice(3, 4)]), 'b.xml', ctx.datasetId, 2);
    expect(await writeEncodedBatch(ctx, encodeBatch(again, ctx))).toBeNull();
    expect(await dump(fast.store)).toEqual(before);
    // One stored report in the middle only, by id order: the unique index refuses the COPY.
    const middle = await mapped(fast, 'cybertipline-xml', xml(bundles.slice(19, 30)), 'b.xml', ctx.datasetId, 3);
    const enc = encodeBatch(middle, ctx);
    const probe = enc.fast?.reportProbe ?? [];
    expect(probe).not.toContain((bundles[19] as ReportBundle).report.id);
    expect(await writeEncodedBatch(ctx, enc)).toBeNull();
    expect(await dump(fast.store)).toEqual(before);
    // A stored contact among new ones (contacts have no probe: the unique index refuses it).
    const contacts = [...generateContacts({ seed: 32, count: 45, batchSize: 45 })].flat().slice(38);
    const csv = await mapped(fast, 'helpline-csv', contactsCsvHeader + contacts.map(contactCsvRow).join(''), 'b.csv', fast.world.contactsDatasetId, 4, { mapping: CHI_STYLE_MAPPING });
    const csvCtx = { ...fast.ctx, format: 'helpline-csv' as const, file: 'b.csv', datasetId: fast.world.contactsDatasetId };
    expect(await writeEncodedBatch(csvCtx, encodeBatch(csv, csvCtx))).toBeNull();
    expect(await dump(fast.store)).toEqual(before);
    // A fileDetails whose report is not on this node.
    const orphan = await mapped(fast, 'cybertipline-xml', xml([]).replace(batchClose, batchEntry(bundles.slice(25).find((b) => b.contentItems?.length) as ReportBundle).replace(/^[\s\S]*?<\/report>/, '') + batchClose), 'c.xml', ctx.datasetId, 5);
    const orphanEnc = encodeBatch(orphan, ctx);
    expect(orphanEnc.fast?.otherReports.length).toBeGreaterThan(0);
    expect(await writeEncodedBatch(ctx, orphanEnc)).toBeNull();
    expect(await dump(fast.store)).toEqual(before);
    // The exact path then decides each record: duplicates counted, new ones written.
    expect(await writeBatch(csvCtx, csv)).toMatchObject({ accepted: 5, duplicates: 2 });
    expect(await writeBatch(ctx, middle)).toMatchObject({ accepted: expect.any(Number), duplicates: expect.any(Number), quarantined: 0 });
    expect((await dump(fast.store)).reports?.length).toBe(30);
  });
});

// Binary COPY (src/store/copy-binary.ts) must store exactly what text COPY stores: the same
// batches encoded both ways, each written into its own database, read back identical.
describe.skipIf(process.env.DIALECTS !== undefined && !process.env.DIALECTS.includes('postgres'))('encodeBatch: binary and text COPY', () => {
  const runId = `ingest-run--${randomUUID()}`;
  let text: Side;
  let binary: Side;
  beforeAll(async () => {
    [text, binary] = await Promise.all([side(runId), side(runId)]);
  });
  afterAll(async () => {
    await Promise.all([text?.close(), binary?.close()]);
  });
  const formats = (enc: EncodedBatch) => Object.fromEntries((enc.fast?.copies ?? []).map((c) => [c.table, c.format]));

  it('CyberTipline XML and helpline CSV: the same rows either way; reports, files, contacts and provenance binary', async () => {
    const bundles: ReportBundle[] = [];
    for (const b of generateReports({ seed: 41, count: 60, batchSize: 60, offset: 9300 })) bundles.push(...b);
    const xml = batchOpen + bundles.map((b) => batchEntry(b, { incidentType: 'Child Pornography (possession, manufacture, and distribution)' })).join('') + '<report><broken></report>' + batchClose;
    // Non-ASCII free text in some rows (a region, a reference), as real helpline data has.
    const contacts = [...generateContacts({ seed: 42, count: 80, batchSize: 80 })].flat().map((c, i) => (i % 3 ? c : { ...c, region: 'São Paulo – Ñuñoa 日本', sourceRef: `RÉF-${c.sourceRef}` }));
    const csv = contactsCsvHeader + contacts.map(contactCsvRow).join('');
    for (const [s, asText] of [[text, true], [binary, false]] as const) {
      const ctx = { ...(await startRun(s, 'cybertipline-xml', 'x.xml', s.world.orgs.platform.datasetId)), text: asText };
      const enc = encodeBatch(await mapped(s, 'cybertipline-xml', xml, 'x.xml', ctx.datasetId as string, 0), ctx);
      const f = formats(enc);
      if (asText) expect(new Set(Object.values(f))).toEqual(new Set(['text']));
      else expect(f).toEqual({ reports: 'binary', content_items: 'binary', signals: 'text', children: 'text', subjects: 'text', classifications: 'text', indicator_rollup: 'text', ingest_sources: 'binary' });
      expect(await writeEncodedBatch(ctx, crossed(enc))).toMatchObject({ accepted: expect.any(Number), quarantined: 1 });
      const csvCtx = { ...ctx, format: 'helpline-csv' as const, file: 'c.csv', datasetId: s.world.contactsDatasetId };
      const encCsv = encodeBatch(await mapped(s, 'helpline-csv', csv, 'c.csv', s.world.contactsDatasetId, 1, { mapping: CHI_STYLE_MAPPING }), csvCtx);
      expect(formats(encCsv)).toEqual(asText ? { contacts: 'text', ingest_sources: 'text' } : { contacts: 'binary', ingest_sources: 'binary' });
      expect(await writeEncodedBatch(csvCtx, crossed(encCsv))).toMatchObject({ accepted: 80 });
    }
    const [dT, dB] = await Promise.all([dump(text.store), dump(binary.store)]);
    expect((dB.reports ?? []).length).toBe(60);
    expect((dB.contacts ?? []).length).toBe(80);
    expect(dB.contacts?.some((c) => c.includes('São Paulo – Ñuñoa 日本'))).toBe(true);
    expect(dB).toEqual(dT);
  });

  it('a value the binary encoder does not take sends its whole table as text, with the same result', async () => {
    const contacts = [...generateContacts({ seed: 43, count: 30, batchSize: 30 })].flat().map((c) => ({ ...c, sourceRef: `ALT-${c.sourceRef}` }));
    const csv = contactsCsvHeader + contacts.map(contactCsvRow).join('');
    for (const [s, asText] of [[text, true], [binary, false]] as const) {
      const ctx = { ...s.ctx, format: 'helpline-csv' as const, file: 'd.csv', datasetId: s.world.contactsDatasetId, text: asText };
      const work = await mapped(s, 'helpline-csv', csv, 'd.csv', s.world.contactsDatasetId, 2, { mapping: CHI_STYLE_MAPPING });
      // A time PostgreSQL reads (a zone name) but the binary encoder leaves to it.
      const unit = work.good[7]?.mapped.units[0];
      if (unit?.kind !== 'contact') throw new Error('expected a contact');
      unit.contact = { ...unit.contact, contactAt: '2025-06-03T09:53:17 UTC' };
      const enc = encodeBatch(work, ctx);
      expect(formats(enc)).toEqual(asText ? { contacts: 'text', ingest_sources: 'text' } : { contacts: 'text', ingest_sources: 'binary' });
      expect(await writeEncodedBatch(ctx, crossed(enc))).toMatchObject({ accepted: 30 });
    }
    const [dT, dB] = await Promise.all([dump(text.store), dump(binary.store)]);
    expect(dB.contacts?.some((c) => c.includes('"contact_at": "2025-06-03T09:53:17+00:00"'))).toBe(true);
    expect(dB).toEqual(dT);
  });
});
