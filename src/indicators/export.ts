import type { IndicatorResult } from './schemas.ts';

/**
 * Exports of an indicator: JSON (the result itself), CSV (one row per value, coverage in
 * columns), and CSV with HXL hashtags (a second header row of the Humanitarian Exchange
 * Language, so humanitarian tools such as HXL Proxy and HDX read the columns without mapping).
 * Suppressed values are empty cells with their status beside them, never zero.
 */
export const EXPORT_FORMATS = ['json', 'csv', 'hxl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** HXL hashtags of breakdown fields (HXL has no language or age hashtag: those go under #meta). */
const HXL_OF: Record<string, string> = {
  country: '#country+code', region: '#adm1+name', language: '#meta+language', kind: '#meta+report_kind', status: '#meta+status', category: '#meta+category',
  source: '#org+code', dataset: '#meta+dataset', age: '#meta+age_range', gender: '#meta+gender', channel: '#meta+channel',
};

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quote when needed; a leading = + - @ is prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

interface Column {
  header: string;
  hxl: string;
  get: (v: IndicatorResult['values'][number]) => unknown;
}

function columns(r: IndicatorResult): Column[] {
  const by = r.by;
  const pct = r.unit === 'percent';
  const cols: Column[] = [
    { header: 'indicator', hxl: '#indicator+code', get: () => r.indicator.name },
    { header: 'period', hxl: '#date', get: (v) => v.period },
  ];
  if (by) cols.push({ header: by, hxl: HXL_OF[by] ?? `#meta+${by}`, get: (v) => v.dimensions[by] });
  cols.push(
    { header: 'value', hxl: pct ? '#indicator+value+pct' : '#indicator+value+num', get: (v) => v.value },
    { header: 'unit', hxl: '#meta+unit', get: () => r.unit },
    { header: 'status', hxl: '#meta+status+disclosure', get: (v) => v.status },
  );
  if (r.indicator.measure.kind === 'completeness') {
    cols.push({ header: 'numerator', hxl: '#meta+numerator+num', get: (v) => v.numerator }, { header: 'denominator', hxl: '#meta+denominator+num', get: (v) => v.denominator });
  }
  cols.push(
    { header: 'coverage_records', hxl: '#meta+coverage+records+num', get: (v) => v.coverage.records },
    { header: 'coverage_known_share', hxl: '#meta+coverage+known+pct', get: (v) => v.coverage.knownShare },
    { header: 'coverage_datasets_reporting', hxl: '#meta+coverage+datasets+num', get: (v) => v.coverage.datasetsReporting },
    { header: 'coverage_datasets_in_scope', hxl: '#meta+coverage+datasets_in_scope+num', get: (v) => v.coverage.datasetsInScope },
  );
  return cols;
}

export function exportIndicator(r: IndicatorResult, format: ExportFormat): { body: string; contentType: string; extension: string } {
  if (format === 'json') return { body: JSON.stringify(r, null, 2) + '\n', contentType: 'application/json', extension: 'json' };
  const cols = columns(r);
  const lines = [cols.map((c) => cell(c.header)).join(',')];
  if (format === 'hxl') lines.push(cols.map((c) => c.hxl).join(','));
  for (const v of r.values) lines.push(cols.map((c) => cell(c.get(v))).join(','));
  return { body: lines.join('\r\n') + '\r\n', contentType: 'text/csv; charset=utf-8', extension: format === 'hxl' ? 'hxl.csv' : 'csv' };
}
