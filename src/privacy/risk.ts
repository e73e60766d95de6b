import { TesseraError, ValidationError, type Problem } from '../shared/errors.ts';

/**
 * Pre-share re-identification risk of microdata: k-anonymity over quasi-identifiers (age
 * range, gender, region, language, date). A record is at risk when fewer than k records share
 * its combination. The report lists the records at risk (by line) and searches, greedily, the
 * generalisations (age bands, month instead of day, country instead of region, language
 * without region, …) that bring the records at risk to zero, with the cost of each step.
 */
export const QUASI_IDENTIFIERS = ['age', 'gender', 'region', 'language', 'date'] as const;
export type QuasiIdentifier = (typeof QUASI_IDENTIFIERS)[number];

/** Generalisation levels of each quasi-identifier, most precise first; the last is "*" (removed). */
export const HIERARCHIES: Record<QuasiIdentifier, string[]> = {
  age: ['as recorded', '5-year bands', 'child / adult', 'removed'],
  gender: ['as recorded', 'removed'],
  region: ['region', 'country', 'removed'],
  language: ['language tag', 'language without region', 'removed'],
  date: ['day', 'month', 'quarter', 'year', 'removed'],
};

interface Row {
  line: number;
  age: { min: number | null; max: number | null } | null;
  gender: string | null;
  country: string | null;
  region: string | null;
  language: string | null;
  date: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** The rows a record contributes: a contact is one row; a report one row per child (report country, language and date). */
export function rowsOf(record: unknown, line: number): Row[] {
  if (!record || typeof record !== 'object' || Array.isArray(record)) throw new ValidationError([{ code: 'invalid_record', message: 'each line must be a JSON object (a contact or a report)', where: { line } }]);
  const r = record as Record<string, unknown>;
  const ageOf = (a: unknown) => (a && typeof a === 'object' ? { min: (a as { min?: number | null }).min ?? null, max: (a as { max?: number | null }).max ?? null } : null);
  if ('contactAt' in r) return [{ line, age: ageOf(r.age), gender: str(r.gender), country: str(r.country), region: str(r.region), language: str(r.language), date: str(r.contactAt) }];
  const report = (r.report && typeof r.report === 'object' ? r.report : r) as Record<string, unknown>;
  const children = Array.isArray(r.children) ? r.children : [];
  return children.map((c: unknown) => {
    const ch = (c ?? {}) as Record<string, unknown>;
    return { line, age: ageOf(ch.age), gender: str(ch.gender), country: str(ch.country) ?? str(report.country), region: null, language: str(report.language), date: str(report.reportedAt) };
  });
}

function generalise(row: Row, q: QuasiIdentifier, level: number): string {
  const last = HIERARCHIES[q].length - 1;
  if (level >= last) return '*';
  switch (q) {
    case 'age': {
      const a = row.age;
      if (!a || a.min === null || a.max === null) return 'unknown';
      if (level === 0) return `${a.min}-${a.max}`;
      if (level === 1) {
        const lo = Math.floor(a.min / 5) * 5;
        return Math.floor(a.max / 5) * 5 === lo ? `${lo}-${lo + 4}` : 'mixed';
      }
      return a.max < 18 ? 'child' : a.min >= 18 ? 'adult' : 'mixed';
    }
    case 'gender':
      return row.gender ?? 'unknown';
    case 'region':
      return level === 0 ? `${row.country ?? '?'}/${row.region ?? '?'}` : (row.country ?? '?');
    case 'language':
      return level === 0 ? (row.language ?? '?') : (row.language ?? '?').split('-')[0] as string;
    case 'date': {
      const d = row.date;
      if (!d) return '?';
      if (level === 0) return d.slice(0, 10);
      if (level === 1) return d.slice(0, 7);
      if (level === 2) return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
      return d.slice(0, 4);
    }
  }
}

export interface RiskOptions {
  k?: number;
  quasiIdentifiers?: readonly QuasiIdentifier[];
  /** Show at most this many lines at risk (default 50). */
  maxLines?: number;
}

export interface RiskStep {
  generalise: QuasiIdentifier;
  to: string;
  recordsAtRisk: number;
  classes: number;
}

export interface RiskReport {
  k: number;
  quasiIdentifiers: QuasiIdentifier[];
  records: number;
  rows: number;
  classes: number;
  recordsAtRisk: number;
  /** Share of rows at risk. */
  riskShare: number;
  /** Lines (1-based) of records at risk, at most maxLines. */
  linesAtRisk: number[];
  /** Smallest equivalence classes, as generalised values with their size. */
  smallestClasses: Array<{ values: Record<string, string>; size: number }>;
  /** Generalisations, in order, and what each leaves at risk. */
  plan: RiskStep[];
  /** The levels the plan ends at, and what is still at risk (to suppress) there. */
  final: { levels: Record<string, string>; recordsAtRisk: number; linesToSuppress: number[] };
}

function evaluate(rows: Row[], qis: readonly QuasiIdentifier[], levels: number[], k: number): { classes: Map<string, number>; atRisk: number; keys: string[] } {
  const keys = rows.map((r) => qis.map((q, i) => generalise(r, q, levels[i] as number)).join('\u0001'));
  const classes = new Map<string, number>();
  for (const key of keys) classes.set(key, (classes.get(key) ?? 0) + 1);
  let atRisk = 0;
  for (const key of keys) if ((classes.get(key) as number) < k) atRisk++;
  return { classes, atRisk, keys };
}

export function assessRisk(input: Iterable<{ record: unknown; line: number }>, opts: RiskOptions = {}): RiskReport {
  const k = opts.k ?? 5;
  if (!Number.isInteger(k) || k < 2 || k > 1000) throw new TesseraError('invalid_option', `k must be a whole number from 2 to 1000, got ${k}`, { where: { field: 'k' } });
  const qis = [...(opts.quasiIdentifiers ?? QUASI_IDENTIFIERS)];
  for (const q of qis) if (!(QUASI_IDENTIFIERS as readonly string[]).includes(q)) throw new TesseraError('invalid_option', `"${q}" is not a quasi-identifier (${QUASI_IDENTIFIERS.join(', ')})`, { where: { field: 'quasiIdentifiers' } });
  const rows: Row[] = [];
  const problems: Problem[] = [];
  let records = 0;
  for (const { record, line } of input) {
    records++;
    try {
      rows.push(...rowsOf(record, line));
    } catch (e) {
      if (e instanceof ValidationError) problems.push(...e.issues);
      else throw e;
    }
  }
  if (problems.length) throw new ValidationError(problems.slice(0, 100));
  const levels = qis.map(() => 0);
  const first = evaluate(rows, qis, levels, k);
  const maxLines = opts.maxLines ?? 50;
  const linesAt = (ev: ReturnType<typeof evaluate>) => [...new Set(rows.filter((_, i) => (ev.classes.get(ev.keys[i] as string) as number) < k).map((r) => r.line))];
  const plan: RiskStep[] = [];
  let current = first;
  while (current.atRisk > 0) {
    let best: { i: number; ev: ReturnType<typeof evaluate> } | null = null;
    for (let i = 0; i < qis.length; i++) {
      const q = qis[i] as QuasiIdentifier;
      // Never remove a quasi-identifier outright while another can still be coarsened.
      if ((levels[i] as number) >= HIERARCHIES[q].length - 1) continue;
      const trial = [...levels];
      trial[i] = (trial[i] as number) + 1;
      const ev = evaluate(rows, qis, trial, k);
      const removes = (trial[i] as number) === HIERARCHIES[q].length - 1;
      const score = ev.atRisk + (removes ? rows.length * 0.01 : 0);
      const bestScore = best ? best.ev.atRisk + ((levels[best.i] as number) + 1 === HIERARCHIES[qis[best.i] as QuasiIdentifier].length - 1 ? rows.length * 0.01 : 0) : Infinity;
      if (score < bestScore) best = { i, ev };
    }
    if (!best) break;
    levels[best.i] = (levels[best.i] as number) + 1;
    current = best.ev;
    const q = qis[best.i] as QuasiIdentifier;
    plan.push({ generalise: q, to: HIERARCHIES[q][levels[best.i] as number] as string, recordsAtRisk: current.atRisk, classes: current.classes.size });
  }
  const smallest = [...first.classes.entries()].sort((a, b) => a[1] - b[1]).slice(0, 10).map(([key, size]) => ({ values: Object.fromEntries(key.split('\u0001').map((v, i) => [qis[i] as string, v])), size }));
  return {
    k, quasiIdentifiers: qis, records, rows: rows.length, classes: first.classes.size, recordsAtRisk: first.atRisk, riskShare: rows.length ? first.atRisk / rows.length : 0,
    linesAtRisk: linesAt(first).slice(0, maxLines), smallestClasses: smallest, plan,
    final: { levels: Object.fromEntries(qis.map((q, i) => [q, HIERARCHIES[q][levels[i] as number] as string])), recordsAtRisk: current.atRisk, linesToSuppress: linesAt(current).slice(0, maxLines) },
  };
}

/** Records of a JSON Lines text, with line numbers; a line that is not JSON is refused with its number. */
export function* parseJsonLines(text: string, file = 'input'): Generator<{ record: unknown; line: number }> {
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    const t = raw.trim();
    if (!t) continue;
    let record: unknown;
    try {
      record = JSON.parse(t);
    } catch (e) {
      throw new ValidationError([{ code: 'invalid_json', message: `line ${line} is not JSON: ${e instanceof Error ? e.message : String(e)}`, where: { file, line } }]);
    }
    yield { record, line };
  }
}
