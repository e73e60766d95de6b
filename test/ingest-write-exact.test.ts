import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { generateContacts, generateReports } from '../src/generator/index.ts';
import { CHI_STYLE_MAPPING, batchClose, batchEntry, batchOpen, contactCsvRow, contactsCsvHeader, ingest, listQuarantine, memoryInput } from '../src/ingest/index.ts';
import type { Contact } from '../src/model/index.ts';
import type { ReportBundle } from '../src/store/repositories/records.ts';
import { describeEachStore } from './support/databases.ts';
import { seedIngestWorld, type IngestWorld } from './fixtures/ingest/support.ts';

// A batch is first written as if every record were new (no look-up per id); a batch holding
// stored records is undone and written the exact way. These batches mix new records, duplicates
// and conflicting duplicates (stored and within the batch): counts, quarantine and provenance
// rows must be exactly those of a record-by-record decision.
describeEachStore('ingest: batches mixing new, duplicate and conflicting records', (fx) => {
  let w: IngestWorld;
  beforeAll(async () => {
    w = await seedIngestWorld(fx.store());
  });
  const sources = async (ids: string[]) =>
    new Map((await sql<{ record_id: string; file: string; line: number | null }>`SELECT record_id, file, line FROM ingest_sources WHERE record_id = ANY(${ids}::text[])`.execute(fx.store().db)).rows.map((r) => [r.record_id, r]));

  it('helpline CSV', async () => {
    const contacts: Contact[] = [];
    for (const b of generateContacts({ seed: 21, count: 16, batchSize: 16 })) contacts.push(...b.map((c) => ({ ...c, sourceRef: `EXACT-${c.sourceRef}` })));
    const c = (i: number) => contacts[i] as Contact;
    const run = (rows: string[], name: string) => ingest(fx.store(), w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(contactsCsvHeader + rows.join(''), name)] });
    const changed = (x: Contact) => contactCsvRow({ ...x, durationMinutes: (x.durationMinutes ?? 0) + 7 });
    expect(await run(contacts.slice(0, 10).map(contactCsvRow), 'exact-a.csv')).toMatchObject({ records: 10, accepted: 10, duplicates: 0, quarantined: 0 });
    // Lines 2-4 stored as they are, 5 stored with other content, 6-10 new, 11 = 6 again, 12 = 7 changed.
    const second = [c(0), c(1), c(2)].map(contactCsvRow).concat(changed(c(3)), [10, 11, 12, 13, 14].map((i) => contactCsvRow(c(i))), contactCsvRow(c(10)), changed(c(11)));
    expect(await run(second, 'exact-b.csv')).toMatchObject({ records: 11, accepted: 5, duplicates: 4, quarantined: 2, byReason: { conflicting_duplicate: 2 } });
    const q = await listQuarantine(fx.store(), w.steward, { file: 'exact-b.csv' });
    expect(q.map((e) => [e.where.line, e.error.code]).sort()).toEqual([[12, 'conflicting_duplicate'], [5, 'conflicting_duplicate']]);
    const stored = await fx.store().db.selectFrom('contacts').select(['id', 'source_ref', 'duration_minutes']).where('source_ref', 'like', 'EXACT-%').execute();
    expect(stored).toHaveLength(15);
    const byRef = new Map(stored.map((r) => [r.source_ref, r]));
    expect(byRef.get(c(3).sourceRef)?.duration_minutes).toBe(c(3).durationMinutes ?? null);
    expect(byRef.get(c(11).sourceRef)?.duration_minutes).toBe(c(11).durationMinutes ?? null);
    // Provenance: the first file for what it wrote, the second for its five new contacts, on their lines.
    const s = await sources(stored.map((r) => r.id));
    expect(s.size).toBe(15);
    for (let i = 0; i < 10; i++) expect(s.get(byRef.get(c(i).sourceRef)?.id ?? '')).toMatchObject({ file: 'exact-a.csv', line: i + 2 });
    for (let i = 10; i < 15; i++) expect(s.get(byRef.get(c(i).sourceRef)?.id ?? '')).toMatchObject({ file: 'exact-b.csv', line: i - 4 });
    // The same second file again: nothing new, the two conflicts refused again.
    expect(await run(second, 'exact-b.csv')).toMatchObject({ accepted: 0, duplicates: 9, quarantined: 2 });
  });

  it('CyberTipline XML: reports and their files', async () => {
    const bundles: ReportBundle[] = [];
    for (const b of generateReports({ seed: 23, count: 40, batchSize: 40, offset: 7000 })) bundles.push(...b.filter((x) => (x.contentItems?.length ?? 0) > 0));
    const [r1, r2, r3, r4] = bundles as [ReportBundle, ReportBundle, ReportBundle, ReportBundle];
    const files = (b: ReportBundle) => b.contentItems?.length ?? 0;
    const entry = (b: ReportBundle) => batchEntry(b, { incidentType: 'Child Pornography (possession, manufacture, and distribution)' });
    const run = (entries: string[], name: string) => ingest(fx.store(), w.steward, { format: 'cybertipline-xml', inputs: [memoryInput(batchOpen + entries.join('') + batchClose, name)], dataset: w.orgs.platform.datasetId });
    expect(await run([entry(r1), entry(r2), entry(r3)], 'exact-a.xml')).toMatchObject({ accepted: 3 + files(r1) + files(r2) + files(r3), duplicates: 0, quarantined: 0 });
    // r1 as stored, r2 with another country (a conflict; its files as stored), r4 new.
    const r2changed: ReportBundle = { ...r2, report: { ...r2.report, country: r2.report.country === 'DE' ? 'FR' : 'DE' } };
    const s = await run([entry(r1), entry(r2changed), entry(r4)], 'exact-b.xml');
    expect(s).toMatchObject({ accepted: 1 + files(r4), duplicates: 1 + files(r1) + files(r2), quarantined: 1, byReason: { conflicting_duplicate: 1 } });
    const ids = await fx.store().db.selectFrom('reports').select(['id', 'source_ref']).where('source_ref', 'in', [r1, r2, r3, r4].map((b) => b.report.sourceRef)).where('source_org_id', '=', w.orgs.platform.orgId).execute();
    const id = (b: ReportBundle) => ids.find((r) => r.source_ref === b.report.sourceRef)?.id ?? '';
    const items = await fx.store().db.selectFrom('content_items').select(['id', 'report_id']).where('report_id', 'in', ids.map((r) => r.id)).execute();
    expect(items).toHaveLength(files(r1) + files(r2) + files(r3) + files(r4));
    const src = await sources([...ids.map((r) => r.id), ...items.map((i) => i.id)]);
    expect(src.size).toBe(4 + items.length);
    for (const b of [r1, r2, r3]) {
      expect(src.get(id(b))?.file).toBe('exact-a.xml');
      for (const i of items.filter((x) => x.report_id === id(b))) expect(src.get(i.id)?.file).toBe('exact-a.xml');
    }
    expect(src.get(id(r4))?.file).toBe('exact-b.xml');
    for (const i of items.filter((x) => x.report_id === id(r4))) expect(src.get(i.id)?.file).toBe('exact-b.xml');
  });
});
