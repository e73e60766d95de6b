import { hasRole, type Principal } from '../identity/principal.ts';
import { effectiveState } from './agreements.ts';
import { fieldRulesFor, REPORT_FIELDS, type AgreementTerms, type FieldRule, type ReportField } from './terms.ts';

/**
 * Decisions of the exchange (federation, issue 7). Reading records for a peer goes through
 * `withAccess` like every other read (the peer's account on this node is the principal, the
 * agreement's projection is what travels); these are the exchange's other questions:
 * who manages peers, who reads received copies and feedback, who may send feedback, and
 * whether an object a peer sends is within the agreement it claims.
 */
export type ExchangeAction = 'manage-peers' | 'read-received' | 'send-feedback' | 'read-feedback' | 'read-flows';

export interface ExchangeDecision {
  allowed: boolean;
  reason: string;
}

export function decideExchange(p: Principal, action: ExchangeAction): ExchangeDecision {
  const roles = p.roles.join(', ');
  switch (action) {
    case 'manage-peers':
      return hasRole(p, 'admin')
        ? { allowed: true, reason: `admins of ${p.orgSlug} may register and remove peers and run the sync` }
        : { allowed: false, reason: `role ${roles} may not manage peers or run the sync: that needs the admin role` };
    case 'read-flows':
      return hasRole(p, 'admin', 'steward', 'analyst', 'auditor')
        ? { allowed: true, reason: `members of ${p.orgSlug} may see the exchange flows of their organisation` }
        : { allowed: false, reason: `role ${roles} may not see exchange flows` };
    case 'read-received':
    case 'read-feedback':
    case 'send-feedback':
      return hasRole(p, 'admin', 'steward', 'analyst')
        ? { allowed: true, reason: `analysts, stewards and admins of ${p.orgSlug} may ${action === 'send-feedback' ? 'send feedback on records their organisation received' : action === 'read-feedback' ? 'read feedback on their organisation\u2019s records' : 'read the copies their organisation received'}` }
        : { allowed: false, reason: `role ${roles} may not ${action.replace('-', ' ')}: that needs the analyst, steward or admin role` };
  }
}

/** An agreement as a peer showed it to us (the provider holds the original). */
export interface MirroredAgreement {
  id: string;
  slug: string;
  providerOrgId: string;
  storedState: string;
  terms: AgreementTerms;
}

/** A record as it arrived: the fields it carries (names of REPORT_FIELDS present) and its attribution. */
export interface IncomingRecord {
  recordId: string;
  sourceOrgId: string;
  datasetId: string;
  /** Fields present in the object (besides id, datasetId, sourceOrgId, lineage). */
  fields: string[];
  /** Fields present whose values are pseudonyms. */
  pseudonymised: string[];
}

/**
 * Whether a record a peer sent may be accepted under the agreement it claims: the agreement is
 * known and in effect, the sender is its provider and we are a recipient, the record is the
 * provider's and from an agreed dataset, and it carries no field the agreement hides from us
 * (nor in clear a field it pseudonymises). The reason names the first fault.
 */
export function decideIncomingRecord(a: MirroredAgreement | null, senderOrgId: string, receiverOrgId: string, r: IncomingRecord, now = new Date()): ExchangeDecision {
  return incomingRecordCheck(a, senderOrgId, receiverOrgId, now)(r);
}

/**
 * `decideIncomingRecord` for many records of one page: what depends only on the agreement,
 * the sender, the receiver and the time is decided once; each record is then checked against
 * the same rules (same decisions, same reasons).
 */
export function incomingRecordCheck(a: MirroredAgreement | null, senderOrgId: string, receiverOrgId: string, now = new Date()): (r: IncomingRecord) => ExchangeDecision {
  const refuse = (reason: string) => () => ({ allowed: false, reason });
  if (!a) return refuse('the object names an agreement this node does not know for this peer');
  const state = effectiveState(a.storedState, a.terms, now);
  if (state !== 'active') return refuse(`agreement ${a.slug} is ${state}; nothing may be received under it`);
  if (a.providerOrgId !== senderOrgId) return refuse(`the sender is not the provider of agreement ${a.slug}`);
  if (!a.terms.recipients.some((x) => x.orgId === receiverOrgId)) return refuse(`this organisation is not a recipient of agreement ${a.slug}`);
  const rules: Record<ReportField, FieldRule> = fieldRulesFor(a.terms, receiverOrgId);
  const datasets = new Set(a.terms.datasetIds);
  const known = new Set<string>(REPORT_FIELDS);
  const allowed: ExchangeDecision = { allowed: true, reason: `agreement ${a.slug} lets ${senderOrgId} send this record to ${receiverOrgId}` };
  return (r) => {
    if (r.sourceOrgId !== a.providerOrgId) return { allowed: false, reason: `record ${r.recordId} belongs to ${r.sourceOrgId}, not to the provider of agreement ${a.slug}` };
    if (!datasets.has(r.datasetId)) return { allowed: false, reason: `record ${r.recordId} is from dataset ${r.datasetId}, which agreement ${a.slug} does not share` };
    for (const f of r.fields) {
      if (!known.has(f)) return { allowed: false, reason: `record ${r.recordId} carries "${f}", which is not a field of a report` };
      const rule = rules[f as ReportField];
      if (rule === 'hidden') return { allowed: false, reason: `record ${r.recordId} carries ${f}, which agreement ${a.slug} hides from this organisation` };
      if (rule === 'pseudonymised' && !r.pseudonymised.includes(f)) return { allowed: false, reason: `record ${r.recordId} carries ${f} in clear, which agreement ${a.slug} shares only pseudonymised` };
    }
    return allowed;
  };
}

/**
 * Whether feedback (or another Tessera-extension object) from a peer about one of our records
 * may be accepted: the agreement is ours, in effect or ended (outcomes may arrive after an
 * agreement ended, never before it took effect), and the sender is one of its recipients.
 */
export function decideIncomingFeedback(a: { slug: string; storedState: string; terms: AgreementTerms } | null, senderOrgId: string, recordOwnerOrgId: string | null, now = new Date(), opts: { toRecipientOrgId?: string } = {}): ExchangeDecision {
  if (!a) return { allowed: false, reason: 'the object names an agreement this node does not hold' };
  if (a.storedState === 'draft') return { allowed: false, reason: `agreement ${a.slug} has not taken effect` };
  void now;
  if (opts.toRecipientOrgId) {
    // The other direction (referrals from the provider to a recipient): sender is the provider, we are a recipient.
    if (senderOrgId !== a.terms.providerOrgId) return { allowed: false, reason: `the sender is not the provider of agreement ${a.slug}` };
    if (!a.terms.recipients.some((x) => x.orgId === opts.toRecipientOrgId)) return { allowed: false, reason: `this organisation is not a recipient of agreement ${a.slug}` };
    return { allowed: true, reason: `the provider of agreement ${a.slug} may send objects about its records to a recipient` };
  }
  if (!a.terms.recipients.some((x) => x.orgId === senderOrgId)) return { allowed: false, reason: `the sender is not a recipient of agreement ${a.slug}` };
  if (recordOwnerOrgId !== null && recordOwnerOrgId !== a.terms.providerOrgId) return { allowed: false, reason: `the record is not one agreement ${a.slug} shares` };
  return { allowed: true, reason: `a recipient of agreement ${a.slug} may report outcomes to its provider` };
}
