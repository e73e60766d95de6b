import { appendAudit } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { decide, requireAllowed, type ReportField } from '../policy/index.ts';
import { TOTAL, cellKey, protectTable, type EntryStatus } from '../privacy/index.ts';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { BUILTIN_INDICATORS } from './builtin.ts';
import { collaborationCounts } from './collaboration.ts';
import { countKey, countPieces, type CountMap, type CountSpec } from './counts.ts';
import { feedbackRows, median, timingRows } from './timing.ts';
import { ENTITIES, entityOf, fieldSpec, parseDefinition, type IndicatorDefinition } from './definition.ts';
import { addMonths, monthKey, monthStart, parsePeriod, periodDomain, periodOf, type Grain, type Period } from './period.ts';
import { IndicatorQuery, type IndicatorResult, type IndicatorValue, type TrendResult } from './schemas.ts';
import { withScope, type Exclusion, type Piece } from './scope.ts';

/**
 * Computing an indicator: decide whose rows count (scope.ts, through the policy module), count
 * them (counts.ts: rollup for whole months, rows for the rest), put every table through the
 * disclosure-control layer (src/privacy: small-cell and secondary suppression) and state the
 * coverage beside every figure.
 */

export function findIndicator(name: string): IndicatorDefinition {
  const def = BUILTIN_INDICATORS.find((d) => d.name === name);
  if (!def) throw new NotFoundError('indicator', name);
  return def;
}

export function listIndicators(): readonly IndicatorDefinition[] {
  return BUILTIN_INDICATORS;
}

const DEFAULT_SHARED_THRESHOLD = 10;

interface Raw {
  /** count per (month, by, field) */
  counts: CountMap;
  /** rows per (month, dataset), for coverage */
  datasets: CountMap;
  datasetsInScope: string[];
  method: string;
  pieces: Piece[];
  excluded: Exclusion[];
  shared: boolean;
  notes: string[];
  /** Durations (days) per period label, for timings. */
  durations?: Map<string, number[]>;
}

const FED = '(fed back)';
const NOT_FED = '(none)';

function neededFields(def: IndicatorDefinition, by: string | null): ReportField[] {
  const entity = entityOf(def);
  if (!entity || entity === 'contacts') return [];
  const out = new Set<ReportField>(['reportedAt']);
  const fs = [by, def.measure.kind === 'completeness' ? def.measure.field : null, ...Object.keys(def.filters)];
  for (const f of fs) {
    if (!f) continue;
    const rf = fieldSpec(entity, f).reportField;
    if (rf) out.add(rf);
  }
  if (entity === 'children') out.add('children');
  return [...out];
}

async function datasetsOf(store: Store, pieces: Piece[], entity: string): Promise<string[]> {
  const out = new Set<string>();
  for (const p of pieces) {
    if (entity === 'contacts' && p.basis !== 'own-organisation') continue;
    if (p.datasetIds) p.datasetIds.forEach((d) => out.add(d));
    else {
      const recordType = entity === 'contacts' ? 'contact' : 'report';
      const rows = await store.db.selectFrom('datasets').select('id').where('owner_org_id', '=', p.orgId).where('record_type', '=', recordType).execute();
      rows.forEach((r) => out.add(r.id));
    }
  }
  return [...out].sort();
}

async function gather(store: Store, actor: Principal, def: IndicatorDefinition, q: ReturnType<typeof IndicatorQuery.parse>, period: Period, by: string | null): Promise<Raw> {
  requireAllowed(decide(actor, 'read', 'indicator'));
  const details = { indicator: def.name, from: period.from.toISOString(), to: period.to.toISOString(), by, scope: q.scope };
  if (def.measure.kind === 'timing') {
    const metric = def.measure.metric;
    // The time to share is about copies this organisation received: its own activity.
    const scope = metric === 'report-to-share' ? 'own' : q.scope;
    return withScope(store, actor, { scope, purpose: q.purpose, fields: ['reportedAt'], resource: `indicator:${def.name}`, details }, async (pieces, excluded) => {
      const rows = await timingRows(store, metric, pieces, actor.orgId, period);
      const counts: CountMap = new Map();
      const durations = new Map<string, number[]>();
      for (const r of rows) {
        const k = countKey(r.m, '', '');
        counts.set(k, (counts.get(k) ?? 0) + 1);
        const p = periodOf(r.m, q.grain, period);
        (durations.get(p) ?? durations.set(p, []).get(p))?.push(r.days);
      }
      return { counts, datasets: new Map(), datasetsInScope: [], method: 'rows', pieces, excluded, shared: pieces.some((p) => p.basis === 'agreement'), notes: [], durations };
    });
  }
  if (def.measure.kind === 'feedback-rate') {
    return withScope(store, actor, { scope: q.scope, purpose: q.purpose, fields: ['reportedAt'], resource: `indicator:${def.name}`, details }, async (pieces, excluded) => {
      const fed = await feedbackRows(store, pieces, period);
      const all = await countPieces(store, { entity: 'reports', by: null, field: null, filters: {} }, pieces, period.from, period.to);
      const counts: CountMap = new Map();
      for (const [k, n] of all.counts) {
        const m = k.split('\u0001')[0] as string;
        const f = fed.get(m) ?? 0;
        counts.set(countKey(m, '', FED), f);
        counts.set(countKey(m, '', NOT_FED), n - f);
      }
      const dsCounts = await countPieces(store, { entity: 'reports', by: 'dataset', field: null, filters: {} }, pieces, period.from, period.to);
      return { counts, datasets: dsCounts.counts, datasetsInScope: await datasetsOf(store, pieces, 'reports'), method: [...all.methods, 'rows'].sort().join('+'), pieces, excluded, shared: pieces.some((p) => p.basis === 'agreement'), notes: [] };
    });
  }
  if (def.measure.kind === 'collaboration') {
    // The organisation's own activity: decided by the indicator kind, audited here.
    let counts = await collaborationCounts(store, actor.orgId, def.measure.metric, period);
    if (def.measure.metric === 'agreements-active' && q.grain !== 'month') {
      // A stock, not a flow: a year's (or the period's) figure is its last month's, not the sum.
      const last = new Map<string, [string, number]>();
      for (const [k, n] of counts) {
        const m = k.split('\u0001')[0] as string;
        const p = periodOf(m, q.grain, period);
        const cur = last.get(p);
        if (!cur || cur[0] < m) last.set(p, [m, n]);
      }
      counts = new Map([...last.values()].map(([m, n]) => [countKey(m, '', ''), n]));
    }
    await appendAudit(store, [{ action: 'indicator.compute', decision: 'allow', reason: `members of ${actor.orgSlug} may compute collaboration indicators of their organisation`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, resource: `indicator:${def.name}`, details }]);
    return { counts, datasets: new Map(), datasetsInScope: [], method: 'rows', pieces: [{ orgId: actor.orgId, datasetIds: null, from: null, consent: null, basis: 'own-organisation', agreement: null }], excluded: [], shared: false, notes: [] };
  }
  const entity = entityOf(def) as keyof typeof ENTITIES;
  const spec: CountSpec = { entity, by, field: def.measure.kind === 'completeness' ? def.measure.field : null, filters: def.filters };
  return withScope(store, actor, { scope: q.scope, purpose: q.purpose, fields: neededFields(def, by), resource: `indicator:${def.name}`, details }, async (pieces, excluded) => {
    const { counts, methods } = await countPieces(store, spec, pieces, period.from, period.to);
    const dsCounts = await countPieces(store, { entity, by: 'dataset', field: null, filters: def.filters }, pieces, period.from, period.to);
    const notes: string[] = [];
    if (entity === 'contacts' && pieces.some((p) => p.basis === 'agreement')) notes.push('agreements share reports, not helpline contacts: only your own contacts are counted');
    const shared = pieces.some((p) => p.basis === 'agreement') && entity !== 'contacts';
    return { counts, datasets: dsCounts.counts, datasetsInScope: await datasetsOf(store, pieces, entity), method: [...methods].sort().join('+') || 'none', pieces, excluded, shared, notes };
  });
}

interface Table {
  periods: string[];
  byValues: string[];
  /** value per cell key (period, by) */
  cells: Map<string, number>;
}

function tableOf(counts: CountMap, grain: Grain, period: Period, pick: (field: string) => boolean): Table {
  const cells = new Map<string, number>();
  const byValues = new Set<string>();
  for (const [k, n] of counts) {
    const [m, b, f] = k.split('\u0001') as [string, string, string];
    if (!pick(f)) continue;
    const key = cellKey([periodOf(m, grain, period), b]);
    cells.set(key, (cells.get(key) ?? 0) + n);
    byValues.add(b);
  }
  return { periods: periodDomain(period, grain), byValues: [...byValues].sort(), cells };
}

function protect(t: Table, byName: string | null, threshold: number, byDomain?: string[]) {
  const dims = byName ? ['period', byName] : ['period'];
  const domains = byName ? [t.periods, byDomain ?? t.byValues] : [t.periods];
  const counts = new Map<string, number>();
  for (const [k, n] of t.cells) {
    const [p, b] = k.split('\u0001') as [string, string];
    counts.set(byName ? cellKey([p, b]) : cellKey([p]), (counts.get(byName ? cellKey([p, b]) : cellKey([p])) ?? 0) + n);
  }
  const table = protectTable({ dims, domains, counts }, { threshold });
  const out = new Map<string, { value: number | null; status: EntryStatus }>();
  for (const e of table.entries) out.set(cellKey(dims.map((d) => e.cell[d] as string)), { value: e.value, status: e.status });
  return { out, suppressed: table.suppressed };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export async function computeIndicator(store: Store, actor: Principal, nameOrDef: string | IndicatorDefinition, query: IndicatorQuery = {}): Promise<IndicatorResult> {
  const q = IndicatorQuery.parse(query);
  const def = typeof nameOrDef === 'string' ? findIndicator(nameOrDef) : parseDefinition(nameOrDef);
  const period = parsePeriod(q.from, q.to);
  const by = q.by ?? null;
  if (by !== null && !def.disaggregations.includes(by)) {
    throw new TesseraError('invalid_breakdown', def.disaggregations.length ? `${def.name} cannot be broken down by "${by}"; it can by ${def.disaggregations.join(', ')}` : `${def.name} has no breakdowns`, { where: { field: 'by' } });
  }
  if (q.grain !== 'total' && !def.dimensions.includes(q.grain)) throw new TesseraError('invalid_grain', `${def.name} is published by ${def.dimensions.join(', ')}, not by ${q.grain}`, { where: { field: 'grain' } });
  const raw = await gather(store, actor, def, q, period, by);
  const threshold = q.threshold ?? (raw.shared ? DEFAULT_SHARED_THRESHOLD : 1);
  const entity = entityOf(def);
  const missing = (f: string) => (entity ? fieldSpec(entity, f).missing : '');
  const multi = by !== null && entity !== null && fieldSpec(entity, by).multi === true;

  // Coverage per period: datasets with rows, rows in the population, share with the breakdown known.
  const dsPer = new Map<string, Set<string>>();
  for (const [k, n] of raw.datasets) {
    if (n <= 0) continue;
    const [m, b] = k.split('\u0001') as [string, string];
    const p = periodOf(m, q.grain, period);
    if (!dsPer.has(p)) dsPer.set(p, new Set());
    dsPer.get(p)?.add(b);
  }

  let values: IndicatorValue[] = [];
  let suppressed = { primary: 0, secondary: 0, differencing: 0 };
  const m = def.measure;
  if (m.kind === 'timing') {
    // The number of items per period goes through disclosure control; a median is only given where its count is shown.
    const t = tableOf(raw.counts, q.grain, period, () => true);
    const pt = protect(t, null, threshold);
    suppressed = pt.suppressed;
    for (const [key, e] of pt.out) {
      const p = key;
      if (p === TOTAL) continue;
      if (e.value === 0) continue;
      const med = median(raw.durations?.get(p) ?? []);
      values.push({ period: p, dimensions: {}, value: e.value !== null && e.value > 0 && med !== null ? round(med) : null, status: e.status, denominator: e.value, coverage: { records: e.value, knownShare: null, datasetsReporting: 0, datasetsInScope: 0 } });
    }
  } else if (m.kind === 'completeness' || m.kind === 'feedback-rate') {
    const fm = m.kind === 'feedback-rate' ? NOT_FED : missing(m.field);
    const total = tableOf(raw.counts, q.grain, period, () => true);
    const known = tableOf(raw.counts, q.grain, period, (f) => f !== fm);
    const pt = protect(total, by, threshold, total.byValues);
    const pk = protect(known, by, threshold, total.byValues);
    suppressed = { primary: pt.suppressed.primary + pk.suppressed.primary, secondary: pt.suppressed.secondary + pk.suppressed.secondary, differencing: 0 };
    for (const [key, t] of pt.out) {
      const k = pk.out.get(key) ?? { value: 0, status: 'shown' as EntryStatus };
      const [p, b] = key.split('\u0001') as [string, string | undefined];
      const value = t.value !== null && k.value !== null && t.value > 0 ? round((100 * k.value) / t.value) : null;
      const status: EntryStatus = t.status !== 'shown' ? t.status : k.status;
      const periodTotal = pt.out.get(by ? cellKey([p, TOTAL]) : cellKey([p]));
      if (p === TOTAL) continue;
      if (t.value === 0 && t.status === 'shown') continue;
      values.push({ period: p, dimensions: by ? { [by]: b as string } : {}, value, status, numerator: k.value, denominator: t.value, coverage: { records: periodTotal?.value ?? null, knownShare: null, datasetsReporting: dsPer.get(p)?.size ?? 0, datasetsInScope: raw.datasetsInScope.length } });
    }
  } else {
    const t = tableOf(raw.counts, q.grain, period, () => true);
    const pt = protect(t, by, threshold);
    suppressed = pt.suppressed;
    // Known share of the breakdown per period, from the true counts (a share is not a count; it is rounded and only given when the period total is shown).
    const knownPer = new Map<string, number>();
    const allPer = new Map<string, number>();
    if (by && !multi) {
      for (const [k, n] of t.cells) {
        const [p, b] = k.split('\u0001') as [string, string];
        allPer.set(p, (allPer.get(p) ?? 0) + n);
        if (b !== missing(by)) knownPer.set(p, (knownPer.get(p) ?? 0) + n);
      }
    }
    for (const [key, e] of pt.out) {
      const [p, b] = key.split('\u0001') as [string, string | undefined];
      if (p === TOTAL) continue;
      const periodTotal = pt.out.get(by ? cellKey([p, TOTAL]) : cellKey([p]));
      const all = allPer.get(p) ?? 0;
      const knownShare = by && !multi && periodTotal?.value !== null && all > 0 ? round((knownPer.get(p) ?? 0) / all, 3) : null;
      values.push({
        period: p, dimensions: by ? { [by]: b as string } : {}, value: e.value, status: e.status,
        coverage: { records: entity && !multi ? (periodTotal?.value ?? null) : null, knownShare, datasetsReporting: dsPer.get(p)?.size ?? 0, datasetsInScope: raw.datasetsInScope.length },
      });
    }
  }
  const order = new Map(periodDomain(period, q.grain).map((p, i) => [p, i]));
  values = values.sort((a, b) => (order.get(a.period) ?? 0) - (order.get(b.period) ?? 0) || (by ? String(a.dimensions[by]).localeCompare(String(b.dimensions[by])) : 0));
  if (raw.excluded.length) raw.notes.push(`${raw.excluded.length} agreement${raw.excluded.length > 1 ? 's' : ''} left out (see excluded)`);
  return {
    indicator: def, unit: def.unit, period: { from: period.from.toISOString(), to: period.to.toISOString() }, grain: q.grain, by, values,
    coverage: {
      method: raw.method,
      scope: raw.pieces.map((p) => ({ basis: p.basis, organisation: p.orgId, agreement: p.agreement, datasets: p.datasetIds, from: p.from, consentRequired: p.consent !== null })),
      excluded: raw.excluded, datasetsInScope: raw.datasetsInScope, notes: raw.notes,
    },
    disclosure: { threshold, suppressed },
  };
}

/**
 * A monthly series over the period with the same month a year before (computed over the period
 * and the twelve months before it, through the same disclosure control) and a baseline: the mean
 * monthly value over the baseline period (default: the first twelve months of the series).
 */
export async function indicatorTrend(store: Store, actor: Principal, name: string | IndicatorDefinition, query: IndicatorQuery & { dimension?: string; baselineFrom?: string; baselineTo?: string } = {}): Promise<TrendResult> {
  const { dimension, baselineFrom, baselineTo, ...rest } = query;
  const q = IndicatorQuery.parse({ ...rest, grain: 'month' });
  const period = parsePeriod(q.from, q.to);
  const start = monthStart(period.from);
  const wide = await computeIndicator(store, actor, name, { ...rest, grain: 'month', from: addMonths(start, -12).toISOString(), to: period.to.toISOString() });
  const by = wide.by;
  if (by && !dimension) throw new TesseraError('invalid_breakdown', `a trend broken down by ${by} follows one value: give the value too (e.g. ${by}=…)`, { where: { field: 'dimension' } });
  const pick = wide.values.filter((v) => (by ? v.dimensions[by] === dimension : true));
  const at = new Map(pick.map((v) => [v.period, v]));
  const bFrom = baselineFrom ? parsePeriod(baselineFrom, baselineTo).from : start;
  const bTo = baselineFrom || baselineTo ? parsePeriod(baselineFrom ?? monthKey(start), baselineTo).to : addMonths(start, 12);
  const baseMonths: Array<number | null> = [];
  for (let d = monthStart(bFrom); d < bTo; d = addMonths(d, 1)) baseMonths.push(at.get(monthKey(d))?.value ?? (at.has(monthKey(d)) ? null : 0));
  const baseline = baseMonths.length && baseMonths.every((v) => v !== null) ? round((baseMonths as number[]).reduce((a, b) => a + b, 0) / baseMonths.length, 2) : null;
  const zeroCoverage = { records: 0, knownShare: null, datasetsReporting: 0, datasetsInScope: wide.coverage.datasetsInScope.length };
  const series = periodDomain(period, 'month').map((p) => {
    const v = at.get(p);
    const prevKey = monthKey(addMonths(new Date(`${p}-01T00:00:00Z`), -12));
    const prev = at.get(prevKey);
    const value = v ? v.value : 0;
    const previousYear = prev ? prev.value : 0;
    const pct = (a: number | null, b: number | null) => (a !== null && b !== null && b !== 0 ? round((100 * (a - b)) / b) : null);
    return { period: p, value, previousYear, yearOnYear: pct(value, previousYear), againstBaseline: pct(value, baseline), coverage: v?.coverage ?? zeroCoverage };
  });
  return {
    indicator: wide.indicator.name, unit: wide.unit, by, dimensions: by && dimension ? { [by]: dimension } : {},
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    baseline: { from: bFrom.toISOString(), to: bTo.toISOString(), value: baseline }, series, coverage: wide.coverage, disclosure: wide.disclosure,
  };
}

