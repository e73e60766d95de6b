/**
 * The synthetic ecosystem: organisations, their datasets and their users. Every name is
 * invented and marked "(synthetic)"; every address is under the reserved `.example` domain.
 */
import { DatasetEntity, OrganisationEntity, type Dataset, type Organisation } from '../model/entities.ts';
import type { LegalBasis, Purpose } from '../model/primitives.ts';
import { identify } from '../model/validate.ts';
import { Rng } from './prng.ts';

export const GENERATOR_NAME = 'tessera-generator';
/** Bump when the same seed would produce different output, so a dataset names how it was made. */
export const GENERATOR_VERSION = '1.0.0';
export const DEFAULT_SEED = 1;
/** Fixed reference time (end of the window): output never depends on the clock. */
export const DEFAULT_START_AT = '2026-10-31T00:00:00Z';
export const DEFAULT_MONTHS = 24;

export type DemoRole = 'admin' | 'steward' | 'analyst' | 'auditor';

export interface DemoUser {
  name: string;
  email: string;
  orgSlug: string;
  roles: DemoRole[];
  dataProtectionTrainedAt: string | null;
  safeguardingTrainedAt: string | null;
}

export interface Ecosystem {
  organisations: Organisation[];
  datasets: Dataset[];
  users: DemoUser[];
}

type OrgKind = Organisation['kind'];

interface DatasetSpec {
  slug: string;
  name: string;
  description: string;
  recordType: Dataset['recordType'];
  purpose: Purpose;
  legalBasis: LegalBasis;
  retentionDays: number | null;
  createdAt: string;
}

/** What the generator needs to know about an organisation beyond its CDM record. */
export interface OrgSpec {
  slug: string;
  name: string;
  kind: OrgKind;
  jurisdiction: string;
  languages: string[];
  /** System its records are exported from (lineage.sourceSystem). */
  sourceSystem: string;
  datasets: DatasetSpec[];
}

const CREATED = '2023-01-09T09:00:00.000Z';

/**
 * The fixed cast. The seed does not change who takes part (tests and policies refer to these
 * slugs); it changes the users' training dates and all the records.
 */
export const ORG_SPECS: readonly OrgSpec[] = [
  {
    slug: 'northsea-hotline', name: 'Northsea Hotline (synthetic)', kind: 'hotline', jurisdiction: 'NL', languages: ['nl', 'en'], sourceSystem: 'ICCAM (synthetic export)',
    datasets: [
      { slug: 'hotline-reports', name: 'Public reports of online child sexual abuse material', description: 'URLs reported by the public, assessed by analysts and sent for removal.', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', retentionDays: 730, createdAt: CREATED },
      { slug: 'statistics', name: 'Hotline statistics', description: 'Aggregates for annual reporting.', recordType: 'mixed', purpose: 'research-and-statistics', legalBasis: 'legitimate-interest', retentionDays: null, createdAt: CREATED },
    ],
  },
  {
    slug: 'albion-hotline', name: 'Albion Watch Hotline (synthetic)', kind: 'hotline', jurisdiction: 'GB', languages: ['en'], sourceSystem: 'Albion case system (synthetic)',
    datasets: [
      { slug: 'hotline-reports', name: 'Reports assessed under the UK 2014 categories', description: 'Public and proactively found URLs, graded A/B/C.', recordType: 'report', purpose: 'content-removal', legalBasis: 'public-task', retentionDays: 1095, createdAt: CREATED },
      { slug: 'hash-list', name: 'Hashes of assessed images', description: 'Exact and perceptual hashes of images assessed as illegal.', recordType: 'hash-set', purpose: 'content-removal', legalBasis: 'public-task', retentionDays: null, createdAt: CREATED },
    ],
  },
  {
    slug: 'ipe-helpline', name: 'Linha Ipê Child Helpline (synthetic)', kind: 'helpline', jurisdiction: 'BR', languages: ['pt-BR'], sourceSystem: 'helpline CRM (synthetic)',
    datasets: [
      { slug: 'contacts', name: 'Contacts with children and young people', description: 'One record per contact, categorised by the counsellor.', recordType: 'contact', purpose: 'service-provision', legalBasis: 'consent', retentionDays: 1825, createdAt: CREATED },
      { slug: 'referrals', name: 'Referrals to services', description: 'Referrals made with the child’s consent or under a safeguarding override.', recordType: 'referral', purpose: 'safeguarding', legalBasis: 'vital-interest', retentionDays: 1825, createdAt: CREATED },
    ],
  },
  {
    slug: 'savanna-helpline', name: 'Savanna Child Helpline (synthetic)', kind: 'helpline', jurisdiction: 'KE', languages: ['sw', 'en'], sourceSystem: 'helpline CRM (synthetic)',
    datasets: [
      { slug: 'contacts', name: 'Helpline contacts', description: 'Calls, messages and chats with children and adults on their behalf.', recordType: 'contact', purpose: 'service-provision', legalBasis: 'consent', retentionDays: 1825, createdAt: CREATED },
    ],
  },
  {
    slug: 'chirp-social', name: 'Chirp Social (synthetic)', kind: 'platform', jurisdiction: 'US', languages: ['en'], sourceSystem: 'Chirp trust-and-safety console (synthetic)',
    datasets: [
      { slug: 'cybertipline-reports', name: 'Reports made under 18 U.S.C. § 2258A', description: 'Reports sent to the clearinghouse, with the hashes of the reported files.', recordType: 'report', purpose: 'content-removal', legalBasis: 'statutory-reporting', retentionDays: 365, createdAt: CREATED },
    ],
  },
  {
    slug: 'pixelvault-cloud', name: 'Pixelvault Cloud (synthetic)', kind: 'platform', jurisdiction: 'US', languages: ['en'], sourceSystem: 'Pixelvault abuse pipeline (synthetic)',
    datasets: [
      { slug: 'cybertipline-reports', name: 'Statutory reports of apparent child sexual abuse material', description: 'Reports generated by hash matching and user flags.', recordType: 'report', purpose: 'content-removal', legalBasis: 'statutory-reporting', retentionDays: 365, createdAt: CREATED },
    ],
  },
  {
    slug: 'kettle-games', name: 'Kettle Games (synthetic)', kind: 'platform', jurisdiction: 'US', languages: ['en', 'es', 'pt-BR'], sourceSystem: 'Kettle moderation queue (synthetic)',
    datasets: [
      { slug: 'cybertipline-reports', name: 'Reports from in-game chat and profiles', description: 'Enticement and image-sharing reports from chat moderation.', recordType: 'report', purpose: 'content-removal', legalBasis: 'statutory-reporting', retentionDays: 365, createdAt: CREATED },
    ],
  },
  {
    slug: 'harbour-police', name: 'Harbour Police Online Child Protection Unit (synthetic)', kind: 'law-enforcement', jurisdiction: 'NL', languages: ['nl', 'en'], sourceSystem: 'case management (synthetic)',
    datasets: [
      { slug: 'referrals', name: 'Referrals received for investigation', description: 'Referrals from the clearinghouse and partner hotlines.', recordType: 'report', purpose: 'investigation', legalBasis: 'legal-obligation', retentionDays: 3650, createdAt: CREATED },
    ],
  },
  {
    slug: 'open-childhood-institute', name: 'Open Childhood Research Institute (synthetic)', kind: 'research', jurisdiction: 'PT', languages: ['pt-PT', 'en'], sourceSystem: 'research warehouse (synthetic)',
    datasets: [
      { slug: 'pooled-statistics', name: 'Pooled statistics on online child sexual exploitation', description: 'Disclosure-controlled aggregates contributed by partners.', recordType: 'mixed', purpose: 'research-and-statistics', legalBasis: 'legitimate-interest', retentionDays: null, createdAt: CREATED },
    ],
  },
];

export function orgId(slug: string): string {
  return identify(OrganisationEntity, { slug });
}

export function datasetId(orgSlug: string, datasetSlug: string): string {
  return identify(DatasetEntity, { ownerOrgId: orgId(orgSlug), slug: datasetSlug });
}

export function findOrgSpec(slug: string): OrgSpec {
  const spec = ORG_SPECS.find((o) => o.slug === slug);
  if (!spec) throw new Error(`no synthetic organisation "${slug}"`);
  return spec;
}

function organisation(spec: OrgSpec): Organisation {
  return {
    id: orgId(spec.slug),
    slug: spec.slug,
    name: spec.name,
    kind: spec.kind,
    jurisdiction: spec.jurisdiction,
    languages: [...spec.languages],
    nodeUrl: `https://${spec.slug}.tessera.example/`,
  };
}

function dataset(spec: OrgSpec, d: DatasetSpec): Dataset {
  const ownerOrgId = orgId(spec.slug);
  return { id: identify(DatasetEntity, { ownerOrgId, slug: d.slug }), ownerOrgId, slug: d.slug, name: d.name, description: d.description, recordType: d.recordType, purpose: d.purpose, legalBasis: d.legalBasis, retentionDays: d.retentionDays, createdAt: d.createdAt };
}

const GIVEN = ['Noor', 'Sam', 'Ana', 'Kofi', 'Lena', 'Tomás', 'Wanjiru', 'Pieter', 'Aiko', 'Rafael', 'Imani', 'Joana', 'Priya', 'Lars', 'Amara', 'Mateus'];
const FAMILY = ['Example', 'Sample', 'Specimen', 'Placeholder', 'Mockwell', 'Demo', 'Proxy', 'Testa'];

/** Roles per user slot: every organisation has an admin, a steward, analysts and an auditor. */
const ROLE_SLOTS: DemoRole[][] = [['admin'], ['steward', 'analyst'], ['analyst'], ['analyst'], ['auditor']];

/**
 * Training dates relative to the fixed reference time. Slot 2 never has data-protection
 * training and slot 3 has an expired one (over a year old) in every organisation, so policy
 * tests can rely on finding both cases; the others are recent with a seeded jitter.
 */
function trainingDate(rng: Rng, refMs: number, ageDays: number): string {
  return new Date(refMs - (ageDays + rng.int(60)) * 86_400_000).toISOString().slice(0, 10) + 'T00:00:00.000Z';
}

export function generateEcosystem(opts: { seed?: number; startAt?: string } = {}): Ecosystem {
  const seed = opts.seed ?? DEFAULT_SEED;
  const refMs = Date.parse(opts.startAt ?? DEFAULT_START_AT);
  const organisations = ORG_SPECS.map(organisation);
  const datasets = ORG_SPECS.flatMap((spec) => spec.datasets.map((d) => dataset(spec, d)));
  const users: DemoUser[] = [];
  ORG_SPECS.forEach((spec, oi) => {
    const rng = Rng.for(seed, 'users', oi);
    ROLE_SLOTS.forEach((roles, si) => {
      const given = GIVEN[(oi * 5 + si * 3 + rng.int(3)) % GIVEN.length]!;
      const family = FAMILY[(oi + si) % FAMILY.length]!;
      const local = `${given}.${family}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      const dp = si === 2 ? null : si === 3 ? trainingDate(rng, refMs, 400) : trainingDate(rng, refMs, 30);
      const sg = si === 4 ? null : si === 3 ? trainingDate(rng, refMs, 500) : trainingDate(rng, refMs, 90);
      users.push({ name: `${given} ${family} (synthetic)`, email: `${local}@${spec.slug}.example`, orgSlug: spec.slug, roles: [...roles], dataProtectionTrainedAt: dp, safeguardingTrainedAt: sg });
    });
  });
  return { organisations, datasets, users };
}
