import type { Command } from 'commander';
import { listOutcomes, recordOutcome, type OutcomeFilter, type OutcomeRecord, type OutcomeView } from '../../referral/index.ts';
import { actingPrincipal, globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

const one = (v: OutcomeView) => `${v.type}${v.positive ? ' (positive)' : ''} for ${v.targetKind} ${v.targetId}, attributed to source ${v.sourceOrgId}; delivery ${v.delivery}: ${v.id}`;

/** `tessera outcome record|list`. */
export function register(program: Command): void {
  const c = program.command('outcome').description('outcomes fed back to the source of the data: child safeguarded, content removed, arrest, service provided, no action, false positive…');
  c.command('record')
    .description('record an outcome for a report, file, helpline contact or referral you can see')
    .requiredOption('--target <id>', 'report--…, content-item--…, contact--… or referral--…')
    .requiredOption('--type <type>', 'child-safeguarded, content-removed, account-actioned, investigation-opened, arrest, conviction, service-provided, referral-completed, no-action, true-positive, false-positive, disputed')
    .option('--at <time>', 'when it happened (ISO 8601; default now)')
    .option('--anonymous', 'the source sees the outcome but not who reported it')
    .option('--note <text>', 'a short note (no names, no content)')
    .option('--agreement <id>', 'for a report shared with you: the agreement you read it under')
    .option('--purpose <purpose>', 'the purpose you act for under that agreement')
    .option('--as <email>', 'act as this user (analyst, steward or admin)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ target: string; type: string; at?: string; anonymous?: boolean; note?: string; agreement?: string; purpose?: string; as?: string; json?: boolean }>(cmd);
      const input = {
        targetId: o.target, type: o.type, occurredAt: o.at ?? new Date().toISOString(), anonymous: !!o.anonymous,
        ...(o.note ? { note: o.note } : {}), ...(o.agreement ? { agreement: o.agreement } : {}), ...(o.purpose ? { purpose: o.purpose } : {}),
      } as OutcomeRecord;
      const v = await withStore(o, async (store) => recordOutcome(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), input));
      printResult(v, o, one);
    });
  c.command('list')
    .description('outcomes your organisation reported, or that concern its data')
    .option('--role <role>', 'reporter, source or any', 'any')
    .option('--type <type>', 'only this type')
    .option('--positive', 'only positive outcomes')
    .option('--target <id>', 'only about this record')
    .option('--limit <n>', 'at most this many', '50')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ role: string; type?: string; positive?: boolean; target?: string; limit: string; as?: string; json?: boolean }>(cmd);
      const filter = { role: o.role, type: o.type, targetId: o.target, limit: o.limit, ...(o.positive ? { positive: 'true' } : {}) } as unknown as OutcomeFilter;
      const page = await withStore(o, async (store) => listOutcomes(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), filter));
      printResult(page, o, (p) => table(p.items.map((x) => ({ occurred: x.occurredAt, type: x.type, positive: x.positive ? 'yes' : '', target: x.targetId, source: x.sourceOrgId, reportedBy: x.reportedByOrgId ?? '(anonymous)', via: x.via }))));
    });
}
