import type { Scheme } from '../types.ts';
import { BASELINE_AGE_WARNING, BASELINE_AXES } from './interpol-baseline.ts';

/** INHOPE ICCAM legal-status classification. classification-schemes.md §5. */
export const iccam: Scheme = {
  id: 'iccam',
  version: '1.0',
  kind: 'legal-status',
  title: { en: 'INHOPE ICCAM legal status' },
  description:
    'Hotline analysts classify each image/video as baseline (internationally illegal by INTERPOL criteria), nationally illegal (under the law of the assessing/hosting country) or not illegal. "nationally illegal" is jurisdiction-relative: without the jurisdiction whose law was applied it cannot be translated.',
  publisher: 'INHOPE (with ZiuZ)',
  confidence: 'V',
  sources: ['[S10] INHOPE, What is ICCAM?', '[S11] ZiuZ ICCAM product page'],
  unit: 'media-item',
  concepts: [
    { code: 'baseline', prefLabel: { en: 'Baseline' }, definition: { en: "Internationally illegal according to INTERPOL's Baseline criteria." }, axes: { ...BASELINE_AXES, unit: 'media-item' }, confidence: 'V', warnings: [BASELINE_AGE_WARNING] },
    {
      code: 'nationally-illegal',
      prefLabel: { en: 'Nationally illegal' },
      definition: { en: 'Illegal under the law of the assessing or hosting country; meaningless without that jurisdiction.' },
      axes: { legal: { status: 'nationally-illegal' }, unit: 'media-item' },
      confidence: 'V',
      aliases: [{ text: 'nationally illegal', note: 'spelling used in INHOPE texts' }],
    },
    {
      code: 'not-illegal',
      prefLabel: { en: 'Not illegal' },
      definition: { en: 'Neither baseline nor nationally illegal (for the assessing jurisdiction).' },
      axes: { legal: { status: 'not-illegal' }, unit: 'media-item' },
      confidence: 'V',
      aliases: [{ text: 'not illegal', note: 'spelling used in INHOPE texts' }],
    },
  ],
};
