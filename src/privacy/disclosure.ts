/**
 * Disclosure control for count tables: small-cell (primary) suppression, secondary suppression
 * so that no published margin gives a suppressed cell back, consistency with earlier releases
 * (so two queries cannot be differenced), and optional noise from the exact discrete Laplace
 * sampler — in which case suppression is decided on the noisy values, never the true ones.
 *
 * A table of d dimensions is published with all its margins: every cell, every line total and
 * the grand total (for 2 dimensions: cells, row totals, column totals, total). Each line — the
 * entries along one dimension with the others fixed, plus their total — is an equation a reader
 * can solve. Secondary suppression makes sure no line holds exactly one suppressed entry.
 */

export const TOTAL = '*';
export type EntryStatus = 'shown' | 'primary' | 'secondary' | 'differencing';

export interface TableInput {
  dims: string[];
  /** Values of each dimension, in order (cells absent from counts are zero). */
  domains: string[][];
  /** Count per cell, keyed by cellKey(values). */
  counts: Map<string, number>;
}

export interface ProtectOptions {
  /** Cells with a (noisy) value below this are suppressed (default 10). */
  threshold: number;
  /** When set, a noise draw added to every cell (differential privacy); margins are sums of noisy cells. */
  noise?: () => number;
  /** Population keys of entries released earlier: value when shown, null when suppressed. */
  released?: ReadonlyMap<string, number | null>;
  /** Equality filters of the query, part of each entry's population. */
  filters?: Record<string, string>;
}

export interface PublishedEntry {
  /** Value per dimension, TOTAL ("*") for a margin. */
  cell: Record<string, string>;
  /** Published value; null when suppressed. */
  value: number | null;
  status: EntryStatus;
}

export interface ProtectedTable {
  dims: string[];
  entries: PublishedEntry[];
  suppressed: { primary: number; secondary: number; differencing: number };
  /** Population key and released value (null = suppressed) of every entry, for the release register. */
  releases: Array<{ population: string; value: number | null }>;
}

export const cellKey = (values: readonly string[]): string => values.join('\u0001');

/** The population an entry counts: its dimension values and the query's filters, as sorted key=value pairs. */
export function populationKey(cell: Record<string, string>, filters: Record<string, string> = {}): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries({ ...filters, ...cell })) if (v !== TOTAL) parts.push(`${k}=${v}`);
  return parts.sort().join('&');
}

/** Whether population a is contained in b (every constraint of b is one of a's). */
function nested(a: string, b: string): boolean {
  if (b === '') return true;
  const as = new Set(a.split('&'));
  return b.split('&').every((c) => as.has(c));
}

const S_SHOWN = 0;
const S_PRIMARY = 1;
const S_SECONDARY = 2;
const S_DIFF = 3;
const STATUS: EntryStatus[] = ['shown', 'primary', 'secondary', 'differencing'];

export function protectTable(input: TableInput, opts: ProtectOptions): ProtectedTable {
  const { dims, domains } = input;
  const d = dims.length;
  const sizes = domains.map((x) => x.length + 1); // the last coordinate is the total
  const strides: number[] = [];
  let n = 1;
  for (let i = d - 1; i >= 0; i--) {
    strides[i] = n;
    n *= sizes[i] as number;
  }
  const value = new Float64Array(n);
  const isTotal = new Uint8Array(n);
  const coords = (idx: number): number[] => dims.map((_, i) => Math.floor(idx / (strides[i] as number)) % (sizes[i] as number));
  // Cells first (noisy when asked), then margins as sums of the (noisy) cells.
  for (let idx = 0; idx < n; idx++) {
    const c = coords(idx);
    if (c.some((ci, i) => ci === (sizes[i] as number) - 1)) {
      isTotal[idx] = 1;
      continue;
    }
    const key = cellKey(c.map((ci, i) => (domains[i] as string[])[ci] as string));
    const v = input.counts.get(key) ?? 0;
    value[idx] = opts.noise ? v + opts.noise() : v;
  }
  // Margins in order of how many totals they hold, each summed along its first total dimension.
  const margins: number[] = [];
  for (let idx = 0; idx < n; idx++) if (isTotal[idx]) margins.push(idx);
  const totalsIn = (idx: number) => coords(idx).filter((ci, i) => ci === (sizes[i] as number) - 1).length;
  margins.sort((a, b) => totalsIn(a) - totalsIn(b));
  for (const idx of margins) {
    const c = coords(idx);
    const i = c.findIndex((ci, j) => ci === (sizes[j] as number) - 1);
    const total = (sizes[i] as number) - 1;
    const stride = strides[i] as number;
    let s = 0;
    for (let k = 0; k < total; k++) s += value[idx - (total - k) * stride] as number;
    value[idx] = s;
  }
  const status = new Uint8Array(n);
  // Primary suppression: below the threshold (noisy values when noisy). A true zero is not a
  // small cell: publishing it reveals no one. A noisy value is suppressed whenever below.
  for (let idx = 0; idx < n; idx++) {
    const v = value[idx] as number;
    if (opts.noise ? v < opts.threshold : v > 0 && v < opts.threshold) status[idx] = S_PRIMARY;
  }
  const entryCell = (idx: number): Record<string, string> => {
    const c = coords(idx);
    return Object.fromEntries(dims.map((dim, i) => [dim, c[i] === (sizes[i] as number) - 1 ? TOTAL : ((domains[i] as string[])[c[i] as number] as string)]));
  };
  const populations: string[] = new Array<string>(n);
  for (let idx = 0; idx < n; idx++) populations[idx] = populationKey(entryCell(idx), opts.filters);

  if (!opts.noise) {
    // Consistency with earlier releases: an entry suppressed before stays suppressed, and an
    // entry whose population nests in (or contains) one released before must not differ from it
    // by a small non-zero amount — that difference would be a small cell.
    if (opts.released && opts.released.size > 0) {
      const released = [...opts.released];
      for (let idx = 0; idx < n; idx++) {
        if (status[idx] !== S_SHOWN) continue;
        const pop = populations[idx] as string;
        const v = value[idx] as number;
        const before = opts.released.get(pop);
        if (before === null) {
          status[idx] = S_DIFF;
          continue;
        }
        for (const [p, rv] of released) {
          if (rv === null || p === pop) continue;
          const diff = Math.abs(rv - v);
          if (diff > 0 && diff < opts.threshold && (nested(pop, p) || nested(p, pop))) {
            status[idx] = S_DIFF;
            break;
          }
        }
      }
    }
    secondary(n, d, sizes, strides, value, isTotal, status);
  }
  const entries: PublishedEntry[] = [];
  const releases: Array<{ population: string; value: number | null }> = [];
  const counts = { primary: 0, secondary: 0, differencing: 0 };
  for (let idx = 0; idx < n; idx++) {
    const st = status[idx] as number;
    const shown = st === S_SHOWN;
    const v = shown ? Math.round(value[idx] as number) : null;
    entries.push({ cell: entryCell(idx), value: v, status: STATUS[st] as EntryStatus });
    releases.push({ population: populations[idx] as string, value: v });
    if (st === S_PRIMARY) counts.primary++;
    else if (st === S_SECONDARY) counts.secondary++;
    else if (st === S_DIFF) counts.differencing++;
  }
  return { dims, entries, suppressed: counts, releases };
}

/**
 * Until no line has exactly one suppressed entry: in each such line suppress the smallest
 * positive entry still shown (a cell before a total on ties). Suppressing a zero would not
 * protect anything: a reader knows it could only be the rest of the line.
 */
function secondary(n: number, d: number, sizes: number[], strides: number[], value: Float64Array, isTotal: Uint8Array, status: Uint8Array): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < d; i++) {
      const size = sizes[i] as number;
      const stride = strides[i] as number;
      for (let start = 0; start < n; start++) {
        if (Math.floor(start / stride) % size !== 0) continue;
        let suppressed = 0;
        for (let k = 0; k < size; k++) if (status[start + k * stride] !== S_SHOWN) suppressed++;
        if (suppressed !== 1) continue;
        let best = -1;
        for (let k = 0; k < size; k++) {
          const idx = start + k * stride;
          if (status[idx] !== S_SHOWN || (value[idx] as number) <= 0) continue;
          if (best < 0) best = idx;
          else {
            const vb = value[best] as number;
            const vi = value[idx] as number;
            if (vi < vb || (vi === vb && (isTotal[best] as number) > (isTotal[idx] as number))) best = idx;
          }
        }
        if (best >= 0) {
          status[best] = S_SECONDARY;
          changed = true;
        }
      }
    }
  }
}
