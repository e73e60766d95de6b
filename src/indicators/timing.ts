import { sql, type RawBuilder } from 'kysely';
import type { Store } from '../store/index.ts';
import type { Period } from './period.ts';
import type { Piece } from './scope.ts';
import { reportRowFilter } from '../policy/index.ts';

/**
 * Timings and the feedback rate, over the tables of referrals, outcomes (migration 0800) and the
 * exchange (0700). Durations are in days, per month of the report they start from (the time to
 * share: per month the copy arrived). Reports are chosen by the same pieces of scope as every
 * indicator (own rows and what agreements share for counting).
 */
export const TIMING_METRICS = {
  'report-to-removal': { unit: 'days', description: 'time from a report to the first "content removed" outcome recorded for it' },
  'report-to-referral': { unit: 'days', description: 'time from a report or helpline contact to the first referral of a child from it' },
  'report-to-share': { unit: 'days', description: 'time from a report to its copy arriving at this organisation through the exchange, under an agreement' },
} as const;
export type TimingMetric = keyof typeof TIMING_METRICS;

/** Durations (days) per month, for the pieces of scope (or the receiving organisation, for shares). */
export async function timingRows(store: Store, metric: TimingMetric, pieces: Piece[], orgId: string, p: Period): Promise<Array<{ m: string; days: number }>> {
  const lo = p.from.toISOString();
  const hi = p.to.toISOString();
  const inScope = (alias: string): RawBuilder<unknown> =>
    pieces.length ? sql`(${sql.join(pieces.map((x) => reportRowFilter({ sourceOrgIds: [x.orgId], datasetIds: x.datasetIds, reportedAtOrAfter: x.from, consent: x.consent }, alias)), sql` OR `)})` : sql`false`;
  let q: RawBuilder<{ m: string; days: number | string }>;
  switch (metric) {
    case 'report-to-removal':
      q = sql`
        SELECT to_char(r.reported_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m, extract(epoch FROM (min(o.occurred_at) - r.reported_at)) / 86400 AS days
        FROM outcomes o JOIN reports r ON r.id = coalesce(o.origin_id, o.target_id)
        WHERE o.type = 'content-removed' AND ${inScope('r')} AND r.reported_at >= ${lo}::timestamptz AND r.reported_at < ${hi}::timestamptz
        GROUP BY r.id, r.reported_at`;
      break;
    case 'report-to-referral':
      q = sql`
        SELECT to_char(f.origin_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m, extract(epoch FROM (min(f.created_at) - f.origin_at)) / 86400 AS days
        FROM referrals f LEFT JOIN reports r ON f.origin_kind = 'report' AND r.id = f.origin_id
        WHERE f.origin_at IS NOT NULL AND f.origin_at >= ${lo}::timestamptz AND f.origin_at < ${hi}::timestamptz
          AND ((f.origin_kind = 'report' AND r.id IS NOT NULL AND ${inScope('r')}) OR (f.origin_kind = 'contact' AND f.from_org_id = ${orgId}))
        GROUP BY f.origin_id, f.origin_at`;
      break;
    case 'report-to-share':
      q = sql`
        SELECT to_char(c.received_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m, extract(epoch FROM (min(c.received_at) - (c.record->>'reportedAt')::timestamptz)) / 86400 AS days
        FROM exchange_copies c
        WHERE c.receiver_org_id = ${orgId} AND c.record ? 'reportedAt' AND c.received_at >= ${lo}::timestamptz AND c.received_at < ${hi}::timestamptz
        GROUP BY c.record_id, c.received_at, c.record->>'reportedAt'`;
      break;
  }
  const rows = await q.execute(store.db);
  return rows.rows.map((r) => ({ m: r.m, days: Math.max(0, Number(r.days)) }));
}

/** Reports in scope with at least one outcome fed back, per month of the report. */
export async function feedbackRows(store: Store, pieces: Piece[], p: Period): Promise<Map<string, number>> {
  if (!pieces.length) return new Map();
  const filter = sql`(${sql.join(pieces.map((x) => reportRowFilter({ sourceOrgIds: [x.orgId], datasetIds: x.datasetIds, reportedAtOrAfter: x.from, consent: x.consent }, 'r')), sql` OR `)})`;
  const rows = await sql<{ m: string; n: number | string }>`
    SELECT to_char(r.reported_at AT TIME ZONE 'UTC', 'YYYY-MM') AS m, count(*) AS n
    FROM reports r
    WHERE r.id IN (SELECT coalesce(o.origin_id, o.target_id) FROM outcomes o WHERE o.type NOT IN ('disputed'))
      AND ${filter} AND r.reported_at >= ${p.from.toISOString()}::timestamptz AND r.reported_at < ${p.to.toISOString()}::timestamptz
    GROUP BY 1`.execute(store.db);
  return new Map(rows.rows.map((r) => [r.m, Number(r.n)]));
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
