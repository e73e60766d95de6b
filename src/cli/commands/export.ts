import type { Command } from 'commander';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { exportContacts, exportReports, type ExportRequest } from '../../records/index.ts';
import { globalsOf, withStore } from '../context.ts';
import { actorFor } from './agreement.ts';

/** `tessera export`: reports you may read as JSON Lines — your own, or under an agreement for a purpose. */
export function register(program: Command): void {
  program
    .command('export')
    .description('export reports (or, with --contacts, helpline contacts) as JSON Lines: your organisation\'s, or those an agreement shares with it (fields as the agreement shows them)')
    .option('--contacts', 'export helpline contacts instead of reports')
    .option('--agreement <id>', 'export under this agreement (id or slug)')
    .option('--purpose <purpose>', 'the purpose you act for (required with --agreement)')
    .option('--dataset <id>', 'only this dataset')
    .option('--no-nested', 'reports only, without files, signals, children, subjects')
    .option('--out <file>', 'write to this file (default standard output)')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print the summary as JSON (on standard error when writing records to standard output)')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ agreement?: string; purpose?: string; dataset?: string; nested: boolean; out?: string; as?: string; json?: boolean; contacts?: boolean }>(cmd);
      const out = o.out ? createWriteStream(o.out) : process.stdout;
      const write = async (chunk: string) => {
        if (!out.write(chunk)) await once(out, 'drain');
      };
      const request = { agreement: o.agreement, purpose: o.purpose as ExportRequest['purpose'], datasetId: o.dataset };
      const summary = await withStore(o, async (store) => {
        const actor = await actorFor(store, o.as);
        return o.contacts ? exportContacts(store, actor, request, write) : exportReports(store, actor, { ...request, nested: o.nested }, write);
      });
      if (o.out) {
        (out as ReturnType<typeof createWriteStream>).end();
        await once(out, 'finish');
      }
      const line = o.json ? JSON.stringify(summary) : `${summary.records.toLocaleString('en')} ${o.contacts ? 'contacts' : 'reports'} exported${summary.access.agreement ? ` under agreement ${summary.access.agreement.slug} v${summary.access.agreement.version} (${summary.access.agreement.versionHash}) for ${summary.access.purpose}` : ' (own organisation)'}; hidden: ${Object.entries(summary.access.fields).filter(([, v]) => v === 'hidden').map(([k]) => k).join(', ') || 'none'}; pseudonymised: ${Object.entries(summary.access.fields).filter(([, v]) => v === 'pseudonymised').map(([k]) => k).join(', ') || 'none'}`;
      (o.out ? process.stdout : process.stderr).write(line + '\n');
    });
}
