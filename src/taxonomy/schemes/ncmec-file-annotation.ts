import type { Scheme } from '../types.ts';

/** NCMEC CyberTipline file annotations (`fileAnnotations`, presence = true). classification-schemes.md §6. */
export const ncmecFileAnnotation: Scheme = {
  id: 'ncmec-file-annotation',
  version: '2025-11',
  kind: 'annotation',
  title: { en: 'NCMEC CyberTipline file annotations' },
  description: 'Boolean flags on a reported file. They qualify a file; they are not a classification. Only the flags that carry content, age or realness translate into other schemes.',
  publisher: 'NCMEC',
  confidence: 'V',
  sources: ['[S21] CyberTipline XSD (Boostport/ncmec-go)'],
  unit: 'file',
  concepts: [
    { code: 'animeDrawingVirtualHentai', prefLabel: { en: 'Anime, drawing, virtual or hentai' }, axes: { realness: ['drawn'], flags: ['drawn'], unit: 'file' }, confidence: 'V' },
    { code: 'potentialMeme', prefLabel: { en: 'Potential meme' }, axes: { flags: ['meme'], unit: 'file' }, confidence: 'V' },
    { code: 'viral', prefLabel: { en: 'Viral' }, axes: { flags: ['viral'], unit: 'file' }, confidence: 'V' },
    { code: 'possibleSelfProduction', prefLabel: { en: 'Possible "self-generated" production' }, axes: { incident: ['self-generated'], flags: ['self-generated'], unit: 'file' }, confidence: 'V' },
    { code: 'physicalHarm', prefLabel: { en: 'Physical harm' }, axes: { flags: ['physical-harm'], unit: 'file' }, confidence: 'V' },
    { code: 'violenceGore', prefLabel: { en: 'Violence or gore' }, axes: { flags: ['violence-gore'], unit: 'file' }, confidence: 'V' },
    { code: 'bestiality', prefLabel: { en: 'Bestiality' }, axes: { act: ['bestiality'], flags: ['bestiality'], unit: 'file' }, confidence: 'V' },
    { code: 'liveStreaming', prefLabel: { en: 'Live streaming (live online child sexual abuse)' }, axes: { incident: ['live-streaming'], flags: ['live-streaming'], unit: 'file' }, confidence: 'V' },
    { code: 'infant', prefLabel: { en: 'Infant' }, axes: { age: { min: 0, max: 2, basis: 'developmental-stage', stage: 'infant-toddler' }, flags: ['infant'], unit: 'file' }, confidence: 'V' },
    { code: 'generativeAi', prefLabel: { en: 'Generative AI' }, axes: { realness: ['synthetic-realistic'], flags: ['generative-ai'], unit: 'file' }, confidence: 'V' },
  ],
};

/** NCMEC CyberTipline report annotations (`reportAnnotations`). */
export const ncmecReportAnnotation: Scheme = {
  id: 'ncmec-report-annotation',
  version: '2025-11',
  kind: 'annotation',
  title: { en: 'NCMEC CyberTipline report annotations' },
  description: 'Report-level qualifiers. `sadisticOnlineExploitation` is in the November 2025 XSD but missing from the December 2024 TypeScript library (schema drift).',
  publisher: 'NCMEC',
  confidence: 'V',
  sources: ['[S21] CyberTipline XSD', '[S22] Cybertipline-Tools Constants.ts'],
  unit: 'report',
  concepts: [
    { code: 'sextortion', prefLabel: { en: 'Sexual extortion ("sextortion")' }, axes: { incident: ['sextortion'], flags: ['sextortion'], unit: 'report' }, confidence: 'V' },
    { code: 'csamSolicitation', prefLabel: { en: 'Solicitation of child sexual abuse material' }, axes: { flags: ['csam-solicitation'], unit: 'report' }, confidence: 'V' },
    { code: 'minorToMinorInteraction', prefLabel: { en: 'Minor-to-minor interaction' }, axes: { flags: ['minor-to-minor'], unit: 'report' }, confidence: 'V' },
    { code: 'spam', prefLabel: { en: 'Spam' }, axes: { flags: ['spam'], unit: 'report' }, confidence: 'V' },
    { code: 'sadisticOnlineExploitation', prefLabel: { en: 'Sadistic online exploitation' }, axes: { incident: ['sadistic-online-exploitation'], flags: ['sadistic-online-exploitation'], unit: 'report' }, confidence: 'V', warnings: ['Present in the November 2025 XSD, absent from the December 2024 TypeScript library: older clients may not send it.'] },
  ],
};
