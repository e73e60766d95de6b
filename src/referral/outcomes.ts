import type { Selectable } from 'kysely';
import { z } from 'zod';
import { appendAudit, viewedRecords } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { OUTCOME_TYPES, Purpose, Timestamp, deterministicId } from '../model/index.ts';
import { parseWith } from '../model/validate.ts';
import { decide, reportRowFilter, requireAllowed, withAccess } from '../policy/index.ts';
import { decodeCursor, encodeCursor } from '../records/cursor.ts';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { hostedHere } from './referrals.ts';
import { rdb } from './services.ts';
import { outcomeToStix } from './stix.ts';
import type { ReferralTables } from './tables.ts';
import { exchangeTransport, receivedCopy } from './exchange-link.ts';
import { referralTransportOf, type DeliveryMessage, type ReferralTransport } from './transport.ts';

/**
 * Outcomes: what became of a report, a file, a helpline contact or a referral, fed back to
 * the organisation the data came from. Positive outcomes (a child safeguarded, content
 * removed, an arrest…) are first class: stored with `positive = true` and counted by the
 * indicators. An outcome can only be recorded for a record the caller can see; for any other
 * id the answer is the same "not found" whether or not the record exists.
 */
export type OutcomeType = (typeof OUTCOME_TYPES)[number];
export const POSITIVE_OUTCOMES: readonly OutcomeType[] = ['child-safeguarded', 'content-removed', 'account-actioned', 'investigation-opened', 'arrest', 'conviction', 'service-provided', 'referral-completed', 'true-positive'];
export const isPositive = (t: string) => (POSITIVE_OUTCOMES as readonly string[]).includes(t);

const CLOCK_SKEW_MS = 5 * 60_000;

export const OutcomeRecord = z
  .strictObject({
    targetId: z.string().regex(/^(report|content-item|contact|referral)--[0-9a-f-]{36}$/, 'must be the id of a report, content item, helpline contact or referral').meta({ description: 'The record the outcome is about.' }),
    type: z.enum(OUTCOME_TYPES).meta({ description: 'What happened. Positive: child-safeguarded, content-removed, account-actioned, investigation-opened, arrest, conviction, service-provided, referral-completed, true-positive.' }),
    occurredAt: Timestamp.meta({ description: 'When it happened; not in the future, not before the record it is about.' }),
    anonymous: z.boolean().default(false).meta({ description: 'The source sees the outcome but not who reported it.' }),
    note: z.string().trim().max(1000).optional().meta({ description: 'A short note for the source. Never abuse content, never names.' }),
    agreement: z.string().max(200).optional().meta({ description: 'For a report shared with you: the agreement (id or slug) you read it under.' }),
    purpose: Purpose.optional().meta({ description: 'The purpose you act for under that agreement.' }),
  })
  .meta({ id: 'OutcomeRecord', description: 'An outcome to feed back to the source of a record you can see.' });
export type OutcomeRecord = z.input<typeof OutcomeRecord>;

export const OutcomeView = z
  .object({
    id: z.string(), targetId: z.string(), targetKind: z.enum(['report', 'content-item', 'contact', 'referral']), type: z.enum(OUTCOME_TYPES), positive: z.boolean(),
    sourceOrgId: z.string().meta({ description: 'Whose data it was: the outcome is attributed back to this organisation.' }),
    reportedByOrgId: z.string().nullable().meta({ description: 'Who reported it; null when anonymous and you are not the reporter.' }),
    referralId: z.string().nullable(), originId: z.string().nullable(), occurredAt: z.string(), recordedAt: z.string(), anonymous: z.boolean(), note: z.string().nullable(),
    via: z.enum(['local', 'exchange']), delivery: z.enum(['local', 'sent', 'pending']).meta({ description: 'local: the source is on this node; sent: delivered to its node; pending: not yet delivered.' }),
  })
  .meta({ id: 'OutcomeView', description: 'An outcome as the reporter or the source sees it.' });
export type OutcomeView = z.infer<typeof OutcomeView>;

export const OutcomeFilter = z
  .strictObject({
    role: z.enum(['reporter', 'source', 'any']).default('any').meta({ description: 'Outcomes your organisation reported, outcomes about your data, or both.' }),
    targetId: z.string().max(100).optional(),
    referralId: z.string().max(100).optional(),
    type: z.enum(OUTCOME_TYPES).optional(),
    positive: z.enum(['true', 'false']).optional().meta({ description: 'Only positive (true) or only other (false) outcomes.' }),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional(),
  })
  .meta({ description: 'Filters for listing outcomes (querystring).' });
export type OutcomeFilter = z.input<typeof OutcomeFilter>;

type OutRow = Selectable<ReferralTables['outcomes']>;

export function outcomeView(r: OutRow, orgId: string): OutcomeView {
  return {
    id: r.id, targetId: r.target_id, targetKind: r.target_kind as OutcomeView['targetKind'], type: r.type as OutcomeType, positive: r.positive, sourceOrgId: r.source_org_id,
    reportedByOrgId: r.anonymous && r.reported_by_org_id !== orgId ? null : r.reported_by_org_id, referralId: r.referral_id, originId: r.origin_id,
    occurredAt: new Date(r.occurred_at).toISOString(), recordedAt: new Date(r.recorded_at).toISOString(), anonymous: r.anonymous, note: r.note, via: r.via as 'local' | 'exchange', delivery: r.delivery as OutcomeView['delivery'],
  };
}

interface Target {
  kind: OutcomeView['targetKind'];
  sourceOrgId: string;
  at: Date;
  originId: string | null;
  referralId: string | null;
}

const notVisible = (id: string) => new NotFoundError('record you can see', id);

/** What the actor can see of the target: only its holder, an agreement's recipient, or a referral's parties. */
async function resolveTarget(store: Store, actor: Principal, req: z.output<typeof OutcomeRecord>): Promise<Target> {
  const db = rdb(store);
  const id = req.targetId;
  if (id.startsWith('report--') || id.startsWith('content-item--')) {
    const find = async (filter: ReturnType<typeof reportRowFilter>) => {
      let q = db.selectFrom('reports').select(['reports.id', 'reports.source_org_id', 'reports.reported_at']).where(filter);
      q = id.startsWith('report--') ? q.where('reports.id', '=', id) : q.where('reports.id', 'in', db.selectFrom('content_items').select('report_id').where('id', '=', id));
      return q.executeTakeFirst();
    };
    if (req.agreement) {
      // Read under the agreement: the policy module decides and audits; outside its rows the record is "not found".
      return withAccess(store, actor, { action: 'read', agreementId: req.agreement, purpose: req.purpose, resource: id, details: { for: 'outcome' } }, async (plan) => {
        const r = await find(reportRowFilter(plan.rows));
        if (!r) throw notVisible(id);
        return { result: { kind: id.startsWith('report--') ? 'report' : 'content-item', sourceOrgId: r.source_org_id, at: new Date(r.reported_at), originId: r.id, referralId: null }, viewed: [r.id] };
      });
    }
    const r = await find(reportRowFilter({ sourceOrgIds: [actor.orgId], datasetIds: null, reportedAtOrAfter: null, consent: null }));
    if (!r) {
      // A report another node shared with this one: the outcome goes back to its source.
      const copy = id.startsWith('report--') ? await receivedCopy(store, actor, id) : null;
      if (!copy) throw notVisible(id);
      return { kind: 'report', sourceOrgId: copy.sourceOrgId, at: copy.reportedAt ? new Date(copy.reportedAt) : new Date(0), originId: id, referralId: null };
    }
    return { kind: id.startsWith('report--') ? 'report' : 'content-item', sourceOrgId: r.source_org_id, at: new Date(r.reported_at), originId: r.id, referralId: null };
  }
  if (id.startsWith('contact--')) {
    const c = await db.selectFrom('contacts').select(['id', 'source_org_id', 'contact_at']).where('id', '=', id).where('source_org_id', '=', actor.orgId).executeTakeFirst();
    if (!c) throw notVisible(id);
    return { kind: 'contact', sourceOrgId: c.source_org_id, at: new Date(c.contact_at), originId: c.id, referralId: null };
  }
  const r = await db.selectFrom('referrals').select(['id', 'from_org_id', 'created_at', 'origin_id']).where('id', '=', id).where((eb) => eb.or([eb('from_org_id', '=', actor.orgId), eb('to_org_id', '=', actor.orgId)])).executeTakeFirst();
  if (!r) throw notVisible(id);
  // A referral's data came from the referring organisation: outcomes go back to it.
  return { kind: 'referral', sourceOrgId: r.from_org_id, at: new Date(r.created_at), originId: r.origin_id, referralId: r.id };
}

export interface OutcomeOptions {
  transport?: ReferralTransport | undefined;
  now?: Date | undefined;
}

/**
 * Records an outcome and feeds it back to the data's source. When the source runs another
 * node the outcome is delivered there in the same step (a failed delivery records nothing);
 * with no exchange configured it is kept as `pending`. Recording the same outcome twice
 * (same target, type, reporter and time) returns the first.
 */
export async function recordOutcome(store: Store, actor: Principal, input: OutcomeRecord, opts: OutcomeOptions = {}): Promise<OutcomeView> {
  requireAllowed(decide(actor, 'write', 'outcome'));
  const req = parseWith(OutcomeRecord, input, { path: 'outcome' });
  const now = opts.now ?? new Date();
  const target = await resolveTarget(store, actor, req);
  const at = new Date(req.occurredAt);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new TesseraError('impossible_date', `occurredAt (${at.toISOString()}) is in the future; give the time the outcome actually happened.`, { status: 422, where: { path: 'outcome.occurredAt', field: 'occurredAt' } });
  if (at.getTime() < target.at.getTime()) throw new TesseraError('impossible_date', `occurredAt (${at.toISOString()}) is before the ${target.kind} it is about (${target.at.toISOString()}); an outcome cannot precede its record.`, { status: 422, where: { path: 'outcome.occurredAt', field: 'occurredAt' } });
  const db = rdb(store);
  const id = deterministicId('outcome', [req.targetId, req.type, actor.orgId, at.toISOString()]);
  const transport = opts.transport ?? referralTransportOf(store) ?? exchangeTransport(store);
  const remote = target.sourceOrgId !== actor.orgId && !(await hostedHere(db, target.sourceOrgId));
  const delivery = !remote ? 'local' : transport ? 'sent' : 'pending';
  const row = {
    id, target_id: req.targetId, target_kind: target.kind, type: req.type, positive: isPositive(req.type), source_org_id: target.sourceOrgId, reported_by_org_id: actor.orgId, reported_by_user_id: actor.userId,
    referral_id: target.referralId, origin_id: target.originId, occurred_at: at.toISOString(), recorded_at: now.toISOString(), anonymous: req.anonymous, note: req.note ?? null, via: 'local', delivery,
  };
  if (remote) await transport.check?.({ actor, toOrgId: target.sourceOrgId, type: 'tessera-outcome', aboutRecordId: target.originId?.startsWith('report--') ? target.originId : null });
  let queued: DeliveryMessage | null = null;
  const created = await db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('outcomes').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) return false;
    await trx.insertInto('outcomes').values(row).execute();
    if (remote && transport) {
      const stored = await trx.selectFrom('outcomes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const node = await trx.selectFrom('organisations').select('node_url').where('id', '=', target.sourceOrgId).executeTakeFirst();
      const message = { actor, fromOrgId: actor.orgId, toOrgId: target.sourceOrgId, nodeUrl: node?.node_url ?? null, objects: [outcomeToStix(stored)] };
      if (transport.afterCommit) queued = message;
      else await transport.deliver(message);
    }
    return true;
  });
  if (queued) await transport.deliver(queued);
  if (created) {
    await appendAudit(store, [{
      action: 'outcome.record', decision: 'done', reason: `${actor.orgSlug} recorded outcome ${req.type}${isPositive(req.type) ? ' (positive)' : ''} for ${target.kind} ${req.targetId}`,
      actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: target.sourceOrgId, resource: req.targetId, details: { outcome: id, type: req.type, delivery },
    }]);
  }
  const stored = await db.selectFrom('outcomes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return outcomeView(stored, actor.orgId);
}

export interface OutcomePage {
  items: OutcomeView[];
  nextCursor: string | null;
}

/** Outcomes the actor's organisation reported or that concern its data — never others'. Newest first. */
export async function listOutcomes(store: Store, actor: Principal, filter: OutcomeFilter = {}): Promise<OutcomePage> {
  requireAllowed(decide(actor, 'read', 'outcome'));
  const f = parseWith(OutcomeFilter, filter, { path: 'query' });
  const db = rdb(store);
  let q = db.selectFrom('outcomes').selectAll();
  if (f.role === 'reporter') q = q.where('reported_by_org_id', '=', actor.orgId);
  else if (f.role === 'source') q = q.where('source_org_id', '=', actor.orgId);
  else q = q.where((eb) => eb.or([eb('reported_by_org_id', '=', actor.orgId), eb('source_org_id', '=', actor.orgId)]));
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.referralId) q = q.where('referral_id', '=', f.referralId);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.positive !== undefined) q = q.where('positive', '=', f.positive === 'true');
  if (f.from) q = q.where('occurred_at', '>=', new Date(f.from));
  if (f.to) q = q.where('occurred_at', '<', new Date(f.to));
  if (f.cursor) {
    const c = decodeCursor(f.cursor);
    q = q.where((eb) => eb.or([eb('occurred_at', '<', new Date(c.at)), eb.and([eb('occurred_at', '=', new Date(c.at)), eb('id', '<', c.id)])]));
  }
  const rows = await q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  await appendAudit(store, [{ action: 'outcome.list', decision: 'allow', reason: `members of ${actor.orgSlug} may read the outcomes their organisation reported or that concern its data`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, resource: 'outcomes', details: { filter: { ...f, cursor: undefined }, ...viewedRecords(page.map((r) => r.id)) } }]);
  return { items: page.map((r) => outcomeView(r, actor.orgId)), nextCursor: rows.length > f.limit && last ? encodeCursor(new Date(last.occurred_at).toISOString(), last.id) : null };
}
