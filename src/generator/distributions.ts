/**
 * The distributions the generator draws from. The weights are invented: they give the data a
 * realistic *shape* (a few countries dominate, a long tail, some values missing; images far
 * more common than videos; most children estimated in bands) without claiming to reproduce
 * any organisation's figures. Codes are the exact strings from the reference notes
 * (incident-taxonomies.md, classification-schemes.md, age-grading.md).
 */
import type { AgeRange } from '../model/primitives.ts';
import { weighted } from './prng.ts';

// ---------------------------------------------------------------- where

/**
 * Country of the incident as platforms report it: a handful of populous countries carry most
 * reports (as in published CyberTipline country breakdowns), then a long tail.
 */
export const PLATFORM_COUNTRIES = weighted<string>([
  ['IN', 180], ['PH', 90], ['BD', 85], ['ID', 80], ['PK', 70], ['US', 60], ['BR', 50], ['MX', 40], ['VN', 38], ['DZ', 35],
  ['EG', 30], ['NG', 28], ['IQ', 26], ['TH', 24], ['CO', 22], ['TR', 20], ['MA', 18], ['SA', 16], ['GB', 15], ['MY', 14],
  ['FR', 12], ['DE', 12], ['KE', 10], ['PE', 10], ['AR', 10], ['ES', 9], ['IT', 9], ['UA', 8], ['RU', 8], ['ZA', 8],
  ['CA', 7], ['NL', 6], ['PL', 6], ['PT', 5], ['CL', 5], ['VE', 5], ['NP', 5], ['LK', 4], ['GH', 4], ['TZ', 4],
  ['RO', 3], ['SE', 3], ['BE', 3], ['AU', 3], ['JP', 3], ['KR', 2], ['IE', 2], ['NZ', 1], ['MT', 1], ['ZM', 1],
]);

/** Hosting country of reported URLs as hotlines see them: concentrated in hosting hubs. */
export const HOSTING_COUNTRIES = weighted<string>([
  ['NL', 120], ['US', 110], ['DE', 40], ['FR', 30], ['RU', 25], ['GB', 20], ['LU', 15], ['CA', 15], ['SK', 12], ['RO', 10],
  ['LV', 8], ['HK', 8], ['SG', 6], ['UA', 6], ['SE', 5], ['PL', 5], ['CZ', 4], ['BG', 4], ['MD', 3], ['PA', 3], ['IS', 2], ['SC', 2],
]);

/** Share of reports with no country. */
export const COUNTRY_MISSING = 0.07;
/** Share of reports with no language. */
export const LANGUAGE_MISSING = 0.12;

/** Languages per country (BCP 47), most common first; the first gets most of the weight. */
export const COUNTRY_LANGUAGES: Readonly<Record<string, readonly string[]>> = {
  IN: ['en', 'hi', 'bn', 'ta'], PH: ['en', 'fil'], BD: ['bn', 'en'], ID: ['id', 'en'], PK: ['ur', 'en'], US: ['en', 'es'], BR: ['pt-BR'], MX: ['es-MX', 'es'],
  VN: ['vi'], DZ: ['ar', 'fr'], EG: ['ar'], NG: ['en', 'ha', 'yo'], IQ: ['ar', 'ku'], TH: ['th'], CO: ['es-CO', 'es'], TR: ['tr'], MA: ['ar', 'fr'],
  SA: ['ar'], GB: ['en-GB', 'en'], MY: ['ms', 'en'], FR: ['fr'], DE: ['de'], KE: ['sw', 'en'], PE: ['es'], AR: ['es-AR', 'es'], ES: ['es-ES', 'ca'],
  IT: ['it'], UA: ['uk', 'ru'], RU: ['ru'], ZA: ['en', 'zu', 'af'], CA: ['en', 'fr-CA'], NL: ['nl', 'en'], PL: ['pl'], PT: ['pt-PT'], CL: ['es'],
  VE: ['es'], NP: ['ne'], LK: ['si', 'ta'], GH: ['en'], TZ: ['sw', 'en'], RO: ['ro'], SE: ['sv'], BE: ['nl', 'fr'], AU: ['en'], JP: ['ja'],
  KR: ['ko'], IE: ['en'], NZ: ['en', 'mi'], MT: ['mt', 'en'], ZM: ['en'], LU: ['fr', 'de', 'lb'], SK: ['sk'], LV: ['lv', 'ru'], HK: ['zh-HK', 'en'],
  SG: ['en', 'zh'], CZ: ['cs'], BG: ['bg'], MD: ['ro', 'ru'], PA: ['es'], IS: ['is'], SC: ['en', 'fr'],
};

// ---------------------------------------------------------------- what

/** NCMEC CyberTipline incident types, byte-for-byte from the XSD (incident-taxonomies.md §1.1). */
export const NCMEC_INCIDENT = {
  CP: 'Child Pornography (possession, manufacture, and distribution)',
  TRAFFICKING: 'Child Sex Trafficking',
  TOURISM: 'Child Sex Tourism',
  MOLESTATION: 'Child Sexual Molestation',
  DOMAIN: 'Misleading Domain Name',
  WORDS: 'Misleading Words or Digital Images on the Internet',
  ENTICEMENT: 'Online Enticement of Children for Sexual Acts',
  OBSCENE: 'Unsolicited Obscene Material Sent to a Child',
} as const;

export const PLATFORM_INCIDENTS = weighted<string>([
  [NCMEC_INCIDENT.CP, 880], [NCMEC_INCIDENT.ENTICEMENT, 80], [NCMEC_INCIDENT.OBSCENE, 18], [NCMEC_INCIDENT.TRAFFICKING, 8],
  [NCMEC_INCIDENT.WORDS, 6], [NCMEC_INCIDENT.MOLESTATION, 4], [NCMEC_INCIDENT.DOMAIN, 3], [NCMEC_INCIDENT.TOURISM, 1],
]);

/** The gaming platform sees relatively more enticement. */
export const GAMING_INCIDENTS = weighted<string>([
  [NCMEC_INCIDENT.CP, 600], [NCMEC_INCIDENT.ENTICEMENT, 300], [NCMEC_INCIDENT.OBSCENE, 80], [NCMEC_INCIDENT.TRAFFICKING, 10], [NCMEC_INCIDENT.WORDS, 10],
]);

/** INHOPE ICCAM legal-status values (classification-schemes.md §5). */
export const ICCAM = weighted<string>([['baseline', 55], ['nationally illegal', 30], ['not illegal', 15]]);

/** England & Wales Sentencing Council categories since 2014 (classification-schemes.md §1). */
export const UK_2014 = weighted<string>([['A', 20], ['B', 22], ['C', 58]]);

/** NCMEC industry classification (classification-schemes.md §6). */
export const NCMEC_INDUSTRY = weighted<string>([['A1', 30], ['A2', 20], ['B1', 28], ['B2', 22]]);

/** Report flags and the share of platform reports carrying them (NCMEC report/file annotations as CDM flags). */
export const PLATFORM_FLAGS: ReadonlyArray<readonly [string, number]> = [
  ['sextortion', 0.05], ['minor-to-minor', 0.04], ['self-generated', 0.08], ['viral', 0.03], ['generative-ai', 0.02], ['live-streaming', 0.01], ['urgent', 0.015], ['csam-solicitation', 0.02],
];
export const HOTLINE_FLAGS: ReadonlyArray<readonly [string, number]> = [['self-generated', 0.12], ['generative-ai', 0.03], ['commercial', 0.08], ['urgent', 0.01]];
export const LE_FLAGS: ReadonlyArray<readonly [string, number]> = [['urgent', 0.1], ['sextortion', 0.06], ['contact-offence', 0.15]];

export const REPORT_STATUS = weighted<'received' | 'assessed' | 'actioned' | 'closed'>([['received', 25], ['assessed', 35], ['actioned', 28], ['closed', 12]]);

// ---------------------------------------------------------------- content

export const ITEMS_PER_REPORT = weighted<number>([[1, 45], [2, 25], [3, 15], [4, 10], [5, 5]]);
export const MEDIA_TYPE = weighted<'image' | 'video' | 'archive' | 'other'>([['image', 82], ['video', 16], ['archive', 1], ['other', 1]]);

/** Share of content items that are exact copies of a known file (all hashes equal). */
export const EXACT_REPEAT_SHARE = 0.04;
/** Share of images that are near-duplicates of a known image: its PDQ with 1–20 bits flipped. */
export const NEAR_DUPLICATE_SHARE = 0.07;
export const MAX_FLIPPED_BITS = 20;
/** Known files (exact and near-duplicate sources); popularity is skewed, so a few recur a lot. */
export const KNOWN_FILES = 1000;
/** Share of images with a low PDQ quality (< 50), which matchers should distrust. */
export const LOW_QUALITY_SHARE = 0.05;

// ---------------------------------------------------------------- children

export type AgeKind = 'band' | 'stage' | 'documented' | 'reported' | 'unknown';
export const AGE_KIND = weighted<AgeKind>([['band', 45], ['stage', 27], ['documented', 5], ['reported', 8], ['unknown', 15]]);

/** IWF-style bands (age-grading.md §2), weighted like published shares (most 7–13). */
export const AGE_BANDS = weighted<readonly [number, number]>([[[0, 2], 3], [[3, 6], 15], [[7, 10], 30], [[11, 13], 35], [[14, 15], 11], [[16, 17], 6]]);

/**
 * Developmental stages with deliberately wide ranges — the same bounds as src/taxonomy/age.ts
 * STAGES (a stage bounds an age, it does not estimate one).
 */
export const AGE_STAGES = weighted<AgeRange>([
  [{ min: 0, max: 13, basis: 'developmental-stage', stage: 'prepubescent' }, 60],
  [{ min: 8, max: 17, basis: 'developmental-stage', stage: 'pubescent' }, 32],
  [{ min: 0, max: 2, basis: 'developmental-stage', stage: 'infant-toddler' }, 4],
  [{ min: 12, max: 17, basis: 'developmental-stage', stage: 'post-pubescent' }, 4],
]);

export const CHILDREN_PER_REPORT = weighted<number>([[0, 35], [1, 45], [2, 15], [3, 5]]);
export const CHILD_GENDER = weighted<'female' | 'male' | 'unknown'>([['female', 55], ['male', 30], ['unknown', 15]]);

// ---------------------------------------------------------------- helpline contacts

/**
 * Child Helpline International-style categories (incident-taxonomies.md §2.1, the Aselo form
 * that follows the CHI data framework), as "Category/Subcategory". Online child sexual abuse
 * and exploitation is boosted above CHI's 2–4 % of violence contacts so demos have enough of it.
 */
export const CHI_CATEGORIES = weighted<string>([
  ['Mental Health/Emotional distress – anger / fear and anxiety / mood problems', 90], ['Mental Health/Suicidal thoughts and suicide attempts', 35],
  ['Mental Health/Self-harming behaviour', 25], ['Mental Health/Concerns about the self', 20],
  ['Family Relationships/General family issues', 60], ['Family Relationships/Relationship to caregiver', 35],
  ['Peer Relationships/Friends and friendships', 35], ['Peer Relationships/Partner relationships', 30],
  ['Violence/Physical violence', 30], ['Violence/Psychological / Emotional violence', 25], ['Violence/Bullying', 30], ['Violence/Cyberbullying', 18],
  ['Violence/Sexual violence', 20], ['Violence/Neglect (or negligent treatment)', 12], ['Violence/Online child sexual abuse and exploitation', 14],
  ['Sexuality/Sexual orientation and gender identity', 12], ['Sexuality/Sexual behaviours', 8],
  ['Physical Health/Sexual and reproductive health', 15], ['Physical Health/General medical concerns', 10],
  ['Access to Services/Mental health services', 10], ['Access to Services/Legal services and advice', 6],
  ['Education and Occupation/Academic issues', 30], ['Education and Occupation/Teacher and school problems', 12],
  ['Discrimination and Exclusion/Gender identity or expression and sexual orientation', 5],
  ['Missing children/Runaway', 4],
]);
export const CHI_OCSEA = 'Violence/Online child sexual abuse and exploitation';

/** The Brazilian helpline's own OCSEA subcategories, kept verbatim beside the CHI code (incident-taxonomies.md §2.2). */
export const BR_OCSEA = weighted<string>([
  ['Sextorsão', 35], ['Aliciamento sexual infantil online', 25], ['Compartilhamento não consensual de imagens íntimas', 25], ['Abuso sexual infantil online', 10], ['Exploração sexual infantil online', 5],
]);

export const CONTACT_GENDER = weighted<'female' | 'male' | 'non-binary' | 'unknown'>([['female', 56], ['male', 34], ['non-binary', 2], ['unknown', 8]]);

/** Reported ages of children contacting a helpline: mostly teenagers. */
export const CONTACT_AGE = weighted<number>([[7, 1], [8, 2], [9, 3], [10, 5], [11, 7], [12, 10], [13, 13], [14, 15], [15, 15], [16, 13], [17, 10]]);
