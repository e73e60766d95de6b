import { REFERRAL_STATUSES } from '../model/index.ts';
import { TesseraError } from '../shared/errors.ts';

/**
 * The referral lifecycle: created → sent → accepted | declined → completed | closed.
 * Which party takes each step: the referring organisation sends and closes; the service's
 * provider accepts, declines and completes. When the service is outside Tessera (no provider
 * organisation), the referring organisation records every step itself.
 */
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export type Party = 'referrer' | 'provider';

export const TRANSITIONS: Record<ReferralStatus, Partial<Record<ReferralStatus, Party[]>>> = {
  created: { sent: ['referrer'], closed: ['referrer'] },
  sent: { accepted: ['provider'], declined: ['provider'], closed: ['referrer'] },
  accepted: { completed: ['provider'], closed: ['referrer', 'provider'] },
  declined: { closed: ['referrer', 'provider'] },
  completed: { closed: ['referrer', 'provider'] },
  closed: {},
};

/** The next statuses a party may move a referral to. */
export function nextStatuses(from: ReferralStatus, party: Party | 'both'): ReferralStatus[] {
  return (Object.entries(TRANSITIONS[from]) as Array<[ReferralStatus, Party[]]>).filter(([, who]) => party === 'both' || who.includes(party)).map(([s]) => s);
}

/** Throws a clear `invalid_transition` error unless `party` may move the referral from `from` to `to`. */
export function checkTransition(from: ReferralStatus, to: ReferralStatus, party: Party | 'both'): void {
  const who = TRANSITIONS[from][to];
  const allowed = nextStatuses(from, 'both');
  if (!who) {
    const hint = allowed.length ? `from ${from} it can only become ${allowed.join(' or ')}` : 'a closed referral is final';
    throw new TesseraError('invalid_transition', `A referral that is ${from} cannot become ${to}: ${hint}.`, { status: 409, where: { field: 'status' }, details: { from, to, allowed } });
  }
  if (party !== 'both' && !who.includes(party)) {
    const mine = nextStatuses(from, party);
    throw new TesseraError(
      'not_your_step',
      `Only the ${who.join(' or ')} may mark a ${from} referral ${to}${party === 'provider' ? ' (the referring organisation does that)' : " (the service's provider does that)"}; ${mine.length ? `you may make it ${mine.join(' or ')}` : 'you have no step to take now'}.`,
      { status: 409, where: { field: 'status' }, details: { from, to, allowed: mine } },
    );
  }
}
