import { SEX_ACT_2256 } from '../axes.ts';
import type { AgeRange } from '../age.ts';
import type { Scheme } from '../types.ts';

const pre: AgeRange = { min: 0, max: 13, basis: 'developmental-stage', stage: 'prepubescent' };
const pub: AgeRange = { min: 8, max: 17, basis: 'developmental-stage', stage: 'pubescent' };
const STAGE_WARNING = 'NCMEC gives no numeric bounds for prepubescent/pubescent; the ranges used (0–13, 8–17) are wide bounds assumed by Tessera, never an age estimate.';

/** NCMEC CyberTipline industry classification (A1, A2, B1, B2). classification-schemes.md §6. */
export const ncmecIndustry: Scheme = {
  id: 'ncmec-industry',
  version: '2022-06',
  kind: 'content-severity',
  title: { en: 'NCMEC industry classification (A1, A2, B1, B2)' },
  description:
    'ESP-created scale (January 2014, updated June 2022) in the CyberTipline API (`industryClassification`), for companies in NCMEC\'s Industry Hash Sharing platform, on files whose relevance is "Reported". Letter = age stage (A prepubescent, B pubescent); digit = content (1 sex act, 2 lascivious exhibition). No code exists for post-pubescent minors, infants (flagged by the `infant` annotation) or non-explicit sexualised content. Codes are namespaced: NCMEC also uses A1/A2 as country codes.',
  publisher: 'NCMEC / industry',
  confidence: 'V',
  sources: ['[S21] CyberTipline XSD (Boostport/ncmec-go)', '[S22] Cybertipline-Tools Constants.ts', '[S23] ncmec-cybertip enums.py'],
  warnings: [STAGE_WARNING],
  unit: 'file',
  concepts: [
    { code: 'A1', prefLabel: { en: 'A1 — prepubescent minor, sex act' }, definition: { en: 'Prepubescent minor; sex act (18 U.S.C. § 2256(2)(A)(i)–(iv): intercourse of any kind, bestiality, masturbation, sadistic or masochistic abuse).' }, axes: { act: [...SEX_ACT_2256], age: pre, unit: 'file' }, confidence: 'V', warnings: [STAGE_WARNING] },
    { code: 'A2', prefLabel: { en: 'A2 — prepubescent minor, lascivious exhibition' }, definition: { en: 'Prepubescent minor; lascivious exhibition (focal point on anus, genitals or pubic area, intended to arouse).' }, axes: { act: ['genital-focus'], age: pre, unit: 'file' }, confidence: 'V', warnings: [STAGE_WARNING] },
    { code: 'B1', prefLabel: { en: 'B1 — pubescent minor, sex act' }, definition: { en: 'Pubescent minor; sex act (as A1).' }, axes: { act: [...SEX_ACT_2256], age: pub, unit: 'file' }, confidence: 'V', warnings: [STAGE_WARNING] },
    { code: 'B2', prefLabel: { en: 'B2 — pubescent minor, lascivious exhibition' }, definition: { en: 'Pubescent minor; lascivious exhibition (as A2).' }, axes: { act: ['genital-focus'], age: pub, unit: 'file' }, confidence: 'V', warnings: [STAGE_WARNING] },
  ],
};
