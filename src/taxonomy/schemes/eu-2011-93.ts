import { SEXUAL_ACTIVITY } from '../axes.ts';
import type { Scheme } from '../types.ts';

const legal = { status: 'illegal' as const, jurisdiction: 'EU', note: 'EU minimum rules; each Member State transposes them into national law' };
const age = { min: 0, max: 17, basis: 'estimated' as const };
const explicit = ['genital-focus', ...SEXUAL_ACTIVITY];

/** Directive 2011/93/EU, Art. 2 definitions. classification-schemes.md §9. */
export const eu201193: Scheme = {
  id: 'eu-2011-93',
  version: '2011',
  kind: 'legal-definition',
  title: { en: 'Directive 2011/93/EU, Art. 2 definitions' },
  description:
    'EU minimum definitions (CELEX 32011L0093; the OJ header prints 2011/92/EU). The recast COM(2024) 60 renames the concept "child sexual abuse material" and adds AI/deepfake "reproductions and representations"; its adoption status was not found. Lanzarote Art. 20(3) reservations (purely simulated images; consensual images held privately by children above the age of consent) are jurisdiction-specific exceptions.',
  publisher: 'European Union',
  confidence: 'V',
  sources: ['[S34] EUR-Lex CELEX 32011L0093', '[S35] Italian text of Art. 2', '[S36]–[S38] recast COM(2024) 60', '[S39] Lanzarote Convention Art. 20'],
  warnings: ['The 2011/92 vs 2011/93 numbering is explained as a print corrigendum in the reference notes; that story is unverified [U].'],
  unit: 'material',
  concepts: [
    { code: 'art2(c)(i)', prefLabel: { en: 'Child in real or simulated sexually explicit conduct' }, sourceLabel: 'child pornography, Art. 2(c)(i)', definition: { en: 'Material visually depicting a child engaged in real or simulated sexually explicit conduct.' }, axes: { act: [...SEXUAL_ACTIVITY], age, realness: ['real'], legal }, confidence: 'V' },
    { code: 'art2(c)(ii)', prefLabel: { en: "Depiction of a child's sexual organs for primarily sexual purposes" }, sourceLabel: 'child pornography, Art. 2(c)(ii)', definition: { en: "Any depiction of the sexual organs of a child for primarily sexual purposes." }, axes: { act: ['genital-focus'], age, realness: ['real'], legal }, confidence: 'V' },
    { code: 'art2(c)(iii)', prefLabel: { en: 'Person appearing to be a child' }, sourceLabel: 'child pornography, Art. 2(c)(iii)', definition: { en: 'Heads (i) and (ii) for a person appearing to be a child: an apparent age, not a real one.' }, axes: { act: explicit, age: { min: null, max: 17, basis: 'estimated' }, realness: ['real'], legal }, confidence: 'V' },
    { code: 'art2(c)(iv)', prefLabel: { en: 'Realistic images of a child' }, sourceLabel: 'child pornography, Art. 2(c)(iv)', definition: { en: "Realistic images of a child engaged in sexually explicit conduct or of a child's sexual organs, for primarily sexual purposes." }, axes: { act: explicit, age, realness: ['synthetic-realistic'], legal }, confidence: 'V' },
    { code: 'art2(d)', prefLabel: { en: 'Sexual exploitation of children in prostitution' }, sourceLabel: 'child prostitution, Art. 2(d)', definition: { en: 'Use of a child for sexual activities where money or other remuneration or consideration is given or promised, to the child or a third party.' }, axes: { incident: ['prostitution'], age, legal }, confidence: 'V' },
    { code: 'art2(e)', prefLabel: { en: 'Pornographic performance involving a child' }, sourceLabel: 'pornographic performance, Art. 2(e)', definition: { en: "Live exhibition aimed at an audience, including by ICT, of a child in real or simulated sexually explicit conduct or of a child's sexual organs for primarily sexual purposes." }, axes: { act: explicit, incident: ['live-streaming'], age, realness: ['real'], legal, flags: ['live-streaming'] }, confidence: 'V' },
  ],
};
