import type { Command } from 'commander';
import { recordConsent, recordSafeguardingOverride, withdrawConsent, type ConsentEvent } from '../../policy/index.ts';
import { globalsOf, withStore } from '../context.ts';
import { printResult } from '../output.ts';
import { actorFor } from './agreement.ts';

const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
type Purposes = Parameters<typeof recordConsent>[2]['purposes'];
const human = (e: ConsentEvent) => `${e.event} for ${e.subjectRef} (${e.purposes.join(', ')}) recorded: ${e.id}`;

/** `tessera consent record|withdraw|override`. */
export function register(program: Command): void {
  const c = program.command('consent').description('consent events (ISO/IEC TS 27560) and safeguarding overrides');
  c.command('record')
    .description('record that consent was given (or expired) for a child or contact your organisation holds')
    .requiredOption('--subject <id>', 'child--… or contact--…')
    .requiredOption('--by <who>', 'child or caregiver')
    .requiredOption('--purposes <list>', 'purposes the consent covers')
    .option('--event <event>', 'given or expired', 'given')
    .option('--expires <date>', 'when a given consent lapses')
    .option('--agreement <id>', 'the agreement the consent is for')
    .option('--as <email>', 'act as this user (steward or admin)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ subject: string; by: string; purposes: string; event: string; expires?: string; agreement?: string; as?: string; json?: boolean }>(cmd);
      const e = await withStore(o, async (store) =>
        recordConsent(store, await actorFor(store, o.as), {
          subjectRef: o.subject, givenBy: o.by as 'child' | 'caregiver', event: o.event as 'given' | 'expired', purposes: list(o.purposes) as Purposes,
          ...(o.expires ? { expiresAt: new Date(o.expires).toISOString() } : {}), ...(o.agreement ? { agreementId: o.agreement } : {}),
        }),
      );
      printResult(e, o, human);
    });
  c.command('withdraw')
    .description('record that consent was withdrawn (by the child or a caregiver): shared reads stop at once')
    .requiredOption('--subject <id>', 'child--… or contact--…')
    .requiredOption('--by <who>', 'child or caregiver')
    .requiredOption('--purposes <list>', 'purposes withdrawn')
    .option('--as <email>', 'act as this user (steward or admin)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ subject: string; by: string; purposes: string; as?: string; json?: boolean }>(cmd);
      const e = await withStore(o, async (store) => withdrawConsent(store, await actorFor(store, o.as), { subjectRef: o.subject, givenBy: o.by as 'child' | 'caregiver', purposes: list(o.purposes) as Purposes }));
      printResult(e, o, human);
    });
  c.command('override')
    .description('share without consent because a child is at risk (needs safeguarding training; always audited)')
    .requiredOption('--subject <id>', 'child--… or contact--…')
    .requiredOption('--purposes <list>', 'purposes')
    .requiredOption('--reason <text>', 'the safeguarding reason (at least 20 characters)')
    .option('--as <email>', 'act as this user (steward or admin)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ subject: string; purposes: string; reason: string; as?: string; json?: boolean }>(cmd);
      const e = await withStore(o, async (store) => recordSafeguardingOverride(store, await actorFor(store, o.as), { subjectRef: o.subject, purposes: list(o.purposes) as Purposes, reason: o.reason }));
      printResult(e, o, human);
    });
}
