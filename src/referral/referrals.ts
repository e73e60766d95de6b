import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { z } from 'zod';
import { appendAudit, viewedRecords } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { REFERRAL_STATUSES, Timestamp, deterministicId, idOf } from '../model/index.ts';
import { parseWith } from '../model/validate.ts';
import { decide, recordSafeguardingOverride, requireAllowed } from '../policy/index.ts';
import { decodeCursor, encodeCursor } from '../records/cursor.ts';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import { checkTransition, nextStatuses, type Party, type ReferralStatus } from './lifecycle.ts';
import { SERVICE_NEEDS, rdb, serviceFromRow, type Db } from './services.ts';
import { referralToStix } from './stix.ts';
import type { ReferralTables } from './tables.ts';
import { exchangeTransport } from './exchange-link.ts';
import { referralTransportOf, type DeliveryMessage, type ReferralTransport } from './transport.ts';

/**
 * Referrals of a child to a service, created from a report or helpline contact the referring
 * organisation holds, only with the child's consent for service provision (or a recorded,
 * audited safeguarding override). Each step of the lifecycle is timestamped and attributed;
 * a referral to a service whose provider runs another node travels there through the
 * exchange, and the provider's steps come back the same way.
 */
export interface ReferralOptions {
  /** Delivers to other nodes; without it, referrals to a provider on another node cannot be sent. */
  transport?: ReferralTransport | undefined;
  /** Clock (tests); defaults to now. */
  now?: Date | undefined;
}

/** Clocks differ a little between nodes; a step "in the future" beyond this is an error. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** Purposes a consent must cover for a child to be referred. */
export const REFERRAL_PURPOSES = ['service-provision', 'safeguarding'] as const;

export const ReferralCreate = z
  .strictObject({
    originId: z.string().regex(/^(report|contact)--[0-9a-f-]{36}$/, 'must be the id of a report (report--…) or helpline contact (contact--…) your organisation holds').meta({ description: 'The report or helpline contact the referral comes from.' }),
    subjectRef: z.string().regex(/^(child|contact)--[0-9a-f-]{36}$/, 'must be the id of a child (child--…) in the report, or the contact itself').optional().meta({ description: 'The child referred: a child of the report (needed when it has several), or the contact itself (the default for a contact).' }),
    serviceId: idOf('service').meta({ description: 'The service in the directory.' }),
    needs: z.array(z.enum(SERVICE_NEEDS)).min(1, 'name at least one need').max(SERVICE_NEEDS.length),
    urgency: z.enum(['normal', 'urgent', 'emergency']).default('normal'),
    safeguardingOverride: z
      .strictObject({ reason: z.string().trim().min(20, 'give the safeguarding reason in at least 20 characters; it is kept in the audit log').max(2000) })
      .optional()
      .meta({ description: 'Refer without consent because the child is at risk: records an audited safeguarding override (needs safeguarding training). Only used when there is no current consent.' }),
    createdAt: Timestamp.optional().meta({ description: 'When the referral was made, if earlier than now (recording a referral made by phone); never before the report or contact, never in the future.' }),
    send: z.boolean().default(false).meta({ description: 'Send it to the service at once (created → sent).' }),
  })
  .meta({ id: 'ReferralCreate', description: 'A referral of a child to a service, from a report or contact your organisation holds.' });
export type ReferralCreate = z.input<typeof ReferralCreate>;

export const ReferralUpdate = z
  .strictObject({
    status: z.enum(REFERRAL_STATUSES).meta({ description: 'The next status: sent, closed (referrer); accepted, declined, completed (provider).' }),
    reason: z.string().trim().max(2000).optional().meta({ description: 'Why (e.g. why declined or closed); kept with the step. Never abuse content.' }),
    at: Timestamp.optional().meta({ description: 'When the step happened, if earlier than now; never before the previous step.' }),
  })
  .meta({ id: 'ReferralUpdate', description: 'The next step of a referral.' });
export type ReferralUpdate = z.input<typeof ReferralUpdate>;

export const ReferralStep = z
  .object({ seq: z.number(), fromStatus: z.string().nullable(), toStatus: z.string(), at: z.string(), byOrgId: z.string(), byUserId: z.string().nullable().meta({ description: 'Shown to members of the organisation that took the step.' }), reason: z.string().nullable(), via: z.enum(['local', 'exchange']) })
  .meta({ id: 'ReferralStep', description: 'One step of the lifecycle, timestamped and attributed.' });

export const ReferralView = z
  .object({
    id: z.string(), fromOrgId: z.string(), toOrgId: z.string().nullable(), serviceId: z.string(), serviceName: z.string().nullable(),
    originId: z.string(), originKind: z.enum(['report', 'contact']), originAt: z.string().nullable(), subjectRef: z.string(), needs: z.array(z.string()),
    urgency: z.string(), consentBasis: z.enum(['consent', 'safeguarding-override']), consentEventId: z.string(), status: z.enum(REFERRAL_STATUSES),
    createdAt: z.string(), updatedAt: z.string(), sentAt: z.string().nullable(), respondedAt: z.string().nullable(), completedAt: z.string().nullable(), closedAt: z.string().nullable(),
    delivery: z.enum(['local', 'exchange', 'pending', 'outside']).meta({ description: 'local: both parties on this node; exchange: travels to/from another node; pending: not yet delivered; outside: the service is outside Tessera.' }),
    role: z.enum(['referrer', 'provider']).meta({ description: 'Your organisation’s part in this referral.' }),
    next: z.array(z.string()).meta({ description: 'Statuses your organisation may move it to now.' }),
    history: z.array(ReferralStep),
  })
  .meta({ id: 'ReferralView', description: 'A referral as one of its parties sees it, with its whole history.' });
export type ReferralView = z.infer<typeof ReferralView>;

export const ReferralFilter = z
  .strictObject({
    role: z.enum(['referrer', 'provider', 'any']).default('any').meta({ description: 'Referrals your organisation made (referrer), received (provider), or both.' }),
    status: z.enum(REFERRAL_STATUSES).optional(),
    originId: z.string().max(100).optional(),
    serviceId: z.string().max(100).optional(),
    from: Timestamp.optional().meta({ description: 'Created at or after.' }),
    to: Timestamp.optional().meta({ description: 'Created before.' }),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .meta({ description: 'Filters for listing referrals (querystring).' });
export type ReferralFilter = z.input<typeof ReferralFilter>;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
type RefRow = Selectable<ReferralTables['referrals']>;
type EventRow = Selectable<ReferralTables['referral_events']>;

function partyOf(r: Pick<RefRow, 'from_org_id' | 'to_org_id'>, orgId: string): Party | 'both' | null {
  if (r.from_org_id === orgId && (r.to_org_id === orgId || r.to_org_id === null)) return 'both';
  if (r.from_org_id === orgId) return 'referrer';
  if (r.to_org_id === orgId) return 'provider';
  return null;
}

export function viewOf(r: RefRow, events: EventRow[], orgId: string, serviceName: string | null): ReferralView {
  const party = partyOf(r, orgId) ?? 'referrer';
  return {
    id: r.id, fromOrgId: r.from_org_id, toOrgId: r.to_org_id, serviceId: r.service_id, serviceName, originId: r.origin_id, originKind: r.origin_kind as 'report' | 'contact',
    originAt: iso(r.origin_at), subjectRef: r.subject_ref, needs: r.needs, urgency: r.urgency, consentBasis: r.consent_basis as 'consent' | 'safeguarding-override', consentEventId: r.consent_event_id,
    status: r.status as ReferralStatus, createdAt: iso(r.created_at) as string, updatedAt: iso(r.updated_at) as string, sentAt: iso(r.sent_at), respondedAt: iso(r.responded_at), completedAt: iso(r.completed_at), closedAt: iso(r.closed_at),
    delivery: r.delivery as ReferralView['delivery'], role: party === 'provider' ? 'provider' : 'referrer', next: nextStatuses(r.status as ReferralStatus, party),
    history: events
      .sort((a, b) => a.seq - b.seq)
      .map((e) => ({ seq: e.seq, fromStatus: e.from_status, toStatus: e.to_status, at: iso(e.at) as string, byOrgId: e.by_org_id, byUserId: e.by_org_id === orgId ? e.by_user_id : null, reason: e.reason, via: e.via as 'local' | 'exchange' })),
  };
}

/**
 * Whether an organisation is served by this node: it has people here and is not a peer node
 * of the exchange. (A peer's stewards may hold accounts here, e.g. to accept agreements; the
 * organisation still keeps its records on its own node.)
 */
export async function hostedHere(db: Db | Transaction<CoreDatabase & ReferralTables>, orgId: string): Promise<boolean> {
  const peer = await sql<{ n: number }>`SELECT count(*)::int AS n FROM exchange_peers WHERE org_id = ${orgId} AND removed_at IS NULL`.execute(db);
  if (Number(peer.rows[0]?.n ?? 0) > 0) return false;
  const u = await db.selectFrom('users').select('id').where('org_id', '=', orgId).limit(1).executeTakeFirst();
  return !!u;
}

async function nodeUrlOf(db: Db | Transaction<CoreDatabase & ReferralTables>, orgId: string, serviceNodeUrl: string | null): Promise<string | null> {
  if (serviceNodeUrl) return serviceNodeUrl;
  const o = await db.selectFrom('organisations').select('node_url').where('id', '=', orgId).executeTakeFirst();
  return o?.node_url ?? null;
}

/** The consent a referral relies on: current consent for service provision or safeguarding, or an override. */
async function currentConsent(db: Db, subjectRef: string, now: Date): Promise<{ status: 'given' | 'safeguarding-override' | 'withdrawn' | 'expired' | 'none'; eventId: string | null }> {
  const rows = await db.selectFrom('consent_state').selectAll().where('subject_ref', '=', subjectRef).where('purpose', 'in', [...REFERRAL_PURPOSES]).execute();
  const live = rows.filter((r) => (r.status === 'given' || r.status === 'safeguarding-override') && (!r.expires_at || new Date(r.expires_at).getTime() > now.getTime()));
  const pick = live.find((r) => r.status === 'given') ?? live[0];
  if (pick) return { status: pick.status as 'given' | 'safeguarding-override', eventId: pick.event_id };
  const dead = rows.find((r) => r.status === 'withdrawn') ?? rows.find((r) => r.status === 'expired' || r.status === 'given');
  if (dead) return { status: dead.status === 'withdrawn' ? 'withdrawn' : 'expired', eventId: null };
  return { status: 'none', eventId: null };
}

function checkDate(at: Date, now: Date, notBefore: Date | null, what: string, field: string): void {
  if (Number.isNaN(at.getTime())) throw new TesseraError('impossible_date', `${what} is not a valid date.`, { status: 422, where: { field } });
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new TesseraError('impossible_date', `${what} (${at.toISOString()}) is in the future; give the time it actually happened.`, { status: 422, where: { field } });
  if (notBefore && at.getTime() < notBefore.getTime()) throw new TesseraError('impossible_date', `${what} (${at.toISOString()}) is before ${notBefore.toISOString()}, which it cannot precede.`, { status: 422, where: { field }, details: { notBefore: notBefore.toISOString() } });
}

/**
 * Creates a referral. Checks, before anything is written: the service exists and takes
 * referrals; the origin is a report or contact the actor's organisation holds (others are
 * "not found"); the child belongs to it; there is current consent (or the request carries a
 * safeguarding override, recorded and audited); the date is possible.
 */
export async function createReferral(store: Store, actor: Principal, input: ReferralCreate, opts: ReferralOptions = {}): Promise<ReferralView> {
  requireAllowed(decide(actor, 'write', 'referral'));
  const req = parseWith(ReferralCreate, input, { path: 'referral' });
  const db = rdb(store);
  const now = opts.now ?? new Date();
  const svc = await db.selectFrom('services').selectAll().where('id', '=', req.serviceId).executeTakeFirst();
  if (!svc) throw new TesseraError('unknown_service', `There is no service ${req.serviceId} in this node's directory; find one with \`tessera services search\` (GET /api/v1/services).`, { status: 422, where: { path: 'referral.serviceId', field: 'serviceId' } });
  if (!svc.active || !svc.accepts_referrals) throw new TesseraError('service_not_accepting', `Service ${svc.name} ${svc.active ? 'does not accept referrals' : 'is no longer active'}; choose another service.`, { status: 422, where: { path: 'referral.serviceId', field: 'serviceId' } });

  // The origin: a report or contact the actor's organisation holds. Anything else is "not found".
  let originAt: Date;
  let subjectRef: string;
  if (req.originId.startsWith('report--')) {
    const rep = await db.selectFrom('reports').select(['id', 'reported_at']).where('id', '=', req.originId).where('source_org_id', '=', actor.orgId).executeTakeFirst();
    if (!rep) throw new NotFoundError('report or contact held by your organisation', req.originId);
    originAt = new Date(rep.reported_at);
    const kids = await db.selectFrom('children').select('id').where('report_id', '=', rep.id).orderBy('id').execute();
    if (req.subjectRef) {
      if (!kids.some((k) => k.id === req.subjectRef)) throw new TesseraError('unknown_child', `${req.subjectRef} is not a child in report ${rep.id}; the report's children are ${kids.map((k) => k.id).join(', ') || '(none)'}.`, { status: 422, where: { path: 'referral.subjectRef', field: 'subjectRef' } });
      subjectRef = req.subjectRef;
    } else if (kids.length === 1) subjectRef = (kids[0] as { id: string }).id;
    else throw new TesseraError('child_required', kids.length ? `Report ${rep.id} has ${kids.length} children; say which one is referred (subjectRef).` : `Report ${rep.id} records no child; a referral is for a child: add the child to the report first.`, { status: 422, where: { path: 'referral.subjectRef', field: 'subjectRef' } });
  } else {
    const c = await db.selectFrom('contacts').select(['id', 'contact_at']).where('id', '=', req.originId).where('source_org_id', '=', actor.orgId).executeTakeFirst();
    if (!c) throw new NotFoundError('report or contact held by your organisation', req.originId);
    originAt = new Date(c.contact_at);
    if (req.subjectRef && req.subjectRef !== c.id) throw new TesseraError('unknown_child', `A referral from helpline contact ${c.id} is for the child of that contact: leave subjectRef out or give ${c.id}.`, { status: 422, where: { path: 'referral.subjectRef', field: 'subjectRef' } });
    subjectRef = c.id;
  }
  const createdAt = req.createdAt ? new Date(req.createdAt) : now;
  checkDate(createdAt, now, originAt, 'The referral time', 'createdAt');

  const consent = await currentConsent(db, subjectRef, now);
  let consentBasis: 'consent' | 'safeguarding-override';
  let consentEventId: string;
  if (consent.eventId) {
    consentBasis = consent.status === 'given' ? 'consent' : 'safeguarding-override';
    consentEventId = consent.eventId;
  } else if (req.safeguardingOverride) {
    // Audited by the policy module, and refused without safeguarding training.
    const ev = await recordSafeguardingOverride(store, actor, { subjectRef, purposes: ['service-provision'], reason: req.safeguardingOverride.reason });
    consentBasis = 'safeguarding-override';
    consentEventId = ev.id;
  } else {
    const why = consent.status === 'withdrawn' ? 'consent was withdrawn' : consent.status === 'expired' ? 'the consent has expired' : 'no consent is recorded';
    throw new TesseraError(
      'consent_required',
      `Cannot refer ${subjectRef}: ${why} for service provision. Record the child's (or caregiver's) consent for "service-provision" (tessera consent record), or, if the child is at risk, give a safeguarding override with its reason.`,
      { status: 422, where: { path: 'referral', field: 'safeguardingOverride' }, details: { subjectRef, consent: consent.status } },
    );
  }

  const id = deterministicId('referral', [actor.orgId, req.originId, subjectRef, svc.id, createdAt.toISOString()]);
  const toOrg = svc.provider_org_id;
  const delivery = toOrg === null ? 'outside' : (await hostedHere(db, toOrg)) ? 'local' : 'pending';
  const remote = toOrg !== null && delivery === 'pending';
  const transport = opts.transport ?? referralTransportOf(store) ?? exchangeTransport(store);
  const about = req.originId.startsWith('report--') ? req.originId : null;
  if (req.send && remote && toOrg) await transport.check?.({ actor, toOrgId: toOrg, type: 'tessera-referral', aboutRecordId: about });
  let queued: DeliveryMessage | null = null;
  // Created and (when asked) sent in one transaction, delivery included: if the service's node
  // cannot be reached, no referral is left behind.
  const inserted = await db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('referrals').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) return false;
    await trx.insertInto('referrals').values({
      id, from_org_id: actor.orgId, from_user_id: actor.userId, to_org_id: toOrg, service_id: svc.id, origin_id: req.originId, origin_kind: req.originId.startsWith('report--') ? 'report' : 'contact',
      origin_at: originAt.toISOString(), subject_ref: subjectRef, needs: [...new Set(req.needs)], urgency: req.urgency, consent_basis: consentBasis, consent_event_id: consentEventId, status: 'created',
      created_at: createdAt.toISOString(), updated_at: createdAt.toISOString(), home_node: null, delivery,
    }).execute();
    await trx.insertInto('referral_events').values({ referral_id: id, seq: 1, from_status: null, to_status: 'created', at: createdAt.toISOString(), by_org_id: actor.orgId, by_user_id: actor.userId, reason: null, via: 'local' }).execute();
    if (req.send) {
      const row = await trx.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await applyStep(trx, row, { to: 'sent', at: createdAt, byOrgId: actor.orgId, byUserId: actor.userId, reason: null, via: 'local', ...(remote ? { delivery: 'exchange' } : {}) });
      if (remote && toOrg) {
        const fresh = await trx.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        const events = await trx.selectFrom('referral_events').selectAll().where('referral_id', '=', id).execute();
        const message = { actor, fromOrgId: actor.orgId, toOrgId: toOrg, nodeUrl: await nodeUrlOf(trx, toOrg, svc.node_url), objects: referralToStix(fresh, events, serviceFromRow(svc)) };
        if (transport.afterCommit) queued = message;
        else await transport.deliver(message);
      }
    }
    return true;
  });
  if (queued) await transport.deliver(queued);
  if (inserted) {
    const who = { userId: actor.userId, orgId: actor.orgId, via: actor.via };
    await appendAudit(store, [
      { action: 'referral.create', decision: 'done', reason: `${actor.orgSlug} referred ${subjectRef} to ${svc.name} on ${consentBasis === 'consent' ? 'consent' : 'a safeguarding override'}`, actor: who, ownerOrgId: actor.orgId, purpose: 'service-provision', resource: id, details: { serviceId: svc.id, originId: req.originId, consentEventId } },
      ...(req.send ? [{ action: 'referral.sent', decision: 'done' as const, reason: `${actor.orgSlug} marked referral created → sent`, actor: who, ownerOrgId: actor.orgId, purpose: 'service-provision', resource: id, details: { from: 'created', to: 'sent', delivered: remote } }] : []),
    ]);
  }
  return getReferral(store, actor, id);
}

/** Loads a referral the actor's organisation is a party to; anything else is "not found". */
async function loadOwn(db: Db | Transaction<CoreDatabase & ReferralTables>, actor: Principal, id: string): Promise<RefRow> {
  const r = await db.selectFrom('referrals').selectAll().where('id', '=', id).where((eb) => eb.or([eb('from_org_id', '=', actor.orgId), eb('to_org_id', '=', actor.orgId)])).executeTakeFirst();
  if (!r) throw new NotFoundError('referral your organisation made or received', id);
  return r;
}

const STATUS_COLUMN: Partial<Record<ReferralStatus, 'sent_at' | 'responded_at' | 'completed_at' | 'closed_at'>> = { sent: 'sent_at', accepted: 'responded_at', declined: 'responded_at', completed: 'completed_at', closed: 'closed_at' };

/** Applies one step inside a transaction (shared by local updates and steps arriving from another node). */
export async function applyStep(
  trx: Kysely<CoreDatabase & ReferralTables>,
  r: RefRow,
  step: { to: ReferralStatus; at: Date; byOrgId: string; byUserId: string | null; reason: string | null; via: 'local' | 'exchange'; delivery?: string },
): Promise<void> {
  const last = await trx.selectFrom('referral_events').select((eb) => eb.fn.max('seq').as('seq')).where('referral_id', '=', r.id).executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  const col = STATUS_COLUMN[step.to];
  const set: Record<string, unknown> = { status: step.to, updated_at: step.at.toISOString() };
  if (col) set[col] = step.at.toISOString();
  if (step.delivery) set.delivery = step.delivery;
  // Guarded by the status read: a concurrent step makes this update miss, and the caller retries or reports it.
  const res = await trx.updateTable('referrals').set(set).where('id', '=', r.id).where('status', '=', r.status).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new TesseraError('referral_changed', `Referral ${r.id} changed while this step was being recorded; read it again and retry.`, { status: 409 });
  await trx.insertInto('referral_events').values({ referral_id: r.id, seq, from_status: r.status, to_status: step.to, at: step.at.toISOString(), by_org_id: step.byOrgId, by_user_id: step.byUserId, reason: step.reason, via: step.via }).execute();
}

/**
 * Moves a referral to its next status. Only a party may (others get "not found"), only the
 * party whose step it is, only along the lifecycle, never back in time. When the other party
 * is on another node, the step is delivered there before it is committed here: if delivery
 * fails nothing changes.
 */
export async function updateReferral(store: Store, actor: Principal, id: string, input: ReferralUpdate, opts: ReferralOptions = {}): Promise<ReferralView> {
  requireAllowed(decide(actor, 'write', 'referral'));
  const req = parseWith(ReferralUpdate, input, { path: 'update' });
  const db = rdb(store);
  const now = opts.now ?? new Date();
  const r = await loadOwn(db, actor, id);
  const transport = opts.transport ?? referralTransportOf(store) ?? exchangeTransport(store);
  const party = partyOf(r, actor.orgId) as Party | 'both';
  checkTransition(r.status as ReferralStatus, req.status, party);
  const lastAt = await db.selectFrom('referral_events').select((eb) => eb.fn.max('at').as('at')).where('referral_id', '=', id).executeTakeFirst();
  const at = req.at ? new Date(req.at) : now;
  checkDate(at, now, lastAt?.at ? new Date(lastAt.at as unknown as string) : null, 'The step time', 'at');
  // The other party, when it is on another node, must hear of the step.
  const other = party === 'referrer' ? r.to_org_id : party === 'provider' ? r.from_org_id : null;
  // A referral never sent is unknown to the other party: closing it needs no delivery.
  const remote = other !== null && !(r.status === 'created' && req.status === 'closed') && !(await hostedHere(db, other));
  if (remote) await transport.check?.({ actor, toOrgId: other as string, type: 'tessera-referral', aboutRecordId: r.origin_id.startsWith('report--') ? r.origin_id : null });
  let queued: DeliveryMessage | null = null;
  if (remote && !transport) {
    throw new TesseraError('not_deliverable', `The ${party === 'referrer' ? "service's provider" : 'referring organisation'} (${other}) runs its own node, and this node has no exchange configured to reach it; nothing was changed. Configure a peer for that organisation (see docs/federation.md).`, { status: 503, where: { field: 'status' } });
  }
  await db.transaction().execute(async (trx) => {
    await applyStep(trx, r, { to: req.status, at, byOrgId: actor.orgId, byUserId: actor.userId, reason: req.reason ?? null, via: 'local', ...(remote ? { delivery: 'exchange' } : {}) });
    if (remote && transport && other) {
      const fresh = await trx.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const events = await trx.selectFrom('referral_events').selectAll().where('referral_id', '=', id).execute();
      const svc = await trx.selectFrom('services').selectAll().where('id', '=', r.service_id).executeTakeFirstOrThrow();
      // Delivered inside the transaction: a failed delivery rolls the step back. Receivers apply it idempotently.
      const message = { actor, fromOrgId: actor.orgId, toOrgId: other, nodeUrl: await nodeUrlOf(trx, other, party === 'referrer' ? svc.node_url : null), objects: referralToStix(fresh, events, serviceFromRow(svc)) };
      if (transport.afterCommit) queued = message;
      else await transport.deliver(message);
    }
  });
  if (queued) await transport.deliver(queued);
  await appendAudit(store, [{
    action: `referral.${req.status}`, decision: 'done', reason: `${actor.orgSlug} marked referral ${r.status} → ${req.status}${req.reason ? `: ${req.reason}` : ''}`,
    actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: r.from_org_id, purpose: 'service-provision', resource: id, details: { from: r.status, to: req.status, delivered: remote },
  }]);
  return getReferral(store, actor, id);
}

/** One referral the actor's organisation made or received, with its history. */
export async function getReferral(store: Store, actor: Principal, id: string): Promise<ReferralView> {
  requireAllowed(decide(actor, 'read', 'referral'));
  const db = rdb(store);
  const r = await loadOwn(db, actor, id);
  const events = await db.selectFrom('referral_events').selectAll().where('referral_id', '=', id).execute();
  const svc = await db.selectFrom('services').select('name').where('id', '=', r.service_id).executeTakeFirst();
  await appendAudit(store, [{ action: 'referral.read', decision: 'allow', reason: `members of ${actor.orgSlug} may read the referrals their organisation made or received`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: r.from_org_id, resource: id }]);
  return viewOf(r, events, actor.orgId, svc?.name ?? null);
}

export interface ReferralPage {
  items: ReferralView[];
  nextCursor: string | null;
}

/** Referrals the actor's organisation made or received (never anyone else's), newest first. */
export async function listReferrals(store: Store, actor: Principal, filter: ReferralFilter = {}): Promise<ReferralPage> {
  requireAllowed(decide(actor, 'read', 'referral'));
  const f = parseWith(ReferralFilter, filter, { path: 'query' });
  const db = rdb(store);
  let q = db.selectFrom('referrals').selectAll();
  if (f.role === 'referrer') q = q.where('from_org_id', '=', actor.orgId);
  else if (f.role === 'provider') q = q.where('to_org_id', '=', actor.orgId);
  else q = q.where((eb) => eb.or([eb('from_org_id', '=', actor.orgId), eb('to_org_id', '=', actor.orgId)]));
  if (f.status) q = q.where('status', '=', f.status);
  if (f.originId) q = q.where('origin_id', '=', f.originId);
  if (f.serviceId) q = q.where('service_id', '=', f.serviceId);
  if (f.from) q = q.where('created_at', '>=', new Date(f.from));
  if (f.to) q = q.where('created_at', '<', new Date(f.to));
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    q = q.where((eb) => eb.or([eb('created_at', '<', new Date(c.at)), eb.and([eb('created_at', '=', new Date(c.at)), eb('id', '<', c.id)])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit);
  const ids = page.map((r) => r.id);
  const events = ids.length ? await db.selectFrom('referral_events').selectAll().where('referral_id', 'in', ids).execute() : [];
  const svcIds = [...new Set(page.map((r) => r.service_id))];
  const names = new Map(svcIds.length ? (await db.selectFrom('services').select(['id', 'name']).where('id', 'in', svcIds).execute()).map((s) => [s.id, s.name]) : []);
  const items = page.map((r) => viewOf(r, events.filter((e) => e.referral_id === r.id), actor.orgId, names.get(r.service_id) ?? null));
  const last = page[page.length - 1];
  await appendAudit(store, [{ action: 'referral.list', decision: 'allow', reason: `members of ${actor.orgSlug} may read the referrals their organisation made or received`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, resource: 'referrals', details: { filter: { ...f, cursor: undefined }, ...viewedRecords(ids) } }]);
  return { items, nextCursor: rows.length > f.limit && last ? encodeCursor(new Date(last.created_at).toISOString(), last.id) : null };
}

/** Counts for `tessera status` and demo summaries (no record content). */
export async function referralCounts(store: Store): Promise<Record<string, number>> {
  const db = rdb(store);
  const out: Record<string, number> = {};
  for (const t of ['services', 'referrals', 'outcomes'] as const) {
    const r = await db.selectFrom(t).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
