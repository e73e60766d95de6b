import { sql, type RawBuilder } from 'kysely';
import { reportRowFilter } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import type { EntityName } from './definition.ts';
import { monthKey, splitMonths } from './period.ts';
import type { Piece } from './scope.ts';

/**
 * Counting rows by (month, breakdown value, measured field value) in one piece of scope over
 * [lo, hi). Whole months come from the rollup (exact: kept by triggers on every write), the
 * partial months at either end from the rows themselves. Anything the rollup does not hold —
 * filters, a consent rule, a breakdown by two fields, contacts — is counted from the rows.
 */

export interface CountSpec {
  entity: EntityName;
  /** Breakdown field (or null). */
  by: string | null;
  /** Measured field whose values are kept apart (completeness), or null. */
  field: string | null;
  filters: Record<string, string>;
}

/** key: month \u0001 by \u0001 field → count */
export type CountMap = Map<string, number>;
export const countKey = (month: string, by: string, field: string) => `${month}\u0001${by}\u0001${field}`;

const ROLLUP_DIMS: Record<EntityName, { total: string; dims: string[] }> = {
  reports: { total: 'total', dims: ['kind', 'status', 'country', 'language', 'category'] },
  children: { total: 'children', dims: ['age', 'gender'] },
  contacts: { total: '', dims: [] },
};

/** Which rollup dimension and columns answer this spec for this piece, or null (count rows). */
function rollupPlan(spec: CountSpec, piece: Piece): { dim: string; by: RawBuilder<string>; field: RawBuilder<string> } | null {
  const r = ROLLUP_DIMS[spec.entity];
  if (!r.total || piece.consent || Object.keys(spec.filters).length) return null;
  const keyCol = (f: string | null): RawBuilder<string> | null => (f === null ? sql<string>`''` : f === 'source' ? sql<string>`source_org_id` : f === 'dataset' ? sql<string>`dataset_id` : null);
  if (spec.field) {
    if (!r.dims.includes(spec.field)) return null;
    const by = keyCol(spec.by);
    return by ? { dim: spec.field, by, field: sql<string>`value` } : null;
  }
  if (spec.by && r.dims.includes(spec.by)) return { dim: spec.by, by: sql<string>`value`, field: sql<string>`''` };
  const by = keyCol(spec.by);
  return by ? { dim: r.total, by, field: sql<string>`''` } : null;
}

interface RowSource {
  from: RawBuilder<unknown>;
  time: RawBuilder<unknown>;
  scope: (piece: Piece) => RawBuilder<unknown>;
  expr: (field: string) => RawBuilder<string>;
  /** A lateral join producing `mv.v` for a multi-valued field. */
  lateral: (field: string) => RawBuilder<unknown> | null;
}

const reportExpr = (f: string): RawBuilder<string> => {
  switch (f) {
    case 'source':
      return sql<string>`r.source_org_id`;
    case 'dataset':
      return sql<string>`r.dataset_id`;
    case 'kind':
      return sql<string>`r.kind`;
    case 'status':
      return sql<string>`r.status`;
    case 'country':
      return sql<string>`coalesce(r.country, '(none)')`;
    case 'language':
      return sql<string>`coalesce(r.language, '(none)')`;
    case 'category':
      return sql<string>`mv.v`;
    default:
      throw new Error(`no report field ${f}`);
  }
};

const categoryLateral = (col: RawBuilder<unknown>) =>
  sql`CROSS JOIN LATERAL (SELECT DISTINCT (e->>'scheme') || ':' || (e->>'code') AS v FROM jsonb_array_elements(${col}) e UNION ALL SELECT '(none)' WHERE jsonb_array_length(${col}) = 0) mv`;

const SOURCES: Record<EntityName, RowSource> = {
  reports: {
    from: sql`reports r`, time: sql`r.reported_at`, scope: (p) => reportRowFilter({ sourceOrgIds: [p.orgId], datasetIds: p.datasetIds, reportedAtOrAfter: p.from, consent: p.consent }, 'r'),
    expr: reportExpr, lateral: (f) => (f === 'category' ? categoryLateral(sql`r.incident_types`) : null),
  },
  children: {
    from: sql`children c JOIN reports r ON r.id = c.report_id`, time: sql`r.reported_at`,
    scope: (p) => reportRowFilter({ sourceOrgIds: [p.orgId], datasetIds: p.datasetIds, reportedAtOrAfter: p.from, consent: p.consent }, 'r'),
    expr: (f) => (f === 'age' ? sql<string>`tessera_age_band(c.age_min, c.age_max)` : f === 'gender' ? sql<string>`c.gender` : reportExpr(f)),
    lateral: () => null,
  },
  contacts: {
    from: sql`contacts k`, time: sql`k.contact_at`,
    // Agreements share reports, not contacts: only the organisation's own contacts are counted.
    scope: (p) => (p.basis === 'own-organisation' ? sql`k.source_org_id = ${p.orgId}` : sql`false`),
    expr: (f) => {
      switch (f) {
        case 'source':
          return sql<string>`k.source_org_id`;
        case 'dataset':
          return sql<string>`k.dataset_id`;
        case 'channel':
          return sql<string>`k.channel`;
        case 'age':
          return sql<string>`tessera_age_band(k.age_min, k.age_max)`;
        case 'gender':
          return sql<string>`k.gender`;
        case 'category':
          return sql<string>`mv.v`;
        case 'country':
        case 'region':
        case 'language':
          return sql<string>`coalesce(${sql.ref(`k.${f}`)}, '(none)')`;
        default:
          throw new Error(`no contact field ${f}`);
      }
    },
    lateral: (f) => (f === 'category' ? categoryLateral(sql`k.categories`) : null),
  },
};

async function rowCounts(store: Store, spec: CountSpec, piece: Piece, lo: Date, hi: Date, into: CountMap): Promise<void> {
  const src = SOURCES[spec.entity];
  const multi = [spec.by, spec.field].find((f) => f !== null && src.lateral(f) !== null) ?? null;
  const where: RawBuilder<unknown>[] = [src.scope(piece), sql`${src.time} >= ${lo.toISOString()}::timestamptz`, sql`${src.time} < ${hi.toISOString()}::timestamptz`];
  for (const [f, v] of Object.entries(spec.filters)) where.push(sql`${src.expr(f)} = ${v}`);
  const by = spec.by ? src.expr(spec.by) : sql<string>`''`;
  const field = spec.field ? src.expr(spec.field) : sql<string>`''`;
  const rows = await sql<{ m: string; b: string; f: string; n: number | string }>`
    SELECT to_char(${src.time} AT TIME ZONE 'UTC', 'YYYY-MM') AS m, ${by} AS b, ${field} AS f, count(*) AS n
    FROM ${src.from} ${multi ? (src.lateral(multi) as RawBuilder<unknown>) : sql``}
    WHERE ${sql.join(where, sql` AND `)}
    GROUP BY 1, 2, 3`.execute(store.db);
  for (const r of rows.rows) add(into, countKey(r.m, r.b, r.f), Number(r.n));
}

async function rollupCounts(store: Store, plan: NonNullable<ReturnType<typeof rollupPlan>>, piece: Piece, lo: Date, hi: Date, into: CountMap): Promise<void> {
  const ds = piece.datasetIds ? (piece.datasetIds.length ? sql`AND dataset_id IN (${sql.join(piece.datasetIds)})` : sql`AND false`) : sql``;
  const rows = await sql<{ m: string; b: string; f: string; n: number | string }>`
    SELECT to_char(month, 'YYYY-MM') AS m, ${plan.by} AS b, ${plan.field} AS f, sum(n) AS n
    FROM indicator_rollup
    WHERE dim = ${plan.dim} AND source_org_id = ${piece.orgId} ${ds} AND month >= ${monthKey(lo) + '-01'}::date AND month < ${monthKey(hi) + '-01'}::date
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0`.execute(store.db);
  for (const r of rows.rows) add(into, countKey(r.m, r.b, r.f), Number(r.n));
}

function add(m: CountMap, k: string, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

export type CountMethod = 'rollup' | 'rows';

/** Counts for every piece over [from, to), summed. Returns how each piece was read. */
export async function countPieces(store: Store, spec: CountSpec, pieces: Piece[], from: Date, to: Date): Promise<{ counts: CountMap; methods: Set<CountMethod> }> {
  const counts: CountMap = new Map();
  const methods = new Set<CountMethod>();
  for (const piece of pieces) {
    const lo = piece.from && Date.parse(piece.from) > from.getTime() ? new Date(piece.from) : from;
    if (lo >= to) continue;
    const plan = rollupPlan(spec, piece);
    if (!plan) {
      methods.add('rows');
      await rowCounts(store, spec, piece, lo, to, counts);
      continue;
    }
    const { edges, whole } = splitMonths(lo, to);
    if (whole) {
      methods.add('rollup');
      await rollupCounts(store, plan, piece, whole[0], whole[1], counts);
    }
    for (const [a, b] of edges) {
      methods.add('rows');
      await rowCounts(store, spec, piece, a, b, counts);
    }
  }
  return { counts, methods };
}
