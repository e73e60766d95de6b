import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/databases.ts';
import { makeBundles, seedTwoOrgs } from '../../test/support/fixtures.ts';
import { generateEcosystem, generateReports } from '../generator/index.ts';
import { ChildEntity, parseEntity, ReportEntity, type Report } from '../model/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../records/index.ts';
import { bulkLoadReports } from './bulk-load.ts';
import type { Store } from './index.ts';
import { copyReportBundles } from './repositories/copy-bundles.ts';
import { insertReportBundles, type ReportBundle } from './repositories/records.ts';
import { ageBand, rollupDeltas } from './repositories/rollup-deltas.ts';

type RollupRow = { key: string; n: number; k1: number; k2: number };

/** The rollup as stored, summed per key (zero rows left out). */
async function storedRollup(store: Store): Promise<RollupRow[]> {
  const r = await sql<RollupRow>`
    SELECT concat_ws('|', source_org_id, dataset_id, month::text, dim, value) AS key, sum(n)::int AS n, sum(k1)::int AS k1, sum(k2)::int AS k2
    FROM indicator_rollup GROUP BY 1 HAVING sum(n) <> 0 OR sum(k1) <> 0 OR sum(k2) <> 0 ORDER BY 1`.execute(store.db);
  return r.rows;
}

/** The rollup the triggers' own SQL computes from the stored reports and children, in a rolled-back transaction. */
async function recomputedRollup(store: Store): Promise<RollupRow[]> {
  let rows: RollupRow[] = [];
  await store.db.transaction().execute(async (trx) => {
    await sql`DELETE FROM indicator_rollup`.execute(trx);
    await sql`DO $$ BEGIN EXECUTE tessera_indicator_report_delta('reports', 1); EXECUTE tessera_indicator_child_delta('children', 1); END $$`.execute(trx);
    rows = (await sql<RollupRow>`
      SELECT concat_ws('|', source_org_id, dataset_id, month::text, dim, value) AS key, sum(n)::int AS n, sum(k1)::int AS k1, sum(k2)::int AS k2
      FROM indicator_rollup GROUP BY 1 HAVING sum(n) <> 0 OR sum(k1) <> 0 OR sum(k2) <> 0 ORDER BY 1`.execute(trx)).rows;
    throw new RollBack();
  }).catch((e: unknown) => {
    if (!(e instanceof RollBack)) throw e;
  });
  return rows;
}
class RollBack extends Error {}

const count = async (store: Store, table: string, where = sql`true`) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(store.db)).rows[0]?.n ?? -1;

/** Reports whose rollup is easy to get wrong: month boundaries across zones, missing fields, repeated codes, odd ages. */
function edgeBundles(orgId: string, datasetId: string): ReportBundle[] {
  const base = makeBundles(orgId, datasetId, 6, 'EDGE');
  const with_ = (i: number, patch: Partial<Report>, children?: ReportBundle['children']): ReportBundle => {
    const b = base[i] as ReportBundle;
    const { id: _id, ...rest } = b.report;
    const report = parseEntity(ReportEntity, { ...rest, ...patch }) as Report;
    const kids = (children ?? b.children ?? []).map((c) => parseEntity(ChildEntity, { ...c, id: undefined, reportId: report.id }));
    return { report, children: kids };
  };
  const child = (min: number | null, max: number | null, gender: 'female' | 'unknown', ref: string) => ({ id: 'x', reportId: 'x', sourceRef: ref, age: { min, max, basis: 'estimated' as const }, gender, identified: false });
  return [
    // 01:30 at +02:00 on 1 July is 23:30 UTC on 30 June: a June report.
    with_(0, { reportedAt: '2025-07-01T01:30:00+02:00' }, [child(null, null, 'unknown', 'a'), child(0, 1, 'female', 'b')]),
    with_(1, { reportedAt: '2025-12-31T23:59:59.999999Z', country: undefined, language: undefined, incidentTypes: [] }),
    with_(2, { reportedAt: '2026-02-28T22:00:00-05:00', incidentTypes: [{ scheme: 'test', code: 'a' }, { scheme: 'test', code: 'a', label: 'again' }, { scheme: 'test', code: 'tab\there' }] }, [child(5, 9, 'female', 'c'), child(16, 17, 'unknown', 'd'), child(3, 20, 'female', 'e')]),
    with_(3, { reportedAt: '2026-03-01T00:00:00.5Z', language: undefined }),
  ];
}

describeEachStore('bulk write path: rollup written by the loader, children without foreign keys', (fx) => {
  it('writes exactly the rollup the triggers would, for generated reports and edge cases', async () => {
    const store = fx.store();
    const eco = generateEcosystem({ seed: 11 });
    for (const o of eco.organisations) await registerOrganisation(store, o);
    for (const d of eco.datasets) await registerDatasetAsNode(store, d);
    const batches = [...generateReports({ seed: 11, count: 600, batchSize: 200 })];
    const orgs = await seedTwoOrgs(store);
    const edges = edgeBundles(orgs.hotline.orgId, orgs.hotline.datasetId);
    expect(rollupDeltas(edges)).not.toBeNull(); // the edge cases take the loader's path, not the triggers'
    expect(await bulkLoadReports(store, [...batches, edges], { concurrency: 2 })).toEqual({ inserted: 604, duplicates: 0 });
    const stored = await storedRollup(store);
    expect(stored.length).toBeGreaterThan(100);
    expect(stored).toEqual(await recomputedRollup(store));
    // The June report of the first edge case is counted in June.
    expect(stored.find((r) => r.key === `${orgs.hotline.orgId}|${orgs.hotline.datasetId}|2025-06-01|total|`)?.n).toBe(1);
    // The loader turns the setting off again: a later insert in the same transaction is counted by the triggers.
    const later = makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 3, 'LATER');
    await store.copyTransaction(async (tx) => {
      await copyReportBundles(tx, later.slice(0, 1));
      const r = await tx.query<{ v: string | null }>(`SELECT current_setting('tessera.rollup_written', true) AS v`);
      expect(r.rows[0]?.v).toBe('off');
      await tx.query(`INSERT INTO reports (id, dataset_id, source_org_id, source_ref, kind, status, reported_at, lineage) VALUES ($1, $2, $3, 'by-hand', 'platform-report', 'received', '2026-01-05T00:00:00Z', '{}')`, [
        'report--00000000-0000-5000-8000-0000000000aa', orgs.platform.datasetId, orgs.platform.orgId,
      ]);
    });
    expect(await storedRollup(store)).toEqual(await recomputedRollup(store));
  });

  it('leaves the rollup to the triggers for a timestamp whose month JavaScript might misread, and when ids repeat', async () => {
    const store = fx.store();
    const orgs = await seedTwoOrgs(store);
    const [b] = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 1, 'ROUND');
    const { id: _id, ...rest } = (b as ReportBundle).report;
    // PostgreSQL rounds to microseconds: this is 1 July 00:00:00 UTC, not June.
    const report = parseEntity(ReportEntity, { ...rest, reportedAt: '2025-06-30T23:59:59.9999999Z' }) as Report;
    const odd: ReportBundle = { report, children: [parseEntity(ChildEntity, { reportId: report.id, sourceRef: 'k', age: { min: 2, max: 4, basis: 'reported' }, gender: 'male' })] };
    expect(rollupDeltas([odd])).toBeNull();
    const more = makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 5, 'REP');
    // A repeat inside the batch sends it down the staged path.
    expect(await bulkLoadReports(store, [[odd], [...more, more[0] as ReportBundle]])).toEqual({ inserted: 6, duplicates: 1 });
    const stored = await storedRollup(store);
    expect(stored.find((r) => r.key === `${orgs.hotline.orgId}|${orgs.hotline.datasetId}|2025-07-01|total|`)?.n).toBe(1);
    expect(stored).toEqual(await recomputedRollup(store));
  });

  it('age bands match the SQL function', async () => {
    const pairs: Array<[number | null, number | null]> = [[null, 3], [3, null], [0, 2], [1, 3], [3, 6], [7, 10], [6, 10], [11, 13], [14, 15], [16, 17], [15, 16], [18, 25], [0, 25]];
    const r = await sql<{ band: string }>`SELECT tessera_age_band(a::smallint, b::smallint) AS band FROM unnest(${pairs.map((p) => p[0])}::int[], ${pairs.map((p) => p[1])}::int[]) WITH ORDINALITY AS t(a, b, i) ORDER BY i`.execute(fx.store().db);
    expect(r.rows.map((x) => x.band)).toEqual(pairs.map(([a, b]) => ageBand(a, b)));
  });

  it('deleting reports, by any statement, deletes their files, signals, children and subjects, and keeps the rollup exact', async () => {
    const store = fx.store();
    const orgs = await seedTwoOrgs(store);
    const bundles = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 8, 'GONE').map((b, i) => ({
      ...b, subjects: [{ id: `subject--00000000-0000-5000-8000-${String(i).padStart(12, '0')}`, reportId: b.report.id, sourceRef: 's', kind: 'account' as const, role: 'reported' as const, identifiers: [] }],
    }));
    const keep = makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 3, 'KEEP');
    await bulkLoadReports(store, [bundles, keep]);
    const ids = bundles.map((b) => b.report.id);
    const mine = sql`report_id IN (${sql.join(ids)})`;
    for (const t of ['content_items', 'signals', 'children', 'subjects']) expect(await count(store, t, mine)).toBe(t === 'subjects' ? 8 : 8);
    // One statement deleting several reports, and one deleting a single report in a transaction.
    await sql`DELETE FROM reports WHERE id IN (${sql.join(ids.slice(0, 5))})`.execute(store.db);
    await store.db.transaction().execute((trx) => trx.deleteFrom('reports').where('id', '=', ids[5] as string).execute());
    for (const t of ['content_items', 'signals', 'children', 'subjects']) expect(await count(store, t, mine)).toBe(2);
    await store.db.deleteFrom('reports').where('id', 'in', ids.slice(6)).execute();
    for (const t of ['content_items', 'signals', 'children', 'subjects']) expect(await count(store, t, mine)).toBe(0);
    // Nothing of the other reports went, and nothing is left without its report anywhere.
    expect(await count(store, 'children', sql`report_id IN (${sql.join(keep.map((b) => b.report.id))})`)).toBe(3);
    for (const t of ['content_items', 'signals', 'children', 'subjects']) expect(await count(store, t, sql`NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = report_id)`)).toBe(0);
    expect(await storedRollup(store)).toEqual(await recomputedRollup(store));
  });

  it('refuses, in both writers, a bundle whose child names another report, and writes nothing of it', async () => {
    const store = fx.store();
    const orgs = await seedTwoOrgs(store);
    const [stored] = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 1, 'HOME');
    await bulkLoadReports(store, [[stored as ReportBundle]]);
    const good = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 4, 'STRAY');
    // Even a stored report is not a child's home unless the child travels in its bundle.
    const stray = { ...(good[2]?.signals?.[0] as NonNullable<ReportBundle['signals']>[number]), reportId: (stored as ReportBundle).report.id };
    const bad = [...good.slice(0, 2), { ...(good[2] as ReportBundle), signals: [stray] }, good[3] as ReportBundle];
    const problem = { code: 'bundle_child_mismatch', where: { path: '/2/signals/0/reportId', field: 'reportId' } };
    await expect(bulkLoadReports(store, [bad])).rejects.toMatchObject(problem);
    await expect(store.db.transaction().execute((trx) => insertReportBundles(trx, bad))).rejects.toMatchObject(problem);
    expect(await count(store, 'reports', sql`source_ref LIKE 'STRAY-%'`)).toBe(0);
    expect(await count(store, 'signals', sql`report_id = ${(stored as ReportBundle).report.id}`)).toBe(1);
  });
});
