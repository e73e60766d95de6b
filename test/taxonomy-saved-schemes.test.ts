import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { Crosswalk, TaxonomyRegistry, loadSavedSchemes } from '../src/taxonomy/index.ts';
import { describeEachStore } from './support/databases.ts';
import { seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

/** An organisation's own scheme, imported once, is kept by the node and known again after a restart. */
describeEachStore('saved classification schemes', (fx) => {
  let app: FastifyInstance;
  let orgs: TwoOrgs;
  const csv = (version: string, h2: string) =>
    ['# scheme: test-hotline-categories', `# version: ${version}`, 'code,prefLabel@en,exactMatch,broadMatch,narrowMatch', 'H1,Most severe,,,uk-2014:A', `H2,Contact,${h2},,`, 'H3,Posing,,uk-2014:C,'].join('\n');

  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    app = await buildApp({ store: fx.store() });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('imports a scheme as a steward, keeps it, and a fresh registry loaded from the store translates with it', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/taxonomy/schemes', headers: { authorization: `Bearer ${orgs.hotline.tokens.steward}` }, payload: { text: csv(`v-${fx.kind}`, 'uk-2014:B'), format: 'csv' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ id: 'test-hotline-categories', version: `v-${fx.kind}`, concepts: 3 });

    const fresh = new TaxonomyRegistry();
    expect(fresh.has('test-hotline-categories')).toBe(false);
    expect(await loadSavedSchemes(fx.store(), fresh)).toBeGreaterThanOrEqual(1);
    expect(new Crosswalk(fresh).translate('test-hotline-categories', 'H2', 'uk-2014')).toMatchObject({ relation: 'exact', codes: [{ code: 'B' }] });
  });

  it('refuses an analyst, and refuses changed content under a version already kept', async () => {
    const analyst = await app.inject({ method: 'POST', url: '/api/v1/taxonomy/schemes', headers: { authorization: `Bearer ${orgs.hotline.tokens.analyst}` }, payload: { text: csv('v-other', 'uk-2014:B'), format: 'csv' } });
    expect(analyst.statusCode).toBe(403);
    expect(analyst.json().error.message).toContain('steward or admin');
    const changed = await app.inject({ method: 'POST', url: '/api/v1/taxonomy/schemes', headers: { authorization: `Bearer ${orgs.hotline.tokens.steward}` }, payload: { text: csv(`v-${fx.kind}`, 'uk-2014:C'), format: 'csv' } });
    expect(changed.statusCode).toBeGreaterThanOrEqual(400);
    expect(changed.statusCode).toBeLessThan(500);
    expect(changed.json().error.message).toMatch(/version|different/i);
  });
});
