import { issueToken, localPrincipal, upsertUser, type Role } from '../../src/identity/index.ts';
import { acceptAgreement, draftAgreement, type FieldRule, type ReportField } from '../../src/policy/index.ts';
import { ChildEntity, ContentItemEntity, ReportEntity, SignalEntity, SubjectEntity, parseEntity, sha256Digest, type Lineage, type Report } from '../../src/model/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../../src/records/index.ts';
import type { Store } from '../../src/store/index.ts';
import { insertReportBundles, type ReportBundle } from '../../src/store/repositories/records.ts';

/** Two synthetic organisations, each with a dataset, users of every role and API tokens. */
export interface TwoOrgs {
  hotline: { orgId: string; datasetId: string; tokens: Record<Role, string> };
  platform: { orgId: string; datasetId: string; tokens: Record<Role, string> };
}

export async function seedTwoOrgs(store: Store): Promise<TwoOrgs> {
  const out: Partial<TwoOrgs> = {};
  for (const [key, kind, cc] of [['hotline', 'hotline', 'NL'], ['platform', 'platform', 'US']] as const) {
    const org = await registerOrganisation(store, { slug: `test-${key}`, name: `Test ${key} (synthetic)`, kind, jurisdiction: cc, languages: ['en'] });
    const ds = await registerDatasetAsNode(store, { ownerOrgId: org.id, slug: 'reports', name: `${key} reports`, recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
    const tokens: Partial<Record<Role, string>> = {};
    for (const role of ['admin', 'steward', 'analyst', 'auditor'] as const) {
      const user = await upsertUser(store, { orgId: org.id, name: `${key} ${role}`, email: `${role}@${key}.example`, roles: [role], dataProtectionTrainedAt: '2026-06-01T00:00:00Z' });
      tokens[role] = (await issueToken(store, user.id)).token;
    }
    out[key] = { orgId: org.id, datasetId: ds.id, tokens: tokens as Record<Role, string> };
  }
  return out as TwoOrgs;
}

export function lineageFor(orgId: string, raw: string): Lineage {
  return {
    sourceOrgId: orgId, sourceSystem: 'test-fixture', collectionPurpose: 'content-removal', legalBasis: 'legitimate-interest',
    adapter: { name: 'test-fixture', version: '1' }, receivedAt: '2026-10-01T00:00:00.000Z', rawDigest: sha256Digest(raw), hops: [],
  };
}

/** `n` small valid report bundles for one dataset; every third shares its timestamp with the previous one. */
export function makeBundles(orgId: string, datasetId: string, n: number, prefix = 'R'): ReportBundle[] {
  const bundles: ReportBundle[] = [];
  for (let i = 0; i < n; i++) {
    const ref = `${prefix}-${i}`;
    const lineage = lineageFor(orgId, ref);
    const minute = i - (i % 3 === 2 ? 1 : 0);
    const report = parseEntity(ReportEntity, {
      datasetId, sourceOrgId: orgId, sourceRef: ref, kind: 'platform-report', reportedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
      country: i % 2 ? 'FR' : 'BR', language: i % 2 ? 'fr' : 'pt', incidentTypes: [{ scheme: 'ncmec-incident', code: 'Online Enticement of Children for Sexual Acts' }],
      flags: i % 5 === 0 ? ['urgent'] : [], lineage,
    }) as Report;
    const hex = (seed: string, len: number) => sha256Digest(seed).slice(7, 7 + len);
    bundles.push({
      report,
      contentItems: [parseEntity(ContentItemEntity, { reportId: report.id, sourceRef: 'f1', mediaType: 'image', sizeBytes: 1000 + i, hashes: { md5: hex(ref + 'm', 32), sha256: hex(ref + 's', 64), pdq: hex(ref + 'p', 64), pdqQuality: 90 }, lineage })],
      signals: [parseEntity(SignalEntity, { reportId: report.id, type: 'url', value: `https://${prefix.toLowerCase()}${i}.example/page` })],
      children: [parseEntity(ChildEntity, { reportId: report.id, sourceRef: 'c1', age: { min: 11, max: 13, basis: 'estimated' }, gender: 'unknown' })],
    });
  }
  return bundles;
}

export async function seedReports(store: Store, orgId: string, datasetId: string, n: number, prefix = 'R'): Promise<ReportBundle[]> {
  const bundles = makeBundles(orgId, datasetId, n, prefix);
  await store.db.transaction().execute((trx) => insertReportBundles(trx, bundles));
  return bundles;
}

const hex = (n: number, len = 64) => n.toString(16).padStart(len, '0');

/** Reports with a subject e-mail (pseudonym-like) and a file, for linkage and set intersection. */
export async function seedPeople(store: Store, orgId: string, datasetId: string, prefix: string, emails: number[], fileOf: (i: number) => number, day0 = 0): Promise<ReportBundle[]> {
  const bundles: ReportBundle[] = emails.map((e, i) => {
    const ref = `${prefix}-${i}`;
    const lineage = lineageFor(orgId, ref);
    const report = parseEntity(ReportEntity, { datasetId, sourceOrgId: orgId, sourceRef: ref, kind: 'cybertip', reportedAt: new Date(Date.UTC(2026, 5, 1 + day0 + i)).toISOString(), country: 'DE', lineage }) as Report;
    return {
      report,
      contentItems: [parseEntity(ContentItemEntity, { reportId: report.id, sourceRef: 'f', mediaType: 'image', sizeBytes: 10, hashes: { md5: hex(fileOf(i), 32), sha256: hex(fileOf(i)), pdq: hex(fileOf(i) * 7919 + 1), pdqQuality: 90 }, lineage })],
      signals: [],
      children: [],
      subjects: [parseEntity(SubjectEntity, { reportId: report.id, sourceRef: 's1', kind: 'account', role: 'reported', identifiers: [{ type: 'email', value: hex(1_000_000 + e) }] })],
    } as ReportBundle;
  });
  await store.db.transaction().execute((trx) => insertReportBundles(trx, bundles));
  return bundles;
}

/**
 * One agreement per field profile, hotline → platform, for reading and export, drafted by the
 * hotline's steward and accepted by both stewards; returns their ids in the profiles' order.
 */
export async function acceptedAgreementsForProfiles(store: Store, orgs: TwoOrgs, profiles: ReadonlyArray<Partial<Record<ReportField, FieldRule>>>, slugPrefix: string): Promise<string[]> {
  const steward = await localPrincipal(store, 'steward@hotline.example');
  const pSteward = await localPrincipal(store, 'steward@platform.example');
  const ids: string[] = [];
  for (const [i, fields] of profiles.entries()) {
    const a = await draftAgreement(store, steward, {
      slug: `${slugPrefix}-${i}`, title: `${slugPrefix} (synthetic)`, recipients: [{ orgId: orgs.platform.orgId }], purposes: ['content-removal'], legalBasis: 'legitimate-interest',
      datasetIds: [orgs.hotline.datasetId], actions: ['read', 'export'], fields, validFrom: '2020-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500 },
    });
    await acceptAgreement(store, steward, a.id, a.versionHash);
    await acceptAgreement(store, pSteward, a.id, a.versionHash);
    ids.push(a.id);
  }
  return ids;
}
