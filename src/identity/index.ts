import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { deterministicId } from '../model/index.ts';
import { parseWith } from '../model/validate.ts';
import { AuthError, NotFoundError, TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { ROLES, type Principal, type Role } from './principal.ts';
import { hashToken, looksLikeToken, newToken } from './tokens.ts';

export * from './principal.ts';
export { looksLikeToken } from './tokens.ts';

export const UserInput = z
  .strictObject({
    orgId: z.string().regex(/^organisation--[0-9a-f-]{36}$/, 'must be an organisation id'),
    name: z.string().min(1).max(200),
    email: z.email().transform((e) => e.toLowerCase()),
    roles: z.array(z.enum(ROLES)).min(1, 'a user needs at least one role'),
    dataProtectionTrainedAt: z.iso.datetime({ offset: true }).nullable().default(null),
    safeguardingTrainedAt: z.iso.datetime({ offset: true }).nullable().default(null),
  })
  .meta({ id: 'UserInput', description: 'A person who uses the node on behalf of an organisation.' });
export type UserInput = z.input<typeof UserInput>;

export interface User {
  id: string;
  orgId: string;
  name: string;
  email: string;
  roles: Role[];
  dataProtectionTrainedAt: string | null;
  safeguardingTrainedAt: string | null;
}

const toIso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** Creates a user (or updates the one with the same e-mail). Ids are deterministic from the e-mail. */
export async function upsertUser(store: Store, input: UserInput): Promise<User> {
  const u = parseWith(UserInput, input);
  const org = await store.db.selectFrom('organisations').select('id').where('id', '=', u.orgId).executeTakeFirst();
  if (!org) throw new NotFoundError('organisation', u.orgId);
  const id = deterministicId('user', [u.email]);
  await store.db
    .insertInto('users')
    .values({ id, org_id: u.orgId, name: u.name, email: u.email, roles: u.roles, data_protection_trained_at: u.dataProtectionTrainedAt, safeguarding_trained_at: u.safeguardingTrainedAt, disabled_at: null })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: u.name, roles: u.roles, org_id: u.orgId, data_protection_trained_at: u.dataProtectionTrainedAt, safeguarding_trained_at: u.safeguardingTrainedAt }))
    .execute();
  return { id, orgId: u.orgId, name: u.name, email: u.email, roles: u.roles, dataProtectionTrainedAt: toIso(u.dataProtectionTrainedAt), safeguardingTrainedAt: toIso(u.safeguardingTrainedAt) };
}

/** Issues an API token for a user. The clear token is returned once and never stored. */
export async function issueToken(store: Store, userId: string, opts: { label?: string; expiresAt?: string | null } = {}): Promise<{ id: string; token: string; prefix: string }> {
  const user = await store.db.selectFrom('users').select(['id', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('user', userId);
  if (user.disabled_at) throw new TesseraError('user_disabled', `User ${userId} is disabled; enable the account before issuing a token.`, { status: 409 });
  const t = newToken();
  const id = `token--${randomUUID()}`;
  await store.db.insertInto('api_tokens').values({ id, user_id: userId, token_sha256: t.sha256, prefix: t.prefix, label: opts.label ?? '', expires_at: opts.expiresAt ?? null, last_used_at: null, revoked_at: null }).execute();
  return { id, token: t.token, prefix: t.prefix };
}

export async function revokeToken(store: Store, tokenId: string): Promise<void> {
  const r = await store.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('active API token', tokenId);
}

/** Resolves a bearer token to the principal it stands for, or throws `unauthenticated`. */
export async function authenticate(store: Store, token: string | undefined): Promise<Principal> {
  if (!token) throw new AuthError('unauthenticated', 'No API token given. Send "Authorization: Bearer tsr_…"; create one with `tessera user token`.');
  if (!looksLikeToken(token)) throw new AuthError('unauthenticated', 'The API token is malformed: it should start with "tsr_" followed by 43 characters.');
  const row = await store.db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['t.id as token_id', 't.revoked_at', 't.expires_at', 'u.id as user_id', 'u.name', 'u.email', 'u.roles', 'u.disabled_at', 'u.data_protection_trained_at', 'u.safeguarding_trained_at', 'o.id as org_id', 'o.slug as org_slug', 'o.jurisdiction'])
    .where('t.token_sha256', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) throw new AuthError('unauthenticated', 'The API token is not known to this node.');
  if (row.revoked_at) throw new AuthError('unauthenticated', 'The API token was revoked; ask an administrator of your organisation for a new one.');
  if (row.expires_at && new Date(row.expires_at) < new Date()) throw new AuthError('unauthenticated', 'The API token has expired; ask an administrator of your organisation for a new one.');
  if (row.disabled_at) throw new AuthError('unauthenticated', 'The account behind this API token is disabled.');
  // Last use is recorded coarsely (once a minute) to keep reads from turning into writes.
  await sql`UPDATE api_tokens SET last_used_at = now() WHERE id = ${row.token_id} AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`.execute(store.db);
  return {
    userId: row.user_id, name: row.name, email: row.email, orgId: row.org_id, orgSlug: row.org_slug, orgJurisdiction: row.jurisdiction,
    roles: row.roles as Role[], dataProtectionTrainedAt: toIso(row.data_protection_trained_at), safeguardingTrainedAt: toIso(row.safeguarding_trained_at), via: row.token_id,
  };
}

/** The principal for a user acting through the node's own CLI (no token; the shell account is trusted). */
export async function localPrincipal(store: Store, email: string): Promise<Principal> {
  const row = await store.db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.name', 'u.email', 'u.roles', 'u.data_protection_trained_at', 'u.safeguarding_trained_at', 'o.id as org_id', 'o.slug as org_slug', 'o.jurisdiction'])
    .where('u.email', '=', email.toLowerCase())
    .executeTakeFirst();
  if (!row) throw new NotFoundError('user', email);
  return {
    userId: row.id, name: row.name, email: row.email, orgId: row.org_id, orgSlug: row.org_slug, orgJurisdiction: row.jurisdiction, roles: row.roles as Role[],
    dataProtectionTrainedAt: toIso(row.data_protection_trained_at), safeguardingTrainedAt: toIso(row.safeguarding_trained_at), via: 'local',
  };
}

export async function listUsers(store: Store, orgId?: string): Promise<User[]> {
  let q = store.db.selectFrom('users').selectAll().orderBy('email');
  if (orgId) q = q.where('org_id', '=', orgId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, orgId: r.org_id, name: r.name, email: r.email, roles: r.roles as Role[], dataProtectionTrainedAt: toIso(r.data_protection_trained_at), safeguardingTrainedAt: toIso(r.safeguarding_trained_at) }));
}
