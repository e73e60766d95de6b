/**
 * The CDM's own axes (classification-schemes.md §10): the common ground every scheme is
 * projected onto. Content is described by small "atoms" fine enough that each scheme's codes
 * are unions of atoms; a translation compares atom sets, so what collapses, splits or is
 * missing shows up by itself rather than being hand-written per pair.
 *
 * The atoms are descriptive categories (as in the sources' own definitions), never content.
 */
import type { Concept, Scheme } from './types.ts';

export interface Atom {
  id: string;
  label: string;
  group: string;
}

/** Content ("act") atoms, from least to most severe. */
export const ACT_ATOMS: readonly Atom[] = [
  { id: 'everyday', label: 'non-sexualised everyday image (concern only from collection context)', group: 'non-sexual' },
  { id: 'nudist', label: 'nakedness in a legitimate nudist setting', group: 'non-sexual' },
  { id: 'covert', label: 'covertly taken image showing underwear or nakedness', group: 'non-sexual' },
  { id: 'posing', label: 'deliberate posing suggesting sexual interest', group: 'posing' },
  { id: 'erotic-posing', label: 'deliberately sexualised or provocative posing', group: 'posing' },
  { id: 'genital-focus', label: 'posing with emphasis on the genital or anal area (lascivious exhibition)', group: 'posing' },
  { id: 'child-masturbation', label: 'masturbation by a child, no adult involved', group: 'child-only activity' },
  { id: 'child-nonpen-other', label: 'other non-penetrative sexual activity between children, no adult involved', group: 'child-only activity' },
  { id: 'child-penetrative', label: 'penetrative sexual activity (incl. oral) between children, no adult involved', group: 'child-only activity' },
  { id: 'adult-masturbation', label: 'masturbation involving an adult', group: 'adult-involved activity' },
  { id: 'adult-nonpen-touching', label: 'non-penetrative sexual touching involving an adult', group: 'adult-involved activity' },
  { id: 'adult-penetrative', label: 'penetrative sexual activity (incl. oral) involving an adult', group: 'adult-involved activity' },
  { id: 'sadism', label: 'sadistic or masochistic abuse (bound, beaten, in pain)', group: 'aggravated' },
  { id: 'bestiality', label: 'sexual activity involving an animal', group: 'aggravated' },
];

export const ACT = Object.fromEntries(ACT_ATOMS.map((a) => [a.id, a.id])) as Record<string, string>;

/** Groups used by several schemes. */
export const POSING = ['posing', 'erotic-posing', 'genital-focus'] as const;
export const CHILD_ONLY = ['child-masturbation', 'child-nonpen-other', 'child-penetrative'] as const;
export const ADULT = ['adult-masturbation', 'adult-nonpen-touching', 'adult-penetrative'] as const;
export const SEXUAL_ACTIVITY = [...CHILD_ONLY, ...ADULT, 'sadism', 'bestiality'] as const;
export const PENETRATIVE = ['child-penetrative', 'adult-penetrative'] as const;
export const NON_PENETRATIVE = ['child-masturbation', 'child-nonpen-other', 'adult-masturbation', 'adult-nonpen-touching'] as const;
/** 18 U.S.C. § 2256(2)(A)(i)–(iv): intercourse, bestiality, masturbation, sadistic/masochistic abuse. */
export const SEX_ACT_2256 = ['child-penetrative', 'adult-penetrative', 'bestiality', 'child-masturbation', 'adult-masturbation', 'sadism'] as const;
/** Every content atom that is sexual (posing and above). */
export const SEXUAL_CONTENT = [...POSING, ...SEXUAL_ACTIVITY] as const;

/** Incident atoms: the Luxembourg Guidelines concepts (incident-taxonomies.md §5) plus CDM splits. */
export const INCIDENT_ATOMS: readonly Atom[] = [
  { id: 'contact-abuse', label: 'child sexual abuse (contact or non-contact, offline)', group: 'abuse' },
  { id: 'csam-possession', label: 'possession of or access to child sexual abuse material', group: 'material' },
  { id: 'csam-production', label: 'production of child sexual abuse material', group: 'material' },
  { id: 'csam-distribution', label: 'distribution or offering of child sexual abuse material', group: 'material' },
  { id: 'prostitution', label: 'sexual exploitation of children in prostitution', group: 'exploitation' },
  { id: 'travel-tourism', label: 'sexual exploitation of children in the context of travel and tourism', group: 'exploitation' },
  { id: 'trafficking', label: 'sale or trafficking of children for sexual purposes', group: 'exploitation' },
  { id: 'grooming', label: 'solicitation of children for sexual purposes ("grooming")', group: 'online' },
  { id: 'sextortion', label: 'sexual extortion of children', group: 'online' },
  { id: 'live-streaming', label: 'live online child sexual abuse', group: 'online' },
  { id: 'self-generated', label: '"self-generated" sexual content', group: 'online' },
  { id: 'exposure', label: 'exposure of a child to sexual content / unsolicited material', group: 'online' },
  { id: 'misleading-domain', label: 'misleading domain name', group: 'deception' },
  { id: 'misleading-content', label: 'misleading words or digital images on the internet', group: 'deception' },
  { id: 'ncii', label: 'non-consensual sharing of intimate images', group: 'online' },
  { id: 'harmful-sexual-behaviour', label: 'harmful sexual behaviour displayed by a child (minor-to-minor)', group: 'abuse' },
  { id: 'sadistic-online-exploitation', label: 'sadistic online exploitation', group: 'online' },
];

export const CSAM_ACTS = ['csam-possession', 'csam-production', 'csam-distribution'] as const;
export const ALL_INCIDENTS = INCIDENT_ATOMS.map((a) => a.id);

/** Context flags (file and report annotations, IWF's "self-generated", COPINE's collection context). */
export const FLAGS: Readonly<Record<string, string>> = {
  'collection-context': 'concern arises from the collection the image is found in',
  'self-generated': '"self-generated" (first-person) imagery',
  'live-streaming': 'live-streamed',
  'generative-ai': 'made with generative AI',
  'drawn': 'anime, drawing, virtual or hentai',
  'infant': 'an infant is depicted',
  'physical-harm': 'physical harm',
  'violence-gore': 'violence or gore',
  'meme': 'potential meme',
  'viral': 'viral',
  'bestiality': 'bestiality',
  'sextortion': 'sextortion',
  'csam-solicitation': 'solicitation of CSAM',
  'minor-to-minor': 'interaction between minors',
  'spam': 'spam',
  'sadistic-online-exploitation': 'sadistic online exploitation',
};

export function atomLabel(id: string): string {
  return ACT_ATOMS.find((a) => a.id === id)?.label ?? INCIDENT_ATOMS.find((a) => a.id === id)?.label ?? id;
}

/** The CDM's own axes published as a scheme, so any code can be translated into them. */
export function cdmScheme(): Scheme {
  const act: Concept[] = ACT_ATOMS.map((a) => ({
    code: `act.${a.id}`,
    prefLabel: { en: a.label },
    definition: { en: `Content atom (${a.group}).` },
    broader: 'act',
    axes: { act: [a.id] },
    confidence: 'X',
  }));
  const incident: Concept[] = INCIDENT_ATOMS.map((a) => ({
    code: `incident.${a.id}`,
    prefLabel: { en: a.label },
    definition: { en: `Incident atom (${a.group}).` },
    broader: 'incident',
    axes: { incident: [a.id] },
    confidence: 'X',
  }));
  return {
    id: 'cdm',
    version: '1.0.0',
    kind: 'cdm-axis',
    title: { en: 'Tessera CDM axes', fr: 'Axes du modèle commun Tessera', es: 'Ejes del modelo común Tessera', pt: 'Eixos do modelo comum Tessera', de: 'Achsen des gemeinsamen Tessera-Datenmodells' },
    description:
      "The Common Data Model's own axes: content atoms and incident atoms. Age (range + basis), realness, legal status with jurisdiction, context flags and unit are structured fields, not codes.",
    publisher: 'Tessera',
    confidence: 'X',
    sources: ['classification-schemes.md §10', 'incident-taxonomies.md §5, §8'],
    concepts: [
      { code: 'act', prefLabel: { en: 'Content (act/severity) atoms' }, axes: { act: ACT_ATOMS.map((a) => a.id) }, confidence: 'X' },
      ...act,
      { code: 'incident', prefLabel: { en: 'Incident atoms' }, axes: { incident: ALL_INCIDENTS }, confidence: 'X' },
      ...incident,
    ],
  };
}
