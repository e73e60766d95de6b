import type { Command } from 'commander';
import { flagCase, getCase, listCases } from '../../linkage/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { printResult, table } from '../output.ts';
import { globalsOf, withStore } from '../context.ts';
import { actorFor } from './agreement.ts';

/** `tessera case list|show|flag`. */
export function register(program: Command): void {
  const c = program.command('case').description('cases: clusters of linked reports; flag one active so matching new reports are marked urgent');
  const access = (cmd: Command) => cmd.option('--agreement <id>', 'cases in the scope of this agreement').option('--purpose <purpose>', 'the purpose you act for (required with --agreement)').option('--as <email>', 'act as this user').option('--json', 'print the result as JSON');
  access(
    c
      .command('list')
      .description('cases with at least two reports you may read, urgent first')
      .option('--status <status>', 'open, active or closed')
      .option('--urgent', 'only cases with reports waiting for urgent review')
      .option('--limit <n>', 'at most this many', '100'),
  ).action(async (_o, cmd: Command) => {
    const o = globalsOf<{ agreement?: string; purpose?: string; status?: string; urgent?: boolean; limit: string; as?: string; json?: boolean }>(cmd);
    const r = await withStore(o, async (store) => listCases(store, await actorFor(store, o.as), { agreement: o.agreement, purpose: o.purpose as never, urgentOnly: !!o.urgent, limit: Number(o.limit), ...(o.status ? { status: o.status } : {}) }));
    printResult(r, o, (xs) => table(xs.map((x) => ({ case: x.id, status: x.status, reports: x.reports, urgent: x.urgentReviews, flagged: x.flaggedBy ?? '', updated: x.updatedAt.slice(0, 16) }))));
  });
  access(c.command('show').argument('<id>', 'case id').description('the reports of a case you may read and the links between them, each explained')).action(async (id: string, _o, cmd: Command) => {
    const o = globalsOf<{ agreement?: string; purpose?: string; as?: string; json?: boolean }>(cmd);
    const r = await withStore(o, async (store) => getCase(store, await actorFor(store, o.as), id, { agreement: o.agreement, purpose: o.purpose as never }));
    printResult(r, o, (x) => [
      `case ${x.id}: ${x.status}${x.flaggedBy ? ` (flagged by ${x.flaggedBy}${x.flagNote ? `: ${x.flagNote}` : ''})` : ''}, ${x.reports} reports, ${x.urgentReviews} waiting for urgent review`,
      table(x.members.map((m) => ({ report: m.reportId, added: m.addedAt.slice(0, 16), urgent: m.urgent ? 'URGENT' : '' }))),
      'links:',
      table(x.links.map((l) => ({ a: l.a, b: l.b, evidence: l.evidence, why: l.explanation }))),
    ].join('\n'));
  });
  access(
    c
      .command('flag')
      .argument('<id>', 'case id')
      .description('flag a case active (an investigation is under way): new reports that join it are marked for urgent review')
      .option('--active', 'mark it active (default)')
      .option('--open', 'mark it open again')
      .option('--closed', 'close it')
      .option('--note <text>', 'why (seen only by your organisation)'),
  ).action(async (id: string, _o, cmd: Command) => {
    const o = globalsOf<{ agreement?: string; purpose?: string; active?: boolean; open?: boolean; closed?: boolean; note?: string; as?: string; json?: boolean }>(cmd);
    if ([o.active, o.open, o.closed].filter(Boolean).length > 1) throw new TesseraError('invalid_option', 'give one of --active, --open, --closed');
    const status = o.closed ? 'closed' : o.open ? 'open' : 'active';
    const r = await withStore(o, async (store) => flagCase(store, await actorFor(store, o.as), id, { status, note: o.note, agreement: o.agreement, purpose: o.purpose as never }));
    printResult(r, o, (x) => `case ${x.id} is now ${x.status}${x.status === 'active' ? '; new reports that join it will be marked for urgent review' : ''}`);
  });
}
