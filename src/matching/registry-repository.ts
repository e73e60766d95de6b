/**
 * Hash registry data access: queries only, no rules (those live in registry.ts).
 * Every function takes the Kysely instance so it runs inside or outside a transaction.
 */
import { sql } from 'kysely';
import type { Store } from '../store/index.ts';
import type { HashRegistryTables, HashSetSource, RegistryDb } from './registry-tables.ts';

export type RegistryDbType = RegistryDb;

export function registryDb(store: Store): RegistryDb {
  return store.db.withTables<HashRegistryTables>();
}

export interface HashSetRow {
  id: string;
  owner_org_id: string;
  owner_slug: string;
  owner_name: string;
  slug: string;
  name: string;
  description: string;
  sources: HashSetSource[];
  created_at: Date;
  created_by: string;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  withdrawn_reason: string | null;
}

const SET_COLUMNS = [
  's.id', 's.owner_org_id', 'o.slug as owner_slug', 'o.name as owner_name', 's.slug', 's.name', 's.description', 's.sources',
  's.created_at', 's.created_by', 's.withdrawn_at', 's.withdrawn_by', 's.withdrawn_reason',
] as const;

export async function findHashSet(db: RegistryDb, idOrSlug: string, ownerOrgId?: string): Promise<HashSetRow | undefined> {
  let q = db.selectFrom('hash_sets as s').innerJoin('organisations as o', 'o.id', 's.owner_org_id').select(SET_COLUMNS);
  q = ownerOrgId
    ? q.where((eb) => eb.or([eb('s.id', '=', idOrSlug), eb.and([eb('s.slug', '=', idOrSlug), eb('s.owner_org_id', '=', ownerOrgId)])]))
    : q.where((eb) => eb.or([eb('s.id', '=', idOrSlug), eb('s.slug', '=', idOrSlug)]));
  return (await q.executeTakeFirst()) as HashSetRow | undefined;
}

export async function listHashSets(db: RegistryDb, opts: { includeWithdrawn?: boolean; ownerOrgId?: string } = {}): Promise<Array<HashSetRow & { live_entries: number; withdrawn_entries: number }>> {
  let q = db
    .selectFrom('hash_sets as s')
    .innerJoin('organisations as o', 'o.id', 's.owner_org_id')
    .select(SET_COLUMNS)
    .select([
      sql<number>`(SELECT count(*)::int FROM hash_entries e WHERE e.set_id = s.id AND e.withdrawn_at IS NULL)`.as('live_entries'),
      sql<number>`(SELECT count(*)::int FROM hash_entries e WHERE e.set_id = s.id AND e.withdrawn_at IS NOT NULL)`.as('withdrawn_entries'),
    ])
    .orderBy('o.slug')
    .orderBy('s.slug');
  if (!opts.includeWithdrawn) q = q.where('s.withdrawn_at', 'is', null);
  if (opts.ownerOrgId) q = q.where('s.owner_org_id', '=', opts.ownerOrgId);
  return (await q.execute()) as Array<HashSetRow & { live_entries: number; withdrawn_entries: number }>;
}

export async function insertHashSet(db: RegistryDb, row: { id: string; owner_org_id: string; slug: string; name: string; description: string; created_by: string }): Promise<void> {
  await db.insertInto('hash_sets').values({ ...row, sources: '[]' }).execute();
}

/** Creates the set unless it exists (concurrent imports into a new set: the first creates it, the others wait and find it). */
export async function ensureHashSet(db: RegistryDb, row: { id: string; owner_org_id: string; slug: string; name: string; description: string; created_by: string }): Promise<void> {
  await db.insertInto('hash_sets').values({ ...row, sources: '[]' }).onConflict((oc) => oc.column('id').doNothing()).execute();
}

/** Locks the set's row until the end of the transaction. */
export async function lockHashSet(db: RegistryDb, setId: string): Promise<void> {
  await db.selectFrom('hash_sets').select('id').where('id', '=', setId).forUpdate().execute();
}

export async function appendHashSetSource(db: RegistryDb, setId: string, source: HashSetSource): Promise<void> {
  await db
    .updateTable('hash_sets')
    .set({ sources: sql`sources || ${JSON.stringify([source])}::jsonb` as unknown as string })
    .where('id', '=', setId)
    .execute();
}

/**
 * Records a source on a set. A source with an `importId` is recorded once: a later call with the
 * same id (the next batch of the same import, or the same batch again after a resume) updates
 * that entry — its line count becomes the largest seen — instead of appending another.
 */
export async function mergeHashSetSource(db: RegistryDb, setId: string, source: HashSetSource): Promise<void> {
  if (!source.importId) return appendHashSetSource(db, setId, source);
  const row = await db.selectFrom('hash_sets').select('sources').where('id', '=', setId).forUpdate().executeTakeFirst();
  const raw = row?.sources as unknown;
  const sources = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? [])) as HashSetSource[];
  const i = sources.findIndex((x) => x.importId === source.importId);
  if (i < 0) return appendHashSetSource(db, setId, source);
  const prev = sources[i] as HashSetSource;
  sources[i] = { ...prev, lines: Math.max(prev.lines ?? 0, source.lines ?? 0) };
  await db.updateTable('hash_sets').set({ sources: JSON.stringify(sources) }).where('id', '=', setId).execute();
}

export interface NewEntry {
  id: string;
  set_id: string;
  signal_type: string;
  value: string;
  quality: number | null;
  label: string | null;
  source_ref: string | null;
  added_by: string;
}

/**
 * Inserts entries in batches; an entry already in the set is left alone, or reinstated if it
 * was withdrawn. Returns how many were new and how many reinstated.
 */
export async function upsertEntries(db: RegistryDb, rows: NewEntry[]): Promise<{ added: number; reinstated: number }> {
  let added = 0;
  let reinstated = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    const res = await db
      .insertInto('hash_entries')
      .values(batch)
      .onConflict((oc) =>
        oc.columns(['set_id', 'signal_type', 'value']).doUpdateSet({
          withdrawn_at: null, withdrawn_by: null, withdrawn_reason: null,
          change_seq: sql`nextval('hash_entry_changes')`,
          added_by: (eb) => eb.ref('excluded.added_by'),
        }).where('hash_entries.withdrawn_at', 'is not', null),
      )
      .returning([sql<boolean>`(xmax = 0)`.as('inserted')])
      .execute();
    for (const r of res) {
      if (r.inserted) added++;
      else reinstated++;
    }
  }
  return { added, reinstated };
}

export async function withdrawSet(db: RegistryDb, setId: string, by: string, reason: string | null): Promise<number> {
  await db.updateTable('hash_sets').set({ withdrawn_at: new Date(), withdrawn_by: by, withdrawn_reason: reason }).where('id', '=', setId).execute();
  const r = await db
    .updateTable('hash_entries')
    .set({ withdrawn_at: new Date(), withdrawn_by: by, withdrawn_reason: reason, change_seq: sql`nextval('hash_entry_changes')` })
    .where('set_id', '=', setId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function withdrawEntries(db: RegistryDb, setId: string, signalType: string, values: string[], by: string, reason: string | null): Promise<number> {
  if (values.length === 0) return 0;
  const r = await db
    .updateTable('hash_entries')
    .set({ withdrawn_at: new Date(), withdrawn_by: by, withdrawn_reason: reason, change_seq: sql`nextval('hash_entry_changes')` })
    .where('set_id', '=', setId)
    .where('signal_type', '=', signalType)
    .where('value', 'in', values)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** PDQ entries changed after `afterChange` (adds, reinstatements and withdrawals), in change order. */
export async function pdqChangesSince(db: RegistryDb, afterChange: number, limit = 200_000): Promise<Array<{ seq: number; value: string; quality: number | null; live: boolean; change_seq: number }>> {
  const rows = await db
    .selectFrom('hash_entries')
    .select(['seq', 'value', 'quality', 'change_seq', sql<boolean>`(withdrawn_at IS NULL)`.as('live')])
    .where('signal_type', '=', 'pdq')
    .where('change_seq', '>', afterChange)
    .orderBy('change_seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), value: r.value, quality: r.quality, live: r.live, change_seq: Number(r.change_seq) }));
}

export interface EntryWithSet {
  seq: number;
  id: string;
  signal_type: string;
  value: string;
  quality: number | null;
  label: string | null;
  source_ref: string | null;
  added_at: Date;
  set_id: string;
  set_slug: string;
  set_name: string;
  owner_org_id: string;
  owner_slug: string;
}

const ENTRY_COLUMNS = [
  'e.seq', 'e.id', 'e.signal_type', 'e.value', 'e.quality', 'e.label', 'e.source_ref', 'e.added_at',
  's.id as set_id', 's.slug as set_slug', 's.name as set_name', 's.owner_org_id', 'o.slug as owner_slug',
] as const;

export async function liveEntriesBySeq(db: RegistryDb, seqs: number[]): Promise<EntryWithSet[]> {
  if (seqs.length === 0) return [];
  const rows = await db
    .selectFrom('hash_entries as e')
    .innerJoin('hash_sets as s', 's.id', 'e.set_id')
    .innerJoin('organisations as o', 'o.id', 's.owner_org_id')
    .select(ENTRY_COLUMNS)
    .where('e.seq', 'in', seqs)
    .where('e.withdrawn_at', 'is', null)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function liveEntriesByValue(db: RegistryDb, signalType: string, values: string[]): Promise<EntryWithSet[]> {
  if (values.length === 0) return [];
  const rows = await db
    .selectFrom('hash_entries as e')
    .innerJoin('hash_sets as s', 's.id', 'e.set_id')
    .innerJoin('organisations as o', 'o.id', 's.owner_org_id')
    .select(ENTRY_COLUMNS)
    .where('e.signal_type', '=', signalType)
    .where('e.value', 'in', values)
    .where('e.withdrawn_at', 'is', null)
    .execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function findEntry(db: RegistryDb, idOrSeq: string): Promise<EntryWithSet | undefined> {
  const asSeq = /^\d+$/.test(idOrSeq) ? Number(idOrSeq) : -1;
  const r = await db
    .selectFrom('hash_entries as e')
    .innerJoin('hash_sets as s', 's.id', 'e.set_id')
    .innerJoin('organisations as o', 'o.id', 's.owner_org_id')
    .select(ENTRY_COLUMNS)
    .where((eb) => eb.or([eb('e.id', '=', idOrSeq), eb('e.seq', '=', asSeq)]))
    .executeTakeFirst();
  return r ? { ...r, seq: Number(r.seq) } : undefined;
}

export interface ClassificationRow {
  id: string;
  signal_type: string;
  value: string;
  entry_id: string | null;
  scheme: string;
  code: string;
  assessor_org_id: string;
  assessor_slug: string;
  assessor_name: string;
  assessed_by: string;
  assessed_at: Date;
  confidence: number | null;
  note: string | null;
}

export async function insertClassifications(db: RegistryDb, rows: Array<{ id: string; signal_type: string; value: string; entry_id: string | null; scheme: string; code: string; assessor_org_id: string; assessed_by: string; assessed_at: Date; confidence: number | null; note: string | null }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('hash_classifications').values(rows.slice(i, i + 1000)).execute();
}

/** Inserts classifications whose ids are deterministic; one already recorded is left alone. Returns how many were new. */
export async function insertClassificationsOnce(db: RegistryDb, rows: Array<{ id: string; signal_type: string; value: string; entry_id: string | null; scheme: string; code: string; assessor_org_id: string; assessed_by: string; assessed_at: Date; confidence: number | null; note: string | null }>): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const r = await db.insertInto('hash_classifications').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    n += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return n;
}

/** Live classifications of any of these (type, value) pairs. */
export async function classificationsOf(db: RegistryDb, keys: Array<{ signalType: string; value: string }>): Promise<ClassificationRow[]> {
  if (keys.length === 0) return [];
  const byType = new Map<string, string[]>();
  for (const k of keys) byType.set(k.signalType, [...(byType.get(k.signalType) ?? []), k.value]);
  return (await db
    .selectFrom('hash_classifications as c')
    .innerJoin('organisations as o', 'o.id', 'c.assessor_org_id')
    .select(['c.id', 'c.signal_type', 'c.value', 'c.entry_id', 'c.scheme', 'c.code', 'c.assessor_org_id', 'o.slug as assessor_slug', 'o.name as assessor_name', 'c.assessed_by', 'c.assessed_at', 'c.confidence', 'c.note'])
    .where('c.withdrawn_at', 'is', null)
    .where((eb) => eb.or([...byType].map(([t, vs]) => eb.and([eb('c.signal_type', '=', t), eb('c.value', 'in', vs)]))))
    .orderBy('c.assessed_at')
    .execute()) as ClassificationRow[];
}

export async function insertFeedback(db: RegistryDb, row: { id: string; query_type: string; query_value: string; entry_id: string; distance: number | null; verdict: 'true_positive' | 'false_positive'; org_id: string; given_by: string; note: string | null }): Promise<Date> {
  const r = await db.insertInto('hash_match_feedback').values(row).returning('created_at').executeTakeFirstOrThrow();
  return r.created_at;
}

export async function feedbackSummary(db: RegistryDb, entryIds: string[]): Promise<Array<{ entry_id: string; verdict: string; n: number; orgs: string[] }>> {
  if (entryIds.length === 0) return [];
  return (await db
    .selectFrom('hash_match_feedback as f')
    .innerJoin('organisations as o', 'o.id', 'f.org_id')
    .select(['f.entry_id', 'f.verdict', sql<number>`count(*)::int`.as('n'), sql<string[]>`array_agg(DISTINCT o.slug)`.as('orgs')])
    .where('f.entry_id', 'in', entryIds)
    .groupBy(['f.entry_id', 'f.verdict'])
    .execute()) as Array<{ entry_id: string; verdict: string; n: number; orgs: string[] }>;
}

export async function organisationExists(db: RegistryDb, id: string): Promise<boolean> {
  return !!(await db.selectFrom('organisations').select('id').where('id', '=', id).executeTakeFirst());
}
