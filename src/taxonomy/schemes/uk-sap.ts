import { POSING } from '../axes.ts';
import type { Scheme } from '../types.ts';

const legal = { status: 'illegal' as const, jurisdiction: 'GB', note: 'England and Wales, 2002 – March 2014 (superseded by uk-2014)' };
const age = { min: 0, max: 17, basis: 'estimated' as const };
const realness = ['real', 'synthetic-realistic'] as const;

/** Sentencing Advisory Panel levels 1–5 (2002 – March 2014). classification-schemes.md §2. */
export const ukSap: Scheme = {
  id: 'uk-sap',
  version: '2002',
  kind: 'content-severity',
  title: { en: 'England & Wales Sentencing Advisory Panel levels 1–5 (2002–2014, superseded)' },
  description: 'Five-level scale derived from COPINE (dropping COPINE 1–3); superseded by the 2014 categories A/B/C on 1 April 2014. Historic data still carries it.',
  publisher: 'Sentencing Advisory Panel (England and Wales)',
  confidence: 'S',
  sources: ['[S5] BSB Solicitors summary (secondary)', '[S6] COPINE scale wiki mirrors (secondary)'],
  warnings: ['SAP level definitions come from secondary sources only [S]; sources disagree slightly on how level 1 relates to COPINE 2–6.'],
  unit: 'image',
  concepts: [
    {
      code: '1',
      prefLabel: { en: 'SAP level 1' },
      definition: { en: 'Erotic posing, no sexual activity.' },
      axes: { act: [...POSING], actConditional: { atoms: ['nudist', 'covert'], condition: 'sources disagree on whether COPINE 2–3 material falls in level 1; only if indecent in context' }, age, realness, legal },
      confidence: 'S',
    },
    { code: '2', prefLabel: { en: 'SAP level 2' }, definition: { en: 'Non-penetrative sexual activity between children, or a child masturbating alone.' }, axes: { act: ['child-masturbation', 'child-nonpen-other'], age, realness, legal }, confidence: 'S' },
    { code: '3', prefLabel: { en: 'SAP level 3' }, definition: { en: 'Non-penetrative sexual activity between adult(s) and child(ren).' }, axes: { act: ['adult-masturbation', 'adult-nonpen-touching'], age, realness, legal }, confidence: 'S' },
    { code: '4', prefLabel: { en: 'SAP level 4' }, definition: { en: 'Penetrative sexual activity involving one or more children, with or without adults.' }, axes: { act: ['child-penetrative', 'adult-penetrative'], age, realness, legal }, confidence: 'S' },
    { code: '5', prefLabel: { en: 'SAP level 5' }, definition: { en: 'Sadism, or penetration of or by an animal.' }, axes: { act: ['sadism', 'bestiality'], age, realness, legal }, confidence: 'S' },
  ],
};
