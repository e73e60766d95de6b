import { SEXUAL_ACTIVITY } from '../axes.ts';
import type { Axes, Scheme } from '../types.ts';

export const BASELINE_AGE_WARNING =
  'INTERPOL Baseline/IWOL age boundary: "younger than 13" on the INTERPOL criteria page, "13 and under" in a secondary quote [U]. Tessera keeps the wider reading (up to 13) and treats age 13 as indeterminate.';

/** Axes shared by INTERPOL Baseline and ICCAM "baseline". */
export const BASELINE_AXES: Axes = {
  act: ['genital-focus', ...SEXUAL_ACTIVITY],
  age: { min: 0, max: 13, basis: 'estimated' },
  realness: ['real'],
  legal: { status: 'illegal-everywhere', note: 'meant to be illegal in any country' },
};

/** INTERPOL Baseline and "Worst of" list criteria. classification-schemes.md §4. */
export const interpolBaseline: Scheme = {
  id: 'interpol-baseline',
  version: '1.0',
  kind: 'legal-status',
  title: { en: 'INTERPOL Baseline and "Worst of" list criteria' },
  description:
    'A one-way label: Baseline implies illegal everywhere; the converse is false, and "not baseline" carries no legal information, so it has no code. Criteria: real children, who are or appear younger than 13, severe abuse (sexual contact or focus on the genital/anal region).',
  publisher: 'INTERPOL',
  confidence: 'V',
  sources: ['[S7] INTERPOL, Blocking and categorizing content', '[S8] INTERPOL, Criteria for inclusion in the Worst of list', '[S9] forum mirror quoting INTERPOL (secondary)'],
  warnings: [BASELINE_AGE_WARNING],
  unit: 'hash',
  concepts: [
    {
      code: 'baseline',
      prefLabel: { en: 'Baseline' },
      definition: { en: 'Hash of some of the worst known material: real child, younger than 13 (boundary unverified), sexual contact or genital/anal focus; recognised by specialist investigators; illegal in any country.' },
      axes: { ...BASELINE_AXES, unit: 'hash' },
      confidence: 'V',
      warnings: [BASELINE_AGE_WARNING],
    },
    {
      code: 'worst-of-list',
      prefLabel: { en: '"Worst of" list domain (IWOL)' },
      definition: { en: 'Domain fitting the Baseline criteria, online within the last three months, verified by at least two independent countries/agencies; used for access blocking.' },
      axes: { ...BASELINE_AXES, unit: 'domain' },
      confidence: 'V',
      warnings: [BASELINE_AGE_WARNING],
    },
  ],
};
