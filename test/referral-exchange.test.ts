import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeer, listFeedback, listReceived, selfCard, syncOnce } from '../src/exchange/index.ts';
import { localPrincipal, upsertUser, type Principal } from '../src/identity/index.ts';
import { acceptAgreement, draftAgreement, recordConsent } from '../src/policy/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { createReferral, getReferral, listOutcomes, recordOutcome, updateReferral, upsertService } from '../src/referral/index.ts';
import { buildApp } from '../src/server/app.ts';
import type { TesseraError } from '../src/shared/errors.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { seedReports } from './support/fixtures.ts';

/**
 * Two real nodes (own embedded stores, own HTTP servers on ephemeral ports, peers with signed
 * envelopes): a hotline shares reports with a platform under an agreement; the platform's
 * outcomes travel back through the exchange and land at the hotline attributed to it.
 */
interface Node {
  store: Store;
  app: FastifyInstance;
  url: string;
  orgId: string;
  datasetId: string;
  admin: Principal;
  steward: Principal;
  analyst: Principal;
  dir: string;
}

async function startNode(slug: string, kind: 'hotline' | 'platform', cc: string): Promise<Node> {
  const dir = mkdtempSync(join(tmpdir(), `tessera-refx-${slug}-`));
  const store = await openStore({ dataDir: dir });
  const org = await registerOrganisation(store, { slug, name: `${slug} (synthetic)`, kind, jurisdiction: cc, languages: ['en'] });
  await store.db.insertInto('node_settings').values({ key: 'node.organisation', value: JSON.stringify(org.id) }).execute();
  const ds = await registerDatasetAsNode(store, { ownerOrgId: org.id, slug: 'tips', name: 'tips', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
  const people: Record<string, Principal> = {};
  for (const role of ['admin', 'steward', 'analyst'] as const) {
    const u = await upsertUser(store, { orgId: org.id, name: `${slug} ${role}`, email: `${role}@${slug}.example`, roles: [role], dataProtectionTrainedAt: new Date().toISOString() });
    people[role] = await localPrincipal(store, u.email);
  }
  const app = await buildApp({ store, nodeName: slug });
  const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1');
  return { store, app, url, orgId: org.id, datasetId: ds.id, admin: people.admin as Principal, steward: people.steward as Principal, analyst: people.analyst as Principal, dir };
}

const fails = async (p: Promise<unknown>): Promise<TesseraError> => {
  try {
    await p;
  } catch (e) {
    return e as TesseraError;
  }
  throw new Error('expected a failure');
};

describe('outcomes return to the source through the exchange (two nodes over HTTP)', () => {
  let A: Node;
  let B: Node;
  const shared: Array<{ id: string; child: string }> = [];

  beforeAll(async () => {
    A = await startNode('refx-hotline', 'hotline', 'NL');
    B = await startNode('refx-platform', 'platform', 'US');
    const cardA = await selfCard(A.store, A.url);
    const cardB = await selfCard(B.store, B.url);
    const onA = await addPeer(A.store, A.admin, { card: cardB });
    const onB = await addPeer(B.store, B.admin, { card: cardA });
    await addPeer(A.store, A.admin, { card: cardB, token: onB.tokenForPeer as string });
    await addPeer(B.store, B.admin, { card: cardA, token: onA.tokenForPeer as string });
    const a = await draftAgreement(A.store, A.steward, {
      slug: 'refx-removal', title: 'Removal partners (synthetic)', recipients: [{ orgId: B.orgId }], purposes: ['content-removal'], legalBasis: 'legitimate-interest', datasetIds: [A.datasetId],
      actions: ['read', 'export'], fields: { kind: 'visible', reportedAt: 'visible', country: 'visible' }, duties: ['report-outcomes', 'attribute-source'],
      validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
    });
    await acceptAgreement(A.store, A.steward, a.id, a.versionHash);
    const u = await upsertUser(A.store, { orgId: B.orgId, name: 'platform steward', email: 'steward@refx-platform.example', roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
    await acceptAgreement(A.store, await localPrincipal(A.store, u.email), a.id, a.versionHash);
    shared.push(...(await seedReports(A.store, A.orgId, A.datasetId, 3, 'RX')).map((b) => ({ id: b.report.id, child: b.children?.[0]?.id as string })));
    const s = await syncOnce(B.store);
    expect(s.filter((r) => r.error), JSON.stringify(s)).toEqual([]);
  }, 300_000);

  afterAll(async () => {
    for (const n of [A, B]) {
      if (!n) continue;
      await n.app.close();
      await n.store.close();
      rmSync(n.dir, { recursive: true, force: true });
    }
  });

  it('an outcome recorded on a received report arrives at its source, positive and attributed; an anonymous one hides the sender', async () => {
    expect((await listReceived(B.store, B.analyst)).map((c) => c.recordId).sort()).toEqual(shared.map((r) => r.id).sort());
    const o = await recordOutcome(B.store, B.analyst, { targetId: shared[0]?.id as string, type: 'content-removed', occurredAt: new Date().toISOString(), note: 'removed within the hour' });
    expect([o.sourceOrgId, o.delivery]).toEqual([A.orgId, 'sent']);
    const anon = await recordOutcome(B.store, B.analyst, { targetId: shared[1]?.id as string, type: 'account-actioned', occurredAt: new Date().toISOString(), anonymous: true });
    const runs = await syncOnce(B.store);
    expect(runs.filter((r) => r.error), JSON.stringify(runs)).toEqual([]);
    const atA = (await listOutcomes(A.store, A.analyst, { role: 'source' })).items;
    const byId = new Map(atA.map((x) => [x.id, x]));
    expect(byId.get(o.id)).toMatchObject({ type: 'content-removed', positive: true, sourceOrgId: A.orgId, reportedByOrgId: B.orgId, via: 'exchange', targetId: shared[0]?.id, note: 'removed within the hour' });
    expect(byId.get(anon.id)).toMatchObject({ type: 'account-actioned', positive: true, reportedByOrgId: null, anonymous: true, via: 'exchange' });
    // The exchange keeps its own record of what arrived, too.
    const fb = await listFeedback(A.store, A.admin, { type: 'tessera-outcome' });
    expect(fb.map((f) => f.id).sort(), JSON.stringify(fb.map((f) => [f.id, f.fromOrgId]))).toEqual([`tessera-outcome--${o.id.slice(9)}`, `tessera-outcome--${anon.id.slice(9)}`].sort());
    // A second sync doubles nothing.
    await syncOnce(B.store);
    expect((await listOutcomes(A.store, A.analyst, { role: 'source' })).items).toHaveLength(atA.length);
  });

  it('an outcome for a report neither held nor received is the same not-found as for none', async () => {
    const own = (await seedReports(A.store, A.orgId, A.datasetId, 1, 'NOTSHARED-'))[0]?.report.id as string;
    // Shared after the sync above: the platform has not received it.
    const e1 = await fails(recordOutcome(B.store, B.analyst, { targetId: own, type: 'arrest', occurredAt: new Date().toISOString() }));
    const e2 = await fails(recordOutcome(B.store, B.analyst, { targetId: 'report--00000000-0000-4000-8000-000000000000', type: 'arrest', occurredAt: new Date().toISOString() }));
    expect([e1.code, e2.code]).toEqual(['not_found', 'not_found']);
    expect(e1.message.replace(own, 'X')).toBe(e2.message.replace('report--00000000-0000-4000-8000-000000000000', 'X'));
  });

  it('a referral travels from the holder to the service on the recipient’s node; its steps and outcome come back', async () => {
    await recordConsent(A.store, A.steward, { subjectRef: shared[2]?.child as string, givenBy: 'caregiver', event: 'given', purposes: ['service-provision'] });
    const svc = await upsertService(A.store, A.steward, { slug: 'platform-safety', name: 'Platform safety team (synthetic)', kind: 'hotline', jurisdiction: 'US', languages: ['en'], needs: ['content-removal'], providerOrgId: B.orgId });
    const r = await createReferral(A.store, A.steward, { originId: shared[2]?.id as string, serviceId: svc.id, needs: ['content-removal'], send: true });
    expect([r.status, r.delivery]).toEqual(['sent', 'exchange']);
    await syncOnce(A.store);
    const atB = await getReferral(B.store, B.steward, r.id);
    expect([atB.role, atB.status]).toEqual(['provider', 'sent']);
    await updateReferral(B.store, B.steward, r.id, { status: 'accepted' });
    await recordOutcome(B.store, B.steward, { targetId: r.id, type: 'content-removed', occurredAt: new Date().toISOString() });
    await syncOnce(B.store);
    const atA = await getReferral(A.store, A.steward, r.id);
    expect(atA.status).toBe('accepted');
    expect(atA.history.at(-1)).toMatchObject({ toStatus: 'accepted', byOrgId: B.orgId, via: 'exchange' });
    expect((await listOutcomes(A.store, A.steward, { referralId: r.id })).items.map((o) => [o.type, o.via])).toEqual([['content-removed', 'exchange']]);
  });
});
