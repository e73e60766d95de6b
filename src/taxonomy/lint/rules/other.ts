import type { TermRule } from '../types.ts';

/** Dutch, Italian and Luxembourgish: the few rows the reference notes give. */
export const other: TermRule[] = [
  {
    id: 'lb.kannerpornographie',
    lang: 'lb',
    terms: ['kannerporn*'],
    preferred: ['CSAM', 'Material vu sexuellem Mëssbrauch (wording unverified [U])'],
    reason: 'Named by ECPAT Luxembourg as a term to retire.',
    usage: 'avoid',
    confidence: 'V',
    preferredConfidence: 'U',
    sources: ['L8'],
  },
  {
    id: 'nl.kinderpornografie',
    lang: 'nl',
    terms: ['kinderpornografie', 'kinderporno'],
    preferred: ['materiaal van seksueel misbruik van kinderen'],
    reason: 'Term used in the Dutch version of the EU recast proposal COM(2024) 60.',
    usage: 'avoid',
    confidence: 'V',
    sources: ['L45'],
  },
  {
    id: 'nl.wraakporno',
    lang: 'nl',
    terms: ['wraakporno*'],
    preferred: ['ongewenste openbaarmaking van seksuele beelden'],
    reason: 'Rejected as inaccurate in Belgian legal commentary; not a Guidelines entry [NF].',
    usage: 'avoid',
    confidence: 'NF',
    sources: ['L46'],
  },
  {
    id: 'it.pornografia-minorile',
    lang: 'it',
    terms: ['pornografia minorile', 'materiale pedopornografic*', 'pedopornografi*'],
    preferred: ['materiale di abuso sessuale su minori (wording unverified [U])'],
    reason: 'Legal terms of the Italian text of Directive 2011/93/EU (legal exemption applies); preferred wording unverified.',
    usage: 'avoid',
    confidence: 'U',
    sources: ['L47'],
  },
];
