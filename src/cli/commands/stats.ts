import type { Command } from 'commander';
import { parseStatsQuery, runStats, setPrivacyBudget, type StatsRequest, type StatsResult } from '../../privacy/index.ts';
import { printResult, table } from '../output.ts';
import { globalsOf, withStore } from '../context.ts';
import { actorFor } from './agreement.ts';

function human(r: StatsResult): string {
  const rows = r.entries.filter((e) => r.dims.length === 1 || e.value !== 0).map((e) => ({ ...e.cell, count: e.value === null ? `suppressed (${e.status})` : e.value.toLocaleString('en') }));
  const s = r.suppressed;
  return [
    `${r.query} — ${r.unit}; threshold ${r.threshold}${r.dp ? `; ε = ${r.dp.epsilon} (discrete Laplace, scale ${r.dp.scale.toFixed(2)}, sensitivity ${r.dp.sensitivity}); values are noisy` : ''}`,
    table(rows, [...r.dims, 'count']),
    `suppressed: ${s.primary} small, ${s.secondary} to protect them, ${s.differencing} against differencing with earlier releases ("*" = total)`,
    ...(r.dp ? [`budget: ${r.dp.budget.map((b) => `${b.datasetId} ${b.spent.toFixed(2)}/${b.total}`).join(', ')}`] : []),
  ].join('\n');
}

/** `tessera stats QUERY [--dp EPSILON]`, `tessera stats budget DATASET EPSILON`. */
export function register(program: Command): void {
  const stats = program
    .command('stats')
    .argument('[query]', 'e.g. "country,month where kind=cybertip" (dimensions: country, month, kind, status, language, dataset, category, flag, age, gender)')
    .description('disclosure-controlled counts of reports: small cells suppressed (with their protectors), or noisy with --dp')
    .option('--dp <epsilon>', 'differential privacy: spend ε from each dataset read; counts get exact discrete Laplace noise')
    .option('--threshold <n>', 'suppress counts below this', '10')
    .option('--max-contributions <n>', 'with --dp and a multi-valued dimension: values counted per report', '3')
    .option('--agreement <id>', 'count under this agreement')
    .option('--purpose <purpose>', 'the purpose you act for (required with --agreement)')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print the result as JSON')
    .action(async (query: string | undefined, _o, cmd: Command) => {
      const o = globalsOf<{ dp?: string; threshold: string; maxContributions: string; agreement?: string; purpose?: string; as?: string; json?: boolean }>(cmd);
      if (!query) {
        cmd.help();
        return;
      }
      const q = parseStatsQuery(query);
      const req: StatsRequest = { dimensions: q.dimensions, filters: q.filters, threshold: Number(o.threshold), maxContributions: Number(o.maxContributions), agreement: o.agreement, purpose: o.purpose as StatsRequest['purpose'], ...(o.dp ? { epsilon: o.dp } : {}) };
      const r = await withStore(o, async (store) => runStats(store, await actorFor(store, o.as), req));
      printResult(r, o, human);
    });
  stats
    .command('budget')
    .argument('<dataset>', 'dataset id')
    .argument('<epsilon>', 'total ε the dataset may spend')
    .description("set a dataset's total privacy budget (steward or admin of its organisation)")
    .option('--as <email>', 'act as this user')
    .option('--json', 'print the result as JSON')
    .action(async (dataset: string, epsilon: string, _o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const r = await withStore(o, async (store) => setPrivacyBudget(store, await actorFor(store, o.as), dataset, Number(epsilon)));
      printResult(r, o, (x) => `dataset ${x.datasetId}: budget ε = ${x.total}, ${x.spent.toFixed(3)} spent`);
    });
}
