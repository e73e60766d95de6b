import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal, Role } from '../src/identity/index.ts';
import { PURPOSES, type Purpose } from '../src/model/index.ts';
import {
  AgreementTerms, REPORT_FIELDS, PSEUDONYMISABLE, decideAccess, reportRowFilter, rowVisible, versionHash, type AccessPlan, type FieldRule, type LoadedAgreement, type RowFacts, type RowFilter,
} from '../src/policy/index.ts';
import { projectReportRow } from '../src/records/index.ts';
import { describeEachStore } from './support/databases.ts';
import { makeBundles, seedTwoOrgs } from './support/fixtures.ts';
import { insertReportBundles } from '../src/store/repositories/records.ts';

/** Property-based tests of the policy compiler: Cedar's decision and the compiled plan against a plain reading of the terms. */
const ORGS = ['organisation--00000000-0000-4000-8000-00000000000a', 'organisation--00000000-0000-4000-8000-00000000000b', 'organisation--00000000-0000-4000-8000-00000000000c', 'organisation--00000000-0000-4000-8000-00000000000d'];
const DATASETS = ['dataset--00000000-0000-4000-8000-000000000001', 'dataset--00000000-0000-4000-8000-000000000002', 'dataset--00000000-0000-4000-8000-000000000003'];
const NOW = Date.parse('2026-11-22T00:00:00Z');
const DAY = 86_400_000;

const fieldRules = fc.dictionary(fc.constantFrom(...REPORT_FIELDS), fc.constantFrom<FieldRule>('visible', 'pseudonymised', 'hidden'), { maxKeys: 8 }).map((r) => {
  const out: Record<string, FieldRule> = {};
  for (const [k, v] of Object.entries(r)) out[k] = v === 'pseudonymised' && !PSEUDONYMISABLE.includes(k as (typeof REPORT_FIELDS)[number]) ? 'visible' : v;
  return out;
});

const agreementArb = fc
  .record({
    recipients: fc.subarray(ORGS.slice(1), { minLength: 1 }),
    ownFields: fc.array(fc.option(fieldRules, { nil: undefined }), { minLength: 3, maxLength: 3 }),
    purposes: fc.subarray([...PURPOSES], { minLength: 1 }),
    actions: fc.subarray(['read', 'export', 'aggregate'] as const, { minLength: 1 }),
    datasets: fc.subarray(DATASETS, { minLength: 1 }),
    fields: fieldRules,
    jurisdictions: fc.subarray(['NL', 'US', 'DE', 'BR'], { maxLength: 2 }),
    fromDays: fc.integer({ min: -800, max: 60 }),
    lengthDays: fc.integer({ min: 1, max: 1500 }),
    retentionDays: fc.integer({ min: 1, max: 3000 }),
    trainingDays: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
    consent: fc.constantFrom('not-required', 'required') as fc.Arbitrary<'not-required' | 'required'>,
    override: fc.boolean(),
    state: fc.constantFrom('draft', 'active', 'revoked') as fc.Arbitrary<'draft' | 'active' | 'revoked'>,
  })
  .map((x): LoadedAgreement => {
    const terms = AgreementTerms.parse({
      slug: 'prop', title: 'property', providerOrgId: ORGS[0], recipients: x.recipients.map((orgId, i) => ({ orgId, ...(x.ownFields[i] ? { fields: x.ownFields[i] } : {}) })),
      purposes: x.purposes, legalBasis: 'legitimate-interest', datasetIds: x.datasets, actions: x.actions, fields: x.fields, jurisdictions: x.jurisdictions,
      validFrom: new Date(NOW + x.fromDays * DAY).toISOString(), validUntil: new Date(NOW + (x.fromDays + x.lengthDays) * DAY).toISOString(),
      retention: { days: x.retentionDays }, requirements: { dataProtectionTrainingWithinDays: x.trainingDays, consent: x.consent, safeguardingOverride: x.consent === 'required' && x.override },
    });
    return { id: 'agreement--00000000-0000-4000-8000-0000000000aa', slug: 'prop', version: 1, versionHash: versionHash(terms, 1), state: x.state, terms, revokedAt: null, awaiting: [] };
  });

const principalArb = fc.record({
  org: fc.constantFrom(...ORGS),
  roles: fc.subarray(['admin', 'steward', 'analyst', 'auditor'] as Role[], { minLength: 1 }),
  trainedDaysAgo: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
  jurisdiction: fc.constantFrom('NL', 'US', 'DE', 'BR', 'FR'),
}).map((p): Principal => ({
  userId: 'user--p', name: 'p', email: 'p@example.org', orgId: p.org, orgSlug: `org-${p.org.slice(-1)}`, orgJurisdiction: p.jurisdiction, roles: p.roles,
  dataProtectionTrainedAt: p.trainedDaysAgo === null ? null : new Date(NOW - p.trainedDaysAgo * DAY).toISOString(), safeguardingTrainedAt: null, via: 'test',
}));

const requestArb = fc.record({ action: fc.constantFrom('read', 'export', 'aggregate') as fc.Arbitrary<'read' | 'export' | 'aggregate'>, purpose: fc.option(fc.constantFrom(...PURPOSES), { nil: null }) });

/** The terms read plainly: may this person do this, now? */
function oracle(a: LoadedAgreement, p: Principal, action: string, purpose: Purpose | null): boolean {
  const t = a.terms;
  const now = NOW;
  return (
    p.roles.some((r) => r === 'admin' || r === 'steward' || r === 'analyst') &&
    t.recipients.some((r) => r.orgId === p.orgId) &&
    a.state === 'active' && now >= Date.parse(t.validFrom) && now < Date.parse(t.validUntil) &&
    purpose !== null && t.purposes.includes(purpose) && (t.actions as string[]).includes(action) &&
    (t.jurisdictions.length === 0 || t.jurisdictions.includes(p.orgJurisdiction)) &&
    (t.requirements.dataProtectionTrainingWithinDays === null || (p.dataProtectionTrainedAt !== null && Date.parse(p.dataProtectionTrainedAt) + t.requirements.dataProtectionTrainingWithinDays * DAY >= now))
  );
}

describe('policy compiler (property-based)', () => {
  it('Cedar allows exactly what a plain reading of the terms allows, and every denial says why', () => {
    fc.assert(
      fc.property(agreementArb, principalArb, requestArb, (a, p, req) => {
        const d = decideAccess(p, { action: req.action, agreementId: a.id, purpose: req.purpose }, a, new Date(NOW));
        expect(d.allowed).toBe(oracle(a, p, req.action, req.purpose));
        if (!d.allowed) {
          expect(d.reason.length).toBeGreaterThan(20);
          expect(d.policies.length).toBeGreaterThan(0);
          if (a.state === 'revoked') expect(d.reason).toMatch(/revoked/);
          if (req.purpose === null && a.terms.recipients.some((r) => r.orgId === p.orgId)) expect(d.reason).toMatch(/state the purpose/);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('an allowed plan reads only the provider’s agreed datasets, within retention, with consent when required, and never shows an unlisted field', () => {
    fc.assert(
      fc.property(agreementArb.map((a) => ({ ...a, state: 'active' as const })), principalArb, fc.constantFrom(...PURPOSES), (a, p, purpose) => {
        const d = decideAccess(p, { action: 'read', agreementId: a.id, purpose }, a, new Date(NOW));
        if (!d.allowed) return;
        const plan = d as AccessPlan;
        const t = a.terms;
        expect(plan.rows.sourceOrgIds).toEqual([t.providerOrgId]);
        expect(plan.rows.datasetIds).toEqual([...t.datasetIds].sort());
        expect(Date.parse(plan.rows.reportedAtOrAfter as string)).toBe(NOW - t.retention.days * DAY);
        expect(plan.rows.consent !== null).toBe(t.requirements.consent === 'required');
        const rules = t.recipients.find((r) => r.orgId === p.orgId)?.fields ?? t.fields;
        for (const f of REPORT_FIELDS) expect(plan.fields[f]).toBe(rules[f] ?? 'hidden');
        expect(plan.agreement?.versionHash).toBe(a.versionHash);
      }),
      { numRuns: 1000 },
    );
  });

  it('projection never lets a hidden field out, and pseudonymises what it must', () => {
    const row = {
      id: 'report--x', dataset_id: DATASETS[0] as string, source_org_id: ORGS[0] as string, source_ref: 'SECRET-REF', kind: 'cybertip', status: 'received', reported_at: new Date(NOW), incident_at: new Date(NOW - DAY),
      country: 'FR', language: 'fr', incident_types: '[{"scheme":"x","code":"SECRET-CODE"}]', flags: ['secret-flag'], lineage: '{"sourceOrgId":"x"}', stored_at: new Date(NOW),
    };
    fc.assert(
      fc.property(fieldRules, (rules) => {
        const fields = Object.fromEntries(REPORT_FIELDS.map((f) => [f, rules[f] ?? 'hidden'])) as AccessPlan['fields'];
        const plan = { fields } as AccessPlan;
        const out = projectReportRow(plan, { pseudonymise: (v) => `pseu_${v.length}` }, row as unknown as Parameters<typeof projectReportRow>[2]);
        const text = JSON.stringify(out);
        expect(text.includes('SECRET-REF')).toBe(fields.sourceRef === 'visible');
        expect(text.includes('SECRET-CODE')).toBe(fields.incidentTypes === 'visible');
        expect(text.includes('secret-flag')).toBe(fields.flags === 'visible');
        for (const k of Object.keys(out)) if (!['id', 'datasetId', 'sourceOrgId', 'lineage'].includes(k)) expect(fields[k as keyof typeof fields]).not.toBe('hidden');
      }),
      { numRuns: 500 },
    );
  });
});

describeEachStore('policy compiler: the SQL row filter means what the reference filter means', (fx) => {
  const facts = new Map<string, RowFacts>();
  let orgs: { a: string; b: string; da: string; db: string };
  beforeAll(async () => {
    const two = await seedTwoOrgs(fx.store());
    orgs = { a: two.hotline.orgId, b: two.platform.orgId, da: two.hotline.datasetId, db: two.platform.datasetId };
    const bundles = [...makeBundles(orgs.a, orgs.da, 40, 'A'), ...makeBundles(orgs.b, orgs.db, 20, 'B')];
    // Spread report times over three years, and give children mixed consent states per purpose.
    bundles.forEach((b, i) => (b.report = { ...b.report, reportedAt: new Date(NOW - (i * 29 + 3) * DAY).toISOString() }));
    bundles.forEach((b, i) => {
      if (i % 7 === 0) b.children = [];
      else if (i % 5 === 0 && b.children?.[0]) b.children.push({ ...b.children[0], id: `child--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, sourceRef: 'c2' });
    });
    await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, bundles));
    const statuses = ['given', 'withdrawn', 'expired', 'safeguarding-override'] as const;
    for (const [i, b] of bundles.entries()) {
      const children: RowFacts['children'] = [];
      for (const [j, c] of (b.children ?? []).entries()) {
        const st: Partial<Record<Purpose, 'given' | 'safeguarding-override' | 'withdrawn' | 'expired'>> = {};
        for (const [k, purpose] of (['content-removal', 'investigation'] as const).entries()) {
          const pick = (i + j * 3 + k * 2) % 5;
          if (pick === 4) continue;
          const status = statuses[pick] as (typeof statuses)[number];
          // "expired" is a given consent whose expiry has passed: the filter must treat it as absent.
          const row = status === 'expired' ? { status: 'given', expires_at: new Date(NOW - DAY).toISOString() } : { status, expires_at: null };
          await sql`INSERT INTO consent_state (subject_ref, purpose, status, expires_at, event_id, updated_at) VALUES (${c.id}, ${purpose}, ${row.status}, ${row.expires_at}, 'consent--test', now())`.execute(fx.store().db);
          st[purpose] = status;
        }
        children.push(st);
      }
      facts.set(b.report.id, { sourceOrgId: b.report.sourceOrgId, datasetId: b.report.datasetId, reportedAt: b.report.reportedAt, children });
    }
  });

  it('for random filters, the rows SQL returns are exactly the rows the reference accepts', async () => {
    const filterArb: fc.Arbitrary<RowFilter> = fc.record({
      sourceOrgIds: fc.subarray(['A', 'B'], { minLength: 0 }),
      datasets: fc.option(fc.subarray(['A', 'B']), { nil: null }),
      days: fc.option(fc.integer({ min: 1, max: 1200 }), { nil: null }),
      consent: fc.option(fc.record({ purpose: fc.constantFrom('content-removal', 'investigation') as fc.Arbitrary<Purpose>, allowOverride: fc.boolean() }), { nil: null }),
    }).map((x) => ({
      sourceOrgIds: x.sourceOrgIds.map((k) => (k === 'A' ? orgs.a : orgs.b)),
      datasetIds: x.datasets === null ? null : x.datasets.map((k) => (k === 'A' ? orgs.da : orgs.db)),
      reportedAtOrAfter: x.days === null ? null : new Date(NOW - x.days * DAY).toISOString(),
      consent: x.consent,
    }));
    await fc.assert(
      fc.asyncProperty(filterArb, async (f) => {
        const got = (await fx.store().db.selectFrom('reports').select('id').where(reportRowFilter(f)).execute()).map((r) => r.id).sort();
        const want = [...facts.entries()].filter(([, r]) => rowVisible(f, r)).map(([id]) => id).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: 120 },
    );
  });
});
