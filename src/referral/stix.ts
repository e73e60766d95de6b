import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { OUTCOME_TYPES, REFERRAL_STATUSES, uuidV5 } from '../model/index.ts';
import { TesseraError, ValidationError, type Problem } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import { checkTransition, type ReferralStatus } from './lifecycle.ts';
import { applyStep, hostedHere } from './referrals.ts';
import { rdb, type Service } from './services.ts';
import type { ReferralTables } from './tables.ts';
import type { ReceiveContext, StixObject } from './transport.ts';

/**
 * Referrals and outcomes as STIX 2.1 objects, so they travel between nodes through the
 * exchange like everything else. STIX has no referral or outcome object, so both are new
 * object types defined by a Tessera extension-definition (STIX 2.1 §7.3, extension type
 * `new-sdo`): `tessera-referral` and `tessera-outcome` (the exchange's `tessera-*` convention). A referral's status change is a new
 * version of the same object (same id, later `modified`) carrying its whole history, so a
 * receiver applies any version idempotently and in any order. CDM ids map one to one:
 * `referral--<uuid>` ⇄ `tessera-referral--<uuid>`, `organisation--<uuid>` ⇄ `identity--<uuid>`.
 */
export const REFERRAL_EXTENSION_ID = `extension-definition--${uuidV5('tessera referral and outcome objects v1')}`;
export const REFERRAL_STIX_TYPE = 'tessera-referral';
export const OUTCOME_STIX_TYPE = 'tessera-outcome';

export function referralExtensionDefinition(): StixObject {
  const created = '2026-11-22T00:00:00.000Z';
  return {
    type: 'extension-definition', spec_version: '2.1', id: REFERRAL_EXTENSION_ID, created, modified: created, created_by_ref: 'identity--2f0b9e1a-4c7d-4e55-8a21-5d9c3b7e6f40',
    name: 'Tessera referrals and outcomes',
    description: 'tessera-referral: a referral of a child (pseudonymous reference only) to a service, with its consent basis and lifecycle history; each status change is a new version. tessera-outcome: an outcome fed back to the source of a report, file, helpline contact or referral; positive outcomes are flagged.',
    schema: 'https://tessera.example/schemas/stix-extension/v1/tessera-referral.json', version: '1.0.0', extension_types: ['new-sdo'],
  };
}

const uuidOf = (id: string) => id.slice(id.indexOf('--') + 2);
const identityRef = (orgId: string) => `identity--${uuidOf(orgId)}`;
const orgOf = (identity: string) => `organisation--${uuidOf(identity)}`;
const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const ext = { [REFERRAL_EXTENSION_ID]: { extension_type: 'new-sdo' } };

export function referralToStix(r: Selectable<ReferralTables['referrals']>, events: Array<Selectable<ReferralTables['referral_events']>>, service: Service): StixObject[] {
  const history = [...events].sort((a, b) => a.seq - b.seq).map((e) => ({ seq: e.seq, from_status: e.from_status, to_status: e.to_status, at: iso(e.at), by_ref: identityRef(e.by_org_id), ...(e.reason ? { reason: e.reason } : {}) }));
  return [{
    type: REFERRAL_STIX_TYPE, spec_version: '2.1', id: `${REFERRAL_STIX_TYPE}--${uuidOf(r.id)}`, created: iso(r.created_at), modified: iso(r.updated_at), created_by_ref: identityRef(r.from_org_id),
    from_ref: identityRef(r.from_org_id), to_ref: r.to_org_id ? identityRef(r.to_org_id) : null,
    service: { id: service.id, slug: service.slug, name: service.name, kind: service.kind, jurisdiction: service.jurisdiction, listed_by_ref: identityRef(service.listedByOrgId), languages: service.languages, needs: service.needs },
    origin_ref: r.origin_id, origin_at: iso(r.origin_at), subject_ref: r.subject_ref, needs: r.needs, urgency: r.urgency,
    consent_basis: r.consent_basis, consent_event_ref: r.consent_event_id, status: r.status, history, extensions: ext,
  }];
}

export function outcomeToStix(o: Selectable<ReferralTables['outcomes']>): StixObject {
  return {
    type: OUTCOME_STIX_TYPE, spec_version: '2.1', id: `${OUTCOME_STIX_TYPE}--${uuidOf(o.id)}`, created: iso(o.recorded_at), modified: iso(o.recorded_at),
    // An anonymous outcome names no reporter in the object; the exchange knows the sending node, the source's people do not.
    ...(o.anonymous ? {} : { created_by_ref: identityRef(o.reported_by_org_id) }),
    outcome_type: o.type, positive: o.positive, target_ref: o.target_id, target_kind: o.target_kind, source_ref: identityRef(o.source_org_id), referral_ref: o.referral_id, origin_ref: o.origin_id,
    occurred_at: iso(o.occurred_at), anonymous: o.anonymous, ...(o.note ? { note: o.note } : {}), extensions: ext,
  };
}

const Ts = z.iso.datetime({ offset: true });
const Identity = z.string().regex(/^identity--[0-9a-f-]{36}$/);
const StixReferral = z.looseObject({
  type: z.literal(REFERRAL_STIX_TYPE), id: z.string().regex(/^tessera-referral--[0-9a-f-]{36}$/), created: Ts, modified: Ts,
  from_ref: Identity, to_ref: Identity.nullable(),
  service: z.looseObject({ id: z.string().regex(/^service--[0-9a-f-]{36}$/), slug: z.string().max(63), name: z.string().max(200), kind: z.string().max(50), jurisdiction: z.string().regex(/^[A-Z]{2}$/), listed_by_ref: Identity, languages: z.array(z.string().max(20)).max(50), needs: z.array(z.string().max(50)).max(50) }),
  origin_ref: z.string().regex(/^(report|contact)--[0-9a-f-]{36}$/), origin_at: Ts.nullable(), subject_ref: z.string().regex(/^(child|contact)--[0-9a-f-]{36}$/), needs: z.array(z.string().max(50)).max(50),
  urgency: z.enum(['normal', 'urgent', 'emergency']), consent_basis: z.enum(['consent', 'safeguarding-override']), consent_event_ref: z.string().max(100), status: z.enum(REFERRAL_STATUSES),
  history: z.array(z.strictObject({ seq: z.int().min(1), from_status: z.enum(REFERRAL_STATUSES).nullable(), to_status: z.enum(REFERRAL_STATUSES), at: Ts, by_ref: Identity, reason: z.string().max(2000).optional() })).min(1).max(100),
});
const StixOutcome = z.looseObject({
  type: z.literal(OUTCOME_STIX_TYPE), id: z.string().regex(/^tessera-outcome--[0-9a-f-]{36}$/), created: Ts, outcome_type: z.enum(OUTCOME_TYPES), positive: z.boolean(),
  target_ref: z.string().regex(/^(report|content-item|contact|referral)--[0-9a-f-]{36}$/), target_kind: z.enum(['report', 'content-item', 'contact', 'referral']), source_ref: Identity,
  referral_ref: z.string().max(100).nullable(), origin_ref: z.string().max(100).nullable(), occurred_at: Ts, anonymous: z.boolean(), note: z.string().max(1000).optional(),
});

export interface ReceiveSummary {
  referralsCreated: number;
  stepsApplied: number;
  outcomesStored: number;
  ignored: number;
}

/**
 * Applies referral and outcome objects from another node (the exchange has authenticated the
 * sender as `ctx.fromOrgId`). All or nothing: a malformed object, a step the sender may not
 * take, or an object about someone else's referral rejects the whole delivery with precise
 * errors. Objects already applied are skipped, so redelivery is harmless. Other STIX types are
 * ignored (counted), so a bundle may carry them.
 */
export async function receiveReferralObjects(store: Store, objects: readonly StixObject[], ctx: ReceiveContext): Promise<ReceiveSummary> {
  const { referrals, outcomes, ignored } = parseObjects(objects);
  return rdb(store).transaction().execute((trx) => applyParsed(trx, referrals, outcomes, ctx, ignored));
}

function parseObjects(objects: readonly StixObject[]): { referrals: Array<z.infer<typeof StixReferral>>; outcomes: Array<z.infer<typeof StixOutcome>>; ignored: number } {
  const problems: Problem[] = [];
  const referrals: Array<z.infer<typeof StixReferral>> = [];
  const outcomes: Array<z.infer<typeof StixOutcome>> = [];
  let ignored = 0;
  objects.forEach((o, i) => {
    const at = `objects[${i}]`;
    if (o.type === REFERRAL_STIX_TYPE || o.type === OUTCOME_STIX_TYPE) {
      const r = (o.type === REFERRAL_STIX_TYPE ? StixReferral : StixOutcome).safeParse(o);
      if (!r.success) for (const issue of r.error.issues) problems.push({ code: `invalid_${issue.code}`, message: issue.message, where: { path: `${at}.${issue.path.join('.')}`, field: String(issue.path[issue.path.length - 1] ?? '') } });
      else if (o.type === REFERRAL_STIX_TYPE) referrals.push(r.data as z.infer<typeof StixReferral>);
      else outcomes.push(r.data as z.infer<typeof StixOutcome>);
    } else ignored++;
  });
  if (problems.length) throw new ValidationError(problems, `Nothing was applied: ${problems[0]?.where?.path}: ${problems[0]?.message}`);
  return { referrals, outcomes, ignored };
}

type Trx = Kysely<CoreDatabase & ReferralTables>;

/** The same, inside a transaction the caller holds (the exchange's inbound handler). */
export async function applyReferralObjects(db: Kysely<CoreDatabase>, objects: readonly StixObject[], ctx: ReceiveContext): Promise<ReceiveSummary> {
  const { referrals, outcomes, ignored } = parseObjects(objects);
  return applyParsed(db.withTables<ReferralTables>() as Trx, referrals, outcomes, ctx, ignored);
}

async function applyParsed(trx: Trx, referrals: Array<z.infer<typeof StixReferral>>, outcomes: Array<z.infer<typeof StixOutcome>>, ctx: ReceiveContext, ignored: number): Promise<ReceiveSummary> {
  const sender = ctx.fromOrgId;
  const summary: ReceiveSummary = { referralsCreated: 0, stepsApplied: 0, outcomesStored: 0, ignored };
  {
    for (const o of referrals) {
      const id = `referral--${uuidOf(o.id)}`;
      const from = orgOf(o.from_ref);
      const to = o.to_ref ? orgOf(o.to_ref) : null;
      if (sender !== from && sender !== to) throw new TesseraError('not_a_party', `${o.id} is a referral between ${from} and ${to}; ${sender} is not a party and cannot send it.`, { status: 403, where: { path: 'objects', field: 'from_ref' } });
      let row = await trx.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) {
        // Only the referrer creates a referral; the first step must be "created", by the referrer.
        const first = o.history.find((h) => h.seq === 1);
        if (sender !== from || !first || first.to_status !== 'created') throw new TesseraError('not_a_party', `${o.id} is unknown here and only its referring organisation can introduce it.`, { status: 403, where: { path: 'objects', field: 'from_ref' } });
        const svc = await trx.selectFrom('services').select('id').where('id', '=', o.service.id).executeTakeFirst();
        if (!svc) {
          // The referrer's directory entry for the service, so the referral can name it here.
          await trx.insertInto('services').values({
            id: o.service.id, listed_by_org_id: orgOf(o.service.listed_by_ref), provider_org_id: to, slug: o.service.slug, name: o.service.name, kind: o.service.kind, jurisdiction: o.service.jurisdiction,
            countries: [o.service.jurisdiction], languages: o.service.languages, age_min: null, age_max: null, needs: o.service.needs, hours: '', open_24_7: false, contact: '{}', description: `Listed by the referring organisation's node (${ctx.fromNode ?? 'peer'}).`,
            node_url: null, accepts_referrals: true, active: true, created_at: o.created, updated_at: o.created,
          }).execute();
        }
        await trx.insertInto('referrals').values({
          id, from_org_id: from, from_user_id: null, to_org_id: to, service_id: o.service.id, origin_id: o.origin_ref, origin_kind: o.origin_ref.startsWith('report--') ? 'report' : 'contact', origin_at: o.origin_at,
          subject_ref: o.subject_ref, needs: o.needs, urgency: o.urgency, consent_basis: o.consent_basis, consent_event_id: o.consent_event_ref, status: 'created', created_at: first.at, updated_at: first.at,
          home_node: ctx.fromNode ?? 'peer', delivery: 'exchange',
        }).execute();
        await trx.insertInto('referral_events').values({ referral_id: id, seq: 1, from_status: null, to_status: 'created', at: first.at, by_org_id: from, by_user_id: null, reason: null, via: 'exchange' }).execute();
        summary.referralsCreated++;
        row = await trx.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      }
      const known = await trx.selectFrom('referral_events').select('seq').where('referral_id', '=', id).execute();
      const have = new Set(known.map((k) => k.seq));
      for (const h of [...o.history].sort((a, b) => a.seq - b.seq)) {
        if (have.has(h.seq)) continue;
        const by = orgOf(h.by_ref);
        // A node speaks only for its own organisation's steps.
        if (by !== sender) throw new TesseraError('not_your_step', `${o.id} step ${h.seq} is attributed to ${by}, but was sent by ${sender}.`, { status: 403, where: { path: 'objects', field: 'history' } });
        const party = by === from && by === to ? 'both' : by === from ? 'referrer' : 'provider';
        if (h.from_status !== row.status) throw new TesseraError('referral_out_of_step', `${o.id} step ${h.seq} goes from ${h.from_status} but the referral is ${row.status} here; send the earlier steps first.`, { status: 409, where: { path: 'objects', field: 'history' } });
        checkTransition(row.status as ReferralStatus, h.to_status, to === null ? 'both' : party);
        await applyStep(trx, row, { to: h.to_status, at: new Date(h.at), byOrgId: by, byUserId: null, reason: h.reason ?? null, via: 'exchange', delivery: 'exchange' });
        summary.stepsApplied++;
        row = await trx.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      }
    }
    for (const o of outcomes) {
      const id = `outcome--${uuidOf(o.id)}`;
      const source = orgOf(o.source_ref);
      // Outcomes come back to the source: a node receives only outcomes about its own organisations' data.
      if (!(await hostedHere(trx, source))) throw new TesseraError('not_for_this_node', `${o.id} is about data of ${source}, which this node does not serve.`, { status: 422, where: { path: 'objects', field: 'source_ref' } });
      const exists = await trx.selectFrom('outcomes').select('id').where('id', '=', id).executeTakeFirst();
      if (exists) continue;
      await trx.insertInto('outcomes').values({
        id, target_id: o.target_ref, target_kind: o.target_kind, type: o.outcome_type, positive: o.positive, source_org_id: source, reported_by_org_id: sender, reported_by_user_id: null,
        referral_id: o.referral_ref, origin_id: o.origin_ref, occurred_at: o.occurred_at, recorded_at: new Date().toISOString(), anonymous: o.anonymous, note: o.note ?? null, via: 'exchange', delivery: 'local',
      }).execute();
      summary.outcomesStored++;
    }
  }
  return summary;
}
