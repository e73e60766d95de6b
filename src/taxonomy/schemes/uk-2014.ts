import { POSING } from '../axes.ts';
import type { Scheme } from '../types.ts';

const legal = { status: 'illegal' as const, jurisdiction: 'GB', note: 'England and Wales (Protection of Children Act 1978 s.1; Criminal Justice Act 1988 s.160)' };
const age = { min: 0, max: 17, basis: 'estimated' as const };
const realness = ['real', 'synthetic-realistic'] as const; // photographs and pseudo-photographs

/** England & Wales Sentencing Council categories A/B/C (since 1 April 2014). classification-schemes.md §1. */
export const uk2014: Scheme = {
  id: 'uk-2014',
  version: '2014-04-01',
  kind: 'content-severity',
  title: { en: 'England & Wales indecent image categories A/B/C (Sentencing Council, 2014)' },
  description:
    'Sentencing categories for indecent photographs and pseudo-photographs of a child (under 18). Used by the IWF for all assessments. The guideline has a second, independent offence axis (possession, distribution, production) not modelled as codes.',
  publisher: 'Sentencing Council for England and Wales',
  confidence: 'V',
  sources: ['[S1] IWF laws and assessment levels', '[S2] Sentencing Council consultation, indecent photographs of children', '[S3] HMICFRS glossary'],
  unit: 'image',
  concepts: [
    {
      code: 'A',
      prefLabel: { en: 'Category A' },
      definition: { en: 'Penetrative sexual activity; sexual activity involving an animal; sadism. Replaces SAP levels 4 and 5.' },
      axes: { act: ['child-penetrative', 'adult-penetrative', 'sadism', 'bestiality'], age, realness, legal, unit: 'image' },
      confidence: 'V',
      sources: ['S1', 'S2'],
    },
    {
      code: 'B',
      prefLabel: { en: 'Category B' },
      definition: { en: 'Non-penetrative sexual activity. Replaces SAP levels 2 and 3.' },
      axes: { act: ['child-masturbation', 'child-nonpen-other', 'adult-masturbation', 'adult-nonpen-touching'], age, realness, legal, unit: 'image' },
      confidence: 'V',
      sources: ['S1', 'S2'],
    },
    {
      code: 'C',
      prefLabel: { en: 'Category C' },
      definition: { en: 'Any other indecent image not falling within A or B; must not depict sexual activity (in practice sexualised posing, nudity with indecent focus). Replaces SAP level 1.' },
      axes: {
        act: [...POSING],
        actConditional: { atoms: ['nudist', 'covert'], condition: 'only if the image is indecent in context: nakedness alone is not decided by the code' },
        age,
        realness,
        legal,
        unit: 'image',
      },
      confidence: 'V',
      sources: ['S1', 'S2', 'S3'],
    },
  ],
};
