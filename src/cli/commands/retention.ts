import type { Command } from 'commander';
import { runRetention, setRetentionAction } from '../../policy/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

/** `tessera retention run [--dry-run]` and `tessera retention set`: the node operator's retention job. */
export function register(program: Command): void {
  const r = program.command('retention').description('delete or anonymise what retention says is due; tombstones for peers; crypto-shredding');
  r.command('run')
    .description('run the retention job over every dataset with a retention period (or one organisation\'s)')
    .option('--dry-run', 'list what would be deleted, anonymised or shredded, and change nothing')
    .option('--org <slug>', 'only this organisation\'s datasets')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ dryRun?: boolean; org?: string; json?: boolean }>(cmd);
      const rep = await withStore(o, async (store) => {
        let orgId: string | null = null;
        if (o.org) {
          const row = await store.db.selectFrom('organisations').select('id').where('slug', '=', o.org).executeTakeFirst();
          if (!row) throw new TesseraError('unknown_organisation', `No organisation "${o.org}" on this node.`, { where: { field: 'org' } });
          orgId = row.id;
        }
        return runRetention(store, { dryRun: Boolean(o.dryRun), orgId, actor: null });
      });
      printResult(rep, o, (x) =>
        [
          x.dryRun ? 'DRY RUN: nothing was changed.' : 'retention run done.',
          table(x.datasets.map((d) => ({ dataset: d.datasetSlug, keeps: `${d.retentionDays} days`, action: d.action, 'reported before': d.cutoff.slice(0, 10), due: d.due, 'keys to shred': d.keysToShred.join(' ') }))),
          ...x.datasets.filter((d) => d.sample.length).map((d) => `  ${d.datasetSlug}: first due ${d.sample.slice(0, 5).join(', ')}${d.due > 5 ? ', …' : ''}`),
          x.agreements.length ? `agreements: ${x.agreements.map((a) => `${a.slug} shares records reported since ${a.sharedFrom.slice(0, 10)}`).join('; ')}` : '',
          x.dryRun ? `${x.totals.due} reports would be ${x.datasets.some((d) => d.action === 'anonymise') ? 'deleted or anonymised' : 'deleted'}` : `${x.totals.deleted} deleted, ${x.totals.anonymised} anonymised, ${x.totals.tombstones} tombstones, ${x.totals.keysShredded} keys destroyed (${x.totals.sealedValuesShredded} sealed values now unreadable)`,
        ].filter(Boolean).join('\n'),
      );
    });
  r.command('set <dataset>')
    .description('set what happens to a dataset\'s records when due: delete (default) or anonymise')
    .requiredOption('--action <action>', 'delete or anonymise')
    .action(async (dataset: string, _o, cmd: Command) => {
      const o = globalsOf<{ action: string }>(cmd);
      if (o.action !== 'delete' && o.action !== 'anonymise') throw new TesseraError('invalid_action', '--action must be delete or anonymise', { where: { field: 'action' } });
      await withStore(o, (store) => setRetentionAction(store, dataset, o.action as 'delete' | 'anonymise'));
      process.stdout.write(`dataset ${dataset}: due records will be ${o.action === 'delete' ? 'deleted' : 'anonymised'}\n`);
    });
}
