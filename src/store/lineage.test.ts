import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/databases.ts';
import { makeBundles, seedTwoOrgs } from '../../test/support/fixtures.ts';
import { generateContacts } from '../generator/index.ts';
import type { Principal } from '../identity/index.ts';
import type { Contact } from '../model/index.ts';
import { getReport, listContacts, ContactFilter, listReports, ReportFilter } from '../records/index.ts';
import { copyRow } from './copy.ts';
import { LINEAGE_COLUMNS, LineageCompactor, lineageSqlText, rawDigestSqlText } from './lineage.ts';
import { copyReportBundles } from './repositories/copy-bundles.ts';
import { insertContacts, insertReportBundles, type ReportBundle } from './repositories/records.ts';
import { CONTACT_COLUMNS, contactFromRow, CONTENT_ITEM_COLUMNS, contentItemFromRow, REPORT_COLUMNS, reportFromRow } from './repositories/rows.ts';
import type { Store } from './index.ts';

/** Each row's lineage as the readers see it (jsonb text), which form it is stored in, and its digest. */
async function lineages(store: Store, table: 'reports' | 'content_items' | 'contacts', ids: string[]) {
  const r = await sql<{ id: string; doc: string; compact: boolean; digest: string }>`
    SELECT id, (${sql.raw(lineageSqlText(table))})::text AS doc, lineage IS NULL AS compact, ${sql.raw(rawDigestSqlText(table))} AS digest
    FROM ${sql.table(table)} WHERE id = ANY(${ids}::text[]) ORDER BY id`.execute(store.db);
  return r.rows;
}

const steward = (orgId: string): Principal => ({
  userId: 'lineage-test', name: 'lineage test', email: 'lineage@test.example', orgId, orgSlug: 'test-hotline', orgJurisdiction: 'NL', roles: ['steward'],
  dataProtectionTrainedAt: '2026-06-01T00:00:00Z', safeguardingTrainedAt: '2026-06-01T00:00:00Z', via: 'local',
});

describe('LineageCompactor', () => {
  it('gives each row the id of its own context when rows of many contexts interleave', () => {
    // 40 sources (more than the compactor remembers at once), rows cycling through them in
    // changing orders; the same context object is shared by every row of a source.
    const sources = Array.from({ length: 40 }, (_, i) => ({ orgId: `org-${i}`, system: 'sys', purpose: 'test', hops: [] as unknown[] }));
    const fresh = (i: number) => new LineageCompactor().columns({ ...(sources[i] as object), receivedAt: 't', rawDigest: 'd' })[1];
    const expected = sources.map((_, i) => fresh(i));
    expect(new Set(expected).size).toBe(40);
    const c = new LineageCompactor();
    for (let n = 0; n < 2000; n++) {
      const i = n % 7 === 0 ? (n * 13) % 40 : n % 5;
      const s = sources[i] as (typeof sources)[number];
      // Sometimes the very object, sometimes a copy with its own (empty) hops array.
      const lineage = { orgId: s.orgId, system: s.system, purpose: s.purpose, receivedAt: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}Z`, rawDigest: `sha256:${n}`, hops: n % 2 ? s.hops : [] };
      expect(c.columns(lineage)).toEqual([null, expected[i], lineage.receivedAt, lineage.rawDigest]);
    }
  });
});

describeEachStore('lineage stored once per context', (fx) => {
  it('a report and its file written by the bulk path read back with exactly the lineage the ordinary path stores', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const bundles: ReportBundle[] = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 4, 'LIN');
    // A copy received over the exchange carries hops; one report was received at another time.
    const hop = { orgId: orgs.platform.orgId, agreementId: 'agreement--00000000-0000-4000-8000-000000000001', at: '2026-10-02T00:00:00.000Z' };
    const b1 = bundles[1] as ReportBundle;
    b1.report.lineage = { ...b1.report.lineage, hops: [hop] };
    const b2 = bundles[2] as ReportBundle;
    b2.report.lineage = { ...b2.report.lineage, receivedAt: '2026-10-03T12:34:56.789Z' };
    const reportIds = bundles.map((b) => b.report.id);
    const itemIds = bundles.flatMap((b) => (b.contentItems ?? []).map((c) => c.id));

    expect(await fx.store().copyTransaction((tx) => copyReportBundles(tx, bundles))).toEqual({ inserted: 4, duplicates: 0 });
    const bulkReports = await lineages(fx.store(), 'reports', reportIds);
    const bulkItems = await lineages(fx.store(), 'content_items', itemIds);
    expect(bulkReports.every((r) => r.compact) && bulkItems.every((r) => r.compact)).toBe(true);
    // Two distinct contexts (with and without the hop), each stored once.
    const contexts = await fx.store().db.selectFrom('lineage_contexts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(contexts.n)).toBe(2);
    // Every reader gets the documents it was given.
    for (const b of bundles) {
      const row = await fx.store().db.selectFrom('reports').select(REPORT_COLUMNS).where('id', '=', b.report.id).executeTakeFirstOrThrow();
      expect(reportFromRow(row)).toEqual(b.report);
      const items = await fx.store().db.selectFrom('content_items').select(CONTENT_ITEM_COLUMNS).where('report_id', '=', b.report.id).execute();
      expect(items.map(contentItemFromRow)).toEqual(b.contentItems);
      const detail = await getReport(fx.store(), steward(orgs.hotline.orgId), b.report.id);
      expect(detail.report.lineage).toEqual(b.report.lineage);
      expect(detail.contentItems?.map((c) => c.lineage)).toEqual(b.contentItems?.map((c) => c.lineage));
    }
    const page = await listReports(fx.store(), steward(orgs.hotline.orgId), ReportFilter.parse({ datasetId: orgs.hotline.datasetId, limit: 50 }));
    for (const r of page.items) expect(r.lineage).toEqual(bundles.find((b) => b.report.id === r.id)?.report.lineage);
    expect(bulkReports.map((r) => r.digest)).toEqual([...bundles].sort((a, b) => (a.report.id < b.report.id ? -1 : 1)).map((b) => b.report.lineage.rawDigest));

    // The same bundles through the ordinary path: whole documents, identical text.
    await fx.store().db.deleteFrom('reports').where('id', 'in', reportIds).execute();
    await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, bundles));
    const plainReports = await lineages(fx.store(), 'reports', reportIds);
    const plainItems = await lineages(fx.store(), 'content_items', itemIds);
    expect(plainReports.every((r) => !r.compact) && plainItems.every((r) => !r.compact)).toBe(true);
    expect(plainReports.map((r) => [r.id, r.doc, r.digest])).toEqual(bulkReports.map((r) => [r.id, r.doc, r.digest]));
    expect(plainItems.map((r) => [r.id, r.doc, r.digest])).toEqual(bulkItems.map((r) => [r.id, r.doc, r.digest]));
  });

  it('a contact written by the bulk path (compact lineage, as ingest copies it) reads back with exactly the ordinary path’s lineage', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const contacts: Contact[] = [];
    for (const batch of generateContacts({ seed: 5, count: 3, batchSize: 3 })) {
      for (const c of batch) contacts.push({ ...c, datasetId: orgs.hotline.datasetId, sourceOrgId: orgs.hotline.orgId, lineage: { ...c.lineage, sourceOrgId: orgs.hotline.orgId } });
    }
    const ids = contacts.map((c) => c.id);
    const columns = CONTACT_COLUMNS.filter((c): c is Exclude<typeof c, object> => typeof c === 'string');
    await fx.store().copyTransaction(async (tx) => {
      const lineage = new LineageCompactor();
      let data = '';
      for (const x of contacts) {
        data += copyRow([x.id, x.datasetId, x.sourceOrgId, x.sourceRef, x.channel, x.contactAt, x.durationMinutes, x.age?.min, x.age?.max, x.age?.basis, x.age?.stage, x.gender,
          x.country, x.region, x.language, JSON.stringify(x.categories), ...lineage.columns(x.lineage)]);
      }
      await lineage.writeContexts(tx);
      await tx.copyIn('contacts', [...columns, ...LINEAGE_COLUMNS], data);
    });
    const bulk = await lineages(fx.store(), 'contacts', ids);
    expect(bulk.every((r) => r.compact)).toBe(true);
    const rows = await fx.store().db.selectFrom('contacts').select(CONTACT_COLUMNS).where('id', 'in', ids).execute();
    for (const r of rows) expect(contactFromRow(r)).toEqual(contacts.find((c) => c.id === r.id));
    const page = await listContacts(fx.store(), steward(orgs.hotline.orgId), ContactFilter.parse({ limit: 50 }));
    expect(page.items).toHaveLength(3);
    for (const c of page.items) expect(c.lineage).toEqual(contacts.find((x) => x.id === c.id)?.lineage);

    await fx.store().db.deleteFrom('contacts').where('id', 'in', ids).execute();
    await fx.store().db.transaction().execute((trx) => insertContacts(trx, contacts));
    const plain = await lineages(fx.store(), 'contacts', ids);
    expect(plain.every((r) => !r.compact)).toBe(true);
    expect(plain.map((r) => [r.id, r.doc, r.digest])).toEqual(bulk.map((r) => [r.id, r.doc, r.digest]));
  });

  it('refuses a row with neither form of lineage', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    await expect(sql`INSERT INTO reports (id, dataset_id, source_org_id, source_ref, kind, status, reported_at, lineage_context, raw_digest)
      VALUES ('report--00000000-0000-4000-8000-00000000abcd', ${orgs.hotline.datasetId}, ${orgs.hotline.orgId}, 'x', 'platform-report', 'received', now(), gen_random_uuid(), 'sha256:00')`.execute(fx.store().db)).rejects.toThrow(/reports_lineage_present/);
  });
});

describeEachStore('reports name a stored dataset (checked per statement, migration 0941)', (fx) => {
  it('refuses a report of an unknown dataset on every write path, with the foreign key error, and writes nothing of the batch', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const good = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 3, 'DSOK');
    const bad = makeBundles(orgs.hotline.orgId, 'dataset--00000000-0000-5000-8000-000000000000', 1, 'DSBAD');
    await expect(fx.store().copyTransaction((tx) => copyReportBundles(tx, [...good, ...bad]))).rejects.toMatchObject({ code: '23503' });
    await expect(fx.store().db.transaction().execute((trx) => insertReportBundles(trx, [...good, ...bad]))).rejects.toThrow(/reports_dataset_id_fkey/);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE source_ref LIKE 'DS%'`.execute(fx.store().db);
    expect(n.rows[0]?.n).toBe(0);
    // Moving a stored report to an unknown dataset is refused too.
    await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, good));
    await expect(sql`UPDATE reports SET dataset_id = 'dataset--00000000-0000-5000-8000-000000000000' WHERE source_ref = 'DSOK-0'`.execute(fx.store().db)).rejects.toThrow(/reports_dataset_id_fkey/);
  });

  it('refuses to delete a dataset that reports name', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 1, 'DSDEL')));
    await expect(sql`DELETE FROM datasets WHERE id = ${orgs.platform.datasetId}`.execute(fx.store().db)).rejects.toThrow(/reports_dataset_id_fkey/);
  });
});
