import { sql, type RawBuilder } from 'kysely';
import { reportRowFilter } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import { fieldSpec, type EntityName } from './definition.ts';
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

/** Rolled-up dimensions per entity (migrations 0850-0851), and which count column says a field is recorded. */
const ROLLUP: Record<EntityName, { total: string; dims: Record<string, string>; known: Record<string, 'k1' | 'k2'> } | null> = {
  reports: { total: 'total', dims: { kind: 'kind', status: 'status', country: 'country', language: 'language', category: 'category' }, known: { country: 'k1', language: 'k2' } },
  children: { total: 'child.total', dims: { age: 'child.age', gender: 'child.gender', country: 'child.country', kind: 'child.kind', language: 'child.language' }, known: { age: 'k1', gender: 'k2' } },
  contacts: null,
};

interface RollupPlan {
  dim: string;
  by: RawBuilder<string>;
  known: 'k1' | 'k2' | null;
  missing: string;
}

/** Which rollup dimension and columns answer this spec for this piece, or null (count rows). */
function rollupPlan(spec: CountSpec, piece: Piece, missing: string): RollupPlan | null {
  const r = ROLLUP[spec.entity];
  if (!r || piece.consent || Object.keys(spec.filters).length) return null;
  let dim = r.total;
  let by: RawBuilder<string> = sql<string>`''`;
  if (spec.by === 'source') by = sql<string>`source_org_id`;
  else if (spec.by === 'dataset') by = sql<string>`dataset_id`;
  else if (spec.by) {
    const d = r.dims[spec.by];
    if (!d) return null;
    dim = d;
    by = sql<string>`value`;
  }
  if (!spec.field) return { dim, by, known: null, missing };
  const known = r.known[spec.field];
  return known && spec.by !== spec.field ? { dim, by, known, missing } : null;
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

async function rollupCounts(store: Store, plan: RollupPlan, piece: Piece, lo: Date, hi: Date, into: CountMap): Promise<void> {
  const ds = piece.datasetIds ? (piece.datasetIds.length ? sql`AND dataset_id IN (${sql.join(piece.datasetIds)})` : sql`AND false`) : sql``;
  const k = plan.known ? sql.ref(plan.known) : sql`0`;
  const rows = await sql<{ m: string; b: string; n: number | string; k: number | string }>`
    SELECT to_char(month, 'YYYY-MM') AS m, ${plan.by} AS b, sum(n) AS n, sum(${k}) AS k
    FROM indicator_rollup
    WHERE dim = ${plan.dim} AND source_org_id = ${piece.orgId} ${ds} AND month >= ${monthKey(lo) + '-01'}::date AND month < ${monthKey(hi) + '-01'}::date
    GROUP BY 1, 2 HAVING sum(n) <> 0`.execute(store.db);
  for (const r of rows.rows) {
    const n = Number(r.n);
    if (!plan.known) add(into, countKey(r.m, r.b, ''), n);
    else {
      // Completeness needs only recorded vs missing: the recorded rows under one label.
      add(into, countKey(r.m, r.b, KNOWN), Number(r.k));
      add(into, countKey(r.m, r.b, plan.missing), n - Number(r.k));
    }
  }
}

const KNOWN = '(recorded)';

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
    const plan = rollupPlan(spec, piece, spec.field ? fieldSpec(spec.entity, spec.field).missing : '');
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
