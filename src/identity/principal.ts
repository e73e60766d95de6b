/** Roles a person can hold in their organisation. */
export const ROLES = ['admin', 'steward', 'analyst', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is acting: the authenticated person, their organisation and the attributes policy
 * decisions need (training dates, jurisdiction). Every API call and command runs as one.
 */
export interface Principal {
  userId: string;
  name: string;
  email: string;
  orgId: string;
  orgSlug: string;
  orgJurisdiction: string;
  roles: Role[];
  dataProtectionTrainedAt: string | null;
  safeguardingTrainedAt: string | null;
  /** How the principal was authenticated: an API token id, or `local` for the node's own CLI. */
  via: string;
}

export function hasRole(p: Principal, ...roles: Role[]): boolean {
  return p.roles.some((r) => roles.includes(r));
}
