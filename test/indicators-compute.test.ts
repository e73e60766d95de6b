import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { generateContacts, generateEcosystem, generateReports } from '../src/generator/index.ts';
import type { Principal } from '../src/identity/index.ts';
import { BUILTIN_INDICATORS, compactRollups, computeIndicator, indicatorTrend, parseDefinition } from '../src/indicators/index.ts';
import { listCases, runLinkage } from '../src/linkage/index.ts';
import type { Contact } from '../src/model/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { insertContacts, insertReportBundles, type ReportBundle } from '../src/store/repositories/records.ts';
import { describeEachStore } from './support/databases.ts';

/**
 * Every built-in indicator over records indicator on generated data, against answers computed
 * here in plain code from the generated bundles (never with the SQL under test).
 */
const SEED = 31;
const month = (iso: string) => iso.slice(0, 7);
const band = (min: number | null, max: number | null) => {
  if (min === null || max === null) return 'unknown';
  if (max <= 2) return '0-2';
  if (min >= 3 && max <= 6) return '3-6';
  if (min >= 7 && max <= 10) return '7-10';
  if (min >= 11 && max <= 13) return '11-13';
  if (min >= 14 && max <= 15) return '14-15';
  if (min >= 16 && max <= 17) return '16-17';
  return 'wider-range';
};
const tally = <T>(items: T[], key: (x: T) => string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of items) for (const k of key(x)) out[k] = (out[k] ?? 0) + 1;
  return out;
};
const analyst = (orgId: string): Principal => ({ userId: 'u-test', name: 'Test analyst', email: 'analyst@test.example', orgId, orgSlug: 'test', orgJurisdiction: 'NL', roles: ['analyst'], dataProtectionTrainedAt: '2026-06-01T00:00:00Z', safeguardingTrainedAt: null, via: 'local' });

describeEachStore('indicators: built-in set on generated data with known answers', (fx) => {
  const bundles: ReportBundle[] = [];
  const contacts: Contact[] = [];
  let orgId = '';
  let helplineOrg = '';
  let mine: ReportBundle[] = [];
  const period = { from: '2024-11', to: '2026-10' };

  beforeAll(async () => {
    const store = fx.store();
    const eco = generateEcosystem({ seed: SEED });
    for (const o of eco.organisations) await registerOrganisation(store, o);
    for (const d of eco.datasets) await registerDatasetAsNode(store, d);
    for (const b of generateReports({ seed: SEED, count: 1500, batchSize: 500 })) {
      bundles.push(...b);
      await store.db.transaction().execute((trx) => insertReportBundles(trx, b));
    }
    for (const c of generateContacts({ seed: SEED, count: 400, batchSize: 400 })) {
      contacts.push(...c);
      await insertContacts(store.db, c);
    }
    const counts = tally(bundles, (b) => [b.report.sourceOrgId]);
    orgId = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    mine = bundles.filter((b) => b.report.sourceOrgId === orgId);
    helplineOrg = contacts[0]?.sourceOrgId ?? '';
  });

  it('counts reports by every disaggregation, month by month, exactly', async () => {
    const fieldOf: Record<string, (b: ReportBundle) => string[]> = {
      source: (b) => [b.report.sourceOrgId], dataset: (b) => [b.report.datasetId], kind: (b) => [b.report.kind], status: (b) => [b.report.status],
      country: (b) => [b.report.country ?? '(none)'], language: (b) => [b.report.language ?? '(none)'],
      category: (b) => (b.report.incidentTypes.length ? [...new Set(b.report.incidentTypes.map((t) => `${t.scheme}:${t.code}`))] : ['(none)']),
    };
    for (const by of Object.keys(fieldOf)) {
      const r = await computeIndicator(fx.store(), analyst(orgId), 'reports', { ...period, by, scope: 'own' });
      const expected = tally(mine.filter((b) => b.report.reportedAt >= '2024-11' && b.report.reportedAt < '2026-11'), (b) => (fieldOf[by] as (x: ReportBundle) => string[])(b).map((v) => `${month(b.report.reportedAt)}|${v}`));
      const got: Record<string, number> = {};
      for (const v of r.values) if (v.value && v.dimensions[by] !== '*') got[`${v.period}|${v.dimensions[by]}`] = v.value;
      expect(got, by).toEqual(expected);
      // "*" is the period's total over the breakdown (reports with several categories count in each).
      if (by !== 'category') for (const t of r.values.filter((v) => v.dimensions[by] === '*')) expect(t.value).toBe(mine.filter((b) => month(b.report.reportedAt) === t.period).length);
      expect(r.disclosure.suppressed.primary).toBe(0); // own data only: nothing suppressed by default
    }
  });

  it('counts children by age range and gender, and a total over the whole period', async () => {
    const kids = mine.filter((b) => b.report.reportedAt >= '2024-11').flatMap((b) => b.children ?? []);
    const byAge = await computeIndicator(fx.store(), analyst(orgId), 'children', { ...period, by: 'age', grain: 'total', scope: 'own' });
    expect(Object.fromEntries(byAge.values.filter((v) => v.value && v.dimensions.age !== '*').map((v) => [v.dimensions.age, v.value]))).toEqual(tally(kids, (c) => [band(c.age.min, c.age.max)]));
    const byGender = await computeIndicator(fx.store(), analyst(orgId), 'children', { ...period, by: 'gender', grain: 'year', scope: 'own' });
    expect(byGender.values.filter((v) => v.dimensions.gender !== '*').reduce((s, v) => s + (v.value ?? 0), 0)).toBe(kids.length);
    const total = await computeIndicator(fx.store(), analyst(orgId), 'children', { ...period, grain: 'total', scope: 'own' });
    expect(total.values).toHaveLength(1);
    expect(total.values[0]?.value).toBe(kids.length);
    expect(total.coverage.method).toBe('rollup');
  });

  it('gives completeness of age, gender, country and language as percentages with numerator and denominator', async () => {
    const inPeriod = mine.filter((b) => b.report.reportedAt >= '2024-11');
    const kids = inPeriod.flatMap((b) => b.children ?? []);
    const cases: Array<[string, number, number]> = [
      ['completeness-age', kids.filter((c) => c.age.min !== null && c.age.max !== null).length, kids.length],
      ['completeness-gender', kids.filter((c) => c.gender !== 'unknown').length, kids.length],
      ['completeness-country', inPeriod.filter((b) => b.report.country).length, inPeriod.length],
      ['completeness-language', inPeriod.filter((b) => b.report.language).length, inPeriod.length],
    ];
    for (const [name, known, all] of cases) {
      const r = await computeIndicator(fx.store(), analyst(orgId), name, { ...period, grain: 'total', scope: 'own' });
      expect(r.values[0], name).toMatchObject({ numerator: known, denominator: all, value: Math.round((1000 * known) / all) / 10 });
      expect(r.unit).toBe('percent');
    }
  });

  it('breaks completeness down by another field from the rollup, and follows a report whose country changes', async () => {
    const inPeriod = () => mine.filter((b) => b.report.reportedAt >= '2024-11');
    const expectByCountry = () => {
      const out: Record<string, [number, number]> = {};
      for (const b of inPeriod()) for (const c of b.children ?? []) {
        const k = b.report.country ?? '(none)';
        const e = (out[k] ??= [0, 0]);
        e[1]++;
        if (c.age.min !== null && c.age.max !== null) e[0]++;
      }
      return out;
    };
    const got = async () => {
      const r = await computeIndicator(fx.store(), analyst(orgId), 'completeness-age', { ...period, by: 'country', grain: 'total', scope: 'own' });
      expect(r.coverage.method).toBe('rollup');
      return Object.fromEntries(r.values.filter((v) => v.dimensions.country !== '*').map((v) => [v.dimensions.country, [v.numerator, v.denominator]]));
    };
    expect(await got()).toEqual(expectByCountry());
    const moved = inPeriod().find((b) => (b.children?.length ?? 0) > 0 && b.report.country !== 'IS');
    if (!moved) throw new Error('no report with children');
    await sql`UPDATE reports SET country = 'IS' WHERE id = ${moved.report.id}`.execute(fx.store().db);
    moved.report.country = 'IS';
    expect(await got()).toEqual(expectByCountry());
  });

  it('counts helpline contacts and the completeness of their region (the helpline’s own contacts)', async () => {
    const own = contacts.filter((c) => c.sourceOrgId === helplineOrg && c.contactAt >= '2024-11' && c.contactAt < '2026-11');
    const r = await computeIndicator(fx.store(), analyst(helplineOrg), 'helpline-contacts', { ...period, by: 'channel', scope: 'own' });
    const got: Record<string, number> = {};
    for (const v of r.values) if (v.value && v.dimensions.channel !== '*') got[`${v.period}|${v.dimensions.channel}`] = v.value;
    expect(got).toEqual(tally(own, (c) => [`${month(c.contactAt)}|${c.channel}`]));
    expect(r.coverage.method).toBe('rows');
    const region = await computeIndicator(fx.store(), analyst(helplineOrg), 'completeness-region', { ...period, grain: 'total', scope: 'own' });
    expect(region.values[0]).toMatchObject({ numerator: own.filter((c) => c.region).length, denominator: own.length });
  });

  it('gives the same answer from the rollup and from the rows, for partial months and after deletes and compaction', async () => {
    // A period starting and ending mid-month is read from rows at both ends.
    const r = await computeIndicator(fx.store(), analyst(orgId), 'reports', { from: '2025-01-15T12:00:00Z', to: '2026-03-10T00:00:00Z', grain: 'total', scope: 'own' });
    expect(r.coverage.method).toBe('rollup+rows');
    expect(r.values[0]?.value).toBe(mine.filter((b) => b.report.reportedAt >= '2025-01-15T12:00:00' && b.report.reportedAt < '2026-03-10').length);
    // Filters are not in the rollup: rows are read, with the same answer as counting here.
    const def = parseDefinition({ name: 'cybertips', title: 'CyberTipline reports', description: 'Reports of kind cybertip', unit: 'reports', measure: { kind: 'count', entity: 'reports' }, filters: { kind: 'cybertip' }, disaggregations: ['country'] });
    const f = await computeIndicator(fx.store(), analyst(orgId), def, { ...period, grain: 'total', scope: 'own' });
    expect(f.coverage.method).toBe('rows');
    expect(f.values[0]?.value).toBe(mine.filter((b) => b.report.kind === 'cybertip' && b.report.reportedAt >= '2024-11').length);
    // Deleting reports (and their children, by cascade) and compacting keeps the rollup exact.
    const gone = mine.slice(0, 25).map((b) => b.report.id);
    await sql`DELETE FROM reports WHERE id IN (${sql.join(gone)})`.execute(fx.store().db);
    await compactRollups(fx.store());
    const left = mine.slice(25).filter((b) => b.report.reportedAt >= '2024-11');
    const after = await computeIndicator(fx.store(), analyst(orgId), 'children', { ...period, grain: 'total', scope: 'own' });
    expect(after.values[0]?.value).toBe(left.flatMap((b) => b.children ?? []).length);
    mine = mine.slice(25);
  });

  it('states coverage beside every figure', async () => {
    const r = await computeIndicator(fx.store(), analyst(orgId), 'reports', { ...period, by: 'country', scope: 'own' });
    for (const v of r.values) {
      expect(v.coverage.datasetsInScope).toBeGreaterThan(0);
      expect(v.coverage.datasetsReporting).toBeLessThanOrEqual(v.coverage.datasetsInScope);
    }
    const withData = r.values.find((v) => v.value);
    expect(withData?.coverage.records).toBeGreaterThan(0);
    expect(withData?.coverage.knownShare).toBeGreaterThan(0);
    expect(r.coverage.scope).toEqual([expect.objectContaining({ basis: 'own-organisation', organisation: orgId })]);
  });

  it('gives a monthly trend with the same month a year before and a baseline', async () => {
    const t = await indicatorTrend(fx.store(), analyst(orgId), 'reports', { from: '2025-11', to: '2026-10', scope: 'own' });
    expect(t.series).toHaveLength(12);
    const per = tally(mine, (b) => [month(b.report.reportedAt)]);
    for (const p of t.series) {
      const prev = `${Number(p.period.slice(0, 4)) - 1}${p.period.slice(4)}`;
      expect(p.value, p.period).toBe(per[p.period] ?? 0);
      expect(p.previousYear, p.period).toBe(per[prev] ?? 0);
      if (p.previousYear) expect(p.yearOnYear).toBe(Math.round((1000 * ((p.value ?? 0) - p.previousYear)) / p.previousYear) / 10);
    }
    const months = t.series.map((p) => p.value ?? 0);
    expect(t.baseline.value).toBe(Math.round((100 * months.reduce((a, b) => a + b, 0)) / months.length) / 100);
  });

  it('gives median times to removal, referral and share, and the feedback rate, from outcomes, referrals and exchange copies', async () => {
    const db = fx.store().db;
    const DAY = 86_400_000;
    const picked = mine.filter((b) => b.report.reportedAt.startsWith('2026-03')).slice(0, 6);
    expect(picked.length).toBe(6);
    const at = (b: ReportBundle, days: number) => new Date(Date.parse(b.report.reportedAt) + days * DAY).toISOString();
    const outcome = (i: number, b: ReportBundle, type: string, days: number) =>
      sql`INSERT INTO outcomes (id, target_id, target_kind, type, positive, source_org_id, reported_by_org_id, origin_id, occurred_at, recorded_at)
        VALUES (${`outcome--t${i}`}, ${b.report.id}, 'report', ${type}, ${type === 'content-removed'}, ${orgId}, ${helplineOrg}, ${b.report.id}, ${at(b, days)}, ${at(b, days)})`.execute(db);
    const removal = [1, 2, 3, 4, 10];
    for (const [i, d] of removal.entries()) await outcome(i, picked[i] as ReportBundle, 'content-removed', d);
    await outcome(10, picked[0] as ReportBundle, 'content-removed', 30); // a later removal of the same report: the first counts
    await outcome(11, picked[5] as ReportBundle, 'disputed', 1); // disputed is no feedback
    const r = await computeIndicator(fx.store(), analyst(orgId), 'time-to-removal', { from: '2026-03', to: '2026-03', grain: 'total', scope: 'own' });
    expect(r.values[0]).toMatchObject({ value: 3, denominator: 5 });
    expect(r.unit).toBe('days');
    const fb = await computeIndicator(fx.store(), analyst(orgId), 'feedback-rate', { from: '2026-03', to: '2026-03', grain: 'total', scope: 'own' });
    const march = mine.filter((b) => b.report.reportedAt.startsWith('2026-03')).length;
    expect(fb.values[0]).toMatchObject({ numerator: 5, denominator: march, value: Math.round((1000 * 5) / march) / 10 });

    await sql`INSERT INTO services (id, listed_by_org_id, slug, name, kind, jurisdiction) VALUES ('service--t', ${orgId}, 'svc', 'Test service (synthetic)', 'counselling', 'NL')`.execute(db);
    for (const [i, d] of [0.5, 1.5, 2.5].entries()) {
      const b = picked[i] as ReportBundle;
      await sql`INSERT INTO referrals (id, from_org_id, service_id, origin_id, origin_kind, origin_at, subject_ref, consent_basis, consent_event_id, status, created_at, updated_at)
        VALUES (${`referral--t${i}`}, ${orgId}, 'service--t', ${b.report.id}, 'report', ${b.report.reportedAt}, ${`child--t${i}`}, 'consent', 'ce', 'created', ${at(b, d)}, ${at(b, d)})`.execute(db);
    }
    const ref = await computeIndicator(fx.store(), analyst(orgId), 'time-to-referral', { from: '2026-03', to: '2026-03', grain: 'total', scope: 'own' });
    expect(ref.values[0]).toMatchObject({ value: 1.5, denominator: 3 });

    for (const [i, d] of [2, 4].entries()) {
      const b = picked[i] as ReportBundle;
      await sql`INSERT INTO exchange_copies (record_id, agreement_id, peer_id, receiver_org_id, source_org_id, dataset_id, stix_id, modified, record, received_at)
        VALUES (${b.report.id + 'x'}, 'agr', 'peer', ${orgId}, ${helplineOrg}, 'ds', ${'x--' + i}, now(), ${JSON.stringify({ reportedAt: b.report.reportedAt })}::jsonb, ${at(b, d)})`.execute(db);
    }
    const share = await computeIndicator(fx.store(), analyst(orgId), 'time-to-share', { from: '2026-03', to: '2026-04', grain: 'total', scope: 'own' });
    expect(share.values[0]).toMatchObject({ value: 3, denominator: 2 });
  });

  it('counts matches found, duplicates folded into cases and classifications reused, against what linkage and the registry hold', async () => {
    const store = fx.store();
    const steward = { ...analyst(orgId), roles: ['analyst', 'steward'] as Principal['roles'] };
    const run = await runLinkage(store, steward, {});
    const links = Object.values(run.links).reduce((a, b) => a + b, 0);
    expect(links).toBeGreaterThan(0);
    const cases = await listCases(store, steward, { limit: 500 });
    const thisMonth = new Date().toISOString().slice(0, 7);
    const q = { from: thisMonth, to: thisMonth, grain: 'total' as const };
    const found = await computeIndicator(store, analyst(orgId), 'matches-found', q);
    const storedLinks = await sql<{ n: number | string }>`SELECT count(*) AS n FROM report_links WHERE scope = ${`org:${orgId}`}`.execute(store.db);
    expect(found.values[0]?.value).toBe(Number(storedLinks.rows[0]?.n));
    const folded = await computeIndicator(store, analyst(orgId), 'duplicates-folded', q);
    expect(folded.values[0]?.value).toBe(cases.reduce((s, c) => s + c.reports - 1, 0));
    // Another organisation classified three of our files' hashes; we classified one of them ourselves.
    const files = mine.flatMap((b) => (b.contentItems ?? []).filter((c) => c.hashes.sha256).map((c) => ({ sha256: c.hashes.sha256 as string, month: b.report.reportedAt.slice(0, 7) })));
    const picked = files.slice(0, 3);
    const other = contacts.length ? helplineOrg : orgId;
    for (const [i, f] of picked.entries()) {
      for (const assessor of i === 0 ? [other, orgId] : [other]) {
        await sql`INSERT INTO hash_classifications (id, signal_type, value, scheme, code, assessor_org_id, assessed_by, assessed_at) VALUES (${`hc-t${i}-${assessor.slice(-6)}`}, 'sha256', ${f.sha256}, 'test', 'A1', ${assessor}, 'test', now())`.execute(store.db);
      }
    }
    const reused = await computeIndicator(store, analyst(orgId), 'classifications-reused', { ...period, grain: 'total', scope: 'own' });
    const sameHash = (h: string) => files.filter((f) => f.sha256 === h && f.month >= '2024-11').length;
    expect(reused.values[0]?.value).toBe(sameHash(picked[1]?.sha256 as string) + sameHash(picked[2]?.sha256 as string));
  });

  it('every built-in indicator computes', async () => {
    for (const def of BUILTIN_INDICATORS) {
      const who = (def.measure.kind === 'count' || def.measure.kind === 'completeness') && def.measure.entity === 'contacts' ? helplineOrg : orgId;
      const r = await computeIndicator(fx.store(), analyst(who), def.name, { ...period, grain: 'year' });
      if (def.measure.kind !== 'timing') expect(r.values.length, def.name).toBeGreaterThan(0);
      expect(r.unit).toBe(def.unit);
    }
  });
});
