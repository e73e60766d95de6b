import { SEXUAL_ACTIVITY } from '../axes.ts';
import type { Scheme } from '../types.ts';

const legal = { status: 'illegal' as const, jurisdiction: 'US', note: '18 U.S.C. chapter 110' };
const age = { min: 0, max: 17, basis: 'estimated' as const };
const realness = ['real', 'synthetic-realistic'] as const;
const ANUS_WARNING = 'The retrieved copies of § 2256(2)(A)(v) read "genitals or pubic area"; whether the current text (after a 2018 amendment) also names the anus is unverified [U].';

/** 18 U.S.C. § 2256 definitions (sexually explicit conduct; (8) heads). classification-schemes.md §6. */
export const us2256: Scheme = {
  id: 'us-2256',
  version: '2018',
  kind: 'legal-definition',
  title: { en: '18 U.S.C. § 2256 — sexually explicit conduct involving a minor' },
  description:
    'Definitions for chapter 110: a minor is under 18; sexually explicit conduct has five heads ((2)(A)(i)–(v)); the statutory definition in (8) has three heads by how the depiction was made. A narrower definition ((2)(B)) applies to computer-generated depictions. Obscene drawings/cartoons fall under § 1466A instead. Do not ingest legal text from pre-2003 mirrors.',
  publisher: 'United States Code',
  confidence: 'V',
  sources: ['[S17] Cornell LII 18 U.S.C. § 2256', '[S18] DOJ Criminal Resource Manual 1973', '[S19] NCMEC CSE FAQ'],
  unit: 'depiction',
  concepts: [
    { code: '2256(2)(A)(i)', prefLabel: { en: 'Sexual intercourse' }, definition: { en: 'Actual or simulated sexual intercourse: genital-genital, oral-genital, anal-genital or oral-anal, same or opposite sex.' }, axes: { act: ['child-penetrative', 'adult-penetrative'], age, realness, legal }, confidence: 'V', aliases: [{ text: 'intercourse', note: 'short name' }] },
    { code: '2256(2)(A)(ii)', prefLabel: { en: 'Bestiality' }, definition: { en: 'Actual or simulated bestiality.' }, axes: { act: ['bestiality'], age, realness, legal }, confidence: 'V', aliases: [{ text: 'bestiality', note: 'short name' }] },
    { code: '2256(2)(A)(iii)', prefLabel: { en: 'Masturbation' }, definition: { en: 'Actual or simulated masturbation.' }, axes: { act: ['child-masturbation', 'adult-masturbation'], age, realness, legal }, confidence: 'V', aliases: [{ text: 'masturbation', note: 'short name' }] },
    { code: '2256(2)(A)(iv)', prefLabel: { en: 'Sadistic or masochistic abuse' }, definition: { en: 'Actual or simulated sadistic or masochistic abuse.' }, axes: { act: ['sadism'], age, realness, legal }, confidence: 'V', aliases: [{ text: 'sadistic-masochistic-abuse', note: 'short name' }] },
    {
      code: '2256(2)(A)(v)',
      prefLabel: { en: 'Lascivious exhibition' },
      definition: { en: 'Lascivious exhibition of the genitals or pubic area (anus: see warning).' },
      axes: { act: ['genital-focus'], age, realness, legal },
      confidence: 'V',
      warnings: [ANUS_WARNING],
      aliases: [{ text: 'lascivious-exhibition', note: 'short name' }],
    },
    {
      code: '2256(8)(A)',
      prefLabel: { en: 'Depiction whose production used a minor' },
      sourceLabel: 'child pornography, § 2256(8)(A)',
      definition: { en: 'Visual depiction of sexually explicit conduct whose production involved the use of a minor.' },
      axes: { act: ['genital-focus', ...SEXUAL_ACTIVITY], age, realness: ['real'], legal },
      confidence: 'V',
    },
    {
      code: '2256(8)(B)',
      prefLabel: { en: 'Digital or computer-generated depiction indistinguishable from a minor' },
      sourceLabel: 'child pornography, § 2256(8)(B)',
      definition: { en: 'Digital or computer(-generated) image that is, or is indistinguishable from, a minor engaging in sexually explicit conduct; the narrower (2)(B) conduct definition applies ("graphic" or lascivious-simulated). Drawings, cartoons, sculptures and paintings are not "indistinguishable".' },
      axes: { act: ['genital-focus', ...SEXUAL_ACTIVITY], age, realness: ['synthetic-realistic'], legal },
      confidence: 'V',
    },
    {
      code: '2256(8)(C)',
      prefLabel: { en: 'Depiction adapted to show an identifiable minor' },
      sourceLabel: 'child pornography, § 2256(8)(C)',
      definition: { en: 'Created, adapted or modified to appear that an identifiable minor (recognisable as an actual person) is engaging in sexually explicit conduct.' },
      axes: { act: ['genital-focus', ...SEXUAL_ACTIVITY], age, realness: ['synthetic-realistic'], legal },
      confidence: 'V',
    },
  ],
};
