/**
 * A collection's objects: the provider's change feed (reports written, tombstones) read under
 * an access plan from the policy module. Rows come through the plan's row filter and
 * projection (`reportRowFilter`, `selectedColumns`, `projectReportRow`, `nestedFor` from the
 * records module): the exchange never decides or redacts a field itself.
 *
 * Order and cursor: a change row stands for the reports (or tombstones) one statement wrote,
 * per source organisation and dataset, their ids in an array (migration 0930). Rows are read in
 * (transaction id, sequence) order and only from transactions older than the oldest still
 * running, so a change that commits late is never skipped; within a row, ids are read in array
 * order. The cursor is (transaction id, sequence, ids of that row already delivered), opaque to
 * clients (many changes share a timestamp, so a timestamp alone would skip or repeat).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { nestedFor, nestedMembersSql, projectReportRow, reportLineSql, selectedColumns, type SharedDetail } from '../records/index.ts';
import { reportRowFilter, type AccessPlan, type AccessTools } from '../policy/index.ts';
import { TesseraError } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import { reportObjectJson, stixIdOfRecord, stixTime, tombstoneObject } from './stix.ts';

export interface FeedPosition {
  xid: string;
  seq: string;
  /** How many ids of row `seq` were delivered; absent when the whole row was. */
  i?: number;
}

export interface FeedQuery {
  after: FeedPosition | null;
  limit: number;
  /** TAXII added_after: only changes added after this instant. */
  addedAfter?: string | undefined;
  /** match[id]: record ids (report--…). */
  recordIds?: string[] | undefined;
  /** Leave out the record bodies (manifest). */
  bodies?: boolean;
}

export interface FeedItem {
  /** The STIX object, serialised (what travels). */
  json: string;
  /** Its STIX id. */
  id: string;
  recordId: string;
  dateAdded: string;
  version: string;
}

export interface FeedPage {
  items: FeedItem[];
  /** Position after the last change scanned (pass back as `after`); null when nothing was scanned. */
  next: FeedPosition | null;
  more: boolean;
}

export function encodeFeedCursor(collectionId: string, p: FeedPosition): string {
  return Buffer.from(JSON.stringify({ c: collectionId.slice(0, 8), x: p.xid, s: p.seq, ...(p.i !== undefined ? { i: p.i } : {}) })).toString('base64url');
}

export function decodeFeedCursor(collectionId: string, cursor: string): FeedPosition {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; x?: unknown; s?: unknown; i?: unknown };
    const partial = v.i === undefined || (typeof v.i === 'number' && Number.isSafeInteger(v.i) && v.i >= 0);
    if (v.c === collectionId.slice(0, 8) && typeof v.x === 'string' && /^\d{1,20}$/.test(v.x) && typeof v.s === 'string' && /^\d{1,19}$/.test(v.s) && partial) {
      return { xid: v.x, seq: v.s, ...(typeof v.i === 'number' ? { i: v.i } : {}) };
    }
  } catch {
    // falls through to the error below
  }
  throw new TesseraError('invalid_cursor', 'The "next" value is not one this collection issued; pass back the "next" of the previous page unchanged, or leave it out to start from the beginning.', { status: 400, where: { field: 'next' } });
}

const seesAllSessions = new WeakMap<object, Promise<boolean>>();

/**
 * The first transaction id whose changes may not all be visible yet: changes with a smaller
 * id are final. On PostgreSQL, the oldest transaction still running in this database (other
 * databases' transactions never write here), when the role may see every session
 * (superuser or pg_read_all_stats); otherwise the oldest running anywhere on the server (safe,
 * but a long transaction elsewhere delays the feed). PGlite has one connection: nothing runs
 * beside the reader.
 */
async function safeBound(store: Store): Promise<string> {
  if (store.kind === 'pglite') return (await sql<{ b: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS b`.execute(store.db)).rows[0]?.b ?? '0';
  let all = seesAllSessions.get(store);
  if (!all) {
    all = sql<{ ok: boolean }>`SELECT (r.rolsuper OR pg_has_role(current_user, 'pg_read_all_stats', 'MEMBER')) AS ok FROM pg_roles r WHERE r.rolname = current_user`.execute(store.db).then((r) => r.rows[0]?.ok === true).catch(() => false);
    seesAllSessions.set(store, all);
  }
  const r = (await all)
    ? await sql<{ b: string }>`WITH s AS (SELECT pg_current_snapshot() AS s)
        SELECT COALESCE((SELECT min(x) FROM s, pg_snapshot_xip(s.s) AS x WHERE xid(x) IN (SELECT backend_xid FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL)), (SELECT pg_snapshot_xmax(s) FROM s))::text AS b`.execute(store.db)
    : await sql<{ b: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS b`.execute(store.db);
  return r.rows[0]?.b ?? '0';
}

/** One change row of a scan, with the slice of its ids this page takes (null: none, the page is full before it). */
type ChangeRow = { seq: string; xid: string; kind: string; n: number; lo: number; before: string | number; at: Date | string; ids: string | null; refs: string | null };
/** One change inside a row: a report written, or a tombstone (`refId`) added. */
type Change = { kind: string; recordId: string; refId: string | null; at: Date | string; version: string };

/**
 * The next `want` changes after `pos`: the change rows in (xid, seq) order, each with the slice
 * of its ids that fits in the page, in one query. `before` is how many ids earlier rows of the
 * scan give; only rows that start before the page is full are sliced (ids joined by spaces) (the rest are counted, so
 * the reader knows whether more follow, and never detoasted).
 */
async function scanChanges(store: Store, plan: AccessPlan, q: FeedQuery, bound: string, pos: FeedPosition | null, want: number): Promise<ChangeRow[]> {
  const rows = plan.rows;
  const orgs = rows.sourceOrgIds.length ? rows.sourceOrgIds : ['-'];
  const where = [sql`source_org_id IN (${sql.join(orgs)})`, sql`xid < ${bound}::xid8`];
  if (rows.datasetIds) where.push(sql`dataset_id IN (${sql.join(rows.datasetIds.length ? rows.datasetIds : ['-'])})`);
  // A partly delivered row is read again from its next id; a whole one is passed.
  if (pos) where.push(pos.i !== undefined ? sql`(xid, seq) >= (${pos.xid}::xid8, ${pos.seq}::bigint)` : sql`(xid, seq) > (${pos.xid}::xid8, ${pos.seq}::bigint)`);
  if (q.addedAfter) where.push(sql`at > ${new Date(q.addedAfter)}`);
  if (q.recordIds) {
    // The index is over hashes of the ids (migration 0970: a GIN over the ids themselves cost
    // 1.8 µs more server CPU per ingested report); the second condition keeps the result exact.
    const ids = sql`ARRAY[${sql.join(q.recordIds.length ? q.recordIds : ['-'])}]::text[]`;
    where.push(sql`tessera_id_hashes(record_ids) && tessera_id_hashes(${ids}) AND record_ids && ${ids}`);
  }
  const skipSeq = pos?.i !== undefined ? pos.seq : '0';
  const skip = pos?.i ?? 0;
  const r = await sql<ChangeRow>`
    SELECT seq::text AS seq, xid::text AS xid, kind, n, lo, before, at,
      CASE WHEN before < ${want} THEN array_to_string(record_ids[lo : lo + LEAST(n - lo + 1, ${want} - before) - 1], ' ') END AS ids,
      CASE WHEN before < ${want} AND ref_ids IS NOT NULL THEN array_to_string(ref_ids[lo : lo + LEAST(n - lo + 1, ${want} - before) - 1], ' ') END AS refs
    FROM (
      SELECT *, sum(n - lo + 1) OVER (ORDER BY xid, seq) - (n - lo + 1) AS before
      FROM (
        SELECT seq, xid, kind, n, at, record_ids, ref_ids, CASE WHEN seq = ${skipSeq}::bigint THEN ${skip}::int + 1 ELSE 1 END AS lo
        FROM exchange_changes WHERE ${sql.join(where, sql` AND `)}
        ORDER BY xid, seq LIMIT ${want + 1}
      ) c
    ) w
    ORDER BY xid, seq`.execute(store.db);
  return r.rows;
}

/** The SQL that builds a page's records: each report row as JSON text, and its nested groups. */
interface RecordSql {
  line: RawBuilder<string>;
  /** The nested groups built in SQL, as JSON members joined by commas ('' when none); null when no group is. */
  nested: RawBuilder<string | null> | null;
  built: ReadonlySet<keyof SharedDetail>;
}

/**
 * The report row as JSON text, built in SQL from the plan (`reportLineSql`: the same members,
 * order and pseudonyms as `projectReportRow`), with the nested groups the database can build
 * (`nestedMembersSql`), or null when pseudonyms cannot be computed in SQL here (then rows are
 * projected in Node).
 */
async function recordSql(plan: AccessPlan, tools: AccessTools, bodies: boolean): Promise<RecordSql | null> {
  const pseudonymised = Object.values(plan.fields).includes('pseudonymised');
  const pseudo = pseudonymised ? await tools.sqlPseudonymiser() : null;
  if (pseudonymised && !pseudo) return null;
  const line = reportLineSql(plan, pseudo, null);
  const nested = bodies ? nestedMembersSql(plan, pseudo, sql<string>`reports.id`) : null;
  if (!nested || nested.members.length === 0) return { line, nested: null, built: new Set() };
  return { line, nested: sql<string>`concat_ws(',', ${sql.join(nested.members)})`, built: new Set(nested.built) };
}

/** A record's JSON text with members appended (JSON text, comma-separated; '' for none). */
function withMembers(recordJson: string, members: string | null): string {
  return members ? recordJson.slice(0, -1) + ',' + members + '}' : recordJson;
}

/** reported_at as a STIX timestamp (what `stixTime` gives), formatted by the database. */
const REPORTED_AT_ISO = sql<string | null>`to_char(reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const NESTED_GROUPS = ['contentItems', 'signals', 'children', 'subjects', 'classifications', 'notes'] as const;

/** A record's JSON text with its nested groups appended as members, in their order. */
function withNested(recordJson: string, nested: object | undefined): string {
  if (!nested) return recordJson;
  let members = '';
  for (const [k, v] of Object.entries(nested as Record<string, unknown>)) if (v !== undefined) members += `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
  return members ? recordJson.slice(0, -1) + members + '}' : recordJson;
}

/**
 * Runs a page's records query with JIT compilation off (PostgreSQL). With a page's thousands of
 * ids and a large table the planner's estimate passes jit_above_cost, and compiling the
 * expressions took 80–120 ms a page at a million records, longer than running them.
 */
async function withoutJit<T>(store: Store, run: (db: Kysely<CoreDatabase>) => Promise<T>): Promise<T> {
  if (store.kind !== 'postgres') return run(store.db);
  return store.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    return run(trx);
  });
}

/** One page of the collection for a plan (the caller is inside `withAccess`). */
export async function readFeed(store: Store, plan: AccessPlan, tools: AccessTools, q: FeedQuery): Promise<FeedPage> {
  const agreementId = plan.agreement?.id ?? null;
  const items: FeedItem[] = [];
  let pos = q.after;
  let more = false;
  const bound = await safeBound(store);
  const onlyIds = q.recordIds ? new Set(q.recordIds) : null;
  let recordSqlOf: RecordSql | null | undefined;
  // Changes the plan does not show are skipped without filling the page; a bounded number of
  // scans keeps one request short (the next page goes on from the last change scanned).
  for (let scan = 0; scan < 8 && items.length < q.limit; scan++) {
    const want = q.limit - items.length;
    const rows = await scanChanges(store, plan, q, bound, pos, want);
    const taken: Change[] = [];
    more = false;
    for (const row of rows) {
      if (row.ids === null) {
        more = true;
        break;
      }
      // Ids come space-separated (ids are `type--uuid`, never with a space): far cheaper to read than text[].
      const ids = row.ids.split(' ');
      const refs = row.refs === null ? null : row.refs.split(' ');
      // One statement's changes share their time: formatted once per row.
      const version = stixTime(row.at);
      for (let k = 0; k < ids.length; k++) {
        const recordId = ids[k] as string;
        if (!onlyIds || onlyIds.has(recordId)) taken.push({ kind: row.kind, recordId, refId: refs ? (refs[k] ?? null) : null, at: row.at, version });
      }
      // The position moves past what this row gave; part of a row leaves `i` in the cursor.
      const end = row.lo - 1 + ids.length;
      pos = end >= row.n ? { xid: row.xid, seq: row.seq } : { xid: row.xid, seq: row.seq, i: end };
      if (end < row.n) more = true;
    }
    if (rows.length === 0) break;
    const reportIds = new Set<string>();
    const tombIds: string[] = [];
    for (const c of taken) {
      if (c.kind === 'report') reportIds.add(c.recordId);
      else if (c.refId) tombIds.push(c.refId);
    }
    // Each visible report as JSON text: the record and its content items, signals and children
    // built by the database under the plan's projection (pseudonyms computed there); other
    // nested groups the plan shows from `nestedFor`.
    const visible = new Map<string, { json: string; reportedAt: string | undefined }>();
    if (reportIds.size) {
      const ids = [...reportIds];
      const bodies = q.bodies !== false;
      const built = recordSqlOf === undefined ? (recordSqlOf = await recordSql(plan, tools, bodies)) : recordSqlOf;
      const nestedOf = async (found: string[], skip?: ReadonlySet<keyof SharedDetail>) => (bodies ? await nestedFor(store, plan, tools, found, skip) : null);
      const showsReportedAt = plan.fields.reportedAt === 'visible';
      if (built) {
        // reported_at is read only when the plan shows it (it dates the STIX object's `created`).
        const rows = await withoutJit(store, (db) => db.selectFrom('reports').select(['id', built.line.as('line'), (built.nested ?? sql<string | null>`NULL::text`).as('nested'), showsReportedAt ? REPORTED_AT_ISO.as('reported_at') : sql<null>`NULL`.as('reported_at')])
          .where(sql<boolean>`id = ANY(${ids}::text[])`).where(reportRowFilter(plan.rows)).execute());
        // Groups the database does not build (subjects, classifications, notes) come from `nestedFor`, only when shown.
        const rest = bodies && NESTED_GROUPS.some((g) => plan.fields[g] !== 'hidden' && !built.built.has(g)) ? await nestedOf(rows.map((r) => r.id), built.built) : null;
        for (const r of rows) visible.set(r.id, { json: withNested(withMembers(r.line, r.nested), rest?.get(r.id)), reportedAt: r.reported_at ?? undefined });
      } else {
        const reportRows = await store.db.selectFrom('reports').select(selectedColumns(plan)).where('id', 'in', ids).where(reportRowFilter(plan.rows)).execute();
        const nested = await nestedOf(reportRows.map((r) => r.id));
        for (const r of reportRows) {
          const rec = projectReportRow(plan, tools, r) as Record<string, unknown> & { reportedAt?: string };
          visible.set(r.id, { json: JSON.stringify(nested ? { ...rec, ...nested.get(r.id) } : rec), reportedAt: rec.reportedAt });
        }
      }
    }
    const tombs = new Map<string, { record_id: string; action: string; reason: string; at: Date | string; cause: string | null; agreement_id: string | null }>();
    if (tombIds.length) {
      const t = await sql<{ id: string; record_id: string; action: string; reason: string; at: Date | string; cause: string | null; agreement_id: string | null }>`
        SELECT t.id, t.record_id, t.action, t.reason, t.at, to_jsonb(t)->>'cause' AS cause, to_jsonb(t)->>'agreement_id' AS agreement_id
        FROM tombstones t WHERE t.id IN (${sql.join(tombIds)})`.execute(store.db);
      for (const r of t.rows) if (r.agreement_id === null || r.agreement_id === agreementId) tombs.set(r.id, r);
    }
    // Latest change per record wins within the page.
    const out = new Map<string, FeedItem>();
    for (const c of taken) {
      if (c.kind === 'report') {
        const rec = visible.get(c.recordId);
        if (!rec) continue;
        const version = c.version;
        out.delete(c.recordId);
        out.set(c.recordId, { json: reportObjectJson(rec.json, c.recordId, rec.reportedAt, agreementId ?? 'own', version), id: stixIdOfRecord(c.recordId), recordId: c.recordId, dateAdded: version, version });
      } else {
        const at = new Date(c.at);
        const t = c.refId ? tombs.get(c.refId) : undefined;
        if (!t) continue;
        const obj = tombstoneObject({ recordId: t.record_id, action: t.action, cause: t.cause ?? 'retention', reason: t.reason, at }, agreementId ?? 'own');
        out.delete(c.recordId);
        out.set(c.recordId, { json: JSON.stringify(obj), id: obj.id as string, recordId: c.recordId, dateAdded: at.toISOString(), version: obj.modified as string });
      }
    }
    items.push(...out.values());
    if (!more) break;
  }
  return { items, next: pos, more };
}
