import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/program.ts';
import { buildApp } from '../src/server/app.ts';
import { openStore } from '../src/store/index.ts';
import { describeEachStore } from './support/databases.ts';
import { issueToken, localPrincipal, upsertUser, type Principal } from '../src/identity/index.ts';
import { acceptAgreement, draftAgreement, recordConsent, recordSafeguardingOverride, revokeAgreement, type AgreementTermsInput, type ContactField, type FieldRule, type ReportField } from '../src/policy/index.ts';
import { ContactEntity, parseEntity, type Contact } from '../src/model/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import type { Store } from '../src/store/index.ts';
import { insertContacts, insertReportBundles, type ReportBundle } from '../src/store/repositories/records.ts';
import { lineageFor, makeBundles, seedTwoOrgs } from './support/fixtures.ts';

/**
 * The access matrix's world, and an oracle written independently of src/policy: what each
 * person should get under each agreement, by plain reading of the agreement's terms.
 *
 * Organisations: the hotline (provider), the platform (recipient of every agreement), an NGO
 * (recipient of half of them, with its own field rules; an outsider to the rest).
 * Users: admin, steward, analyst, auditor of each, and an analyst without current training.
 * Agreements: 5 states (draft, active, expired, revoked, not yet valid) × 3 consent modes
 * (not required, required, required with safeguarding override).
 * Rows: shared dataset rows in each consent state (none, given, withdrawn, expired, override),
 * rows too old for the agreement's retention, rows in a dataset the agreement does not name,
 * and the recipients' own rows. The same again for helpline contacts (the provider's contact
 * dataset is named by every agreement, with its own contact field rules per recipient; a
 * contact's consent is its own).
 */
export const STATES = ['draft', 'active', 'expired', 'revoked', 'not-yet-valid'] as const;
export const CONSENT_MODES = ['not-required', 'required', 'required+override'] as const;
export const PURPOSES_TRIED = ['content-removal', 'research-and-statistics', null] as const;
export const PERMITTED = ['content-removal', 'investigation'];
export type State = (typeof STATES)[number];
export type ConsentMode = (typeof CONSENT_MODES)[number];

export const PROFILE_PLATFORM: Partial<Record<ReportField, FieldRule>> = { sourceRef: 'pseudonymised', kind: 'visible', reportedAt: 'visible', country: 'visible', contentItems: 'visible', signals: 'pseudonymised' };
export const PROFILE_NGO: Partial<Record<ReportField, FieldRule>> = { kind: 'visible', flags: 'visible', children: 'visible', contentItems: 'pseudonymised' };
export const CONTACT_PROFILE_PLATFORM: Partial<Record<ContactField, FieldRule>> = { sourceRef: 'pseudonymised', channel: 'visible', contactAt: 'visible', country: 'visible', age: 'visible' };
export const CONTACT_PROFILE_NGO: Partial<Record<ContactField, FieldRule>> = { gender: 'visible', categories: 'visible', durationMinutes: 'visible' };
const CONTACT_FIELD_NAMES = ['sourceRef', 'channel', 'contactAt', 'durationMinutes', 'age', 'gender', 'country', 'region', 'language', 'categories'];

export interface MatrixAgreement {
  id: string;
  slug: string;
  state: State;
  consent: ConsentMode;
  withNgo: boolean;
  actions: string[];
}

export interface MatrixUser {
  key: string;
  org: 'hotline' | 'platform' | 'ngo';
  role: 'admin' | 'steward' | 'analyst' | 'auditor' | 'untrained-analyst';
  email: string;
  token: string;
  principal: Principal;
}

export interface MatrixWorld {
  orgIds: { hotline: string; platform: string; ngo: string };
  sharedDatasetId: string;
  otherDatasetId: string;
  agreements: MatrixAgreement[];
  users: MatrixUser[];
  /** Shared-dataset rows by consent state of their child. */
  rows: Array<{ id: string; consent: 'none' | 'given' | 'withdrawn' | 'expired' | 'override'; country: string }>;
  /** Ids that must never appear under any agreement. */
  neverShared: string[];
  /** Strings from the provider's data that must never appear unless their field is visible. */
  secrets: { sourceRefs: RegExp; signalValues: RegExp; hashes: string[]; flags: RegExp };
  allProviderIds: string[];
  contacts: {
    /** Shared contact-dataset rows by their own consent state. */
    rows: Array<{ id: string; consent: 'none' | 'given' | 'withdrawn' | 'expired' | 'override'; country: string }>;
    neverShared: string[];
    allProviderIds: string[];
    /** Contact source references, regions (never shared) and categories of the provider. */
    secrets: { sourceRefs: RegExp; regions: RegExp; categories: RegExp };
  };
}

/** Helpline contacts for the matrix: distinct source references, a region (never shared) and a category label. */
function makeContacts(orgId: string, datasetId: string, n: number, prefix: string, at: (i: number) => string): Contact[] {
  return Array.from({ length: n }, (_, i) =>
    parseEntity(ContactEntity, {
      datasetId, sourceOrgId: orgId, sourceRef: `${prefix}-${i}`, channel: i % 2 ? 'chat' : 'phone', contactAt: at(i), durationMinutes: 10 + i,
      age: { min: 12, max: 14, basis: 'reported' }, gender: i % 2 ? 'female' : 'male', country: i % 2 ? 'FR' : 'BR', region: `Regio${prefix}${i}`, language: 'fr',
      categories: [{ scheme: 'chi-helpline', code: `Kat${prefix}${i}` }], lineage: lineageFor(orgId, `${prefix}-${i}`),
    }) as Contact,
  );
}

const DAY = 86_400_000;

export async function seedMatrix(store: Store): Promise<MatrixWorld> {
  const two = await seedTwoOrgs(store);
  const ngo = await registerOrganisation(store, { slug: 'test-ngo', name: 'Test NGO (synthetic)', kind: 'ngo', jurisdiction: 'DE', languages: ['de'] });
  const ngoDs = await registerDatasetAsNode(store, { ownerOrgId: ngo.id, slug: 'reports', name: 'ngo reports', recordType: 'report', purpose: 'prevention', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
  const other = await registerDatasetAsNode(store, { ownerOrgId: two.hotline.orgId, slug: 'internal', name: 'hotline internal', recordType: 'report', purpose: 'investigation', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
  const users: MatrixUser[] = [];
  const tokens = { hotline: two.hotline.tokens, platform: two.platform.tokens } as Record<string, Record<string, string>>;
  for (const role of ['admin', 'steward', 'analyst', 'auditor'] as const) {
    const u = await upsertUser(store, { orgId: ngo.id, name: `ngo ${role}`, email: `${role}@ngo.example`, roles: [role], dataProtectionTrainedAt: '2026-06-01T00:00:00Z' });
    (tokens.ngo ??= {})[role] = (await issueToken(store, u.id)).token;
  }
  for (const [org, orgId] of [['hotline', two.hotline.orgId], ['platform', two.platform.orgId], ['ngo', ngo.id]] as const) {
    const u = await upsertUser(store, { orgId, name: `${org} untrained`, email: `untrained@${org}.example`, roles: ['analyst'], dataProtectionTrainedAt: '2020-01-01T00:00:00Z' });
    (tokens[org] ??= {})['untrained-analyst'] = (await issueToken(store, u.id)).token;
    for (const role of ['admin', 'steward', 'analyst', 'auditor', 'untrained-analyst'] as const) {
      const email = role === 'untrained-analyst' ? `untrained@${org}.example` : `${role}@${org}.example`;
      users.push({ key: `${org}/${role}`, org, role, email, token: tokens[org]?.[role] as string, principal: await localPrincipal(store, email) });
    }
  }
  // Rows: 20 in the shared dataset (recent), 4 too old, 4 in the other dataset, 4 each for the recipients.
  const shared = makeBundles(two.hotline.orgId, two.hotline.datasetId, 20, 'HOT');
  const old = makeBundles(two.hotline.orgId, two.hotline.datasetId, 4, 'HOLD').map((b) => ({ ...b, report: { ...b.report, reportedAt: '2020-03-01T00:00:00.000Z' } }));
  const internal = makeBundles(two.hotline.orgId, other.id, 4, 'HXD');
  const plat = makeBundles(two.platform.orgId, two.platform.datasetId, 4, 'PLAT');
  const ngoRows = makeBundles(ngo.id, ngoDs.id, 4, 'NGO');
  const all: ReportBundle[] = [...shared, ...old, ...internal, ...plat, ...ngoRows];
  await store.db.transaction().execute((trx) => insertReportBundles(trx, all));
  // Contacts: 10 in the shared contact dataset (recent), 2 too old, 2 in a contact dataset no agreement names, 2 for the platform.
  const contactDs = await registerDatasetAsNode(store, { ownerOrgId: two.hotline.orgId, slug: 'contacts', name: 'hotline helpline contacts', recordType: 'contact', purpose: 'service-provision', legalBasis: 'consent', createdAt: '2026-01-01T00:00:00Z' });
  const contactOther = await registerDatasetAsNode(store, { ownerOrgId: two.hotline.orgId, slug: 'contacts-internal', name: 'hotline internal contacts', recordType: 'contact', purpose: 'service-provision', legalBasis: 'consent', createdAt: '2026-01-01T00:00:00Z' });
  const platContactDs = await registerDatasetAsNode(store, { ownerOrgId: two.platform.orgId, slug: 'contacts', name: 'platform contacts', recordType: 'contact', purpose: 'service-provision', legalBasis: 'consent', createdAt: '2026-01-01T00:00:00Z' });
  const recent = (i: number) => new Date(Date.UTC(2026, 6, 1, 0, i)).toISOString();
  const sharedContacts = makeContacts(two.hotline.orgId, contactDs.id, 10, 'HCT', recent);
  const oldContacts = makeContacts(two.hotline.orgId, contactDs.id, 2, 'HCOLD', () => '2020-03-01T00:00:00.000Z');
  const internalContacts = makeContacts(two.hotline.orgId, contactOther.id, 2, 'HCXD', recent);
  const platContacts = makeContacts(two.platform.orgId, platContactDs.id, 2, 'PCT', recent);
  await store.db.transaction().execute((trx) => insertContacts(trx, [...sharedContacts, ...oldContacts, ...internalContacts, ...platContacts]));

  // Consent states of each shared row's child.
  const states = ['none', 'given', 'withdrawn', 'expired', 'override'] as const;
  const steward = await localPrincipal(store, 'steward@hotline.example');
  await upsertUser(store, { orgId: two.hotline.orgId, name: 'hotline safeguarding lead', email: 'safeguarding@hotline.example', roles: ['steward'], dataProtectionTrainedAt: '2026-06-01T00:00:00Z', safeguardingTrainedAt: '2026-06-01T00:00:00Z' });
  const lead = await localPrincipal(store, 'safeguarding@hotline.example');
  const rows: MatrixWorld['rows'] = [];
  for (const [i, b] of [...shared, ...old].entries()) {
    const st = states[i % 5] as (typeof states)[number];
    const child = b.children?.[0]?.id as string;
    const purposes = ['content-removal' as const];
    if (st === 'given' || st === 'withdrawn') await recordConsent(store, steward, { subjectRef: child, givenBy: 'caregiver', event: 'given', purposes });
    if (st === 'withdrawn') await recordConsent(store, steward, { subjectRef: child, givenBy: 'child', event: 'withdrawn', purposes });
    if (st === 'expired') await recordConsent(store, steward, { subjectRef: child, givenBy: 'child', event: 'given', purposes, at: '2025-01-01T00:00:00Z', expiresAt: '2025-06-01T00:00:00Z' });
    if (st === 'override') await recordSafeguardingOverride(store, lead, { subjectRef: child, purposes, reason: 'synthetic: child at immediate risk, content must come down' });
    if (i < shared.length) rows.push({ id: b.report.id, consent: st, country: b.report.country as string });
  }
  const contactRows: MatrixWorld['contacts']['rows'] = [];
  for (const [i, c] of [...sharedContacts, ...oldContacts, ...internalContacts].entries()) {
    const st = states[(i + 1) % 5] as (typeof states)[number];
    const purposes = ['content-removal' as const];
    if (st === 'given' || st === 'withdrawn') await recordConsent(store, steward, { subjectRef: c.id, givenBy: 'child', event: 'given', purposes });
    if (st === 'withdrawn') await recordConsent(store, steward, { subjectRef: c.id, givenBy: 'caregiver', event: 'withdrawn', purposes });
    if (st === 'expired') await recordConsent(store, steward, { subjectRef: c.id, givenBy: 'child', event: 'given', purposes, at: '2025-01-01T00:00:00Z', expiresAt: '2025-06-01T00:00:00Z' });
    if (st === 'override') await recordSafeguardingOverride(store, lead, { subjectRef: c.id, purposes, reason: 'synthetic: caller at immediate risk, the platform must act' });
    if (i < sharedContacts.length) contactRows.push({ id: c.id, consent: st, country: c.country as string });
  }

  const provider = await localPrincipal(store, 'admin@hotline.example');
  const pAdmin = await localPrincipal(store, 'admin@platform.example');
  const nAdmin = await localPrincipal(store, 'admin@ngo.example');
  const now = Date.now();
  const agreements: MatrixAgreement[] = [];
  let n = 0;
  for (const state of STATES) {
    for (const consent of CONSENT_MODES) {
      const withNgo = n % 2 === 0;
      const actions = withNgo ? ['read', 'aggregate'] : ['read', 'export', 'aggregate'];
      const slug = `m-${state}-${consent.replace('+', '-')}`;
      const terms: AgreementTermsInput = {
        slug, title: `matrix ${state} ${consent}`, providerOrgId: two.hotline.orgId,
        recipients: [{ orgId: two.platform.orgId }, ...(withNgo ? [{ orgId: ngo.id, fields: PROFILE_NGO, contactFields: CONTACT_PROFILE_NGO }] : [])],
        purposes: PERMITTED as AgreementTermsInput['purposes'], legalBasis: 'legitimate-interest', datasetIds: [two.hotline.datasetId, contactDs.id], actions: actions as AgreementTermsInput['actions'],
        fields: PROFILE_PLATFORM, contactFields: CONTACT_PROFILE_PLATFORM,
        validFrom: new Date(state === 'not-yet-valid' ? now + 30 * DAY : now - 400 * DAY).toISOString(),
        validUntil: new Date(state === 'expired' ? now - DAY : now + 400 * DAY).toISOString(),
        retention: { days: 365, then: 'delete' },
        requirements: { dataProtectionTrainingWithinDays: 730, consent: consent === 'not-required' ? 'not-required' : 'required', safeguardingOverride: consent === 'required+override' },
      };
      const a = await draftAgreement(store, provider, terms);
      if (state !== 'draft') {
        for (const p of [provider, pAdmin, ...(withNgo ? [nAdmin] : [])]) await acceptAgreement(store, p, a.id, a.versionHash);
      } else {
        await acceptAgreement(store, pAdmin, a.id, a.versionHash);
      }
      if (state === 'revoked') await revokeAgreement(store, pAdmin, a.id, 'synthetic revocation');
      agreements.push({ id: a.id, slug, state, consent, withNgo, actions });
      n++;
    }
  }
  const hashes = shared.flatMap((b) => (b.contentItems ?? []).flatMap((c) => [c.hashes.md5, c.hashes.sha256, c.hashes.pdq])).filter((h): h is string => typeof h === 'string');
  return {
    orgIds: { hotline: two.hotline.orgId, platform: two.platform.orgId, ngo: ngo.id },
    sharedDatasetId: two.hotline.datasetId, otherDatasetId: other.id, agreements, users, rows,
    neverShared: [...old, ...internal, ...plat, ...ngoRows].map((b) => b.report.id),
    secrets: { sourceRefs: /\bH(OT|OLD|XD)-\d+\b/, signalValues: /h(ot|old|xd)\d+\.example/, hashes, flags: /"urgent"/ },
    allProviderIds: [...shared, ...old, ...internal].map((b) => b.report.id),
    contacts: {
      rows: contactRows,
      neverShared: [...oldContacts, ...internalContacts, ...platContacts].map((c) => c.id),
      allProviderIds: [...sharedContacts, ...oldContacts, ...internalContacts].map((c) => c.id),
      secrets: { sourceRefs: /\bHC(T|OLD|XD)-\d+\b/, regions: /Regio(HCT|HCOLD|HCXD)\d+/, categories: /Kat(HCT|HCOLD|HCXD)\d+/ },
    },
  };
}

/** The oracle: plain reading of the terms, independent of src/policy. */
export interface Expectation {
  allowed: boolean;
  /** Ids the request should return when allowed. */
  ids: string[];
  fields: Record<string, FieldRule>;
  canExport: boolean;
}

export function expected(w: MatrixWorld, u: MatrixUser, a: MatrixAgreement, purpose: string | null): Expectation {
  const fields: Record<string, FieldRule> = {};
  const profile = u.org === 'ngo' ? PROFILE_NGO : PROFILE_PLATFORM;
  for (const f of ['sourceRef', 'kind', 'status', 'reportedAt', 'incidentAt', 'country', 'language', 'incidentTypes', 'flags', 'contentItems', 'signals', 'children', 'subjects', 'classifications', 'notes']) fields[f] = profile[f as ReportField] ?? 'hidden';
  const recipient = u.org === 'platform' || (u.org === 'ngo' && a.withNgo);
  const reader = u.role === 'admin' || u.role === 'steward' || u.role === 'analyst';
  const trained = u.role !== 'untrained-analyst';
  const allowed = recipient && reader && trained && a.state === 'active' && purpose !== null && PERMITTED.includes(purpose);
  const ids = w.rows
    .filter((r) => a.consent === 'not-required' || r.consent === 'given' || (a.consent === 'required+override' && r.consent === 'override'))
    .map((r) => r.id)
    .sort();
  return { allowed, ids: allowed ? ids : [], fields, canExport: a.actions.includes('export') };
}

/** The oracle for contacts: the same decision, the contact's own consent, the recipient's contact field rules. */
export function expectedContacts(w: MatrixWorld, u: MatrixUser, a: MatrixAgreement, purpose: string | null): Expectation {
  const base = expected(w, u, a, purpose);
  const profile = u.org === 'ngo' ? CONTACT_PROFILE_NGO : CONTACT_PROFILE_PLATFORM;
  const fields: Record<string, FieldRule> = {};
  for (const f of CONTACT_FIELD_NAMES) fields[f] = profile[f as ContactField] ?? 'hidden';
  const ids = w.contacts.rows
    .filter((r) => a.consent === 'not-required' || r.consent === 'given' || (a.consent === 'required+override' && r.consent === 'override'))
    .map((r) => r.id)
    .sort();
  return { allowed: base.allowed, ids: base.allowed ? ids : [], fields, canExport: base.canExport };
}

// ---------------------------------------------------------------- checks

const ALWAYS = ['id', 'datasetId', 'sourceOrgId', 'lineage'];
const NESTED = ['contentItems', 'signals', 'children', 'subjects', 'classifications', 'notes'];

/** Nothing from outside the agreement, and nothing hidden, anywhere in a response body. */
function assertNoLeak(w: MatrixWorld, body: string, exp: Expectation, label: string, requestedId?: string): void {
  const strip = requestedId ? body.split(requestedId).join('') : body;
  for (const id of w.neverShared) expect(strip.includes(id), `${label}: never-shared row ${id} appears`).toBe(false);
  if (!exp.allowed) for (const id of w.allProviderIds) expect(strip.includes(id), `${label}: denied, yet provider row ${id} appears`).toBe(false);
  else for (const id of w.allProviderIds) if (!exp.ids.includes(id)) expect(strip.includes(id), `${label}: row ${id} outside the agreement's rows appears`).toBe(false);
  if (!(exp.allowed && exp.fields.sourceRef === 'visible')) expect(w.secrets.sourceRefs.test(strip), `${label}: a source reference appears in clear`).toBe(false);
  if (!(exp.allowed && exp.fields.signals === 'visible')) expect(w.secrets.signalValues.test(strip), `${label}: a signal value appears in clear`).toBe(false);
  if (!(exp.allowed && exp.fields.contentItems === 'visible')) for (const h of w.secrets.hashes) expect(strip.includes(h), `${label}: a content hash appears in clear`).toBe(false);
  if (!(exp.allowed && exp.fields.flags === 'visible')) expect(w.secrets.flags.test(strip), `${label}: flags appear`).toBe(false);
  // A report path never returns contacts.
  for (const id of w.contacts.allProviderIds) expect(strip.includes(id), `${label}: a contact appears on a report path`).toBe(false);
  expect(w.contacts.secrets.regions.test(strip) || w.contacts.secrets.categories.test(strip) || w.contacts.secrets.sourceRefs.test(strip), `${label}: contact data appears on a report path`).toBe(false);
}

/** The same for contact paths: nothing outside the agreement's contacts, nothing hidden, no report data. */
function assertNoContactLeak(w: MatrixWorld, body: string, exp: Expectation, label: string, requestedId?: string): void {
  const strip = requestedId ? body.split(requestedId).join('') : body;
  for (const id of w.contacts.neverShared) expect(strip.includes(id), `${label}: never-shared contact ${id} appears`).toBe(false);
  for (const id of w.contacts.allProviderIds) if (!exp.allowed || !exp.ids.includes(id)) expect(strip.includes(id), `${label}: contact ${id} outside the agreement's rows appears`).toBe(false);
  if (!(exp.allowed && exp.fields.sourceRef === 'visible')) expect(w.contacts.secrets.sourceRefs.test(strip), `${label}: a contact source reference appears in clear`).toBe(false);
  expect(w.contacts.secrets.regions.test(strip), `${label}: a region (never shared) appears`).toBe(false);
  if (!(exp.allowed && exp.fields.categories === 'visible')) expect(w.contacts.secrets.categories.test(strip), `${label}: contact categories appear`).toBe(false);
  for (const id of [...w.allProviderIds, ...w.neverShared]) expect(strip.includes(id), `${label}: a report appears on a contact path`).toBe(false);
  expect(w.secrets.sourceRefs.test(strip), `${label}: a report source reference appears on a contact path`).toBe(false);
}

function assertProjection(item: Record<string, unknown>, exp: Expectation, label: string, nested: boolean): void {
  for (const k of Object.keys(item)) {
    if (ALWAYS.includes(k)) continue;
    if (nested && NESTED.includes(k)) {
      expect(exp.fields[k], `${label}: nested ${k} returned but ${exp.fields[k]}`).not.toBe('hidden');
      continue;
    }
    expect(exp.fields[k] ?? 'hidden', `${label}: field ${k} returned but ${exp.fields[k] ?? 'unknown'}`).not.toBe('hidden');
  }
  if (exp.fields.sourceRef === 'pseudonymised') expect(String(item.sourceRef)).toMatch(/^pseu_/);
}

const PATHS = ['list', 'search', 'get-shared', 'get-unshared', 'export', 'export-flat', 'aggregate-dataset', 'aggregate-country'] as const;
const CONTACT_PATHS = ['list', 'search', 'get-shared', 'get-unshared', 'export', 'aggregate-dataset', 'aggregate-country'] as const;

describeEachStore('access matrix: organisations × roles × purposes × fields × agreement states × consent states × every read path', (fx) => {
  let app: FastifyInstance;
  let w: MatrixWorld;
  beforeAll(async () => {
    w = await seedMatrix(fx.store());
    app = await buildApp({ store: fx.store() });
  }, 300_000);
  afterAll(async () => {
    await app?.close();
  });

  for (const state of STATES) {
    for (const consent of CONSENT_MODES) {
      it(`agreement ${state}, consent ${consent}: every person, purpose and path gets exactly what the terms give`, async () => {
        const a = w.agreements.find((x) => x.state === state && x.consent === consent) as MatrixAgreement;
        let checked = 0;
        for (const u of w.users) {
          for (const purpose of PURPOSES_TRIED) {
            const exp = expected(w, u, a, purpose);
            const q = `agreement=${a.id}${purpose ? `&purpose=${purpose}` : ''}`;
            const headers = { authorization: `Bearer ${u.token}` };
            for (const path of PATHS) {
              const label = `${u.key} ${a.slug} purpose=${purpose ?? '(none)'} ${path}`;
              const sharedId = exp.ids[0] ?? (w.rows[0] as { id: string }).id;
              const unsharedId = w.neverShared[0] as string;
              const url = {
                list: `/api/v1/reports?${q}&limit=500`,
                search: `/api/v1/reports?${q}&limit=500&country=FR`,
                'get-shared': `/api/v1/reports/${sharedId}?${q}`,
                'get-unshared': `/api/v1/reports/${unsharedId}?${q}`,
                export: `/api/v1/export/reports?${q}`,
                'export-flat': `/api/v1/export/reports?${q}&nested=false`,
                'aggregate-dataset': `/api/v1/aggregates/reports?groupBy=dataset&${q}`,
                'aggregate-country': `/api/v1/aggregates/reports?groupBy=country&${q}`,
              }[path];
              const r = await app.inject({ url, headers });
              const requestedId = path === 'get-shared' ? sharedId : path === 'get-unshared' ? unsharedId : undefined;
              assertNoLeak(w, r.body, exp, label, requestedId);
              checked++;
              const countryVisible = exp.fields.country === 'visible';
              const ok = exp.allowed && !(path.startsWith('export') && !exp.canExport) && !((path === 'search' || path === 'aggregate-country') && !countryVisible) && path !== 'get-unshared' && !(path === 'get-shared' && exp.ids.length === 0);
              if (!ok) {
                expect(r.statusCode, `${label}: ${r.body}`).toBe(exp.allowed && path.startsWith('get') ? 404 : 403);
                expect(r.json().error.message.length, label).toBeGreaterThan(20);
                continue;
              }
              expect(r.statusCode, `${label}: ${r.body}`).toBe(200);
              if (path === 'list' || path === 'search') {
                const items = r.json().items as Array<Record<string, unknown>>;
                const want = path === 'search' ? exp.ids.filter((id) => w.rows.find((x) => x.id === id)?.country === 'FR') : exp.ids;
                expect(items.map((i) => i.id).sort(), label).toEqual([...want].sort());
                for (const i of items) assertProjection(i, exp, label, false);
              } else if (path === 'get-shared') {
                const d = r.json() as Record<string, unknown>;
                assertProjection(d.report as Record<string, unknown>, exp, label, false);
                for (const k of Object.keys(d)) if (k !== 'report' && k !== 'access') expect(exp.fields[k], `${label}: nested ${k}`).not.toBe('hidden');
              } else if (path === 'export' || path === 'export-flat') {
                const lines = r.body.trim() ? r.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
                expect(lines.map((l) => l.id).sort(), label).toEqual(exp.ids);
                for (const l of lines) assertProjection(l, exp, label, path === 'export');
              } else {
                expect(r.json().total, label).toBe(exp.ids.length);
              }
            }
          }
        }
        expect(checked).toBe(w.users.length * PURPOSES_TRIED.length * PATHS.length);
      });

      it(`agreement ${state}, consent ${consent}: helpline contacts — every person, purpose and path gets exactly what the terms give`, async () => {
        const a = w.agreements.find((x) => x.state === state && x.consent === consent) as MatrixAgreement;
        let checked = 0;
        for (const u of w.users) {
          for (const purpose of PURPOSES_TRIED) {
            const exp = expectedContacts(w, u, a, purpose);
            const q = `agreement=${a.id}${purpose ? `&purpose=${purpose}` : ''}`;
            const headers = { authorization: `Bearer ${u.token}` };
            for (const path of CONTACT_PATHS) {
              const label = `${u.key} ${a.slug} purpose=${purpose ?? '(none)'} contacts ${path}`;
              const sharedId = exp.ids[0] ?? (w.contacts.rows[0] as { id: string }).id;
              const unsharedId = w.contacts.neverShared[0] as string;
              const url = {
                list: `/api/v1/contacts?${q}&limit=500`,
                search: `/api/v1/contacts?${q}&limit=500&country=FR`,
                'get-shared': `/api/v1/contacts/${sharedId}?${q}`,
                'get-unshared': `/api/v1/contacts/${unsharedId}?${q}`,
                export: `/api/v1/export/contacts?${q}`,
                'aggregate-dataset': `/api/v1/aggregates/contacts?groupBy=dataset&${q}`,
                'aggregate-country': `/api/v1/aggregates/contacts?groupBy=country&${q}`,
              }[path];
              const r = await app.inject({ url, headers });
              const requestedId = path === 'get-shared' ? sharedId : path === 'get-unshared' ? unsharedId : undefined;
              assertNoContactLeak(w, r.body, exp, label, requestedId);
              checked++;
              const countryVisible = exp.fields.country === 'visible';
              const ok = exp.allowed && !(path === 'export' && !exp.canExport) && !((path === 'search' || path === 'aggregate-country') && !countryVisible) && path !== 'get-unshared' && !(path === 'get-shared' && exp.ids.length === 0);
              if (!ok) {
                expect(r.statusCode, `${label}: ${r.body}`).toBe(exp.allowed && path.startsWith('get') ? 404 : 403);
                expect(r.json().error.message.length, label).toBeGreaterThan(20);
                continue;
              }
              expect(r.statusCode, `${label}: ${r.body}`).toBe(200);
              if (path === 'list' || path === 'search') {
                const items = r.json().items as Array<Record<string, unknown>>;
                const want = path === 'search' ? exp.ids.filter((id) => w.contacts.rows.find((x) => x.id === id)?.country === 'FR') : exp.ids;
                expect(items.map((i) => i.id).sort(), label).toEqual([...want].sort());
                for (const i of items) assertProjection(i, exp, label, false);
              } else if (path === 'get-shared') {
                assertProjection(r.json().contact as Record<string, unknown>, exp, label, false);
              } else if (path === 'export') {
                const lines = r.body.trim() ? r.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
                expect(lines.map((l) => l.id).sort(), label).toEqual(exp.ids);
                for (const l of lines) assertProjection(l, exp, label, false);
              } else {
                expect(r.json().total, label).toBe(exp.ids.length);
              }
            }
          }
        }
        expect(checked).toBe(w.users.length * PURPOSES_TRIED.length * CONTACT_PATHS.length);
      });
    }
  }

  it('a recipient reading its own records never sees the provider’s, and the provider sees all of its own', async () => {
    for (const u of w.users.filter((x) => x.role === 'analyst')) {
      const r = await app.inject({ url: '/api/v1/reports?limit=500', headers: { authorization: `Bearer ${u.token}` } });
      const ids = (r.json().items as Array<{ id: string; sourceOrgId: string }>).map((i) => i.sourceOrgId);
      expect(new Set(ids), u.key).toEqual(new Set([w.orgIds[u.org]]));
      const c = await app.inject({ url: '/api/v1/contacts?limit=500', headers: { authorization: `Bearer ${u.token}` } });
      expect(c.statusCode, c.body).toBe(200);
      for (const i of c.json().items as Array<{ sourceOrgId: string }>) expect(i.sourceOrgId, u.key).toBe(w.orgIds[u.org]);
    }
    const own = await app.inject({ url: '/api/v1/contacts?limit=500', headers: { authorization: `Bearer ${w.users.find((x) => x.key === 'hotline/analyst')?.token}` } });
    expect((own.json().items as unknown[]).length).toBe(w.contacts.allProviderIds.length);
  });
});

describe('access matrix through the CLI: tessera export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-matrix-'));
  const data = join(dir, 'data');
  let w: MatrixWorld;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, TESSERA_USER: process.env.TESSERA_USER };
  beforeAll(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.TESSERA_USER;
    const store = await openStore({ dataDir: data });
    try {
      w = await seedMatrix(store);
    } finally {
      await store.close();
    }
  }, 300_000);
  afterAll(() => {
    if (saved.DATABASE_URL) process.env.DATABASE_URL = saved.DATABASE_URL;
    if (saved.TESSERA_USER) process.env.TESSERA_USER = saved.TESSERA_USER;
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const ow = process.stdout.write.bind(process.stdout);
    const ew = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((c: string | Uint8Array) => ((out += String(c)), true)) as typeof process.stdout.write;
    process.stderr.write = ((c: string | Uint8Array) => ((err += String(c)), true)) as typeof process.stderr.write;
    try {
      const code = await run(['--data', data, ...args]);
      return { code, out, err };
    } finally {
      process.stdout.write = ow;
      process.stderr.write = ew;
      process.exitCode = 0;
    }
  }

  it('exports exactly what each agreement gives, and errors carry no data', async () => {
    const people = w.users.filter((u) => ['platform/analyst', 'platform/auditor', 'platform/untrained-analyst', 'ngo/steward', 'hotline/analyst'].includes(u.key));
    for (const a of w.agreements.filter((x) => x.consent === 'not-required')) {
      for (const u of people) {
        for (const purpose of ['content-removal', 'research-and-statistics']) {
          const exp = expected(w, u, a, purpose);
          const label = `CLI ${u.key} ${a.slug} ${purpose}`;
          const r = await cli(['export', '--agreement', a.slug, '--purpose', purpose, '--as', u.email]);
          assertNoLeak(w, r.out + r.err, exp, label);
          if (!exp.allowed || !exp.canExport) {
            expect(r.code, `${label}: ${r.out}`).toBe(1);
            expect(r.err, label).toMatch(/error\[forbidden\]: Access denied: /);
            continue;
          }
          expect(r.code, `${label}: ${r.err}`).toBe(0);
          const lines = r.out.trim() ? r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
          expect(lines.map((l) => l.id).sort(), label).toEqual(exp.ids);
          for (const l of lines) assertProjection(l, exp, label, true);
          expect(r.err, label).toMatch(new RegExp(`${exp.ids.length} reports exported under agreement ${a.slug}`));
        }
      }
    }
  }, 600_000);

  it('exports exactly the helpline contacts each agreement gives (tessera export --contacts)', async () => {
    const people = w.users.filter((u) => ['platform/analyst', 'platform/untrained-analyst', 'ngo/steward', 'hotline/analyst'].includes(u.key));
    for (const a of w.agreements.filter((x) => x.consent !== 'required+override' && (x.state === 'active' || x.state === 'revoked'))) {
      for (const u of people) {
        for (const purpose of ['content-removal', 'research-and-statistics']) {
          const exp = expectedContacts(w, u, a, purpose);
          const label = `CLI contacts ${u.key} ${a.slug} ${purpose}`;
          const r = await cli(['export', '--contacts', '--agreement', a.slug, '--purpose', purpose, '--as', u.email]);
          assertNoContactLeak(w, r.out + r.err, exp, label);
          if (!exp.allowed || !exp.canExport) {
            expect(r.code, `${label}: ${r.out}`).toBe(1);
            expect(r.err, label).toMatch(/error\[forbidden\]: Access denied: /);
            continue;
          }
          expect(r.code, `${label}: ${r.err}`).toBe(0);
          const lines = r.out.trim() ? r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
          expect(lines.map((l) => l.id).sort(), label).toEqual(exp.ids);
          for (const l of lines) assertProjection(l, exp, label, false);
          expect(r.err, label).toMatch(new RegExp(`${exp.ids.length} contacts exported under agreement ${a.slug}`));
        }
      }
    }
  }, 600_000);
});
