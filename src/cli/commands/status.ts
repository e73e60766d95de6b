import type { Command } from 'commander';
import { CDM_VERSION } from '../../model/index.ts';
import { recordCounts } from '../../records/index.ts';
import { appliedMigrations } from '../../store/index.ts';
import { globalsOf, withStore } from '../context.ts';
import { printResult } from '../output.ts';

/** `tessera status`: where the store is, its schema version and how many records it holds. */
export function register(program: Command): void {
  program
    .command('status')
    .description('show where the store is, the applied migrations and record counts')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const opts = globalsOf<{ json?: boolean }>(cmd);
      const status = await withStore(opts, async (store) => ({
        store: store.location, backend: store.kind, cdmVersion: CDM_VERSION, migrations: await appliedMigrations(store), counts: await recordCounts(store),
      }));
      printResult(status, opts, (s) =>
        [
          `store:          ${s.store}`,
          `CDM version:    ${s.cdmVersion}`,
          `migrations:     ${s.migrations.join(', ')}`,
          ...Object.entries(s.counts).map(([k, v]) => `${(k.replace('_', ' ') + ':').padEnd(16)}${v.toLocaleString('en')}`),
        ].join('\n'),
      );
    });
}
