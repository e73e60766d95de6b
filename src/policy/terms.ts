import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../audit/log.ts';
import { CountryCode, LegalBasis, Purpose, Slug, Timestamp, idOf, type LegalBasis as LegalBasisT, type Purpose as PurposeT } from '../model/index.ts';

/**
 * Agreement terms as data, shaped after the W3C ODRL information model: a policy of type
 * Agreement between an assigner (the provider) and assignees (the recipients), whose
 * permissions carry constraints (purpose, dataset, validity, jurisdiction) and duties
 * (report outcomes back, attribute the source), and whose prohibitions forbid what the
 * parties rule out. Purposes and legal bases are mapped to the W3C Data Privacy Vocabulary.
 */

/** Report fields an agreement can share, hide or pseudonymise. id, datasetId, sourceOrgId and lineage always travel (attribution, lineage). */
export const REPORT_FIELDS = ['sourceRef', 'kind', 'status', 'reportedAt', 'incidentAt', 'country', 'language', 'incidentTypes', 'flags', 'contentItems', 'signals', 'children', 'subjects', 'classifications', 'notes'] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];
/** Fields whose values can be replaced by keyed pseudonyms (the rest are shown or hidden). */
export const PSEUDONYMISABLE: readonly ReportField[] = ['sourceRef', 'contentItems', 'signals', 'subjects'];
export const ALWAYS_SHARED = ['id', 'datasetId', 'sourceOrgId', 'lineage'] as const;

/** Helpline contact fields an agreement can share, hide or pseudonymise (`contactFields`). */
export const CONTACT_FIELDS = ['sourceRef', 'channel', 'contactAt', 'durationMinutes', 'age', 'gender', 'country', 'region', 'language', 'categories'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export const CONTACT_PSEUDONYMISABLE: readonly ContactField[] = ['sourceRef'];

export const FIELD_RULES = ['visible', 'pseudonymised', 'hidden'] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

export const AGREEMENT_ACTIONS = ['read', 'export', 'aggregate', 'psi', 'link'] as const;
export type AgreementAction = (typeof AGREEMENT_ACTIONS)[number];

const FieldRules = z
  .partialRecord(z.enum(REPORT_FIELDS), z.enum(FIELD_RULES))
  .superRefine((rules, ctx) => {
    for (const [f, r] of Object.entries(rules)) {
      if (r === 'pseudonymised' && !PSEUDONYMISABLE.includes(f as ReportField)) ctx.addIssue({ code: 'custom', path: [f], message: `${f} cannot be pseudonymised; share it ("visible") or hide it ("hidden"). Pseudonymisable: ${PSEUDONYMISABLE.join(', ')}` });
    }
  })
  .meta({ description: 'Per field: "visible", "pseudonymised" (keyed pseudonym, stable within the agreement) or "hidden". Fields not listed are hidden.' });

const ContactFieldRules = z
  .partialRecord(z.enum(CONTACT_FIELDS), z.enum(FIELD_RULES))
  .superRefine((rules, ctx) => {
    for (const [f, r] of Object.entries(rules)) {
      if (r === 'pseudonymised' && !CONTACT_PSEUDONYMISABLE.includes(f as ContactField)) ctx.addIssue({ code: 'custom', path: [f], message: `contact field ${f} cannot be pseudonymised; share it ("visible") or hide it ("hidden"). Pseudonymisable: ${CONTACT_PSEUDONYMISABLE.join(', ')}` });
    }
  })
  .meta({ description: 'Helpline contacts (datasets of record type "contact"): per field "visible", "pseudonymised" or "hidden". Fields not listed are hidden.' });

export const AgreementTermsObject = z.strictObject({
    slug: Slug,
    title: z.string().min(1).max(300),
    providerOrgId: idOf('organisation'),
    recipients: z
      .array(z.strictObject({ orgId: idOf('organisation'), fields: FieldRules.optional().meta({ description: 'Field rules for this recipient, replacing the agreement-wide ones.' }), contactFields: ContactFieldRules.optional().meta({ description: 'Contact field rules for this recipient, replacing the agreement-wide ones.' }) }))
      .min(1, 'an agreement needs at least one recipient')
      .max(100),
    purposes: z.array(Purpose).min(1, 'name at least one purpose the data may be used for'),
    legalBasis: LegalBasis,
    datasetIds: z.array(idOf('dataset')).min(1, 'name at least one dataset of the provider'),
    actions: z.array(z.enum(AGREEMENT_ACTIONS)).min(1).default(['read']).meta({ description: 'What recipients may do: read (list, search, view), export (bulk), aggregate (counts), psi (private set intersection with the provider\'s node), link (link and deconflict reports across the agreement, see cases).' }),
    fields: FieldRules.default({}),
    // Optional (no default) so terms drafted before contacts were shareable keep their version hash.
    contactFields: ContactFieldRules.optional(),
    jurisdictions: z.array(CountryCode).default([]).meta({ description: 'Jurisdictions recipients must operate under; empty = any.' }),
    validFrom: Timestamp,
    validUntil: Timestamp,
    retention: z
      .strictObject({ days: z.int().min(1).max(36500), then: z.enum(['delete', 'anonymise']).default('delete') })
      .meta({ description: 'Recipients see records for this many days after they were reported; then the records are no longer shared (and copies are deleted or anonymised).' }),
    onwardSharing: z.enum(['none', 'within-recipients']).default('none').meta({ description: 'Whether recipients may pass the data on. Distribution only narrows.' }),
    duties: z.array(z.enum(['report-outcomes', 'attribute-source'])).default(['attribute-source']),
    prohibitions: z.array(z.enum(['re-identification', 'commercial-use', 'onward-sharing'])).default(['re-identification']),
    requirements: z
      .strictObject({
        dataProtectionTrainingWithinDays: z.int().min(1).max(3650).nullable().default(365).meta({ description: 'The acting person must have data-protection training at most this many days old; null = not required.' }),
        consent: z.enum(['not-required', 'required']).default('not-required').meta({ description: 'Whether each child in a shared report must have current consent for the purpose.' }),
        safeguardingOverride: z.boolean().default(false).meta({ description: 'Whether a recorded safeguarding override (with its reason) may stand in for consent.' }),
      })
      .default({ dataProtectionTrainingWithinDays: 365, consent: 'not-required', safeguardingOverride: false }),
  });

export const AgreementTerms = AgreementTermsObject
  .superRefine((t, ctx) => {
    if (Date.parse(t.validUntil) <= Date.parse(t.validFrom)) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'validUntil must be after validFrom' });
    const seen = new Set<string>();
    t.recipients.forEach((r, i) => {
      if (r.orgId === t.providerOrgId) ctx.addIssue({ code: 'custom', path: ['recipients', i, 'orgId'], message: 'the provider cannot also be a recipient' });
      if (seen.has(r.orgId)) ctx.addIssue({ code: 'custom', path: ['recipients', i, 'orgId'], message: 'this organisation is listed twice' });
      seen.add(r.orgId);
    });
    if (t.requirements.safeguardingOverride && t.requirements.consent !== 'required') ctx.addIssue({ code: 'custom', path: ['requirements', 'safeguardingOverride'], message: 'a safeguarding override only makes sense when consent is required' });
    if (t.onwardSharing === 'none' && !t.prohibitions.includes('onward-sharing')) t.prohibitions.push('onward-sharing');
  })
  .meta({ id: 'AgreementTerms', description: 'The full terms of a data-sharing agreement (after ODRL, with DPV purposes and legal bases).' });
export type AgreementTerms = z.output<typeof AgreementTerms>;
export type AgreementTermsInput = z.input<typeof AgreementTerms>;

/** SHA-256 of a version's canonical JSON: what parties accept and what every decision cites. */
export function versionHash(terms: AgreementTerms, version: number): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson({ version, terms })).digest('hex');
}

/** Field rules that apply to one recipient organisation. Fields not listed are hidden. */
export function fieldRulesFor(terms: AgreementTerms, orgId: string): Record<ReportField, FieldRule> {
  const own = terms.recipients.find((r) => r.orgId === orgId)?.fields;
  const rules = own ?? terms.fields;
  return Object.fromEntries(REPORT_FIELDS.map((f) => [f, rules[f] ?? 'hidden'])) as Record<ReportField, FieldRule>;
}

/** Contact field rules that apply to one recipient organisation. Fields not listed are hidden. */
export function contactFieldRulesFor(terms: AgreementTerms, orgId: string): Record<ContactField, FieldRule> {
  const own = terms.recipients.find((r) => r.orgId === orgId);
  const rules = (own?.fields || own?.contactFields ? own.contactFields : terms.contactFields) ?? {};
  return Object.fromEntries(CONTACT_FIELDS.map((f) => [f, rules[f] ?? 'hidden'])) as Record<ContactField, FieldRule>;
}

export const ALL_VISIBLE_CONTACT: Record<ContactField, FieldRule> = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, 'visible'])) as Record<ContactField, FieldRule>;

export const ALL_VISIBLE: Record<ReportField, FieldRule> = Object.fromEntries(REPORT_FIELDS.map((f) => [f, 'visible'])) as Record<ReportField, FieldRule>;

// ---------------------------------------------------------------- DPV and ODRL

/**
 * Our purposes as DPV concepts (dpv: https://w3id.org/dpv#). DPV has no CSEA-specific
 * purposes: where a DPV concept fits we use it, otherwise the top concept dpv:Purpose; the
 * JSON-LD always carries our own purpose id beside it, so no meaning is lost. The mapping is
 * ours, not DPV's, and should be reviewed with the DPVCG.
 */
export const DPV_PURPOSE: Record<PurposeT, string> = {
  'victim-identification': 'dpv:Purpose',
  'content-removal': 'dpv:LegalCompliance',
  investigation: 'dpv:LegalCompliance',
  prevention: 'dpv:Purpose',
  'research-and-statistics': 'dpv:ResearchAndDevelopment',
  'service-provision': 'dpv:ServiceProvision',
  safeguarding: 'dpv:Purpose',
};
export const DPV_LEGAL_BASIS: Record<LegalBasisT, string> = {
  consent: 'dpv:Consent',
  contract: 'dpv:Contract',
  'legal-obligation': 'dpv:LegalObligation',
  'statutory-reporting': 'dpv:LegalObligation',
  'vital-interest': 'dpv:VitalInterest',
  'public-task': 'dpv:PublicTask',
  'legitimate-interest': 'dpv:LegitimateInterest',
};
const ODRL_ACTION: Record<AgreementAction, string> = { read: 'odrl:read', export: 'odrl:reproduce', aggregate: 'odrl:aggregate', psi: 'tessera:psi', link: 'tessera:link' };

/** The agreement as an ODRL Agreement in JSON-LD, with DPV purposes and legal basis. */
export function agreementJsonLd(a: { id: string; version: number; versionHash: string; terms: AgreementTerms }): Record<string, unknown> {
  const t = a.terms;
  const constraints = [
    { leftOperand: 'odrl:purpose', operator: 'odrl:isAnyOf', rightOperand: t.purposes.map((p) => ({ '@id': DPV_PURPOSE[p], 'tessera:purpose': p })) },
    { leftOperand: 'odrl:dateTime', operator: 'odrl:gteq', rightOperand: { '@value': t.validFrom, '@type': 'xsd:dateTime' } },
    { leftOperand: 'odrl:dateTime', operator: 'odrl:lt', rightOperand: { '@value': t.validUntil, '@type': 'xsd:dateTime' } },
    ...(t.jurisdictions.length ? [{ leftOperand: 'odrl:spatial', operator: 'odrl:isAnyOf', rightOperand: t.jurisdictions }] : []),
  ];
  const duties = [
    ...t.duties.map((d) => ({ action: d === 'attribute-source' ? 'odrl:attribute' : 'odrl:inform', 'tessera:duty': d })),
    ...(t.requirements.dataProtectionTrainingWithinDays ? [{ action: 'tessera:holdCurrentDataProtectionTraining', 'tessera:withinDays': t.requirements.dataProtectionTrainingWithinDays }] : []),
  ];
  return {
    '@context': ['http://www.w3.org/ns/odrl.jsonld', { dpv: 'https://w3id.org/dpv#', tessera: 'https://tessera.example/ns#', xsd: 'http://www.w3.org/2001/XMLSchema#' }],
    '@type': 'Agreement',
    uid: `urn:tessera:${a.id}:v${a.version}`,
    'tessera:versionHash': a.versionHash,
    'dct:title': t.title,
    profile: 'https://tessera.example/odrl-profile/v1',
    assigner: `urn:tessera:${t.providerOrgId}`,
    'dpv:hasLegalBasis': { '@id': DPV_LEGAL_BASIS[t.legalBasis], 'tessera:legalBasis': t.legalBasis },
    permission: t.recipients.map((r) => ({
      target: t.datasetIds.map((d) => `urn:tessera:${d}`),
      assignee: `urn:tessera:${r.orgId}`,
      action: t.actions.map((x) => ODRL_ACTION[x]),
      constraint: constraints,
      duty: duties,
      'tessera:fields': fieldRulesFor(t, r.orgId),
      ...(t.contactFields || r.contactFields ? { 'tessera:contactFields': contactFieldRulesFor(t, r.orgId) } : {}),
    })),
    prohibition: t.prohibitions.map((p) => ({ target: t.datasetIds.map((d) => `urn:tessera:${d}`), action: p === 'onward-sharing' ? 'odrl:distribute' : p === 'commercial-use' ? 'odrl:commercialize' : 'tessera:reIdentify' })),
    obligation: [{ action: t.retention.then === 'delete' ? 'odrl:delete' : 'odrl:anonymize', constraint: [{ leftOperand: 'odrl:elapsedTime', operator: 'odrl:gteq', rightOperand: { '@value': `P${t.retention.days}D`, '@type': 'xsd:duration' } }] }],
    'tessera:requirements': t.requirements,
  };
}
