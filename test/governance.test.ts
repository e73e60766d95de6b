import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkConsistencyProof, checkInclusionProof, verifyLog } from '../src/audit/index.ts';
import { buildApp } from '../src/server/app.ts';
import { describeEachStore } from './support/databases.ts';
import { seedReports, seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

/** The worked example of docs/governance.md, through the HTTP API: a hotline shares with a platform. */
describeEachStore('governance: agreements, consent, export, audit over the API', (fx) => {
  let app: FastifyInstance;
  let orgs: TwoOrgs;
  let agreementId = '';
  let versionHash = '';
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const terms = () => ({
    slug: 'hotline-to-platform', title: 'Hotline reports for content removal (synthetic)',
    recipients: [{ orgId: orgs.platform.orgId }], purposes: ['content-removal'], legalBasis: 'legitimate-interest', datasetIds: [orgs.hotline.datasetId],
    actions: ['read', 'export', 'aggregate'],
    fields: { sourceRef: 'pseudonymised', kind: 'visible', reportedAt: 'visible', country: 'visible', contentItems: 'visible', signals: 'pseudonymised' },
    validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
  });

  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    await seedReports(fx.store(), orgs.hotline.orgId, orgs.hotline.datasetId, 12, 'HOT');
    await seedReports(fx.store(), orgs.platform.orgId, orgs.platform.datasetId, 5, 'PLAT');
    app = await buildApp({ store: fx.store() });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lets a provider steward draft an agreement, and refuses an analyst with the reason', async () => {
    const no = await app.inject({ method: 'POST', url: '/api/v1/agreements', headers: auth(orgs.hotline.tokens.analyst), payload: terms() });
    expect(no.statusCode).toBe(403);
    expect(no.json().error.message).toMatch(/needs the steward or admin role/);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/agreements', headers: auth(orgs.hotline.tokens.steward), payload: { ...terms(), fields: { country: 'pseudonymised' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/country cannot be pseudonymised/);
    const r = await app.inject({ method: 'POST', url: '/api/v1/agreements', headers: auth(orgs.hotline.tokens.steward), payload: terms() });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ slug: 'hotline-to-platform', version: 1, state: 'draft' });
    expect(r.json().versionHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    agreementId = r.json().id;
    versionHash = r.json().versionHash;
  });

  it('shares nothing while the agreement is a draft, and says who has not accepted', async () => {
    const r = await app.inject({ url: `/api/v1/reports?agreement=${agreementId}&purpose=content-removal`, headers: auth(orgs.platform.tokens.analyst) });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.message).toMatch(/still a draft.*waiting for test-hotline, test-platform/);
  });

  it('takes effect once both parties accept the version they reviewed', async () => {
    const stale = await app.inject({ method: 'POST', url: `/api/v1/agreements/${agreementId}/accept`, headers: auth(orgs.platform.tokens.steward), payload: { versionHash: 'sha256:' + '0'.repeat(64) } });
    expect(stale.statusCode).toBe(409);
    const a = await app.inject({ method: 'POST', url: `/api/v1/agreements/${agreementId}/accept`, headers: auth(orgs.hotline.tokens.admin), payload: { versionHash } });
    expect(a.json().state).toBe('draft');
    const b = await app.inject({ method: 'POST', url: `/api/v1/agreements/${agreementId}/accept`, headers: auth(orgs.platform.tokens.steward), payload: { versionHash } });
    expect(b.json().state).toBe('active');
    const ld = await app.inject({ url: `/api/v1/agreements/${agreementId}/jsonld`, headers: auth(orgs.platform.tokens.analyst) });
    expect(ld.json()).toMatchObject({ '@type': 'Agreement', 'tessera:versionHash': versionHash });
    expect(JSON.stringify(ld.json())).toContain('dpv:LegitimateInterest');
  });

  it('returns the provider’s reports with only the agreed fields, pseudonymised where agreed', async () => {
    const r = await app.inject({ url: `/api/v1/reports?agreement=${agreementId}&purpose=content-removal&limit=100`, headers: auth(orgs.platform.tokens.analyst) });
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as Array<Record<string, unknown>>;
    expect(items).toHaveLength(12);
    for (const i of items) {
      expect(i.sourceOrgId).toBe(orgs.hotline.orgId);
      expect(Object.keys(i).sort()).toEqual(['country', 'datasetId', 'id', 'kind', 'lineage', 'reportedAt', 'sourceOrgId', 'sourceRef']);
      expect(String(i.sourceRef)).toMatch(/^pseu_/);
    }
    expect(r.json().access).toMatchObject({ basis: 'agreement', agreement: { id: agreementId, versionHash }, purpose: 'content-removal' });
    const one = await app.inject({ url: `/api/v1/reports/${String(items[0]?.id)}?agreement=${agreementId}&purpose=content-removal`, headers: auth(orgs.platform.tokens.analyst) });
    expect(one.statusCode).toBe(200);
    expect(one.json().children).toBeUndefined();
    expect(one.json().signals[0].value).toMatch(/^pseu_/);
    expect(one.json().contentItems[0].hashes.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses filters on hidden fields, a wrong purpose, and a missing purpose, in words', async () => {
    const flag = await app.inject({ url: `/api/v1/reports?agreement=${agreementId}&purpose=content-removal&flag=urgent`, headers: auth(orgs.platform.tokens.analyst) });
    expect(flag.statusCode).toBe(403);
    expect(flag.json().error.message).toMatch(/cannot filter or group on flags.*shares it not at all/);
    const purpose = await app.inject({ url: `/api/v1/reports?agreement=${agreementId}&purpose=research-and-statistics`, headers: auth(orgs.platform.tokens.analyst) });
    expect(purpose.json().error.message).toMatch(/"research-and-statistics" is not one agreement hotline-to-platform permits \(it permits: content-removal\)/);
    const none = await app.inject({ url: `/api/v1/reports?agreement=${agreementId}`, headers: auth(orgs.platform.tokens.analyst) });
    expect(none.json().error.message).toMatch(/state the purpose you are acting for/);
    const auditor = await app.inject({ url: `/api/v1/reports?agreement=${agreementId}&purpose=content-removal`, headers: auth(orgs.platform.tokens.auditor) });
    expect(auditor.json().error.message).toMatch(/your role \(auditor\) may not read records/);
  });

  it('exports and aggregates under the agreement with the same projection', async () => {
    const ex = await app.inject({ url: `/api/v1/export/reports?agreement=${agreementId}&purpose=content-removal`, headers: auth(orgs.platform.tokens.analyst) });
    expect(ex.statusCode, ex.body).toBe(200);
    const lines = ex.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(12);
    expect(lines.every((l) => !('flags' in l) && !('children' in l) && String(l.sourceRef).startsWith('pseu_'))).toBe(true);
    const agg = await app.inject({ url: `/api/v1/aggregates/reports?groupBy=country&agreement=${agreementId}&purpose=content-removal`, headers: auth(orgs.platform.tokens.analyst) });
    expect(agg.json()).toMatchObject({ total: 12, groups: [{ key: 'BR', count: 6 }, { key: 'FR', count: 6 }] });
    const hidden = await app.inject({ url: `/api/v1/aggregates/reports?groupBy=language&agreement=${agreementId}&purpose=content-removal`, headers: auth(orgs.platform.tokens.analyst) });
    expect(hidden.statusCode).toBe(403);
  });

  it('audits every read and denial with the agreement version hash, provably', async () => {
    const ev = await app.inject({ url: `/api/v1/audit/events?agreement=${agreementId}&limit=1000`, headers: auth(orgs.hotline.tokens.auditor) });
    const items = ev.json().items as Array<{ seq: number; action: string; decision: string; agreement: { versionHash: string } | null; details: Record<string, unknown> }>;
    const reads = items.filter((e) => e.action === 'report.read');
    expect(reads.some((e) => e.decision === 'allow' && Array.isArray(e.details.recordIds) && (e.details.recordIds as string[]).length === 12)).toBe(true);
    expect(reads.some((e) => e.decision === 'deny')).toBe(true);
    expect(items.filter((e) => e.action.startsWith('report.')).every((e) => e.agreement?.versionHash === versionHash)).toBe(true);
    expect(items.some((e) => e.action === 'report.export' && (e.details.recordIds as string[]).length === 12)).toBe(true);
    const seq = reads[0]?.seq as number;
    const proof = await app.inject({ url: `/api/v1/audit/proof/inclusion?seq=${seq}`, headers: auth(orgs.platform.tokens.auditor) });
    expect(checkInclusionProof(proof.json())).toBe(true);
    const cons = await app.inject({ url: `/api/v1/audit/proof/consistency?from=1`, headers: auth(orgs.platform.tokens.analyst) });
    expect(checkConsistencyProof(cons.json())).toBe(true);
    expect((await verifyLog(fx.store())).ok).toBe(true);
  });

  it('with consent required, shares only reports whose children have current consent; withdrawal stops it at once', async () => {
    const t = { ...terms(), slug: 'with-consent', fields: { kind: 'visible', children: 'visible' }, requirements: { consent: 'required', safeguardingOverride: true, dataProtectionTrainingWithinDays: 3650 } };
    const d = await app.inject({ method: 'POST', url: '/api/v1/agreements', headers: auth(orgs.hotline.tokens.steward), payload: t });
    const id = d.json().id as string;
    for (const tok of [orgs.hotline.tokens.steward, orgs.platform.tokens.steward]) await app.inject({ method: 'POST', url: `/api/v1/agreements/${id}/accept`, headers: auth(tok), payload: {} });
    const list = async () => (await app.inject({ url: `/api/v1/reports?agreement=${id}&purpose=content-removal&limit=100`, headers: auth(orgs.platform.tokens.analyst) })).json().items as Array<{ id: string }>;
    expect(await list()).toEqual([]);
    const kids = await sql<{ id: string; report_id: string }>`SELECT c.id, c.report_id FROM children c JOIN reports r ON r.id = c.report_id WHERE r.source_org_id = ${orgs.hotline.orgId} ORDER BY c.id LIMIT 2`.execute(fx.store().db);
    const [k1, k2] = kids.rows;
    const give = await app.inject({ method: 'POST', url: '/api/v1/consents', headers: auth(orgs.hotline.tokens.steward), payload: { subjectRef: k1?.id, givenBy: 'caregiver', event: 'given', purposes: ['content-removal'] } });
    expect(give.statusCode, give.body).toBe(201);
    expect((await list()).map((r) => r.id)).toEqual([k1?.report_id]);
    // The platform cannot record consent for the hotline's child, nor learn it exists.
    const other = await app.inject({ method: 'POST', url: '/api/v1/consents', headers: auth(orgs.platform.tokens.steward), payload: { subjectRef: k2?.id, givenBy: 'child', event: 'given', purposes: ['content-removal'] } });
    expect(other.statusCode).toBe(404);
    // A safeguarding override needs a reason and training on record.
    const noTraining = await app.inject({ method: 'POST', url: '/api/v1/consents/safeguarding-override', headers: auth(orgs.hotline.tokens.steward), payload: { subjectRef: k2?.id, purposes: ['content-removal'], reason: 'child at immediate risk, platform must act now' } });
    expect(noTraining.statusCode).toBe(403);
    expect(noTraining.json().error.message).toMatch(/safeguarding training/);
    await app.inject({ method: 'POST', url: '/api/v1/consents', headers: auth(orgs.hotline.tokens.steward), payload: { subjectRef: k1?.id, givenBy: 'child', event: 'withdrawn', purposes: ['content-removal'] } });
    expect(await list()).toEqual([]);
  });

  it('stops sharing the moment an agreement is revoked, and says so', async () => {
    const r = await app.inject({ method: 'POST', url: `/api/v1/agreements/${agreementId}/revoke`, headers: auth(orgs.platform.tokens.admin), payload: { reason: 'platform closes the service' } });
    expect(r.json().state).toBe('revoked');
    const read = await app.inject({ url: `/api/v1/reports?agreement=${agreementId}&purpose=content-removal`, headers: auth(orgs.platform.tokens.analyst) });
    expect(read.statusCode).toBe(403);
    expect(read.json().error.message).toMatch(/hotline-to-platform was revoked on \d{4}-\d{2}-\d{2}/);
  });

  it('seals notes at rest; retention dry-runs, then deletes with tombstones and shreds the month keys', async () => {
    const rep = (await sql<{ id: string }>`SELECT id FROM reports WHERE source_org_id = ${orgs.platform.orgId} ORDER BY id LIMIT 1`.execute(fx.store().db)).rows[0]?.id as string;
    const note = await app.inject({ method: 'POST', url: `/api/v1/reports/${rep}/notes`, headers: auth(orgs.platform.tokens.steward), payload: { text: 'synthetic free-text note' } });
    expect(note.statusCode, note.body).toBe(201);
    const raw = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sealed_fields WHERE record_id = ${rep} AND position('synthetic' in encode(ciphertext, 'escape')) > 0`.execute(fx.store().db);
    expect(raw.rows[0]?.n).toBe(0);
    const own = await app.inject({ url: `/api/v1/reports/${rep}`, headers: auth(orgs.platform.tokens.analyst) });
    expect(own.json().notes).toBe('synthetic free-text note');
    await sql`UPDATE datasets SET retention_days = 30 WHERE id = ${orgs.platform.datasetId}`.execute(fx.store().db);
    const dry = await app.inject({ method: 'POST', url: '/api/v1/retention/run', headers: auth(orgs.platform.tokens.admin), payload: { dryRun: true } });
    expect(dry.json().totals.due).toBe(5);
    expect(dry.json().datasets[0].keysToShred).toEqual(['2026-01']);
    expect((await app.inject({ url: '/api/v1/reports?limit=100', headers: auth(orgs.platform.tokens.analyst) })).json().items).toHaveLength(5);
    const run = await app.inject({ method: 'POST', url: '/api/v1/retention/run', headers: auth(orgs.platform.tokens.admin), payload: { dryRun: false } });
    expect(run.json().totals).toMatchObject({ deleted: 5, tombstones: 5, keysShredded: 1 });
    expect((await app.inject({ url: '/api/v1/reports?limit=100', headers: auth(orgs.platform.tokens.analyst) })).json().items).toHaveLength(0);
    const ts = await app.inject({ url: '/api/v1/tombstones', headers: auth(orgs.platform.tokens.analyst) });
    expect(ts.json().items).toHaveLength(5);
    expect(ts.json().items[0]).toMatchObject({ recordType: 'report', action: 'delete' });
    // The hotline's data is untouched by the platform's retention.
    expect((await app.inject({ url: '/api/v1/reports?limit=100', headers: auth(orgs.hotline.tokens.analyst) })).json().items).toHaveLength(12);
  });
});
