/**
 * Victim age as a range with its basis (age-grading.md §5). The shape is the model's
 * `AgeRange`: { min, max, basis, stage? } in whole years, inclusive, null when unknown.
 *
 * Conversions between numeric bands and developmental stages always give ranges and say how
 * uncertain they are. A stage never becomes a single age; a range never becomes one stage
 * unless only one stage can contain it.
 */
import { TesseraError } from '../shared/errors.ts';
import type { Confidence } from './types.ts';

export type AgeBasis = 'documented' | 'reported' | 'estimated' | 'developmental-stage';
export const AGE_BASES: readonly AgeBasis[] = ['documented', 'reported', 'estimated', 'developmental-stage'];

export interface AgeRange {
  min: number | null;
  max: number | null;
  basis: AgeBasis;
  stage?: string;
}

/** Oldest age a child can have (everything here is about under-18s). */
export const CHILD_MAX = 17;

export type Uncertainty = 'exact' | 'band' | 'wide' | 'indeterminate';

export interface AgeConversion {
  range: AgeRange;
  uncertainty: Uncertainty;
  confidence: Confidence;
  note: string;
  warnings: string[];
}

export interface Stage {
  id: string;
  label: string;
  /** Typical range; wide and sex/culture dependent. */
  min: number;
  max: number;
  confidence: Confidence;
  note: string;
}

/**
 * Developmental stages as used by NCMEC (prepubescent/pubescent), INHOPE and the ICSE study.
 * The numeric ranges are deliberately wide (our synthesis after age-grading.md §5.3,
 * "pubescent ≈ 9–17"): they bound what the stage can mean, they do not estimate an age.
 */
export const STAGES: readonly Stage[] = [
  { id: 'infant-toddler', label: 'infant or toddler', min: 0, max: 2, confidence: 'V', note: 'INHOPE statistics give "infant 0–2" [V]; the ICSE study uses "infant/toddler" without numbers.' },
  { id: 'prepubescent', label: 'prepubescent', min: 0, max: 13, confidence: 'X', note: 'No source gives numeric bounds for NCMEC "prepubescent"; INHOPE reports pre-pubescent as 3–13. Range is our wide bound.' },
  { id: 'pubescent', label: 'pubescent', min: 8, max: 17, confidence: 'X', note: 'Puberty onset varies widely; age-grading.md §5.3 gives "pubescent ≈ 9–17". Range is our wide bound (INHOPE statistics use 14–17).' },
  { id: 'post-pubescent', label: 'post-pubescent', min: 12, max: 17, confidence: 'X', note: 'Minors with adult development; apparent-age misclassification is most likely here [S].' },
];

/** Numeric band systems used by operational organisations. */
export interface BandSystem {
  id: string;
  label: string;
  bands: ReadonlyArray<{ code: string; min: number; max: number; label: string; confidence: Confidence; stage?: string }>;
  note: string;
}

export const BAND_SYSTEMS: readonly BandSystem[] = [
  {
    id: 'iwf',
    label: 'IWF age bands (youngest child visible on the URL)',
    note: 'IWF records the band of the youngest child visible anywhere on a URL: an aggregate, not a per-child age.',
    bands: [
      { code: '0-2', min: 0, max: 2, label: 'babies and toddlers', confidence: 'V' },
      { code: '3-6', min: 3, max: 6, label: 'young children', confidence: 'V' },
      { code: '7-10', min: 7, max: 10, label: '7–10', confidence: 'V' },
      { code: '11-13', min: 11, max: 13, label: '11–13', confidence: 'V' },
      { code: '14-15', min: 14, max: 15, label: '14–15', confidence: 'U' },
      { code: '16-17', min: 16, max: 17, label: '16–17', confidence: 'U' },
    ],
  },
  {
    id: 'inhope',
    label: 'INHOPE statistics age groups',
    note: 'Stage names with numeric equivalents as published in INHOPE statistics (2018).',
    bands: [
      { code: 'infant', min: 0, max: 2, label: 'infant (0–2)', confidence: 'V', stage: 'infant-toddler' },
      { code: 'pre-pubescent', min: 3, max: 13, label: 'pre-pubescent (3–13)', confidence: 'V', stage: 'prepubescent' },
      { code: 'pubescent', min: 14, max: 17, label: 'pubescent (14–17)', confidence: 'V', stage: 'pubescent' },
    ],
  },
];

/** Tanner stages I–V: a maturation measure. No source supports deriving an age from them. */
export const TANNER_STAGES = ['I', 'II', 'III', 'IV', 'V'] as const;
const TANNER_WARNING =
  'Tanner stages measure maturation, not age: no equation maps a stage to a chronological age, and rating from images adds error (Rosenbloom & Tanner, Pediatrics 1998 [V]; Oliván-Gonzalvo et al. 2021 [V]). No age range is derived.';

function bad(message: string, details: Record<string, unknown> = {}): TesseraError {
  return new TesseraError('invalid_age', message, { details });
}

/** Checks an AgeRange (the model's rules): whole years 0..25, min <= max, stage when basis is a stage. */
export function validateAgeRange(a: AgeRange): AgeRange {
  for (const k of ['min', 'max'] as const) {
    const v = a[k];
    if (v !== null && (!Number.isInteger(v) || v < 0 || v > 25)) throw bad(`Age ${k} must be a whole number of years between 0 and 25 or null, got ${String(v)}.`);
  }
  if (a.min !== null && a.max !== null && a.min > a.max) throw bad(`Age max (${a.max}) is below min (${a.min}).`);
  if (!AGE_BASES.includes(a.basis)) throw bad(`Unknown age basis "${String(a.basis)}"; use one of ${AGE_BASES.join(', ')}.`);
  if (a.basis === 'developmental-stage' && !a.stage) throw bad('A developmental-stage age needs the stage name.');
  return a;
}

/** A single known age: documented 12 is {12, 12}. */
export function ageFromYears(years: number, basis: Exclude<AgeBasis, 'developmental-stage'>): AgeRange {
  return validateAgeRange({ min: years, max: years, basis });
}

export function findStage(id: string): Stage | undefined {
  const k = id.trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/^pre-pubescent$/, 'prepubescent').replace(/^infant$/, 'infant-toddler');
  return STAGES.find((s) => s.id === k);
}

/** Developmental stage → age range: always a wide range, marked as assumed. */
export function stageToRange(stage: string): AgeConversion {
  const tm = /^tanner[\s:-]*([IV]{1,3}|[1-5])$/i.exec(stage.trim());
  if (tm) {
    const t = tm[1]!.toUpperCase();
    return {
      range: { min: null, max: null, basis: 'developmental-stage', stage: `tanner:${t}` },
      uncertainty: 'indeterminate',
      confidence: 'V',
      note: TANNER_WARNING,
      warnings: [TANNER_WARNING],
    };
  }
  const s = findStage(stage);
  if (!s) throw bad(`Unknown developmental stage "${stage}"; known stages: ${STAGES.map((x) => x.id).join(', ')}, or Tanner I–V.`, { known: STAGES.map((x) => x.id) });
  const warnings = s.confidence === 'V' ? [] : [`The ${s.min}–${s.max} range for "${s.id}" is a wide bound (${s.note}); it is assumed, not a measured age.`];
  return { range: { min: s.min, max: s.max, basis: 'developmental-stage', stage: s.id }, uncertainty: 'wide', confidence: s.confidence, note: s.note, warnings };
}

/**
 * Age range → developmental stages. Not deterministic: a 12-year-old may be pre- or
 * pubescent. Returns every stage the range can belong to; `determinate` only when one fits.
 */
export function rangeToStages(range: AgeRange): { candidates: string[]; determinate: boolean; note: string } {
  const lo = range.min ?? 0;
  const hi = range.max ?? CHILD_MAX;
  const main = STAGES.filter((s) => s.id !== 'infant-toddler');
  const candidates = main.filter((s) => s.min <= hi && s.max >= lo).map((s) => s.id);
  if (hi <= 2) candidates.unshift('infant-toddler');
  const determinate = candidates.length === 1 || (candidates.length === 2 && candidates[0] === 'infant-toddler');
  const note = determinate
    ? `Only "${candidates[candidates.length - 1]}" can contain ages ${lo}–${hi}.`
    : `Ages ${lo}–${hi} are compatible with ${candidates.join(', ')}: the stage cannot be decided from age alone.`;
  return { candidates, determinate, note };
}

export function findBandSystem(id: string): BandSystem {
  const s = BAND_SYSTEMS.find((b) => b.id === id);
  if (!s) throw bad(`Unknown age band system "${id}"; known: ${BAND_SYSTEMS.map((b) => b.id).join(', ')}.`);
  return s;
}

/** Band code → range with the band's confidence (e.g. IWF 14–15 is unverified). */
export function bandToRange(system: string, code: string): AgeConversion {
  const sys = findBandSystem(system);
  const band = sys.bands.find((b) => b.code === code.trim().toLowerCase().replace(/–/g, '-'));
  if (!band) throw bad(`Unknown ${sys.id} age band "${code}"; bands: ${sys.bands.map((b) => b.code).join(', ')}.`, { bands: sys.bands.map((b) => b.code) });
  const warnings = band.confidence === 'U' ? [`The ${sys.id} band ${band.code} is unverified in the reference notes [U].`] : [];
  return { range: { min: band.min, max: band.max, basis: 'estimated' }, uncertainty: 'band', confidence: band.confidence, note: sys.note, warnings };
}

/** Range → the bands of a system it overlaps; `exact` when it falls inside one band. */
export function rangeToBands(range: AgeRange, system: string): { bands: string[]; exact: boolean; note: string } {
  const sys = findBandSystem(system);
  const lo = range.min ?? 0;
  const hi = range.max ?? CHILD_MAX;
  const bands = sys.bands.filter((b) => b.min <= hi && b.max >= lo).map((b) => b.code);
  const exact = bands.length === 1;
  return { bands, exact, note: exact ? `Ages ${lo}–${hi} fall inside ${sys.id} band ${bands[0]}.` : `Ages ${lo}–${hi} span ${sys.id} bands ${bands.join(', ')}: the band is not decidable.` };
}

export type Tri = true | false | 'indeterminate';

/**
 * Legal threshold as a predicate over a range: is the person under `threshold` years?
 * Unknown ends count as the widest possible (0 and 25).
 */
export function isUnder(range: AgeRange, threshold: number): Tri {
  const lo = range.min ?? 0;
  const hi = range.max ?? 25;
  if (hi < threshold) return true;
  if (lo >= threshold) return false;
  return 'indeterminate';
}

/** Thresholds the model must express, with their confidence (age-grading.md §1). */
export const LEGAL_THRESHOLDS = [
  { id: 'minor', under: 18, confidence: 'V' as Confidence, note: 'Child/minor: under 18 (US, EU, Canada, England & Wales).' },
  { id: 'us-1470', under: 16, confidence: 'S' as Confidence, note: '18 U.S.C. § 1470: obscene material to a minor under 16 (secondary source).' },
  { id: 'interpol-baseline', under: 13, confidence: 'U' as Confidence, note: 'INTERPOL Baseline/IWOL: "younger than 13" in one source, "13 and under" in another — boundary unverified; evaluated as under 13, and 13 itself reported as indeterminate.' },
];

/** Evaluates a named legal threshold; the INTERPOL boundary treats age 13 as indeterminate. */
export function meetsThreshold(range: AgeRange, id: string, consentAge?: number): { result: Tri; warnings: string[] } {
  if (id === 'consent') {
    if (consentAge === undefined) throw bad('The age of sexual consent is national: pass the jurisdiction\'s consent age.');
    return { result: isUnder(range, consentAge), warnings: [] };
  }
  const t = LEGAL_THRESHOLDS.find((x) => x.id === id);
  if (!t) throw bad(`Unknown threshold "${id}"; known: ${LEGAL_THRESHOLDS.map((x) => x.id).join(', ')}, consent.`);
  const warnings = t.confidence === 'V' ? [] : [t.note];
  if (id === 'interpol-baseline') {
    const strict = isUnder(range, 13);
    const inclusive = isUnder(range, 14);
    return { result: strict === inclusive ? strict : 'indeterminate', warnings };
  }
  return { result: isUnder(range, t.under), warnings };
}

export type RangeRelation = 'exact' | 'broader' | 'narrower' | 'related' | 'none';

/**
 * Relation of a source range to a target range, named from the source: 'broader' means the
 * target is broader (the source fits inside it).
 */
export function compareRanges(source: AgeRange, target: AgeRange): RangeRelation {
  const sl = source.min ?? 0, sh = source.max ?? CHILD_MAX;
  const tl = target.min ?? 0, th = target.max ?? CHILD_MAX;
  if (sh < tl || th < sl) return 'none';
  if (sl === tl && sh === th) return 'exact';
  if (tl <= sl && sh <= th) return 'broader';
  if (sl <= tl && th <= sh) return 'narrower';
  return 'related';
}

export function formatRange(a: AgeRange): string {
  const span = a.min === null && a.max === null ? 'age unknown' : a.min === null ? `up to ${a.max}` : a.max === null ? `${a.min}+` : a.min === a.max ? `${a.min}` : `${a.min}–${a.max}`;
  return `${span} (${a.basis}${a.stage ? `: ${a.stage}` : ''})`;
}
