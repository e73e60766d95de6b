import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EXPORT_FORMATS, computeIndicator, exportIndicator, indicatorTrend, listIndicators, type ExportFormat, type IndicatorDefinition, type IndicatorQuery, type IndicatorResult, type TrendResult } from '../../indicators/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { actingPrincipal, globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

interface QueryOptions {
  from?: string;
  to?: string;
  grain?: string;
  by?: string;
  scope?: string;
  purpose?: string;
  threshold?: string;
  as?: string;
}

function queryOf(o: QueryOptions): IndicatorQuery {
  return {
    ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), ...(o.grain ? { grain: o.grain as IndicatorQuery['grain'] } : {}), ...(o.by ? { by: o.by } : {}),
    ...(o.scope ? { scope: o.scope } : {}), ...(o.purpose ? { purpose: o.purpose as IndicatorQuery['purpose'] } : {}), ...(o.threshold ? { threshold: Number(o.threshold) } : {}),
  };
}

const withQueryOptions = (c: Command): Command =>
  c
    .option('--from <date>', 'start: YYYY, YYYY-MM, YYYY-MM-DD or an ISO instant (default: 24 months back)')
    .option('--to <date>', 'end (a year, month or day is included whole; default: end of this month)')
    .option('--by <field>', "break down by one of the indicator's disaggregations")
    .option('--scope <scope>', '"all" (own data plus what agreements share for counting), "own", or an agreement id or slug', 'all')
    .option('--purpose <purpose>', 'the purpose you act for under agreements', 'research-and-statistics')
    .option('--threshold <n>', 'suppress counts below this (default 10 when shared rows are counted, else 1)')
    .option('--as <email>', 'act as this user (or TESSERA_USER)')
    .option('--json', 'print the result as JSON');

const fmt = (v: number | null, unit: string) => (v === null ? 'suppressed' : unit === 'percent' ? `${v}%` : v.toLocaleString('en'));

function human(r: IndicatorResult): string {
  const rows = r.values.map((v) => ({
    period: v.period.includes('/') ? 'total' : v.period, ...(r.by ? { [r.by]: v.dimensions[r.by] } : {}), value: fmt(v.value, r.unit), ...(v.status !== 'shown' ? { note: v.status } : {}),
    datasets: `${v.coverage.datasetsReporting}/${v.coverage.datasetsInScope}`, ...(v.coverage.knownShare !== null ? { known: `${Math.round(v.coverage.knownShare * 1000) / 10}%` } : {}),
  }));
  const scope = r.coverage.scope.map((s) => (s.agreement ? `agreement ${s.agreement.slug} (${s.organisation})` : `own (${s.organisation})`)).join(', ');
  return [
    `${r.indicator.title} — ${r.unit}, ${r.period.from.slice(0, 10)} to ${r.period.to.slice(0, 10)} (exclusive), by ${r.grain}${r.by ? ` and ${r.by}` : ''}`,
    table(rows),
    `scope: ${scope || 'nothing'}; read from ${r.coverage.method}; threshold ${r.disclosure.threshold} (${r.disclosure.suppressed.primary} small, ${r.disclosure.suppressed.secondary} protecting them)`,
    ...r.coverage.excluded.map((e) => `left out: agreement ${e.agreement}: ${e.reason}`),
    ...r.coverage.notes,
  ].join('\n');
}

function humanTrend(t: TrendResult): string {
  const rows = t.series.map((p) => ({ month: p.period, value: fmt(p.value, t.unit), 'a year before': fmt(p.previousYear, t.unit), 'year on year': p.yearOnYear === null ? '' : `${p.yearOnYear > 0 ? '+' : ''}${p.yearOnYear}%`, 'vs baseline': p.againstBaseline === null ? '' : `${p.againstBaseline > 0 ? '+' : ''}${p.againstBaseline}%`, datasets: `${p.coverage.datasetsReporting}/${p.coverage.datasetsInScope}` }));
  return [`${t.indicator}${t.by ? ` (${t.by} = ${t.dimensions[t.by as string]})` : ''} — ${t.unit} per month; baseline ${t.baseline.from.slice(0, 7)} to ${t.baseline.to.slice(0, 7)}: ${t.baseline.value ?? 'suppressed'} per month`, table(rows)].join('\n');
}

/** `tessera indicators list|compute|trend`. */
export function register(program: Command): void {
  const ind = program.command('indicators').description('shared indicators: volumes, completeness, collaboration; monthly series, year on year, exports');
  ind
    .command('list')
    .description('the indicator definitions this node computes')
    .option('--json', 'print the definitions as JSON')
    .action((_o, cmd: Command) => {
      const o = globalsOf<{ json?: boolean }>(cmd);
      printResult([...listIndicators()], o, (defs) => table(defs.map((d) => ({ name: d.name, unit: d.unit, 'break down by': d.disaggregations.join(', '), description: d.description }))));
    });
  withQueryOptions(
    ind
      .command('compute')
      .argument('[name]', 'a built-in indicator (see `tessera indicators list`)')
      .description('compute an indicator over a period, with coverage beside every figure')
      .option('--grain <grain>', 'month, year or total', 'month')
      .option('--definition <file>', 'compute the indicator defined in this JSON file instead of a built-in one')
      .option('--format <format>', `write the result as ${EXPORT_FORMATS.join(', ')} (hxl: CSV with HXL hashtags)`)
      .option('--out <file>', 'with --format: write to this file instead of standard output'),
  ).action(async (name: string | undefined, _o, cmd: Command) => {
    const o = globalsOf<QueryOptions & { definition?: string; format?: string; out?: string; json?: boolean }>(cmd);
    if (!name && !o.definition) throw new TesseraError('missing_argument', 'name an indicator (see `tessera indicators list`) or give --definition FILE', { where: { field: 'name' } });
    if (o.format && !(EXPORT_FORMATS as readonly string[]).includes(o.format)) throw new TesseraError('invalid_option', `--format is one of ${EXPORT_FORMATS.join(', ')}`, { where: { field: 'format' } });
    let def: string | IndicatorDefinition = name ?? '';
    if (o.definition) {
      try {
        def = JSON.parse(readFileSync(o.definition, 'utf8')) as IndicatorDefinition;
      } catch (e) {
        throw new TesseraError('invalid_indicator', `cannot read the definition in ${o.definition}: ${(e as Error).message}`, { where: { file: o.definition } });
      }
    }
    const r = await withStore(o, async (store) => computeIndicator(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), def, queryOf(o)));
    if (o.format) {
      const file = exportIndicator(r, o.format as ExportFormat);
      if (o.out) {
        writeFileSync(o.out, file.body);
        process.stderr.write(`wrote ${r.values.length} values to ${o.out}\n`);
      } else process.stdout.write(file.body);
      return;
    }
    printResult(r, o, human);
  });
  withQueryOptions(
    ind
      .command('trend')
      .argument('<name>', 'a built-in indicator')
      .description('monthly series with the same month a year before, year-on-year change and a baseline')
      .option('--value <value>', 'with --by: the breakdown value to follow, e.g. --by country --value BR')
      .option('--baseline-from <date>', 'start of the baseline (default: the first twelve months of the series)')
      .option('--baseline-to <date>', 'end of the baseline'),
  ).action(async (name: string, _o, cmd: Command) => {
    const o = globalsOf<QueryOptions & { value?: string; baselineFrom?: string; baselineTo?: string; json?: boolean }>(cmd);
    const t = await withStore(o, async (store) =>
      indicatorTrend(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), name, { ...queryOf(o), ...(o.value ? { dimension: o.value } : {}), ...(o.baselineFrom ? { baselineFrom: o.baselineFrom } : {}), ...(o.baselineTo ? { baselineTo: o.baselineTo } : {}) }),
    );
    printResult(t, o, humanTrend);
  });
}
