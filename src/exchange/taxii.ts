/**
 * The TAXII 2.1 service (OASIS TAXII 2.1 §4–5) over the exchange: discovery, one API root
 * (`tessera`), collections per agreement and direction, objects (GET with added_after, limit,
 * next, match[id|type|version|spec_version]; POST), one object, its versions, the manifest,
 * and status resources. HTTP plumbing (media types, headers, error resources) is in
 * src/server/routes/taxii.ts; this file decides nothing itself: reads go through `withAccess`,
 * incoming objects through the policy module's exchange decisions.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from '../identity/index.ts';
import { withAccess, type AgreementTerms } from '../policy/index.ts';
import { NotFoundError, TesseraError, AuthError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { findCollection, collectionsFor, type CollectionInfo } from './collections.ts';
import { decodeFeedCursor, encodeFeedCursor, readFeed, type FeedPage } from './feed.ts';
import { nodeOrgId, peerOfPrincipal } from './peers.ts';
import { applyAboutObjects, applyRecordObjects, quarantineEnvelope, type ApplyResult } from './receive.ts';
import { checkSignature, MAX_SKEW_MS, publicKeyFrom, type Signature } from './signing.ts';
import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE, recordIdOfStix } from './stix.ts';
import { ensureMirror, refreshMirrors } from './sync.ts';
import { parseJson, xdb } from './tables.ts';

export const MAX_CONTENT_LENGTH = 16 * 1024 * 1024;
const ID_RE = /^tessera-report--[0-9a-f-]{36}$/;

export const ObjectsQuery = z.looseObject({
  added_after: z.iso.datetime({ offset: true }).optional(),
  // 0 (sent by some clients when a page came back short) means the server's default.
  limit: z.coerce.number().int().min(0).max(10_000).default(1000).transform((v) => (v === 0 ? 1000 : v)),
  next: z.string().max(500).optional(),
  'match[id]': z.string().max(100_000).optional(),
  'match[type]': z.string().max(2000).optional(),
  'match[version]': z.string().max(2000).optional(),
  'match[spec_version]': z.string().max(200).optional(),
  purpose: z.string().max(100).optional(),
});
export type ObjectsQuery = z.input<typeof ObjectsQuery>;

function parseQuery(q: unknown): z.output<typeof ObjectsQuery> {
  const p = ObjectsQuery.safeParse(q);
  if (!p.success) {
    const i = p.error.issues[0];
    throw new TesseraError('invalid_query', `Query parameter ${String(i?.path[0] ?? '')}: ${i?.message ?? 'invalid'}.`, { status: 400, where: { field: String(i?.path[0] ?? '') } });
  }
  return p.data;
}
const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));

export function discovery(baseUrl: string): Record<string, unknown> {
  return { title: 'Tessera node (TAXII 2.1)', description: 'Records shared under data-sharing agreements between organisations fighting online child sexual exploitation: metadata, hashes and pseudonyms only.', default: `${baseUrl}/taxii2/tessera/`, api_roots: [`${baseUrl}/taxii2/tessera/`] };
}

export function apiRoot(): Record<string, unknown> {
  return { title: 'Tessera exchange', description: 'One collection per agreement and direction: records (provider to recipients) and feedback (back to the provider).', versions: [TAXII_MEDIA_TYPE], max_content_length: MAX_CONTENT_LENGTH };
}

function resource(c: CollectionInfo): Record<string, unknown> {
  return { id: c.id, title: c.title, description: c.description, alias: `${c.slug}-${c.direction}`, can_read: c.canRead, can_write: c.canWrite, media_types: [STIX_MEDIA_TYPE] };
}

export async function collections(store: Store, p: Principal): Promise<Record<string, unknown>> {
  const cs = await collectionsFor(store, p);
  return cs.length ? { collections: cs.map(resource) } : {};
}

async function collectionOr404(store: Store, p: Principal, id: string): Promise<CollectionInfo> {
  const c = await findCollection(store, p, id);
  if (!c) throw new NotFoundError('collection', id);
  return c;
}

export async function collection(store: Store, p: Principal, id: string): Promise<Record<string, unknown>> {
  return resource(await collectionOr404(store, p, id));
}

function purposeFor(terms: AgreementTerms, asked: string | undefined) {
  return (asked ?? terms.purposes[0] ?? null) as AgreementTerms['purposes'][number] | null;
}

export interface ObjectsPage {
  envelope: Record<string, unknown>;
  /** The envelope as JSON text, when it was built as text (object pages): send this. */
  text?: string;
  first: string | null;
  last: string | null;
}

async function page(store: Store, p: Principal, id: string, query: unknown, bodies: boolean, resourceName: string): Promise<{ c: CollectionInfo; page: FeedPage }> {
  const c = await collectionOr404(store, p, id);
  if (!c.canRead) throw new AuthError('forbidden', `Collection ${c.slug}-${c.direction} cannot be read by your organisation (can_read is false): ${c.role === 'feedback' ? 'it carries feedback to the provider' : 'the provider pushes into it'}.`);
  const q = parseQuery(query);
  const types = list(q['match[type]']);
  const specs = list(q['match[spec_version]']);
  const ids = list(q['match[id]']);
  const versions = list(q['match[version]']);
  const empty: FeedPage = { items: [], next: null, more: false };
  if ((types && !types.includes('tessera-report')) || (specs && !specs.includes('2.1'))) return { c, page: empty };
  if (ids && ids.some((i) => !ID_RE.test(i))) return { c, page: empty };
  const after = q.next ? decodeFeedCursor(c.id, q.next) : null;
  const result = await withAccess(store, p, { action: 'export', agreementId: c.agreementId, purpose: purposeFor(c.terms, q.purpose) as never, resource: resourceName, details: { collection: c.id, limit: q.limit, ...(q.added_after ? { addedAfter: q.added_after } : {}) } }, async (plan, tools) => {
    const pg = await readFeed(store, plan, tools, { after, limit: q.limit, addedAfter: q.added_after, recordIds: ids?.map(recordIdOfStix), bodies });
    return { result: pg, viewed: pg.items.map((i) => i.recordId) };
  });
  // Only the latest version is kept: "first", "last" and "all" are that one; a timestamp matches only it.
  if (versions) {
    const stamps = versions.filter((v) => !['first', 'last', 'all'].includes(v));
    if (stamps.length === versions.length) result.items = result.items.filter((i) => stamps.some((s) => Date.parse(s) === Date.parse(i.version)));
  }
  return { c, page: result };
}

export async function getObjects(store: Store, p: Principal, id: string, query: unknown): Promise<ObjectsPage> {
  const { c, page: pg } = await page(store, p, id, query, true, 'taxii.objects');
  const next = pg.next ? encodeFeedCursor(c.id, pg.next) : undefined;
  // The objects are serialised already: the envelope is written around them as text.
  const objectsJson = pg.items.length ? `[${pg.items.map((i) => i.json).join(',')}]` : null;
  const text = `{"more":${pg.more}${next ? `,"next":${JSON.stringify(next)}` : ''}${objectsJson ? `,"objects":${objectsJson}` : ''}}`;
  const env: Record<string, unknown> = { more: pg.more, ...(next ? { next } : {}) };
  if (objectsJson) Object.defineProperty(env, 'objects', { enumerable: true, get: () => JSON.parse(objectsJson) as unknown[] });
  return { envelope: env, text, first: pg.items[0]?.dateAdded ?? null, last: pg.items[pg.items.length - 1]?.dateAdded ?? null };
}

export async function manifest(store: Store, p: Principal, id: string, query: unknown): Promise<ObjectsPage> {
  const { c, page: pg } = await page(store, p, id, query, false, 'taxii.manifest');
  const env: Record<string, unknown> = { more: pg.more };
  if (pg.items.length) env.objects = pg.items.map((i) => ({ id: i.id, date_added: i.dateAdded, version: i.version, media_type: STIX_MEDIA_TYPE }));
  if (pg.next) env.next = encodeFeedCursor(c.id, pg.next);
  return { envelope: env, first: pg.items[0]?.dateAdded ?? null, last: pg.items[pg.items.length - 1]?.dateAdded ?? null };
}

export async function getObject(store: Store, p: Principal, id: string, objectId: string, query: unknown): Promise<ObjectsPage> {
  if (!ID_RE.test(objectId)) throw new NotFoundError('object', objectId);
  const q = { ...(query as Record<string, unknown>), 'match[id]': objectId };
  delete (q as Record<string, unknown>).next;
  const out = await getObjects(store, p, id, { ...q, limit: 10_000 });
  const objs = (out.envelope.objects as unknown[] | undefined) ?? [];
  // Every change of this record is scanned; the latest object is its one version.
  const latest = objs.slice(-1);
  if (latest.length === 0) throw new NotFoundError('object', objectId);
  return { envelope: { more: false, objects: latest }, first: out.last, last: out.last };
}

export async function versions(store: Store, p: Principal, id: string, objectId: string, query: unknown): Promise<ObjectsPage> {
  const o = await getObject(store, p, id, objectId, query);
  const obj = (o.envelope.objects as Array<{ modified: string }>)[0] as { modified: string };
  return { envelope: { more: false, versions: [obj.modified] }, first: o.first, last: o.last };
}

/**
 * POST objects: only a registered peer may add objects, with a signed envelope. Unsigned,
 * forged and replayed envelopes go to quarantine whole; each object is then checked on its own.
 */
export async function addObjects(store: Store, p: Principal, id: string, raw: string, sig: Partial<Signature>, path: string): Promise<Record<string, unknown>> {
  let found = await findCollection(store, p, id);
  if (!found) {
    // A provider's first push may name an agreement we have not yet seen: ask the provider.
    const sender = await peerOfPrincipal(store, p);
    if (sender) {
      await refreshMirrors(store, sender).catch(() => undefined);
      found = await findCollection(store, p, id);
    }
  }
  if (!found) throw new NotFoundError('collection', id);
  const c = found;
  if (!c.canWrite) throw new AuthError('forbidden', `Collection ${c.id} cannot be written by your organisation (can_write is false).`);
  const mine = await nodeOrgId(store);
  const source = `peer ${p.orgSlug} collection ${c.id}`;
  const peer = await peerOfPrincipal(store, p);
  if (!peer) {
    await quarantineEnvelope(store.db, mine, source, 'not_a_peer', `${p.orgSlug} posted objects without being a registered peer node; only peers' signed envelopes are accepted`, raw, { userId: p.userId });
    throw new AuthError('forbidden', 'Only a registered peer node may add objects, with a signed envelope; the envelope was quarantined.');
  }
  const problem = checkSignature(publicKeyFrom(peer.publicKey), 'request', 'POST', path, raw, sig);
  if (problem) {
    await quarantineEnvelope(store.db, mine, source, problem.code, problem.message, raw, { peerId: peer.id });
    throw new TesseraError(problem.code, `The envelope was refused and quarantined: ${problem.message}.`, { status: problem.code === 'unsigned' ? 401 : 403 });
  }
  // Nonces older than twice the allowed clock skew can go: a replay that old fails the date check.
  await xdb(store).deleteFrom('exchange_nonces').where('seen_at', '<', new Date(Date.now() - 2 * MAX_SKEW_MS)).execute();
  const fresh = await xdb(store).insertInto('exchange_nonces').values({ nonce: sig.nonce as string, peer_id: peer.id, seen_at: new Date().toISOString() }).onConflict((oc) => oc.column('nonce').doNothing()).executeTakeFirst();
  if (Number(fresh.numInsertedOrUpdatedRows ?? 0n) === 0) {
    await quarantineEnvelope(store.db, mine, source, 'replayed', 'this signed envelope (its nonce) was received before: a replay', raw, { peerId: peer.id });
    throw new TesseraError('replayed', 'The envelope was refused and quarantined: it was received before (same signed nonce), a replay.', { status: 409 });
  }
  let objects: unknown[];
  try {
    const env = JSON.parse(raw) as { objects?: unknown };
    if (!env || typeof env !== 'object' || !Array.isArray(env.objects)) throw new Error('expected {"objects": [...]}');
    objects = env.objects;
  } catch (e) {
    await quarantineEnvelope(store.db, mine, source, 'malformed_envelope', `the body is not a TAXII envelope: ${(e as Error).message}`, raw, { peerId: peer.id });
    throw new TesseraError('malformed_envelope', `The body is not a TAXII envelope (${(e as Error).message}); it was quarantined.`, { status: 400 });
  }
  const requested = new Date();
  const mirror = c.role === 'receive' ? await ensureMirror(store, peer, c.agreementId, 0) : null;
  const statusId = randomUUID();
  const res: ApplyResult = await store.db.transaction().execute(async (trx) => {
    const r = c.role === 'receive'
      ? await applyFromProvider(trx, { peerId: peer.id, peerOrgId: peer.orgId, receiverOrgId: mine, agreementId: c.agreementId, agreement: mirror, source }, objects)
      : await applyAboutObjects(trx, { peerId: peer.id, peerOrgId: peer.orgId, agreementId: c.agreementId, agreement: { slug: c.slug, storedState: c.state === 'revoked' ? 'revoked' : 'active', terms: c.terms }, source }, objects);
    const status = statusResource(statusId, requested, r);
    await xdb({ db: trx }).insertInto('exchange_status').values({ id: statusId, org_id: p.orgId, resource: JSON.stringify(status), created_at: requested.toISOString() }).execute();
    return r;
  });
  return statusResource(statusId, requested, res);
}

/** From the provider: records (tessera-report) and objects about them (referrals…), each checked its own way. */
async function applyFromProvider(trx: Parameters<typeof applyRecordObjects>[0], ctx: Parameters<typeof applyRecordObjects>[1], objects: unknown[]): Promise<ApplyResult> {
  const isReport = (o: unknown) => !!o && typeof o === 'object' && (o as { type?: unknown }).type === 'tessera-report' || !(o && typeof o === 'object' && typeof (o as { about_ref?: unknown }).about_ref === 'string');
  const reports = objects.filter(isReport);
  const about = objects.filter((o) => !isReport(o));
  const a = await applyRecordObjects(trx, ctx, reports);
  if (about.length === 0) return a;
  const b = await applyAboutObjects(trx, { peerId: ctx.peerId, peerOrgId: ctx.peerOrgId, agreementId: ctx.agreementId, agreement: ctx.agreement, source: ctx.source, toRecipientOrgId: ctx.receiverOrgId }, about);
  return { successes: [...a.successes, ...b.successes], failures: [...a.failures, ...b.failures], applied: a.applied + b.applied, quarantined: [...a.quarantined, ...b.quarantined] };
}

function statusResource(id: string, at: Date, r: ApplyResult): Record<string, unknown> {
  return {
    id, status: 'complete', request_timestamp: at.toISOString(), total_count: r.successes.length + r.failures.length,
    success_count: r.successes.length, successes: r.successes, failure_count: r.failures.length, failures: r.failures, pending_count: 0, pendings: [],
  };
}

export async function status(store: Store, p: Principal, statusId: string): Promise<Record<string, unknown>> {
  const r = await xdb(store).selectFrom('exchange_status').selectAll().where('id', '=', statusId).where('org_id', '=', p.orgId).executeTakeFirst();
  if (!r) throw new NotFoundError('status', statusId);
  return parseJson<Record<string, unknown>>(r.resource);
}

export const taxiiService = { discovery, apiRoot, collections, collection, getObjects, manifest, getObject, versions, addObjects, status };
