/**
 * Crosswalk engine. A code is a bundle of axis values; translating it projects the bundle
 * onto the target scheme's codes, axis by axis, and reports the SKOS relation, what the
 * target cannot hold (lost) and what it takes for granted or cannot know (assumed).
 *
 * Rules that keep it honest (issue 3, classification-schemes.md §4, §5, §8):
 * - never narrows silently: when the source spans several target codes, all are returned
 *   with relation "narrower" and a review flag; a stage never becomes one age;
 * - "nationally illegal" needs the jurisdiction whose law was applied, or it translates to
 *   nothing that is illegal;
 * - harmful-abusive (and any non-criminal value) never maps to an illegal value, and illegal
 *   values never map to a non-criminal one;
 * - "no known match" carries no classification.
 *
 * Speed: every result is computed once and kept in a table keyed by
 * scheme + code + target + jurisdiction (`precompute()` fills it for the built-ins), so a
 * translation on the ingest path is one Map lookup.
 */
import { TesseraError, type Problem } from '../shared/errors.ts';
import { CHILD_MAX, compareRanges, formatRange, type AgeRange } from './age.ts';
import { atomLabel, FLAGS } from './axes.ts';
import { registry as defaultRegistry, type TaxonomyRegistry } from './registry.ts';
import type { Axes, Concept, Legality, LossNote, Relation, Scheme, TargetCode, Translation } from './types.ts';

export interface TranslateOptions {
  /** ISO 3166-1 alpha-2 code (or EU) of the law a jurisdiction-relative value refers to. */
  jurisdiction?: string;
}

type Rel = Relation;
const RANK: Record<Rel, number> = { exact: 0, broader: 1, narrower: 2, related: 3, none: 4 };
const CHILD: AgeRange = { min: 0, max: CHILD_MAX, basis: 'estimated' };

export const EU_MEMBERS = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE']);

/** Meet of two axis relations: exact is neutral, disagreement becomes related, none wins. */
export function combine(a: Rel, b: Rel): Rel {
  if (a === 'none' || b === 'none') return 'none';
  if (a === 'exact') return b;
  if (b === 'exact') return a;
  return a === b ? a : 'related';
}

/** Relation of A→C from A→B then B→C. */
export function compose(first: Rel, second: Rel): Rel {
  return combine(first, second);
}

export function inverse(r: Rel): Rel {
  return r === 'broader' ? 'narrower' : r === 'narrower' ? 'broader' : r;
}

/** Relation of source set to target set, named from the source ('broader' = target broader). */
export function setRelation(s: readonly string[], t: readonly string[]): Rel {
  if (s.length === 0 || t.length === 0) return 'none';
  const T = new Set(t);
  const S = new Set(s);
  let inter = 0;
  for (const x of S) if (T.has(x)) inter++;
  if (inter === 0) return 'none';
  if (inter === S.size && inter === T.size) return 'exact';
  if (inter === S.size) return 'broader';
  if (inter === T.size) return 'narrower';
  return 'related';
}

const labels = (atoms: readonly string[]) => atoms.map(atomLabel).join('; ');
const ref = (s: Scheme, c: Concept) => `${s.id}:${c.code}`;
const isIllegal = (l: Legality) => l.status === 'illegal' || l.status === 'illegal-everywhere' || l.status === 'nationally-illegal';
const isNonCriminal = (l: Legality) => l.status === 'not-illegal' || l.status === 'harmful-not-illegal';

function lawOf(l: Legality): string {
  if (l.status === 'illegal-everywhere') return 'illegal in any country (INTERPOL Baseline)';
  if (l.status === 'nationally-illegal') return 'illegal under the law of the assessing country';
  if (l.status === 'illegal') return l.jurisdiction ? `illegal under ${l.jurisdiction} law` : `illegal (${l.note ?? 'jurisdiction not stated'})`;
  if (l.status === 'not-illegal') return 'not illegal for the assessing country';
  if (l.status === 'harmful-not-illegal') return 'harmful but not criminal';
  return 'no assessment';
}

interface Candidate {
  concept: Concept;
  index: number;
  rel: Exclude<Rel, 'none'>;
  condition?: string;
  jurisdiction?: string;
  lost?: LossNote[];
  assumed?: LossNote[];
}

interface Ctx {
  s: Scheme;
  sc: Concept;
  t: Scheme;
  jurisdiction?: string;
  lost: LossNote[];
  assumed: LossNote[];
  drops: LossNote[];
  needsJurisdiction: boolean;
}

function note(list: LossNote[], axis: string, text: string): void {
  if (!list.some((n) => n.axis === axis && n.note === text)) list.push({ axis, note: text });
}

/** Legal-axis relation of one candidate; 'none' drops it (with the reason in ctx.drops). */
function legalRelation(ctx: Ctx, sl: Legality | undefined, tl: Legality | undefined, tc: Concept): { rel: Rel; jurisdiction?: string } {
  const tref = ref(ctx.t, tc);
  if (!sl && !tl) return { rel: 'exact' };
  if (sl?.status === 'no-assessment') {
    note(ctx.drops, 'legal', `${ref(ctx.s, ctx.sc)} says only that nothing matched: it carries no classification to translate.`);
    return { rel: 'none' };
  }
  if (tl?.status === 'no-assessment') {
    note(ctx.drops, 'legal', `${tref} is a look-up result, not a classification: nothing translates into it.`);
    return { rel: 'none' };
  }
  if (!sl && tl) {
    if (isIllegal(tl)) note(ctx.assumed, 'legal', `${ctx.s.id} records no legal status; ${ctx.t.id} codes mean "${lawOf(tl)}" — that must hold for the item.`);
    return { rel: 'exact' };
  }
  if (sl && !tl) {
    note(ctx.lost, 'legal', `"${lawOf(sl)}" is not recorded by ${ctx.t.id}.`);
    return { rel: 'exact' };
  }
  const s = sl as Legality;
  const t = tl as Legality;
  if (isNonCriminal(s) && isIllegal(t)) {
    note(ctx.drops, 'legal', `${ref(ctx.s, ctx.sc)} is ${lawOf(s)}: it is never mapped to an illegal value such as ${tref}.`);
    return { rel: 'none' };
  }
  if (isIllegal(s) && isNonCriminal(t)) {
    note(ctx.drops, 'legal', `${ref(ctx.s, ctx.sc)} is ${lawOf(s)}: it is never mapped to a non-criminal value such as ${tref}.`);
    return { rel: 'none' };
  }
  if (isNonCriminal(s) && isNonCriminal(t)) {
    if (s.status === t.status) return { rel: 'exact' };
    note(ctx.assumed, 'legal', `"${s.status}" and "${t.status}" are different judgements (harm vs legality in one country); the match is approximate.`);
    return { rel: 'related' };
  }
  // both illegal-ish
  const J = ctx.jurisdiction;
  if (s.status === 'nationally-illegal') {
    if (!J) {
      ctx.needsJurisdiction = true;
      note(ctx.drops, 'legal', `"nationally illegal" is relative to the assessing country's law: give the jurisdiction (e.g. --jurisdiction FR) to translate it into ${ctx.t.id}.`);
      return { rel: 'none' };
    }
    if (t.status === 'illegal-everywhere') {
      note(ctx.drops, 'legal', `nationally illegal items are by definition not Baseline (the ICCAM values exclude each other).`);
      return { rel: 'none' };
    }
    if (t.status === 'nationally-illegal') return { rel: 'exact', jurisdiction: J };
    if (t.jurisdiction === J) return { rel: 'exact' };
    if (t.jurisdiction === 'EU' && EU_MEMBERS.has(J)) {
      note(ctx.assumed, 'legal', `illegal in ${J}; ${ctx.t.id} states the EU minimum, and national law may reach further.`);
      return { rel: 'related' };
    }
    note(ctx.assumed, 'legal', `illegal in ${J}; ${ctx.t.id} is defined by ${t.jurisdiction ? t.jurisdiction + ' law' : 'another legal standard'}: legality there must be assessed.`);
    return { rel: 'related' };
  }
  if (t.status === 'nationally-illegal') {
    if (s.status === 'illegal-everywhere') {
      note(ctx.drops, 'legal', `Baseline items are recorded as "baseline", not "nationally illegal" (the ICCAM values exclude each other).`);
      return { rel: 'none' };
    }
    const target = J ?? (s.jurisdiction === 'EU' ? undefined : s.jurisdiction);
    if (!target) {
      ctx.needsJurisdiction = true;
      note(ctx.drops, 'legal', s.jurisdiction === 'EU' ? `${tref} is national: give the Member State whose law applies (--jurisdiction FR, DE, …); the EU directive sets minimum rules only.` : `${tref} needs the jurisdiction whose law applies, and ${ref(ctx.s, ctx.sc)} does not state one: give --jurisdiction.`);
      return { rel: 'none' };
    }
    if (!J) note(ctx.assumed, 'jurisdiction', `jurisdiction ${target} taken from the law ${ctx.s.id} is defined by.`);
    if (s.jurisdiction && s.jurisdiction !== target && !(s.jurisdiction === 'EU' && EU_MEMBERS.has(target))) {
      note(ctx.drops, 'legal', `${ref(ctx.s, ctx.sc)} is ${lawOf(s)}; that does not establish illegality in ${target}.`);
      return { rel: 'none' };
    }
    if (!s.jurisdiction) note(ctx.assumed, 'legal', `${ref(ctx.s, ctx.sc)} does not state its legal standard; "nationally illegal" in ${target} must be confirmed.`);
    return { rel: s.jurisdiction ? 'broader' : 'related', jurisdiction: target };
  }
  if (s.status === 'illegal-everywhere' && t.status === 'illegal-everywhere') return { rel: 'exact' };
  if (s.status === 'illegal-everywhere') return { rel: 'broader' };
  if (t.status === 'illegal-everywhere') {
    note(ctx.assumed, 'legal', `${tref} additionally requires the INTERPOL criteria (real child, under 13, severe) to be verified by specialists.`);
    return { rel: 'narrower' };
  }
  if (s.jurisdiction && t.jurisdiction && s.jurisdiction === t.jurisdiction) return { rel: 'exact' };
  note(ctx.assumed, 'legal', `${lawOf(s)} vs ${lawOf(t)}: the legal definitions differ; the target must be assessed under its own law.`);
  return { rel: 'related' };
}

/** Relation of one target concept to the source, axis by axis; 'none' drops it. */
function evaluate(ctx: Ctx, sa: Axes, tc: Concept): { rel: Rel; condition?: string; jurisdiction?: string } {
  const ta = tc.axes;
  // What the two codes are about must meet: content with content, incident with incident;
  // the legal axis alone links them only when one side is a pure legal-status value.
  const sContent = sa.act !== undefined || sa.incident !== undefined;
  const tContent = ta.act !== undefined || ta.actConditional !== undefined || ta.incident !== undefined;
  const incidentOnly = (a: Axes) => a.incident !== undefined && a.act === undefined;
  const shared = (sa.act && (ta.act || ta.actConditional)) || (sa.incident && ta.incident) || (!(sContent && tContent) && !incidentOnly(sa) && !incidentOnly(ta) && sa.legal && ta.legal);
  if (!shared) {
    note(ctx.drops, 'axes', `${ctx.s.id} and ${ctx.t.id} classify different things (${describeAxes(sa)} vs ${describeAxes(ta)}).`);
    return { rel: 'none' };
  }
  let rel: Rel = 'exact';
  let condition: string | undefined;
  // content
  if (sa.act && (ta.act || ta.actConditional)) {
    let r = setRelation(sa.act, ta.act ?? []);
    if (r === 'none' && ta.actConditional && setRelation(sa.act, ta.actConditional.atoms) !== 'none') {
      r = 'related';
      condition = ta.actConditional.condition;
    }
    if (r === 'none') {
      note(ctx.drops, 'act', `no ${ctx.t.id} code covers ${labels(sa.act)}.`);
      return { rel: 'none' };
    }
    rel = combine(rel, r);
  } else if (sa.act && !ta.act) {
    note(ctx.lost, 'act', `${ctx.t.id} does not record the content (${labels(sa.act)}).`);
    rel = combine(rel, 'broader');
  } else if (!sa.act && ta.act) {
    note(ctx.assumed, 'act', `${ctx.s.id} does not record the content; every ${ctx.t.id} code compatible with the other axes is a candidate.`);
    rel = combine(rel, 'narrower');
  }
  // incident
  if (sa.incident && ta.incident) {
    const r = setRelation(sa.incident, ta.incident);
    if (r === 'none') {
      if (sa.incident.length === 0) note(ctx.drops, 'incident', `${ref(ctx.s, ctx.sc)} is outside the child sexual exploitation and abuse scope that ${ctx.t.id} covers.`);
      else note(ctx.drops, 'incident', `no ${ctx.t.id} code covers ${labels(sa.incident)}.`);
      return { rel: 'none' };
    }
    rel = combine(rel, r);
  } else if (sa.incident && sa.incident.length && !ta.incident) {
    note(ctx.lost, 'incident', `${ctx.t.id} does not record the incident type (${labels(sa.incident)}).`);
  }
  if (rel === 'none') return { rel };
  // age
  {
    const sAge = sa.age ?? CHILD;
    const tAge = ta.age ?? CHILD;
    const r = compareRanges(sAge, tAge);
    if (r === 'none') {
      note(ctx.drops, 'age', `age ${formatRange(sAge)} cannot fall in ${ref(ctx.t, tc)} (${formatRange(tAge)}).`);
      return { rel: 'none' };
    }
    if (sa.age && r === 'broader') note(ctx.lost, 'age', `age ${formatRange(sa.age)} is wider in ${ctx.t.id} (${formatRange(tAge)}).`);
    if (ta.age && (r === 'narrower' || r === 'related')) {
      note(ctx.assumed, 'age', `${ref(ctx.t, tc)} requires age ${formatRange(ta.age)}; ${ctx.s.id} gives ${sa.age ? formatRange(sa.age) : 'no age beyond "a child"'}: the age must be assessed, it is not derived.`);
    }
    if ((sa.age?.basis === 'developmental-stage' || ta.age?.basis === 'developmental-stage')) {
      note(ctx.assumed, 'age', 'developmental stages are compared through wide assumed ranges, never through a single age.');
    }
    rel = combine(rel, r);
  }
  // realness
  if (sa.realness && ta.realness) {
    const r = setRelation(sa.realness, ta.realness);
    if (r === 'none') {
      note(ctx.drops, 'realness', `${ref(ctx.s, ctx.sc)} (${sa.realness.join(', ')}) cannot be ${ref(ctx.t, tc)} (${ta.realness.join(', ')}).`);
      return { rel: 'none' };
    }
    if (r === 'narrower' || r === 'related') note(ctx.assumed, 'realness', `${ctx.t.id} covers only ${ta.realness.join(', ')} depictions; ${ctx.s.id} also covers ${sa.realness.filter((x) => !ta.realness?.includes(x)).join(', ')}.`);
    if (r === 'broader') note(ctx.lost, 'realness', `${ctx.s.id} says ${sa.realness.join(', ')}; ${ctx.t.id} does not distinguish it from ${ta.realness.filter((x) => !sa.realness?.includes(x)).join(', ')}.`);
    rel = combine(rel, r);
  } else if (ta.realness && ta.realness.length < 3) {
    note(ctx.assumed, 'realness', `${ctx.t.id} covers only ${ta.realness.join(', ')} depictions; ${ctx.s.id} does not record realness.`);
  } else if (sa.realness && !ta.realness) {
    note(ctx.lost, 'realness', `"${sa.realness.join(' or ')}" is not recorded by ${ctx.t.id}.`);
  }
  // legal status
  const lr = legalRelation(ctx, sa.legal, ta.legal, tc);
  if (lr.rel === 'none') return { rel: 'none' };
  rel = combine(rel, lr.rel);
  const out: { rel: Rel; condition?: string; jurisdiction?: string } = { rel };
  if (condition) out.condition = condition;
  if (lr.jurisdiction) out.jurisdiction = lr.jurisdiction;
  return out;
}

function describeAxes(a: Axes): string {
  const parts: string[] = [];
  if (a.act) parts.push('content');
  if (a.incident) parts.push('incident type');
  if (a.legal) parts.push('legal status');
  if (a.age && !parts.length) parts.push('age only');
  if (a.realness && !parts.length) parts.push('realness only');
  if (a.flags && !parts.length) parts.push('a flag');
  return parts.join(' + ') || 'nothing comparable';
}

/** Keeps the most useful level of a hierarchy when a parent and its children both match. */
function prune(cands: Candidate[], t: Scheme): Candidate[] {
  const byCode = new Map(cands.map((c) => [c.concept.code, c]));
  const drop = new Set<string>();
  for (const c of cands) {
    let p = c.concept.broader;
    while (p !== undefined) {
      const parent = byCode.get(p);
      if (parent) {
        // a parent that fits inside the source covers its children; otherwise the child is the better answer
        if (parent.rel === 'exact' || parent.rel === 'narrower') drop.add(c.concept.code);
        else drop.add(parent.concept.code);
      }
      p = t.concepts.find((x) => x.code === p)?.broader;
    }
  }
  return cands.filter((c) => !drop.has(c.concept.code));
}

export class Crosswalk {
  /** scheme → code → target → jurisdiction ('' for none) → result; nested so no key string is built per call. */
  private readonly table = new Map<string, Map<string, Map<string, Map<string, Translation>>>>();
  private count = 0;
  private rev = -1;

  constructor(private readonly reg: TaxonomyRegistry = defaultRegistry()) {}

  get registry(): TaxonomyRegistry {
    return this.reg;
  }

  /**
   * Translates one code. Throws `unknown_scheme` / `unknown_code` (with the closest valid
   * values) and `invalid_jurisdiction`; everything else is in the result.
   */
  translate(scheme: string, code: string, target: string, opts: TranslateOptions = {}): Translation {
    if (this.rev !== this.reg.revision) {
      this.table.clear();
      this.count = 0;
      this.rev = this.reg.revision;
    }
    const j = opts.jurisdiction ?? '';
    const hit = this.table.get(scheme)?.get(code)?.get(target)?.get(j);
    if (hit) return hit;
    const result = this.compute(scheme, code, target, normaliseJurisdiction(j));
    let byCode = this.table.get(scheme);
    if (!byCode) this.table.set(scheme, (byCode = new Map()));
    let byTarget = byCode.get(code);
    if (!byTarget) byCode.set(code, (byTarget = new Map()));
    let byJur = byTarget.get(target);
    if (!byJur) byTarget.set(target, (byJur = new Map()));
    byJur.set(j, result);
    this.count++;
    return result;
  }

  /** Batch translation for ingest: errors are values, one per failed item, never a throw. */
  translateBatch(items: ReadonlyArray<{ scheme: string; code: string }>, target: string, opts: TranslateOptions = {}): Array<Translation | { error: Problem }> {
    const out = new Array<Translation | { error: Problem }>(items.length);
    for (let i = 0; i < items.length; i++) {
      const it = items[i] as { scheme: string; code: string };
      try {
        out[i] = this.translate(it.scheme, it.code, target, opts);
      } catch (e) {
        if (e instanceof TesseraError) out[i] = { error: { ...e.toProblem(), where: { path: `[${i}]` } } };
        else throw e;
      }
    }
    return out;
  }

  /** Fills the translation table for every built-in code, target and the given jurisdictions. */
  precompute(jurisdictions: ReadonlyArray<string | undefined> = [undefined, 'GB', 'US', 'CA', 'EU', 'FR', 'DE']): number {
    let n = 0;
    const schemes = this.reg.list();
    for (const s of schemes)
      for (const c of s.concepts)
        for (const t of schemes)
          for (const j of jurisdictions) {
            this.translate(s.id, c.code, t.id, j === undefined ? {} : { jurisdiction: j });
            n++;
          }
    return n;
  }

  get size(): number {
    return this.count;
  }

  private compute(schemeId: string, code: string, targetId: string, jurisdiction: { code?: string; note?: string }): Translation {
    const resolved = this.reg.resolve(schemeId, code);
    const t = this.reg.get(targetId);
    const s = resolved.scheme;
    const sc = resolved.concept;
    const ctx: Ctx = { s, sc, t, lost: [], assumed: [], drops: [], needsJurisdiction: false };
    if (jurisdiction.code) ctx.jurisdiction = jurisdiction.code;
    if (resolved.note) note(ctx.assumed, 'input', resolved.note);
    if (jurisdiction.note) note(ctx.assumed, 'jurisdiction', jurisdiction.note);
    const warnings = new Set<string>([...(s.warnings ?? []), ...(sc.warnings ?? [])]);

    let cands: Candidate[] = [];
    let declared = false;
    if (s.id === t.id) {
      cands = [{ concept: sc, index: t.concepts.indexOf(sc), rel: 'exact' }];
    } else {
      // 1. mappings an organisation declared (either direction) win over derived ones
      for (const m of sc.mappings ?? []) {
        if (m.scheme !== t.id) continue;
        const tc = t.concepts.find((x) => x.code === m.code);
        if (tc) cands.push({ concept: tc, index: t.concepts.indexOf(tc), rel: m.relation });
      }
      t.concepts.forEach((tc, index) => {
        for (const m of tc.mappings ?? []) if (m.scheme === s.id && m.code === sc.code) cands.push({ concept: tc, index, rel: inverse(m.relation) as Candidate['rel'] });
      });
      if (cands.length) {
        declared = true;
        note(ctx.assumed, 'mapping', `declared by the ${s.imported ? s.id : t.id} crosswalk, not derived from the axes.`);
      } else {
        // 2. projection on the axes
        t.concepts.forEach((tc, index) => {
          // notes of a candidate count only if it survives
          const local: Ctx = { ...ctx, lost: [], assumed: [], needsJurisdiction: false };
          const r = evaluate(local, sc.axes, tc);
          if (local.needsJurisdiction) ctx.needsJurisdiction = true;
          let rel = r.rel;
          if (rel === 'none') return;
          if (sc.axes.approx === 'subset') rel = compose('broader', rel);
          if (sc.axes.approx === 'superset') rel = compose('narrower', rel);
          if (tc.axes.approx === 'subset') rel = compose(rel, 'narrower');
          if (tc.axes.approx === 'superset') rel = compose(rel, 'broader');
          const c: Candidate = { concept: tc, index, rel: rel as Candidate['rel'], lost: local.lost, assumed: local.assumed };
          if (r.condition) c.condition = r.condition;
          if (r.jurisdiction) c.jurisdiction = r.jurisdiction;
          cands.push(c);
        });
        cands = prune(cands, t);
        for (const c of cands) {
          for (const n of c.lost ?? []) note(ctx.lost, n.axis, n.note);
          for (const n of c.assumed ?? []) note(ctx.assumed, n.axis, n.note);
        }
      }
    }
    cands.sort((a, b) => RANK[a.rel] - RANK[b.rel] || a.index - b.index);

    let relation: Rel;
    if (cands.length === 0) relation = 'none';
    else if (cands.length === 1) relation = (cands[0] as Candidate).rel;
    else {
      const first = (cands[0] as Candidate).rel;
      relation = cands.every((c) => c.rel === first) ? first : cands.every((c) => c.rel === 'narrower' || c.rel === 'exact') ? 'narrower' : 'related';
    }

    if (!declared && s.id !== t.id) this.explain(ctx, cands, relation);
    if (relation === 'none') for (const d of ctx.drops) note(ctx.lost, d.axis, d.note);
    else for (const d of ctx.drops) if (d.axis === 'legal') note(ctx.assumed, d.axis, d.note);
    for (const c of cands) for (const w of c.concept.warnings ?? []) warnings.add(w);
    if (cands.length) for (const w of t.warnings ?? []) warnings.add(w);
    // protocol: unit
    const su = sc.axes.unit ?? s.unit;
    const tu = cands[0]?.concept.axes.unit ?? t.unit;
    if (cands.length && su && tu && su !== tu) note(ctx.assumed, 'unit', `${s.id} counts per ${su}, ${t.id} per ${tu}: counts are not comparable without the aggregation rule.`);

    const codes: TargetCode[] = cands.map((c) => {
      const out: TargetCode = { scheme: t.id, code: c.concept.code, relation: c.rel, label: c.concept.prefLabel.en };
      if (c.jurisdiction) out.jurisdiction = c.jurisdiction;
      if (c.condition) out.condition = c.condition;
      return out;
    });
    const result: Translation = {
      from: { scheme: s.id, code: sc.code },
      to: t.id,
      relation,
      codes,
      lost: ctx.lost,
      assumed: ctx.assumed,
      warnings: [...warnings],
      review: codes.length > 1 || relation === 'related' || codes.some((c) => c.condition) || (relation !== 'exact' && relation !== 'none' && warnings.size > 0),
    };
    if (ctx.jurisdiction) result.jurisdiction = ctx.jurisdiction;
    if (relation === 'none' && ctx.needsJurisdiction) result.review = true;
    return deepFreeze(result);
  }

  /** Adds the content-axis explanation: what collapses, what splits, what has no code. */
  private explain(ctx: Ctx, cands: Candidate[], relation: Rel): void {
    const sa = ctx.sc.axes;
    const atomsOf = (c: Concept) => [...(c.axes.act ?? [])];
    if (sa.act && cands.some((c) => c.concept.axes.act)) {
      const covered = new Set(cands.flatMap((c) => [...atomsOf(c.concept), ...(c.condition ? c.concept.axes.actConditional?.atoms ?? [] : [])]));
      const missing = sa.act.filter((a) => !covered.has(a));
      if (missing.length && cands.length) note(ctx.lost, 'act', `no ${ctx.t.id} code covers: ${labels(missing)}.`);
      if (cands.length === 1) {
        const c = cands[0] as Candidate;
        const extra = atomsOf(c.concept).filter((a) => !sa.act?.includes(a));
        if (extra.length && (c.rel === 'broader' || c.rel === 'related')) note(ctx.lost, 'act', `${ctx.t.id}:${c.concept.code} also covers ${labels(extra)}: the finer distinction of ${ctx.s.id}:${ctx.sc.code} is lost.`);
      }
      if (cands.length > 1) note(ctx.assumed, 'act', `${ctx.s.id}:${ctx.sc.code} spans ${cands.map((c) => `${ctx.t.id}:${c.concept.code}`).join(', ')}; which applies cannot be decided from the code — review.`);
    }
    if (sa.incident && cands.length > 1 && cands.some((c) => c.concept.axes.incident)) {
      note(ctx.assumed, 'incident', `${ctx.s.id}:${ctx.sc.code} spans several ${ctx.t.id} codes; the specific one is unknown.`);
    }
    for (const c of cands) if (c.condition) note(ctx.assumed, 'act', `${ctx.t.id}:${c.concept.code} ${c.condition}.`);
    for (const f of sa.flags ?? []) {
      const kept = ctx.t.concepts.some((c) => c.axes.flags?.includes(f));
      if (!kept && relation !== 'none') note(ctx.lost, 'flags', `flag "${f}" (${FLAGS[f] ?? f}) is not recorded by ${ctx.t.id}.`);
    }
  }
}

function normaliseJurisdiction(j: string | undefined): { code?: string; note?: string } {
  if (j === undefined || j === '') return {};
  const up = j.trim().toUpperCase();
  if (up === 'UK') return { code: 'GB', note: '"UK" read as ISO 3166-1 "GB".' };
  if (!/^[A-Z]{2}$/.test(up)) throw new TesseraError('invalid_jurisdiction', `Jurisdiction "${j}" must be an ISO 3166-1 alpha-2 country code such as GB, FR or US (or EU).`, { details: { jurisdiction: j } });
  return { code: up };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}

let defaultCrosswalk: Crosswalk | undefined;

/** The crosswalk over the process-wide registry. */
export function crosswalk(): Crosswalk {
  defaultCrosswalk ??= new Crosswalk();
  return defaultCrosswalk;
}

/** translate(scheme, code, targetScheme, {jurisdiction?}) over the built-in registry. */
export function translate(scheme: string, code: string, target: string, opts: TranslateOptions = {}): Translation {
  return crosswalk().translate(scheme, code, target, opts);
}

export function translateBatch(items: ReadonlyArray<{ scheme: string; code: string }>, target: string, opts: TranslateOptions = {}): Array<Translation | { error: Problem }> {
  return crosswalk().translateBatch(items, target, opts);
}

/** The JSON shape the CLI and the API print: codes as strings, notes as "axis: note". */
export interface TranslationView {
  from: { scheme: string; code: string };
  to: string;
  jurisdiction?: string;
  relation: Relation;
  codes: string[];
  targets: TargetCode[];
  lost: string[];
  assumed: string[];
  warnings: string[];
  review: boolean;
}

export function translationView(t: Translation): TranslationView {
  const v: TranslationView = {
    from: t.from,
    to: t.to,
    relation: t.relation,
    codes: t.codes.map((c) => c.code),
    targets: t.codes,
    lost: t.lost.map((n) => `${n.axis}: ${n.note}`),
    assumed: t.assumed.map((n) => `${n.axis}: ${n.note}`),
    warnings: t.warnings,
    review: t.review,
  };
  if (t.jurisdiction) v.jurisdiction = t.jurisdiction;
  return v;
}
