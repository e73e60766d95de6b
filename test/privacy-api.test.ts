import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditTables } from '../src/audit/index.ts';
import { buildApp } from '../src/server/app.ts';
import { insertReportBundles, type ReportBundle } from '../src/store/repositories/records.ts';
import { describeEachStore } from './support/databases.ts';
import { seedPeople, seedReports, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const hex = (n: number, len = 64) => n.toString(16).padStart(len, '0');

/** Disclosure-controlled statistics over the API: own data, under an agreement, and what never leaks. */
describeEachStore('privacy API: statistics, budgets, risk', (fx) => {
  let app: FastifyInstance;
  let orgs: TwoOrgs;
  let agreementId = '';
  let narrowId = '';
  const terms = (slug: string, fields: Record<string, string>, actions = ['read', 'aggregate']) => ({
    slug, title: `${slug} (synthetic)`, recipients: [{ orgId: orgs.platform.orgId }], purposes: ['content-removal'], legalBasis: 'legitimate-interest', datasetIds: [orgs.hotline.datasetId],
    actions, fields, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
  });
  const agree = async (t: ReturnType<typeof terms>) => {
    const d = await app.inject({ method: 'POST', url: '/api/v1/agreements', headers: auth(orgs.hotline.tokens.steward), payload: t });
    expect(d.statusCode, d.body).toBe(201);
    for (const tok of [orgs.hotline.tokens.steward, orgs.platform.tokens.steward]) await app.inject({ method: 'POST', url: `/api/v1/agreements/${d.json().id}/accept`, headers: auth(tok), payload: {} });
    return d.json().id as string;
  };
  const stats = (token: string, body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/stats', headers: auth(token), payload: body });

  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    await seedReports(fx.store(), orgs.hotline.orgId, orgs.hotline.datasetId, 30, 'HOT'); // 15 FR, 15 BR, platform-report
    await seedReports(fx.store(), orgs.platform.orgId, orgs.platform.datasetId, 40, 'PLAT'); // 20 FR, 20 BR
    app = await buildApp({ store: fx.store() });
    agreementId = await agree(terms('stats-share', { kind: 'visible', country: 'visible', reportedAt: 'visible' }));
    narrowId = await agree(terms('no-country', { kind: 'visible' }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('counts own reports by a dimension, with margins', async () => {
    const r = await stats(orgs.hotline.tokens.analyst, { query: 'country' });
    expect(r.statusCode, r.body).toBe(200);
    const v = Object.fromEntries(r.json().entries.map((e: { cell: { country: string }; value: number }) => [e.cell.country, e.value]));
    expect(v).toEqual({ BR: 15, FR: 15, '*': 30 });
  });

  it('under an agreement counts only the provider\'s shared dataset, never the reader\'s or anyone else\'s rows', async () => {
    const r = await stats(orgs.platform.tokens.analyst, { query: 'country', agreement: agreementId, purpose: 'content-removal' });
    expect(r.statusCode, r.body).toBe(200);
    const total = r.json().entries.find((e: { cell: { country: string } }) => e.cell.country === '*');
    expect(total.value).toBe(30); // the hotline's 30, not the platform's own 40
    expect(r.json().access.agreement.id).toBe(agreementId);
  });

  it('refuses to group on a field the agreement does not share, and the refusal reveals no count', async () => {
    const r = await stats(orgs.platform.tokens.analyst, { query: 'country', agreement: narrowId, purpose: 'content-removal' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('field_not_shared');
    expect(r.body).not.toMatch(/\b(15|30)\b/);
    // A purpose the agreement does not permit, and a reader who is no party: denied with the reason.
    const p = await stats(orgs.platform.tokens.analyst, { query: 'kind', agreement: agreementId, purpose: 'investigation' });
    expect(p.statusCode).toBe(403);
    expect(p.json().error.message).toMatch(/purpose "investigation" is not one/);
    const a = await stats(orgs.platform.tokens.auditor, { query: 'kind', agreement: agreementId, purpose: 'content-removal' });
    expect(a.statusCode).toBe(403);
    expect(a.body).not.toMatch(/\b30\b/);
  });

  it('differencing attack across two queries: the second answer is suppressed where it would give away a small group', async () => {
    const q1 = await stats(orgs.hotline.tokens.analyst, { query: 'country where kind=platform-report' });
    expect(q1.json().entries.find((e: { cell: { country: string } }) => e.cell.country === 'FR').value).toBe(15);
    // Three more FR reports of another kind arrive; "country" alone would now say FR = 18.
    const extra = (await import('./support/fixtures.ts')).makeBundles(orgs.hotline.orgId, orgs.hotline.datasetId, 6, 'NEW').filter((b) => b.report.country === 'FR');
    for (const b of extra) b.report.kind = 'cybertip';
    await fx.store().db.transaction().execute((trx) => insertReportBundles(trx, extra));
    const q2 = await stats(orgs.hotline.tokens.analyst, { query: 'country' });
    const fr = q2.json().entries.find((e: { cell: { country: string } }) => e.cell.country === 'FR');
    expect(fr).toMatchObject({ value: null, status: 'differencing' });
    // …and its own margins do not give it back: the total goes too (or another cell).
    expect(q2.json().entries.filter((e: { value: number | null }) => e.value === null).length).toBeGreaterThanOrEqual(2);
  });

  it('differential privacy: noisy counts, ε spent from the dataset\'s budget, refused when the budget is gone', async () => {
    const budget = await app.inject({ method: 'PUT', url: `/api/v1/stats/budgets/${orgs.hotline.datasetId}`, headers: auth(orgs.hotline.tokens.steward), payload: { epsilon: 1.5 } });
    expect(budget.statusCode, budget.body).toBe(200);
    const notOwner = await app.inject({ method: 'PUT', url: `/api/v1/stats/budgets/${orgs.hotline.datasetId}`, headers: auth(orgs.platform.tokens.steward), payload: { epsilon: 100 } });
    expect(notOwner.statusCode).toBe(404);
    const r = await stats(orgs.platform.tokens.analyst, { query: 'kind', epsilon: 1, agreement: agreementId, purpose: 'content-removal' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().dp).toMatchObject({ epsilon: 1, sensitivity: 1 });
    expect(r.json().dp.budget).toEqual([{ datasetId: orgs.hotline.datasetId, spent: 1, total: 1.5 }]);
    // The domain is public (all report kinds), not taken from the data.
    expect(r.json().entries.filter((e: { cell: { kind: string } }) => e.cell.kind !== '*').length).toBe(5);
    const again = await stats(orgs.platform.tokens.analyst, { query: 'kind', epsilon: 1, agreement: agreementId, purpose: 'content-removal' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('privacy_budget_exhausted');
    const lang = await stats(orgs.hotline.tokens.analyst, { query: 'language', epsilon: 0.1 });
    expect(lang.statusCode).toBe(400);
    expect(lang.json().error.message).toMatch(/no public list of values/);
  });

  it('bad queries are refused precisely', async () => {
    const r = await stats(orgs.hotline.tokens.analyst, { query: 'country,planet' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toMatch(/"planet" is not a dimension/);
    const two = await stats(orgs.hotline.tokens.analyst, { query: 'flag,age' });
    expect(two.json().error.message).toMatch(/at most one of category, flag, age, gender/);
  });

  it('risk report: records at risk and the generalisations that fix them', async () => {
    const records = Array.from({ length: 60 }, (_, i) => ({ contactAt: `2026-0${1 + (i % 3)}-1${i % 10}T10:00:00Z`, age: { min: 12 + (i % 5), max: 12 + (i % 5), basis: 'reported' }, gender: i % 2 ? 'female' : 'male', country: 'KE', region: i === 7 ? 'Lamu' : 'Nairobi', language: 'en' }));
    const r = await app.inject({ method: 'POST', url: '/api/v1/privacy/risk', headers: auth(orgs.hotline.tokens.analyst), payload: { records, k: 3 } });
    expect(r.statusCode, r.body).toBe(200);
    const rep = r.json();
    expect(rep.recordsAtRisk).toBeGreaterThan(0);
    expect(rep.linesAtRisk).toContain(8);
    expect(rep.plan.length).toBeGreaterThan(0);
    expect(rep.final.recordsAtRisk).toBe(0);
  });
});

/** Linkage and cases across two organisations under an agreement; what each party may see. */
describeEachStore('linkage API: runs, cases, flags, urgent review, no leaks', (fx) => {
  let app: FastifyInstance;
  let orgs: TwoOrgs;
  let agreementId = '';
  let hot: ReportBundle[] = [];
  let plat: ReportBundle[] = [];
  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    // Hotline reports: e-mails 0..9; platform: e-mails 5..14 — so 5 people appear at both; files shared on 3 of them.
    hot = await seedPeople(fx.store(), orgs.hotline.orgId, orgs.hotline.datasetId, 'HP', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], (i) => 100 + i);
    plat = await seedPeople(fx.store(), orgs.platform.orgId, orgs.platform.datasetId, 'PP', [5, 6, 7, 8, 9, 10, 11, 12, 13, 14], (i) => (i < 3 ? 105 + i : 500 + i), 20);
    app = await buildApp({ store: fx.store() });
    const d = await app.inject({
      method: 'POST', url: '/api/v1/agreements', headers: auth(orgs.hotline.tokens.steward),
      payload: {
        slug: 'deconfliction', title: 'Deconfliction (synthetic)', recipients: [{ orgId: orgs.platform.orgId }], purposes: ['investigation'], legalBasis: 'legitimate-interest', datasetIds: [orgs.hotline.datasetId],
        actions: ['read', 'link'], fields: { reportedAt: 'visible', subjects: 'pseudonymised', contentItems: 'visible' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
      },
    });
    agreementId = d.json().id;
    for (const tok of [orgs.hotline.tokens.steward, orgs.platform.tokens.steward]) await app.inject({ method: 'POST', url: `/api/v1/agreements/${agreementId}/accept`, headers: auth(tok), payload: {} });
  });
  afterAll(async () => {
    await app?.close();
  });
  const run = (token: string, body: Record<string, unknown> = {}) => app.inject({ method: 'POST', url: '/api/v1/linkage/runs', headers: auth(token), payload: body });

  it('own scope links nothing across organisations', async () => {
    const r = await run(orgs.platform.tokens.analyst);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ reports: 10, cases: 0 });
  });

  it('under the agreement, the same person and the same file link reports across the two organisations, and each link explains itself', async () => {
    const r = await run(orgs.platform.tokens.analyst, { agreement: agreementId, purpose: 'investigation' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().reports).toBe(20);
    expect(r.json().links.email).toBe(5);
    expect(r.json().cases).toBe(5);
    const list = await app.inject({ url: `/api/v1/cases?agreement=${agreementId}&purpose=investigation`, headers: auth(orgs.platform.tokens.analyst) });
    expect(list.json().items).toHaveLength(5);
    const a = hot[5]?.report.id as string;
    const b = plat[0]?.report.id as string;
    const ex = await app.inject({ url: `/api/v1/linkage/explain?a=${a}&b=${b}&agreement=${agreementId}&purpose=investigation`, headers: auth(orgs.platform.tokens.analyst) });
    expect(ex.statusCode, ex.body).toBe(200);
    expect(ex.json().linked).toBe(true);
    const why = ex.json().path.map((p: { explanation: string }) => p.explanation).join(' | ');
    expect(why).toMatch(/same email \(pseudonym pn_email_/);
    expect(why).toMatch(/exact hash match/);
    // The e-mail pseudonym is keyed to the agreement: the stored value never appears.
    expect(ex.body).not.toContain(hex(1_000_005));
  });

  it('the provider does not see the recipient\'s cases, and a case id from another scope is "not found"', async () => {
    const list = await app.inject({ url: `/api/v1/cases?agreement=${agreementId}&purpose=investigation`, headers: auth(orgs.platform.tokens.analyst) });
    const id = list.json().items[0].id as string;
    const other = await app.inject({ url: `/api/v1/cases/${id}`, headers: auth(orgs.hotline.tokens.analyst) });
    expect(other.statusCode).toBe(404);
    const mine = await app.inject({ url: '/api/v1/cases', headers: auth(orgs.hotline.tokens.analyst) });
    expect(mine.json().items).toEqual([]);
    const ex = await app.inject({ url: `/api/v1/linkage/explain?a=${hot[5]?.report.id}&b=${plat[0]?.report.id}`, headers: auth(orgs.hotline.tokens.analyst) });
    expect(ex.statusCode).toBe(404);
    // Exactly the answer for a report that does not exist: its existence is not disclosed.
    const ghost = 'report--00000000-0000-5000-8000-000000000000';
    const none = await app.inject({ url: `/api/v1/linkage/explain?a=${hot[5]?.report.id}&b=${ghost}`, headers: auth(orgs.hotline.tokens.analyst) });
    expect(ex.body.replaceAll(plat[0]?.report.id as string, 'X')).toBe(none.body.replaceAll(ghost, 'X'));
  });

  it('a partner flags a case active; a new matching report is marked for urgent review; the flagger stays anonymous to others', async () => {
    const list = await app.inject({ url: `/api/v1/cases?agreement=${agreementId}&purpose=investigation`, headers: auth(orgs.platform.tokens.analyst) });
    const target = list.json().items[0].id as string;
    const deny = await app.inject({ method: 'POST', url: `/api/v1/cases/${target}/flag`, headers: auth(orgs.platform.tokens.analyst), payload: { agreement: agreementId, purpose: 'investigation' } });
    expect(deny.statusCode).toBe(403);
    const flag = await app.inject({ method: 'POST', url: `/api/v1/cases/${target}/flag`, headers: auth(orgs.platform.tokens.steward), payload: { status: 'active', note: 'operation synthetic', agreement: agreementId, purpose: 'investigation' } });
    expect(flag.statusCode, flag.body).toBe(200);
    const show = await app.inject({ url: `/api/v1/cases/${target}?agreement=${agreementId}&purpose=investigation`, headers: auth(orgs.platform.tokens.analyst) });
    const members = show.json().members.map((m: { reportId: string }) => m.reportId) as string[];
    // Which person? Find the e-mail of the case's hotline report and report it again, later.
    const hb = hot.find((b) => members.includes(b.report.id)) as ReportBundle;
    const email = (hb.subjects?.[0]?.identifiers[0]?.value as string);
    const idx = [...Array(30).keys()].find((k) => hex(1_000_000 + k) === email) as number;
    await seedPeople(fx.store(), orgs.hotline.orgId, orgs.hotline.datasetId, 'LATE', [idx], () => 999, 100);
    const r = await run(orgs.platform.tokens.analyst, { agreement: agreementId, purpose: 'investigation' });
    expect(r.json().urgentReviews).toBe(1);
    const urgent = await app.inject({ url: `/api/v1/cases?agreement=${agreementId}&purpose=investigation&urgent=true`, headers: auth(orgs.platform.tokens.analyst) });
    expect(urgent.json().items).toHaveLength(1);
    expect(urgent.json().items[0]).toMatchObject({ id: target, status: 'active', urgentReviews: 1, flaggedBy: 'test-platform', flagNote: 'operation synthetic' });
  });

  it('an agreement that shares the reports but does not name the link action refuses linkage and case views, with the reason, audited', async () => {
    const d = await app.inject({
      method: 'POST', url: '/api/v1/agreements', headers: auth(orgs.hotline.tokens.steward),
      payload: {
        slug: 'read-only', title: 'Read only (synthetic)', recipients: [{ orgId: orgs.platform.orgId }], purposes: ['investigation'], legalBasis: 'legitimate-interest', datasetIds: [orgs.hotline.datasetId],
        actions: ['read'], fields: { reportedAt: 'visible', subjects: 'pseudonymised' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
      },
    });
    const readOnly = d.json().id as string;
    for (const tok of [orgs.hotline.tokens.steward, orgs.platform.tokens.steward]) await app.inject({ method: 'POST', url: `/api/v1/agreements/${readOnly}/accept`, headers: auth(tok), payload: {} });
    // Reading is allowed under it …
    const read = await app.inject({ url: `/api/v1/reports?agreement=${readOnly}&purpose=investigation`, headers: auth(orgs.platform.tokens.analyst) });
    expect(read.statusCode, read.body).toBe(200);
    // … linking is not.
    const r = await run(orgs.platform.tokens.analyst, { agreement: readOnly, purpose: 'investigation' });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toBe('Access denied: agreement read-only permits read, not link (linking reports across organisations and seeing the cases); the parties must add it to the agreement.');
    const cases = await app.inject({ url: `/api/v1/cases?agreement=${readOnly}&purpose=investigation`, headers: auth(orgs.platform.tokens.analyst) });
    expect(cases.statusCode).toBe(403);
    const audit = await fx.store().db.withTables<AuditTables>().selectFrom('audit_events').select(['action', 'decision']).where('agreement_id', '=', readOnly).execute();
    expect(audit.filter((e) => e.action === 'report.link' && e.decision === 'deny')).toHaveLength(2);
    expect(audit.some((e) => e.action === 'report.read' && e.decision === 'allow')).toBe(true);
  });

  it('after the agreement is revoked, its cases cannot be read', async () => {
    const rev = await app.inject({ method: 'POST', url: `/api/v1/agreements/${agreementId}/revoke`, headers: auth(orgs.hotline.tokens.admin), payload: { reason: 'end of the test' } });
    expect(rev.statusCode, rev.body).toBe(200);
    const list = await app.inject({ url: `/api/v1/cases?agreement=${agreementId}&purpose=investigation`, headers: auth(orgs.platform.tokens.analyst) });
    expect(list.statusCode).toBe(403);
    expect(list.json().error.message).toMatch(/revoked/);
  });
});

