import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { describeEachStore } from './support/databases.ts';
import { seedReports, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

/** The referral and catalogue routes as a console or script calls them. */
describeEachStore('referral and catalogue API', (fx) => {
  let app: FastifyInstance;
  let orgs: TwoOrgs;
  let reports: Array<{ id: string; child: string }>;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: unknown) => app.inject({ method, url: `/api/v1${url}`, headers: auth(token), ...(payload ? { payload: payload as object } : {}) });

  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    reports = (await seedReports(fx.store(), orgs.hotline.orgId, orgs.hotline.datasetId, 4, 'API')).map((b) => ({ id: b.report.id, child: b.children?.[0]?.id as string }));
    app = await buildApp({ store: fx.store() });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refers a child end to end over HTTP, each step by the party whose step it is', async () => {
    const svc = await call('POST', '/services', orgs.platform.tokens.steward, { slug: 'safety-team', name: 'Platform safety team (synthetic)', kind: 'hotline', jurisdiction: 'US', countries: ['FR', 'BR'], languages: ['en', 'pt'], needs: ['content-removal', 'sextortion-support'], providerOrgId: orgs.platform.orgId });
    expect(svc.statusCode, svc.body).toBe(201);
    const serviceId = svc.json().id as string;
    const found = await call('GET', '/services?country=BR&language=pt-BR&need=content-removal', orgs.hotline.tokens.analyst);
    expect(found.json().items.map((s: { id: string }) => s.id)).toEqual([serviceId]);

    const noConsent = await call('POST', '/referrals', orgs.hotline.tokens.steward, { originId: reports[0]?.id, serviceId, needs: ['content-removal'] });
    expect(noConsent.statusCode).toBe(422);
    expect(noConsent.json().error).toMatchObject({ code: 'consent_required', where: { field: 'safeguardingOverride' } });
    expect((await call('POST', '/consents', orgs.hotline.tokens.steward, { subjectRef: reports[0]?.child, givenBy: 'child', event: 'given', purposes: ['service-provision'] })).statusCode).toBe(201);
    const created = await call('POST', '/referrals', orgs.hotline.tokens.steward, { originId: reports[0]?.id, serviceId, needs: ['content-removal'], send: true });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ status: 'sent', role: 'referrer', consentBasis: 'consent' });

    const wrong = await call('PATCH', `/referrals/${id}`, orgs.hotline.tokens.steward, { status: 'accepted' });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([409, 'not_your_step']);
    const accepted = await call('PATCH', `/referrals/${id}`, orgs.platform.tokens.steward, { status: 'accepted' });
    expect(accepted.json()).toMatchObject({ status: 'accepted', role: 'provider', next: ['completed', 'closed'] });
    const bad = await call('PATCH', `/referrals/${id}`, orgs.platform.tokens.steward, { status: 'sideways' });
    expect([bad.statusCode, bad.json().error.code, bad.json().error.where.field]).toEqual([400, 'validation_failed', 'status']);
    const list = await call('GET', '/referrals?role=provider', orgs.platform.tokens.analyst);
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await call('GET', '/referrals?role=provider', orgs.hotline.tokens.analyst)).json().items).toEqual([]);
    expect((await call('GET', `/referrals/${id}`, orgs.platform.tokens.auditor)).statusCode).toBe(403);

    const outcome = await call('POST', '/outcomes', orgs.platform.tokens.analyst, { targetId: id, type: 'content-removed', occurredAt: new Date().toISOString() });
    expect(outcome.statusCode, outcome.body).toBe(201);
    const atSource = await call('GET', '/outcomes?role=source&positive=true', orgs.hotline.tokens.analyst);
    expect(atSource.json().items).toMatchObject([{ type: 'content-removed', positive: true, sourceOrgId: orgs.hotline.orgId, reportedByOrgId: orgs.platform.orgId }]);
  });

  it('gives the same not-found for a record the caller cannot see as for none, and rejects impossible dates', async () => {
    const hidden = await call('POST', '/outcomes', orgs.platform.tokens.analyst, { targetId: reports[1]?.id, type: 'arrest', occurredAt: new Date().toISOString() });
    const none = await call('POST', '/outcomes', orgs.platform.tokens.analyst, { targetId: 'report--00000000-0000-4000-8000-000000000000', type: 'arrest', occurredAt: new Date().toISOString() });
    expect([hidden.statusCode, none.statusCode]).toEqual([404, 404]);
    expect(hidden.json().error.message.replace(reports[1]?.id as string, 'X')).toBe(none.json().error.message.replace('report--00000000-0000-4000-8000-000000000000', 'X'));
    const date = await call('POST', '/outcomes', orgs.hotline.tokens.analyst, { targetId: reports[1]?.id, type: 'arrest', occurredAt: '2031-02-30T00:00:00Z' });
    expect(date.statusCode).toBe(400);
    const early = await call('POST', '/outcomes', orgs.hotline.tokens.analyst, { targetId: reports[1]?.id, type: 'arrest', occurredAt: '2001-01-01T00:00:00Z' });
    expect([early.statusCode, early.json().error.code]).toEqual([422, 'impossible_date']);
    const unknown = await call('POST', '/referrals', orgs.hotline.tokens.steward, { originId: reports[1]?.id, serviceId: 'service--00000000-0000-4000-8000-000000000000', needs: ['counselling'] });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'unknown_service']);
  });

  it('imports a directory CSV all or nothing over HTTP', async () => {
    const r = await call('POST', '/services/import', orgs.hotline.tokens.steward, { file: 'dir.csv', csv: 'slug,name,kind,jurisdiction,languages,needs\nok,OK line,shelter,NL,nl,safe-accommodation\nbad,Bad line,shelter,Netherlands,nl,safe-accommodation\n' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.issues[0].where).toMatchObject({ file: 'dir.csv', line: 3, field: 'jurisdiction' });
    expect((await call('GET', '/services?country=NL', orgs.hotline.tokens.steward)).json().items).toEqual([]);
  });

  it('publishes and searches the catalogue, and serves the dictionary as HTML', async () => {
    const pub = await call('POST', '/catalogue', orgs.hotline.tokens.steward, { datasetId: orgs.hotline.datasetId, topics: ['sextortion'], fields: ['Report.country', 'Child.age'], updateFrequency: 'weekly', accessTerms: [{ template: 'partners', title: 'Partners', purposes: ['content-removal'], legalBasis: 'legitimate-interest', retention: { days: 30 } }] });
    expect(pub.statusCode, pub.body).toBe(201);
    const byField = await call('GET', '/catalogue?field=Child.age', orgs.platform.tokens.analyst);
    expect(byField.json().items.map((e: { datasetId: string }) => e.datasetId)).toEqual([orgs.hotline.datasetId]);
    const byWords = await call('GET', `/catalogue?q=${encodeURIComponent('sextortion age')}`, orgs.platform.tokens.auditor);
    expect(byWords.json().items[0]).toMatchObject({ datasetId: orgs.hotline.datasetId, holder: { slug: 'test-hotline' } });
    const bad = await call('POST', '/catalogue', orgs.hotline.tokens.steward, { datasetId: orgs.hotline.datasetId, fields: ['Report.colour'], updateFrequency: 'weekly' });
    expect([bad.statusCode, bad.json().error.details.issues[0].code]).toEqual([400, 'unknown_field']);
    const html = await call('GET', '/catalogue/dictionary.html?lang=pt', orgs.platform.tokens.auditor);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('Dicionário de dados');
    expect((await app.inject({ url: '/api/v1/catalogue/dictionary.html' })).statusCode).toBe(401);
  });

  it('documents every route and schema in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    for (const p of ['/api/v1/services', '/api/v1/services/import', '/api/v1/referrals', '/api/v1/referrals/{id}', '/api/v1/outcomes', '/api/v1/catalogue', '/api/v1/catalogue/{datasetId}']) expect(Object.keys(doc.paths)).toContain(p);
    for (const s of ['ReferralView', 'ReferralCreate', 'Service', 'ServiceDraft', 'OutcomeView', 'OutcomeRecord', 'CatalogueEntry', 'CatalogueEntryDraft', 'AccessTermsTemplate']) expect(Object.keys(doc.components.schemas)).toContain(s);
  });
});
