/**
 * Exemptions (terminology-guidelines.md §3.1): protocol constants, statute and treaty titles,
 * quotations and legal citations keep their wording. A hit inside one is reported as `info`
 * with the reason, never as an error, and never rewritten.
 */
import { NCMEC_INCIDENT_TYPES } from '../schemes/ncmec-incident.ts';

export interface Exemption {
  text: string;
  kind: 'protocol-constant' | 'legal-title';
  note: string;
}

export const EXEMPTIONS: readonly Exemption[] = [
  ...NCMEC_INCIDENT_TYPES.map((t) => ({ text: t, kind: 'protocol-constant' as const, note: 'NCMEC CyberTipline incidentType value' })),
  { text: 'Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography', kind: 'legal-title', note: 'UN OPSC title' },
  { text: 'on the sale of children, child prostitution and child pornography', kind: 'legal-title', note: 'UN OPSC title' },
  { text: 'combating the sexual abuse and sexual exploitation of children and child pornography', kind: 'legal-title', note: 'Directive 2011/93/EU title' },
  { text: 'Child Pornography Prevention Act', kind: 'legal-title', note: 'US statute name (1996)' },
  { text: 'kinderpornographische Inhalte', kind: 'legal-title', note: '§ 184b StGB wording (unverified [U])' },
  { text: 'kinderpornographischer Inhalte', kind: 'legal-title', note: '§ 184b StGB wording (unverified [U])' },
  { text: "concernant la vente d'enfants, la prostitution des enfants et la pornographie mettant en scène des enfants", kind: 'legal-title', note: 'French title of the UN OPSC (recalled, unverified [U])' },
  { text: 'relativo a la venta de niños, la prostitución infantil y la utilización de niños en la pornografía', kind: 'legal-title', note: 'Spanish title of the UN OPSC (recalled, unverified [U])' },
];

/** A legal citation just before a hit (statute, article, section): the term is the law's own. */
export const CITATION_BEFORE = /(§|\bU\.?\s?S\.?\s?C\.?|\b(?:art(?:icle|ículo|igo|ikel)?|sec(?:tion)?|s)\.?\s*\d|\bdirective\b|\bdirectiva\b|\bdiretiva\b|\brichtlinie\b|\bStGB\b|\bcode p[ée]nal\b|\bcriminal code\b|\bc[óo]digo penal\b|\bstrafgesetzbuch\b)[^.;\n]{0,60}$/i;

const OPEN_QUOTES = new Set(['"', "'", '“', '‘', '„', '‚', '«', '‹', '`', '»', '›', '”', '’']);
const CLOSE_QUOTES = new Set(['"', "'", '”', '’', '“', '‘', '»', '›', '`', '«', '‹']);

const isSpace = (c: string | undefined) => c === ' ' || c === '\u00a0' || c === '\u202f';

/** True when the span is directly wrapped in quotation marks (guillemets may have a space inside). */
export function isQuoted(text: string, start: number, end: number): boolean {
  if (OPEN_QUOTES.has(text[start - 1] ?? '') && CLOSE_QUOTES.has(text[end] ?? '')) return true;
  return isSpace(text[start - 1]) && isSpace(text[end]) && (text[start - 2] === '«' || text[start - 2] === '»') && (text[end + 1] === '»' || text[end + 1] === '«');
}
