import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localPrincipal } from '../src/identity/index.ts';
import { pseudonymKey, withAccess } from '../src/policy/index.ts';
import { pseudonymOfNormalised } from '../src/privacy/index.ts';
import { buildApp } from '../src/server/app.ts';
import type { ReportBundle } from '../src/store/repositories/records.ts';
import { describeEachStore } from './support/databases.ts';
import { seedPeople, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * One pseudonymisation function: what the policy module's access tools give a reader under an
 * agreement is exactly what the privacy module computes with the agreement's key.
 */
describeEachStore('one pseudonymisation function for policy and privacy', (fx) => {
  let app: FastifyInstance;
  let orgs: TwoOrgs;
  let agreementId = '';
  let hot: ReportBundle[] = [];
  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    hot = await seedPeople(fx.store(), orgs.hotline.orgId, orgs.hotline.datasetId, 'PS', [0, 1, 2], (i) => 700 + i);
    app = await buildApp({ store: fx.store() });
    const d = await app.inject({
      method: 'POST', url: '/api/v1/agreements', headers: auth(orgs.hotline.tokens.steward),
      payload: {
        slug: 'pseudonyms', title: 'Pseudonyms (synthetic)', recipients: [{ orgId: orgs.platform.orgId }], purposes: ['investigation'], legalBasis: 'legitimate-interest', datasetIds: [orgs.hotline.datasetId],
        actions: ['read'], fields: { sourceRef: 'pseudonymised', subjects: 'pseudonymised' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
      },
    });
    agreementId = d.json().id as string;
    for (const tok of [orgs.hotline.tokens.steward, orgs.platform.tokens.steward]) await app.inject({ method: 'POST', url: `/api/v1/agreements/${agreementId}/accept`, headers: auth(tok), payload: {} });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('toolsFor().pseudonymise and pseudonymOfNormalised give the same pseudonym for the same input and key', async () => {
    const me = await localPrincipal(fx.store(), 'analyst@platform.example');
    const inputs = ['PS-0', 'jane.doe@example.org', '', 'ünïcödé ✓', 'x'.repeat(3000)];
    const viaPolicy = await withAccess(fx.store(), me, { action: 'read', agreementId, purpose: 'investigation', resource: 'test.pseudonyms' }, async (_plan, tools) => ({ result: inputs.map((v) => tools.pseudonymise(v)) }));
    const key = await pseudonymKey(fx.store(), agreementId);
    expect(viaPolicy).toEqual(inputs.map((v) => pseudonymOfNormalised(key, 'value', v)));
    expect(viaPolicy[0]).toMatch(/^pseu_[A-Za-z0-9_-]{27}$/);
    // Another key, another pseudonym.
    expect(pseudonymOfNormalised(Buffer.alloc(32, 9), 'value', 'PS-0')).not.toBe(viaPolicy[0]);
  });

  it('what a partner reads over the API is the privacy module\'s pseudonym of the stored value', async () => {
    const r = await app.inject({ url: `/api/v1/reports/${hot[0]?.report.id}?agreement=${agreementId}&purpose=investigation`, headers: auth(orgs.platform.tokens.analyst) });
    expect(r.statusCode, r.body).toBe(200);
    const key = await pseudonymKey(fx.store(), agreementId);
    const email = hot[0]?.subjects?.[0]?.identifiers[0]?.value as string;
    expect(r.json().report.sourceRef).toBe(pseudonymOfNormalised(key, 'value', 'PS-0'));
    expect(r.json().subjects[0].identifiers[0].value).toBe(pseudonymOfNormalised(key, 'value', email));
    expect(r.body).not.toContain(email);
  });
});
