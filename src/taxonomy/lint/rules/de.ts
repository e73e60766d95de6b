import type { TermRule } from '../types.ts';

export const de: TermRule[] = [
  {
    id: 'de.kinderpornografie',
    lang: 'de',
    terms: ['kinderporn*', 'kinder porn*', 'kinder pornografie', 'kinder pornographie'],
    preferred: ['Darstellungen sexuellen Missbrauchs von Kindern', 'Missbrauchsdarstellungen', 'CSAM'],
    reason: '„Pornografie“ stellt ein Verbrechen an einem Kind als Variante einvernehmlicher Erwachseneninhalte dar (ECPAT Luxembourg / BEE SECURE). Gesetzestexte sind ausgenommen (§ 184b StGB, Wortlaut nicht geprüft [U]).',
    usage: 'avoid',
    confidence: 'V',
    sources: ['L43', 'L44'],
  },
  {
    id: 'de.kinderprostitution',
    lang: 'de',
    terms: ['kinderprostitu*', '{kind|kinder|minderjährige|minderjähriger} prostituierte*'],
    preferred: ['sexuelle Ausbeutung von Kindern in der Prostitution'],
    reason: 'Stigmatisiert das Kind und unterstellt eine Wahl. Nicht in den Referenznotizen belegt (Übertragung der englischen Regel) [U]: nur Warnung.',
    usage: 'avoid',
    confidence: 'U',
    sources: [],
  },
  {
    id: 'de.rachepornografie',
    lang: 'de',
    terms: ['racheporn*', 'rache porn*'],
    preferred: ['nicht einvernehmliche Verbreitung intimer Bilder'],
    reason: '„Rache“ unterstellt eine Provokation durch das Opfer, „Porno“ Einvernehmen. Nicht in den Referenznotizen belegt [U]: nur Warnung.',
    usage: 'avoid',
    confidence: 'U',
    sources: [],
  },
  {
    id: 'de.kindersextourismus',
    lang: 'de',
    terms: ['kindersextourismus', 'sextourismus mit kindern'],
    preferred: ['sexuelle Ausbeutung von Kindern im Kontext von Reisen und Tourismus'],
    reason: '„Tourismus“ verharmlost das Verbrechen als Freizeitangebot. Nicht in den Referenznotizen belegt [U]: nur Warnung.',
    usage: 'avoid',
    confidence: 'U',
    sources: [],
  },
];
