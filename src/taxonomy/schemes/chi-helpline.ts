import type { Concept, Scheme } from '../types.ts';

/**
 * Child helpline contact categories after the CHI data framework, as published in the open
 * Aselo "Childline" demo form (incident-taxonomies.md §2.1). The official CHI glossary was not
 * retrievable [NF]. Labels are the source's own; codes are "category/subcategory" slugs.
 */
const TREE: ReadonlyArray<[string, string[]]> = [
  ['Missing children', ['Child abduction', 'Lost, unaccounted for or otherwise missing child', 'Runaway', 'Unspecified/Other']],
  ['Violence', ['Bullying', 'Child/Early/Forced marriage', 'Child labour', 'Cyberbullying', 'Female Genital Mutilation (FGM)', 'Neglect (or negligent treatment)', 'Online child sexual abuse and exploitation', 'Other harmful traditional practices', 'Physical violence', 'Psychological / Emotional violence', 'Sexual violence', 'Unspecified/Other']],
  ['Mental Health', ['Addictive behaviours and substance use', 'Behavioural problems', 'Concerns about the self', 'Emotional distress – anger', 'Emotional distress – fear and anxiety', 'Emotional distress – mood problems', 'Neurodevelopmental concerns', 'Problems with eating behaviour', 'Self-harming behaviour', 'Suicidal thoughts and suicide attempts', 'Traumatic distress', 'Unspecified/Other']],
  ['Physical Health', ['COVID-19', 'General medical concerns', 'HIV/AIDS information', 'Nutrition', 'Pregnancy and maternal care', 'Sexual and reproductive health', 'Unspecified/Other']],
  ['Access to Services', ['Education', 'Essential needs', 'General healthcare', 'Legal services and advice', 'Mental health services', 'Sexual health services', 'Socio-economical services', 'Unspecified/Other']],
  ['Discrimination and Exclusion', ['Ethnicity/nationality', 'Financial situation', 'Gender', 'Gender identity or expression and sexual orientation', 'Health', 'Philosophical or religious beliefs', 'Unspecified/Other']],
  ['Family Relationships', ['Adoption, fostering, extended family placement', 'Family health and wellbeing', 'General family issues', 'Relationship to caregiver', 'Relationship with sibling(s)', 'Unspecified/Other']],
  ['Peer Relationships', ['Classmates/colleagues', 'Friends and friendships', 'Partner relationships', 'Unspecified/Other']],
  ['Education and Occupation', ['Academic issues', 'Problems at work', 'Teacher and school problems', 'Unspecified/Other']],
  ['Sexuality', ['Sexual behaviours', 'Sexual orientation and gender identity', 'Unspecified/Other']],
];

/** Incident atoms of the subcategories that fall in the CSEA scope; every other one records "none of these". */
const ATOMS: Record<string, string[]> = {
  'Violence/Online child sexual abuse and exploitation': ['csam-possession', 'csam-production', 'csam-distribution', 'grooming', 'sextortion', 'live-streaming', 'self-generated', 'exposure', 'ncii', 'sadistic-online-exploitation'],
  'Violence/Sexual violence': ['contact-abuse'],
};

export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function build(): Concept[] {
  const out: Concept[] = [];
  for (const [cat, subs] of TREE) {
    const catCode = slug(cat);
    const children: Concept[] = subs.map((sub) => ({
      code: `${catCode}/${slug(sub)}`,
      prefLabel: { en: sub },
      broader: catCode,
      axes: { incident: ATOMS[`${cat}/${sub}`] ?? [], unit: 'contact' },
      confidence: 'V',
    }));
    const union = [...new Set(children.flatMap((c) => c.axes.incident ?? []))];
    out.push({ code: catCode, prefLabel: { en: cat }, axes: { incident: union, unit: 'contact' }, confidence: 'V' }, ...children);
  }
  return out;
}

export const chiHelpline: Scheme = {
  id: 'chi-helpline',
  version: 'aselo-v1',
  kind: 'contact',
  title: { en: 'Child helpline contact categories (CHI data framework, Aselo form)' },
  description:
    'Issue categories for contacts to child helplines, from the open-source Aselo platform (Tech Matters), whose generic form states it follows the current CHI data frameworks. Categories describe the child\'s experience, not the reported conduct: only "Online child sexual abuse and exploitation" and "Sexual violence" fall in the CSEA scope of the other schemes.',
  publisher: 'Child Helpline International (via Aselo / Tech Matters)',
  confidence: 'V',
  sources: ['[T14] techmatters/flex-plugins as/v1 README', '[T15] IssueCategorizationTab.json form definitions'],
  warnings: ['The official CHI data framework was not retrievable [NF]; these categories come from the Aselo demo form that states it follows it.'],
  unit: 'contact',
  concepts: build(),
};
