import type { Scheme } from '../types.ts';

/** COPINE scale, 10 levels (Taylor, Holland & Quayle, UCC, late 1990s). classification-schemes.md §3. */
export const copine: Scheme = {
  id: 'copine',
  version: '1.0',
  kind: 'content-severity',
  title: { en: 'COPINE scale (10 levels)' },
  description:
    'Research/therapeutic typology built by the COPINE project with the Metropolitan Police paedophile unit; later borrowed for sentencing. It is not a legal scale: levels 1–3 are not (or not necessarily) indecent, and no level carries a legal status.',
  publisher: 'COPINE project, University College Cork',
  confidence: 'V',
  sources: ['[S6] Wikipedia "COPINE scale" and mirrors'],
  warnings: ['Crosswalks from COPINE are our synthesis of [S5][S6][S2]; the sources disagree slightly. Treat them as many-to-many and review.'],
  unit: 'image',
  concepts: [
    { code: '1', prefLabel: { en: 'Indicative' }, definition: { en: 'Non-sexualised images (underwear/swimwear, everyday play) whose collection context suggests inappropriate interest.' }, axes: { act: ['everyday'], flags: ['collection-context'] }, confidence: 'V' },
    { code: '2', prefLabel: { en: 'Nudist' }, definition: { en: 'Naked or semi-naked children in legitimate nudist settings or sources.' }, axes: { act: ['nudist'] }, confidence: 'V' },
    { code: '3', prefLabel: { en: 'Erotica' }, definition: { en: 'Covertly taken images in play areas etc. showing underwear or nakedness.' }, axes: { act: ['covert'] }, confidence: 'V' },
    { code: '4', prefLabel: { en: 'Posing' }, definition: { en: 'Deliberately posed images (clothed, partly clothed or naked) where amount or context suggests sexual interest.' }, axes: { act: ['posing'] }, confidence: 'V' },
    { code: '5', prefLabel: { en: 'Erotic posing' }, definition: { en: 'Deliberately sexualised or provocative poses.' }, axes: { act: ['erotic-posing'] }, confidence: 'V' },
    { code: '6', prefLabel: { en: 'Explicit erotic posing' }, definition: { en: 'Emphasis on the genital area.' }, axes: { act: ['genital-focus'] }, confidence: 'V' },
    { code: '7', prefLabel: { en: 'Explicit sexual activity' }, definition: { en: 'Touching, masturbation, oral sex or intercourse by children, no adult involved. Mixes non-penetrative and penetrative activity.' }, axes: { act: ['child-masturbation', 'child-nonpen-other', 'child-penetrative'] }, confidence: 'V' },
    { code: '8', prefLabel: { en: 'Assault' }, definition: { en: 'Sexual assault by an adult involving digital touching.' }, axes: { act: ['adult-nonpen-touching'] }, confidence: 'V' },
    {
      code: '9',
      prefLabel: { en: 'Gross assault' },
      definition: { en: 'Adult-involved penetrative sex, masturbation or oral sex.' },
      axes: { act: ['adult-penetrative', 'adult-masturbation'] },
      confidence: 'V',
      warnings: ['COPINE 9 names adult-involved masturbation (non-penetrative) beside penetration; the reference\'s synthesised table maps 9 → SAP 4 / A only. Tessera also offers the non-penetrative candidate.'],
    },
    { code: '10', prefLabel: { en: 'Sadistic / bestiality' }, definition: { en: '(a) child bound, beaten, whipped or otherwise in pain; (b) an animal involved sexually.' }, axes: { act: ['sadism', 'bestiality'] }, confidence: 'V' },
    { code: '10a', broader: '10', prefLabel: { en: 'Sadistic' }, definition: { en: 'Child bound, beaten, whipped or otherwise in pain.' }, axes: { act: ['sadism'] }, confidence: 'V' },
    { code: '10b', broader: '10', prefLabel: { en: 'Bestiality' }, definition: { en: 'An animal involved sexually.' }, axes: { act: ['bestiality'] }, confidence: 'V' },
  ],
};
