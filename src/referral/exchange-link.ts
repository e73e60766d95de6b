import { sql, type Kysely } from 'kysely';
import { listReceived, onInbound, sendToRecipient, sendToSource } from '../exchange/index.ts';
import { listAgreements } from '../policy/index.ts';
import type { Principal } from '../identity/principal.ts';
import { quarantineExternal } from '../ingest/index.ts';
import { TesseraError, isTesseraError } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import { OUTCOME_STIX_TYPE, REFERRAL_STIX_TYPE, applyReferralObjects } from './stix.ts';
import type { ReferralTransport, StixObject } from './transport.ts';

/**
 * Referrals and outcomes over the exchange (src/exchange). The exchange carries Tessera
 * objects about a record *back to the node the record came from* (`sendToSource`, under the
 * agreement it was shared under, signed, sent by the sync), and hands them to this module on
 * arrival (`onInbound`). So across nodes today:
 *
 * - an outcome about a report this node received (or about a referral made from one) returns
 *   to the report's source, and lands there in `outcomes`, attributed to the source;
 * - a referral step travels when its other party is the source of the referral's origin record.
 *
 * - a referral from the data's holder goes forward (`sendToRecipient`) to a service whose
 *   provider is a recipient of an active agreement sharing the origin report.
 *
 * Anything else is refused with `not_deliverable` before anything is written.
 */

/** The record an object is about, on the sending side: an outcome's target report, or the referral's origin. */
function aboutRecord(o: StixObject): string | null {
  const pick = (v: unknown) => (typeof v === 'string' && v.startsWith('report--') ? v : null);
  if (o.type === OUTCOME_STIX_TYPE) return pick(o.target_ref) ?? pick(o.origin_ref);
  if (o.type === REFERRAL_STIX_TYPE) return pick(o.origin_ref);
  return null;
}

/** A transport over the exchange for one node's store; the acting person sends (the exchange audits it). */
export function exchangeTransport(store: Store): ReferralTransport {
  /** Forward: our own report, shared with the receiving organisation under an active agreement. */
  const forward = async (probe: { actor?: Principal | undefined; toOrgId: string; aboutRecordId: string | null }): Promise<string | null> => {
    if (!probe.actor || !probe.aboutRecordId) return null;
    const rec = await store.db.selectFrom('reports').select(['dataset_id']).where('id', '=', probe.aboutRecordId).where('source_org_id', '=', probe.actor.orgId).executeTakeFirst();
    if (!rec) return null;
    const a = (await listAgreements(store, probe.actor)).find((x) => x.state === 'active' && x.terms.providerOrgId === probe.actor?.orgId && x.terms.datasetIds.includes(rec.dataset_id) && x.terms.recipients.some((r) => r.orgId === probe.toOrgId));
    return a?.id ?? null;
  };
  const check = async (probe: { actor?: Principal | undefined; toOrgId: string; type: string; aboutRecordId: string | null }) => {
    if (await forward(probe)) return;
    const copy = probe.actor && probe.aboutRecordId ? (await listReceived(store, probe.actor, { recordId: probe.aboutRecordId, limit: 1 }))[0] : undefined;
    if (!probe.actor || !probe.aboutRecordId || !copy || copy.recordId !== probe.aboutRecordId || copy.sourceOrgId !== probe.toOrgId) {
      throw new TesseraError(
        'not_deliverable',
        `${probe.type === REFERRAL_STIX_TYPE ? 'This referral' : 'This outcome'} cannot travel to ${probe.toOrgId} through the exchange: it carries objects only back to the source of a record this node received, and ${probe.aboutRecordId ? `${probe.aboutRecordId} was not received here from that organisation` : 'it is about no received report'}. Nothing was changed.`,
        { status: 503, details: { toOrgId: probe.toOrgId, recordId: probe.aboutRecordId } },
      );
    }
  };
  return {
    afterCommit: true,
    check,
    async deliver(message) {
      for (const o of message.objects) {
        const recordId = aboutRecord(o);
        const agreementId = await forward({ actor: message.actor, toOrgId: message.toOrgId, aboutRecordId: recordId });
        if (agreementId) {
          await sendToRecipient(store, message.actor as Principal, { recordId: recordId as string, agreementId, recipientOrgId: message.toOrgId, type: o.type as `tessera-${string}`, id: o.id, body: o });
          continue;
        }
        await check({ actor: message.actor, toOrgId: message.toOrgId, type: o.type, aboutRecordId: recordId });
        await sendToSource(store, message.actor as Principal, { recordId: recordId as string, type: o.type as `tessera-${string}`, id: o.id, body: o, anonymous: o.anonymous === true });
      }
    },
  };
}

/** The peer's organisation (when the sender chose to be anonymous, the exchange leaves it out of the meta). */
async function peerOrg(db: Kysely<CoreDatabase>, peerId: string): Promise<string | null> {
  const r = await sql<{ org_id: string }>`SELECT org_id FROM exchange_peers WHERE id = ${peerId}`.execute(db);
  return r.rows[0]?.org_id ?? null;
}

/**
 * Applies referral and outcome objects as they arrive from a peer. A bad object does not fail
 * the peer's whole envelope: it goes to quarantine with the reason, and the rest is applied.
 */
async function inbound(db: Kysely<CoreDatabase>, object: Record<string, unknown>, meta: { peerId: string; fromOrgId: string | null; ownerOrgId: string }): Promise<void> {
  const fromOrgId = meta.fromOrgId ?? (await peerOrg(db, meta.peerId));
  if (!fromOrgId) return;
  try {
    await applyReferralObjects(db, [object as StixObject], { fromOrgId, fromNode: meta.peerId });
  } catch (e) {
    if (!isTesseraError(e)) throw e;
    await quarantineExternal(db, [{ orgId: meta.ownerOrgId, format: 'taxii', file: `peer ${meta.peerId}`, path: String(object.id ?? ''), problem: e.toProblem(), raw: JSON.stringify(object), context: { peerId: meta.peerId } }]);
  }
}

let registered = false;
/** Registers the inbound handlers with the exchange (once per process). */
export function linkExchange(): void {
  if (registered) return;
  registered = true;
  onInbound(REFERRAL_STIX_TYPE, inbound);
  onInbound(OUTCOME_STIX_TYPE, inbound);
}

/** A received copy of a report, as the outcome module needs it: who its source is, when it was reported. */
export async function receivedCopy(store: Store, actor: Principal, recordId: string): Promise<{ sourceOrgId: string; reportedAt: string | null } | null> {
  try {
    const c = (await listReceived(store, actor, { recordId, limit: 1 }))[0];
    if (!c || c.recordId !== recordId) return null;
    return { sourceOrgId: c.sourceOrgId, reportedAt: typeof c.record.reportedAt === 'string' ? c.record.reportedAt : null };
  } catch (e) {
    // A person the exchange does not let read received copies cannot see them here either.
    if (isTesseraError(e) && e.code === 'forbidden') return null;
    throw e;
  }
}
