import { CSAM_ACTS } from '../axes.ts';
import type { Scheme } from '../types.ts';

/**
 * NCMEC CyberTipline incident types: the exact XSD enumeration strings (byte for byte). These
 * strings are protocol constants: the terminology linter exempts them, and the display label
 * (prefLabel) uses preferred terminology while `sourceLabel` keeps the constant.
 */
export const NCMEC_INCIDENT_TYPES = [
  'Child Pornography (possession, manufacture, and distribution)',
  'Child Sex Trafficking',
  'Child Sex Tourism',
  'Child Sexual Molestation',
  'Misleading Domain Name',
  'Misleading Words or Digital Images on the Internet',
  'Online Enticement of Children for Sexual Acts',
  'Unsolicited Obscene Material Sent to a Child',
] as const;

const t = NCMEC_INCIDENT_TYPES;

export const ncmecIncident: Scheme = {
  id: 'ncmec-incident',
  version: '2025-11',
  kind: 'incident',
  title: { en: 'NCMEC CyberTipline incident types' },
  description:
    'The `incidentType` enumeration of the CyberTipline API (XSD as of November 2025). Values must be reproduced byte for byte; historic reports may carry older public labels (accepted as aliases). NCMEC may later add an incident type to a report; the original is kept.',
  publisher: 'National Center for Missing & Exploited Children (NCMEC)',
  confidence: 'V',
  sources: ['[T1] CyberTipline XSD (Boostport/ncmec-go, commit c9dee9be)', '[T2] Cybertipline-Tools Constants.ts', '[T3] ncmec-cybertip enums.py', '[T7][T8][T9] historic NCMEC labels'],
  unit: 'report',
  concepts: [
    {
      code: t[0],
      sourceLabel: t[0],
      prefLabel: { en: 'Child sexual abuse material (possession, manufacture, and distribution)' },
      definition: { en: 'Statutory anchor: 18 U.S.C. §§ 2251, 2252, 2252A; definitions § 2256. One type for all CSAM activity: finer schemes cannot learn the act from it.' },
      axes: { incident: [...CSAM_ACTS], unit: 'report' },
      confidence: 'V',
      aliases: [{ text: 'Possession, manufacture, and distribution of child pornography', note: 'historic public label (1998-era brochure)' }],
    },
    {
      code: t[1],
      sourceLabel: t[1],
      prefLabel: { en: 'Child sex trafficking' },
      definition: { en: 'Statutory anchor: 18 U.S.C. § 1591 (commercial sex act involving a child).' },
      axes: { incident: ['trafficking'], unit: 'report' },
      confidence: 'V',
      aliases: [
        { text: 'Prostitution of children', note: 'historic public label; reading it as this type is Tessera\'s assumption [U]' },
        { text: 'Child victims of prostitution', note: 'historic public label; reading it as this type is Tessera\'s assumption [U]' },
      ],
      warnings: ['Historic labels "Prostitution of children" / "Child victims of prostitution" are read as this type by assumption [U].'],
    },
    {
      code: t[2],
      sourceLabel: t[2],
      prefLabel: { en: 'Sexual exploitation of children in the context of travel and tourism' },
      definition: { en: 'Statutory anchor: 18 U.S.C. § 2423(b) (travel abroad to engage in sexual activity with a child) [S].' },
      axes: { incident: ['travel-tourism'], unit: 'report' },
      confidence: 'V',
      warnings: ['The statutory anchor § 2423(b) comes from a secondary source [S].'],
      aliases: [{ text: 'Sex tourism involving children', note: 'historic public label' }],
    },
    {
      code: t[3],
      sourceLabel: t[3],
      prefLabel: { en: 'Child sexual abuse (molestation)' },
      definition: { en: 'Historically "(not in the family)" / extra-familial molestation.' },
      axes: { incident: ['contact-abuse'], unit: 'report' },
      confidence: 'V',
      aliases: [
        { text: 'Child sexual molestation (not in the family)', note: 'historic public label' },
        { text: 'Extrafamilial molestation of children', note: 'historic public label' },
      ],
    },
    { code: t[4], sourceLabel: t[4], prefLabel: { en: 'Misleading domain name' }, definition: { en: 'Statutory anchor: 18 U.S.C. § 2252B.' }, axes: { incident: ['misleading-domain'], unit: 'report' }, confidence: 'V', aliases: [{ text: 'Misleading domain names', note: 'historic public label' }] },
    { code: t[5], sourceLabel: t[5], prefLabel: { en: 'Misleading words or digital images on the internet' }, definition: { en: 'Statutory anchor: 18 U.S.C. § 2252C.' }, axes: { incident: ['misleading-content'], unit: 'report' }, confidence: 'V', aliases: [{ text: 'Misleading words or digital images', note: 'historic public label' }] },
    {
      code: t[6],
      sourceLabel: t[6],
      prefLabel: { en: 'Online enticement of children for sexual acts (solicitation)' },
      definition: { en: 'Older NCMEC text cites 18 U.S.C. § 2425 [S]; § 2422(b) is the usual enticement statute [U].' },
      axes: { incident: ['grooming'], unit: 'report' },
      confidence: 'V',
      warnings: ['Statutory anchor unverified: § 2425 [S] or § 2422(b) [U].'],
      aliases: [{ text: 'Online Enticement of Children for Sexual Act', note: 'misspelling in the Cybertipline-Tools TypeScript library; the XSD has "Acts"' }],
    },
    {
      code: t[7],
      sourceLabel: t[7],
      prefLabel: { en: 'Unsolicited obscene material sent to a child' },
      definition: { en: 'Statutory anchor: 18 U.S.C. § 1470 (obscene material to a person under 16) [S].' },
      axes: { incident: ['exposure'], age: { min: 0, max: 15, basis: 'estimated' }, unit: 'report' },
      confidence: 'V',
      warnings: ['The under-16 anchor (§ 1470) comes from a secondary source [S].'],
    },
  ],
};
