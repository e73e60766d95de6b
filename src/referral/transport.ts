/**
 * How referrals and outcomes reach another organisation's node. The referral module never
 * talks HTTP itself: it hands STIX 2.1 objects (with the Tessera extension, see stix.ts) to a
 * transport, and the receiving node applies them with `receiveReferralObjects`. The exchange
 * module provides the real transport (signed TAXII sync); tests use the loopback below.
 */
import type { Principal } from '../identity/principal.ts';

export type StixObject = Record<string, unknown> & { type: string; id: string };

export interface DeliveryMessage {
  /** Organisation acting on this node (the sender). */
  fromOrgId: string;
  /** Organisation the objects are for, and its node when known. */
  toOrgId: string;
  nodeUrl: string | null;
  objects: StixObject[];
  /** The person acting (the exchange sends and audits in their name). */
  actor?: Principal | undefined;
}

export interface ReferralTransport {
  /**
   * Delivers the objects to the node of `toOrgId`; resolves once that node has stored them,
   * rejects (with a TesseraError) when it could not. Delivering the same objects twice must be
   * harmless: receivers apply them idempotently.
   */
  deliver(message: DeliveryMessage): Promise<void>;
  /**
   * A transport that only queues (the exchange's outbox, sent later by the sync) cannot run
   * inside the local transaction: it is checked before it (`check` refuses what it cannot
   * carry) and called after the commit.
   */
  afterCommit?: boolean;
  check?(probe: { actor?: Principal | undefined; toOrgId: string; type: string; aboutRecordId: string | null }): Promise<void>;
}

/** What a receiving node needs: who sent the objects (as the exchange authenticated them). */
export interface ReceiveContext {
  fromOrgId: string;
  /** Node the objects came from, for the record. */
  fromNode?: string | null;
}

/**
 * An in-process transport between stores (tests, demos): each organisation's node is a
 * receiver function. Use the exchange's transport between real nodes.
 */
export function loopbackTransport(receivers: Map<string, (objects: StixObject[], ctx: ReceiveContext) => Promise<unknown>>): ReferralTransport & { sent: DeliveryMessage[] } {
  const sent: DeliveryMessage[] = [];
  return {
    sent,
    async deliver(message) {
      const receive = receivers.get(message.toOrgId);
      if (!receive) throw new Error(`loopback transport: no node for organisation ${message.toOrgId}`);
      sent.push(message);
      // A copy, as over a wire: the receiver must not share objects with the sender.
      await receive(JSON.parse(JSON.stringify(message.objects)) as StixObject[], { fromOrgId: message.fromOrgId, fromNode: 'loopback' });
    },
  };
}

/**
 * The transport a node uses when a call gives none: set once at start-up by whoever configures
 * the exchange (`useReferralTransport(store, transport)`), so routes and commands stay thin.
 */
const configured = new WeakMap<object, ReferralTransport>();
export function useReferralTransport(store: object, transport: ReferralTransport | null): void {
  if (transport) configured.set(store, transport);
  else configured.delete(store);
}
export function referralTransportOf(store: object): ReferralTransport | undefined {
  return configured.get(store);
}
