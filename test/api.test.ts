import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { describeEachStore } from './support/databases.ts';
import { seedReports, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

describeEachStore('HTTP API', (fx) => {
  let app: FastifyInstance;
  let orgs: TwoOrgs;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    await seedReports(fx.store(), orgs.hotline.orgId, orgs.hotline.datasetId, 30, 'HOT');
    await seedReports(fx.store(), orgs.platform.orgId, orgs.platform.datasetId, 20, 'PLAT');
    app = await buildApp({ store: fx.store() });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers health without a token', async () => {
    const r = await app.inject({ url: '/api/v1/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', cdmVersion: '1.0.0', store: fx.kind });
  });

  it('refuses calls without a token, with a malformed token, or with an unknown one', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, auth('tsr_' + 'A'.repeat(43))]) {
      const r = await app.inject({ url: '/api/v1/reports', headers });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('unauthenticated');
      expect(r.json().error.message.length).toBeGreaterThan(20);
    }
  });

  it('says who the caller is', async () => {
    const r = await app.inject({ url: '/api/v1/me', headers: auth(orgs.hotline.tokens.analyst) });
    expect(r.json()).toMatchObject({ email: 'analyst@hotline.example', roles: ['analyst'], organisation: { id: orgs.hotline.orgId, slug: 'test-hotline' } });
  });

  it('lists organisations and datasets (the directory and catalogue)', async () => {
    const o = await app.inject({ url: '/api/v1/organisations', headers: auth(orgs.platform.tokens.analyst) });
    expect(o.json().items.map((x: { slug: string }) => x.slug)).toEqual(expect.arrayContaining(['test-hotline', 'test-platform']));
    const d = await app.inject({ url: `/api/v1/datasets?ownerOrgId=${orgs.hotline.orgId}`, headers: auth(orgs.platform.tokens.analyst) });
    expect(d.json().items).toHaveLength(1);
    expect(d.json().items[0]).toMatchObject({ ownerOrgId: orgs.hotline.orgId, purpose: 'content-removal' });
  });

  it('pages through reports with an opaque cursor, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await app.inject({ url: `/api/v1/reports?limit=7${cursor ? `&cursor=${cursor}` : ''}`, headers: auth(orgs.hotline.tokens.analyst) });
      expect(r.statusCode).toBe(200);
      const body = r.json() as { items: Array<{ id: string; reportedAt: string }>; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('filters reports by country, flag and time', async () => {
    const fr = await app.inject({ url: '/api/v1/reports?country=FR&limit=100', headers: auth(orgs.hotline.tokens.analyst) });
    expect(fr.json().items).toHaveLength(15);
    expect(fr.json().items.every((i: { country: string }) => i.country === 'FR')).toBe(true);
    const urgent = await app.inject({ url: '/api/v1/reports?flag=urgent&limit=100', headers: auth(orgs.hotline.tokens.analyst) });
    expect(urgent.json().items).toHaveLength(6);
    const window = await app.inject({ url: '/api/v1/reports?from=2026-01-01T00:10:00Z&to=2026-01-01T00:20:00Z&limit=100', headers: auth(orgs.hotline.tokens.analyst) });
    for (const i of window.json().items as Array<{ reportedAt: string }>) expect(i.reportedAt >= '2026-01-01T00:10' && i.reportedAt < '2026-01-01T00:20').toBe(true);
  });

  it("never returns another organisation's reports, by list, by id, or by filter", async () => {
    const list = await app.inject({ url: '/api/v1/reports?limit=500', headers: auth(orgs.platform.tokens.admin) });
    const items = list.json().items as Array<{ sourceOrgId: string; sourceRef: string }>;
    expect(items).toHaveLength(20);
    expect(items.every((i) => i.sourceOrgId === orgs.platform.orgId)).toBe(true);
    const hotlineReport = await fx.store().db.selectFrom('reports').select('id').where('source_org_id', '=', orgs.hotline.orgId).executeTakeFirstOrThrow();
    const byId = await app.inject({ url: `/api/v1/reports/${hotlineReport.id}`, headers: auth(orgs.platform.tokens.admin) });
    expect(byId.statusCode).toBe(404);
    expect(byId.body).not.toContain('HOT-');
    const byDataset = await app.inject({ url: `/api/v1/reports?datasetId=${orgs.hotline.datasetId}`, headers: auth(orgs.platform.tokens.admin) });
    expect(byDataset.json().items).toEqual([]);
  });

  it('denies record reads to an auditor, with a reason a person understands', async () => {
    const r = await app.inject({ url: '/api/v1/reports', headers: auth(orgs.hotline.tokens.auditor) });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toContain('analyst, steward or admin');
  });

  it('returns one report with its files, signals and children', async () => {
    const id = (await app.inject({ url: '/api/v1/reports?limit=1', headers: auth(orgs.hotline.tokens.analyst) })).json().items[0].id;
    const r = await app.inject({ url: `/api/v1/reports/${id}`, headers: auth(orgs.hotline.tokens.analyst) });
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d.report.id).toBe(id);
    expect(d.contentItems[0].hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(d.children[0].age).toEqual({ min: 11, max: 13, basis: 'estimated' });
  });

  it('writes a report bundle for the caller\'s organisation and reports a repeat as a duplicate', async () => {
    const body = { bundles: [{ report: { datasetId: orgs.hotline.datasetId, sourceRef: 'API-1', kind: 'hotline-report', reportedAt: '2026-05-01T10:00:00+02:00', country: 'DE' }, contentItems: [{ sourceRef: 'f1', mediaType: 'image', hashes: { md5: 'a'.repeat(32) } }], children: [{ sourceRef: 'c1', age: { min: null, max: null, basis: 'reported' } }] }] };
    const r = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth(orgs.hotline.tokens.steward), payload: body });
    expect(r.json()).toEqual({ inserted: 1, duplicates: 0 });
    const again = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth(orgs.hotline.tokens.steward), payload: body });
    expect(again.json()).toEqual({ inserted: 0, duplicates: 1 });
    const stored = await fx.store().db.selectFrom('reports').select(['lineage', 'source_org_id']).where('source_ref', '=', 'API-1').executeTakeFirstOrThrow();
    expect(stored.source_org_id).toBe(orgs.hotline.orgId);
    expect(stored.lineage).toMatchObject({ sourceSystem: 'tessera-api', adapter: { name: 'api' }, collectionPurpose: 'content-removal' });
  });

  it('rejects a bundle with one bad nested field, names it, and writes nothing at all', async () => {
    const before = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`.execute(fx.store().db);
    const body = {
      bundles: [
        { report: { datasetId: orgs.hotline.datasetId, sourceRef: 'API-OK', kind: 'hotline-report', reportedAt: '2026-05-01T10:00:00Z' } },
        { report: { datasetId: orgs.hotline.datasetId, sourceRef: 'API-BAD', kind: 'hotline-report', reportedAt: '2026-05-01T10:00:00Z' }, children: [{ sourceRef: 'c1', age: { min: 15, max: 9, basis: 'estimated' } }] },
      ],
    };
    const r = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth(orgs.hotline.tokens.steward), payload: body });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.where.path).toBe('body.bundles[1].children[0].age.max');
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`.execute(fx.store().db);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it("refuses writes into another organisation's dataset and by an analyst", async () => {
    const body = { bundles: [{ report: { datasetId: orgs.hotline.datasetId, sourceRef: 'X', kind: 'platform-report', reportedAt: '2026-05-01T10:00:00Z' } }] };
    const cross = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth(orgs.platform.tokens.steward), payload: body });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().error.details.issues[0].code).toBe('forbidden_dataset');
    const analyst = await app.inject({ method: 'POST', url: '/api/v1/reports', headers: auth(orgs.hotline.tokens.analyst), payload: body });
    expect(analyst.statusCode).toBe(403);
  });

  it('answers malformed requests with a JSON error and keeps serving', async () => {
    const cases = [
      { method: 'POST' as const, url: '/api/v1/reports', payload: '{"bundles": [', headers: { 'content-type': 'application/json' } },
      { method: 'POST' as const, url: '/api/v1/reports', payload: { bundles: 'all of them' } },
      { method: 'POST' as const, url: '/api/v1/reports', payload: { bundles: [{ report: { datasetId: 42 } }], extra: true } },
      { method: 'GET' as const, url: '/api/v1/reports?limit=100000' },
      { method: 'GET' as const, url: '/api/v1/reports?cursor=not-a-cursor' },
      { method: 'GET' as const, url: '/api/v1/reports?country=france' },
      { method: 'GET' as const, url: '/api/v1/reports/' + 'x'.repeat(5000) },
      { method: 'GET' as const, url: '/api/v1/no-such-thing' },
    ];
    for (const c of cases) {
      const r = await app.inject({ ...c, headers: { ...auth(orgs.hotline.tokens.steward), ...(c.headers ?? {}) } });
      expect(r.statusCode, `${c.method} ${c.url}`).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, `${c.method} ${c.url}`).toBeLessThan(500);
      const e = r.json().error;
      expect(typeof e.code).toBe('string');
      expect(e.message.length).toBeGreaterThan(10);
    }
    expect((await app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
  });

  it('points at the faulty field for a bad query parameter', async () => {
    const r = await app.inject({ url: '/api/v1/reports?country=france', headers: auth(orgs.hotline.tokens.analyst) });
    expect(r.json().error.where).toMatchObject({ path: 'querystring.country', field: 'country' });
  });

  it('publishes an OpenAPI 3.1 document generated from the same schemas', async () => {
    const r = await app.inject({ url: '/openapi.json' });
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/health', '/api/v1/me', '/api/v1/organisations', '/api/v1/datasets', '/api/v1/reports', '/api/v1/reports/{id}']));
    expect(doc.components.schemas.Report.properties.lineage).toBeDefined();
    expect(doc.components.schemas.ErrorResponse).toBeDefined();
    const params = doc.paths['/api/v1/reports'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['country', 'cursor', 'limit', 'from', 'to']));
  });
});
