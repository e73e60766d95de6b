import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { localPrincipal, type Principal } from '../identity/index.ts';
import { ChildEntity, ContentItemEntity, SignalEntity, parseEntity, type Child, type ContentItem, type Signal } from '../model/index.ts';
import { reportRowFilter, withAccess, type FieldRule, type ReportField } from '../policy/index.ts';
import { nestedFor, nestedMembersSql } from '../records/index.ts';
import { insertReportBundles } from '../store/repositories/records.ts';
import { describeEachStore } from '../../test/support/databases.ts';
import { acceptedAgreementsForProfiles, makeBundles, seedTwoOrgs, type TwoOrgs } from '../../test/support/fixtures.ts';

/**
 * A page of the exchange builds each record's content items, signals and children in SQL; every
 * other read path builds them in Node (`nestedFor`). Both must give the same values and the same
 * pseudonyms, or a recipient would see under one path what the other hides.
 */
describeEachStore('exchange: nested groups built in SQL equal nestedFor', (fx) => {
  let orgs: TwoOrgs;
  let analyst: Principal;
  let steward: Principal;
  const profiles: Array<Partial<Record<ReportField, FieldRule>>> = [
    { sourceRef: 'pseudonymised', contentItems: 'visible', signals: 'pseudonymised' },
    { contentItems: 'pseudonymised', signals: 'visible', children: 'visible' },
    { children: 'visible', subjects: 'visible' },
    { kind: 'visible' },
  ];
  const agreements: string[] = [];

  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    const bundles = makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 12, 'NEST');
    // Several items per report in another order than written, absent optional values, text that needs escaping, a report without any.
    const b0 = bundles[0] as (typeof bundles)[number];
    const id = b0.report.id;
    b0.contentItems = [
      parseEntity(ContentItemEntity, { reportId: id, sourceRef: 'z"9 ünï', mediaType: 'video', hashes: { sha1: 'a'.repeat(40) }, lineage: b0.report.lineage }) as ContentItem,
      parseEntity(ContentItemEntity, { reportId: id, sourceRef: 'a1', mediaType: 'image', sizeBytes: 12, hashes: {}, lineage: b0.report.lineage }) as ContentItem,
    ];
    b0.signals = [
      parseEntity(SignalEntity, { reportId: id, type: 'url', value: 'https://b.example/q?x="1"\\' }) as Signal,
      parseEntity(SignalEntity, { reportId: id, type: 'url', value: 'https://a.example/🙂' }) as Signal,
    ];
    b0.children = [
      parseEntity(ChildEntity, { reportId: id, sourceRef: 'c2', age: { min: null, max: 9, basis: 'estimated', stage: 'pubescent' }, gender: 'female', country: 'NL', identified: true }) as Child,
      parseEntity(ChildEntity, { reportId: id, sourceRef: 'c1', age: { min: 3, max: null, basis: 'reported' }, gender: 'unknown' }) as Child,
    ];
    const b1 = bundles[1] as (typeof bundles)[number];
    b1.contentItems = [];
    b1.signals = [];
    b1.children = [];
    await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, bundles));
    steward = await localPrincipal(fx.store(), 'steward@hotline.example');
    analyst = await localPrincipal(fx.store(), 'analyst@platform.example');
    agreements.push(...(await acceptedAgreementsForProfiles(fx.store(), orgs, profiles, 'nested-eq')));
  });

  it('gives the same content items, signals and children, with the same pseudonyms, for each field profile and for own records', async () => {
    const cases: Array<[Principal, string | undefined]> = [[steward, undefined], ...agreements.map((id): [Principal, string] => [analyst, id])];
    for (const [who, agreementId] of cases) {
      await withAccess(fx.store(), who, { action: 'export', agreementId, purpose: agreementId ? 'content-removal' : undefined, resource: 'test' }, async (plan, tools) => {
        const pseudo = Object.values(plan.fields).includes('pseudonymised') ? await tools.sqlPseudonymiser() : null;
        const built = nestedMembersSql(plan, pseudo, sql<string>`reports.id`);
        expect(built, 'the database builds the groups').not.toBeNull();
        const members = built?.members.length ? sql<string>`'{' || concat_ws(',', ${sql.join(built.members)}) || '}'` : sql<string>`'{}'`;
        const viaSql = await fx.store().db.selectFrom('reports').select(['id', members.as('nested')]).where(reportRowFilter(plan.rows)).orderBy('id').execute();
        expect(viaSql.length).toBeGreaterThanOrEqual(12);
        const viaNode = await nestedFor(fx.store(), plan, tools, viaSql.map((r) => r.id), new Set(['subjects', 'classifications', 'notes']));
        for (const r of viaSql) {
          const expected = JSON.parse(JSON.stringify(viaNode.get(r.id))) as Record<string, unknown>;
          expect(JSON.parse(r.nested), `${agreementId ?? 'own'} ${r.id}`).toEqual(expected);
        }
        // Hidden groups are not built, shown ones are.
        for (const g of ['contentItems', 'signals', 'children'] as const) expect(built?.built.includes(g), `${agreementId ?? 'own'} ${g}`).toBe(plan.fields[g] !== 'hidden');
        return { result: null };
      });
    }
  });
});
