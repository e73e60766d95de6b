import type { Scheme } from '../types.ts';

const CSAM_JURISDICTION_WARNING =
  'The legal standard behind Arachnid "csam" is not stated in the reference notes; C3P is Canadian, so Criminal Code s.163.1 is likely but unverified [U].';

/** Canadian Centre for Child Protection — Project Arachnid / Arachnid Shield media classifications. classification-schemes.md §8. */
export const arachnid: Scheme = {
  id: 'arachnid',
  version: '1.0',
  kind: 'legal-status',
  title: { en: 'Project Arachnid / Arachnid Shield media classification' },
  description:
    'Arachnid Shield API values. "harmful-abusive-material" has no equivalent in any criminal-law scheme and is never mapped to an illegal value; illegal material maps to "csam". For video, any frame matching csam makes the video csam, which outranks harmful-abusive-material. The "Class 1 / Class 2" terminology was not found and is not modelled. Clients also handle a "test" value, which is not a classification.',
  publisher: 'Canadian Centre for Child Protection (C3P)',
  confidence: 'V',
  sources: ['[S31] C3P, How We Are Failing Children (2019)', '[S32] arachnid-shield-sdk-rust data_structures.rs'],
  unit: 'media-item',
  concepts: [
    {
      code: 'csam',
      prefLabel: { en: 'Child sexual abuse material (criminal)' },
      definition: { en: 'Media matching known criminal child sexual abuse material (exact SHA-1 or near PhotoDNA match).' },
      axes: { legal: { status: 'illegal', note: 'criminal CSAM as assessed by C3P' }, unit: 'media-item' },
      confidence: 'V',
      warnings: [CSAM_JURISDICTION_WARNING],
    },
    {
      code: 'harmful-abusive-material',
      prefLabel: { en: 'Harmful-abusive material' },
      definition: { en: 'Images/videos associated with the abusive incident, or nude/partially nude images of children that became public and are used in a sexualised context or with sexual commentary. Not criminal CSAM; removal is sought on child-protection grounds.' },
      axes: { legal: { status: 'harmful-not-illegal' }, unit: 'media-item' },
      confidence: 'V',
    },
    {
      code: 'no-known-match',
      prefLabel: { en: 'No known match' },
      definition: { en: 'The media matched nothing in the Arachnid lists. It says nothing about the content.' },
      axes: { legal: { status: 'no-assessment' }, unit: 'media-item' },
      confidence: 'V',
    },
  ],
};
