import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPrincipal, upsertUser, type Principal } from '../src/identity/index.ts';
import { recordConsent } from '../src/policy/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import {
  createReferral, getReferral, listOutcomes, listReferrals, loopbackTransport, receiveReferralObjects, recordOutcome, updateReferral, upsertService,
  type ReferralTables, type ReferralTransport, type StixObject,
} from '../src/referral/index.ts';
import type { TesseraError } from '../src/shared/errors.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { seedReports } from './support/fixtures.ts';

/**
 * Two nodes, each with its own store: a hotline (the referrer) and a child helpline that runs
 * the service (the provider). Referrals and outcomes travel between them as STIX objects
 * through the transport interface (here the in-process loopback; the exchange provides the
 * network transport).
 */
const fails = async (p: Promise<unknown>): Promise<TesseraError> => {
  try {
    await p;
  } catch (e) {
    return e as TesseraError;
  }
  throw new Error('expected a failure');
};

interface Node {
  store: Store;
  orgId: string;
  steward: Principal;
}

describe('referrals between two nodes (transport interface, loopback)', () => {
  let A: Node;
  let B: Node;
  let transport: ReferralTransport & { sent: Array<{ objects: StixObject[] }> };
  let serviceId: string;
  let reports: Array<{ id: string; child: string }>;

  beforeAll(async () => {
    const make = async (slug: string, kind: 'hotline' | 'helpline', cc: string): Promise<Node> => {
      const store = await openStore({});
      const org = await registerOrganisation(store, { slug, name: `${slug} (synthetic)`, kind, jurisdiction: cc, nodeUrl: `https://${slug}.example/` });
      await upsertUser(store, { orgId: org.id, name: `${slug} steward`, email: `steward@${slug}.example`, roles: ['steward'] });
      return { store, orgId: org.id, steward: await localPrincipal(store, `steward@${slug}.example`) };
    };
    A = await make('two-hotline', 'hotline', 'NL');
    B = await make('two-helpline', 'helpline', 'NL');
    // Each node knows the other organisation (from its card), without its people.
    await registerOrganisation(A.store, { slug: 'two-helpline', name: 'two-helpline (synthetic)', kind: 'helpline', jurisdiction: 'NL', nodeUrl: 'https://two-helpline.example/' });
    await registerOrganisation(B.store, { slug: 'two-hotline', name: 'two-hotline (synthetic)', kind: 'hotline', jurisdiction: 'NL', nodeUrl: 'https://two-hotline.example/' });
    const ds = await registerDatasetAsNode(A.store, { ownerOrgId: A.orgId, slug: 'reports', name: 'reports', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
    reports = (await seedReports(A.store, A.orgId, ds.id, 3, 'TWO')).map((b) => ({ id: b.report.id, child: b.children?.[0]?.id as string }));
    for (const r of reports) await recordConsent(A.store, A.steward, { subjectRef: r.child, givenBy: 'caregiver', event: 'given', purposes: ['service-provision'] });
    // The hotline lists the helpline's counselling service in its directory, naming the helpline as provider.
    serviceId = (await upsertService(A.store, A.steward, { slug: 'counselling', name: 'Helpline counselling (synthetic)', kind: 'counselling', jurisdiction: 'NL', languages: ['nl', 'en'], needs: ['counselling', 'sextortion-support'], providerOrgId: B.orgId })).id;
    transport = loopbackTransport(new Map([
      [A.orgId, (objects, ctx) => receiveReferralObjects(A.store, objects, ctx)],
      [B.orgId, (objects, ctx) => receiveReferralObjects(B.store, objects, ctx)],
    ]));
  }, 300_000);

  afterAll(async () => {
    await A?.store.close();
    await B?.store.close();
  });

  it('a referral travels to the provider’s node, its steps and its outcome come back, each attributed', async () => {
    const sent = await createReferral(A.store, A.steward, { originId: reports[0]?.id as string, serviceId, needs: ['counselling'], send: true }, { transport });
    expect([sent.status, sent.delivery]).toEqual(['sent', 'exchange']);
    expect(transport.sent.at(-1)?.objects[0]?.type).toBe('tessera-referral');
    // At the provider: the referral, its history, nothing of the report itself.
    const atB = await getReferral(B.store, B.steward, sent.id);
    expect([atB.role, atB.status, atB.next]).toEqual(['provider', 'sent', ['accepted', 'declined']]);
    expect(atB.history.map((h) => [h.toStatus, h.byOrgId, h.via])).toEqual([['created', A.orgId, 'exchange'], ['sent', A.orgId, 'exchange']]);
    expect(await B.store.db.selectFrom('reports').select('id').execute()).toEqual([]);
    // The provider accepts and completes: each step comes back to the referrer.
    await updateReferral(B.store, B.steward, sent.id, { status: 'accepted' }, { transport });
    await updateReferral(B.store, B.steward, sent.id, { status: 'completed', reason: 'counselling given' }, { transport });
    const atA = await getReferral(A.store, A.steward, sent.id);
    expect(atA.status).toBe('completed');
    expect(atA.history.map((h) => [h.toStatus, h.byOrgId, h.via])).toEqual([['created', A.orgId, 'local'], ['sent', A.orgId, 'local'], ['accepted', B.orgId, 'exchange'], ['completed', B.orgId, 'exchange']]);
    expect(atA.history[3]?.reason).toBe('counselling given');
    // The outcome returns to the source, positive and attributed.
    const o = await recordOutcome(B.store, B.steward, { targetId: sent.id, type: 'service-provided', occurredAt: new Date().toISOString() }, { transport });
    expect([o.sourceOrgId, o.delivery]).toEqual([A.orgId, 'sent']);
    const back = (await listOutcomes(A.store, A.steward, { role: 'source' })).items;
    expect(back.map((x) => [x.id, x.type, x.positive, x.reportedByOrgId, x.via, x.originId])).toEqual([[o.id, 'service-provided', true, B.orgId, 'exchange', reports[0]?.id]]);
    // The referrer closes it; the provider hears.
    await updateReferral(A.store, A.steward, sent.id, { status: 'closed' }, { transport });
    expect((await getReferral(B.store, B.steward, sent.id)).status).toBe('closed');
  });

  it('a declined referral comes back declined; redelivery changes nothing', async () => {
    const r = await createReferral(A.store, A.steward, { originId: reports[1]?.id as string, serviceId, needs: ['sextortion-support'], urgency: 'urgent', send: true }, { transport });
    await updateReferral(B.store, B.steward, r.id, { status: 'declined', reason: 'outside our hours; try the 24/7 line' }, { transport });
    const atA = await getReferral(A.store, A.steward, r.id);
    expect([atA.status, atA.next]).toEqual(['declined', ['closed']]);
    const again = transport.sent.at(-1)?.objects as StixObject[];
    const before = await B.store.db.withTables<ReferralTables>().selectFrom('referral_events').select('seq').where('referral_id', '=', r.id).execute();
    await receiveReferralObjects(A.store, again, { fromOrgId: B.orgId });
    await receiveReferralObjects(A.store, again, { fromOrgId: B.orgId });
    expect((await getReferral(A.store, A.steward, r.id)).history).toHaveLength(before.length);
  });

  it('without a way to reach the other node, or when delivery fails, nothing changes', async () => {
    const r = await createReferral(A.store, A.steward, { originId: reports[2]?.id as string, serviceId, needs: ['counselling'] });
    expect([r.status, r.delivery]).toEqual(['created', 'pending']);
    const e = await fails(updateReferral(A.store, A.steward, r.id, { status: 'sent' }));
    expect(e.code).toBe('not_deliverable');
    const broken: ReferralTransport = { deliver: async () => { throw new Error('peer unreachable'); } };
    await expect(updateReferral(A.store, A.steward, r.id, { status: 'sent' }, { transport: broken })).rejects.toThrow('peer unreachable');
    const still = await getReferral(A.store, A.steward, r.id);
    expect([still.status, still.history.length]).toEqual(['created', 1]);
    // Closing a referral that was never sent concerns no one else.
    expect((await updateReferral(A.store, A.steward, r.id, { status: 'closed' })).status).toBe('closed');
  });

  it('a node refuses objects from a non-party, steps in another’s name, and malformed objects, applying none', async () => {
    const r = (await listReferrals(A.store, A.steward, { status: 'closed', role: 'referrer' })).items.find((x) => x.delivery === 'exchange') as { id: string };
    const objs = transport.sent.find((m) => m.objects[0]?.id.endsWith(r.id.slice('referral--'.length)))?.objects as StixObject[];
    const stranger = 'organisation--00000000-0000-4000-8000-000000000001';
    expect((await fails(receiveReferralObjects(B.store, objs, { fromOrgId: stranger }))).code).toBe('not_a_party');
    const forged = objs.map((o) => ({ ...o, id: 'tessera-referral--00000000-0000-4000-8000-0000000000ff', history: (o.history as Array<Record<string, unknown>>).map((h) => ({ ...h, by_ref: `identity--${B.orgId.slice('organisation--'.length)}` })) }));
    const f = await fails(receiveReferralObjects(B.store, forged, { fromOrgId: A.orgId }));
    expect(f.code).toBe('not_your_step');
    expect(await B.store.db.withTables<ReferralTables>().selectFrom('referrals').select('id').where('id', '=', 'referral--00000000-0000-4000-8000-0000000000ff').execute()).toEqual([]);
    const malformed = await fails(receiveReferralObjects(B.store, [{ type: 'tessera-referral', id: 'tessera-referral--x', status: 'sideways' }], { fromOrgId: A.orgId }));
    expect(malformed.code).toBe('validation_failed');
    expect(malformed.message).toContain('objects[0]');
    expect((await listReferrals(B.store, B.steward)).items.every((x) => x.fromOrgId === A.orgId)).toBe(true);
  });
});
