import { z } from 'zod';
import { field } from './labels.ts';
import { Lineage } from './lineage.ts';
import { defineEntity } from './define.ts';
import { AgeRange, CountryCode, Gender, LanguageTag, LegalBasis, Purpose, SchemeCode, Slug, Timestamp, idOf } from './primitives.ts';

// ---------------------------------------------------------------- parties

export const ORGANISATION_KINDS = ['hotline', 'helpline', 'platform', 'law-enforcement', 'ngo', 'research', 'government'] as const;

export const OrganisationEntity = defineEntity({
  type: 'organisation',
  name: 'Organisation',
  description: 'An organisation taking part: hotline, helpline, platform, law enforcement, NGO, research or government body.',
  labels: { en: 'Organisation', fr: 'Organisation', es: 'Organización', pt: 'Organização', de: 'Organisation' },
  identity: ['slug'],
  shape: {
    slug: Slug.meta({ description: 'Short unique name; the identity the id is computed from.' }),
    name: z.string().min(1).max(200).meta(field('Display name.', { en: 'Name', fr: 'Nom', es: 'Nombre', pt: 'Nome', de: 'Name' })),
    kind: z.enum(ORGANISATION_KINDS).meta(field('What kind of organisation this is.', { en: 'Kind', fr: 'Type', es: 'Tipo', pt: 'Tipo', de: 'Art' })),
    jurisdiction: CountryCode.meta(field('Country whose law the organisation operates under.', { en: 'Jurisdiction', fr: 'Juridiction', es: 'Jurisdicción', pt: 'Jurisdição', de: 'Rechtsordnung' })),
    languages: z.array(LanguageTag).max(20).default([]),
    nodeUrl: z.url().optional().meta({ description: "Base URL of the organisation's own Tessera node, when it runs one." }),
  },
});
export const Organisation = OrganisationEntity.record;
export const OrganisationInput = OrganisationEntity.input;
export type Organisation = z.output<typeof Organisation>;
export type OrganisationInput = z.input<typeof OrganisationInput>;

export const DATASET_RECORD_TYPES = ['report', 'contact', 'hash-set', 'referral', 'mixed'] as const;

export const DatasetEntity = defineEntity({
  type: 'dataset',
  name: 'Dataset',
  description: 'A collection of records held by one organisation, for one purpose, on one legal basis.',
  labels: { en: 'Dataset', fr: 'Jeu de données', es: 'Conjunto de datos', pt: 'Conjunto de dados', de: 'Datensatz' },
  identity: ['ownerOrgId', 'slug'],
  shape: {
    ownerOrgId: idOf('organisation'),
    slug: Slug,
    name: z.string().min(1).max(200),
    description: z.string().max(2000).default(''),
    recordType: z.enum(DATASET_RECORD_TYPES),
    purpose: Purpose,
    legalBasis: LegalBasis,
    retentionDays: z.int().min(1).max(36500).nullable().default(null).meta({ description: 'Days records are kept before deletion or anonymisation; null = no dataset-level limit.' }),
    createdAt: Timestamp,
  },
});
export const Dataset = DatasetEntity.record;
export const DatasetInput = DatasetEntity.input;
export type Dataset = z.output<typeof Dataset>;
export type DatasetInput = z.input<typeof DatasetInput>;

// ---------------------------------------------------------------- reports

export const REPORT_KINDS = ['cybertip', 'hotline-report', 'platform-report', 'law-enforcement-referral', 'public-report'] as const;
export const REPORT_STATUSES = ['received', 'assessed', 'actioned', 'closed'] as const;

export const ReportEntity = defineEntity({
  type: 'report',
  name: 'Report',
  description: 'An incident report from any source: a CyberTipline report, a hotline report, a platform report, a law-enforcement referral.',
  labels: { en: 'Report', fr: 'Signalement', es: 'Denuncia', pt: 'Denúncia', de: 'Meldung' },
  identity: ['sourceOrgId', 'sourceRef'],
  bundleOmit: ['sourceOrgId', 'lineage'],
  shape: {
    datasetId: idOf('dataset'),
    sourceOrgId: idOf('organisation'),
    sourceRef: z.string().min(1).max(200).meta(field("The source's own identifier for the report; with the source organisation it identifies the report.", { en: 'Source reference', fr: 'Référence source', es: 'Referencia de origen', pt: 'Referência de origem', de: 'Quellreferenz' })),
    kind: z.enum(REPORT_KINDS).meta(field('Kind of report.', { en: 'Report kind', fr: 'Type de signalement', es: 'Tipo de denuncia', pt: 'Tipo de denúncia', de: 'Art der Meldung' })),
    status: z.enum(REPORT_STATUSES).default('received'),
    reportedAt: Timestamp.meta(field('When the reporter made the report.', { en: 'Reported at', fr: 'Signalé le', es: 'Denunciado el', pt: 'Denunciado em', de: 'Gemeldet am' })),
    incidentAt: Timestamp.optional().meta(field('When the incident happened, if known.', { en: 'Incident date', fr: "Date de l'incident", es: 'Fecha del incidente', pt: 'Data do incidente', de: 'Datum des Vorfalls' })),
    country: CountryCode.optional(),
    language: LanguageTag.optional(),
    incidentTypes: z.array(SchemeCode).max(50).default([]).meta(field('Incident types in the source scheme, verbatim.', { en: 'Incident types', fr: "Types d'incident", es: 'Tipos de incidente', pt: 'Tipos de incidente', de: 'Vorfallarten' })),
    flags: z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).max(50).default([]).meta({ description: 'Incident flags such as "sextortion", "minor-to-minor", "urgent". Absence is not a "no".' }),
    lineage: Lineage,
  },
});
export const Report = ReportEntity.record;
export const ReportInput = ReportEntity.input;
export type Report = z.output<typeof Report>;
export type ReportInput = z.input<typeof ReportInput>;

export const HashValues = z
  .strictObject({
    md5: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex digits').optional(),
    sha1: z.string().regex(/^[0-9a-f]{40}$/, 'must be 40 lower-case hex digits').optional(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits').optional(),
    pdq: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (a 256-bit PDQ hash)').optional(),
    pdqQuality: z.int().min(0).max(100).optional(),
  })
  .meta({ id: 'HashValues', description: 'Hashes of a file. Never the file itself.' });

export const MEDIA_TYPES = ['image', 'video', 'audio', 'text', 'archive', 'other'] as const;

export const ContentItemEntity = defineEntity({
  type: 'content-item',
  name: 'ContentItem',
  description: 'Metadata and hashes of one file in a report; never its bytes.',
  labels: { en: 'Content item', fr: 'Élément de contenu', es: 'Elemento de contenido', pt: 'Item de conteúdo', de: 'Inhaltselement' },
  identity: ['reportId', 'sourceRef'],
  bundleOmit: ['reportId', 'lineage'],
  shape: {
    reportId: idOf('report'),
    sourceRef: z.string().min(1).max(200).meta({ description: "The source's own identifier for the file within the report (e.g. NCMEC fileId)." }),
    mediaType: z.enum(MEDIA_TYPES),
    sizeBytes: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    hashes: HashValues,
    lineage: Lineage,
  },
});
export const ContentItem = ContentItemEntity.record;
export const ContentItemInput = ContentItemEntity.input;
export type ContentItem = z.output<typeof ContentItem>;
export type ContentItemInput = z.input<typeof ContentItemInput>;

export const SIGNAL_TYPES = ['md5', 'sha1', 'sha256', 'pdq', 'photodna', 'tmk-pdqf', 'video-md5', 'url', 'domain', 'account', 'email', 'phone', 'ip', 'keyword'] as const;

export const SignalEntity = defineEntity({
  type: 'signal',
  name: 'Signal',
  description: 'A hash, URL, account identifier, IP address or keyword seen in a report.',
  labels: { en: 'Signal', fr: 'Signal', es: 'Señal', pt: 'Sinal', de: 'Signal' },
  identity: ['reportId', 'type', 'value'],
  bundleOmit: ['reportId'],
  shape: {
    reportId: idOf('report'),
    type: z.enum(SIGNAL_TYPES).meta(field('Kind of signal.', { en: 'Signal type', fr: 'Type de signal', es: 'Tipo de señal', pt: 'Tipo de sinal', de: 'Signaltyp' })),
    value: z.string().min(1).max(2048).meta({ description: 'Normalised value; personal identifiers (account, email, phone, IP) are pseudonymised before they are stored.' }),
    pseudonymised: z.boolean().default(false),
  },
});
export const Signal = SignalEntity.record;
export const SignalInput = SignalEntity.input;
export type Signal = z.output<typeof Signal>;
export type SignalInput = z.input<typeof SignalInput>;

export const ChildEntity = defineEntity({
  type: 'child',
  name: 'Child',
  description: 'A child victim or a child at risk; pseudonymous, with age as a range and its basis.',
  labels: { en: 'Child', fr: 'Enfant', es: 'Niño, niña o adolescente', pt: 'Criança ou adolescente', de: 'Kind' },
  identity: ['reportId', 'sourceRef'],
  bundleOmit: ['reportId'],
  shape: {
    reportId: idOf('report'),
    sourceRef: z.string().min(1).max(200).meta({ description: 'Identifier of the child within the report (e.g. an ordinal).' }),
    age: AgeRange,
    gender: Gender.default('unknown'),
    country: CountryCode.optional(),
    identified: z.boolean().default(false).meta({ description: 'Whether the child has been identified by law enforcement or a safeguarding body.' }),
  },
});
export const Child = ChildEntity.record;
export const ChildInput = ChildEntity.input;
export type Child = z.output<typeof Child>;
export type ChildInput = z.input<typeof ChildInput>;

export const PseudonymousIdentifier = z.strictObject({
  type: z.enum(['account', 'email', 'phone', 'ip', 'device', 'other']),
  value: z.string().min(1).max(512).meta({ description: 'Keyed hash (pseudonym) of the normalised identifier; never the clear value.' }),
  platform: z.string().max(200).optional(),
});

export const SubjectEntity = defineEntity({
  type: 'subject',
  name: 'Subject',
  description: 'A reported person or account, known only by pseudonymous identifiers.',
  labels: { en: 'Subject', fr: 'Personne ou compte signalé', es: 'Persona o cuenta denunciada', pt: 'Pessoa ou conta denunciada', de: 'Gemeldete Person oder Konto' },
  identity: ['reportId', 'sourceRef'],
  bundleOmit: ['reportId'],
  shape: {
    reportId: idOf('report'),
    sourceRef: z.string().min(1).max(200),
    kind: z.enum(['person', 'account']),
    role: z.enum(['reported', 'reporter', 'associated']).default('reported'),
    identifiers: z.array(PseudonymousIdentifier).max(100).default([]),
    country: CountryCode.optional(),
  },
});
export const Subject = SubjectEntity.record;
export const SubjectInput = SubjectEntity.input;
export type Subject = z.output<typeof Subject>;
export type SubjectInput = z.input<typeof SubjectInput>;

export const CONTACT_CHANNELS = ['phone', 'chat', 'email', 'sms', 'web-form', 'social-media', 'in-person', 'other'] as const;

export const ContactEntity = defineEntity({
  type: 'contact',
  name: 'Contact',
  description: 'A contact with a child helpline.',
  labels: { en: 'Helpline contact', fr: "Contact avec la ligne d'écoute", es: 'Contacto con la línea de ayuda', pt: 'Contato com a linha de ajuda', de: 'Kontakt mit dem Kinder-Sorgentelefon' },
  identity: ['sourceOrgId', 'sourceRef'],
  bundleOmit: ['sourceOrgId', 'lineage'],
  shape: {
    datasetId: idOf('dataset'),
    sourceOrgId: idOf('organisation'),
    sourceRef: z.string().min(1).max(200),
    channel: z.enum(CONTACT_CHANNELS).meta(field('How the child or caller reached the helpline.', { en: 'Channel', fr: 'Canal', es: 'Canal', pt: 'Canal', de: 'Kanal' })),
    contactAt: Timestamp,
    durationMinutes: z.number().min(0).max(1440).optional(),
    age: AgeRange.optional(),
    gender: Gender.default('unknown'),
    country: CountryCode.optional(),
    region: z.string().max(100).optional().meta({ description: 'Sub-national region as the helpline records it.' }),
    language: LanguageTag.optional(),
    categories: z.array(SchemeCode).max(50).default([]).meta(field('Contact categories in the source scheme, verbatim.', { en: 'Categories', fr: 'Catégories', es: 'Categorías', pt: 'Categorias', de: 'Kategorien' })),
    lineage: Lineage,
  },
});
export const Contact = ContactEntity.record;
export const ContactInput = ContactEntity.input;
export type Contact = z.output<typeof Contact>;
export type ContactInput = z.input<typeof ContactInput>;

export const LEGAL_STATUSES = ['illegal', 'nationally-illegal', 'not-illegal', 'harmful-not-illegal', 'unknown'] as const;

export const ClassificationEntity = defineEntity({
  type: 'classification',
  name: 'Classification',
  description: 'One assessment of a report, file or contact in a named scheme, by one organisation.',
  labels: { en: 'Classification', fr: 'Classification', es: 'Clasificación', pt: 'Classificação', de: 'Einstufung' },
  identity: ['targetId', 'scheme', 'code', 'assessorOrgId'],
  shape: {
    targetId: z.string().regex(/^(report|content-item|contact)--[0-9a-f-]{36}$/, 'must be the id of a report, content item or contact'),
    scheme: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,62}$/),
    code: z.string().min(1).max(200),
    assessorOrgId: idOf('organisation'),
    assessedAt: Timestamp,
    jurisdiction: CountryCode.optional().meta({ description: 'Jurisdiction the legal status is relative to; required for "nationally-illegal".' }),
    legalStatus: z.enum(LEGAL_STATUSES).default('unknown'),
  },
  refine: (c, ctx) => {
    if (c.legalStatus === 'nationally-illegal' && !c.jurisdiction) ctx.addIssue({ code: 'custom', path: ['jurisdiction'], message: '"nationally-illegal" needs the jurisdiction it is illegal in' });
  },
});
export const Classification = ClassificationEntity.record;
export const ClassificationInput = ClassificationEntity.input;
export type Classification = z.output<typeof Classification>;
export type ClassificationInput = z.input<typeof ClassificationInput>;

// ---------------------------------------------------------------- care and feedback

export const REFERRAL_STATUSES = ['created', 'sent', 'accepted', 'declined', 'completed', 'closed'] as const;

export const ReferralEntity = defineEntity({
  type: 'referral',
  name: 'Referral',
  description: 'A referral of a child to a service.',
  labels: { en: 'Referral', fr: 'Orientation', es: 'Derivación', pt: 'Encaminhamento', de: 'Weitervermittlung' },
  identity: ['fromOrgId', 'originId', 'createdAt'],
  shape: {
    fromOrgId: idOf('organisation'),
    toOrgId: idOf('organisation').optional(),
    serviceRef: z.string().max(200).optional().meta({ description: 'Service in the directory the child is referred to.' }),
    originId: z.string().regex(/^(report|contact)--[0-9a-f-]{36}$/).meta({ description: 'The report or contact the referral came from.' }),
    status: z.enum(REFERRAL_STATUSES).default('created'),
    consentId: idOf('consent').optional(),
    safeguardingOverrideReason: z.string().min(10).max(2000).optional().meta({ description: 'Mandatory reason when a referral is made without consent under a safeguarding override.' }),
    createdAt: Timestamp,
  },
});
export const Referral = ReferralEntity.record;
export const ReferralInput = ReferralEntity.input;
export type Referral = z.output<typeof Referral>;
export type ReferralInput = z.input<typeof ReferralInput>;

export const OUTCOME_TYPES = ['child-safeguarded', 'content-removed', 'account-actioned', 'investigation-opened', 'arrest', 'conviction', 'service-provided', 'referral-completed', 'no-action', 'true-positive', 'false-positive', 'disputed'] as const;

export const OutcomeEntity = defineEntity({
  type: 'outcome',
  name: 'Outcome',
  description: 'What became of the data: an outcome travelling back to its source.',
  labels: { en: 'Outcome', fr: 'Résultat', es: 'Resultado', pt: 'Resultado', de: 'Ergebnis' },
  identity: ['targetId', 'type', 'reportedByOrgId', 'occurredAt'],
  shape: {
    targetId: z.string().regex(/^(report|content-item|contact|referral)--[0-9a-f-]{36}$/),
    type: z.enum(OUTCOME_TYPES).meta(field('What happened as a result; positive outcomes are first-class.', { en: 'Outcome', fr: 'Résultat', es: 'Resultado', pt: 'Resultado', de: 'Ergebnis' })),
    reportedByOrgId: idOf('organisation'),
    occurredAt: Timestamp,
    anonymous: z.boolean().default(false).meta({ description: 'When true the source sees the outcome but not who reported it.' }),
  },
});
export const Outcome = OutcomeEntity.record;
export const OutcomeInput = OutcomeEntity.input;
export type Outcome = z.output<typeof Outcome>;
export type OutcomeInput = z.input<typeof OutcomeInput>;

// ---------------------------------------------------------------- governance

/** Stored states are draft, active and revoked; expired and not-yet-valid follow from the validity window. */
export const AGREEMENT_STATES = ['draft', 'active', 'expired', 'revoked', 'not-yet-valid'] as const;

export const AgreementEntity = defineEntity({
  type: 'agreement',
  name: 'Agreement',
  description: 'A data-sharing agreement between organisations (after ODRL, with DPV purposes and legal bases); its full terms (fields, retention, duties, requirements) are the AgreementTerms of the policy module.',
  labels: { en: 'Agreement', fr: 'Accord', es: 'Acuerdo', pt: 'Acordo', de: 'Vereinbarung' },
  identity: ['providerOrgId', 'slug'],
  shape: {
    slug: Slug,
    providerOrgId: idOf('organisation'),
    recipientOrgIds: z.array(idOf('organisation')).min(1).max(100),
    purposes: z.array(Purpose).min(1),
    legalBasis: LegalBasis,
    datasetIds: z.array(idOf('dataset')).min(1),
    state: z.enum(AGREEMENT_STATES).default('draft'),
    validFrom: Timestamp.optional(),
    validUntil: Timestamp.optional(),
    version: z.int().min(1).default(1),
    versionHash: z.string().regex(/^sha256:[0-9a-f]{64}$/).optional().meta({ description: 'SHA-256 of the version\'s canonical terms: what each party accepted and what every access decision cites.' }),
    actions: z.array(z.enum(['read', 'export', 'aggregate'])).min(1).optional().meta({ description: 'What recipients may do (ODRL actions read, reproduce, aggregate).' }),
    retentionDays: z.int().min(1).max(36500).optional().meta({ description: 'Recipients see records for this many days after they were reported.' }),
  },
});
export const Agreement = AgreementEntity.record;
export const AgreementInput = AgreementEntity.input;
export type Agreement = z.output<typeof Agreement>;
export type AgreementInput = z.input<typeof AgreementInput>;

export const CONSENT_EVENTS = ['given', 'withdrawn', 'expired', 'safeguarding-override'] as const;

export const ConsentEntity = defineEntity({
  type: 'consent',
  name: 'Consent',
  description: 'A consent event after ISO/IEC TS 27560: given, withdrawn or expired; or a safeguarding override (sharing without consent because a child is at risk), which needs a reason.',
  labels: { en: 'Consent', fr: 'Consentement', es: 'Consentimiento', pt: 'Consentimento', de: 'Einwilligung' },
  identity: ['subjectRef', 'givenBy', 'event', 'at'],
  shape: {
    subjectRef: z.string().regex(/^(child|contact)--[0-9a-f-]{36}$/).meta({ description: 'The child or contact the consent is about.' }),
    givenBy: z.enum(['child', 'caregiver', 'safeguarding']).meta({ description: 'Who gave or withdrew consent; "safeguarding" for an override.' }),
    event: z.enum(CONSENT_EVENTS),
    purposes: z.array(Purpose).min(1),
    agreementId: idOf('agreement').optional(),
    at: Timestamp,
    expiresAt: Timestamp.optional().meta({ description: 'When a given consent lapses.' }),
    reason: z.string().min(20).max(2000).optional().meta({ description: 'Mandatory for a safeguarding override; always audited.' }),
  },
  refine: (c, ctx) => {
    if (c.event === 'safeguarding-override' && !c.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a safeguarding override needs its reason' });
  },
});
export const Consent = ConsentEntity.record;
export const ConsentInput = ConsentEntity.input;
export type Consent = z.output<typeof Consent>;
export type ConsentInput = z.input<typeof ConsentInput>;
