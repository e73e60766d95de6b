import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { generateContacts, generateReports } from '../src/generator/index.ts';
import {
  CHI_STYLE_MAPPING, TESSERA_EXTENSION_ID, contactCsvRow, contactsCsvHeader, correctQuarantine, exportStixBundle, ingest, listQuarantine, memoryInput, retryQuarantine,
  showQuarantine, tesseraExtensionDefinition,
} from '../src/ingest/index.ts';
import { HashRegistry } from '../src/matching/registry.ts';
import type { Contact } from '../src/model/index.ts';
import type { ReportBundle } from '../src/store/repositories/records.ts';
import { describeEachStore } from './support/databases.ts';
import { readBundle, seedIngestWorld, type IngestWorld } from './fixtures/ingest/support.ts';

describeEachStore('ingest: helpline CSV, hash lists, STIX 2.1', (fx) => {
  let w: IngestWorld;
  beforeAll(async () => {
    w = await seedIngestWorld(fx.store());
  });

  it('helpline CSV: generated contacts written as a CHI-style export read back to the same contacts; duplicate rows add nothing', async () => {
    const contacts: Contact[] = [];
    for (const b of generateContacts({ seed: 3, count: 120, batchSize: 120 })) contacts.push(...b);
    const text = contactsCsvHeader + contacts.map(contactCsvRow).join('') + contactCsvRow(contacts[0] as Contact);
    const s = await ingest(fx.store(), w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(text, 'contacts.csv')] });
    expect(s).toMatchObject({ records: 121, accepted: 120, duplicates: 1, quarantined: 0 });
    const rows = await fx.store().db.selectFrom('contacts').selectAll().where('dataset_id', '=', w.contactsDatasetId).orderBy('source_ref').execute();
    expect(rows).toHaveLength(120);
    const byRef = new Map(rows.map((r) => [r.source_ref, r]));
    for (const c of contacts.slice(0, 30)) {
      const r = byRef.get(c.sourceRef);
      expect(r?.channel).toBe(c.channel);
      expect(new Date(r?.contact_at as Date).toISOString()).toBe(c.contactAt);
      expect(r?.gender).toBe(c.gender);
      expect(r?.country ?? undefined).toBe(c.country);
      expect(r?.region ?? undefined).toBe(c.region);
      const cats = (typeof r?.categories === 'string' ? JSON.parse(r.categories) : r?.categories) as Array<{ scheme: string; label: string }>;
      expect(cats.map((x) => x.label)).toEqual(c.categories.map((x) => x.code));
      expect(cats.every((x) => x.scheme === 'chi-helpline' || x.scheme === 'x-unmapped')).toBe(true);
    }
    // Categories outside the chi-helpline scheme (another helpline's own labels) are kept verbatim and flagged.
    const unmapped = await sql<{ n: number }>`SELECT count(*)::int AS n FROM contacts, jsonb_array_elements(categories) c WHERE dataset_id = ${w.contactsDatasetId} AND c->>'scheme' = 'x-unmapped'`.execute(fx.store().db);
    expect(s.flags.unknown_category ?? 0).toBe(unmapped.rows[0]?.n);
    expect(s.flags.unknown_category).toBeGreaterThan(0);
    const again = await ingest(fx.store(), w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(text, 'contacts.csv')] });
    expect(again).toMatchObject({ accepted: 0, duplicates: 121, quarantined: 0 });
  });

  it('helpline CSV without a batch size: one transaction and checkpoint per 5,000 rows', async () => {
    const contacts: Contact[] = [];
    for (const b of generateContacts({ seed: 33, count: 5001, batchSize: 5001, offset: 80_000 })) contacts.push(...b);
    const s = await ingest(fx.store(), w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(contactsCsvHeader + contacts.map(contactCsvRow).join(''), 'default-batches.csv')] });
    expect(s).toMatchObject({ records: 5001, accepted: 5001, quarantined: 0 });
    const batches = await fx.store().db.withTables<{ ingest_batches: { run_id: string; seq: number; records: number } }>().selectFrom('ingest_batches').select(['seq', 'records']).where('run_id', '=', s.runId).orderBy('seq').execute();
    expect(batches).toEqual([{ seq: 0, records: 5000 }, { seq: 1, records: 1 }]);
  });

  it('helpline CSV through the reader thread: the same contacts, bad rows quarantined at their exact line, resumable, nothing left for an inline run', async () => {
    const contacts: Contact[] = [];
    for (const b of generateContacts({ seed: 31, count: 200, batchSize: 200, offset: 50_000 })) contacts.push(...b);
    const rows = contacts.map(contactCsvRow);
    // Row 50 (line 51) gets an impossible date, row 120 (line 121) a stray delimiter.
    rows[49] = (rows[49] as string).replace(/,20\d\d-\d\d-\d\dT/, ',2026-02-30T');
    rows[119] = (rows[119] as string).replace(/\n$/, ',extra\n');
    const text = contactsCsvHeader + rows.join('');
    const run = (name: string, extra: { workers: number; stopAfterBatches?: number }) =>
      ingest(fx.store(), w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(text, name)], batchSize: 40, ...extra });
    const first = await run('reader.csv', { workers: 1, stopAfterBatches: 2 });
    expect(first.warnings.join(' ')).toMatch(/interrupted/);
    const second = await run('reader.csv', { workers: 1 });
    expect(second.resumed).toBe(80);
    expect(first.accepted + second.accepted).toBe(198);
    expect(first.quarantined + second.quarantined).toBe(2);
    const q = await listQuarantine(fx.store(), w.steward, { file: 'reader.csv' });
    expect(q.map((e) => [e.where.line, e.error.code]).sort()).toEqual([[121, 'csv_ragged_row'], [51, 'invalid_date']].sort());
    expect(q.find((e) => e.where.line === 51)?.where.column).toBe(2);
    const stored = await fx.store().db.selectFrom('contacts').select(['source_ref', 'channel', 'contact_at']).where('source_ref', 'in', contacts.slice(0, 40).map((c) => c.sourceRef)).execute();
    expect(stored).toHaveLength(40);
    for (const r of stored) {
      const c = contacts.find((x) => x.sourceRef === r.source_ref) as Contact;
      expect(r.channel).toBe(c.channel);
      expect(new Date(r.contact_at).toISOString()).toBe(c.contactAt);
    }
    // Read inline, the same file adds nothing: same ids, same digests, the same two rows refused again.
    expect(await run('reader-again.csv', { workers: 0 })).toMatchObject({ accepted: 0, duplicates: 198, quarantined: 2 });
  });

  it('helpline CSV: a row with the identity of a stored contact but other content is a conflict, not a silent overwrite', async () => {
    const text = 'contact_id,date_time,channel,duration_minutes,child_age,child_gender,country,region,language,categories\nK-1,2026-01-01T10:00:00Z,Phone,5,12,Boy,KE,,en,Violence/Bullying\n';
    await ingest(fx.store(), w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(text, 'k1.csv')] });
    const changed = text.replace(',5,12,', ',9,12,');
    const s = await ingest(fx.store(), w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(changed, 'k1-changed.csv')] });
    expect(s).toMatchObject({ accepted: 0, quarantined: 1, byReason: { conflicting_duplicate: 1 } });
    const n = await sql<{ d: number }>`SELECT duration_minutes AS d FROM contacts WHERE source_ref = 'K-1'`.execute(fx.store().db);
    expect(n.rows[0]?.d).toBe(5);
  });

  it('quarantine: a bad CSV row is listed with its error and where, corrected, retried and written', async () => {
    const text = 'contact_id,date_time,channel,duration_minutes,child_age,child_gender,country,region,language,categories\nQ-1,2026-02-30T10:00:00Z,Chat,5,13,Girl,BR,,pt-BR,Violence/Cyberbullying\n';
    const s = await ingest(fx.store(), w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(text, 'q.csv')] });
    expect(s.quarantined).toBe(1);
    const [entry] = await listQuarantine(fx.store(), w.steward, { file: 'q.csv' });
    expect(entry?.error).toMatchObject({ code: 'invalid_date', where: { file: 'q.csv', line: 2, field: 'date_time', column: 2 } });
    const shown = await showQuarantine(fx.store(), w.steward, entry?.id ?? '');
    expect(shown.raw).toBe('Q-1,2026-02-30T10:00:00Z,Chat,5,13,Girl,BR,,pt-BR,Violence/Cyberbullying\n');
    await correctQuarantine(fx.store(), w.steward, entry?.id ?? '', (shown.raw ?? '').replace('02-30', '02-28'));
    const [out] = await retryQuarantine(fx.store(), w.steward, { id: entry?.id ?? '' });
    expect(out).toMatchObject({ status: 'resolved' });
    const c = await fx.store().db.selectFrom('contacts').select(['id', 'contact_at']).where('source_ref', '=', 'Q-1').executeTakeFirstOrThrow();
    expect(out?.recordIds).toEqual([c.id]);
    expect(new Date(c.contact_at).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    // Quarantine holds raw input: other organisations and analysts do not see it.
    expect(await listQuarantine(fx.store(), w.otherSteward, { file: 'q.csv', status: 'all' })).toEqual([]);
    await expect(listQuarantine(fx.store(), w.analyst)).rejects.toThrow(/steward or admin/);
  });

  it('policy: only stewards and admins ingest, and only into their own organisation\'s datasets', async () => {
    const input = () => [memoryInput('contact_id\n', 'x.csv')];
    await expect(ingest(fx.store(), w.analyst, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, inputs: input() })).rejects.toThrow(/steward or admin/);
    await expect(ingest(fx.store(), w.otherSteward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: w.contactsDatasetId, inputs: input() })).rejects.toMatchObject({ code: 'forbidden_dataset' });
    await expect(ingest(fx.store(), w.steward, { format: 'helpline-csv', inputs: input(), dataset: 'contacts' })).rejects.toMatchObject({ code: 'mapping_required' });
  });

  it('hash lists: each list becomes a hash set with its source; MD5/SHA-1/SHA-256 and PDQ lists; a second import adds nothing', async () => {
    const registry = HashRegistry.for(fx.store());
    const hex = (c: string, n: number) => c.repeat(n);
    const plain = `${hex('a', 32)}\n${hex('b', 40)}\n${hex('c', 64)}\n${hex('a', 32)}\n`;
    const s = await ingest(fx.store(), w.steward, { format: 'hashlist', inputs: [memoryInput(plain, 'partner-list.txt')], source: { name: 'Partner list', version: '2026-11' }, registry });
    expect(s).toMatchObject({ accepted: 3, duplicates: 1, quarantined: 0 });
    const set = await registry.getHashSet(w.steward, 'partner-list');
    expect(set.sources.some((x) => x.name === 'Partner list' && x.version === '2026-11' && x.file === 'partner-list.txt')).toBe(true);
    const pdq = `${hex('f', 64)},90\n${hex('e', 64)},12\n`;
    const p = await ingest(fx.store(), w.steward, { format: 'hashlist', set: 'te-pdq', inputs: [memoryInput(pdq, 'threatexchange.pdq')], registry });
    expect(p).toMatchObject({ accepted: 2, quarantined: 0 });
    const [m] = await registry.match(w.steward, [{ signalType: 'pdq', value: hex('f', 64) }], { radius: 0 });
    expect(m?.ok && m.matches[0]?.set.slug).toBe('te-pdq');
    const again = await ingest(fx.store(), w.steward, { format: 'hashlist', inputs: [memoryInput(plain, 'partner-list.txt')], registry });
    expect(again).toMatchObject({ accepted: 0, duplicates: 4 });
    // A bad line is quarantined; corrected, it is retried into the same set.
    const bad = await ingest(fx.store(), w.steward, { format: 'hashlist', set: 'fixable', inputs: [memoryInput(`${hex('9', 32)}\n${hex('8', 31)}\n`, 'fixable.txt')], registry });
    expect(bad).toMatchObject({ accepted: 1, quarantined: 1, byReason: { invalid_hash: 1 } });
    const [entry] = await listQuarantine(fx.store(), w.steward, { file: 'fixable.txt' });
    expect(entry?.where).toMatchObject({ file: 'fixable.txt', line: 2, field: 'hash' });
    await correctQuarantine(fx.store(), w.steward, entry?.id ?? '', `${hex('8', 32)}\n`);
    expect((await retryQuarantine(fx.store(), w.steward, { id: entry?.id ?? '' }))[0]).toMatchObject({ status: 'resolved' });
    const [fixed] = await registry.match(w.steward, [{ signalType: 'md5', value: hex('8', 32) }]);
    expect(fixed?.ok && fixed.matches.map((x) => x.set.slug)).toEqual(['fixable']);
    const csv = `sha256,uk-2014\n${hex('d', 64)},B\n`;
    const c = await ingest(fx.store(), w.steward, { format: 'hashlist', set: 'graded', inputs: [memoryInput(csv, 'graded.csv')], registry });
    expect(c.accepted).toBe(1);
    const [g] = await registry.match(w.steward, [{ signalType: 'sha256', value: hex('d', 64) }]);
    expect(g?.ok && g.assessment.opinions.map((o) => `${o.scheme}:${o.code}`)).toEqual(['uk-2014:B']);
  });

  it('hash lists keep each PDQ quality and the original file:line; a list read in many batches is one source of the set', async () => {
    const registry = HashRegistry.for(fx.store());
    const hashes = Array.from({ length: 7 }, (_, i) => (i + 1).toString(16).repeat(64));
    const text = `# qualities\n${hashes.map((h, i) => `${h},${60 + i}`).join('\n')}\n`;
    const s = await ingest(fx.store(), w.steward, { format: 'hashlist', set: 'graded-pdq', inputs: [memoryInput(text, 'te-graded.pdq')], batchSize: 3, source: { name: 'TE graded', version: '3' }, registry });
    expect(s).toMatchObject({ accepted: 7, quarantined: 0 });
    const rows = await sql<{ value: string; quality: number; source_ref: string }>`SELECT value, quality, source_ref FROM hash_entries WHERE value = ANY(${hashes}::text[]) ORDER BY source_ref`.execute(fx.store().db);
    expect(rows.rows.map((r) => [r.value, r.quality, r.source_ref])).toEqual(hashes.map((h, i) => [h, 60 + i, `te-graded.pdq:${i + 2}`]));
    const set = await registry.getHashSet(w.steward, 'graded-pdq');
    expect(set.sources).toHaveLength(1);
    expect(set.sources[0]).toMatchObject({ name: 'TE graded', version: '3', file: 'te-graded.pdq', lines: 8 });
    const [m] = await registry.match(w.steward, [{ signalType: 'pdq', value: hashes[0] as string }], { radius: 0 });
    expect(m?.ok && m.matches[0]?.quality).toBe(60);
  });

  it('STIX 2.1: indicators become hashes; sightings and opinions become feedback on them', async () => {
    const registry = HashRegistry.for(fx.store());
    const md5 = '1'.repeat(32);
    const bundle = {
      type: 'bundle', id: 'bundle--7d7d1c3a-0c4f-4f7e-9a55-111111111111',
      objects: [
        { type: 'sighting', spec_version: '2.1', id: 'sighting--6b1a2c3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z', sighting_of_ref: 'indicator--1b1a2c3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b', count: 3 },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--1b1a2c3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z', name: 'known file', pattern_type: 'stix', pattern: `[file:hashes.MD5 = '${md5}' OR url:value = 'https://bad.example/x']`, valid_from: '2026-11-01T00:00:00Z', extensions: { [TESSERA_EXTENSION_ID]: { extension_type: 'property-extension', classification: { scheme: 'ncmec-industry', code: 'B1' } } } },
        { type: 'opinion', spec_version: '2.1', id: 'opinion--2b1a2c3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z', opinion: 'disagree', object_refs: ['indicator--1b1a2c3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b'], explanation: 'false positive in our review' },
      ],
    };
    const s = await ingest(fx.store(), w.steward, { format: 'stix', set: 'stix-feed', inputs: [memoryInput(JSON.stringify(bundle), 'feed.json')], registry });
    expect(s.quarantined).toBe(0);
    const [m] = await registry.match(w.steward, [{ signalType: 'md5', value: md5 }]);
    expect(m?.ok && m.matches[0]?.feedback).toEqual({ truePositive: 1, falsePositive: 1 });
    expect(m?.ok && m.assessment.opinions.map((o) => `${o.scheme}:${o.code}`)).toEqual(['ncmec-industry:B1']);
    const [u] = await registry.match(w.steward, [{ signalType: 'url_sha256', value: 'https://bad.example/x' }]);
    expect(u?.ok && u.matches).toHaveLength(1);
  });

  it('STIX 2.1: reports exported as observed-data with the Tessera extension read back to the same records, lineage travelling with a hop', async () => {
    const bundles: ReportBundle[] = [];
    for (const b of generateReports({ seed: 21, count: 20, batchSize: 20, offset: 9000 })) bundles.push(...b);
    const stix = exportStixBundle(bundles);
    const def = tesseraExtensionDefinition();
    expect(def).toMatchObject({ type: 'extension-definition', spec_version: '2.1', id: TESSERA_EXTENSION_ID, extension_types: ['property-extension'], version: '1.0.0' });
    for (const k of ['created_by_ref', 'schema', 'name', 'created', 'modified']) expect(def).toHaveProperty(k);
    const objects = stix.objects as Array<Record<string, unknown>>;
    expect(objects.filter((o) => o.type === 'observed-data')).toHaveLength(20);
    for (const o of objects.filter((x) => x.type === 'file' || x.type === 'url' || x.type === 'user-account')) expect(String(o.id)).toMatch(/^(file|url|user-account)--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const s = await ingest(fx.store(), w.steward, { format: 'stix', inputs: [memoryInput(JSON.stringify(stix), 'export.json')] });
    expect(s).toMatchObject({ quarantined: 0 });
    for (const b of bundles.slice(0, 8)) {
      const row = await fx.store().db.selectFrom('reports').select('id').where('source_ref', '=', b.report.sourceRef).where('source_org_id', '=', w.orgs.platform.orgId).executeTakeFirstOrThrow();
      const d = await readBundle(fx.store(), row.id);
      const { id: _a, datasetId: _b, sourceOrgId: _c, lineage, ...want } = b.report;
      const { id: _e, datasetId: _f, sourceOrgId: _g, lineage: gotLineage, ...got } = d.report;
      expect(got).toEqual(want);
      expect(gotLineage).toMatchObject({ ...lineage, hops: [{ orgId: w.orgs.platform.orgId }] });
      expect(d.contentItems.map((c) => [c.sourceRef, c.hashes])).toEqual((b.contentItems ?? []).map((c) => [c.sourceRef, c.hashes]).sort((x, y) => String(x[0]).localeCompare(String(y[0]))));
      expect(d.children.map(({ id: _i, reportId: _j, ...c }) => c)).toEqual((b.children ?? []).map(({ id: _i, reportId: _j, ...c }) => c));
      const ids = (xs: Array<{ identifiers: Array<{ type: string; value: string }> }>) => xs.map((x) => x.identifiers.map((i) => `${i.type}:${i.value}`).sort()).sort();
      expect(ids(d.subjects)).toEqual(ids(b.subjects ?? []));
    }
    const again = await ingest(fx.store(), w.steward, { format: 'stix', inputs: [memoryInput(JSON.stringify(stix), 'export.json')] });
    expect(again.accepted).toBe(objects.length - 20);
    expect(again.duplicates).toBe(20);
  });
});
