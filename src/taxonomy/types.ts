/**
 * Types of the taxonomy module: schemes, concepts as bundles of axis values, crosswalk
 * results. A code is never a point on one severity line: it is a bundle of values on
 * independent axes (classification-schemes.md §10), and a translation projects that bundle
 * onto the axes the target scheme can hold.
 */
import type { AgeRange } from './age.ts';

export type Language = 'en' | 'fr' | 'es' | 'pt' | 'de';
export const LANGUAGES: readonly Language[] = ['en', 'fr', 'es', 'pt', 'de'];

/** Text per language; English is always present, other languages where a source gives them. */
export type LangMap<T = string> = { en: T } & Partial<Record<Exclude<Language, 'en'>, T>>;

/**
 * Confidence of a fact, as marked in the reference notes: V verified in a cited source,
 * S secondary source only, U unverified/recalled, NF looked for and not found, X our own
 * synthesis (the CDM's design, not a claim about a source).
 */
export type Confidence = 'V' | 'S' | 'U' | 'NF' | 'X';
export const CONFIDENCE_TEXT: Record<Confidence, string> = {
  V: 'verified in a cited source',
  S: 'secondary source only',
  U: 'unverified (recalled, not checked against the source)',
  NF: 'not found in the public sources',
  X: "Tessera's own synthesis",
};

/** What a code classifies. Codes of different kinds do not translate into each other. */
export type SchemeKind = 'content-severity' | 'legal-status' | 'legal-definition' | 'incident' | 'contact' | 'annotation' | 'cdm-axis';

/** Legal status on the legality axis (names match the model's LEGAL_STATUSES). */
export type LegalStatus = 'illegal' | 'illegal-everywhere' | 'nationally-illegal' | 'not-illegal' | 'harmful-not-illegal' | 'no-assessment';

export interface Legality {
  status: LegalStatus;
  /** ISO 3166-1 alpha-2 (or "EU") whose law the status refers to; absent for jurisdiction-relative values. */
  jurisdiction?: string;
  /** Human note on the jurisdiction (e.g. "England and Wales"). */
  note?: string;
}

/** Realness of what is depicted. */
export type Realness = 'real' | 'synthetic-realistic' | 'drawn';
export const REALNESS: readonly Realness[] = ['real', 'synthetic-realistic', 'drawn'];

/** The unit a scheme counts. */
export type Unit = 'image' | 'url' | 'domain' | 'hash' | 'file' | 'media-item' | 'material' | 'depiction' | 'report' | 'contact' | 'incident';

/**
 * A concept's values on the CDM axes. An absent axis means the scheme does not record it
 * (which is different from an empty set: "records it, and it is none of these").
 */
export interface Axes {
  /** Content atoms (see axes.ts ACT_ATOMS) the code covers for certain. */
  act?: readonly string[];
  /** Content atoms the code covers only under a condition (e.g. "if indecent in context"). */
  actConditional?: { atoms: readonly string[]; condition: string };
  /** Incident atoms (see axes.ts INCIDENT_ATOMS). */
  incident?: readonly string[];
  age?: AgeRange;
  realness?: readonly Realness[];
  legal?: Legality;
  /** Context flags (see axes.ts FLAGS). */
  flags?: readonly string[];
  unit?: Unit;
  /**
   * How the bundle relates to the concept when it was derived, not stated (imported concepts
   * that only declare a broadMatch/narrowMatch): 'subset' = the concept is narrower than the bundle.
   */
  approx?: 'subset' | 'superset';
}

/** SKOS mapping relation, named from the source towards the target. */
export type Relation = 'exact' | 'broader' | 'narrower' | 'related' | 'none';
export const RELATION_SKOS: Record<Exclude<Relation, 'none'>, string> = {
  exact: 'skos:exactMatch',
  broader: 'skos:broadMatch',
  narrower: 'skos:narrowMatch',
  related: 'skos:relatedMatch',
};

export interface Concept {
  /** The code exactly as the scheme's own system writes it (byte for byte for protocol constants). */
  code: string;
  prefLabel: LangMap;
  altLabel?: Partial<Record<Language, string[]>>;
  definition?: Partial<Record<Language, string>>;
  /** The source's own label verbatim when the display label differs (e.g. a discouraged term). */
  sourceLabel?: string;
  /** Parent code (hierarchical schemes). */
  broader?: string;
  axes: Axes;
  confidence: Confidence;
  sources?: string[];
  /** Facts about this code that are not verified: shown as warnings wherever the code is used. */
  warnings?: string[];
  /** Other spellings seen in data (older labels, a library's typo), accepted on input with a warning. */
  aliases?: Array<{ text: string; note: string }>;
  /** Explicit mappings declared by an organisation (imported schemes): "scheme:code" targets. */
  mappings?: Array<{ relation: Exclude<Relation, 'none'>; scheme: string; code: string }>;
}

export interface Scheme {
  /** Scheme id, e.g. "uk-2014"; codes are always namespaced by it. */
  id: string;
  version: string;
  kind: SchemeKind;
  title: LangMap;
  description: string;
  /** Organisation or law that owns the scheme. */
  publisher: string;
  confidence: Confidence;
  sources: string[];
  /** What the scheme counts by default. */
  unit?: Unit;
  concepts: readonly Concept[];
  warnings?: string[];
  /** true for schemes imported from an organisation (not built in). */
  imported?: boolean;
}

export interface LossNote {
  axis: string;
  note: string;
}

export interface TargetCode {
  scheme: string;
  code: string;
  relation: Exclude<Relation, 'none'>;
  label: string;
  /** Jurisdiction a legal-status code is relative to, when the result carries one. */
  jurisdiction?: string;
  /** Condition under which this candidate applies, when it is conditional. */
  condition?: string;
}

export interface Translation {
  from: { scheme: string; code: string };
  to: string;
  jurisdiction?: string;
  relation: Relation;
  codes: TargetCode[];
  /** Information the source holds that the target cannot. */
  lost: LossNote[];
  /** What the result takes for granted, or cannot know. */
  assumed: LossNote[];
  /** Unverified facts this result relies on. */
  warnings: string[];
  /** true when a person should review the result (several candidates, conditions, unverified facts). */
  review: boolean;
}
