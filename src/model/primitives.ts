import { z } from 'zod';
import { field } from './labels.ts';

/** Identifier `type--uuid` (the STIX 2.1 form), deterministic for CDM records. */
export const idOf = (type: string) =>
  z.string().regex(new RegExp(`^${type}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`), `must be an identifier of the form ${type}--<uuid>`);

/**
 * ISO 8601 timestamp with a zone. Kept as given at the edge (no transform, so the same
 * schema documents requests and responses); the store keeps timestamptz and returns UTC, and
 * identifiers normalise it to UTC.
 */
export const Timestamp = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO 8601 date and time with a time zone (Z or ±hh:mm); returned in UTC.' });

/** ISO 3166-1 alpha-2 country code, upper case. */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code in upper case, e.g. "FR"')
  .meta(field('ISO 3166-1 alpha-2 country code.', { en: 'Country', fr: 'Pays', es: 'País', pt: 'País', de: 'Land' }));

/** BCP 47 language tag (language with optional region), e.g. `fr`, `pt-BR`. */
export const LanguageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/, 'must be a BCP 47 language tag such as "fr" or "pt-BR"')
  .meta(field('BCP 47 language tag.', { en: 'Language', fr: 'Langue', es: 'Idioma', pt: 'Idioma', de: 'Sprache' }));

/** A slug: lower-case letters, digits and hyphens. */
export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1-63 lower-case letters, digits or hyphens, starting with a letter or digit');

/**
 * A code in a named classification scheme. Codes are always namespaced by scheme:
 * NCMEC's industry code `A1` is not the country code `A1`.
 */
export const SchemeCode = z
  .strictObject({
    scheme: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, 'must be a scheme id such as "ncmec-incident" or "uk-2014"'),
    code: z.string().min(1).max(200),
    label: z.string().max(500).optional().meta({ description: "The source's own label, verbatim." }),
  })
  .meta({ id: 'SchemeCode', description: 'A code in a named classification scheme, kept verbatim as the source gave it.' });
export type SchemeCode = z.infer<typeof SchemeCode>;

export const AGE_BASES = ['documented', 'reported', 'estimated', 'developmental-stage'] as const;

/**
 * Age as a range with its basis, never a guessed point. A documented age of 12 is {12, 12};
 * "pubescent" is a developmental stage with a wide range and the stage name kept.
 */
export const AgeRange = z
  .strictObject({
    min: z.int().min(0).max(25).nullable().meta({ description: 'Lowest age in whole years, inclusive; null when unknown.' }),
    max: z.int().min(0).max(25).nullable().meta({ description: 'Highest age in whole years, inclusive; null when unknown.' }),
    basis: z.enum(AGE_BASES).meta({ description: 'How the age is known: documented (ID, records), reported (stated by a person), estimated (assessed by an analyst), developmental-stage (a maturity stage, not a chronological age).' }),
    stage: z.string().max(64).optional().meta({ description: 'Developmental stage as the source named it (e.g. "prepubescent"), required when basis is developmental-stage.' }),
  })
  .superRefine((a, ctx) => {
    if (a.min !== null && a.max !== null && a.min > a.max) ctx.addIssue({ code: 'custom', path: ['max'], message: `max (${a.max}) is below min (${a.min})` });
    if (a.basis === 'developmental-stage' && !a.stage) ctx.addIssue({ code: 'custom', path: ['stage'], message: 'a developmental-stage age needs the stage name' });
  })
  .meta({ id: 'AgeRange', ...field('Age as a range in whole years with its basis; never a single guessed number.', { en: 'Age range', fr: "Tranche d'âge", es: 'Rango de edad', pt: 'Faixa etária', de: 'Altersspanne' }) });
export type AgeRange = z.infer<typeof AgeRange>;

export const GENDERS = ['female', 'male', 'non-binary', 'other', 'unknown'] as const;
export const Gender = z.enum(GENDERS).meta(field('Gender as recorded by the source; "unknown" when not recorded.', { en: 'Gender', fr: 'Genre', es: 'Género', pt: 'Gênero', de: 'Geschlecht' }));

/** Purposes of processing: the field's own, each mapped to a DPV purpose in the policy module. */
export const PURPOSES = ['victim-identification', 'content-removal', 'investigation', 'prevention', 'research-and-statistics', 'service-provision', 'safeguarding'] as const;
export const Purpose = z.enum(PURPOSES).meta(field('Purpose the data was collected or is used for.', { en: 'Purpose', fr: 'Finalité', es: 'Finalidad', pt: 'Finalidade', de: 'Zweck' }));
export type Purpose = z.infer<typeof Purpose>;

/** Legal bases after GDPR Art. 6 / DPV; `statutory-reporting` covers duties such as 18 U.S.C. § 2258A. */
export const LEGAL_BASES = ['consent', 'contract', 'legal-obligation', 'statutory-reporting', 'vital-interest', 'public-task', 'legitimate-interest'] as const;
export const LegalBasis = z.enum(LEGAL_BASES).meta(field('Legal basis for processing.', { en: 'Legal basis', fr: 'Base juridique', es: 'Base jurídica', pt: 'Base legal', de: 'Rechtsgrundlage' }));
export type LegalBasis = z.infer<typeof LegalBasis>;
