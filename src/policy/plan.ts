import type { Principal } from '../identity/principal.ts';
import type { Purpose } from '../model/index.ts';
import { evaluate, type AgreementFacts, type CedarDecision } from './cedar.ts';
import { ALL_VISIBLE, ALL_VISIBLE_CONTACT, contactFieldRulesFor, fieldRulesFor, type AgreementAction, type ContactField, type FieldRule, type ReportField } from './terms.ts';

/**
 * The policy compiler: one Cedar decision per query, compiled into what the query needs — a
 * row filter (which organisations' and datasets' rows, how far back, which consent) and a
 * field projection (each field visible, pseudonymised or hidden). The records module applies
 * both in SQL; nothing is decided per row in application code.
 */
export interface AccessRequest {
  action: AgreementAction;
  /** Read under this agreement; absent = the actor's own organisation's records. */
  agreementId?: string | null | undefined;
  /** The purpose the person acts for; required under an agreement. */
  purpose?: Purpose | null | undefined;
}

export interface RowFilter {
  /** Rows whose holding organisation is one of these. */
  sourceOrgIds: string[];
  /** And whose dataset is one of these; null = any dataset of those organisations. */
  datasetIds: string[] | null;
  /** And reported at or after this instant (the agreement's retention window); null = no limit. */
  reportedAtOrAfter: string | null;
  /** And every child in the report has current consent for this purpose (or, when allowed, a safeguarding override). */
  consent: { purpose: Purpose; allowOverride: boolean } | null;
}

export interface AgreementRef {
  id: string;
  slug: string;
  version: number;
  versionHash: string;
}

export interface AccessPlan {
  allowed: true;
  action: AgreementAction;
  purpose: Purpose | null;
  basis: 'own-organisation' | 'agreement';
  agreement: AgreementRef | null;
  /** Whose data this is: the actor's organisation, or the agreement's provider. */
  ownerOrgId: string;
  rows: RowFilter;
  fields: Record<ReportField, FieldRule>;
  /** The projection of helpline contacts (the same row filter applies, on contact time and the contact's own consent). */
  contactFields: Record<ContactField, FieldRule>;
  /** Why it was allowed, for the audit log. */
  reason: string;
  /** Cedar policies that permitted it. */
  policies: string[];
}

export interface AccessDenial {
  allowed: false;
  action: AgreementAction;
  purpose: Purpose | null;
  agreement: AgreementRef | null;
  ownerOrgId: string | null;
  reason: string;
  policies: string[];
}

export type AccessDecision = AccessPlan | AccessDenial;

export interface LoadedAgreement extends AgreementFacts {
  slug: string;
  version: number;
  versionHash: string;
  revokedAt: string | null;
  /** Parties that have not yet accepted the current version (slugs or ids). */
  awaiting: string[];
}

const DAY = 86_400_000;

/** Decides a request with Cedar and compiles the decision. Pure: the caller loads the agreement. */
export function decideAccess(principal: Principal, request: AccessRequest, agreement: LoadedAgreement | null, now: Date): AccessDecision {
  const purpose = request.purpose ?? null;
  if (!request.agreementId) {
    const d = evaluate({ principal, action: request.action, resource: { kind: 'holding', orgId: principal.orgId }, purpose, now });
    if (!d.allowed) return deny(request, null, principal.orgId, explain(d, principal, request, null, now), d.policies);
    return {
      allowed: true, action: request.action, purpose, basis: 'own-organisation', agreement: null, ownerOrgId: principal.orgId,
      rows: { sourceOrgIds: [principal.orgId], datasetIds: null, reportedAtOrAfter: null, consent: null }, fields: { ...ALL_VISIBLE }, contactFields: { ...ALL_VISIBLE_CONTACT },
      reason: `members of ${principal.orgSlug} may ${request.action} the records their organisation holds`, policies: d.policies,
    };
  }
  if (!agreement) return deny(request, null, null, `there is no agreement ${request.agreementId} that names your organisation`, ['not-a-recipient']);
  const ref: AgreementRef = { id: agreement.id, slug: agreement.slug, version: agreement.version, versionHash: agreement.versionHash };
  const t = agreement.terms;
  const d = evaluate({ principal, action: request.action, resource: { kind: 'agreement', agreement }, purpose, now });
  if (!d.allowed) return deny(request, ref, t.providerOrgId, explain(d, principal, request, agreement, now), d.policies);
  return {
    allowed: true, action: request.action, purpose, basis: 'agreement', agreement: ref, ownerOrgId: t.providerOrgId,
    rows: {
      sourceOrgIds: [t.providerOrgId], datasetIds: [...t.datasetIds].sort(),
      reportedAtOrAfter: new Date(now.getTime() - t.retention.days * DAY).toISOString(),
      consent: t.requirements.consent === 'required' && purpose ? { purpose, allowOverride: t.requirements.safeguardingOverride } : null,
    },
    fields: fieldRulesFor(t, principal.orgId),
    contactFields: contactFieldRulesFor(t, principal.orgId),
    reason: `agreement ${agreement.slug} v${agreement.version} lets ${principal.orgSlug} ${request.action} ${t.datasetIds.length} dataset${t.datasetIds.length > 1 ? 's' : ''} of its provider for ${purpose}`,
    policies: d.policies,
  };
}

function deny(request: AccessRequest, agreement: AgreementRef | null, ownerOrgId: string | null, reason: string, policies: string[]): AccessDenial {
  return { allowed: false, action: request.action, purpose: request.purpose ?? null, agreement, ownerOrgId, reason, policies };
}

/** Actions whose name alone does not say what they do. */
const ACTION_WORDS: Partial<Record<AgreementAction, string>> = { psi: 'private set intersection with the provider\'s node', link: 'linking reports across organisations and seeing the cases' };

const ORDER = ['role-cannot-read-records', 'not-a-recipient', 'agreement-not-active', 'agreement-not-yet-valid', 'agreement-expired', 'action-not-in-agreement', 'purpose-not-in-agreement', 'jurisdiction-not-covered', 'training-out-of-date'];

/** The denial in words a person understands, with what to do about it. */
export function explain(d: CedarDecision, p: Principal, req: AccessRequest, a: LoadedAgreement | null, now: Date): string {
  if (d.errors.length > 0 && d.policies.length === 0) return `the policy engine could not evaluate the request (${d.errors.join('; ')}); nothing was read`;
  const name = a ? `agreement ${a.slug}` : '';
  const day = (iso: string) => iso.slice(0, 10);
  const sentences = [...d.policies]
    .sort((x, y) => ORDER.indexOf(x) - ORDER.indexOf(y))
    .map((id) => {
      const t = a?.terms;
      switch (id) {
        case 'role-cannot-read-records':
          return `your role (${p.roles.join(', ')}) may not read records: reading, exporting and counting records needs the analyst, steward or admin role`;
        case 'not-a-recipient':
          return `${p.orgSlug} is not a recipient of ${name}`;
        case 'agreement-not-active':
          if (a?.state === 'revoked') return `${name} was revoked${a.revokedAt ? ` on ${day(a.revokedAt)}` : ''}; nothing may be read under it`;
          return `${name} is still a draft: it takes effect once every party has accepted version ${a?.version ?? '?'}${a?.awaiting.length ? ` (still waiting for ${a.awaiting.join(', ')})` : ''}`;
        case 'agreement-not-yet-valid':
          return `${name} only takes effect on ${day(t?.validFrom ?? '')}`;
        case 'agreement-expired':
          return `${name} expired on ${day(t?.validUntil ?? '')}; the parties must agree a new version to continue`;
        case 'action-not-in-agreement':
          return `${name} permits ${t?.actions.join(', ')}, not ${req.action}${ACTION_WORDS[req.action] ? ` (${ACTION_WORDS[req.action]}); the parties must add it to the agreement` : ''}`;
        case 'purpose-not-in-agreement':
          return req.purpose
            ? `the purpose "${req.purpose}" is not one ${name} permits (it permits: ${t?.purposes.join(', ')})`
            : `state the purpose you are acting for (it permits: ${t?.purposes.join(', ')}); under an agreement every read is bound to a purpose`;
        case 'jurisdiction-not-covered':
          return `${name} is limited to organisations under ${t?.jurisdictions.join(', ')}, and ${p.orgSlug} is under ${p.orgJurisdiction}`;
        case 'training-out-of-date': {
          const days = t?.requirements.dataProtectionTrainingWithinDays ?? 0;
          return p.dataProtectionTrainedAt
            ? `${name} requires data-protection training in the last ${days} days, and yours dates from ${day(p.dataProtectionTrainedAt)}; renew it and ask an administrator to record the date`
            : `${name} requires data-protection training in the last ${days} days, and none is recorded for you; ask an administrator to record it`;
        }
        default:
          return `policy ${id} forbids it`;
      }
    });
  if (sentences.length === 0) return a ? `no policy lets ${p.orgSlug} ${req.action} under ${name}` : `no policy lets you ${req.action} these records`;
  void now;
  return sentences.join('; ');
}

// ---------------------------------------------------------------- reference semantics (tests)

/** A row as the reference filter sees it. */
export interface RowFacts {
  sourceOrgId: string;
  datasetId: string;
  reportedAt: string;
  /** Consent state of each child in the report, per purpose: 'given', 'safeguarding-override', or absent. */
  children: Array<Partial<Record<Purpose, 'given' | 'safeguarding-override' | 'withdrawn' | 'expired'>>>;
}

/** What the SQL row filter means, written as plain code: the property tests compare the two. */
export function rowVisible(f: RowFilter, r: RowFacts): boolean {
  if (!f.sourceOrgIds.includes(r.sourceOrgId)) return false;
  if (f.datasetIds && !f.datasetIds.includes(r.datasetId)) return false;
  if (f.reportedAtOrAfter && Date.parse(r.reportedAt) < Date.parse(f.reportedAtOrAfter)) return false;
  if (f.consent) {
    const { purpose, allowOverride } = f.consent;
    if (r.children.length === 0) return false;
    return r.children.every((c) => c[purpose] === 'given' || (allowOverride && c[purpose] === 'safeguarding-override'));
  }
  return true;
}
