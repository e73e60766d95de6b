import { TesseraError } from '../shared/errors.ts';

/**
 * Periods: `from` inclusive, `to` exclusive, UTC. Accepts YYYY, YYYY-MM, YYYY-MM-DD or a full
 * ISO 8601 instant; a date that does not exist (2026-02-30, month 13) is an error, not a
 * silently rolled-over day.
 */
export type Grain = 'month' | 'year' | 'total';
export const GRAINS: readonly Grain[] = ['month', 'year', 'total'];

const DAY = 86_400_000;

export function parseInstant(text: string, field: string, end = false): Date {
  const bad = (why: string) => new TesseraError('invalid_date', `${field} "${text.slice(0, 60)}" ${why}; write YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 date and time (UTC)`, { where: { field } });
  const t = text.trim();
  let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = m[2] ? Number(m[2]) : 1;
    const d = m[3] ? Number(m[3]) : 1;
    if (mo < 1 || mo > 12) throw bad(`has no month ${mo}`);
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) throw bad(`is not a date (${y}-${String(mo).padStart(2, '0')} has no day ${d})`);
    if (y < 1970 || y > 2200) throw bad('is outside the years 1970-2200');
    // An end given as a day, month or year means "to the end of it".
    if (end) {
      if (m[3]) return new Date(date.getTime() + DAY);
      if (m[2]) return new Date(Date.UTC(y, mo, 1));
      return new Date(Date.UTC(y + 1, 0, 1));
    }
    return date;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(t);
  if (!m) throw bad('is not a date');
  const ms = Date.parse(t);
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!Number.isFinite(ms) || day.getUTCDate() !== Number(m[3]) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) throw bad('is not a valid date and time');
  return new Date(ms);
}

export interface Period {
  from: Date;
  to: Date;
}

/** The period asked for; by default the 24 whole months before the current month's end. */
export function parsePeriod(from: string | undefined, to: string | undefined, now = new Date()): Period {
  const end = to ? parseInstant(to, 'to', true) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const start = from ? parseInstant(from, 'from') : new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 24, 1));
  if (start.getTime() >= end.getTime()) throw new TesseraError('invalid_period', `the period is empty: from ${start.toISOString()} is not before to ${end.toISOString()}`, { where: { field: 'from' } });
  if (end.getTime() - start.getTime() > 30 * 366 * DAY) throw new TesseraError('invalid_period', 'a period is at most 30 years', { where: { field: 'to' } });
  return { from: start, to: end };
}

export const monthStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
export const addMonths = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
export const monthKey = (d: Date) => d.toISOString().slice(0, 7);

/** The label of the period a month ("YYYY-MM") falls in. */
export function periodOf(month: string, grain: Grain, p: Period): string {
  if (grain === 'month') return month;
  if (grain === 'year') return month.slice(0, 4);
  return intervalLabel(p);
}

export function intervalLabel(p: Period): string {
  return `${p.from.toISOString()}/${p.to.toISOString()}`;
}

/** Every period label in order (empty periods count as zero, so a chart has no gaps). */
export function periodDomain(p: Period, grain: Grain): string[] {
  if (grain === 'total') return [intervalLabel(p)];
  const out: string[] = [];
  for (let d = monthStart(p.from); d < p.to; d = addMonths(d, 1)) {
    const label = periodOf(monthKey(d), grain, p);
    if (out[out.length - 1] !== label) out.push(label);
  }
  return out;
}

/** [lo, hi) split into a partial month at each end (read from rows) and whole months (read from the rollup). */
export function splitMonths(lo: Date, hi: Date): { edges: Array<[Date, Date]>; whole: [Date, Date] | null } {
  const firstWhole = lo.getTime() === monthStart(lo).getTime() ? lo : addMonths(lo, 1);
  const lastWhole = monthStart(hi);
  if (firstWhole >= lastWhole) return { edges: [[lo, hi]], whole: null };
  const edges: Array<[Date, Date]> = [];
  if (lo < firstWhole) edges.push([lo, firstWhole]);
  if (lastWhole < hi) edges.push([lastWhole, hi]);
  return { edges, whole: [firstWhole, lastWhole] };
}
