import { copyField, CopyWriter } from '../copy.ts';
import type { SchemeCode } from '../../model/index.ts';
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

// Hours 24 and second 60 roll over in PostgreSQL; more than six fractional digits are rounded.
const SAFE_TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]\d\d:[0-5]\d)$/;

/** `date_trunc('month', t AT TIME ZONE 'UTC')::date` of an ISO timestamp, or null if unsure. */
function utcMonth(timestamp: string): string | null {
  if (!SAFE_TIMESTAMP.test(timestamp)) return null;
  // In UTC already: the month is the text's own (validated as a date by the model).
  if (timestamp.endsWith('Z')) return `${timestamp.slice(0, 7)}-01`;
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

type Counts = [n: number, k1: number, k2: number];
type Values = Map<string, Counts>;

/** Dimensions in a cell's order: the reports' own, then the children's. */
const DIMS = ['total', 'kind', 'status', 'country', 'language', 'category', 'child.total', 'child.age', 'child.gender', 'child.country', 'child.kind', 'child.language'] as const;
const [TOTAL, KIND, STATUS, COUNTRY, LANGUAGE, CATEGORY, C_TOTAL, C_AGE, C_GENDER, C_COUNTRY, C_KIND, C_LANGUAGE] = DIMS.map((_, i) => i) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number];

/** value → counts per dimension (indexed as DIMS), for one (organisation, dataset, month). */
type Cell = Values[];

function add(values: Values, value: string, k1: boolean, k2: boolean): void {
  const c = values.get(value);
  if (c) {
    c[0] += 1;
    if (k1) c[1] += 1;
    if (k2) c[2] += 1;
  } else values.set(value, [1, k1 ? 1 : 0, k2 ? 1 : 0]);
}

/** Signed counts per (organisation, dataset, month, dimension, value). */
export class RollupDeltas {
  // Nested maps keyed by strings the records already hold (the engine caches their hashes) and
  // dimension slots by index, rather than a composite key string built per count (~14 per report).
  readonly #cells = new Map<string, Map<string, Map<string, Cell>>>();

  #cell(org: string, dataset: string, month: string): Cell {
    let byDataset = this.#cells.get(org);
    if (!byDataset) this.#cells.set(org, (byDataset = new Map()));
    let byMonth = byDataset.get(dataset);
    if (!byMonth) byDataset.set(dataset, (byMonth = new Map()));
    let cell = byMonth.get(month);
    if (!cell) byMonth.set(month, (cell = DIMS.map(() => new Map<string, Counts>())));
    return cell;
  }

  /** Adds one report and its children; false (and nothing added) when its month is uncertain. */
  addBundle(b: ReportBundle): boolean {
    const r = b.report;
    const month = utcMonth(r.reportedAt);
    if (month === null) return false;
    const cell = this.#cell(r.sourceOrgId, r.datasetId, month);
    const hasCountry = r.country !== undefined && r.country !== null;
    const hasLanguage = r.language !== undefined && r.language !== null;
    const country = hasCountry ? (r.country as string) : NONE;
    const language = hasLanguage ? (r.language as string) : NONE;
    add(cell[TOTAL] as Values, '', hasCountry, hasLanguage);
    add(cell[KIND] as Values, r.kind, hasCountry, hasLanguage);
    add(cell[STATUS] as Values, r.status, hasCountry, hasLanguage);
    add(cell[COUNTRY] as Values, country, hasCountry, hasLanguage);
    add(cell[LANGUAGE] as Values, language, hasCountry, hasLanguage);
    const categories = cell[CATEGORY] as Values;
    const types = r.incidentTypes;
    if (types.length === 0) add(categories, NONE, hasCountry, hasLanguage);
    else if (types.length === 1) add(categories, `${(types[0] as SchemeCode).scheme}:${(types[0] as SchemeCode).code}`, hasCountry, hasLanguage);
    else for (const v of new Set(types.map((t) => `${t.scheme}:${t.code}`))) add(categories, v, hasCountry, hasLanguage);
    for (const c of b.children ?? []) {
      const aged = c.age.min !== null && c.age.max !== null;
      const gendered = c.gender !== 'unknown';
      add(cell[C_TOTAL] as Values, '', aged, gendered);
      add(cell[C_AGE] as Values, ageBand(c.age.min, c.age.max), aged, gendered);
      add(cell[C_GENDER] as Values, c.gender, aged, gendered);
      add(cell[C_COUNTRY] as Values, country, aged, gendered);
      add(cell[C_KIND] as Values, r.kind, aged, gendered);
      add(cell[C_LANGUAGE] as Values, language, aged, gendered);
    }
    return true;
  }

  /** Number of rollup rows the deltas make. */
  get size(): number {
    let n = 0;
    for (const byDataset of this.#cells.values()) for (const byMonth of byDataset.values()) for (const cell of byMonth.values()) for (const values of cell) n += values.size;
    return n;
  }

  /** The deltas as COPY bytes for `indicator_rollup (ROLLUP_COLUMNS)` (the same rows as `copyText`), in a buffer of their own. */
  bytes(): Uint8Array {
    const w = new CopyWriter(16 * 1024);
    for (const [org, byDataset] of this.#cells)
      for (const [dataset, byMonth] of byDataset)
        for (const [month, cell] of byMonth)
          for (let d = 0; d < DIMS.length; d++)
            for (const [value, [n, k1, k2]] of cell[d] as Values) w.safe(org).safe(dataset).safe(month).safe(DIMS[d]).str(value).num(n).num(k1).num(k2).end();
    return w.bytes();
  }

  /** The deltas as COPY text for `indicator_rollup (ROLLUP_COLUMNS)`. */
  copyText(): string {
    let out = '';
    for (const [org, byDataset] of this.#cells)
      for (const [dataset, byMonth] of byDataset)
        for (const [month, cell] of byMonth) {
          // Identifiers, months and dimension names never need COPY escapes; values may.
          const prefix = `${copyField(org)}\t${copyField(dataset)}\t${month}\t`;
          for (let d = 0; d < DIMS.length; d++)
            for (const [value, [n, k1, k2]] of cell[d] as Values) out += `${prefix}${DIMS[d]}\t${copyField(value)}\t${n}\t${k1}\t${k2}\n`;
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
