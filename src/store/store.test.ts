import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/databases.ts';
import { makeBundles, seedTwoOrgs } from '../../test/support/fixtures.ts';
import { appliedMigrations, loadMigrations, migrate } from './index.ts';
import { bulkLoadReports } from './bulk-load.ts';
import { insertReportBundles } from './repositories/records.ts';
import { CONTENT_ITEM_COLUMNS, contentItemFromRow, REPORT_COLUMNS, reportFromRow } from './repositories/rows.ts';

describeEachStore('store', (fx) => {
  it('applies every migration once, and re-running migrate changes nothing', async () => {
    const names = loadMigrations().map((m) => m.name);
    expect(await appliedMigrations(fx.store())).toEqual(names);
    expect(await migrate(fx.store())).toEqual([]);
  });

  it('bulk-writes report bundles and reads back exactly what was written', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const bundles = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 25, 'S');
    const counts = await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, bundles));
    expect(counts).toEqual({ inserted: 25, duplicates: 0 });
    const first = bundles[7];
    const row = await fx.store().db.selectFrom('reports').select(REPORT_COLUMNS).where('id', '=', first?.report.id ?? '').executeTakeFirstOrThrow();
    expect(reportFromRow(row)).toEqual(first?.report);
    const item = await fx.store().db.selectFrom('content_items').select(CONTENT_ITEM_COLUMNS).where('report_id', '=', first?.report.id ?? '').executeTakeFirstOrThrow();
    expect(contentItemFromRow(item)).toEqual(first?.contentItems?.[0]);
  });

  it('adds nothing when the same bundles are written twice (deterministic ids)', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const bundles = makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 10, 'D');
    await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, bundles));
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM content_items`.execute(fx.store().db);
    const again = await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, [...bundles, ...makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 12, 'D').slice(10)]));
    expect(again).toEqual({ inserted: 2, duplicates: 10 });
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM content_items`.execute(fx.store().db);
    expect(after.rows[0]?.n).toBe((before.rows[0]?.n ?? 0) + 2);
  });

  it('never half-writes: a failure inside the transaction leaves no report and no content item behind', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const bundles = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 5, 'ATOMIC');
    const broken = makeBundles(orgs.hotline.orgId, 'dataset--00000000-0000-5000-8000-000000000000', 1, 'ATOMIC-BAD');
    await expect(fx.store().db.transaction().execute((trx) => insertReportBundles(trx, [...bundles, ...broken]))).rejects.toThrow(/foreign key|violates/i);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE source_ref LIKE 'ATOMIC%'`.execute(fx.store().db);
    expect(n.rows[0]?.n).toBe(0);
    const m = await sql<{ n: number }>`SELECT count(*)::int AS n FROM content_items WHERE report_id = ${bundles[0]?.report.id ?? ''}`.execute(fx.store().db);
    expect(m.rows[0]?.n).toBe(0);
  });

  it('keeps concurrent transactions apart (a rolled-back one takes none of the other\'s writes with it)', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const good = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 3, 'CONC-OK');
    const bad = makeBundles(orgs.hotline.orgId, 'dataset--00000000-0000-5000-8000-000000000001', 1, 'CONC-BAD');
    const results = await Promise.allSettled([
      fx.store().db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        return insertReportBundles(trx, bad);
      }),
      fx.store().db.transaction().execute((trx) => insertReportBundles(trx, good)),
    ]);
    expect(results[0]?.status).toBe('rejected');
    expect(results[1]?.status).toBe('fulfilled');
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE source_ref LIKE 'CONC-OK%'`.execute(fx.store().db);
    expect(n.rows[0]?.n).toBe(3);
  });

  it('bulk-loads a stream of batches, several in flight, and stops at a failing batch without losing the committed ones', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const all = makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 60, 'BULK');
    const batches = [all.slice(0, 20), all.slice(20, 40), all.slice(40, 60)];
    const seen: number[] = [];
    expect(await bulkLoadReports(fx.store(), batches, { concurrency: 2, onBatch: (c) => seen.push(c.total) })).toEqual({ inserted: 60, duplicates: 0 });
    expect(seen.sort((a, b) => a - b)).toEqual([20, 40, 60]);
    const bad = makeBundles(orgs.platform.orgId, 'dataset--00000000-0000-5000-8000-000000000002', 1, 'BULK-BAD');
    const more = makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 70, 'BULK').slice(60);
    await expect(bulkLoadReports(fx.store(), [more, bad], { concurrency: 1 })).rejects.toThrow();
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE source_ref LIKE 'BULK-%'`.execute(fx.store().db);
    expect(n.rows[0]?.n).toBe(70);
  });

  it('returns counts as numbers on both backends', async () => {
    const r = await fx.store().db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(typeof r.n).toBe('number');
  });
});
