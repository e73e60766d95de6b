import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { REPRESENTATION_DIMENSIONS, datasetQuality, minimisationReport, parseReferenceCsv, representationReport } from '../../indicators/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { actingPrincipal, globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${v}%`);

/** `tessera quality [datasets|representation|minimisation]`. */
export function register(program: Command): void {
  const quality = program
    .command('quality')
    .description('data quality: completeness and validity per dataset; representation against a reference population; data minimisation')
    .option('--from <date>', 'start (YYYY, YYYY-MM, YYYY-MM-DD or ISO instant; default 24 months back)')
    .option('--to <date>', 'end (default: end of this month)')
    .option('--as <email>', 'act as this user (or TESSERA_USER)')
    .option('--json', 'print the result as JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ from?: string; to?: string; as?: string; json?: boolean }>(cmd);
      const r = await withStore(o, async (store) => datasetQuality(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), { ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) }));
      printResult(r, o, (x) =>
        [
          `data quality per dataset, ${x.period.from.slice(0, 10)} to ${x.period.to.slice(0, 10)} (completeness: share recorded; validity: share of reports with no fault found)`,
          table(x.datasets.map((d) => ({
            dataset: d.datasetId, reports: d.reports, children: d.children, country: pct(d.completeness.country), language: pct(d.completeness.language), category: pct(d.completeness.category), age: pct(d.completeness.age), gender: pct(d.completeness.gender),
            valid: d.validity.validShare === null ? '' : `${Math.round(d.validity.validShare * 1000) / 10}%`,
            faults: [d.validity.futureReportedAt && `${d.validity.futureReportedAt} in the future`, d.validity.incidentAfterReport && `${d.validity.incidentAfterReport} incident after report`, d.validity.invalidCountry && `${d.validity.invalidCountry} unknown country (${d.validity.unknownCountryCodes.join(' ')})`, d.validity.invalidLanguage && `${d.validity.invalidLanguage} unknown language (${d.validity.unknownLanguageTags.join(' ')})`].filter(Boolean).join('; '),
          }))),
        ].join('\n'),
      );
    });
  quality
    .command('representation')
    .description('coverage by country, language, gender, age or region compared with a reference population you supply')
    .requiredOption('--dimension <dim>', Object.keys(REPRESENTATION_DIMENSIONS).join(', '))
    .requiredOption('--reference <file>', 'CSV "value,population" (e.g. children per country from a census)')
    .option('--from <date>', 'start')
    .option('--to <date>', 'end')
    .option('--scope <scope>', '"own", "all" or an agreement id or slug', 'own')
    .option('--under <fraction>', 'under-represented below this fraction of the reference share', '0.5')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print the result as JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ dimension: string; reference: string; from?: string; to?: string; scope: string; under: string; as?: string; json?: boolean }>(cmd);
      let text: string;
      try {
        text = readFileSync(o.reference, 'utf8');
      } catch (e) {
        throw new TesseraError('invalid_reference', `cannot read ${o.reference}: ${(e as Error).message}`, { where: { file: o.reference } });
      }
      const reference = parseReferenceCsv(text, o.reference);
      const r = await withStore(o, async (store) =>
        representationReport(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), { dimension: o.dimension as keyof typeof REPRESENTATION_DIMENSIONS, reference, scope: o.scope, under: Number(o.under), ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) }),
      );
      printResult(r, o, (x) => [`${x.entity} by ${x.dimension} against the reference population (ratio 1 = as in the population)`, table(x.rows.map((row) => ({ ...row, observed: row.observed ?? 'suppressed' }))), `under-represented or absent: ${x.underRepresented.join(', ') || 'none'}`, ...x.notes].join('\n'));
    });
  quality
    .command('minimisation')
    .description('fields your organisation collects that no indicator, agreement or export uses')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print the result as JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const r = await withStore(o, async (store) => minimisationReport(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false })));
      printResult(r, o, (x) => [table(x.rows.map((row) => ({ record: row.record, field: row.field, collected: row.collected, verdict: row.verdict, 'used by': row.usedBy.join('; ') }))), `collected but unused: ${x.unused.join(', ') || 'none'}`].join('\n'));
    });
}
