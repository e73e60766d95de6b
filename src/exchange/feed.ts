/**
 * A collection's objects: the provider's change feed (reports written, tombstones) read under
 * an access plan from the policy module. Rows come through the plan's row filter and
 * projection (`reportRowFilter`, `selectedColumns`, `projectReportRow`, `nestedFor` from the
 * records module): the exchange never decides or redacts a field itself.
 *
 * Order and cursor: changes are read in (transaction id, sequence) order and only from
 * transactions older than the oldest still running, so a change that commits late is never
 * skipped; the cursor is that position, opaque to clients (many changes share a timestamp,
 * so a timestamp alone would skip or repeat).
 */
import { sql } from 'kysely';
import { nestedFor, projectReportRow, selectedColumns } from '../records/index.ts';
import { reportRowFilter, type AccessPlan, type AccessTools } from '../policy/index.ts';
import { TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { reportObject, tombstoneObject } from './stix.ts';
import { xdb } from './tables.ts';

export interface FeedPosition {
  xid: string;
  seq: string;
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
  object: Record<string, unknown>;
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
  return Buffer.from(JSON.stringify({ c: collectionId.slice(0, 8), x: p.xid, s: p.seq })).toString('base64url');
}

export function decodeFeedCursor(collectionId: string, cursor: string): FeedPosition {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; x?: unknown; s?: unknown };
    if (v.c === collectionId.slice(0, 8) && typeof v.x === 'string' && /^\d{1,20}$/.test(v.x) && typeof v.s === 'string' && /^\d{1,19}$/.test(v.s)) return { xid: v.x, seq: v.s };
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

type ChangeRow = { seq: string; xid: string; kind: string; record_id: string; ref_id: string | null; at: Date | string };

/** One page of the collection for a plan (the caller is inside `withAccess`). */
export async function readFeed(store: Store, plan: AccessPlan, tools: AccessTools, q: FeedQuery): Promise<FeedPage> {
  const db = xdb(store);
  const agreementId = plan.agreement?.id ?? null;
  const rows = plan.rows;
  const items: FeedItem[] = [];
  let pos = q.after;
  let more = false;
  const bound = await safeBound(store);
  // Changes the plan does not show are skipped without filling the page; a bounded number of
  // scans keeps one request short (the next page goes on from the last change scanned).
  for (let scan = 0; scan < 8 && items.length < q.limit; scan++) {
    const want = q.limit - items.length;
    const batch = Math.max(want, 100);
    let cq = db.selectFrom('exchange_changes').select(['seq', sql<string>`xid::text`.as('xid'), 'kind', 'record_id', 'ref_id', 'at'])
      .where('source_org_id', 'in', rows.sourceOrgIds.length ? rows.sourceOrgIds : ['-'])
      .where(sql<boolean>`xid < ${bound}::xid8`);
    if (rows.datasetIds) cq = cq.where('dataset_id', 'in', rows.datasetIds.length ? rows.datasetIds : ['-']);
    if (pos) cq = cq.where(sql<boolean>`(xid, seq) > (${pos.xid}::xid8, ${pos.seq}::bigint)`);
    if (q.addedAfter) cq = cq.where('at', '>', new Date(q.addedAfter));
    if (q.recordIds) cq = cq.where('record_id', 'in', q.recordIds.length ? q.recordIds : ['-']);
    const changes = (await cq.orderBy(sql`xid`).orderBy('seq').limit(batch + 1).execute()) as ChangeRow[];
    more = changes.length > batch;
    const scanned = changes.slice(0, batch);
    if (scanned.length === 0) break;
    // Take changes until the page is full; the cursor stops after the last one taken.
    const taken: ChangeRow[] = [];
    const reportIds = new Set<string>();
    const tombIds: string[] = [];
    for (const c of scanned) {
      taken.push(c);
      if (c.kind === 'report') reportIds.add(c.record_id);
      else if (c.ref_id) tombIds.push(c.ref_id);
      if (reportIds.size + tombIds.length >= want) break;
    }
    if (taken.length < scanned.length) more = true;
    const last = taken[taken.length - 1] as ChangeRow;
    pos = { xid: String(last.xid), seq: String(last.seq) };
    const visible = new Map<string, Record<string, unknown>>();
    if (reportIds.size) {
      const ids = [...reportIds];
      const cols = selectedColumns(plan);
      const reportRows = await store.db.selectFrom('reports').select(cols).where('id', 'in', ids).where(reportRowFilter(plan.rows)).execute();
      const nested = q.bodies === false ? null : await nestedFor(store, plan, tools, reportRows.map((r) => r.id));
      for (const r of reportRows) {
        const rec = projectReportRow(plan, tools, r) as Record<string, unknown> & { id: string };
        visible.set(r.id, nested ? { ...rec, ...nested.get(r.id) } : rec);
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
      const at = new Date(c.at);
      if (c.kind === 'report') {
        const rec = visible.get(c.record_id);
        if (!rec) continue;
        const obj = reportObject(rec as Record<string, unknown> & { id: string }, agreementId ?? 'own', at);
        out.delete(c.record_id);
        out.set(c.record_id, { object: obj, recordId: c.record_id, dateAdded: at.toISOString(), version: obj.modified as string });
      } else {
        const t = c.ref_id ? tombs.get(c.ref_id) : undefined;
        if (!t) continue;
        const obj = tombstoneObject({ recordId: t.record_id, action: t.action, cause: t.cause ?? 'retention', reason: t.reason, at }, agreementId ?? 'own');
        out.delete(c.record_id);
        out.set(c.record_id, { object: obj, recordId: c.record_id, dateAdded: at.toISOString(), version: obj.modified as string });
      }
    }
    items.push(...out.values());
    if (!more) break;
  }
  return { items, next: pos, more };
}

/** The latest change time of one record (its object's version), or null. */
export async function latestChange(store: Store, recordId: string): Promise<{ kind: string; at: Date; refId: string | null } | null> {
  const r = await xdb(store).selectFrom('exchange_changes').select(['kind', 'at', 'ref_id']).where('record_id', '=', recordId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r ? { kind: r.kind, at: new Date(r.at), refId: r.ref_id } : null;
}
