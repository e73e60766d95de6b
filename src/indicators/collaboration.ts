import { sql } from 'kysely';
import type { Store } from '../store/index.ts';
import { countKey, type CountMap } from './counts.ts';
import type { CollaborationMetric } from './definition.ts';
import { addMonths, monthKey, monthStart, type Period } from './period.ts';

/**
 * Collaboration metrics: what an organisation does with others — agreements in force, its
 * records read by others under agreements, links and cases found by linkage, classifications
 * it reused from the shared registry. Each is the organisation's own activity, counted per
 * month (agreements: in force at the month's end).
 */

const parse = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function put(out: CountMap, month: string, n: number): void {
  const k = countKey(month, '', '');
  out.set(k, (out.get(k) ?? 0) + n);
}

async function monthly(store: Store, query: ReturnType<typeof sql<{ m: string; n: number | string }>>): Promise<CountMap> {
  const out: CountMap = new Map();
  for (const r of (await query.execute(store.db)).rows) put(out, r.m, Number(r.n));
  return out;
}

export async function collaborationCounts(store: Store, orgId: string, metric: CollaborationMetric, p: Period): Promise<CountMap> {
  const lo = p.from.toISOString();
  const hi = p.to.toISOString();
  const scopeOfOrg = sql`(s.scope = ${`org:${orgId}`} OR s.scope LIKE ${`agreement:%/org:${orgId}`})`;
  switch (metric) {
    case 'agreements-active': {
      const rows = await sql<{ terms: unknown; state: string; created_at: string | Date; revoked_at: string | Date | null }>`SELECT terms, state, created_at, revoked_at FROM agreements`.execute(store.db);
      const mine = rows.rows
        .map((r) => ({ ...r, t: parse<{ providerOrgId: string; recipients: Array<{ orgId: string }>; validFrom: string; validUntil: string }>(r.terms) }))
        .filter((r) => r.state !== 'draft' && (r.t.providerOrgId === orgId || r.t.recipients.some((x) => x.orgId === orgId)));
      const out: CountMap = new Map();
      // In force at the end of each month (or at the end of the period, for its last month).
      for (let d = monthStart(p.from); d < p.to; d = addMonths(d, 1)) {
        const end = Math.min(addMonths(d, 1).getTime(), p.to.getTime()) - 1;
        const n = mine.filter((r) => new Date(r.created_at).getTime() <= end && Date.parse(r.t.validFrom) <= end && Date.parse(r.t.validUntil) > end && (r.revoked_at === null || new Date(r.revoked_at).getTime() > end)).length;
        put(out, monthKey(d), n);
      }
      return out;
    }
    case 'records-shared':
      // Reads and exports of the organisation's records by others, under an agreement, allowed.
      return monthly(store, sql<{ m: string; n: number }>`
        SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM') AS m,
          sum(coalesce((entry::jsonb #>> '{details,recordCount}')::bigint, jsonb_array_length(coalesce(entry::jsonb #> '{details,recordIds}', '[]'::jsonb)))) AS n
        FROM audit_events
        WHERE owner_org_id = ${orgId} AND actor_org_id <> ${orgId} AND agreement_id IS NOT NULL AND decision = 'allow'
          AND action IN ('report.read', 'report.export') AND at >= ${lo}::timestamptz AND at < ${hi}::timestamptz
        GROUP BY 1`);
    case 'matches-found':
      return monthly(store, sql<{ m: string; n: number }>`
        SELECT to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m, count(*) AS n FROM report_links s
        WHERE ${scopeOfOrg} AND s.created_at >= ${lo}::timestamptz AND s.created_at < ${hi}::timestamptz GROUP BY 1`);
    case 'duplicates-folded':
      return monthly(store, sql<{ m: string; n: number }>`
        SELECT to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m, count(*) AS n FROM (
          SELECT cr.added_at, row_number() OVER (PARTITION BY cr.case_id ORDER BY cr.added_at, cr.report_id) AS rn
          FROM linkage_case_reports cr JOIN linkage_cases s ON s.id = cr.case_id WHERE ${scopeOfOrg}) x
        WHERE rn > 1 AND added_at >= ${lo}::timestamptz AND added_at < ${hi}::timestamptz GROUP BY 1`);
    case 'classifications-reused': {
      const hashMatch = (assessor: ReturnType<typeof sql>) => sql`EXISTS (SELECT 1 FROM hash_classifications hc WHERE hc.withdrawn_at IS NULL AND ${assessor} AND (
          (hc.signal_type = 'sha256' AND hc.value = ci.sha256) OR (hc.signal_type = 'md5' AND hc.value = ci.md5) OR (hc.signal_type = 'pdq' AND hc.value = ci.pdq)))`;
      return monthly(store, sql<{ m: string; n: number }>`
        SELECT to_char(r.reported_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m, count(*) AS n
        FROM content_items ci JOIN reports r ON r.id = ci.report_id
        WHERE r.source_org_id = ${orgId} AND r.reported_at >= ${lo}::timestamptz AND r.reported_at < ${hi}::timestamptz
          AND ${hashMatch(sql`hc.assessor_org_id <> ${orgId}`)} AND NOT ${hashMatch(sql`hc.assessor_org_id = ${orgId}`)}
        GROUP BY 1`);
    }
  }
}
