/**
 * Peers: other Tessera nodes this node exchanges with. Each is registered with its
 * organisation, its URL and its Ed25519 public key (from its "peer card"), and gets an account
 * on this node (role analyst, its data-protection training date as the peer attests it) whose
 * token the peer presents: every read it makes goes through `withAccess` under an agreement,
 * like any person's. The token the peer issued to us is kept to call it.
 */
import { z } from 'zod';
import { issueToken, upsertUser, type Principal } from '../identity/index.ts';
import { OrganisationInput, uuidV5 } from '../model/index.ts';
import { decideExchange, openField, sealField } from '../policy/index.ts';
import { registerOrganisation } from '../records/index.ts';
import { AuthError, NotFoundError, TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { keyIdOf, nodeKey, publicKeyFrom } from './signing.ts';
import { xdb } from './tables.ts';

const NS = Buffer.from('8d2f4b1a6c3e4f5a9b0c1d2e3f4a5b6c', 'hex');

export const PeerCard = z
  .strictObject({
    tessera: z.literal('peer-card/1'),
    organisation: z.strictObject({ id: z.string().regex(/^organisation--[0-9a-f-]{36}$/), slug: z.string(), name: z.string(), kind: z.string(), jurisdiction: z.string(), languages: z.array(z.string()).default([]) }),
    url: z.url().meta({ description: 'Base URL of the node (TAXII at URL/taxii2/, API at URL/api/v1).' }),
    publicKey: z.string().min(40).max(2000).meta({ description: 'Ed25519 public key, SPKI DER in base64.' }),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
  })
  .meta({ id: 'PeerCard', description: 'What one node tells another to be registered as a peer: its organisation, URL and Ed25519 key.' });
export type PeerCard = z.infer<typeof PeerCard>;

export interface Peer {
  id: string;
  orgId: string;
  orgSlug: string;
  url: string;
  keyId: string;
  publicKey: string;
  hasToken: boolean;
  pushRecords: boolean;
  userId: string;
  state: string;
  createdAt: string;
}

export function requireExchange(p: Principal, action: Parameters<typeof decideExchange>[1]): void {
  const d = decideExchange(p, action);
  if (!d.allowed) throw new AuthError('forbidden', `Access denied: ${d.reason}.`);
}

/** The organisation this node speaks for (set by `tessera init --org`). */
export async function nodeOrgId(store: Store): Promise<string> {
  const row = await store.db.selectFrom('node_settings').select('value').where('key', '=', 'node.organisation').executeTakeFirst();
  const v = row?.value as unknown;
  const id = typeof v === 'string' ? (v.startsWith('"') ? (JSON.parse(v) as string) : v) : undefined;
  if (!id) throw new TesseraError('no_node_organisation', 'This node has no organisation of its own yet: run `tessera init --org SLUG --org-name NAME --kind KIND --jurisdiction CC` first.', { status: 409 });
  return id;
}

/** This node's peer card: give it to the other organisation. */
export async function selfCard(store: Store, url: string): Promise<PeerCard> {
  const orgId = await nodeOrgId(store);
  const org = await store.db.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
  const key = await nodeKey(store);
  return { tessera: 'peer-card/1', organisation: { id: org.id, slug: org.slug, name: org.name, kind: org.kind, jurisdiction: org.jurisdiction, languages: org.languages ?? [] }, url: url.replace(/\/+$/, ''), publicKey: key.publicKeySpki, keyId: key.keyId };
}

type PeerRow = { id: string; org_id: string; url: string; public_key: string; key_id: string; token: string | null; token_sealed: boolean; user_id: string; push_records: boolean; state: string; created_at: Date | string };

function peerOf(r: PeerRow, slug: string): Peer {
  return { id: r.id, orgId: r.org_id, orgSlug: slug, url: r.url, keyId: r.key_id, publicKey: r.public_key, hasToken: !!r.token || r.token_sealed, pushRecords: r.push_records, userId: r.user_id, state: r.state, createdAt: new Date(r.created_at).toISOString() };
}

export interface AddPeerOptions {
  card: unknown;
  /** The token the peer issued for this node (may be given later by running add again). */
  token?: string | undefined;
  /** Also push records to the peer as they are written (default: the peer pulls). */
  pushRecords?: boolean | undefined;
  /** When the peer organisation's staff last had data-protection training, as it attests (default now). */
  trainedAt?: string | undefined;
}

/**
 * Registers (or updates) a peer from its card. Returns the token the peer must use to call this
 * node — only when its account is new or `newToken` is asked for (tokens are shown once).
 */
export async function addPeer(store: Store, actor: Principal, opts: AddPeerOptions & { newToken?: boolean }): Promise<{ peer: Peer; tokenForPeer: string | null }> {
  requireExchange(actor, 'manage-peers');
  const parsed = PeerCard.safeParse(opts.card);
  if (!parsed.success) throw new TesseraError('invalid_peer_card', `The peer card is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(card)'}: ${i.message}`).join('; ')}.`, { where: { field: 'card' } });
  const card = parsed.data;
  let keyId: string;
  try {
    keyId = keyIdOf(publicKeyFrom(card.publicKey));
  } catch (e) {
    throw new TesseraError('invalid_peer_key', `The peer card's publicKey is not an Ed25519 public key (${(e as Error).message}).`, { where: { field: 'publicKey' } });
  }
  if (keyId !== card.keyId) throw new TesseraError('invalid_peer_key', `The peer card's keyId ${card.keyId} does not match its public key (${keyId}).`, { where: { field: 'keyId' } });
  if (keyId === (await nodeKey(store)).keyId) throw new TesseraError('peer_is_self', 'That card is this node\u2019s own: register the other organisation\u2019s card.', { where: { field: 'card' } });
  const orgInput = OrganisationInput.safeParse({ slug: card.organisation.slug, name: card.organisation.name, kind: card.organisation.kind, jurisdiction: card.organisation.jurisdiction, languages: card.organisation.languages, nodeUrl: card.url });
  if (!orgInput.success) throw new TesseraError('invalid_peer_card', `The peer card's organisation is not valid: ${orgInput.error.issues[0]?.message ?? ''}.`, { where: { field: 'organisation' } });
  const org = await registerOrganisation(store, orgInput.data);
  if (org.id !== card.organisation.id) throw new TesseraError('invalid_peer_card', `The peer card names organisation ${card.organisation.id}, but slug ${card.organisation.slug} is ${org.id} on every node.`, { where: { field: 'organisation.id' } });
  const db = xdb(store);
  const id = `peer--${uuidV5(org.id, NS)}`;
  const existing = await db.selectFrom('exchange_peers').selectAll().where('id', '=', id).executeTakeFirst();
  const user = await upsertUser(store, {
    orgId: org.id, name: `Tessera node of ${card.organisation.name}`, email: `tessera-node@${card.organisation.slug}.peer.invalid`, roles: ['analyst'],
    dataProtectionTrainedAt: opts.trainedAt ?? new Date().toISOString(),
  });
  const values = { org_id: org.id, url: card.url.replace(/\/+$/, ''), public_key: card.publicKey, key_id: keyId, user_id: user.id, state: 'active', removed_at: null, ...(opts.pushRecords !== undefined ? { push_records: opts.pushRecords } : {}) };
  if (existing) await db.updateTable('exchange_peers').set(values).where('id', '=', id).execute();
  else await db.insertInto('exchange_peers').values({ id, ...values, token: null, push_records: opts.pushRecords ?? false, created_at: new Date().toISOString() }).execute();
  if (opts.token) await sealPeerToken(store, id, opts.token);
  const fresh = !existing || existing.state !== 'active' || opts.newToken === true;
  const tokenForPeer = fresh ? (await issueToken(store, user.id, { label: `peer ${card.organisation.slug}` })).token : null;
  return { peer: await getPeer(store, id), tokenForPeer };
}

export async function getPeer(store: Store, idOrSlug: string): Promise<Peer> {
  const r = await xdb(store).selectFrom('exchange_peers as p').innerJoin('organisations as o', 'o.id', 'p.org_id').selectAll('p').select('o.slug')
    .where((eb) => eb.or([eb('p.id', '=', idOrSlug), eb('o.slug', '=', idOrSlug), eb('p.org_id', '=', idOrSlug)])).orderBy('p.state').executeTakeFirst();
  if (!r) throw new NotFoundError('peer', idOrSlug);
  return peerOf(r, r.slug);
}

export async function listPeers(store: Store, opts: { all?: boolean } = {}): Promise<Peer[]> {
  let q = xdb(store).selectFrom('exchange_peers as p').innerJoin('organisations as o', 'o.id', 'p.org_id').selectAll('p').select('o.slug');
  if (!opts.all) q = q.where('p.state', '=', 'active');
  return (await q.orderBy('o.slug').execute()).map((r) => peerOf(r, r.slug));
}

/** Stops exchanging with a peer: its account's tokens stop working, the sync skips it. Received copies stay (retention applies). */
export async function removePeer(store: Store, actor: Principal, idOrSlug: string): Promise<Peer> {
  requireExchange(actor, 'manage-peers');
  const p = await getPeer(store, idOrSlug);
  const db = xdb(store);
  await db.updateTable('exchange_peers').set({ state: 'removed', removed_at: new Date().toISOString() }).where('id', '=', p.id).execute();
  await store.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).where('user_id', '=', p.userId).where('revoked_at', 'is', null).execute();
  return { ...p, state: 'removed' };
}

/** The active peer whose account this principal is (a request from another node), or null. */
export async function peerOfPrincipal(store: Store, p: Principal): Promise<Peer | null> {
  const r = await xdb(store).selectFrom('exchange_peers as p').innerJoin('organisations as o', 'o.id', 'p.org_id').selectAll('p').select('o.slug').where('p.user_id', '=', p.userId).where('p.state', '=', 'active').executeTakeFirst();
  return r ? peerOf(r, r.slug) : null;
}

/** Where the token a peer issued to us is sealed (a data key of its own, wrapped by the node's master key). */
const tokenAt = (peerId: string) => ({ recordId: peerId, field: 'peer-token', datasetId: 'exchange-peer-tokens', period: 'all' });

/** Seals the token a peer issued to us; nothing of it stays in clear in exchange_peers. */
async function sealPeerToken(store: Store, peerId: string, token: string): Promise<void> {
  await sealField(store, tokenAt(peerId), token);
  await xdb(store).updateTable('exchange_peers').set({ token: null, token_sealed: true }).where('id', '=', peerId).execute();
}

/** The token a peer issued to us, to call it (null when none was given, or its key was destroyed). */
export async function peerSecret(store: Store, peerId: string): Promise<string | null> {
  const r = await xdb(store).selectFrom('exchange_peers').select(['token', 'token_sealed']).where('id', '=', peerId).executeTakeFirst();
  if (!r) return null;
  if (r.token) {
    // Stored in clear before migration 0931: sealed now, on first use.
    await sealPeerToken(store, peerId, r.token);
    return r.token;
  }
  if (!r.token_sealed) return null;
  const o = await openField(store, peerId, 'peer-token');
  return o.state === 'ok' ? o.value.toString('utf8') : null;
}
