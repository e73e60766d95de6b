import { hasRole, type Principal } from '../identity/principal.ts';
import { AuthError } from '../shared/errors.ts';

/**
 * Role-level decisions (directory, writes, governance actions). Reads of records go through
 * `withAccess` in access.ts, which decides with Cedar against agreements; both are exported
 * from src/policy/index.ts, the one entry point.
 *
 * The one place access is decided. Routes and commands never test roles or organisations
 * themselves: they ask for a decision and apply the scope it returns to their query, so
 * rows outside the scope are never read (not filtered after reading).
 *
 * Until agreements exist, an organisation sees only the records it holds itself; the
 * agreement engine widens the scope to what an active agreement grants.
 */
export type Action = 'read' | 'write' | 'manage';
export type ResourceKind = 'report' | 'contact' | 'dataset' | 'organisation' | 'user' | 'directory' | 'agreement' | 'consent' | 'audit' | 'hash-set' | 'hash-assessment' | 'scheme' | 'service' | 'referral' | 'outcome' | 'catalogue' | 'indicator';

export interface RowScope {
  /** Records whose holding (source) organisation is one of these. */
  sourceOrgIds: string[];
}

export interface Decision {
  allowed: boolean;
  /** A sentence a person understands, for denials and for the audit log. */
  reason: string;
  /** Rows the principal may touch; null when not allowed. */
  scope: RowScope | null;
  /** What the decision relied on: `own-organisation`, later an agreement id and version hash. */
  basis: string;
}

const RECORD_READERS = ['admin', 'steward', 'analyst'] as const;
const RECORD_WRITERS = ['admin', 'steward'] as const;

export function decide(principal: Principal, action: Action, kind: ResourceKind): Decision {
  const own: RowScope = { sourceOrgIds: [principal.orgId] };
  if (kind === 'directory') {
    // Organisations and dataset descriptions are the shared directory and catalogue.
    return allow('any authenticated member may read the directory and catalogue', { sourceOrgIds: [] }, 'directory');
  }
  if (kind === 'agreement') {
    // Which agreement a person may see or act on is decided against its parties by the agreements module.
    if (action === 'read') return allow(`members of ${principal.orgSlug} may read the agreements their organisation is party to`, own, 'own-organisation');
    if (hasRole(principal, ...RECORD_WRITERS)) return allow(`stewards and admins of ${principal.orgSlug} may draft, accept and revoke agreements for their organisation`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not draft, accept or revoke agreements: that needs the steward or admin role`);
  }
  if (kind === 'consent') {
    if (hasRole(principal, ...RECORD_WRITERS)) return allow(`stewards and admins of ${principal.orgSlug} may record consent for the children and contacts their organisation holds`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not record consent: that needs the steward or admin role`);
  }
  if (kind === 'hash-set') {
    // Hash sets hold hashes and classifications, never content: every member may match against
    // them; only an organisation's stewards and admins curate its own sets.
    if (action === 'read') return allow(`members of ${principal.orgSlug} may list hash sets and match against them`, own, 'own-organisation');
    if (hasRole(principal, ...RECORD_WRITERS)) return allow(`stewards and admins of ${principal.orgSlug} may import and withdraw their organisation's hash sets`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not import or withdraw hash sets: that needs the steward or admin role`);
  }
  if (kind === 'scheme') {
    if (action === 'read') return allow('any authenticated member may read the classification schemes', own, 'directory');
    if (hasRole(principal, ...RECORD_WRITERS)) return allow(`stewards and admins of ${principal.orgSlug} may import their organisation's own schemes`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not import schemes: that needs the steward or admin role`);
  }
  if (kind === 'hash-assessment') {
    if (hasRole(principal, ...RECORD_READERS)) return allow(`analysts, stewards and admins of ${principal.orgSlug} may classify hashes and give match feedback in their organisation's name`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not classify hashes or give match feedback: that needs the analyst, steward or admin role`);
  }
  if (kind === 'service' || kind === 'catalogue') {
    // The service directory and the catalogue describe services and datasets, never records.
    const what = kind === 'service' ? 'service directory' : 'catalogue';
    if (action === 'read') return allow(`any authenticated member may search the ${what}`, { sourceOrgIds: [] }, 'directory');
    if (hasRole(principal, ...RECORD_WRITERS)) return allow(`stewards and admins of ${principal.orgSlug} may keep their organisation's entries in the ${what}`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not change the ${what}: that needs the steward or admin role`);
  }
  if (kind === 'referral' || kind === 'outcome') {
    // Scope: referrals the organisation made or received; outcomes it reported or that concern its data.
    // The referral and outcome modules apply the scope to both columns in SQL.
    if (action === 'read') {
      if (hasRole(principal, ...RECORD_READERS)) return allow(`members of ${principal.orgSlug} may read the ${kind}s their organisation made, received or is the source of`, own, 'own-organisation');
      return deny(`role ${principal.roles.join(', ')} may not read ${kind}s: that needs the analyst, steward or admin role`);
    }
    if (kind === 'outcome' && hasRole(principal, ...RECORD_READERS)) return allow(`analysts, stewards and admins of ${principal.orgSlug} may record outcomes in their organisation's name`, own, 'own-organisation');
    if (hasRole(principal, ...RECORD_WRITERS)) return allow(`stewards and admins of ${principal.orgSlug} may create and update referrals in their organisation's name`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not ${kind === 'outcome' ? 'record outcomes: that needs the analyst, steward or admin role' : 'create or update referrals: that needs the steward or admin role'}`);
  }
  if (kind === 'indicator') {
    // Indicators and quality reports over records are further decided per scope by withAccess
    // (action aggregate); this decides who may compute them at all, and the organisation-level
    // collaboration figures (agreements, links, cases, shares of its own records).
    if (action === 'read' && hasRole(principal, ...RECORD_READERS)) return allow(`analysts, stewards and admins of ${principal.orgSlug} may compute indicators and quality reports over what their organisation may count`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not compute indicators: that needs the analyst, steward or admin role`);
  }
  if (kind === 'audit') {
    if (action === 'read' && hasRole(principal, 'auditor', 'admin')) return allow(`auditors and admins of ${principal.orgSlug} may read audit events by or about their organisation`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not read the audit log: that needs the auditor or admin role`);
  }
  if (kind === 'report' || kind === 'contact' || kind === 'dataset') {
    if (action === 'read') {
      if (kind === 'dataset') return allow('any authenticated member may read dataset descriptions', { sourceOrgIds: [] }, 'directory');
      if (hasRole(principal, ...RECORD_READERS)) return allow(`members of ${principal.orgSlug} may read the ${kind}s their organisation holds`, own, 'own-organisation');
      return deny(`role ${principal.roles.join(', ')} may not read ${kind}s: reading records needs the analyst, steward or admin role`);
    }
    if (hasRole(principal, ...RECORD_WRITERS)) return allow(`stewards and admins of ${principal.orgSlug} may write their organisation's ${kind}s`, own, 'own-organisation');
    return deny(`role ${principal.roles.join(', ')} may not write ${kind}s: writing records needs the steward or admin role`);
  }
  // organisation and user management
  if (action === 'read') return allow('any authenticated member may read the directory', own, 'directory');
  if (hasRole(principal, 'admin')) return allow(`admins of ${principal.orgSlug} may manage their organisation`, own, 'own-organisation');
  return deny(`only an admin may manage ${kind}s`);
}

/** Throws `forbidden` with the decision's reason when it is a denial. */
export function requireAllowed(d: Decision): RowScope {
  if (!d.allowed || !d.scope) throw new AuthError('forbidden', `Access denied: ${d.reason}.`);
  return d.scope;
}

function allow(reason: string, scope: RowScope, basis: string): Decision {
  return { allowed: true, reason, scope, basis };
}
function deny(reason: string): Decision {
  return { allowed: false, reason, scope: null, basis: 'none' };
}
