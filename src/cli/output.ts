import { describeLocation, isTesseraError, type Problem } from '../shared/errors.ts';

/** Options every command accepts for its output. */
export interface OutputOptions {
  json?: boolean;
}

/** Prints a result: `human()` for people, the value itself as JSON for machines. */
export function printResult<T>(value: T, opts: OutputOptions, human: (v: T) => string): void {
  if (opts.json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  else {
    const text = human(value);
    if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
}

/** Prints one JSON object per line (for streams of results such as `tessera hash --json`). */
export function printJsonLine(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

/** Turns any thrown value into a Problem a person can act on. */
export function toProblem(e: unknown): Problem {
  if (isTesseraError(e)) return e.toProblem();
  if (e instanceof Error) return { code: 'internal_error', message: e.message };
  return { code: 'internal_error', message: String(e) };
}

export function formatProblem(p: Problem): string {
  const loc = describeLocation(p.where);
  return `error[${p.code}]${loc ? ' ' + loc : ''}: ${p.message}`;
}

/** Simple aligned table for human output. */
export function table(rows: Array<Record<string, unknown>>, columns?: string[]): string {
  if (rows.length === 0) return '(none)';
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cells = rows.map((r) => cols.map((c) => formatCell(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
