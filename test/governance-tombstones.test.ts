import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { localPrincipal, type Principal } from '../src/identity/index.ts';
import { acceptAgreement, draftAgreement, recordConsent, runRetention, tombstonesSince } from '../src/policy/index.ts';
import { describeEachStore } from './support/databases.ts';
import { seedReports, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

/**
 * The tombstone feed the exchange carries to peers: retention and consent withdrawal each
 * leave tombstones with the record, its kind, the cause, the agreement and a sequence number
 * that only grows, read after a cursor.
 */
describeEachStore('governance: tombstones for peers', (fx) => {
  let orgs: TwoOrgs;
  let steward: Principal;
  let agreementId = '';
  let childOf: Map<string, string>;

  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    const bundles = await seedReports(fx.store(), orgs.hotline.orgId, orgs.hotline.datasetId, 6, 'TS');
    childOf = new Map(bundles.map((b) => [b.report.id, (b.children?.[0] as { id: string }).id]));
    steward = await localPrincipal(fx.store(), 'steward@hotline.example');
    const platform = await localPrincipal(fx.store(), 'steward@platform.example');
    const a = await draftAgreement(fx.store(), steward, {
      slug: 'consent-bound', title: 'consent-bound sharing (synthetic)', recipients: [{ orgId: orgs.platform.orgId }], purposes: ['victim-identification'], legalBasis: 'consent',
      datasetIds: [orgs.hotline.datasetId], actions: ['read'], fields: { kind: 'visible' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500 },
      requirements: { consent: 'required', dataProtectionTrainingWithinDays: null, safeguardingOverride: false },
    });
    await acceptAgreement(fx.store(), steward, a.id, a.versionHash);
    await acceptAgreement(fx.store(), platform, a.id, a.versionHash);
    agreementId = a.id;
  });

  it('starts empty, and the cursor stays put when nothing is new', async () => {
    const r = await tombstonesSince(fx.store(), { orgId: orgs.hotline.orgId });
    expect(r).toEqual({ items: [], nextCursor: '0' });
    await expect(tombstonesSince(fx.store(), { orgId: null, after: 'abc' })).rejects.toThrow(/not one this node issued/);
  });

  it('a consent withdrawal tombstones the child’s report under the agreement that required it', async () => {
    const [reportId, child] = [...childOf.entries()][0] as [string, string];
    await recordConsent(fx.store(), steward, { subjectRef: child, givenBy: 'child', event: 'given', purposes: ['victim-identification'] });
    expect((await tombstonesSince(fx.store(), { orgId: orgs.hotline.orgId })).items).toHaveLength(0);
    // A purpose the agreement does not cover leaves no tombstone.
    await recordConsent(fx.store(), steward, { subjectRef: child, givenBy: 'caregiver', event: 'withdrawn', purposes: ['research-and-statistics'] });
    expect((await tombstonesSince(fx.store(), { orgId: orgs.hotline.orgId })).items).toHaveLength(0);
    await recordConsent(fx.store(), steward, { subjectRef: child, givenBy: 'caregiver', event: 'withdrawn', purposes: ['victim-identification'] });
    const r = await tombstonesSince(fx.store(), { orgId: orgs.hotline.orgId });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ recordType: 'report', recordId: reportId, datasetId: orgs.hotline.datasetId, sourceOrgId: orgs.hotline.orgId, action: 'withdraw', cause: 'consent-withdrawn', agreementId });
    expect(r.items[0]?.reason).toMatch(/withdrawn by the caregiver for victim-identification: agreement consent-bound requires it/);
    expect(r.nextCursor).toBe(r.items[0]?.seq);
    // The other organisation sees none of the hotline's tombstones.
    expect((await tombstonesSince(fx.store(), { orgId: orgs.platform.orgId })).items).toHaveLength(0);
  });

  it('retention tombstones follow in sequence order after the cursor', async () => {
    const before = await tombstonesSince(fx.store(), { orgId: orgs.hotline.orgId });
    await sql`UPDATE datasets SET retention_days = 30 WHERE id = ${orgs.hotline.datasetId}`.execute(fx.store().db);
    const run = await runRetention(fx.store(), { dryRun: false, orgId: orgs.hotline.orgId });
    expect(run.totals.tombstones).toBe(6);
    const next = await tombstonesSince(fx.store(), { orgId: orgs.hotline.orgId, after: before.nextCursor, limit: 4 });
    expect(next.items).toHaveLength(4);
    const rest = await tombstonesSince(fx.store(), { orgId: orgs.hotline.orgId, after: next.nextCursor });
    expect(rest.items).toHaveLength(2);
    const all = [...next.items, ...rest.items];
    expect(new Set(all.map((t) => t.recordId))).toEqual(new Set(childOf.keys()));
    expect(all.every((t) => t.cause === 'retention' && t.action === 'delete' && t.agreementId === null && t.recordType === 'report')).toBe(true);
    const seqs = [...before.items, ...all].map((t) => BigInt(t.seq));
    expect(seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as bigint))).toBe(true);
    expect((await tombstonesSince(fx.store(), { orgId: orgs.hotline.orgId, after: rest.nextCursor })).items).toHaveLength(0);
  });
});
