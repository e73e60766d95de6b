import { sql, type Kysely, type Transaction } from 'kysely';
import { appendAudit } from '../audit/index.ts';
import { deterministicId } from '../model/index.ts';
import { TesseraError } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import { destroyDataKey, liveKeysBefore } from './envelope.ts';
import type { GovernanceTables } from './tables.ts';
import type { AgreementTerms } from './terms.ts';

/**
 * The retention job. For each dataset with a retention period, reports older than the period
 * are deleted or anonymised (as the dataset's retention action says), each leaving a
 * tombstone that peers receive; data keys of whole months past the period are destroyed
 * (crypto-shredding), so anything sealed with them is unreadable even in backups. Under an
 * agreement, recipients never see records past the agreement's retention (the row filter
 * stops them), and the plan lists that too. A dry run lists what would happen and changes
 * nothing.
 *
 * TOMBSTONES FOR PEERS (the exchange reads these; contract below)
 * ----------------------------------------------------------------
 * A tombstone says "drop your copy of this record". Two things write them:
 *   - retention (`runRetention`): cause `retention`, action `delete` or `anonymise`, one per
 *     report deleted or anonymised; `agreementId` is null (it applies under every agreement);
 *   - consent withdrawal or expiry (`recordConsent` in consent.ts): cause `consent-withdrawn`
 *     or `consent-expired`, action `withdraw`, one per record (the reports holding the child,
 *     or the helpline contact) and per active agreement that requires consent for one of the
 *     withdrawn purposes and shares that record's dataset; `agreementId` names the agreement:
 *     recipients under it must delete their copies, others are unaffected.
 * Each has `seq`, a number that only grows: writers take a lock on the table inside their
 * transaction, so numbers are assigned in commit order and a reader that asks for
 * "everything after the last seq I saw" never skips one. Read them with
 *
 *   tombstonesSince(store, { orgId, after, limit }) → { items: Tombstone[], nextCursor }
 *
 * `orgId` is the provider (the organisation whose records they were; null = all on this node,
 * for the node's own exchange process); `after` is the cursor (a previous `nextCursor`, or
 * null/'0' for the start); `nextCursor` is the seq of the last item returned (pass it back;
 * it equals `after` when there is nothing new, so it can be stored and polled). Items come in
 * seq order. `GET /api/v1/tombstones?after=CURSOR` serves the same to an organisation's members.
 * Tombstones carry no record content: ids, kind, reason, agreement, time.
 */
type Db = Kysely<CoreDatabase & GovernanceTables>;

export interface RetentionItem {
  datasetId: string;
  datasetSlug: string;
  ownerOrgId: string;
  retentionDays: number;
  action: 'delete' | 'anonymise';
  cutoff: string;
  due: number;
  /** Up to 20 of the report ids due (the full list goes to the tombstones). */
  sample: string[];
  keysToShred: string[];
}

export interface RetentionReport {
  dryRun: boolean;
  at: string;
  datasets: RetentionItem[];
  agreements: Array<{ id: string; slug: string; retentionDays: number; then: string; sharedFrom: string }>;
  totals: { due: number; deleted: number; anonymised: number; tombstones: number; keysShredded: number; sealedValuesShredded: number };
}

const DAY = 86_400_000;

export async function runRetention(store: Store, opts: { dryRun: boolean; now?: Date; orgId?: string | null; actor?: { userId: string; orgId: string; via: string } | null }): Promise<RetentionReport> {
  const now = opts.now ?? new Date();
  const db = store.db.withTables<GovernanceTables>() as Db;
  let dq = db.selectFrom('datasets as d').leftJoin('dataset_retention as r', 'r.dataset_id', 'd.id').select(['d.id', 'd.slug', 'd.owner_org_id', 'd.retention_days', 'r.action']).where('d.retention_days', 'is not', null);
  if (opts.orgId) dq = dq.where('d.owner_org_id', '=', opts.orgId);
  const datasets = await dq.orderBy('d.id').execute();
  const report: RetentionReport = { dryRun: opts.dryRun, at: now.toISOString(), datasets: [], agreements: [], totals: { due: 0, deleted: 0, anonymised: 0, tombstones: 0, keysShredded: 0, sealedValuesShredded: 0 } };
  for (const d of datasets) {
    const days = d.retention_days as number;
    const cutoff = new Date(now.getTime() - days * DAY);
    const action = (d.action ?? 'delete') as 'delete' | 'anonymise';
    const dueQ = db.selectFrom('reports').where('dataset_id', '=', d.id).where('reported_at', '<', cutoff);
    const count = Number((await dueQ.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const already = action === 'anonymise' ? Number((await dueQ.select((eb) => eb.fn.countAll<number>().as('n')).where('source_ref', '=', 'anonymised').executeTakeFirstOrThrow()).n) : 0;
    const sample = (await dueQ.select('id').where('source_ref', '!=', action === 'anonymise' ? 'anonymised' : '').orderBy('id').limit(20).execute()).map((r) => r.id);
    // Whole months before the cutoff month hold only records past retention.
    const keysToShred = await liveKeysBefore(store, d.id, cutoff.toISOString().slice(0, 7));
    const item: RetentionItem = { datasetId: d.id, datasetSlug: d.slug, ownerOrgId: d.owner_org_id, retentionDays: days, action, cutoff: cutoff.toISOString(), due: count - already, sample, keysToShred };
    report.datasets.push(item);
    report.totals.due += item.due;
    if (opts.dryRun || (item.due === 0 && keysToShred.length === 0)) continue;
    const reason = `dataset ${d.slug} keeps records ${days} days; reported before ${cutoff.toISOString().slice(0, 10)}`;
    const done = await db.transaction().execute(async (trx) => {
      await lockTombstones(trx);
      const ids = (await trx.selectFrom('reports').select('id').where('dataset_id', '=', d.id).where('reported_at', '<', cutoff).where('source_ref', '!=', action === 'anonymise' ? 'anonymised' : '').execute()).map((r) => r.id);
      for (let i = 0; i < ids.length; i += 5000) {
        const part = ids.slice(i, i + 5000);
        await trx.insertInto('tombstones').values(part.map((id) => ({ id: deterministicId('tombstone', [id, action]), record_type: 'report', record_id: id, dataset_id: d.id, source_org_id: d.owner_org_id, action, reason, at: now.toISOString(), cause: 'retention', agreement_id: null }))).onConflict((oc) => oc.column('id').doNothing()).execute();
        await trx.deleteFrom('sealed_fields').where('record_id', 'in', part).execute();
        if (action === 'delete') {
          await trx.deleteFrom('classifications').where((eb) => eb.or([eb('target_id', 'in', part), eb('target_id', 'in', eb.selectFrom('content_items').select('id').where('report_id', 'in', part))])).execute();
          await trx.deleteFrom('consent_state').where('subject_ref', 'in', trx.selectFrom('children').select('id').where('report_id', 'in', part)).execute();
          await trx.deleteFrom('reports').where('id', 'in', part).execute();
        } else {
          // Anonymise: keep what counts (kind, time, country, ages, hashes of known material),
          // drop what identifies or links (source reference, people, accounts, addresses).
          await trx.deleteFrom('subjects').where('report_id', 'in', part).execute();
          await trx.deleteFrom('signals').where('report_id', 'in', part).where('type', 'in', ['account', 'email', 'phone', 'ip', 'url', 'domain', 'keyword']).execute();
          await trx.updateTable('children').set({ identified: false, country: null }).where('report_id', 'in', part).execute();
          await trx.updateTable('reports').set({ source_ref: 'anonymised', language: null, incident_at: null }).where('id', 'in', part).execute();
        }
      }
      return ids.length;
    });
    if (action === 'delete') report.totals.deleted += done;
    else report.totals.anonymised += done;
    report.totals.tombstones += done;
    for (const period of keysToShred) {
      report.totals.sealedValuesShredded += await destroyDataKey(store, d.id, period);
      report.totals.keysShredded++;
    }
  }
  const agreements = await db.selectFrom('agreements').select(['id', 'slug', 'terms', 'provider_org_id']).where('state', '=', 'active').orderBy('slug').execute();
  for (const a of agreements) {
    if (opts.orgId && a.provider_org_id !== opts.orgId) continue;
    const t = (typeof a.terms === 'string' ? JSON.parse(a.terms) : a.terms) as AgreementTerms;
    report.agreements.push({ id: a.id, slug: a.slug, retentionDays: t.retention.days, then: t.retention.then, sharedFrom: new Date(now.getTime() - t.retention.days * DAY).toISOString() });
  }
  await appendAudit(store, [{
    action: opts.dryRun ? 'retention.dry-run' : 'retention.run', decision: 'done',
    reason: opts.dryRun ? `dry run: ${report.totals.due} reports due` : `retention: ${report.totals.deleted} deleted, ${report.totals.anonymised} anonymised, ${report.totals.keysShredded} keys destroyed`,
    actor: opts.actor ?? null, ownerOrgId: opts.orgId ?? null, resource: 'retention', details: { totals: report.totals, datasets: report.datasets.map((x) => ({ datasetId: x.datasetId, due: x.due, action: x.action })) },
  }]);
  return report;
}

/** Sets what happens to a dataset's records when they are due. */
export async function setRetentionAction(store: Store, datasetId: string, action: 'delete' | 'anonymise'): Promise<void> {
  const db = store.db.withTables<GovernanceTables>() as Db;
  await db.insertInto('dataset_retention').values({ dataset_id: datasetId, action }).onConflict((oc) => oc.column('dataset_id').doUpdateSet({ action })).execute();
}

export interface Tombstone {
  id: string;
  /** Feed position: only grows, in commit order; pass the last one back as `after`. */
  seq: string;
  /** `report` or `contact`. */
  recordType: string;
  recordId: string;
  datasetId: string | null;
  /** The organisation whose record it was (the provider). */
  sourceOrgId: string | null;
  /** `delete`, `anonymise` (retention) or `withdraw` (consent withdrawn or expired). */
  action: string;
  /** `retention`, `consent-withdrawn` or `consent-expired`. */
  cause: string;
  /** For a withdrawal: the agreement whose recipients must drop their copies; null = every copy. */
  agreementId: string | null;
  reason: string;
  at: string;
}

type Tx = Transaction<CoreDatabase & GovernanceTables>;

/**
 * Serialises tombstone writers so that sequence numbers are handed out in commit order (a
 * reader following the cursor must never see #8 committed before #7). Readers are not blocked.
 * PGlite has one connection, so there is nothing to serialise.
 */
export async function lockTombstones(trx: Tx): Promise<void> {
  await sql`LOCK TABLE tombstones IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
}

function tombstoneFromRow(r: { id: string; seq: string | number; record_type: string; record_id: string; dataset_id: string | null; source_org_id: string | null; action: string; cause: string; agreement_id: string | null; reason: string; at: Date | string }): Tombstone {
  return { id: r.id, seq: String(r.seq), recordType: r.record_type, recordId: r.record_id, datasetId: r.dataset_id, sourceOrgId: r.source_org_id, action: r.action, cause: r.cause, agreementId: r.agreement_id, reason: r.reason, at: new Date(r.at).toISOString() };
}

function parseCursor(after: string | null | undefined): string {
  if (after === undefined || after === null || after === '') return '0';
  if (!/^\d{1,18}$/.test(after)) throw new TesseraError('invalid_cursor', `The tombstone cursor "${after.slice(0, 40)}" is not one this node issued; pass back the "nextCursor" of the previous page (a number), or nothing to start from the beginning.`, { where: { field: 'after' } });
  return after;
}

/**
 * Tombstones after a cursor, in sequence order: the feed the exchange carries to peers (see
 * the contract at the top of this file).
 */
export async function tombstonesSince(store: Store, opts: { orgId: string | null; after?: string | null; limit?: number }): Promise<{ items: Tombstone[]; nextCursor: string }> {
  const db = store.db.withTables<GovernanceTables>() as Db;
  const after = parseCursor(opts.after);
  const limit = Math.max(1, Math.min(opts.limit ?? 1000, 10_000));
  let q = db.selectFrom('tombstones').selectAll().where(sql<boolean>`seq > ${after}::bigint`);
  if (opts.orgId) q = q.where('source_org_id', '=', opts.orgId);
  const rows = await q.orderBy('seq').limit(limit).execute();
  const items = rows.map(tombstoneFromRow);
  return { items, nextCursor: items.length ? (items[items.length - 1] as Tombstone).seq : after };
}

/** Tombstones of an organisation's records, for peers (oldest first, after a cursor). */
export async function listTombstones(store: Store, orgId: string, after?: string, limit = 1000): Promise<Tombstone[]> {
  return (await tombstonesSince(store, { orgId, after: after ?? null, limit })).items;
}
