/**
 * The sync between nodes. Per peer: learn the agreements it holds that name us (mirrors, the
 * terms incoming objects are checked against); pull each `records` collection it serves us,
 * page by page, each page applied in one transaction together with the link's cursor (a crash
 * loses at most the page in flight, which is read again: nothing lost, nothing doubled); push
 * our own records to peers that asked for pushes (the cursor moves only after the peer has
 * acknowledged the page; a re-sent page is applied once); send the outbox (feedback and
 * other Tessera-extension objects) along lineage.
 */
import { localPrincipal, type Principal } from '../identity/index.ts';
import { listAgreements, withAccess, type AgreementView } from '../policy/index.ts';
import { TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { PeerClient, peerError } from './client.ts';
import { collectionId } from './collections.ts';
import { decodeFeedCursor, encodeFeedCursor, readFeed } from './feed.ts';
import { getPeer, listPeers, nodeOrgId, peerSecret, type Peer } from './peers.ts';
import { applyRecordObjects, mirroredOf, quarantineEnvelope } from './receive.ts';
import { nodeKey } from './signing.ts';
import { xdb } from './tables.ts';

export const API_ROOT_PATH = '/taxii2/tessera';

export interface LinkReport {
  peer: string;
  agreementId: string;
  slug: string;
  direction: 'pull' | 'push' | 'send';
  objects: number;
  rejected: number;
  pages: number;
  error: string | null;
}

export interface SyncOptions {
  /** Only this peer (id or organisation slug). */
  peer?: string | undefined;
  /** Objects per page (default: 5,000 pulled, 1,000 pushed). */
  pageSize?: number;
  /** Tests: throw after applying this many pages, inside the transaction (a crash mid-sync). */
  crashAfterPages?: number;
  /** Called after each page is committed (progress). */
  onPage?: (link: LinkReport) => void;
}

async function clientFor(store: Store, peer: Peer): Promise<PeerClient> {
  return new PeerClient({ id: peer.id, url: peer.url, publicKey: peer.publicKey, token: await peerSecret(store, peer.id) }, await nodeKey(store));
}

/** Fetches the agreements the peer holds that name us, and keeps their terms here. */
export async function refreshMirrors(store: Store, peer: Peer, client?: PeerClient): Promise<void> {
  const c = client ?? (await clientFor(store, peer));
  const mine = await nodeOrgId(store);
  const r = await c.get('/api/v1/agreements', false);
  if (r.status !== 200) throw new TesseraError('peer_refused', `Peer ${peer.orgSlug} did not list its agreements: ${peerError(r)}`, { status: 502 });
  const views = JSON.parse(r.text) as AgreementView[] | { items?: AgreementView[]; agreements?: AgreementView[] };
  const list = Array.isArray(views) ? views : (views.items ?? views.agreements ?? []);
  const db = xdb(store);
  const now = new Date().toISOString();
  for (const a of list) {
    if (a.terms.providerOrgId !== peer.orgId || !a.terms.recipients.some((x) => x.orgId === mine)) continue;
    const values = { peer_id: peer.id, slug: a.slug, provider_org_id: a.terms.providerOrgId, version_hash: a.versionHash, state: a.storedState, terms: JSON.stringify(a.terms), fetched_at: now };
    await db.insertInto('exchange_agreements').values({ id: a.id, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute();
  }
}

/** The peer's mirror of an agreement, refreshed when older than maxAgeMs (a push may name a new one). */
export async function ensureMirror(store: Store, peer: Peer, agreementId: string, maxAgeMs = 30_000) {
  const db = xdb(store);
  const read = () => db.selectFrom('exchange_agreements').selectAll().where('id', '=', agreementId).where('peer_id', '=', peer.id).executeTakeFirst();
  let row = await read();
  if (!row || Date.now() - new Date(row.fetched_at).getTime() > maxAgeMs) {
    try {
      await refreshMirrors(store, peer);
    } catch {
      // the peer may be unreachable: decide on what we have
    }
    row = await read();
  }
  return mirroredOf(row);
}

async function link(store: Store, peerId: string, agreementId: string, direction: 'pull' | 'push' | 'send') {
  const db = xdb(store);
  await db.insertInto('exchange_links').values({ peer_id: peerId, agreement_id: agreementId, direction, cursor: null, last_run_at: null, last_ok_at: null, last_object_at: null, last_error: null }).onConflict((oc) => oc.doNothing()).execute();
  return db.selectFrom('exchange_links').selectAll().where('peer_id', '=', peerId).where('agreement_id', '=', agreementId).where('direction', '=', direction).executeTakeFirstOrThrow();
}

async function linkFailed(store: Store, peerId: string, agreementId: string, direction: string, error: string) {
  await xdb(store).updateTable('exchange_links').set({ last_error: error.slice(0, 2000), last_run_at: new Date().toISOString() }).where('peer_id', '=', peerId).where('agreement_id', '=', agreementId).where('direction', '=', direction).execute();
}

interface Envelope {
  more?: boolean;
  next?: string;
  objects?: unknown[];
}

/** Pulls one agreement's records collection from a peer until it has nothing more. */
async function pull(store: Store, peer: Peer, client: PeerClient, mirror: { id: string; slug: string }, opts: SyncOptions, report: LinkReport, pagesSoFar: { n: number }): Promise<void> {
  const cid = collectionId(mirror.id, 'records');
  const mine = await nodeOrgId(store);
  // Large pages: the provider's access decision, audit event and signature are per page.
  const limit = opts.pageSize ?? 5000;
  const source = `peer ${peer.orgSlug} collection ${cid}`;
  const fetchPage = (cursor: string | null) => {
    const p = client.get(`${API_ROOT_PATH}/collections/${cid}/objects/?limit=${limit}${cursor ? `&next=${encodeURIComponent(cursor)}` : ''}`);
    p.catch(() => undefined); // awaited below; never left unhandled if this round stops early
    return p;
  };
  let cursor = (await link(store, peer.id, mirror.id, 'pull')).cursor;
  // The next page is requested while this one is applied (the provider serves while we write).
  let pending = fetchPage(cursor);
  for (;;) {
    const r = await pending;
    if (r.status !== 200) {
      report.error = peerError(r);
      await linkFailed(store, peer.id, mirror.id, 'pull', report.error);
      return;
    }
    if (r.signatureProblem) {
      await quarantineEnvelope(store.db, mine, source, r.signatureProblem.code, r.signatureProblem.message, r.text, { peerId: peer.id, agreementId: mirror.id });
      report.error = `${r.signatureProblem.code}: ${r.signatureProblem.message}`;
      report.rejected++;
      await linkFailed(store, peer.id, mirror.id, 'pull', report.error);
      return;
    }
    let env: Envelope;
    try {
      env = JSON.parse(r.text) as Envelope;
      if (typeof env !== 'object' || env === null || (env.objects !== undefined && !Array.isArray(env.objects))) throw new Error('not a TAXII envelope');
    } catch (e) {
      await quarantineEnvelope(store.db, mine, source, 'malformed_envelope', `the page is not a TAXII envelope: ${(e as Error).message}`, r.text, { peerId: peer.id });
      report.error = 'malformed_envelope';
      await linkFailed(store, peer.id, mirror.id, 'pull', report.error);
      return;
    }
    const objects = env.objects ?? [];
    const next = env.next ?? cursor;
    const more = env.more === true && !(objects.length === 0 && next === cursor);
    if (more) pending = fetchPage(next);
    const now = new Date();
    // The page and the cursor move together: both or neither.
    const res = await store.db.transaction().execute(async (trx) => {
      const m = mirroredOf(await xdb({ db: trx }).selectFrom('exchange_agreements').selectAll().where('id', '=', mirror.id).executeTakeFirst());
      const applied = await applyRecordObjects(trx, { peerId: peer.id, peerOrgId: peer.orgId, receiverOrgId: mine, agreementId: mirror.id, agreement: m, source, now }, objects);
      pagesSoFar.n++;
      if (opts.crashAfterPages !== undefined && pagesSoFar.n > opts.crashAfterPages) throw new Error('simulated crash in the middle of applying a page');
      await xdb({ db: trx }).updateTable('exchange_links').set((eb) => ({
        cursor: next ?? null, objects: eb('objects', '+', applied.applied), rejected: eb('rejected', '+', applied.failures.length), last_run_at: now.toISOString(), last_ok_at: now.toISOString(), last_error: null,
        ...(objects.length ? { last_object_at: now.toISOString() } : {}),
      })).where('peer_id', '=', peer.id).where('agreement_id', '=', mirror.id).where('direction', '=', 'pull').execute();
      return applied;
    });
    report.objects += res.applied;
    report.rejected += res.failures.length;
    report.pages++;
    opts.onPage?.(report);
    if (!more) return;
    cursor = next;
  }
}

/** Pushes our records under one agreement to a peer that is its recipient. */
async function push(store: Store, peer: Peer, client: PeerClient, a: AgreementView, as: Principal, opts: SyncOptions, report: LinkReport): Promise<void> {
  const cid = collectionId(a.id, 'records');
  const limit = opts.pageSize ?? 1000;
  for (;;) {
    const l = await link(store, peer.id, a.id, 'push');
    const after = l.cursor ? decodeFeedCursor(cid, l.cursor) : null;
    const page = await withAccess(store, as, { action: 'export', agreementId: a.id, purpose: a.terms.purposes[0] ?? null, resource: 'exchange.push', details: { peer: peer.id } }, async (plan, tools) => {
      const p = await readFeed(store, plan, tools, { after, limit });
      return { result: p, viewed: p.items.map((i) => i.recordId) };
    });
    if (!page.next || (page.items.length === 0 && !page.more)) {
      if (page.next && l.cursor !== encodeFeedCursor(cid, page.next)) await xdb(store).updateTable('exchange_links').set({ cursor: encodeFeedCursor(cid, page.next), last_run_at: new Date().toISOString() }).where('peer_id', '=', peer.id).where('agreement_id', '=', a.id).where('direction', '=', 'push').execute();
      return;
    }
    if (page.items.length) {
      const r = await client.postText(`${API_ROOT_PATH}/collections/${cid}/objects/`, `{"objects":[${page.items.map((i) => i.json).join(',')}]}`);
      if (r.status !== 202) {
        report.error = peerError(r);
        await linkFailed(store, peer.id, a.id, 'push', report.error);
        return;
      }
      const status = JSON.parse(r.text) as { success_count?: number; failure_count?: number };
      report.objects += status.success_count ?? 0;
      report.rejected += status.failure_count ?? 0;
    }
    const now = new Date().toISOString();
    await xdb(store).updateTable('exchange_links').set((eb) => ({
      cursor: encodeFeedCursor(cid, page.next as NonNullable<typeof page.next>), objects: eb('objects', '+', page.items.length), last_run_at: now, last_ok_at: now, last_error: null, ...(page.items.length ? { last_object_at: now } : {}),
    })).where('peer_id', '=', peer.id).where('agreement_id', '=', a.id).where('direction', '=', 'push').execute();
    report.pages++;
    opts.onPage?.(report);
    if (!page.more) return;
  }
}

/** Sends pending outbox objects (feedback…) to a peer, per agreement, oldest first. */
async function send(store: Store, peer: Peer, client: PeerClient, reports: LinkReport[]): Promise<void> {
  const db = xdb(store);
  for (;;) {
    const pending = await db.selectFrom('exchange_outbox').selectAll().where('peer_id', '=', peer.id).where('sent_at', 'is', null).orderBy('seq').limit(500).execute();
    if (pending.length === 0) return;
    const agreementId = pending[0]?.agreement_id as string;
    const batch = pending.filter((p) => p.agreement_id === agreementId);
    let rep = reports.find((x) => x.agreementId === agreementId && x.direction === 'send');
    if (!rep) reports.push((rep = { peer: peer.orgSlug, agreementId, slug: agreementId, direction: 'send', objects: 0, rejected: 0, pages: 0, error: null }));
    await link(store, peer.id, agreementId, 'send');
    // To a recipient (we are the agreement's provider): its records collection; to the source: the feedback collection.
    const provided = await db.selectFrom('agreements').select('provider_org_id').where('id', '=', agreementId).executeTakeFirst();
    const toRecipient = provided !== undefined && provided.provider_org_id !== peer.orgId;
    const r = await client.post(`${API_ROOT_PATH}/collections/${collectionId(agreementId, toRecipient ? 'records' : 'feedback')}/objects/`, { objects: batch.map((b) => (typeof b.object === 'string' ? JSON.parse(b.object) : b.object)) });
    if (r.status !== 202) {
      rep.error = peerError(r);
      await linkFailed(store, peer.id, agreementId, 'send', rep.error);
      return;
    }
    const status = JSON.parse(r.text) as { success_count?: number; failure_count?: number };
    const now = new Date().toISOString();
    await db.updateTable('exchange_outbox').set({ sent_at: now }).where('id', 'in', batch.map((b) => b.id)).execute();
    await db.updateTable('exchange_links').set((eb) => ({ objects: eb('objects', '+', status.success_count ?? 0), rejected: eb('rejected', '+', status.failure_count ?? 0), last_run_at: now, last_ok_at: now, last_object_at: now, last_error: null }))
      .where('peer_id', '=', peer.id).where('agreement_id', '=', agreementId).where('direction', '=', 'send').execute();
    rep.objects += status.success_count ?? 0;
    rep.rejected += status.failure_count ?? 0;
    rep.pages++;
  }
}

const peerEmail = (slug: string) => `tessera-node@${slug}.peer.invalid`;

/** One round with every active peer (or one): pull, push, send. Never throws for one peer's trouble. */
export async function syncOnce(store: Store, opts: SyncOptions = {}): Promise<LinkReport[]> {
  const peers = opts.peer ? [await getPeer(store, opts.peer)] : await listPeers(store);
  const reports: LinkReport[] = [];
  const pages = { n: 0 };
  for (const peer of peers) {
    if (peer.state !== 'active') continue;
    let client: PeerClient;
    try {
      client = await clientFor(store, peer);
      await refreshMirrors(store, peer, client);
    } catch (e) {
      reports.push({ peer: peer.orgSlug, agreementId: '-', slug: '-', direction: 'pull', objects: 0, rejected: 0, pages: 0, error: (e as Error).message });
      continue;
    }
    const mirrors = await xdb(store).selectFrom('exchange_agreements').select(['id', 'slug', 'state']).where('peer_id', '=', peer.id).orderBy('slug').execute();
    for (const m of mirrors) {
      if (m.state === 'draft') continue;
      const rep: LinkReport = { peer: peer.orgSlug, agreementId: m.id, slug: m.slug, direction: 'pull', objects: 0, rejected: 0, pages: 0, error: null };
      reports.push(rep);
      try {
        await pull(store, peer, client, m, opts, rep, pages);
      } catch (e) {
        if ((e as Error).message.startsWith('simulated crash')) throw e;
        rep.error = (e as Error).message;
        await linkFailed(store, peer.id, m.id, 'pull', rep.error).catch(() => {});
      }
    }
    if (peer.pushRecords) {
      const as = await localPrincipal(store, peerEmail(peer.orgSlug));
      for (const a of await listAgreements(store, as)) {
        if (a.state !== 'active' || !a.terms.recipients.some((r) => r.orgId === peer.orgId)) continue;
        const rep: LinkReport = { peer: peer.orgSlug, agreementId: a.id, slug: a.slug, direction: 'push', objects: 0, rejected: 0, pages: 0, error: null };
        reports.push(rep);
        try {
          await push(store, peer, client, a, as, opts, rep);
        } catch (e) {
          rep.error = (e as Error).message;
          await linkFailed(store, peer.id, a.id, 'push', rep.error).catch(() => {});
        }
      }
    }
    try {
      await send(store, peer, client, reports);
    } catch (e) {
      reports.push({ peer: peer.orgSlug, agreementId: '-', slug: '-', direction: 'send', objects: 0, rejected: 0, pages: 0, error: (e as Error).message });
    }
  }
  return reports;
}

export interface SyncLoop {
  stop(): Promise<void>;
  /** The last round's reports and when it ran. */
  last(): { at: string | null; reports: LinkReport[]; error: string | null };
}

const loops = new WeakMap<object, SyncLoop>();

/** Runs `syncOnce` every intervalMs until stopped (the background loop of `tessera serve`). */
export function startSyncLoop(store: Store, opts: SyncOptions & { intervalMs: number }): SyncLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let last: ReturnType<SyncLoop['last']> = { at: null, reports: [], error: null };
  const tick = () => {
    if (stopped) return;
    running = syncOnce(store, opts)
      .then((reports) => { last = { at: new Date().toISOString(), reports, error: null }; })
      .catch((e: unknown) => { last = { at: new Date().toISOString(), reports: [], error: (e as Error).message }; })
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, opts.intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  const loop: SyncLoop = {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
      loops.delete(store);
    },
    last: () => last,
  };
  loops.set(store, loop);
  return loop;
}

/** The background loop running on this store, if any (for the status route). */
export function syncLoopOf(store: Store): SyncLoop | null {
  return loops.get(store) ?? null;
}
