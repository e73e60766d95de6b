import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditTables } from '../src/audit/index.ts';
import { localPrincipal, upsertUser, type Principal } from '../src/identity/index.ts';
import { recordConsent } from '../src/policy/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import {
  createReferral, getReferral, getService, importServicesCsv, listOutcomes, listReferrals, recordOutcome, searchServices, updateReferral, upsertService, type ServiceInput,
} from '../src/referral/index.ts';
import type { TesseraError } from '../src/shared/errors.ts';
import { describeEachStore } from './support/databases.ts';
import { seedReports, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

const fails = async (p: Promise<unknown>): Promise<TesseraError> => {
  try {
    await p;
  } catch (e) {
    return e as TesseraError;
  }
  throw new Error('expected a failure');
};

const helpline = (providerOrgId: string | null): ServiceInput => ({
  slug: 'youth-line', name: 'Youth Line (synthetic)', kind: 'child-helpline', jurisdiction: 'BR', countries: ['PT'], languages: ['pt', 'es'], ageMin: 8, ageMax: 18,
  needs: ['emotional-support', 'sextortion-support'], hours: '24/7', contact: { phone: '+55 0000 0000', url: 'https://youth-line.example' }, providerOrgId,
});

describeEachStore('referrals, services and outcomes', (fx) => {
  let orgs: TwoOrgs;
  let hot: Principal;
  let hotAnalyst: Principal;
  let plat: Principal;
  let other: Principal;
  let serviceId: string;
  let reportIds: string[];
  let childOf: (i: number) => string;

  beforeAll(async () => {
    const store = fx.store();
    orgs = await seedTwoOrgs(store);
    const third = await registerOrganisation(store, { slug: 'test-other', name: 'Other (synthetic)', kind: 'ngo', jurisdiction: 'DE' });
    await registerDatasetAsNode(store, { ownerOrgId: third.id, slug: 'r', name: 'r', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
    await upsertUser(store, { orgId: third.id, name: 'other steward', email: 'steward@other.example', roles: ['steward'] });
    await upsertUser(store, { orgId: orgs.hotline.orgId, name: 'hotline safeguarding lead', email: 'lead@hotline.example', roles: ['steward'], safeguardingTrainedAt: '2026-05-01T00:00:00Z' });
    hot = await localPrincipal(store, 'steward@hotline.example');
    hotAnalyst = await localPrincipal(store, 'analyst@hotline.example');
    plat = await localPrincipal(store, 'steward@platform.example');
    other = await localPrincipal(store, 'steward@other.example');
    const bundles = await seedReports(store, orgs.hotline.orgId, orgs.hotline.datasetId, 6, 'REF');
    reportIds = bundles.map((b) => b.report.id);
    childOf = (i) => (bundles[i]?.children?.[0]?.id ?? '') as string;
    serviceId = (await upsertService(store, plat, helpline(orgs.platform.orgId))).id;
  });

  describe('service directory', () => {
    it('finds a service by a child’s country, language (pt-BR matches pt), age and need, and says why', async () => {
      const hits = await searchServices(fx.store(), hot, { country: 'PT', language: 'pt-BR', age: 12, need: 'sextortion-support' });
      expect(hits.map((h) => h.id)).toEqual([serviceId]);
      expect(hits[0]?.matched).toEqual(['serves PT', 'works in pt-BR', 'serves age 12', 'meets sextortion-support']);
      expect(hits[0]?.open247).toBe(true);
      expect(await searchServices(fx.store(), hot, { country: 'PT', age: 19 })).toEqual([]);
      expect(await searchServices(fx.store(), hot, { country: 'FR' })).toEqual([]);
      expect(await searchServices(fx.store(), hot, { language: 'de' })).toEqual([]);
      expect(await searchServices(fx.store(), hot, { need: 'medical-care' })).toEqual([]);
    });

    it('only stewards and admins keep entries; bad entries are precise errors', async () => {
      expect((await fails(upsertService(fx.store(), hotAnalyst, helpline(null)))).code).toBe('forbidden');
      const bad = await fails(upsertService(fx.store(), plat, { ...helpline(null), ageMin: 15, ageMax: 10 }));
      expect(bad.code).toBe('validation_failed');
      expect(bad.message).toContain('ageMax (10) is below ageMin (15)');
      const unknown = await fails(upsertService(fx.store(), plat, { ...helpline('organisation--00000000-0000-4000-8000-000000000000'), slug: 'x' }));
      expect(unknown.message).toContain('not registered on this node');
    });

    it('imports a CSV all or nothing, naming the line and column of each problem', async () => {
      const header = 'slug,name,kind,jurisdiction,countries,languages,age_min,age_max,needs,hours,phone,provider';
      const bad = [header, 'clinic-a,Clinic A,medical,FR,BE;LU,fr;nl,0,17,medical-care;sexual-health,Mo-Fr 9-17,+33 0,', 'shelter-b,Shelter B,hostel,FR,,fr,,,safe-accommodation,,,', 'legal-c,Legal C,legal-aid,FR,,fr,,,legal-advice,,,nobody'].join('\n');
      const err = await fails(importServicesCsv(fx.store(), hot, bad, 'dir.csv'));
      expect(err.code).toBe('validation_failed');
      const issues = (err.details?.issues ?? []) as Array<{ where: { line: number; field: string }; message: string }>;
      expect(issues.map((i) => [i.where.line, i.where.field])).toEqual([[3, 'kind'], [4, 'provider']]);
      expect(await searchServices(fx.store(), hot, { country: 'LU' })).toEqual([]);
      const good = [header, 'clinic-a,Clinic A,medical,FR,BE;LU,fr;nl,0,17,medical-care;sexual-health,Mo-Fr 9-17,+33 0,', `legal-c,"Legal C, advice",legal-aid,FR,,fr,,,legal-advice,,,test-platform`].join('\n');
      const sum = await importServicesCsv(fx.store(), hot, good, 'dir.csv');
      expect(sum.imported).toBe(2);
      const lu = await searchServices(fx.store(), other, { country: 'LU', language: 'nl', age: 3, need: 'sexual-health' });
      expect(lu.map((s) => s.name)).toEqual(['Clinic A']);
      expect((await getService(fx.store(), hot, 'legal-c')).name).toBe('Legal C, advice');
    });
  });

  describe('referrals', () => {
    it('refuses without consent, with a way forward; a safeguarding override needs training and is audited', async () => {
      const e = await fails(createReferral(fx.store(), hot, { originId: reportIds[0] as string, serviceId, needs: ['emotional-support'] }));
      expect(e.code).toBe('consent_required');
      expect(e.message).toContain('service-provision');
      const untrained = await fails(createReferral(fx.store(), hot, { originId: reportIds[0] as string, serviceId, needs: ['emotional-support'], safeguardingOverride: { reason: 'the child said she is being threatened tonight' } }));
      expect(untrained.code).toBe('forbidden');
      const lead = await localPrincipal(fx.store(), 'lead@hotline.example');
      const r = await createReferral(fx.store(), lead, { originId: reportIds[0] as string, serviceId, needs: ['emotional-support'], urgency: 'urgent', safeguardingOverride: { reason: 'the child said she is being threatened tonight' } });
      expect(r.consentBasis).toBe('safeguarding-override');
      expect(r.status).toBe('created');
      const audit = await fx.store().db.withTables<AuditTables>().selectFrom('audit_events').select(['action', 'decision', 'entry']).where('action', 'in', ['consent.safeguarding-override', 'referral.create']).orderBy('seq').execute();
      expect(audit.map((a) => [a.action, a.decision])).toEqual([['consent.safeguarding-override', 'deny'], ['consent.safeguarding-override', 'done'], ['referral.create', 'done']]);
      expect(audit[1]?.entry).toContain('the child said she is being threatened tonight');
    });

    it('rejects unknown services, other organisations’ records and impossible dates, writing nothing', async () => {
      const store = fx.store();
      await recordConsent(store, hot, { subjectRef: childOf(1), givenBy: 'caregiver', event: 'given', purposes: ['service-provision'] });
      const before = (await listReferrals(store, hot)).items.length;
      const unknown = await fails(createReferral(store, hot, { originId: reportIds[1] as string, serviceId: 'service--00000000-0000-4000-8000-000000000000', needs: ['counselling'] }));
      expect([unknown.code, unknown.where?.field]).toEqual(['unknown_service', 'serviceId']);
      const notMine = await fails(createReferral(store, plat, { originId: reportIds[1] as string, serviceId, needs: ['counselling'] }));
      const none = await fails(createReferral(store, plat, { originId: 'report--00000000-0000-4000-8000-000000000000', serviceId, needs: ['counselling'] }));
      expect(notMine.code).toBe('not_found');
      expect(notMine.message.replace(reportIds[1] as string, 'X')).toBe(none.message.replace('report--00000000-0000-4000-8000-000000000000', 'X'));
      const future = await fails(createReferral(store, hot, { originId: reportIds[1] as string, serviceId, needs: ['counselling'], createdAt: '2099-01-01T00:00:00Z' }));
      expect([future.code, future.where?.field]).toEqual(['impossible_date', 'createdAt']);
      const early = await fails(createReferral(store, hot, { originId: reportIds[1] as string, serviceId, needs: ['counselling'], createdAt: '2020-01-01T00:00:00Z' }));
      expect(early.code).toBe('impossible_date');
      expect((await listReferrals(store, hot)).items.length).toBe(before);
    });

    it('follows the lifecycle, each step timestamped and attributed; wrong steps are clear errors', async () => {
      const store = fx.store();
      const r = await createReferral(store, hot, { originId: reportIds[1] as string, serviceId, needs: ['sextortion-support'], send: true });
      expect(r.status).toBe('sent');
      expect(r.delivery).toBe('local');
      expect(r.next).toEqual(['closed']);
      const mine = await fails(updateReferral(store, hot, r.id, { status: 'accepted' }));
      expect(mine.code).toBe('not_your_step');
      expect(mine.message).toContain('you may make it closed');
      const seen = await getReferral(store, plat, r.id);
      expect([seen.role, seen.next]).toEqual(['provider', ['accepted', 'declined']]);
      await updateReferral(store, plat, r.id, { status: 'accepted' });
      const done = await updateReferral(store, plat, r.id, { status: 'completed', reason: 'six sessions held' });
      const back = await fails(updateReferral(store, plat, r.id, { status: 'sent' }));
      expect(back.code).toBe('invalid_transition');
      expect(back.message).toBe('A referral that is completed cannot become sent: from completed it can only become closed.');
      expect(done.history.map((h) => [h.fromStatus, h.toStatus, h.byOrgId])).toEqual([
        [null, 'created', orgs.hotline.orgId], ['created', 'sent', orgs.hotline.orgId], ['sent', 'accepted', orgs.platform.orgId], ['accepted', 'completed', orgs.platform.orgId],
      ]);
      expect(done.history.every((h) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
      expect(done.completedAt).not.toBeNull();
      // Members see who in their own organisation took a step, not who in the other.
      const fromHot = await getReferral(store, hot, r.id);
      expect(fromHot.history[2]?.byUserId).toBeNull();
      expect(fromHot.history[1]?.byUserId).toBe(hot.userId);
      const stale = await fails(updateReferral(store, hot, r.id, { status: 'closed', at: '2020-01-01T00:00:00Z' }));
      expect(stale.code).toBe('impossible_date');
      expect((await updateReferral(store, hot, r.id, { status: 'closed' })).status).toBe('closed');
      const closed = await fails(updateReferral(store, plat, r.id, { status: 'closed' }));
      expect(closed.message).toContain('a closed referral is final');
    });
  });

  describe('outcomes', () => {
    it('feeds outcomes back to the source; positive ones are first class; anonymous hides the reporter', async () => {
      const store = fx.store();
      await recordConsent(store, hot, { subjectRef: childOf(2), givenBy: 'child', event: 'given', purposes: ['service-provision'] });
      const r = await createReferral(store, hot, { originId: reportIds[2] as string, serviceId, needs: ['emotional-support'], send: true });
      const o = await recordOutcome(store, plat, { targetId: r.id, type: 'child-safeguarded', occurredAt: new Date().toISOString(), anonymous: true });
      expect([o.positive, o.sourceOrgId, o.originId, o.referralId]).toEqual([true, orgs.hotline.orgId, reportIds[2], r.id]);
      const atSource = await listOutcomes(store, hot, { role: 'source' });
      const got = atSource.items.find((x) => x.id === o.id);
      expect(got?.reportedByOrgId).toBeNull();
      expect((await listOutcomes(store, plat, { role: 'reporter' })).items.find((x) => x.id === o.id)?.reportedByOrgId).toBe(orgs.platform.orgId);
      const own = await recordOutcome(store, hotAnalyst, { targetId: reportIds[3] as string, type: 'no-action', occurredAt: new Date().toISOString() });
      expect(own.positive).toBe(false);
      expect((await listOutcomes(store, hot, { positive: 'true' })).items.every((x) => x.positive)).toBe(true);
      // Same outcome twice: one record.
      const again = await recordOutcome(store, plat, { targetId: r.id, type: 'child-safeguarded', occurredAt: o.occurredAt, anonymous: true });
      expect(again.id).toBe(o.id);
    });

    it('for a record the caller cannot see: the same not-found as for no record at all', async () => {
      const store = fx.store();
      const hidden = await fails(recordOutcome(store, plat, { targetId: reportIds[4] as string, type: 'content-removed', occurredAt: new Date().toISOString() }));
      const missing = await fails(recordOutcome(store, plat, { targetId: 'report--00000000-0000-4000-8000-000000000000', type: 'content-removed', occurredAt: new Date().toISOString() }));
      expect(hidden.code).toBe('not_found');
      expect(hidden.message.replace(reportIds[4] as string, 'X')).toBe(missing.message.replace('report--00000000-0000-4000-8000-000000000000', 'X'));
      const referral = (await listReferrals(store, hot)).items[0]?.id as string;
      expect((await fails(recordOutcome(store, other, { targetId: referral, type: 'arrest', occurredAt: new Date().toISOString() }))).code).toBe('not_found');
      const early = await fails(recordOutcome(store, hot, { targetId: reportIds[4] as string, type: 'content-removed', occurredAt: '2020-01-01T00:00:00Z' }));
      expect([early.code, early.where?.field]).toEqual(['impossible_date', 'occurredAt']);
      const future = await fails(recordOutcome(store, hot, { targetId: reportIds[4] as string, type: 'content-removed', occurredAt: '2099-01-01T00:00:00Z' }));
      expect(future.code).toBe('impossible_date');
    });

    it('an organisation that is no party sees no referral or outcome through any path', async () => {
      const store = fx.store();
      expect((await listReferrals(store, other)).items).toEqual([]);
      expect((await listReferrals(store, other, { role: 'provider' })).items).toEqual([]);
      expect((await listOutcomes(store, other)).items).toEqual([]);
      for (const r of (await listReferrals(store, hot)).items) {
        expect((await fails(getReferral(store, other, r.id))).code).toBe('not_found');
        expect((await fails(updateReferral(store, other, r.id, { status: 'closed' }))).code).toBe('not_found');
        expect((await listReferrals(store, other, { originId: r.originId })).items).toEqual([]);
        expect((await listOutcomes(store, other, { referralId: r.id })).items).toEqual([]);
      }
      // The hotline's analyst reads but cannot change referrals.
      expect((await listReferrals(store, hotAnalyst)).items.length).toBeGreaterThan(0);
      const r0 = (await listReferrals(store, hot)).items[0]?.id as string;
      expect((await fails(updateReferral(store, hotAnalyst, r0, { status: 'closed' }))).code).toBe('forbidden');
    });
  });
});
