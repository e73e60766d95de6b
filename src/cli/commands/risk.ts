import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { QUASI_IDENTIFIERS, assessRisk, parseJsonLines, type QuasiIdentifier } from '../../privacy/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { printResult, table } from '../output.ts';
import { globalsOf } from '../context.ts';

/** `tessera risk --export FILE`: k-anonymity before microdata is shared. */
export function register(program: Command): void {
  program
    .command('risk')
    .description('re-identification risk of a microdata export (JSON Lines of contacts or reports): records at risk and generalisations that fix them')
    .requiredOption('--export <file>', 'the export to assess (e.g. from `tessera export`)')
    .option('--k <n>', 'each combination of quasi-identifiers must be shared by at least k records', '5')
    .option('--qi <list>', `quasi-identifiers (default ${QUASI_IDENTIFIERS.join(',')})`)
    .option('--json', 'print the report as JSON')
    .action((_o, cmd: Command) => {
      const o = globalsOf<{ export: string; k: string; qi?: string; json?: boolean }>(cmd);
      let text: string;
      try {
        text = readFileSync(o.export, 'utf8');
      } catch (e) {
        throw new TesseraError('file_unreadable', `Cannot read ${o.export}: ${e instanceof Error ? e.message : String(e)}`, { where: { file: o.export } });
      }
      const r = assessRisk(parseJsonLines(text, o.export), { k: Number(o.k), ...(o.qi ? { quasiIdentifiers: o.qi.split(',').map((s) => s.trim()) as QuasiIdentifier[] } : {}) });
      printResult(r, o, (x) => [
        `${x.records.toLocaleString('en')} records (${x.rows.toLocaleString('en')} rows) over ${x.quasiIdentifiers.join(', ')}: ${x.classes.toLocaleString('en')} combinations`,
        `${x.recordsAtRisk.toLocaleString('en')} rows (${(100 * x.riskShare).toFixed(1)} %) are in a combination shared by fewer than ${x.k}${x.linesAtRisk.length ? `; lines ${x.linesAtRisk.slice(0, 20).join(', ')}${x.linesAtRisk.length > 20 ? ', …' : ''}` : ''}`,
        x.plan.length ? 'generalisations that reduce the risk, in order:' : '',
        x.plan.length ? table(x.plan.map((s, i) => ({ step: i + 1, generalise: s.generalise, to: s.to, 'rows at risk': s.recordsAtRisk, combinations: s.classes }))) : '',
        x.final.recordsAtRisk ? `still at risk after all of them: ${x.final.recordsAtRisk} rows — suppress lines ${x.final.linesToSuppress.slice(0, 20).join(', ')}` : x.recordsAtRisk ? 'after these generalisations no record is at risk' : 'no record is at risk',
      ].filter(Boolean).join('\n'));
    });
}
