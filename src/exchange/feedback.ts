/**
 * Feedback to the source, and any other Tessera-extension object about a received record
 * (referrals, outcomes): queued in the outbox towards the peer the record came from, under the
 * agreement it came under, and sent by the sync. The source sees which organisation sent it
 * unless the sender chose `anonymous`.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../audit/index.ts';
import type { Principal } from '../identity/index.ts';
import { listAgreements } from '../policy/index.ts';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { requireExchange } from './peers.ts';
import { FEEDBACK_OUTCOMES, aboutObject } from './stix.ts';
import { parseJson, xdb } from './tables.ts';

export const FeedbackInput = z
  .strictObject({
    recordId: z.string().regex(/^report--[0-9a-f-]{36}$/, 'must be a report id (report--<uuid>) of a record this node received'),
    outcome: z.enum(FEEDBACK_OUTCOMES).meta({ description: 'What happened: true-positive, false-positive, disputed, content-removed, child-safeguarded, investigation-opened, referral-completed.' }),
    note: z.string().max(2000).optional().meta({ description: 'A short explanation (no abuse content, no personal data).' }),
    anonymous: z.boolean().default(false).meta({ description: 'Hide which organisation sent it from the source.' }),
  })
  .meta({ id: 'FeedbackInput' });
export type FeedbackInput = z.input<typeof FeedbackInput>;

export interface SentObject {
  id: string;
  peerId: string;
  agreementId: string;
  type: string;
}

/**
 * Queues an object of a `tessera-*` type about a record this node received, for the node it
 * came from (the source, one hop back along its lineage). The sync sends it (at once in the
 * background loop of `tessera serve`, or with `tessera sync --once`).
 */
export async function sendToSource(store: Store, actor: Principal, msg: { recordId: string; type: `tessera-${string}`; body: Record<string, unknown>; anonymous?: boolean; id?: string }): Promise<SentObject> {
  requireExchange(actor, 'send-feedback');
  if (!/^tessera-[a-z0-9-]{1,60}$/.test(msg.type) || msg.type === 'tessera-report') throw new TesseraError('invalid_type', `"${msg.type}" is not a type that can travel to the source: use tessera-<name> (not tessera-report).`, { where: { field: 'type' } });
  const db = xdb(store);
  const copy = await db.selectFrom('exchange_copies').select(['peer_id', 'agreement_id', 'record_id']).where('record_id', '=', msg.recordId).where('receiver_org_id', '=', actor.orgId).orderBy('received_at', 'desc').executeTakeFirst();
  if (!copy) throw new NotFoundError('received record', msg.recordId);
  const id = msg.id ?? `${msg.type}--${randomUUID()}`;
  const obj = aboutObject(msg.type, id, copy.record_id, copy.agreement_id, { ...msg.body, ...(msg.anonymous ? { anonymous: true } : {}) }, new Date());
  await db.insertInto('exchange_outbox').values({ id, peer_id: copy.peer_id, agreement_id: copy.agreement_id, type: msg.type, object: JSON.stringify(obj), created_at: new Date().toISOString(), sent_at: null }).onConflict((oc) => oc.column('id').doNothing()).execute();
  await appendAudit(store, [{ action: 'exchange.send', decision: 'done', reason: `${actor.orgSlug} sent ${msg.type} about ${copy.record_id} to its source${msg.anonymous ? ' (anonymously)' : ''}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, resource: copy.record_id, details: { id, type: msg.type, agreementId: copy.agreement_id } }]);
  return { id, peerId: copy.peer_id, agreementId: copy.agreement_id, type: msg.type };
}

/**
 * Queues an object of a `tessera-*` type about one of the actor's organisation's own records for
 * the recipients of an agreement that shares it (referrals from the holder to a recipient's
 * node). The agreement must be in effect, the record one it shares (its organisation and one of
 * its datasets), and each recipient a registered peer. Returns one entry per recipient node.
 */
export async function sendToRecipient(store: Store, actor: Principal, msg: { recordId: string; agreementId: string; recipientOrgId?: string; type: `tessera-${string}`; body: Record<string, unknown>; id?: string }): Promise<SentObject[]> {
  requireExchange(actor, 'send-feedback');
  if (!/^tessera-[a-z0-9-]{1,60}$/.test(msg.type) || msg.type === 'tessera-report') throw new TesseraError('invalid_type', `"${msg.type}" is not a type that can travel to a recipient: use tessera-<name> (not tessera-report).`, { where: { field: 'type' } });
  const a = (await listAgreements(store, actor)).find((x) => x.id === msg.agreementId || x.slug === msg.agreementId);
  if (!a || a.terms.providerOrgId !== actor.orgId) throw new NotFoundError('agreement your organisation provides', msg.agreementId);
  if (a.state !== 'active') throw new TesseraError('agreement_not_active', `Agreement ${a.slug} is ${a.state}; nothing can be sent under it.`, { status: 409 });
  const rec = await store.db.selectFrom('reports').select(['id', 'dataset_id', 'source_org_id']).where('id', '=', msg.recordId).where('source_org_id', '=', actor.orgId).executeTakeFirst();
  if (!rec || !a.terms.datasetIds.includes(rec.dataset_id)) throw new NotFoundError(`record shared under agreement ${a.slug}`, msg.recordId);
  const recipients = a.terms.recipients.map((r) => r.orgId).filter((o) => !msg.recipientOrgId || o === msg.recipientOrgId);
  const db = xdb(store);
  const peers = await db.selectFrom('exchange_peers').select(['id', 'org_id']).where('state', '=', 'active').where('org_id', 'in', recipients.length ? recipients : ['-']).execute();
  if (peers.length === 0) throw new TesseraError('no_peer', `No recipient of agreement ${a.slug}${msg.recipientOrgId ? ` (${msg.recipientOrgId})` : ''} is a registered peer: register its node with \`tessera peer add\`.`, { status: 409 });
  const out: SentObject[] = [];
  for (const p of peers) {
    const id = peers.length === 1 && msg.id ? msg.id : `${msg.type}--${randomUUID()}`;
    const obj = aboutObject(msg.type, id, rec.id, a.id, msg.body, new Date());
    await db.insertInto('exchange_outbox').values({ id, peer_id: p.id, agreement_id: a.id, type: msg.type, object: JSON.stringify(obj), created_at: new Date().toISOString(), sent_at: null }).onConflict((oc) => oc.column('id').doNothing()).execute();
    out.push({ id, peerId: p.id, agreementId: a.id, type: msg.type });
  }
  await appendAudit(store, [{ action: 'exchange.send', decision: 'done', reason: `${actor.orgSlug} sent ${msg.type} about ${rec.id} to ${peers.length} recipient node(s) of agreement ${a.slug}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, agreement: { id: a.id, version: a.version, versionHash: a.versionHash }, resource: rec.id, details: { ids: out.map((o) => o.id), type: msg.type } }]);
  return out;
}

/** Feedback on a received record: an outcome or opinion for its source. */
export async function sendFeedback(store: Store, actor: Principal, input: FeedbackInput): Promise<SentObject> {
  const f = FeedbackInput.parse(input);
  return sendToSource(store, actor, { recordId: f.recordId, type: 'tessera-feedback', body: { outcome: f.outcome, ...(f.note ? { note: f.note } : {}) }, anonymous: f.anonymous });
}

export interface ReceivedFeedback {
  id: string;
  type: string;
  recordId: string | null;
  agreementId: string;
  /** The organisation that sent it; null when it chose to be anonymous. */
  fromOrgId: string | null;
  outcome: string | null;
  note: string | null;
  receivedAt: string;
  object: Record<string, unknown>;
}

/** Feedback (and other objects) peers sent about the actor's organisation's records. */
export async function listFeedback(store: Store, actor: Principal, opts: { recordId?: string; type?: string; limit?: number } = {}): Promise<ReceivedFeedback[]> {
  requireExchange(actor, 'read-feedback');
  let q = xdb(store).selectFrom('exchange_inbox').selectAll().where('owner_org_id', '=', actor.orgId);
  if (opts.recordId) q = q.where('about_record_id', '=', opts.recordId);
  if (opts.type) q = q.where('type', '=', opts.type);
  const rows = await q.orderBy('received_at').orderBy('id').limit(Math.min(opts.limit ?? 500, 5000)).execute();
  return rows.map((r) => {
    const o = parseJson<Record<string, unknown>>(r.object);
    return { id: r.id, type: r.type, recordId: r.about_record_id, agreementId: r.agreement_id, fromOrgId: r.from_org_id, outcome: typeof o.outcome === 'string' ? o.outcome : null, note: typeof o.note === 'string' ? o.note : null, receivedAt: new Date(r.received_at).toISOString(), object: o };
  });
}

export interface ReceivedCopy {
  recordId: string;
  agreementId: string;
  sourceOrgId: string;
  modified: string;
  receivedAt: string;
  record: Record<string, unknown>;
}

/** Copies this node received for the actor's organisation (what the agreements let travel, lineage with its hop). */
export async function listReceived(store: Store, actor: Principal, opts: { agreementId?: string; recordId?: string; limit?: number; after?: string } = {}): Promise<ReceivedCopy[]> {
  requireExchange(actor, 'read-received');
  let q = xdb(store).selectFrom('exchange_copies').selectAll().where('receiver_org_id', '=', actor.orgId);
  if (opts.agreementId) q = q.where('agreement_id', '=', opts.agreementId);
  if (opts.recordId) q = q.where('record_id', '=', opts.recordId);
  if (opts.after) q = q.where('record_id', '>', opts.after);
  const rows = await q.orderBy('record_id').orderBy('agreement_id').limit(Math.min(opts.limit ?? 1000, 10_000)).execute();
  return rows.map((r) => ({ recordId: r.record_id, agreementId: r.agreement_id, sourceOrgId: r.source_org_id, modified: new Date(r.modified).toISOString(), receivedAt: new Date(r.received_at).toISOString(), record: parseJson<Record<string, unknown>>(r.record) }));
}

export interface Flow {
  peerId: string;
  peerOrgId: string;
  peerSlug: string;
  agreementId: string;
  agreementSlug: string | null;
  /** pull: records in from the peer; push: our records out to it; send: feedback and other objects out. */
  direction: 'pull' | 'push' | 'send';
  objects: number;
  rejected: number;
  lastRunAt: string | null;
  lastOkAt: string | null;
  lastObjectAt: string | null;
  lastError: string | null;
}

/** Live flows per peer, agreement and direction (what the console and indicators show). */
export async function exchangeFlows(store: Store, actor: Principal): Promise<Flow[]> {
  requireExchange(actor, 'read-flows');
  const db = xdb(store);
  const rows = await db.selectFrom('exchange_links as l').innerJoin('exchange_peers as p', 'p.id', 'l.peer_id').innerJoin('organisations as o', 'o.id', 'p.org_id')
    .leftJoin('exchange_agreements as m', 'm.id', 'l.agreement_id').leftJoin('agreements as a', 'a.id', 'l.agreement_id')
    .select(['l.peer_id', 'p.org_id', 'o.slug', 'l.agreement_id', 'm.slug as mslug', 'a.slug as aslug', 'l.direction', 'l.objects', 'l.rejected', 'l.last_run_at', 'l.last_ok_at', 'l.last_object_at', 'l.last_error'])
    .orderBy('o.slug').orderBy('l.agreement_id').orderBy('l.direction').execute();
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r) => ({
    peerId: r.peer_id, peerOrgId: r.org_id, peerSlug: r.slug, agreementId: r.agreement_id, agreementSlug: r.mslug ?? r.aslug ?? null, direction: r.direction as Flow['direction'],
    objects: Number(r.objects), rejected: Number(r.rejected), lastRunAt: iso(r.last_run_at), lastOkAt: iso(r.last_ok_at), lastObjectAt: iso(r.last_object_at), lastError: r.last_error,
  }));
}
