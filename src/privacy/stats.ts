import { createHash, randomUUID } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { GENDERS, Purpose, REPORT_KINDS, REPORT_STATUSES } from '../model/index.ts';
import { decide, reportRowFilter, requireAllowed, withAccess, type AccessPlan, type ReportField, type RowFilter } from '../policy/index.ts';
import { accessSummary, requireVisible, type AccessSummary } from '../records/shared.ts';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { LaplaceNoise, epsilonFraction } from './dlaplace.ts';
import { TOTAL, cellKey, protectTable, type ProtectedTable } from './disclosure.ts';
import { pdb } from './tables.ts';

/**
 * Disclosure-controlled statistics over reports: counts by up to three dimensions, with
 * small-cell and secondary suppression, a register of what was released (against differencing),
 * or — with ε — discrete Laplace noise, contribution bounding and a per-dataset budget.
 */

export const AGE_BANDS = ['0-2', '3-6', '7-10', '11-13', '14-15', '16-17', 'wider-range', 'unknown'] as const;
export const DIMENSIONS = ['country', 'month', 'kind', 'status', 'language', 'dataset', 'category', 'flag', 'age', 'gender'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
const MULTI: readonly Dimension[] = ['category', 'flag', 'age', 'gender'];
const FILTERABLE: readonly Dimension[] = ['country', 'month', 'kind', 'status', 'language', 'dataset'];
const FIELD_OF: Record<Dimension, ReportField | null> = {
  country: 'country', month: 'reportedAt', kind: 'kind', status: 'status', language: 'language', dataset: null, category: 'incidentTypes', flag: 'flags', age: 'children', gender: 'children',
};
export const DEFAULT_THRESHOLD = 10;
export const DEFAULT_BUDGET = 10;
const NONE = '(none)';

export const StatsRequest = z.strictObject({
  dimensions: z.array(z.enum(DIMENSIONS)).min(1).max(3).meta({ description: 'Count reports by these dimensions (at most 3; at most one of category, flag, age, gender).' }),
  filters: z.partialRecord(z.enum(FILTERABLE as [Dimension, ...Dimension[]]), z.string().min(1).max(200)).default({}).meta({ description: 'Equality filters, e.g. {"kind":"cybertip","month":"2026-01"}.' }),
  threshold: z.int().min(2).max(1000).default(DEFAULT_THRESHOLD),
  epsilon: z.union([z.number().positive(), z.string()]).optional().meta({ description: 'Differential privacy: ε spent from every dataset read; counts get discrete Laplace noise.' }),
  maxContributions: z.int().min(1).max(20).default(3).meta({ description: 'With ε and a multi-valued dimension: each report counts towards at most this many values (the sensitivity).' }),
  agreement: z.string().max(200).optional(),
  purpose: Purpose.optional(),
});
export type StatsRequest = z.input<typeof StatsRequest>;

export interface StatsResult extends ProtectedTable {
  query: string;
  threshold: number;
  unit: string;
  dp: { epsilon: number; scale: number; sensitivity: number; budget: Array<{ datasetId: string; spent: number; total: number }> } | null;
  access: AccessSummary;
}

/** `country,month where kind=cybertip and month=2026-01` → a StatsRequest (without access options). */
export function parseStatsQuery(text: string): { dimensions: Dimension[]; filters: Record<string, string> } {
  const m = /^\s*(?:count\s+)?(?:by\s+)?([a-z,\s]+?)(?:\s+where\s+(.+?))?\s*$/i.exec(text);
  const bad = (message: string) => new TesseraError('invalid_query', `${message}. A query looks like "country,month where kind=cybertip" (dimensions: ${DIMENSIONS.join(', ')}).`, { where: { field: 'query' } });
  if (!m) throw bad(`cannot read the query "${text.slice(0, 100)}"`);
  const dimensions = (m[1] as string).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const dim of dimensions) if (!(DIMENSIONS as readonly string[]).includes(dim)) throw bad(`"${dim}" is not a dimension`);
  const filters: Record<string, string> = {};
  if (m[2]) {
    for (const part of m[2].split(/\s+and\s+/i)) {
      const f = /^\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(part);
      if (!f) throw bad(`cannot read the condition "${part}" (write dimension=value)`);
      const dim = (f[1] as string).toLowerCase();
      if (!(FILTERABLE as readonly string[]).includes(dim)) throw bad(`cannot filter on "${dim}" (filters: ${FILTERABLE.join(', ')})`);
      filters[dim] = f[2] as string;
    }
  }
  return { dimensions: dimensions as Dimension[], filters };
}

/** ISO 3166 regions Intl knows: a list that does not depend on the data (needed for noisy tables). */
let countries: string[] | null = null;
function countryDomain(): string[] {
  if (countries) return countries;
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const out: string[] = [];
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      try {
        if (names.of(code) !== code) out.push(code);
      } catch {
        /* not a region */
      }
    }
  countries = out;
  return out;
}

function monthsBetween(from: Date, to: Date): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (d <= to) {
    out.push(d.toISOString().slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

const ageBand = sql<string>`CASE WHEN c.age_min IS NULL OR c.age_max IS NULL THEN 'unknown'
  WHEN c.age_max <= 2 THEN '0-2' WHEN c.age_min >= 3 AND c.age_max <= 6 THEN '3-6' WHEN c.age_min >= 7 AND c.age_max <= 10 THEN '7-10'
  WHEN c.age_min >= 11 AND c.age_max <= 13 THEN '11-13' WHEN c.age_min >= 14 AND c.age_max <= 15 THEN '14-15' WHEN c.age_min >= 16 AND c.age_max <= 17 THEN '16-17'
  ELSE 'wider-range' END`;

function singleExpr(dim: Dimension): RawBuilder<string> {
  switch (dim) {
    case 'month':
      return sql<string>`to_char(r.reported_at AT TIME ZONE 'UTC', 'YYYY-MM')`;
    case 'dataset':
      return sql<string>`r.dataset_id`;
    default:
      return sql<string>`coalesce(${sql.ref(`r.${dim}`)}, ${NONE})`;
  }
}

/** The values of a multi-valued dimension per report (distinct, in a fixed order, at most `limit`). */
function multiSource(dim: Dimension, limit: number | null): RawBuilder<unknown> {
  const lim = limit ? sql`LIMIT ${limit}` : sql``;
  switch (dim) {
    case 'category':
      return sql`(SELECT DISTINCT (e->>'scheme') || ':' || (e->>'code') AS v FROM jsonb_array_elements(r.incident_types) e ORDER BY 1 ${lim})`;
    case 'flag':
      return sql`(SELECT DISTINCT f AS v FROM unnest(r.flags) f ORDER BY 1 ${lim})`;
    case 'age':
      return sql`(SELECT DISTINCT ${ageBand} AS v FROM children c WHERE c.report_id = r.id ORDER BY 1 ${lim})`;
    default:
      return sql`(SELECT DISTINCT c.gender AS v FROM children c WHERE c.report_id = r.id ORDER BY 1 ${lim})`;
  }
}

/** The population base of a plan (whose rows), for the release register. */
function baseOf(rows: RowFilter): string {
  const { sourceOrgIds, datasetIds, consent } = rows;
  return 'sha256:' + createHash('sha256').update(JSON.stringify({ sourceOrgIds, datasetIds, consent })).digest('hex').slice(0, 32);
}

export async function runStats(store: Store, actor: Principal, request: StatsRequest): Promise<StatsResult> {
  const req = StatsRequest.parse(request);
  const dims = req.dimensions;
  if (new Set(dims).size !== dims.length) throw new TesseraError('invalid_query', 'a dimension is listed twice', { where: { field: 'dimensions' } });
  const multi = dims.filter((d) => MULTI.includes(d));
  if (multi.length > 1) throw new TesseraError('invalid_query', `at most one of ${MULTI.join(', ')} per query (each report would count in many cells of both); got ${multi.join(' and ')}`, { where: { field: 'dimensions' } });
  const eps = req.epsilon === undefined ? null : epsilonFraction(req.epsilon);
  if (eps && (dims.includes('language') || dims.includes('category'))) {
    throw new TesseraError('invalid_query', 'language and category have no public list of values, and with ε the list of values must not come from the data (a value seen would reveal a record); count them without ε, or filter on them', { where: { field: 'dimensions' } });
  }
  const queryText = `${dims.join(',')}${Object.keys(req.filters).length ? ' where ' + Object.entries(req.filters).map(([k, v]) => `${k}=${v}`).join(' and ') : ''}`;
  return withAccess(store, actor, { action: 'aggregate', agreementId: req.agreement, purpose: req.purpose, resource: 'reports.stats', details: { query: queryText, epsilon: eps?.value ?? null, threshold: req.threshold } }, async (plan) => {
    const used: Array<[ReportField, string]> = [];
    for (const d of dims) if (FIELD_OF[d]) used.push([FIELD_OF[d] as ReportField, d]);
    for (const f of Object.keys(req.filters) as Dimension[]) if (FIELD_OF[f]) used.push([FIELD_OF[f] as ReportField, f]);
    requireVisible(plan, used);
    const sensitivity = eps && multi.length ? req.maxContributions : 1;
    const budget = eps ? await spendBudget(store, actor, plan, eps.value, queryText) : null;

    const multiDim = multi[0];
    const exprs = dims.map((d) => (d === multiDim ? sql<string>`m.v` : singleExpr(d)));
    const select = sql.join(exprs.map((e, i) => sql`${e} AS ${sql.ref(`d${i}`)}`));
    const where: RawBuilder<unknown>[] = [reportRowFilter(plan.rows, 'r')];
    for (const [f, v] of Object.entries(req.filters) as Array<[Dimension, string]>) where.push(sql`${singleExpr(f)} = ${v}`);
    const from = multiDim ? sql`reports r CROSS JOIN LATERAL ${multiSource(multiDim, eps ? req.maxContributions : null)} m` : sql`reports r`;
    const groupBy = sql.join(dims.map((_, i) => sql.raw(String(i + 1))));
    const rows = await sql<Record<string, string | number>>`SELECT ${select}, count(*)::int AS n FROM ${from} WHERE ${sql.join(where, sql` AND `)} GROUP BY ${groupBy}`.execute(store.db);
    const counts = new Map<string, number>();
    const seen: Array<Set<string>> = dims.map(() => new Set());
    for (const r of rows.rows) {
      const vals = dims.map((_, i) => {
        const v = String(r[`d${i}`]);
        return v === TOTAL ? '\\*' : v;
      });
      vals.forEach((v, i) => seen[i]?.add(v));
      counts.set(cellKey(vals), Number(r.n));
    }
    const domains = await Promise.all(dims.map(async (d, i) => (eps ? publicDomain(store, d, plan, req.filters) : [...(seen[i] as Set<string>)].sort())));
    if (eps) {
      // Values outside the public domain (e.g. "(none)") are dropped rather than revealed.
      for (const key of [...counts.keys()]) if (!key.split('\u0001').every((v, i) => (domains[i] as string[]).includes(v))) counts.delete(key);
    }
    const noise = eps ? new LaplaceNoise(eps.value, sensitivity) : null;
    const base = baseOf(plan.rows);
    const released = eps ? undefined : await loadReleases(store, base);
    const table = protectTable({ dims, domains, counts }, { threshold: req.threshold, filters: req.filters, ...(noise ? { noise: () => noise.draw() } : {}), ...(released ? { released } : {}) });
    if (!eps) await recordReleases(store, base, table.releases);
    const result: StatsResult = {
      ...table,
      releases: [],
      query: queryText,
      threshold: req.threshold,
      unit: multiDim ? `reports per ${multiDim} value (a report with several values counts once in each${eps ? `, at most ${req.maxContributions}` : ''}); totals are sums of the cells` : 'reports',
      dp: eps && noise ? { epsilon: eps.value, scale: noise.scale, sensitivity, budget: budget ?? [] } : null,
      access: accessSummary(plan),
    };
    return { result, details: { entries: table.entries.length, suppressed: table.suppressed, epsilon: eps?.value ?? null } };
  });
}

async function publicDomain(store: Store, d: Dimension, plan: AccessPlan, filters: Record<string, string>): Promise<string[]> {
  const pinned = filters[d];
  if (pinned) return [pinned];
  switch (d) {
    case 'kind':
      return [...REPORT_KINDS];
    case 'status':
      return [...REPORT_STATUSES];
    case 'gender':
      return [...GENDERS];
    case 'age':
      return [...AGE_BANDS];
    case 'country':
      return countryDomain();
    case 'month': {
      const now = new Date();
      const from = plan.rows.reportedAtOrAfter ? new Date(plan.rows.reportedAtOrAfter) : new Date(Date.UTC(now.getUTCFullYear() - 3, now.getUTCMonth(), 1));
      return monthsBetween(from, now);
    }
    case 'dataset':
      return datasetsOf(store, plan);
    default:
      throw new TesseraError('invalid_query', `${d} has no public list of values`);
  }
}

async function datasetsOf(store: Store, plan: AccessPlan): Promise<string[]> {
  if (plan.rows.datasetIds) return [...plan.rows.datasetIds].sort();
  const rows = await store.db.selectFrom('datasets').select('id').where('owner_org_id', 'in', plan.rows.sourceOrgIds.length ? plan.rows.sourceOrgIds : ['']).orderBy('id').execute();
  return rows.map((r) => r.id);
}

async function loadReleases(store: Store, base: string): Promise<Map<string, number | null>> {
  const rows = await pdb(store).selectFrom('disclosure_releases').select(['cell', 'value', 'suppressed']).where('base', '=', base).execute();
  return new Map(rows.map((r) => [r.cell, r.suppressed ? null : Number(r.value)]));
}

async function recordReleases(store: Store, base: string, releases: Array<{ population: string; value: number | null }>): Promise<void> {
  const at = new Date().toISOString();
  const db = pdb(store);
  for (let i = 0; i < releases.length; i += 1000) {
    const chunk = releases.slice(i, i + 1000);
    await db
      .insertInto('disclosure_releases')
      .values(chunk.map((r) => ({ base, cell: r.population, value: r.value, suppressed: r.value === null, released_at: at })))
      // Once suppressed, always suppressed; a shown value is kept as first shown.
      .onConflict((oc) => oc.columns(['base', 'cell']).doUpdateSet((eb) => ({ suppressed: sql<boolean>`${eb.ref('disclosure_releases.suppressed')} OR ${eb.ref('excluded.suppressed')}` })))
      .execute();
  }
}

/** Spends ε from every dataset the plan reads, all or nothing; refuses when any budget would be overdrawn. */
async function spendBudget(store: Store, actor: Principal, plan: AccessPlan, epsilon: number, query: string): Promise<Array<{ datasetId: string; spent: number; total: number }>> {
  const datasets = await datasetsOf(store, plan);
  if (datasets.length === 0) throw new TesseraError('no_datasets', 'there is no dataset to count in this scope');
  return pdb(store).transaction().execute(async (trx) => {
    const totals = new Map((await trx.selectFrom('privacy_budgets').select(['dataset_id', 'epsilon_total']).where('dataset_id', 'in', datasets).execute()).map((r) => [r.dataset_id, Number(r.epsilon_total)]));
    const spent = new Map(
      (await trx.selectFrom('privacy_spends').select(['dataset_id', sql<number>`sum(epsilon)::float8`.as('s')]).where('dataset_id', 'in', datasets).groupBy('dataset_id').execute()).map((r) => [r.dataset_id, Number(r.s)]),
    );
    const out = datasets.map((id) => ({ datasetId: id, spent: (spent.get(id) ?? 0) + epsilon, total: totals.get(id) ?? DEFAULT_BUDGET }));
    const over = out.filter((o) => o.spent > o.total + 1e-9);
    if (over.length) {
      const o = over[0] as (typeof out)[number];
      throw new TesseraError('privacy_budget_exhausted', `This query would spend ε = ${epsilon} from dataset ${o.datasetId}, which has ${Math.max(0, o.total - o.spent + epsilon).toFixed(3)} of its ${o.total} left; nothing was counted. Ask its steward to review the budget, or use a smaller ε.`, { status: 409, details: { datasets: over.map((x) => x.datasetId) } });
    }
    const at = new Date().toISOString();
    await trx.insertInto('privacy_spends').values(datasets.map((id) => ({ id: randomUUID(), dataset_id: id, epsilon, org_id: actor.orgId, user_id: actor.userId, agreement_id: plan.agreement?.id ?? null, query, at }))).execute();
    return out;
  });
}

export const BudgetRequest = z.strictObject({ datasetId: z.string().min(1).max(100), epsilon: z.number().positive().max(1000) });

/** Sets a dataset's total ε (stewards and admins of the dataset's organisation). */
export async function setPrivacyBudget(store: Store, actor: Principal, datasetId: string, epsilon: number): Promise<{ datasetId: string; total: number; spent: number }> {
  const scope = requireAllowed(decide(actor, 'write', 'dataset'));
  const ds = await store.db.selectFrom('datasets').select(['id', 'owner_org_id']).where('id', '=', datasetId).executeTakeFirst();
  if (!ds || !scope.sourceOrgIds.includes(ds.owner_org_id)) throw new NotFoundError('dataset of your organisation', datasetId);
  if (!(epsilon > 0) || epsilon > 1000) throw new TesseraError('invalid_epsilon', `a budget is an ε above 0 and at most 1000, got ${epsilon}`, { where: { field: 'epsilon' } });
  const db = pdb(store);
  const at = new Date().toISOString();
  await db.insertInto('privacy_budgets').values({ dataset_id: datasetId, epsilon_total: epsilon, set_by: actor.userId, set_at: at }).onConflict((oc) => oc.column('dataset_id').doUpdateSet({ epsilon_total: epsilon, set_by: actor.userId, set_at: at })).execute();
  const spent = await db.selectFrom('privacy_spends').select(sql<number>`coalesce(sum(epsilon), 0)::float8`.as('s')).where('dataset_id', '=', datasetId).executeTakeFirstOrThrow();
  await appendAudit(store, [{ action: 'privacy.budget', decision: 'done', reason: `privacy budget of dataset ${datasetId} set to ε = ${epsilon}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: ds.owner_org_id, resource: datasetId, details: { epsilon, spent: Number(spent.s) } }]);
  return { datasetId, total: epsilon, spent: Number(spent.s) };
}
