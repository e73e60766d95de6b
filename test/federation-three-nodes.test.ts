import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeer, collectionId, listFeedback, listReceived, nodeKey, onInbound, selfCard, sendFeedback, sendToRecipient, syncOnce, exchangeFlows, type ReceivedCopy } from '../src/exchange/index.ts';
import { signBody, signatureHeaders, type NodeKey } from '../src/exchange/signing.ts';
import { issueToken, localPrincipal, upsertUser, type Principal } from '../src/identity/index.ts';
import { acceptAgreement, draftAgreement, revokeAgreement, runRetention } from '../src/policy/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { buildApp } from '../src/server/app.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { openTestStore } from './support/databases.ts';
import { seedReports } from './support/fixtures.ts';
import pg from 'pg';

const DIALECTS = (process.env.DIALECTS ?? 'pglite,postgres').split(',').map((x) => x.trim());
async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('PostgreSQL is required (CI=true) but unreachable');
    process.stderr.write('federation tests: PostgreSQL unreachable, its variant is SKIPPED\n');
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}
const KINDS = [...(DIALECTS.includes('pglite') ? ['pglite' as const] : []), ...(DIALECTS.includes('postgres') && (await postgresReachable()) ? ['postgres' as const] : [])];

/**
 * Three nodes on loopback, each with its own embedded store in a temp dir and its own HTTP
 * server on an ephemeral port: a hotline (provider), a platform and a research NGO, sharing
 * under two agreements with different datasets and field rules.
 */
interface Node {
  slug: string;
  store: Store;
  app: FastifyInstance;
  url: string;
  orgId: string;
  datasets: Record<string, string>;
  admin: Principal;
  steward: Principal;
  analyst: Principal;
  analystToken: string;
  dir: string;
  close(): Promise<void>;
}

async function startNode(db: 'pglite' | 'postgres', slug: string, kind: 'hotline' | 'platform' | 'research', cc: string, datasets: string[]): Promise<Node> {
  const dir = mkdtempSync(join(tmpdir(), `tessera-fed-${slug}-`));
  // Each node its own store: an embedded one in a temp dir, or its own scratch PostgreSQL database.
  const opened = db === 'pglite' ? await openStore({ dataDir: dir }).then((st) => ({ store: st, close: () => st.close() })) : await openTestStore('postgres');
  const store = opened.store;
  const org = await registerOrganisation(store, { slug, name: `${slug} (synthetic)`, kind, jurisdiction: cc, languages: ['en'] });
  await store.db.insertInto('node_settings').values({ key: 'node.organisation', value: JSON.stringify(org.id) }).execute();
  const ds: Record<string, string> = {};
  for (const d of datasets) ds[d] = (await registerDatasetAsNode(store, { ownerOrgId: org.id, slug: d, name: d, recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' })).id;
  const people: Record<string, Principal> = {};
  let analystToken = '';
  for (const role of ['admin', 'steward', 'analyst'] as const) {
    const u = await upsertUser(store, { orgId: org.id, name: `${slug} ${role}`, email: `${role}@${slug}.example`, roles: [role], dataProtectionTrainedAt: new Date().toISOString() });
    people[role] = await localPrincipal(store, u.email);
    if (role === 'analyst') analystToken = (await issueToken(store, u.id)).token;
  }
  const app = await buildApp({ store, nodeName: slug });
  const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1');
  return { slug, store, app, url, orgId: org.id, datasets: ds, admin: people.admin as Principal, steward: people.steward as Principal, analyst: people.analyst as Principal, analystToken, dir, close: opened.close };
}

/** Registers each node as the other's peer, exchanging cards and tokens as operators would. */
async function peer(a: Node, b: Node, opts: { aPushesToB?: boolean } = {}): Promise<{ tokenForA: string; tokenForB: string }> {
  const cardA = await selfCard(a.store, a.url);
  const cardB = await selfCard(b.store, b.url);
  const onA = await addPeer(a.store, a.admin, { card: cardB, pushRecords: opts.aPushesToB ?? false });
  const onB = await addPeer(b.store, b.admin, { card: cardA });
  await addPeer(a.store, a.admin, { card: cardB, token: onB.tokenForPeer as string });
  await addPeer(b.store, b.admin, { card: cardA, token: onA.tokenForPeer as string });
  return { tokenForA: onB.tokenForPeer as string, tokenForB: onA.tokenForPeer as string };
}

/** The provider drafts; both parties accept (the recipient's steward has an account on the provider's node). */
async function agree(provider: Node, recipient: Node, slug: string, datasets: string[], fields: Record<string, string>): Promise<string> {
  const a = await draftAgreement(provider.store, provider.steward, {
    slug, title: `${slug} (synthetic)`, recipients: [{ orgId: recipient.orgId }], purposes: ['content-removal'], legalBasis: 'legitimate-interest',
    datasetIds: datasets.map((d) => provider.datasets[d] as string), actions: ['read', 'export'], fields: fields as never,
    validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
  });
  await acceptAgreement(provider.store, provider.steward, a.id, a.versionHash);
  const u = await upsertUser(provider.store, { orgId: recipient.orgId, name: `${recipient.slug} steward`, email: `steward@${recipient.slug}.example`, roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
  await acceptAgreement(provider.store, await localPrincipal(provider.store, u.email), a.id, a.versionHash);
  return a.id;
}

const ids = (xs: ReceivedCopy[]) => xs.map((x) => x.recordId).sort();
const ALWAYS = ['datasetId', 'id', 'lineage', 'sourceOrgId'];

for (const DB of KINDS) describe(`federation: three nodes on loopback [${DB}]`, () => {
  let A: Node, B: Node, C: Node;
  let X = '', Y = '';
  let tokens: { tokenForA: string; tokenForB: string };
  let tokensC: { tokenForA: string; tokenForB: string };
  const shared1: string[] = [];
  const shared2: string[] = [];

  beforeAll(async () => {
    A = await startNode(DB, 'fed-hotline', 'hotline', 'NL', ['tips', 'research-only', 'old']);
    B = await startNode(DB, 'fed-platform', 'platform', 'US', ['own']);
    C = await startNode(DB, 'fed-research', 'research', 'DE', ['own']);
    tokens = await peer(A, B);
    tokensC = await peer(A, C);
    // X: tips to the platform, for removal: references and signals only as pseudonyms, no children.
    X = await agree(A, B, 'fed-hotline-to-platform', ['tips', 'old'], { sourceRef: 'pseudonymised', kind: 'visible', reportedAt: 'visible', country: 'visible', contentItems: 'visible', signals: 'pseudonymised' });
    // Y: tips and research-only to the NGO: country and kind only.
    Y = await agree(A, C, 'fed-hotline-to-research', ['tips', 'research-only'], { country: 'visible', kind: 'visible' });
    shared1.push(...(await seedReports(A.store, A.orgId, A.datasets.tips as string, 6, 'TIP')).map((b) => b.report.id));
    shared2.push(...(await seedReports(A.store, A.orgId, A.datasets['research-only'] as string, 4, 'RES')).map((b) => b.report.id));
  }, 300_000);

  afterAll(async () => {
    for (const n of [A, B, C]) {
      if (!n) continue;
      await n.app.close();
      await n.close();
      rmSync(n.dir, { recursive: true, force: true });
    }
  });

  it('a record reaches exactly the nodes whose agreement allows it, with exactly the allowed fields', async () => {
    const rb = await syncOnce(B.store);
    expect(rb.filter((r) => r.error), JSON.stringify(rb)).toEqual([]);
    await syncOnce(C.store);
    const atB = await listReceived(B.store, B.analyst);
    const atC = await listReceived(C.store, C.analyst);
    expect(ids(atB)).toEqual([...shared1].sort());
    expect(ids(atC)).toEqual([...shared1, ...shared2].sort());
    for (const c of atB) {
      expect(Object.keys(c.record).sort()).toEqual([...ALWAYS, 'contentItems', 'country', 'kind', 'reportedAt', 'signals', 'sourceRef'].sort());
      expect(String(c.record.sourceRef)).toMatch(/^pseu_/);
      for (const s of c.record.signals as Array<{ value: string }>) expect(s.value).toMatch(/^pseu_/);
      expect(JSON.stringify(c.record)).not.toMatch(/TIP-\d|children|subjects/);
    }
    for (const c of atC) expect(Object.keys(c.record).sort()).toEqual([...ALWAYS, 'country', 'kind'].sort());
    // Lineage gets one hop, naming the receiver and the agreement.
    const hops = (atB[0]?.record.lineage as { hops: Array<{ orgId: string; agreementId: string }> }).hops;
    expect(hops).toHaveLength(1);
    expect(hops[0]).toMatchObject({ orgId: B.orgId, agreementId: X });
    expect(await listReceived(A.store, A.analyst)).toEqual([]);
    // A second sync brings nothing new and doubles nothing.
    await syncOnce(B.store);
    expect(ids(await listReceived(B.store, B.analyst))).toEqual([...shared1].sort());
  }, 60_000);

  it('serves TAXII 2.1 to a client that follows only the specification', async () => {
    const h = { authorization: `Bearer ${tokens.tokenForB}`, accept: 'application/taxii+json;version=2.1' };
    const disc = await fetch(`${A.url}/taxii2/`, { headers: h });
    expect(disc.status).toBe(200);
    expect(disc.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
    const root = ((await disc.json()) as { api_roots: string[] }).api_roots[0] as string;
    const info = (await (await fetch(root, { headers: h })).json()) as { versions: string[] };
    expect(info.versions).toEqual(['application/taxii+json;version=2.1']);
    const cols = (await (await fetch(`${root}collections/`, { headers: h })).json()) as { collections: Array<{ id: string; can_read: boolean; media_types: string[] }> };
    const readable = cols.collections.filter((c) => c.can_read);
    expect(readable.map((c) => c.id)).toEqual([collectionId(X, 'records')]);
    // Page through with limit and next until more is false.
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    for (;;) {
      const r = await fetch(`${root}collections/${readable[0]?.id}/objects/?limit=4${next ? `&next=${encodeURIComponent(next)}` : ''}`, { headers: h });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
      const env = (await r.json()) as { more: boolean; next?: string; objects?: Array<{ id: string; type: string; spec_version: string }> };
      if (env.objects?.length) {
        expect(r.headers.get('x-taxii-date-added-first')).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(r.headers.get('x-taxii-date-added-last')).toMatch(/^\d{4}-\d\d-\d\dT/);
      }
      for (const o of env.objects ?? []) {
        expect(o.type).toBe('tessera-report');
        expect(o.spec_version).toBe('2.1');
        seen.push(o.id);
      }
      pages++;
      if (!env.more) break;
      next = env.next;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.map((s) => s.replace('tessera-report--', 'report--')).sort()).toEqual([...shared1].sort());
    const one = await fetch(`${root}collections/${readable[0]?.id}/objects/${seen[0]}/versions/`, { headers: h });
    expect(((await one.json()) as { versions: string[] }).versions).toHaveLength(1);
    const man = (await (await fetch(`${root}collections/${readable[0]?.id}/manifest/?limit=100`, { headers: h })).json()) as { objects: Array<{ media_type: string }> };
    expect(man.objects).toHaveLength(shared1.length);
    expect(man.objects[0]?.media_type).toBe('application/stix+json;version=2.1');
    const byType = (await (await fetch(`${root}collections/${readable[0]?.id}/objects/?match[type]=indicator`, { headers: h })).json()) as { objects?: unknown[] };
    expect(byType.objects).toBeUndefined();
    const bad = await fetch(`${root}collections/${readable[0]?.id}/objects/`, { headers: { ...h, accept: 'text/html' } });
    expect(bad.status).toBe(406);
    const nf = await fetch(`${root}collections/00000000-0000-4000-8000-000000000000/`, { headers: h });
    expect(nf.status).toBe(404);
    expect(await nf.json()).toMatchObject({ title: 'Not found', http_status: '404' });
    // Another recipient's node cannot read this agreement's collection, nor learn what is in it.
    const hc = { ...h, authorization: `Bearer ${tokensC.tokenForB}` };
    const other = await fetch(`${root}collections/${collectionId(X, 'records')}/objects/`, { headers: hc });
    expect(other.status).toBe(404);
    const otherBody = await other.text();
    for (const id of shared1) expect(otherBody).not.toContain(id.slice(8));
    const cCols = (await (await fetch(`${root}collections/`, { headers: hc })).json()) as { collections: Array<{ id: string }> };
    expect(cCols.collections.map((c) => c.id)).not.toContain(collectionId(X, 'records'));
    const anon = await fetch(`${root}collections/`, { headers: { accept: h.accept } });
    expect(anon.status).toBe(401);
  }, 60_000);

  it('feedback returns to the source, attributed unless anonymous', async () => {
    const [r1, r2] = [...shared1].sort();
    await sendFeedback(B.store, B.analyst, { recordId: r1 as string, outcome: 'content-removed', note: 'removed within 2 hours' });
    await sendFeedback(B.store, B.analyst, { recordId: r2 as string, outcome: 'false-positive', anonymous: true });
    await syncOnce(B.store);
    const fb = await listFeedback(A.store, A.analyst);
    expect(fb.map((f) => [f.recordId, f.outcome, f.fromOrgId]).sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([[r1, 'content-removed', B.orgId], [r2, 'false-positive', null]]);
    await syncOnce(B.store);
    expect(await listFeedback(A.store, A.analyst)).toHaveLength(2);
  }, 60_000);

  it('carries a Tessera-extension object from the provider to a recipient (referrals), checked on arrival', async () => {
    const seen: Array<{ fromOrgId: string | null; aboutRecordId: string; service: unknown }> = [];
    onInbound('tessera-referral', async (_db, object, meta) => {
      seen.push({ fromOrgId: meta.fromOrgId, aboutRecordId: meta.aboutRecordId, service: object.service });
    });
    const rec = [...shared1].sort()[0] as string;
    const sent = await sendToRecipient(A.store, A.analyst, { recordId: rec, agreementId: X, type: 'tessera-referral', body: { service: 'takedown-desk' } });
    expect(sent).toHaveLength(1);
    await expect(sendToRecipient(A.store, A.analyst, { recordId: shared2[0] as string, agreementId: X, type: 'tessera-referral', body: {} })).rejects.toThrow(/not found|record shared under agreement/i);
    await syncOnce(A.store, { peer: 'fed-platform' });
    expect(seen.filter((x) => x.aboutRecordId === rec)).toEqual([{ fromOrgId: A.orgId, aboutRecordId: rec, service: 'takedown-desk' }]);
    expect((await listFeedback(B.store, B.analyst, { type: 'tessera-referral' })).map((f) => f.recordId)).toEqual([rec]);
  }, 60_000);

  it('a crash in the middle of applying a page loses nothing and doubles nothing', async () => {
    const more = (await seedReports(A.store, A.orgId, A.datasets.tips as string, 30, 'CRASH')).map((b) => b.report.id);
    await expect(syncOnce(B.store, { pageSize: 7, crashAfterPages: 2 })).rejects.toThrow(/simulated crash/);
    const mid = await listReceived(B.store, B.analyst);
    expect(mid.length).toBeGreaterThan(shared1.length);
    expect(mid.length).toBeLessThan(shared1.length + 30);
    await syncOnce(B.store, { pageSize: 7 });
    const after = await listReceived(B.store, B.analyst);
    expect(ids(after)).toEqual([...shared1, ...more].sort());
    for (const c of after) expect((c.record.lineage as { hops: unknown[] }).hops).toHaveLength(1);
    shared1.push(...more);
  }, 60_000);

  it('a tombstone removes the record downstream', async () => {
    const old = (await seedReports(A.store, A.orgId, A.datasets.old as string, 3, 'OLD')).map((b) => b.report.id);
    await syncOnce(B.store);
    expect(ids(await listReceived(B.store, B.analyst))).toEqual(expect.arrayContaining(old));
    await A.store.db.updateTable('datasets').set({ retention_days: 30 }).where('id', '=', A.datasets.old as string).execute();
    const ret = await runRetention(A.store, { dryRun: false, orgId: A.orgId });
    expect(ret.totals.tombstones).toBe(3);
    await syncOnce(B.store);
    const left = ids(await listReceived(B.store, B.analyst));
    for (const id of old) expect(left).not.toContain(id);
    expect(left).toEqual([...shared1].sort());
  }, 60_000);

  it('pushes new records to a peer that asked for pushes', async () => {
    await addPeer(A.store, A.admin, { card: await selfCard(B.store, B.url), pushRecords: true });
    const fresh = (await seedReports(A.store, A.orgId, A.datasets.tips as string, 2, 'PUSH')).map((b) => b.report.id);
    const r = await syncOnce(A.store, { peer: 'fed-platform' });
    // The first push starts at the beginning of the collection: everything the agreement lets B have.
    const pushed = r.filter((x) => x.direction === 'push');
    expect(pushed.map((x) => x.error)).toEqual([null]);
    expect(pushed[0]?.objects).toBeGreaterThanOrEqual(2);
    expect(ids(await listReceived(B.store, B.analyst))).toEqual(expect.arrayContaining(fresh));
    shared1.push(...fresh);
    const flows = await exchangeFlows(A.store, A.analyst);
    expect(flows.find((f) => f.direction === 'push' && f.peerSlug === 'fed-platform')).toMatchObject({ agreementId: X, lastError: null });
    await addPeer(A.store, A.admin, { card: await selfCard(B.store, B.url), pushRecords: false });
  }, 60_000);

  it('rejects unsigned, forged, replayed and out-of-agreement envelopes into quarantine', async () => {
    const url = `${B.url}/taxii2/tessera/collections/${collectionId(X, 'records')}/objects/`;
    const path = new URL(url).pathname;
    const keyA: NodeKey = await nodeKey(A.store);
    const h = { authorization: `Bearer ${tokens.tokenForA}`, 'content-type': 'application/taxii+json;version=2.1', accept: 'application/taxii+json;version=2.1' };
    const some = (await listReceived(B.store, B.analyst))[0] as ReceivedCopy;
    const obj = { type: 'tessera-report', spec_version: '2.1', id: some.recordId.replace('report--', 'tessera-report--'), created: '2026-01-01T00:00:00.000Z', modified: new Date(Date.now() + 60_000).toISOString(), agreement_ref: X, record: { ...some.record, children: [{ age: { min: 9, max: 11 } }] } };
    const body = JSON.stringify({ objects: [obj] });
    const post = (headers: Record<string, string>, b = body) => fetch(url, { method: 'POST', headers: { ...h, ...headers }, body: b });
    const unsigned = await post({});
    expect(unsigned.status).toBe(401);
    const other = generateKeyPairSync('ed25519');
    const forgedKey: NodeKey = { keyId: keyA.keyId, privateKey: other.privateKey, publicKey: other.publicKey, publicKeySpki: '' };
    const forged = await post(signatureHeaders(signBody(forgedKey, 'request', 'POST', path, body, 'nonce-forged-0001')));
    expect(forged.status).toBe(403);
    const tampered = await post(signatureHeaders(signBody(keyA, 'request', 'POST', path, body, 'nonce-tamper-0001')), body.replace('"2.1"', '"2.1" '));
    expect(tampered.status).toBe(403);
    const sig = signatureHeaders(signBody(keyA, 'request', 'POST', path, body, 'nonce-replay-0001'));
    const first = await post(sig);
    expect(first.status).toBe(202);
    const status = (await first.json()) as { failure_count: number; failures: Array<{ message: string }>; id: string };
    expect(status.failure_count).toBe(1);
    expect(status.failures[0]?.message).toMatch(/out_of_agreement: .*children/);
    const again = await post(sig);
    expect(again.status).toBe(409);
    const q = await B.store.db.selectFrom('ingest_quarantine' as never).select(['code' as never, 'format' as never]).where('format' as never, '=', 'taxii' as never).execute() as Array<{ code: string }>;
    expect(q.map((x) => x.code).sort()).toEqual(['forged_signature', 'out_of_agreement', 'replayed', 'unsigned', 'forged_signature'].sort());
    // The record kept its agreed fields.
    const kept = (await listReceived(B.store, B.analyst, { recordId: some.recordId }))[0] as ReceivedCopy;
    expect(kept.record.children).toBeUndefined();
  }, 60_000);

  it('a revoked agreement stops the flow', async () => {
    await revokeAgreement(A.store, A.steward, X, 'pilot finished');
    const late = (await seedReports(A.store, A.orgId, A.datasets.tips as string, 2, 'LATE')).map((b) => b.report.id);
    const r = await syncOnce(B.store);
    expect(r.find((x) => x.agreementId === X)?.error).toMatch(/revoked/);
    const atB = ids(await listReceived(B.store, B.analyst));
    for (const id of late) expect(atB).not.toContain(id);
    await syncOnce(C.store);
    expect(ids(await listReceived(C.store, C.analyst))).toEqual(expect.arrayContaining(late));
    void Y;
  }, 60_000);
});
