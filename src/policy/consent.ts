import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { Purpose, Timestamp, deterministicId, idOf } from '../model/index.ts';
import { parseWith } from '../model/validate.ts';
import { AuthError, NotFoundError, TesseraError } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import { decide, requireAllowed } from './decide.ts';
import { lockTombstones } from './retention.ts';
import type { GovernanceTables } from './tables.ts';
import type { AgreementTerms } from './terms.ts';

/**
 * Consent records as events after ISO/IEC TS 27560: given, withdrawn, expired — for a child
 * (or a helpline contact), by the child or a caregiver. The latest event per subject and
 * purpose is the current state, which the row filter reads: a withdrawal by either the child
 * or the caregiver withdraws. A safeguarding override is a separate event that needs its own
 * reason, safeguarding training, and an agreement that allows it; it is always audited.
 */
type Db = Kysely<CoreDatabase & GovernanceTables>;

export const ConsentRecordInput = z
  .strictObject({
    subjectRef: z.string().regex(/^(child|contact)--[0-9a-f-]{36}$/, 'must be the id of a child (child--…) or a helpline contact (contact--…)'),
    givenBy: z.enum(['child', 'caregiver']),
    event: z.enum(['given', 'withdrawn', 'expired']),
    purposes: z.array(Purpose).min(1, 'name the purposes the consent covers'),
    agreementId: idOf('agreement').optional(),
    at: Timestamp.optional(),
    expiresAt: Timestamp.optional().meta({ description: 'When a given consent lapses.' }),
  })
  .meta({ id: 'ConsentRecordInput', description: 'A consent event (ISO/IEC TS 27560): given, withdrawn or expired.' });
export type ConsentRecordInput = z.input<typeof ConsentRecordInput>;

export const SafeguardingOverrideInput = z
  .strictObject({
    subjectRef: z.string().regex(/^(child|contact)--[0-9a-f-]{36}$/, 'must be the id of a child (child--…) or a helpline contact (contact--…)'),
    purposes: z.array(Purpose).min(1),
    reason: z.string().trim().min(20, 'give the safeguarding reason in at least 20 characters; it is kept in the audit log').max(2000),
    agreementId: idOf('agreement').optional(),
  })
  .meta({ id: 'SafeguardingOverrideInput', description: 'Sharing without consent because a child is at risk: the reason is mandatory and always audited.' });
export type SafeguardingOverrideInput = z.input<typeof SafeguardingOverrideInput>;

export interface ConsentEvent {
  id: string;
  subjectRef: string;
  givenBy: string;
  event: 'given' | 'withdrawn' | 'expired' | 'safeguarding-override';
  purposes: string[];
  agreementId: string | null;
  at: string;
  expiresAt: string | null;
  reason: string | null;
}

/** The organisation holding a child or contact: only it records consent for them. */
async function holderOf(store: Store, subjectRef: string): Promise<string | null> {
  if (subjectRef.startsWith('child--')) {
    const r = await store.db.selectFrom('children as c').innerJoin('reports as r', 'r.id', 'c.report_id').select('r.source_org_id').where('c.id', '=', subjectRef).executeTakeFirst();
    return r?.source_org_id ?? null;
  }
  const r = await store.db.selectFrom('contacts').select('source_org_id').where('id', '=', subjectRef).executeTakeFirst();
  return r?.source_org_id ?? null;
}

async function write(store: Store, actor: Principal, e: Omit<ConsentEvent, 'id'>): Promise<ConsentEvent> {
  const holder = await holderOf(store, e.subjectRef);
  // Another organisation's child is "not found": its existence is not disclosed.
  if (!holder || holder !== actor.orgId) throw new NotFoundError('child or contact held by your organisation', e.subjectRef);
  const id = `consent--${randomUUID()}`;
  const db = store.db.withTables<GovernanceTables>() as Db;
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('consent_events').values({ id, subject_ref: e.subjectRef, given_by: e.givenBy, event: e.event, purposes: e.purposes, agreement_id: e.agreementId, at: e.at, expires_at: e.expiresAt, reason: e.reason, recorded_by: actor.userId, recorded_org_id: actor.orgId }).execute();
    for (const purpose of e.purposes) {
      await trx
        .insertInto('consent_state')
        .values({ subject_ref: e.subjectRef, purpose, status: e.event, expires_at: e.expiresAt, event_id: id, updated_at: now })
        .onConflict((oc) => oc.columns(['subject_ref', 'purpose']).doUpdateSet({ status: e.event, expires_at: e.expiresAt, event_id: id, updated_at: now }))
        .execute();
    }
    if (e.event === 'withdrawn' || e.event === 'expired') await withdrawalTombstones(trx, holder, id, e);
  });
  return { id, ...e };
}

/**
 * A withdrawal (or expiry) ends sharing of the subject's records under every active agreement
 * of the holder that requires consent for a withdrawn purpose: recipients' copies must go, so
 * each such record gets a tombstone naming the agreement (contract in retention.ts).
 */
async function withdrawalTombstones(trx: Transaction<CoreDatabase & GovernanceTables>, holder: string, eventId: string, e: Omit<ConsentEvent, 'id'>): Promise<void> {
  const agreements = (await trx.selectFrom('agreements').select(['id', 'terms']).where('provider_org_id', '=', holder).where('state', '=', 'active').orderBy('id').execute())
    .map((a) => ({ id: a.id, terms: (typeof a.terms === 'string' ? JSON.parse(a.terms) : a.terms) as AgreementTerms }))
    .filter((a) => a.terms.requirements.consent === 'required' && a.terms.purposes.some((p) => e.purposes.includes(p)));
  if (agreements.length === 0) return;
  const records = e.subjectRef.startsWith('child--')
    ? (await trx.selectFrom('children as c').innerJoin('reports as r', 'r.id', 'c.report_id').select(['r.id', 'r.dataset_id']).where('c.id', '=', e.subjectRef).execute()).map((r) => ({ type: 'report', ...r }))
    : (await trx.selectFrom('contacts').select(['id', 'dataset_id']).where('id', '=', e.subjectRef).execute()).map((r) => ({ type: 'contact', ...r }));
  const rows = agreements.flatMap((a) =>
    records
      .filter((r) => a.terms.datasetIds.includes(r.dataset_id))
      .map((r) => ({
        id: deterministicId('tombstone', [r.id, 'withdraw', a.id, eventId]), record_type: r.type, record_id: r.id, dataset_id: r.dataset_id, source_org_id: holder, action: 'withdraw',
        cause: e.event === 'withdrawn' ? 'consent-withdrawn' : 'consent-expired', agreement_id: a.id,
        reason: `consent ${e.event === 'withdrawn' ? 'withdrawn by the ' + e.givenBy : 'expired'} for ${e.purposes.filter((p) => a.terms.purposes.includes(p as never)).join(', ')}: agreement ${a.terms.slug} requires it`, at: e.at,
      })),
  );
  if (rows.length === 0) return;
  await lockTombstones(trx);
  await trx.insertInto('tombstones').values(rows).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export async function recordConsent(store: Store, actor: Principal, input: ConsentRecordInput): Promise<ConsentEvent> {
  requireAllowed(decide(actor, 'write', 'consent'));
  const c = parseWith(ConsentRecordInput, input, { path: 'consent' });
  if (c.expiresAt && c.event !== 'given') throw new TesseraError('invalid_consent', 'expiresAt only applies to a consent being given.', { where: { field: 'expiresAt' } });
  const ev = await write(store, actor, { subjectRef: c.subjectRef, givenBy: c.givenBy, event: c.event, purposes: c.purposes, agreementId: c.agreementId ?? null, at: c.at ? new Date(c.at).toISOString() : new Date().toISOString(), expiresAt: c.expiresAt ? new Date(c.expiresAt).toISOString() : null, reason: null });
  await appendAudit(store, [{ action: `consent.${c.event}`, decision: 'done', reason: `consent ${c.event} by the ${c.givenBy} for ${c.purposes.join(', ')}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, purpose: null, resource: c.subjectRef, details: { consentEvent: ev.id, purposes: c.purposes } }]);
  return ev;
}

export async function withdrawConsent(store: Store, actor: Principal, input: Omit<ConsentRecordInput, 'event'>): Promise<ConsentEvent> {
  return recordConsent(store, actor, { ...input, event: 'withdrawn' });
}

/**
 * Records a safeguarding override: sharing a child's data without consent because the child is
 * at risk. Needs a steward or admin with safeguarding training on record, and a reason.
 */
export async function recordSafeguardingOverride(store: Store, actor: Principal, input: SafeguardingOverrideInput): Promise<ConsentEvent> {
  requireAllowed(decide(actor, 'write', 'consent'));
  const o = parseWith(SafeguardingOverrideInput, input, { path: 'override' });
  if (!actor.safeguardingTrainedAt) {
    await appendAudit(store, [{ action: 'consent.safeguarding-override', decision: 'deny', reason: 'no safeguarding training is recorded for the person', actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, resource: o.subjectRef, details: { reason: o.reason } }]);
    throw new AuthError('forbidden', 'Access denied: a safeguarding override needs safeguarding training on record for you; ask an administrator to record it.');
  }
  const ev = await write(store, actor, { subjectRef: o.subjectRef, givenBy: 'safeguarding', event: 'safeguarding-override', purposes: o.purposes, agreementId: o.agreementId ?? null, at: new Date().toISOString(), expiresAt: null, reason: o.reason });
  await appendAudit(store, [{ action: 'consent.safeguarding-override', decision: 'done', reason: `safeguarding override for ${o.purposes.join(', ')}: ${o.reason}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, resource: o.subjectRef, details: { consentEvent: ev.id, purposes: o.purposes } }]);
  return ev;
}

/** Consent history of one subject (its holder's stewards and admins). */
export async function consentHistory(store: Store, actor: Principal, subjectRef: string): Promise<ConsentEvent[]> {
  requireAllowed(decide(actor, 'write', 'consent'));
  const holder = await holderOf(store, subjectRef);
  if (!holder || holder !== actor.orgId) throw new NotFoundError('child or contact held by your organisation', subjectRef);
  const db = store.db.withTables<GovernanceTables>() as Db;
  const rows = await db.selectFrom('consent_events').selectAll().where('subject_ref', '=', subjectRef).orderBy('at').execute();
  return rows.map((r) => ({
    id: r.id, subjectRef: r.subject_ref, givenBy: r.given_by, event: r.event as ConsentEvent['event'], purposes: r.purposes, agreementId: r.agreement_id,
    at: new Date(r.at).toISOString(), expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null, reason: r.reason,
  }));
}
