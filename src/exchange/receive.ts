/**
 * Receiving objects from a peer (pulled pages and pushed envelopes alike). Each object is
 * checked on its own — well formed, in the agreement it claims (`decideIncomingRecord` in the
 * policy module), from the agreement's provider — and either applied or put in quarantine
 * with the reason. Applying is idempotent: a copy is replaced only by a newer version, a
 * tombstone deletes the copy, the same feedback twice is one. The caller runs this inside the
 * transaction that also moves its cursor, so a crash leaves both or neither.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { quarantineExternal, type ExternalRejection } from '../ingest/index.ts';
import { decideIncomingFeedback, incomingRecordCheck, type AgreementTerms, type MirroredAgreement } from '../policy/index.ts';
import type { CoreDatabase } from '../store/index.ts';
import { recordIdOfStix } from './stix.ts';
import { parseJson, xdb } from './tables.ts';

const ISO = z.iso.datetime({ offset: true });
const ReportObject = z.looseObject({
  type: z.literal('tessera-report'),
  spec_version: z.literal('2.1'),
  id: z.string().regex(/^tessera-report--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be tessera-report--<uuid>'),
  created: ISO,
  modified: ISO,
  revoked: z.boolean().optional(),
  agreement_ref: z.string().min(1).max(200),
  record: z.looseObject({ id: z.string(), datasetId: z.string(), sourceOrgId: z.string(), lineage: z.looseObject({ hops: z.array(z.unknown()).max(64).optional() }) }).optional(),
  tombstone: z.looseObject({ action: z.string(), reason: z.string().optional(), cause: z.string().optional() }).optional(),
});

const AboutObject = z.looseObject({
  type: z.string().regex(/^tessera-[a-z0-9-]{1,60}$/, 'must be a tessera-* object type'),
  spec_version: z.literal('2.1'),
  id: z.string().regex(/^tessera-[a-z0-9-]+--[0-9a-f-]{36}$/),
  created: ISO,
  modified: ISO,
  about_ref: z.string().regex(/^tessera-report--[0-9a-f-]{36}$/),
  agreement_ref: z.string().min(1).max(200),
  anonymous: z.boolean().optional(),
});

export interface ObjectOutcome {
  id: string;
  version?: string;
  message?: string;
}

export interface ApplyResult {
  successes: ObjectOutcome[];
  failures: ObjectOutcome[];
  /** Copies written or deleted, feedback stored. */
  applied: number;
  quarantined: string[];
}

export interface RecordsContext {
  peerId: string;
  peerOrgId: string;
  receiverOrgId: string;
  agreementId: string;
  agreement: MirroredAgreement | null;
  /** For the quarantine entry: where the objects came from. */
  source: string;
  now?: Date;
}

const isPseudonym = (v: unknown) => typeof v === 'string' && v.startsWith('pseu_');

/** Which present fields carry pseudonyms throughout (the rest are in clear). */
function pseudonymisedFields(rec: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (isPseudonym(rec.sourceRef)) out.push('sourceRef');
  const all = <T>(xs: unknown, f: (x: T) => boolean) => Array.isArray(xs) && xs.every((x) => f(x as T));
  if (all<{ sourceRef?: unknown; hashes?: Record<string, unknown> }>(rec.contentItems, (c) => isPseudonym(c.sourceRef) && Object.entries(c.hashes ?? {}).every(([k, v]) => k === 'pdqQuality' || isPseudonym(v)))) out.push('contentItems');
  if (all<{ value?: unknown }>(rec.signals, (s) => isPseudonym(s.value))) out.push('signals');
  if (all<{ sourceRef?: unknown; identifiers?: Array<{ value?: unknown }> }>(rec.subjects, (s) => isPseudonym(s.sourceRef) && (s.identifiers ?? []).every((i) => isPseudonym(i.value)))) out.push('subjects');
  return out;
}

const ALWAYS = new Set(['id', 'datasetId', 'sourceOrgId', 'lineage']);

function reject(ctx: { receiverOrgId: string; source: string }, obj: unknown, code: string, message: string, context: Record<string, unknown> = {}): ExternalRejection {
  const id = obj && typeof obj === 'object' && typeof (obj as { id?: unknown }).id === 'string' ? (obj as { id: string }).id : undefined;
  return { orgId: ctx.receiverOrgId, format: 'taxii', file: ctx.source, path: id, problem: { code, message, where: { file: ctx.source, ...(id ? { path: id } : {}) } }, raw: JSON.stringify(obj) ?? 'undefined', context };
}

/** Records (and their tombstones) from the provider of an agreement. */
export async function applyRecordObjects(db: Kysely<CoreDatabase>, ctx: RecordsContext, objects: readonly unknown[]): Promise<ApplyResult> {
  const x = xdb({ db });
  const now = ctx.now ?? new Date();
  const res: ApplyResult = { successes: [], failures: [], applied: 0, quarantined: [] };
  const rejected: ExternalRejection[] = [];
  const upserts = new Map<string, { record: Record<string, unknown>; modified: string; stixId: string; datasetId: string; sourceOrgId: string }>();
  // What depends only on the agreement, the sender and us is decided once per page.
  const decide = incomingRecordCheck(ctx.agreement, ctx.peerOrgId, ctx.receiverOrgId, now);
  const deletes = new Map<string, string>();
  const fail = (obj: unknown, code: string, message: string) => {
    const id = obj && typeof obj === 'object' && typeof (obj as { id?: unknown }).id === 'string' ? (obj as { id: string }).id : '(no id)';
    const version = obj && typeof obj === 'object' && typeof (obj as { modified?: unknown }).modified === 'string' ? (obj as { modified: string }).modified : undefined;
    res.failures.push({ id, ...(version ? { version } : {}), message: `${code}: ${message}` });
    rejected.push(reject(ctx, obj, code, message, { peerId: ctx.peerId, agreementId: ctx.agreementId }));
  };
  for (const obj of objects) {
    const p = ReportObject.safeParse(obj);
    if (!p.success) {
      const i = p.error.issues[0];
      fail(obj, 'malformed_object', `the object is not a valid tessera-report: ${i ? `${i.path.join('.') || '(object)'}: ${i.message}` : 'invalid'}`);
      continue;
    }
    const o = p.data;
    const recordId = recordIdOfStix(o.id);
    if (o.agreement_ref !== ctx.agreementId) {
      fail(obj, 'out_of_agreement', `the object was sent under agreement ${o.agreement_ref.slice(0, 80)} into the collection of agreement ${ctx.agreementId}`);
      continue;
    }
    if (o.revoked) {
      // A deletion is always welcome from the provider, even after the agreement ended.
      if (!ctx.agreement || ctx.agreement.providerOrgId !== ctx.peerOrgId) {
        fail(obj, 'out_of_agreement', 'a tombstone must come from the provider of the agreement it names');
        continue;
      }
      upserts.delete(recordId);
      deletes.set(recordId, o.modified);
      res.successes.push({ id: o.id, version: o.modified });
      continue;
    }
    const rec = o.record;
    if (!rec) {
      fail(obj, 'malformed_object', 'a tessera-report that is not revoked needs "record"');
      continue;
    }
    if (rec.id !== recordId) {
      fail(obj, 'malformed_object', `record.id ${String(rec.id).slice(0, 80)} does not match the object id ${o.id}`);
      continue;
    }
    const d = decide({ recordId, sourceOrgId: rec.sourceOrgId, datasetId: rec.datasetId, fields: Object.keys(rec).filter((k) => !ALWAYS.has(k)), pseudonymised: pseudonymisedFields(rec) });
    if (!d.allowed) {
      fail(obj, 'out_of_agreement', d.reason);
      continue;
    }
    deletes.delete(recordId);
    upserts.set(recordId, { record: rec, modified: o.modified, stixId: o.id, datasetId: rec.datasetId, sourceOrgId: rec.sourceOrgId });
    res.successes.push({ id: o.id, version: o.modified });
  }
  // One statement per page: the columns as arrays, the records as one JSON array (parsed once by
  // the server). Lineage gets one more hop there: this node received it under this agreement
  // (at most 64 hops are kept, the oldest dropped). A copy is replaced only by a newer version.
  if (upserts.size) {
    const ids: string[] = [], sources: string[] = [], datasets: string[] = [], stixIds: string[] = [], modified: string[] = [], records: Array<Record<string, unknown>> = [];
    for (const [recordId, u] of upserts) {
      ids.push(recordId);
      sources.push(u.sourceOrgId);
      datasets.push(u.datasetId);
      stixIds.push(u.stixId);
      modified.push(u.modified);
      records.push(u.record);
    }
    const hop = JSON.stringify({ orgId: ctx.receiverOrgId, agreementId: ctx.agreementId, at: now.toISOString() });
    await sql`
      INSERT INTO exchange_copies (record_id, agreement_id, peer_id, receiver_org_id, source_org_id, dataset_id, stix_id, modified, record, received_at)
      SELECT u.record_id, ${ctx.agreementId}, ${ctx.peerId}, ${ctx.receiverOrgId}, u.source_org_id, u.dataset_id, u.stix_id, u.modified,
        jsonb_set(r.rec, '{lineage,hops}', (CASE WHEN jsonb_array_length(h.hops) >= 64 THEN h.hops - 0 ELSE h.hops END) || jsonb_build_array(${hop}::jsonb)),
        ${now.toISOString()}::timestamptz
      FROM unnest(${ids}::text[], ${sources}::text[], ${datasets}::text[], ${stixIds}::text[], ${modified}::timestamptz[]) WITH ORDINALITY AS u(record_id, source_org_id, dataset_id, stix_id, modified, k)
      JOIN jsonb_array_elements(${JSON.stringify(records)}::jsonb) WITH ORDINALITY AS r(rec, k) ON r.k = u.k
      CROSS JOIN LATERAL (SELECT COALESCE(r.rec -> 'lineage' -> 'hops', '[]'::jsonb) AS hops) h
      ON CONFLICT (record_id, agreement_id) DO UPDATE SET record = excluded.record, modified = excluded.modified, stix_id = excluded.stix_id, received_at = excluded.received_at, peer_id = excluded.peer_id
        WHERE exchange_copies.modified < excluded.modified`.execute(db);
  }
  if (deletes.size) await x.deleteFrom('exchange_copies').where('agreement_id', '=', ctx.agreementId).where('record_id', 'in', [...deletes.keys()]).execute();
  res.applied = upserts.size + deletes.size;
  res.quarantined = await quarantineExternal(db, rejected);
  return res;
}

export interface AboutContext {
  peerId: string;
  peerOrgId: string;
  agreementId: string;
  /** The agreement as this node holds it (we are its provider). */
  agreement: { slug: string; storedState: string; terms: AgreementTerms } | null;
  source: string;
  now?: Date;
  /** Set when the objects come from the provider to us, a recipient (referrals), not back to the source. */
  toRecipientOrgId?: string;
}

/** What another module does with an inbound Tessera-extension object (inside the same transaction). */
export type InboundHandler = (db: Kysely<CoreDatabase>, object: Record<string, unknown>, meta: { peerId: string; fromOrgId: string | null; agreementId: string; aboutRecordId: string; ownerOrgId: string }) => Promise<void>;
const handlers = new Map<string, InboundHandler>();

/**
 * Lets a module act on objects of one `tessera-*` type that peers send towards this node (the
 * referral module registers `tessera-referral`, say). The object is already verified and
 * stored in the inbox; the handler runs in the same transaction.
 */
export function onInbound(type: string, handler: InboundHandler): void {
  handlers.set(type, handler);
}

/** Feedback and other Tessera-extension objects from a recipient about the provider's records. */
export async function applyAboutObjects(db: Kysely<CoreDatabase>, ctx: AboutContext, objects: readonly unknown[]): Promise<ApplyResult> {
  const x = xdb({ db });
  const now = ctx.now ?? new Date();
  const res: ApplyResult = { successes: [], failures: [], applied: 0, quarantined: [] };
  const ownerOrgId = ctx.toRecipientOrgId ?? ctx.agreement?.terms.providerOrgId ?? '';
  const rejected: ExternalRejection[] = [];
  for (const obj of objects) {
    const fail = (code: string, message: string) => {
      const id = obj && typeof obj === 'object' && typeof (obj as { id?: unknown }).id === 'string' ? (obj as { id: string }).id : '(no id)';
      res.failures.push({ id, message: `${code}: ${message}` });
      rejected.push(reject({ receiverOrgId: ownerOrgId || ctx.peerOrgId, source: ctx.source }, obj, code, message, { peerId: ctx.peerId, agreementId: ctx.agreementId }));
    };
    const p = AboutObject.safeParse(obj);
    if (!p.success) {
      const i = p.error.issues[0];
      fail('malformed_object', `the object is not a valid Tessera feedback object: ${i ? `${i.path.join('.') || '(object)'}: ${i.message}` : 'invalid'}`);
      continue;
    }
    const o = p.data;
    if (o.agreement_ref !== ctx.agreementId) {
      fail('out_of_agreement', `the object names agreement ${o.agreement_ref.slice(0, 80)}, not ${ctx.agreementId}`);
      continue;
    }
    const recordId = recordIdOfStix(o.about_ref);
    const owner = ctx.toRecipientOrgId ? null : await db.selectFrom('reports').select('source_org_id').where('id', '=', recordId).executeTakeFirst();
    const d = decideIncomingFeedback(ctx.agreement, ctx.peerOrgId, owner?.source_org_id ?? null, now, ctx.toRecipientOrgId ? { toRecipientOrgId: ctx.toRecipientOrgId } : {});
    if (!d.allowed) {
      fail('out_of_agreement', d.reason);
      continue;
    }
    const fromOrgId = o.anonymous ? null : ctx.peerOrgId;
    const stored = { ...o, ...(o.anonymous ? {} : { from_org_ref: ctx.peerOrgId }) };
    const ins = await x.insertInto('exchange_inbox').values({ id: o.id, type: o.type, peer_id: ctx.peerId, agreement_id: ctx.agreementId, owner_org_id: ownerOrgId, about_record_id: recordId, from_org_id: fromOrgId, object: JSON.stringify(stored), received_at: now.toISOString() })
      .onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    if (Number(ins.numInsertedOrUpdatedRows ?? 0n) > 0) {
      res.applied++;
      const h = handlers.get(o.type);
      if (h) await h(db, stored, { peerId: ctx.peerId, fromOrgId, agreementId: ctx.agreementId, aboutRecordId: recordId, ownerOrgId });
    }
    res.successes.push({ id: o.id, version: o.modified });
  }
  res.quarantined = await quarantineExternal(db, rejected);
  return res;
}

/** Rejects a whole envelope (unsigned, forged, replayed, unreadable) into quarantine. */
export async function quarantineEnvelope(db: Kysely<CoreDatabase>, orgId: string, source: string, code: string, message: string, raw: string, context: Record<string, unknown> = {}): Promise<string> {
  const [id] = await quarantineExternal(db, [{ orgId, format: 'taxii', file: source, problem: { code, message, where: { file: source } }, raw, context }]);
  return id as string;
}

export function mirroredOf(row: { id: string; slug: string; provider_org_id: string; state: string; terms: unknown } | undefined): MirroredAgreement | null {
  if (!row) return null;
  return { id: row.id, slug: row.slug, providerOrgId: row.provider_org_id, storedState: row.state, terms: parseJson<AgreementTerms>(row.terms) };
}
