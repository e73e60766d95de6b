import { beforeAll, expect, it } from 'vitest';
import { localPrincipal, type Principal } from '../src/identity/index.ts';
import { reportRowFilter, withAccess, type FieldRule, type ReportField } from '../src/policy/index.ts';
import { exportReports, projectReportRow, registerDatasetAsNode, reportLineSql, selectedColumns } from '../src/records/index.ts';
import { insertReportBundles } from '../src/store/repositories/records.ts';
import { describeEachStore } from './support/databases.ts';
import { acceptedAgreementsForProfiles, makeBundles, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

/**
 * Bulk export builds each JSON line in SQL (projection, pseudonyms, lineage hop); every other
 * read path projects in Node. Both must give the same members and the same pseudonyms, or a
 * recipient could link or see what the other path hides.
 */
describeEachStore('governance: export lines built in SQL equal the Node projection', (fx) => {
  let orgs: TwoOrgs;
  let analyst: Principal;
  let steward: Principal;
  const profiles: Array<Partial<Record<ReportField, FieldRule>>> = [
    { sourceRef: 'pseudonymised', kind: 'visible', reportedAt: 'visible', country: 'visible', incidentTypes: 'visible', signals: 'pseudonymised' },
    { sourceRef: 'visible', kind: 'visible', status: 'visible', reportedAt: 'visible', incidentAt: 'visible', country: 'visible', language: 'visible', incidentTypes: 'visible', flags: 'visible' },
    { sourceRef: 'pseudonymised' },
    {},
  ];
  const agreements: string[] = [];

  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    const bundles = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 30, 'EXP');
    // Values that need JSON escaping, non-ASCII text, and absent optional fields.
    const odd = bundles[0] as (typeof bundles)[number];
    odd.report = { ...odd.report, sourceRef: 'q"uo\\te\ttab ünï 🙂', incidentAt: '2025-12-31T23:59:59.123Z', country: undefined, language: undefined };
    const odd2 = bundles[1] as (typeof bundles)[number];
    odd2.report = { ...odd2.report, flags: ['urgent', 'has "quote"'] };
    await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, bundles));
    // The provider's own bulk dataset: enough rows for several export pages.
    const bulk = await registerDatasetAsNode(fx.store(), { ownerOrgId: orgs.hotline.orgId, slug: 'bulk', name: 'bulk (synthetic)', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
    await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, makeBundles(orgs.hotline.orgId, bulk.id, 430, 'BULK')));
    steward = await localPrincipal(fx.store(), 'steward@hotline.example');
    analyst = await localPrincipal(fx.store(), 'analyst@platform.example');
    agreements.push(...(await acceptedAgreementsForProfiles(fx.store(), orgs, profiles, 'export-eq')));
  });

  it('gives the same lines as projectReportRow + JSON.stringify, for each field profile and for own records', async () => {
    const hop = { orgId: 'organisation--00000000-0000-4000-8000-000000000001', agreementId: 'agreement--x', at: '2026-11-22T00:00:00.000Z' };
    const cases: Array<[Principal, string | undefined]> = [[steward, undefined], ...agreements.map((id): [Principal, string] => [analyst, id])];
    for (const [who, agreementId] of cases) {
      await withAccess(fx.store(), who, { action: 'export', agreementId, purpose: agreementId ? 'content-removal' : undefined, resource: 'test' }, async (plan, tools) => {
        const pseudo = Object.values(plan.fields).includes('pseudonymised') ? await tools.sqlPseudonymiser() : null;
        if (Object.values(plan.fields).includes('pseudonymised')) expect(pseudo, 'the database computes the same pseudonyms').not.toBeNull();
        const viaSql = await fx.store().db.selectFrom('reports').select(['id', reportLineSql(plan, pseudo, agreementId ? hop : null).as('line')]).where(reportRowFilter(plan.rows)).orderBy('id').execute();
        const rows = await fx.store().db.selectFrom('reports').select(selectedColumns(plan)).where(reportRowFilter(plan.rows)).orderBy('id').execute();
        expect(viaSql).toHaveLength(agreementId ? 30 : 460);
        rows.forEach((r, i) => {
          const rec = projectReportRow(plan, tools, r);
          if (agreementId) (rec.lineage as { hops: unknown[] }).hops = [...((rec.lineage as { hops?: unknown[] }).hops ?? []), hop];
          expect(JSON.parse(viaSql[i]?.line as string), `${agreementId ?? 'own'} ${r.id}`).toEqual(JSON.parse(JSON.stringify(rec)));
          expect(Object.keys(JSON.parse(viaSql[i]?.line as string))).toEqual(Object.keys(rec));
        });
        return { result: null };
      });
    }
  });

  it('exportReports without nested records streams those lines, with the recipient’s hop in the lineage', async () => {
    let out = '';
    const s = await exportReports(fx.store(), analyst, { agreement: agreements[0], purpose: 'content-removal', nested: false, batchSize: 100 }, (c) => void (out += c));
    expect(s.records).toBe(30);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(30);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['country', 'datasetId', 'id', 'incidentTypes', 'kind', 'lineage', 'reportedAt', 'sourceOrgId', 'sourceRef'].filter((k) => k !== 'country' || l.country !== undefined));
      expect(String(l.sourceRef)).toMatch(/^pseu_[A-Za-z0-9_-]{27}$/);
      expect((l.lineage as { hops: Array<{ orgId: string; agreementId: string }> }).hops.at(-1)).toMatchObject({ orgId: orgs.platform.orgId, agreementId: agreements[0] });
    }
    expect(out).not.toMatch(/EXP-\d+/);
  });

  it('pages through a large export in id order, each record once, whatever the page size', async () => {
    const all = (await fx.store().db.selectFrom('reports').select('id').where('source_org_id', '=', orgs.hotline.orgId).orderBy('id').execute()).map((r) => r.id);
    for (const batchSize of [100, 230, 460, 1000]) {
      let out = '';
      const s = await exportReports(fx.store(), steward, { nested: false, batchSize }, (c) => void (out += c));
      const got = out.trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
      expect(s.records, `batch ${batchSize}`).toBe(460);
      expect(got, `batch ${batchSize}`).toEqual(all);
    }
  });
});
