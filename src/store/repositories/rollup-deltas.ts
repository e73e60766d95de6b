import { copyRow } from '../copy.ts';
import type { ReportBundle } from './records.ts';

/**
 * The indicator rollup deltas of a batch of new report bundles, computed here instead of by the
 * rollup's insert triggers (migrations 0850, 0851, 0900): the same rows, counts and key-field
 * counts the triggers' `tessera_indicator_report_delta` and `tessera_indicator_child_delta` would
 * add, without the database grouping ~14 rows per report in SQL. A test loads the same bundles
 * both ways and compares the rollup (src/store/rollup-deltas.test.ts); change both together.
 *
 * Exactness needs each child to belong to the bundle's report (checked by the writers) and a
 * month computed exactly as PostgreSQL does: `rollupDeltas` returns null, and the triggers do the
 * work, when a timestamp is in a form whose month JavaScript might read differently (more than
 * six fractional digits, which PostgreSQL rounds, or an unusual zone notation).
 */

/** Columns of `indicator_rollup` written by `RollupDeltas.copyText`. */
export const ROLLUP_COLUMNS = ['source_org_id', 'dataset_id', 'month', 'dim', 'value', 'n', 'k1', 'k2'] as const;

const SAFE_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?(Z|[+-]\d\d:\d\d)$/;

/** `date_trunc('month', t AT TIME ZONE 'UTC')::date` of an ISO timestamp, or null if unsure. */
function utcMonth(timestamp: string): string | null {
  if (!SAFE_TIMESTAMP.test(timestamp)) return null;
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  return iso.length === 24 ? `${iso.slice(0, 7)}-01` : null; // not a four-digit year
}

/** `tessera_age_band` (migration 0850) in JavaScript. */
export function ageBand(min: number | null, max: number | null): string {
  if (min === null || max === null) return 'unknown';
  if (max <= 2) return '0-2';
  if (min >= 3 && max <= 6) return '3-6';
  if (min >= 7 && max <= 10) return '7-10';
  if (min >= 11 && max <= 13) return '11-13';
  if (min >= 14 && max <= 15) return '14-15';
  if (min >= 16 && max <= 17) return '16-17';
  return 'wider-range';
}

const NONE = '(none)';

/** Signed counts per (organisation, dataset, month, dimension, value). */
export class RollupDeltas {
  readonly #rows = new Map<string, [number, number, number]>();

  #add(prefix: string, dim: string, value: string, k1: boolean, k2: boolean): void {
    const key = `${prefix}\t${dim}\t${value}`;
    const row = this.#rows.get(key);
    if (row) {
      row[0] += 1;
      if (k1) row[1] += 1;
      if (k2) row[2] += 1;
    } else this.#rows.set(key, [1, k1 ? 1 : 0, k2 ? 1 : 0]);
  }

  /** Adds one report and its children; false (and nothing added) when its month is uncertain. */
  addBundle(b: ReportBundle): boolean {
    const r = b.report;
    const month = utcMonth(r.reportedAt);
    if (month === null) return false;
    // Keys are joined with tabs: ids, months and dimension names hold none, and values that could
    // are escaped by copyRow at the end, after splitting on the first four tabs only.
    const prefix = `${r.sourceOrgId}\t${r.datasetId}\t${month}`;
    const hasCountry = r.country !== undefined && r.country !== null;
    const hasLanguage = r.language !== undefined && r.language !== null;
    const country = hasCountry ? (r.country as string) : NONE;
    const language = hasLanguage ? (r.language as string) : NONE;
    this.#add(prefix, 'total', '', hasCountry, hasLanguage);
    this.#add(prefix, 'kind', r.kind, hasCountry, hasLanguage);
    this.#add(prefix, 'status', r.status, hasCountry, hasLanguage);
    this.#add(prefix, 'country', country, hasCountry, hasLanguage);
    this.#add(prefix, 'language', language, hasCountry, hasLanguage);
    if (r.incidentTypes.length === 0) this.#add(prefix, 'category', NONE, hasCountry, hasLanguage);
    else {
      const seen = new Set<string>();
      for (const t of r.incidentTypes) {
        const v = `${t.scheme}:${t.code}`;
        if (seen.has(v)) continue;
        seen.add(v);
        this.#add(prefix, 'category', v, hasCountry, hasLanguage);
      }
    }
    for (const c of b.children ?? []) {
      const aged = c.age.min !== null && c.age.max !== null;
      const gendered = c.gender !== 'unknown';
      this.#add(prefix, 'child.total', '', aged, gendered);
      this.#add(prefix, 'child.age', ageBand(c.age.min, c.age.max), aged, gendered);
      this.#add(prefix, 'child.gender', c.gender, aged, gendered);
      this.#add(prefix, 'child.country', country, aged, gendered);
      this.#add(prefix, 'child.kind', r.kind, aged, gendered);
      this.#add(prefix, 'child.language', language, aged, gendered);
    }
    return true;
  }

  get size(): number {
    return this.#rows.size;
  }

  /** The deltas as COPY text for `indicator_rollup (ROLLUP_COLUMNS)`. */
  copyText(): string {
    let out = '';
    for (const [key, [n, k1, k2]] of this.#rows) {
      const a = key.indexOf('\t');
      const b = key.indexOf('\t', a + 1);
      const c = key.indexOf('\t', b + 1);
      const d = key.indexOf('\t', c + 1);
      out += copyRow([key.slice(0, a), key.slice(a + 1, b), key.slice(b + 1, c), key.slice(c + 1, d), key.slice(d + 1), n, k1, k2]);
    }
    return out;
  }
}

/** The deltas of `bundles`, or null when any of them must be left to the triggers. */
export function rollupDeltas(bundles: readonly ReportBundle[]): RollupDeltas | null {
  const deltas = new RollupDeltas();
  for (const b of bundles) if (!deltas.addBundle(b)) return null;
  return deltas;
}
