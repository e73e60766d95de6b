import type { Command } from 'commander';
import { createReferral, getReferral, listReferrals, updateReferral, type ReferralCreate, type ReferralFilter, type ReferralUpdate, type ReferralView } from '../../referral/index.ts';
import { actingPrincipal, globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
const one = (r: ReferralView) =>
  [
    `${r.id}  ${r.status}  (${r.role}; delivery ${r.delivery})`,
    `  service ${r.serviceName ?? r.serviceId}  from ${r.originId}  child ${r.subjectRef}  needs ${r.needs.join(', ')}  urgency ${r.urgency}  on ${r.consentBasis}`,
    ...r.history.map((h) => `  ${h.at}  ${h.fromStatus ?? '—'} → ${h.toStatus}  by ${h.byOrgId}${h.via === 'exchange' ? ' (via exchange)' : ''}${h.reason ? `: ${h.reason}` : ''}`),
    r.next.length ? `  next: ${r.next.join(' or ')}` : '  no step for you now',
  ].join('\n');

/** `tessera referral create|update|list|show`. */
export function register(program: Command): void {
  const c = program.command('referral').description('refer a child to a service, with consent or an audited safeguarding override; follow the referral to its outcome');
  c.command('create')
    .description('refer the child of a report or helpline contact your organisation holds to a service')
    .requiredOption('--origin <id>', 'report--… or contact--…')
    .requiredOption('--service <id>', 'service--… (tessera services search)')
    .requiredOption('--needs <list>', 'needs, comma-separated (e.g. counselling,sextortion-support)')
    .option('--subject <id>', 'the child (child--…) when the report has several')
    .option('--urgency <u>', 'normal, urgent or emergency', 'normal')
    .option('--override-reason <text>', 'refer without consent because the child is at risk (needs safeguarding training; audited)')
    .option('--at <time>', 'when the referral was made, if earlier than now (ISO 8601)')
    .option('--send', 'send it to the service at once')
    .option('--as <email>', 'act as this user (steward or admin)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ origin: string; service: string; needs: string; subject?: string; urgency: string; overrideReason?: string; at?: string; send?: boolean; as?: string; json?: boolean }>(cmd);
      const input = {
        originId: o.origin, serviceId: o.service, needs: list(o.needs), urgency: o.urgency, send: !!o.send,
        ...(o.subject ? { subjectRef: o.subject } : {}), ...(o.overrideReason ? { safeguardingOverride: { reason: o.overrideReason } } : {}), ...(o.at ? { createdAt: o.at } : {}),
      } as ReferralCreate;
      const r = await withStore(o, async (store) => createReferral(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), input));
      printResult(r, o, one);
    });
  c.command('update <id>')
    .description('the next step: sent or closed (referrer); accepted, declined or completed (provider)')
    .requiredOption('--status <status>', 'sent, accepted, declined, completed or closed')
    .option('--reason <text>', 'why (kept with the step)')
    .option('--at <time>', 'when it happened, if earlier than now (ISO 8601)')
    .option('--as <email>', 'act as this user (steward or admin)')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const o = globalsOf<{ status: string; reason?: string; at?: string; as?: string; json?: boolean }>(cmd);
      const input = { status: o.status, ...(o.reason ? { reason: o.reason } : {}), ...(o.at ? { at: o.at } : {}) } as ReferralUpdate;
      const r = await withStore(o, async (store) => updateReferral(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), id, input));
      printResult(r, o, one);
    });
  c.command('list')
    .description('referrals your organisation made or received, newest first')
    .option('--role <role>', 'referrer, provider or any', 'any')
    .option('--status <status>', 'only this status')
    .option('--origin <id>', 'only from this report or contact')
    .option('--limit <n>', 'at most this many', '50')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ role: string; status?: string; origin?: string; limit: string; as?: string; json?: boolean }>(cmd);
      const filter = { role: o.role, status: o.status, originId: o.origin, limit: o.limit } as unknown as ReferralFilter;
      const page = await withStore(o, async (store) => listReferrals(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), filter));
      printResult(page, o, (p) => table(p.items.map((r) => ({ id: r.id, status: r.status, role: r.role, service: r.serviceName ?? r.serviceId, urgency: r.urgency, created: r.createdAt, next: r.next.join(' ') }))));
    });
  c.command('show <id>')
    .description('one referral with its history')
    .option('--as <email>', 'act as this user')
    .option('--json', 'print JSON')
    .action(async (id: string, _o, cmd: Command) => {
      const o = globalsOf<{ as?: string; json?: boolean }>(cmd);
      const r = await withStore(o, async (store) => getReferral(store, await actingPrincipal(store, o.as, { defaultToNodeSteward: false }), id));
      printResult(r, o, one);
    });
}
