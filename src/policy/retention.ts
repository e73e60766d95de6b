import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/index.ts';
import { deterministicId } from '../model/index.ts';
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
      const ids = (await trx.selectFrom('reports').select('id').where('dataset_id', '=', d.id).where('reported_at', '<', cutoff).where('source_ref', '!=', action === 'anonymise' ? 'anonymised' : '').execute()).map((r) => r.id);
      for (let i = 0; i < ids.length; i += 5000) {
        const part = ids.slice(i, i + 5000);
        await trx.insertInto('tombstones').values(part.map((id) => ({ id: deterministicId('tombstone', [id, action]), record_type: 'report', record_id: id, dataset_id: d.id, source_org_id: d.owner_org_id, action, reason, at: now.toISOString() }))).onConflict((oc) => oc.column('id').doNothing()).execute();
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
  recordType: string;
  recordId: string;
  datasetId: string | null;
  action: string;
  reason: string;
  at: string;
}

/** Tombstones of an organisation's records, for peers (newest last, after a cursor). */
export async function listTombstones(store: Store, orgId: string, after?: string, limit = 1000): Promise<Tombstone[]> {
  const db = store.db.withTables<GovernanceTables>() as Db;
  let q = db.selectFrom('tombstones').selectAll().where('source_org_id', '=', orgId);
  if (after) q = q.where('id', '>', after);
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, recordType: r.record_type, recordId: r.record_id, datasetId: r.dataset_id, action: r.action, reason: r.reason, at: new Date(r.at).toISOString() }));
}
