import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { buildApp } from '../src/server/app.ts';
import { describeEachStore } from './support/databases.ts';
import { seedReports, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const P = 'from=2025-01&to=2026-12';

/**
 * Indicators over the API: an organisation's indicators count its own rows plus what agreements
 * in force share with it for counting, and nothing else; exports; bad input; quality reports.
 */
describeEachStore('indicators API: scope under agreements, exports, bad input, quality', (fx) => {
  let app: FastifyInstance;
  let orgs: TwoOrgs;
  let shareId = '';
  const terms = (slug: string, fields: Record<string, string>, actions = ['read', 'aggregate']) => ({
    slug, title: `${slug} (synthetic)`, recipients: [{ orgId: orgs.platform.orgId }], purposes: ['research-and-statistics', 'content-removal'], legalBasis: 'legitimate-interest', datasetIds: [orgs.hotline.datasetId],
    actions, fields, validFrom: '2025-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
  });
  const agree = async (t: ReturnType<typeof terms>) => {
    const d = await app.inject({ method: 'POST', url: '/api/v1/agreements', headers: auth(orgs.hotline.tokens.steward), payload: t });
    expect(d.statusCode, d.body).toBe(201);
    for (const tok of [orgs.hotline.tokens.steward, orgs.platform.tokens.steward]) await app.inject({ method: 'POST', url: `/api/v1/agreements/${d.json().id}/accept`, headers: auth(tok), payload: {} });
    return d.json().id as string;
  };
  const get = (token: string, url: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: auth(token) });
  const total = (body: { values: Array<{ value: number | null; dimensions: Record<string, string> }> }) => body.values.filter((v) => !Object.values(v.dimensions).includes('*')).reduce((s, v) => s + (v.value ?? 0), 0);

  beforeAll(async () => {
    const store = fx.store();
    orgs = await seedTwoOrgs(store);
    await seedReports(store, orgs.hotline.orgId, orgs.hotline.datasetId, 30, 'HOT'); // 15 FR, 15 BR
    await seedReports(store, orgs.platform.orgId, orgs.platform.datasetId, 40, 'PLAT'); // 20 FR, 20 BR
    // A third organisation with no agreement with anyone: never in anyone else's figures.
    const other = await registerOrganisation(store, { slug: 'test-other', name: 'Other (synthetic)', kind: 'ngo', jurisdiction: 'DE', languages: ['de'] });
    const ds = await registerDatasetAsNode(store, { ownerOrgId: other.id, slug: 'reports', name: 'other reports', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
    await seedReports(store, other.id, ds.id, 25, 'OTH');
    app = await buildApp({ store });
    shareId = await agree(terms('count-share', { kind: 'visible', country: 'visible', reportedAt: 'visible' }));
    await agree(terms('no-country', { kind: 'visible', reportedAt: 'visible' }));
    await agree(terms('read-only', { kind: 'visible', country: 'visible', reportedAt: 'visible' }, ['read']));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists the built-in indicators as data', async () => {
    const r = await get(orgs.platform.tokens.analyst, '/indicators');
    expect(r.statusCode).toBe(200);
    const names = r.json().items.map((d: { name: string }) => d.name);
    expect(names).toEqual(expect.arrayContaining(['reports', 'children', 'completeness-age', 'completeness-language', 'agreements-active', 'duplicates-folded']));
  });

  it("counts the organisation's own rows plus what agreements share for counting — never a third party's", async () => {
    const all = await get(orgs.platform.tokens.analyst, `/indicators/reports?${P}&grain=total`);
    expect(all.statusCode, all.body).toBe(200);
    expect(total(all.json())).toBe(70); // 40 own + 30 shared by the hotline; never the other 25
    expect(all.json().coverage.scope.map((s: { basis: string }) => s.basis).sort()).toEqual(['agreement', 'own-organisation']);
    expect(all.json().disclosure.threshold).toBe(10);
    // The read-only agreement does not allow counting: left out, with the reason.
    expect(all.json().coverage.excluded).toEqual([expect.objectContaining({ agreement: 'read-only', reason: expect.stringMatching(/permits read, not aggregate/) })]);
    const own = await get(orgs.platform.tokens.analyst, `/indicators/reports?${P}&grain=total&scope=own`);
    expect(total(own.json())).toBe(40);
    const one = await get(orgs.platform.tokens.analyst, `/indicators/reports?${P}&grain=total&scope=${shareId}`);
    expect(total(one.json())).toBe(30);
    // The provider's own figures do not include the recipient's rows.
    const hot = await get(orgs.hotline.tokens.analyst, `/indicators/reports?${P}&grain=total`);
    expect(total(hot.json())).toBe(30);
    expect(hot.json().coverage.scope).toHaveLength(1);
  });

  it('leaves out an agreement that hides a field the breakdown needs, and says so', async () => {
    const r = await get(orgs.platform.tokens.analyst, `/indicators/reports?${P}&grain=total&by=country`);
    expect(r.statusCode, r.body).toBe(200);
    const v = Object.fromEntries(r.json().values.map((x: { dimensions: { country: string }; value: number }) => [x.dimensions.country, x.value]));
    expect(v).toEqual({ BR: 35, FR: 35, '*': 70 }); // count-share shares country; no-country is left out
    expect(r.json().coverage.excluded.map((e: { agreement: string }) => e.agreement).sort()).toEqual(['no-country', 'read-only']);
    expect(r.json().coverage.excluded.find((e: { agreement: string }) => e.agreement === 'no-country').reason).toMatch(/does not share country/);
  });

  it('suppresses small shared counts, and the result does not give them back', async () => {
    const r = await get(orgs.platform.tokens.analyst, `/indicators/reports?${P}&grain=total&by=country&threshold=36`);
    const cells = r.json().values.filter((x: { dimensions: { country: string } }) => x.dimensions.country !== '*');
    expect(cells.every((x: { value: number | null; status: string }) => x.value === null && x.status !== 'shown')).toBe(true);
    expect(r.body).not.toMatch(/"value":35\b/);
  });

  it('denies roles that may not count, and an agreement asked for by name that does not allow it', async () => {
    const a = await get(orgs.platform.tokens.auditor, `/indicators/reports?${P}`);
    expect(a.statusCode).toBe(403);
    expect(a.body).not.toMatch(/\b(30|40|70)\b/);
    const ro = await get(orgs.platform.tokens.analyst, `/indicators/reports?${P}&scope=read-only`);
    expect(ro.statusCode).toBe(403);
    expect(ro.json().error.message).toMatch(/permits read, not aggregate/);
  });

  it('exports every indicator as CSV, JSON and CSV with HXL hashtags', async () => {
    const csv = await get(orgs.platform.tokens.analyst, `/indicators/reports/export?${P}&grain=month&by=country&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('indicator,period,country,value,unit,status,coverage_records,coverage_known_share,coverage_datasets_reporting,coverage_datasets_in_scope');
    expect(lines).toContain('reports,2026-01,BR,35,reports,shown,70,1,2,2');
    const hxl = await get(orgs.platform.tokens.analyst, `/indicators/completeness-language/export?${P}&grain=total&format=hxl`);
    const h = hxl.body.split('\r\n');
    expect(h[1]).toBe('#indicator+code,#date,#indicator+value+pct,#meta+unit,#meta+status+disclosure,#meta+numerator+num,#meta+denominator+num,#meta+coverage+records+num,#meta+coverage+known+pct,#meta+coverage+datasets+num,#meta+coverage+datasets_in_scope+num');
    // No agreement shares language in clear: only the platform's own 40 reports count.
    expect(h[2]).toBe('completeness-language,2025-01-01T00:00:00.000Z/2027-01-01T00:00:00.000Z,100,percent,shown,40,40,40,,1,1');
    const json = await get(orgs.platform.tokens.analyst, `/indicators/agreements-active/export?${P}&format=json`);
    expect(JSON.parse(json.body).indicator.name).toBe('agreements-active');
  });

  it('refuses definitions with unknown fields, impossible dates and unknown breakdowns with a clear error', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/v1/indicators/compute', headers: auth(orgs.platform.tokens.analyst), payload: { definition: { name: 'x', title: 'x', description: 'x', unit: 'reports', measure: { kind: 'count', entity: 'reports' }, disaggregations: ['colour'] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_indicator', where: { field: 'disaggregations.0' } });
    expect(bad.json().error.message).toMatch(/unknown field "colour" of reports in disaggregations.0; the fields of reports are source, dataset, kind/);
    const ent = await app.inject({ method: 'POST', url: '/api/v1/indicators/compute', headers: auth(orgs.platform.tokens.analyst), payload: { definition: { name: 'x', title: 'x', description: 'x', unit: 'x', measure: { kind: 'completeness', entity: 'victims', field: 'age' } } } });
    expect(ent.json().error).toMatchObject({ code: 'invalid_indicator', where: { field: 'measure.entity' } });
    const date = await get(orgs.platform.tokens.analyst, '/indicators/reports?from=2026-02-30');
    expect(date.statusCode).toBe(400);
    expect(date.json().error).toMatchObject({ code: 'invalid_date', where: { field: 'from' } });
    expect(date.json().error.message).toMatch(/2026-02 has no day 30/);
    const order = await get(orgs.platform.tokens.analyst, '/indicators/reports?from=2026-05&to=2026-01');
    expect(order.json().error.code).toBe('invalid_period');
    const by = await get(orgs.platform.tokens.analyst, `/indicators/reports?${P}&by=colour`);
    expect(by.json().error).toMatchObject({ code: 'invalid_breakdown', where: { field: 'by' } });
    expect((await get(orgs.platform.tokens.analyst, '/indicators/nope')).statusCode).toBe(404);
    // A custom definition that is valid computes, over the same scope rules.
    const ok = await app.inject({ method: 'POST', url: '/api/v1/indicators/compute', headers: auth(orgs.platform.tokens.analyst), payload: { definition: { name: 'fr-reports', title: 'Reports about France', description: 'x', unit: 'reports', measure: { kind: 'count', entity: 'reports' }, filters: { country: 'FR' } }, from: '2025-01', to: '2026-12', grain: 'total', scope: 'own' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(total(ok.json())).toBe(20);
  });

  it('gives a monthly trend and collaboration figures (agreements in force, records shared)', async () => {
    const t = await get(orgs.platform.tokens.analyst, '/indicators/reports/trend?from=2026-01&to=2026-06&scope=own');
    expect(t.statusCode, t.body).toBe(200);
    expect(t.json().series.map((p: { value: number }) => p.value)).toEqual([40, 0, 0, 0, 0, 0]);
    const ag = await get(orgs.hotline.tokens.analyst, '/indicators/agreements-active?from=2026-11&to=2026-11');
    expect(ag.json().values[0].value).toBe(3);
    // In force is a stock: the year's figure is its last month's, not a sum of months.
    const year = await get(orgs.hotline.tokens.analyst, '/indicators/agreements-active?from=2026-01&to=2026-11&grain=total');
    expect(year.json().values[0].value).toBe(3);
    // The platform reads 30 hotline reports under the agreement: the hotline's records shared.
    const read = await get(orgs.platform.tokens.analyst, `/reports?agreement=${shareId}&purpose=content-removal&limit=30`);
    expect(read.statusCode, read.body).toBe(200);
    const month = new Date().toISOString().slice(0, 7);
    const shared = await get(orgs.hotline.tokens.analyst, `/indicators/records-shared?from=${month}&to=${month}`);
    expect(shared.json().values[0].value).toBe(read.json().items.length);
    const mine = await get(orgs.platform.tokens.analyst, `/indicators/records-shared?from=${month}&to=${month}`);
    expect(mine.json().values[0].value).toBe(0);
  });

  it('reports quality per dataset, representation against a reference population, and unused fields', async () => {
    const q = await get(orgs.hotline.tokens.analyst, `/quality/datasets?${P}`);
    expect(q.statusCode, q.body).toBe(200);
    expect(q.json().datasets).toEqual([expect.objectContaining({ datasetId: orgs.hotline.datasetId, reports: 30, children: 30, completeness: { country: 100, language: 100, category: 100, age: 100, gender: 0 } })]);
    const rep = await app.inject({ method: 'POST', url: '/api/v1/quality/representation', headers: auth(orgs.hotline.tokens.analyst), payload: { dimension: 'country', from: '2025-01', to: '2026-12', reference: [{ value: 'FR', population: 10 }, { value: 'BR', population: 70 }, { value: 'DE', population: 20 }] } });
    expect(rep.statusCode, rep.body).toBe(200);
    const rows = Object.fromEntries(rep.json().rows.map((r: { value: string; verdict: string; ratio: number | null }) => [r.value, [r.verdict, r.ratio]]));
    expect(rows).toEqual({ FR: ['over-represented', 5], BR: ['as-expected', 0.7143], DE: ['absent', 0] });
    expect(rep.json().underRepresented).toEqual(['DE']);
    const min = await get(orgs.hotline.tokens.analyst, '/quality/minimisation');
    expect(min.statusCode, min.body).toBe(200);
    const verdict = Object.fromEntries(min.json().rows.filter((r: { record: string }) => r.record === 'report').map((r: { field: string; verdict: string }) => [r.field, r.verdict]));
    expect(verdict).toMatchObject({ country: 'used', flags: 'unused', signals: 'unused', contentItems: 'unused', incidentAt: 'not-collected' });
    expect(min.json().unused).toContain('report.flags');
  });
});
