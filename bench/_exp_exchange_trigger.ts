/**
 * Experiment (not a benchmark; `node --import tsx bench/_exp_exchange_trigger.ts [N] [ROUNDS]`):
 * what the exchange change feed costs every writer of reports, old (migration 0700: one row per
 * report, four indexes) against new (0930: one row per statement with the ids in an array).
 * A scratch PostgreSQL database gets the old trigger and table beside the new ones; then the
 * same INSERT of 5,000 reports runs six times under EXPLAIN ANALYZE with both triggers on, which
 * times each trigger separately in the same statement (fair on a loaded machine). ROUNDS > 0
 * also bulk-loads N reports per round with no feed trigger, the new one, and the old one, and
 * prints the server CPU per report of each (noisy on a shared machine).
 */
import { sql } from 'kysely';
import { readFileSync } from 'node:fs';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { bulkLoadReports, openStore, type Store } from '../src/store/index.ts';
import { createScratchDatabase } from '../test/support/databases.ts';
import { makeBundles } from '../test/support/fixtures.ts';

const N = Number(process.argv[2] ?? 20000);
const ticks = async (s: Store) => {
  const r = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(s.db);
  const m = new Map<number, number>();
  for (const { pid } of r.rows) { try { const t = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = t.slice(t.lastIndexOf(')') + 2).split(' '); m.set(pid, Number(f[11]) + Number(f[12])); } catch {} }
  return m;
};
const db = await createScratchDatabase();
const s = await openStore({ databaseUrl: db.url });
try {
  const o = await registerOrganisation(s, { slug: 'hot', name: 'hot', kind: 'hotline', jurisdiction: 'NL', languages: ['en'] });
  const ds = await registerDatasetAsNode(s, { ownerOrgId: o.id, slug: 'tips', name: 'tips', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
  await sql`CREATE TABLE old_changes (seq bigserial PRIMARY KEY, xid xid8 NOT NULL DEFAULT pg_current_xact_id(), kind text NOT NULL, record_id text COLLATE "C" NOT NULL, ref_id text COLLATE "C", source_org_id text COLLATE "C" NOT NULL, dataset_id text COLLATE "C", at timestamptz NOT NULL DEFAULT clock_timestamp())`.execute(s.db);
  await sql`CREATE INDEX ON old_changes (source_org_id, xid, seq)`.execute(s.db);
  await sql`CREATE INDEX ON old_changes (source_org_id, at)`.execute(s.db);
  await sql`CREATE INDEX ON old_changes (record_id, seq)`.execute(s.db);
  await sql.raw(`CREATE FUNCTION old_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO old_changes (kind, record_id, source_org_id, dataset_id) SELECT 'report', n.id, n.source_org_id, n.dataset_id FROM changed_rows n ORDER BY n.id; RETURN NULL; END $$`).execute(s.db);
  await sql`CREATE TRIGGER old_inserted AFTER INSERT ON reports REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION old_changed()`.execute(s.db);
  const modes = { none: ['exchange_reports_inserted', 'old_inserted'], new: ['old_inserted'], old: ['exchange_reports_inserted'] } as const;
  const res: Record<string, number[]> = { none: [], new: [], old: [] };
  let k = 0;
  for (let round = 0; round < Number(process.argv[3] ?? 0); round++) {
    for (const [mode, off] of Object.entries(modes)) {
      await sql.raw(`ALTER TABLE reports ENABLE TRIGGER exchange_reports_inserted; ALTER TABLE reports ENABLE TRIGGER old_inserted;`).execute(s.db);
      for (const t of off) await sql.raw(`ALTER TABLE reports DISABLE TRIGGER ${t}`).execute(s.db);
      const batches = function* () { for (let i = 0; i < N; i += 5000) yield makeBundles(o.id, ds.id, 5000, `M${k++}`); };
      const all = [...batches()];
      const t0 = await ticks(s);
      await bulkLoadReports(s, all, { concurrency: 1 });
      const t1 = await ticks(s);
      const d = [...t1].reduce((a, [pid, t]) => a + t - (t0.get(pid) ?? 0), 0) * 10_000 / N;
      res[mode]!.push(d);
      console.log(`${mode}: ${d.toFixed(0)} µs server CPU per report`);
    }
  }
  // Same statements, both triggers on: EXPLAIN ANALYZE times each trigger separately (fair under load).
  await sql.raw(`ALTER TABLE reports ENABLE TRIGGER exchange_reports_inserted; ALTER TABLE reports ENABLE TRIGGER old_inserted;`).execute(s.db);
  const trig: Record<string, number[]> = {};
  for (let r = 0; r < 6; r++) {
    const out = await s.db.connection().execute(async (c) => {
      await sql.raw(`CREATE TEMP TABLE IF NOT EXISTS t AS SELECT * FROM reports LIMIT 0; TRUNCATE t; INSERT INTO t SELECT * FROM reports ORDER BY id LIMIT 5000; UPDATE t SET id = id || '-c${r}'`).execute(c);
      return (await sql.raw<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) INSERT INTO reports SELECT * FROM t`).execute(c)).rows.map((x) => x['QUERY PLAN']);
    });
    for (const line of out) {
      const m = /Trigger (\S+): time=([\d.]+) calls=(\d+)/.exec(line);
      if (m) (trig[m[1]!] ??= []).push((Number(m[2]) * 1000) / 5000);
    }
  }
  for (const [k, v] of Object.entries(trig)) console.log(`trigger ${k}: ${v.map((x) => x.toFixed(1)).join(' ')} µs per report`);
  const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!;
  console.log(JSON.stringify({ perReportServerUs: { none: med(res.none!), new: med(res.new!), old: med(res.old!) }, triggerUs: { new: med(res.new!) - med(res.none!), old: med(res.old!) - med(res.none!) } }));
} finally { await s.close(); await db.drop(); }
