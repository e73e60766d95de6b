import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { Principal } from '../identity/principal.ts';
import type { AgreementAction, AgreementTerms } from './terms.ts';

/**
 * The fixed Cedar policy set. It never changes with agreements: agreement terms are entity
 * attributes, so there are a few general policies, parsed once, and one evaluation per query.
 * Forbid policies each name one reason a request is refused; the decision lists those that
 * applied, and `explain` turns them into sentences.
 */
export const POLICIES: Record<string, string> = {
  'own-records': `permit (principal is Tessera::User, action in [Tessera::Action::"read", Tessera::Action::"export", Tessera::Action::"aggregate", Tessera::Action::"psi", Tessera::Action::"link"], resource is Tessera::Holding)
    when { resource.owner == principal.org };`,
  'agreement-grant': `permit (principal is Tessera::User, action in [Tessera::Action::"read", Tessera::Action::"export", Tessera::Action::"aggregate", Tessera::Action::"psi", Tessera::Action::"link"], resource is Tessera::Agreement)
    when { resource.recipients.contains(principal.org) };`,
  'role-cannot-read-records': `forbid (principal is Tessera::User, action, resource)
    unless { principal.roles.containsAny(["admin", "steward", "analyst"]) };`,
  'not-a-recipient': `forbid (principal is Tessera::User, action, resource is Tessera::Agreement)
    unless { resource.recipients.contains(principal.org) };`,
  'agreement-not-active': `forbid (principal, action, resource is Tessera::Agreement)
    unless { resource.state == "active" };`,
  'agreement-not-yet-valid': `forbid (principal, action, resource is Tessera::Agreement)
    when { context.now < resource.validFrom };`,
  'agreement-expired': `forbid (principal, action, resource is Tessera::Agreement)
    when { context.now >= resource.validUntil };`,
  'purpose-not-in-agreement': `forbid (principal, action, resource is Tessera::Agreement)
    unless { resource.purposes.contains(context.purpose) };`,
  'action-not-in-agreement': `forbid (principal, action, resource is Tessera::Agreement)
    unless { resource.actions.contains(context.action) };`,
  'jurisdiction-not-covered': `forbid (principal is Tessera::User, action, resource is Tessera::Agreement)
    unless { resource.jurisdictions.isEmpty() || resource.jurisdictions.contains(principal.jurisdiction) };`,
  'training-out-of-date': `forbid (principal is Tessera::User, action, resource is Tessera::Agreement)
    when { resource.trainingMaxAgeSeconds > 0 && principal.dataProtectionTrainedAt + resource.trainingMaxAgeSeconds < context.now };`,
};

const POLICY_SET_ID = 'tessera-records-v1';
let prepared = false;

function prepare(): void {
  if (prepared) return;
  const r = cedar.preparsePolicySet(POLICY_SET_ID, { staticPolicies: POLICIES });
  if (r.type !== 'success') throw new Error(`Cedar policy set does not parse: ${r.errors.map((e) => e.message).join('; ')}`);
  prepared = true;
}

export interface AgreementFacts {
  id: string;
  state: 'draft' | 'active' | 'revoked';
  terms: AgreementTerms;
}

export interface CedarRequest {
  principal: Principal;
  action: AgreementAction;
  /** Own holdings, or an agreement. */
  resource: { kind: 'holding'; orgId: string } | { kind: 'agreement'; agreement: AgreementFacts };
  purpose: string | null;
  now: Date;
}

export interface CedarDecision {
  allowed: boolean;
  /** Ids of the policies that determined the decision (forbids for a denial). */
  policies: string[];
  errors: string[];
}

const secs = (iso: string | null | undefined): number => (iso ? Math.floor(Date.parse(iso) / 1000) : -1);

/** Builds the entities and context, and asks Cedar once. */
export function evaluate(req: CedarRequest): CedarDecision {
  prepare();
  const p = req.principal;
  const user = { type: 'Tessera::User', id: p.userId };
  const org = (id: string) => ({ __entity: { type: 'Tessera::Organisation', id } });
  const entities: cedar.EntityJson[] = [
    {
      uid: user,
      attrs: { org: org(p.orgId), roles: [...p.roles], jurisdiction: p.orgJurisdiction, dataProtectionTrainedAt: secs(p.dataProtectionTrainedAt) },
      parents: [],
    },
  ];
  let resource: { type: string; id: string };
  if (req.resource.kind === 'holding') {
    resource = { type: 'Tessera::Holding', id: req.resource.orgId };
    entities.push({ uid: resource, attrs: { owner: org(req.resource.orgId) }, parents: [] });
  } else {
    const a = req.resource.agreement;
    const t = a.terms;
    resource = { type: 'Tessera::Agreement', id: a.id };
    const days = t.requirements.dataProtectionTrainingWithinDays;
    entities.push({
      uid: resource,
      attrs: {
        provider: org(t.providerOrgId), recipients: t.recipients.map((r) => org(r.orgId)), purposes: [...t.purposes], actions: [...t.actions], state: a.state,
        validFrom: secs(t.validFrom), validUntil: secs(t.validUntil), jurisdictions: [...t.jurisdictions], trainingMaxAgeSeconds: days ? days * 86_400 : 0,
      },
      parents: [],
    });
  }
  const answer = cedar.statefulIsAuthorized({
    principal: user,
    action: { type: 'Tessera::Action', id: req.action },
    resource,
    context: { now: Math.floor(req.now.getTime() / 1000), purpose: req.purpose ?? '', action: req.action },
    preparsedPolicySetId: POLICY_SET_ID,
    entities,
  });
  if (answer.type !== 'success') return { allowed: false, policies: [], errors: answer.errors.map((e) => e.message) };
  const r = answer.response;
  return { allowed: r.decision === 'allow', policies: [...r.diagnostics.reason].sort(), errors: r.diagnostics.errors.map((e) => e.error.message) };
}
