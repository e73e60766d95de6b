import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/support/databases.ts';
import { makeBundles, seedTwoOrgs } from '../../test/support/fixtures.ts';
import type { ReportBundle } from './repositories/records.ts';
import { bulkLoadReports } from './bulk-load.ts';
import { copyField, copyInsertRows, copyRow, CopyText, CopyWriter, idKey, keyOrder } from './copy.ts';
import { copyReportBundles } from './repositories/copy-bundles.ts';
import { childFromRow, CONTENT_ITEM_COLUMNS, contentItemFromRow, REPORT_COLUMNS, reportFromRow, signalFromRow, subjectFromRow } from './repositories/rows.ts';

/** Strings that break a naive COPY writer: every one must come back byte for byte. */
const AWKWARD = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', 'quote " and \' both', 'comma, {brace} "q"', 'ünïcødé 😀 日本語', '', ' lead and trail ', 'NULL'];

describe('COPY text encoding', () => {
  it('escapes backslash, newline, carriage return and tab, and writes NULL as \\N', () => {
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField(true)).toBe('t');
    expect(copyField(12.5)).toBe('12.5');
    expect(copyRow(['x', null, 3])).toBe('x\t\\N\t3\n');
  });

  it('writes arrays as PostgreSQL array literals with every element quoted', () => {
    expect(copyField(['a', 'b"c', 'd\\e', null])).toBe('{"a","b\\\\"c","d\\\\\\\\e",NULL}');
  });

  it('CopyText gives the same UTF-8 bytes as the rows joined, across buffer growth', () => {
    const text = new CopyText(16);
    let joined = '';
    for (let i = 0; i < 500; i++) {
      const row = [AWKWARD[i % AWKWARD.length] ?? '', i, i % 3 ? null : ['a', 'b"c'], { k: AWKWARD[(i + 1) % AWKWARD.length] }];
      text.row(row);
      joined += copyRow(row);
    }
    expect(Buffer.from(text.bytes()).equals(Buffer.from(joined, 'utf8'))).toBe(true);
    expect(new CopyText().length).toBe(0);
  });

  it('CopyWriter gives exactly the bytes of copyRow, field by field, across buffer growth', () => {
    const w = new CopyWriter(16);
    let joined = '';
    const numbers = [0, 7, 10, 99, 100, 123456789, 999999999, 1e9, 12.5, -3, 2 ** 40, 0.1];
    for (let i = 0; i < 600; i++) {
      const s = AWKWARD[i % AWKWARD.length] as string;
      const n = numbers[i % numbers.length] as number;
      const row = [s, n, i % 3 ? null : ['a', 'b"c'], { k: AWKWARD[(i + 1) % AWKWARD.length] }, i % 2 === 0, undefined, `x${'\u0001'}\u007f${s}`];
      w.str(s).num(n).value(row[2] as string[] | null).value(row[3] as { k: string }).bool(row[4] as boolean).num(undefined).str(row[6] as string).end();
      joined += copyRow(row);
    }
    expect(Buffer.from(w.bytes()).toString('utf8')).toBe(joined);
    expect(new CopyWriter().length).toBe(0);
  });

  it('refuses numbers PostgreSQL cannot read back', () => {
    expect(() => copyField(Number.NaN)).toThrow(/NaN/);
  });
});

/** A bundle whose free-text fields are all awkward strings. */
function awkwardBundle(base: ReportBundle, i: number): ReportBundle {
  const s = AWKWARD[i % AWKWARD.length] as string;
  const report = { ...base.report, flags: [s, 'ok'], incidentTypes: [{ scheme: 'test', code: s, label: `${s} label` }] };
  return {
    ...base,
    report,
    signals: (base.signals ?? []).map((x) => ({ ...x, value: `${s} value` })),
    subjects: [{ id: `subject--awkward-${i}`, reportId: report.id, sourceRef: `s\t${i}`, kind: 'account', role: 'reported', identifiers: [{ type: 'account', value: s }] }],
  };
}

describeEachStore('store COPY path', (fx) => {
  it('copies rows whose values need escaping and reads every one back exactly', async () => {
    const store = fx.store();
    await store.exec('CREATE TABLE copy_probe (id text PRIMARY KEY, t text, arr text[], j jsonb, n integer, b boolean, ts timestamptz)');
    const rows = AWKWARD.map((s, i) => [`k${i}`, s, [s, null, 'x'], { s, nested: [s] }, i % 3 ? i : null, i % 2 === 0, i % 4 ? new Date(Date.UTC(2026, 0, 1 + i)) : null]);
    const inserted = await store.copyTransaction((tx) => copyInsertRows(tx, 'copy_probe', ['id', 't', 'arr', 'j', 'n', 'b', 'ts'], rows));
    expect(inserted).toBe(AWKWARD.length);
    const back = await sql<{ id: string; t: string; arr: Array<string | null>; j: unknown; n: number | null; b: boolean; ts: Date | null }>`SELECT * FROM copy_probe ORDER BY id`.execute(store.db);
    for (const [i, s] of AWKWARD.entries()) {
      const r = back.rows.find((x) => x.id === `k${i}`);
      expect(r?.t).toBe(s);
      expect(r?.arr).toEqual([s, null, 'x']);
      expect(typeof r?.j === 'string' ? JSON.parse(r.j) : r?.j).toEqual({ s, nested: [s] });
      expect(r?.n).toBe(i % 3 ? i : null);
      expect(r?.b).toBe(i % 2 === 0);
      expect(r?.ts === null ? null : new Date(r?.ts ?? 0).toISOString()).toBe(i % 4 ? new Date(Date.UTC(2026, 0, 1 + i)).toISOString() : null);
    }
    // Again, plus one row repeated within the batch: only the new key is added, once.
    const again = await store.copyTransaction((tx) => copyInsertRows(tx, 'copy_probe', ['id', 't'], [...rows.map((r) => [r[0], 'changed']), ['new', 'a'], ['new', 'b']]));
    expect(again).toBe(1);
    const t0 = await sql<{ t: string }>`SELECT t FROM copy_probe WHERE id = 'k0'`.execute(store.db);
    expect(t0.rows[0]?.t).toBe(AWKWARD[0]);
  });

  it('writes report bundles with awkward text exactly as the parameter path does', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const bundles = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 22, 'CP').map(awkwardBundle);
    const counts = await fx.store().copyTransaction((tx) => copyReportBundles(tx, bundles));
    expect(counts).toEqual({ inserted: 22, duplicates: 0 });
    for (const b of bundles) {
      const r = await fx.store().db.selectFrom('reports').select(REPORT_COLUMNS).where('id', '=', b.report.id).executeTakeFirstOrThrow();
      expect(reportFromRow(r)).toEqual(b.report);
      const items = await fx.store().db.selectFrom('content_items').select(CONTENT_ITEM_COLUMNS).where('report_id', '=', b.report.id).execute();
      expect(items.map(contentItemFromRow)).toEqual(b.contentItems);
      const signals = await fx.store().db.selectFrom('signals').selectAll().where('report_id', '=', b.report.id).execute();
      expect(signals.map(signalFromRow)).toEqual(b.signals);
      const children = await fx.store().db.selectFrom('children').selectAll().where('report_id', '=', b.report.id).execute();
      expect(children.map(childFromRow)).toEqual(b.children);
      const subjects = await fx.store().db.selectFrom('subjects').selectAll().where('report_id', '=', b.report.id).execute();
      expect(subjects.map(subjectFromRow)).toEqual(b.subjects);
    }
  });

  it('adds nothing the second time, counts a bundle repeated within a batch once, and skips children of stored reports', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const bundles = makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 10, 'CPD');
    const dup = bundles[3] as ReportBundle;
    expect(await fx.store().copyTransaction((tx) => copyReportBundles(tx, [...bundles, dup]))).toEqual({ inserted: 10, duplicates: 1 });
    const count = async (table: 'reports' | 'content_items' | 'signals' | 'children') =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(fx.store().db)).rows[0]?.n;
    const before = { r: await count('reports'), c: await count('content_items'), s: await count('signals'), k: await count('children') };
    // A stored report arriving with a new child: the child is not added (as insertReportBundles).
    const extraChild = { ...dup, children: [...(dup.children ?? []), { ...(dup.children?.[0] as NonNullable<ReportBundle['children']>[number]), id: 'child--extra' }] };
    expect(await bulkLoadReports(fx.store(), [bundles.slice(0, 5), [...bundles.slice(5), extraChild]], { concurrency: 2 })).toEqual({ inserted: 0, duplicates: 11 });
    expect({ r: await count('reports'), c: await count('content_items'), s: await count('signals'), k: await count('children') }).toEqual(before);
  });

  it('finds a stored report anywhere in a batch, not only at its ends: it adds nothing of it and writes the rest', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const bundles = makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 8, 'CPM');
    const mid = bundles[4] as ReportBundle;
    expect(await bulkLoadReports(fx.store(), [[mid]])).toEqual({ inserted: 1, duplicates: 0 });
    const rollup = async () => (await sql<{ n: number }>`SELECT coalesce(sum(n), 0)::int AS n FROM indicator_rollup WHERE dim = 'total' AND source_org_id = ${orgs.platform.orgId}`.execute(fx.store().db)).rows[0]?.n;
    const before = await rollup();
    // The stored report comes back in the middle of a batch with a new content item and child:
    // neither is added, the other seven reports are written whole.
    const item = mid.contentItems?.[0] as NonNullable<ReportBundle['contentItems']>[number];
    const child = mid.children?.[0] as NonNullable<ReportBundle['children']>[number];
    const again = { ...mid, contentItems: [...(mid.contentItems ?? []), { ...item, id: 'content--mid-extra' }], children: [...(mid.children ?? []), { ...child, id: 'child--mid-extra' }] };
    const batch = [...bundles.slice(0, 4), again, ...bundles.slice(5)];
    expect(await fx.store().copyTransaction((tx) => copyReportBundles(tx, batch))).toEqual({ inserted: 7, duplicates: 1 });
    const n = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(fx.store().db)).rows[0]?.n;
    expect(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE source_ref LIKE 'CPM-%'`)).toBe(8);
    expect(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM content_items WHERE id = 'content--mid-extra'`)).toBe(0);
    expect(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM children WHERE id = 'child--mid-extra'`)).toBe(0);
    const items = bundles.filter((b) => b !== mid).reduce((s, b) => s + (b.contentItems?.length ?? 0), 0);
    expect(await n(sql<{ n: number }>`SELECT count(*)::int AS n FROM content_items WHERE report_id IN (${sql.join(bundles.filter((b) => b !== mid).map((b) => b.report.id))})`)).toBe(items);
    expect(await rollup()).toBe((before ?? 0) + 7);
  });

  it('leaves nothing of a batch that fails half-way, and the next batch still loads', async () => {
    const orgs = await seedTwoOrgs(fx.store());
    const good = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 6, 'CPX');
    // The report rows are valid; a content item's hash cannot be stored (NUL), so the failure
    // comes after the reports were already copied in this transaction.
    const item = good[3]?.contentItems?.[0] as NonNullable<ReportBundle['contentItems']>[number];
    const broken = { ...item, hashes: { ...item.hashes, md5: 'a\u0000b' } };
    const bad = [...good.slice(0, 3), { ...(good[3] as ReportBundle), contentItems: [broken] }];
    await expect(bulkLoadReports(fx.store(), [bad])).rejects.toThrow(/0x00|null character|invalid byte/i);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE source_ref LIKE 'CPX-%'`.execute(fx.store().db);
    expect(n.rows[0]?.n).toBe(0);
    const c = await sql<{ n: number }>`SELECT count(*)::int AS n FROM content_items WHERE report_id = ${good[0]?.report.id ?? ''}`.execute(fx.store().db);
    expect(c.rows[0]?.n).toBe(0);
    // An error thrown by the caller inside the transaction rolls back the copied rows too.
    await expect(fx.store().copyTransaction(async (tx) => {
      await copyReportBundles(tx, good);
      throw new Error('crash after copying');
    })).rejects.toThrow('crash after copying');
    const m = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE source_ref LIKE 'CPX-%'`.execute(fx.store().db);
    expect(m.rows[0]?.n).toBe(0);
    expect(await bulkLoadReports(fx.store(), [good])).toEqual({ inserted: 6, duplicates: 0 });
  });

  it('survives losing the connection mid-batch: nothing committed, the pool keeps working', async () => {
    if (fx.kind !== 'postgres') return;
    const orgs = await seedTwoOrgs(fx.store());
    const bundles = makeBundles(orgs.platform.orgId, orgs.platform.datasetId, 4, 'CPK');
    await expect(fx.store().copyTransaction(async (tx) => {
      await copyReportBundles(tx, bundles);
      await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
    })).rejects.toThrow();
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE source_ref LIKE 'CPK-%'`.execute(fx.store().db);
    expect(n.rows[0]?.n).toBe(0);
    expect(await bulkLoadReports(fx.store(), [bundles], { asyncCommit: true })).toEqual({ inserted: 4, duplicates: 0 });
  });
});

describe('keyOrder', () => {
  it('orders positions by key, ties by position, whatever the size or the keys', () => {
    const reference = (keys: Float64Array) => Array.from(keys.keys()).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const n of [2, 3, 100, 5000, 16384, 16385, 40000]) {
      for (const kind of ['ids', 'ties', 'huge', 'fractions']) {
        const keys = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          keys[i] = kind === 'ids' ? idKey(`${'crs'[i % 3]}--${Math.floor(rand() * 2 ** 32).toString(16).padStart(8, '0')}-x`) : kind === 'ties' ? Math.floor(rand() * 5) * 2 ** 36 : kind === 'huge' ? rand() * 2 ** 60 : rand() * 100;
        }
        const order = keyOrder(keys);
        expect(order ? Array.from(order) : Array.from(keys.keys()), `${n} ${kind}`).toEqual(reference(keys));
      }
    }
    expect(keyOrder(new Float64Array([1, 2, 2, 3]))).toBeNull();
  });
});
