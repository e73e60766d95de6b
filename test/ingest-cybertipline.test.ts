import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { generateReports } from '../src/generator/index.ts';
import {
  batchClose, batchEntry, batchOpen, ingest, listQuarantine, memoryInput, recordSource, reportDocument, retryQuarantine, showQuarantine,
} from '../src/ingest/index.ts';
import type { ReportBundle } from '../src/store/repositories/records.ts';
import { describeEachStore } from './support/databases.ts';
import { fixture, readBundle, seedIngestWorld, type IngestWorld } from './fixtures/ingest/support.ts';

const sampleReport = readFileSync(fixture('report-sample.xml'), 'utf8');
const sampleFile = readFileSync(fixture('filedetails-sample.xml'), 'utf8');
const body = (xml: string) => xml.replace(/^<\?xml[^>]*\?>\s*(<!--.*?-->\s*)?/s, '');
/** The sample report given the NCMEC report id its fileDetails refers to (Tessera batch attribute). */
const batchOfSamples = `${batchOpen}${body(sampleReport).replace('<report>', '<report tessera:sourceRef="1000001">')}${body(sampleFile)}${batchClose}`;

async function count(fx: { store(): import('../src/store/index.ts').Store }, table: string, where = sql`true`): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(fx.store().db);
  return r.rows[0]?.n ?? 0;
}

describeEachStore('ingest: NCMEC CyberTipline XML', (fx) => {
  let w: IngestWorld;
  beforeAll(async () => {
    w = await seedIngestWorld(fx.store());
  });
  const run = (xml: string | Buffer, name: string, extra: Record<string, unknown> = {}) => ingest(fx.store(), w.steward, { format: 'cybertipline-xml', inputs: [memoryInput(xml, name)], dataset: w.orgs.platform.datasetId, ...extra });

  it('maps the synthetic report and fileDetails into the CDM, source codes verbatim beside their meaning, identifiers pseudonymised, lineage on every record', async () => {
    const s = await run(batchOfSamples, 'samples.xml');
    expect(s).toMatchObject({ records: 2, accepted: 2, duplicates: 0, quarantined: 0 });
    const reportId = (await fx.store().db.selectFrom('reports').select('id').where('source_ref', '=', '1000001').executeTakeFirstOrThrow()).id;
    const d = await readBundle(fx.store(), reportId);
    expect(d.report.incidentTypes).toEqual([{ scheme: 'ncmec-incident', code: 'Child Pornography (possession, manufacture, and distribution)' }]);
    expect(d.report.flags).toEqual(['minor-to-minor', 'sextortion']);
    expect(d.report.incidentAt).toBe('2024-03-05T14:22:00.000Z');
    expect(d.report.country).toBe('US');
    expect(d.report.lineage).toMatchObject({ sourceSystem: 'NCMEC CyberTipline (ISPWS XML)', adapter: { name: 'tessera-ingest/cybertipline-xml', version: '1.0.0' }, collectionPurpose: 'content-removal' });
    expect(d.children.map((c) => c.age)).toEqual([{ min: 14, max: 14, basis: 'reported' }]);
    expect(d.subjects).toHaveLength(1);
    expect(d.subjects[0]?.identifiers.map((i) => i.type).sort()).toEqual(['account', 'account', 'ip']);
    // Pseudonyms only: the clear account name, IP and reporter's e-mail are stored nowhere.
    const dump = JSON.stringify(d);
    for (const clear of ['user-0001', 'example_user_a', '192.0.2.10', 'trust-safety@example.com', 'Sam', 'synthetic placeholder']) expect(dump).not.toContain(clear);
    expect(d.contentItems).toHaveLength(1);
    expect(d.contentItems[0]).toMatchObject({ sourceRef: '0f0e0d0c0b0a09080706050403020100', mediaType: 'image', hashes: { md5: '00112233445566778899aabbccddeeff', sha1: '00112233445566778899aabbccddeeff00112233' } });
    expect(d.contentItems[0]?.lineage.rawDigest).toMatch(/^sha256:/);
    expect(d.classifications.map((c) => `${c.scheme}:${c.code}`).sort()).toEqual(['ncmec-file-annotation:possibleSelfProduction', 'ncmec-industry:B2']);
    const src = await recordSource(fx.store(), w.steward, reportId);
    expect(src).toMatchObject({ format: 'cybertipline-xml', file: 'samples.xml', line: 3, path: '/cyberTiplineBatch/report[1]' });
  });

  it('adds nothing when the same input is ingested again (deterministic ids)', async () => {
    const before = await count(fx, 'reports');
    const s = await run(batchOfSamples, 'samples.xml');
    expect(s).toMatchObject({ accepted: 0, duplicates: 2, quarantined: 0 });
    expect(await count(fx, 'reports')).toBe(before);
  });

  it('quarantines a fileDetails whose report is not here, and a retry succeeds once the report has arrived', async () => {
    const lone = sampleFile.replace('<reportId>1000001</reportId>', '<reportId>2000002</reportId>');
    const s = await run(lone, 'lone-file.xml');
    expect(s).toMatchObject({ accepted: 0, quarantined: 1, byReason: { unknown_report: 1 } });
    const [entry] = await listQuarantine(fx.store(), w.steward, { file: 'lone-file.xml' });
    expect(entry?.error).toMatchObject({ code: 'unknown_report', where: { file: 'lone-file.xml', line: 3, field: 'reportId' } });
    const failed = await retryQuarantine(fx.store(), w.steward, { id: entry?.id ?? '' });
    expect(failed[0]).toMatchObject({ status: 'open', error: { code: 'unknown_report' } });
    await run(`${batchOpen}${body(sampleReport).replace('<report>', '<report tessera:sourceRef="2000002">')}${batchClose}`, 'late-report.xml');
    const ok = await retryQuarantine(fx.store(), w.steward, { id: entry?.id ?? '' });
    expect(ok[0]).toMatchObject({ status: 'resolved' });
    expect(ok[0]?.recordIds[0]).toMatch(/^content-item--/);
    expect((await showQuarantine(fx.store(), w.steward, entry?.id ?? '')).status).toBe('resolved');
  });

  it('a bad file ingested twice is quarantined once (quarantine entries are idempotent too)', async () => {
    const bad = sampleReport.replace('<sextortion/>', '<sextortion>false</sextortion>');
    const first = await run(bad, 'twice.xml');
    const second = await run(bad, 'twice.xml');
    expect(first).toMatchObject({ quarantined: 1, byReason: { invalid_value: 1 } });
    expect(second.quarantined).toBe(1);
    const entries = await listQuarantine(fx.store(), w.steward, { file: 'twice.xml' });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.error).toMatchObject({ code: 'invalid_value', where: { file: 'twice.xml', line: 8, path: '/report/incidentSummary/reportAnnotations/sextortion', field: 'sextortion' } });
  });

  it('resumes an interrupted ingest without duplicates or gaps', async () => {
    const bundles: ReportBundle[] = [];
    for (const b of generateReports({ seed: 11, count: 230, batchSize: 230 })) bundles.push(...b);
    const xml = batchOpen + bundles.map((b) => batchEntry(b, { incidentType: 'Child Pornography (possession, manufacture, and distribution)' })).join('') + batchClose;
    const records = bundles.reduce((n, b) => n + 1 + (b.contentItems?.length ?? 0), 0);
    const first = await run(xml, 'resume.xml', { batchSize: 50, stopAfterBatches: 2 });
    expect(first.warnings.join(' ')).toMatch(/interrupted/);
    expect(first.accepted).toBeGreaterThan(0);
    expect(first.accepted).toBeLessThan(records);
    const second = await run(xml, 'resume.xml', { batchSize: 50 });
    expect(second.warnings.join(' ')).toMatch(/resuming run/);
    expect(second.resumed).toBeGreaterThanOrEqual(100);
    expect(first.accepted + second.accepted).toBe(records);
    expect(second.quarantined).toBe(0);
    const refs = bundles.map((b) => b.report.sourceRef);
    const n = await sql<{ n: number; d: number }>`SELECT count(*)::int AS n, count(DISTINCT source_ref)::int AS d FROM reports WHERE source_ref = ANY(${refs}::text[])`.execute(fx.store().db);
    expect(n.rows[0]).toEqual({ n: 230, d: 230 });
    const items = await sql<{ n: number }>`SELECT count(*)::int AS n FROM content_items c JOIN reports r ON r.id = c.report_id WHERE r.source_ref = ANY(${refs}::text[])`.execute(fx.store().db);
    expect(items.rows[0]?.n).toBe(records - 230);
  });

  it('maps in worker threads with the same result: records as exported, resumable, a second run adds nothing', async () => {
    const bundles: ReportBundle[] = [];
    for (const b of generateReports({ seed: 12, count: 120, batchSize: 120, offset: 9000 })) bundles.push(...b.filter((x) => x.report.incidentTypes.some((t) => t.scheme === 'ncmec-incident')));
    const xml = batchOpen + bundles.map((b) => batchEntry(b)).join('') + batchClose;
    const records = bundles.reduce((n, b) => n + 1 + (b.contentItems?.length ?? 0), 0);
    const first = await run(xml, 'workers.xml', { batchSize: 30, stopAfterBatches: 3, workers: 2 });
    expect(first.warnings.join(' ')).toMatch(/interrupted/);
    const second = await run(xml, 'workers.xml', { batchSize: 30, workers: 2 });
    expect(second.resumed).toBe(90);
    expect(first.accepted + second.accepted).toBe(records);
    expect(first.quarantined + second.quarantined).toBe(0);
    // Mapped inline, the same input is all duplicates: same ids, same digests, no conflicts.
    expect(await run(xml, 'workers-again.xml', { workers: 0 })).toMatchObject({ accepted: 0, duplicates: records, quarantined: 0 });
    for (const b of bundles.slice(0, 10)) {
      const row = await fx.store().db.selectFrom('reports').select('id').where('source_ref', '=', b.report.sourceRef).where('source_org_id', '=', w.orgs.platform.orgId).executeTakeFirstOrThrow();
      const d = await readBundle(fx.store(), row.id);
      const { id: _a, datasetId: _b, sourceOrgId: _c, lineage: _d, ...want } = b.report;
      const { id: _e, datasetId: _f, sourceOrgId: _g, lineage, ...got } = d.report;
      expect(got).toEqual(want);
      expect(lineage.adapter.name).toBe('tessera-ingest/cybertipline-xml');
      expect(d.contentItems.map((c) => [c.sourceRef, c.hashes])).toEqual((b.contentItems ?? []).map((c) => [c.sourceRef, c.hashes]).sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
      const ids = (xs: Array<{ identifiers: Array<{ type: string; value: string }> }>) => xs.map((x) => x.identifiers.map((i) => `${i.type}:${i.value}`).sort());
      expect(ids(d.subjects)).toEqual(ids(b.subjects ?? []));
    }
  });

  it('round-trips: generated reports exported as a CyberTipline batch read back to the same CDM records', async () => {
    const bundles: ReportBundle[] = [];
    for (const b of generateReports({ seed: 5, count: 60, batchSize: 60, offset: 5000 })) bundles.push(...b.filter((x) => x.report.incidentTypes.some((t) => t.scheme === 'ncmec-incident')));
    const xml = batchOpen + bundles.map((b) => batchEntry(b)).join('') + batchClose;
    const s = await run(xml, 'roundtrip.xml');
    expect(s.quarantined).toBe(0);
    for (const b of bundles.slice(0, 25)) {
      const row = await fx.store().db.selectFrom('reports').select('id').where('source_ref', '=', b.report.sourceRef).where('source_org_id', '=', w.orgs.platform.orgId).executeTakeFirstOrThrow();
      const d = await readBundle(fx.store(), row.id);
      const { id: _a, datasetId: _b, sourceOrgId: _c, lineage: _d, ...want } = b.report;
      const { id: _e, datasetId: _f, sourceOrgId: _g, lineage: _h, ...got } = d.report;
      expect(got).toEqual(want);
      expect(d.children.map(({ id: _i, reportId: _j, ...c }) => c)).toEqual((b.children ?? []).map(({ id: _i, reportId: _j, ...c }) => c));
      expect(d.contentItems.map((c) => [c.sourceRef, c.mediaType, c.sizeBytes, c.hashes])).toEqual((b.contentItems ?? []).map((c) => [c.sourceRef, c.mediaType, c.sizeBytes, c.hashes]).sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
      const sig = (xs: Array<{ type: string; value: string }>) => xs.filter((x) => x.type === 'url' || x.type === 'domain').map((x) => `${x.type}:${x.value}`).sort();
      expect(sig(d.signals)).toEqual(sig(b.signals ?? []));
      const ids = (xs: Array<{ identifiers: Array<{ type: string; value: string }> }>) => xs.map((x) => x.identifiers.map((i) => `${i.type}:${i.value}`).sort());
      expect(ids(d.subjects)).toEqual(ids(b.subjects ?? []));
      const ncmec = (xs: Array<{ scheme: string; code: string }>) => xs.filter((c) => c.scheme.startsWith('ncmec')).map((c) => `${c.scheme}:${c.code}`).sort();
      expect(ncmec(d.classifications)).toEqual(ncmec(b.classifications ?? []));
    }
  });

  it('exports a report as a CyberTipline document to file with NCMEC, and that document reads back', async () => {
    const [batch] = generateReports({ seed: 9, count: 1, batchSize: 1 });
    const b = (batch as ReportBundle[])[0] as ReportBundle;
    const doc = reportDocument(b, { incidentType: 'Online Enticement of Children for Sexual Acts', reporter: { firstName: 'Tess', email: 'reports@platform.example' } });
    expect(doc).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<report>\n {2}<incidentSummary>/);
    expect(doc).not.toContain('tessera:');
    const s = await run(doc, 'filing.xml');
    expect(s).toMatchObject({ accepted: 1, quarantined: 0 });
  });
});
