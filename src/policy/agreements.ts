import type { Kysely, Selectable } from 'kysely';
import { appendAudit } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { deterministicId } from '../model/index.ts';
import { parseWith } from '../model/validate.ts';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import { decide, requireAllowed } from './decide.ts';
import type { LoadedAgreement } from './plan.ts';
import type { GovernanceTables } from './tables.ts';
import { AgreementTerms, agreementJsonLd, versionHash, type AgreementTermsInput } from './terms.ts';

type Db = Kysely<CoreDatabase & GovernanceTables>;
const gdb = (store: Store): Db => store.db.withTables<GovernanceTables>() as Db;

/** What a party sees of an agreement. `state` is the effective state at `asOf`. */
export interface AgreementView {
  id: string;
  slug: string;
  version: number;
  versionHash: string;
  state: 'draft' | 'active' | 'revoked' | 'expired' | 'not-yet-valid';
  storedState: 'draft' | 'active' | 'revoked';
  terms: AgreementTerms;
  parties: Array<{ orgId: string; slug: string; role: 'provider' | 'recipient'; acceptedVersionHash: string | null; acceptedAt: string | null }>;
  revoked: { at: string; by: string; reason: string } | null;
  asOf: string;
}

const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export function effectiveState(stored: string, terms: AgreementTerms, now: Date): AgreementView['state'] {
  if (stored !== 'active') return stored as AgreementView['state'];
  if (now.getTime() < Date.parse(terms.validFrom)) return 'not-yet-valid';
  if (now.getTime() >= Date.parse(terms.validUntil)) return 'expired';
  return 'active';
}

async function viewOf(store: Store, row: Selectable<GovernanceTables['agreements']>, now: Date): Promise<AgreementView> {
  const terms = parseJson<AgreementTerms>(row.terms);
  const acc = await gdb(store).selectFrom('agreement_acceptances').selectAll().where('agreement_id', '=', row.id).where('version', '=', row.version).execute();
  const orgIds = [terms.providerOrgId, ...terms.recipients.map((r) => r.orgId)];
  const orgs = await store.db.selectFrom('organisations').select(['id', 'slug']).where('id', 'in', orgIds).execute();
  const slug = new Map(orgs.map((o) => [o.id, o.slug]));
  return {
    id: row.id, slug: row.slug, version: row.version, versionHash: row.version_hash, state: effectiveState(row.state, terms, now), storedState: row.state as AgreementView['storedState'], terms,
    parties: orgIds.map((orgId, i) => {
      const a = acc.find((x) => x.org_id === orgId);
      return { orgId, slug: slug.get(orgId) ?? orgId, role: i === 0 ? 'provider' : 'recipient', acceptedVersionHash: a?.version_hash ?? null, acceptedAt: a ? new Date(a.accepted_at).toISOString() : null };
    }),
    revoked: row.revoked_at ? { at: new Date(row.revoked_at).toISOString(), by: row.revoked_by ?? '', reason: row.revoked_reason ?? '' } : null,
    asOf: now.toISOString(),
  };
}

const isParty = (terms: AgreementTerms, orgId: string) => terms.providerOrgId === orgId || terms.recipients.some((r) => r.orgId === orgId);

async function findRow(store: Store, idOrSlug: string, actor: Principal): Promise<Selectable<GovernanceTables['agreements']>> {
  const rows = await gdb(store).selectFrom('agreements').selectAll().where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)])).execute();
  // Only parties learn that an agreement exists.
  const row = rows.find((r) => isParty(parseJson<AgreementTerms>(r.terms), actor.orgId));
  if (!row) throw new NotFoundError('agreement naming your organisation', idOrSlug);
  return row;
}

/**
 * Drafts an agreement, or a new version of a draft (same provider and slug). Only stewards
 * and admins of the provider draft; any earlier acceptances lapse with a new version.
 */
export async function draftAgreement(store: Store, actor: Principal, input: Omit<AgreementTermsInput, 'providerOrgId'> & { providerOrgId?: string }): Promise<AgreementView> {
  requireAllowed(decide(actor, 'manage', 'agreement'));
  const terms = parseWith(AgreementTerms, { ...input, providerOrgId: input.providerOrgId ?? actor.orgId }, { path: 'agreement' });
  if (terms.providerOrgId !== actor.orgId) throw new TesseraError('not_provider', 'You can only draft agreements that share your own organisation\'s data: providerOrgId must be your organisation.', { status: 403, where: { field: 'providerOrgId' } });
  const datasets = await store.db.selectFrom('datasets').select(['id', 'owner_org_id']).where('id', 'in', terms.datasetIds).execute();
  terms.datasetIds.forEach((d, i) => {
    const ds = datasets.find((x) => x.id === d);
    if (!ds) throw new TesseraError('unknown_dataset', `dataset ${d} does not exist on this node`, { status: 422, where: { path: `agreement.datasetIds[${i}]`, field: 'datasetIds' } });
    if (ds.owner_org_id !== terms.providerOrgId) throw new TesseraError('not_your_dataset', `dataset ${d} belongs to another organisation; an agreement can only share the provider's own datasets`, { status: 422, where: { path: `agreement.datasetIds[${i}]`, field: 'datasetIds' } });
  });
  const orgs = await store.db.selectFrom('organisations').select('id').where('id', 'in', terms.recipients.map((r) => r.orgId)).execute();
  terms.recipients.forEach((r, i) => {
    if (!orgs.some((o) => o.id === r.orgId)) throw new TesseraError('unknown_organisation', `organisation ${r.orgId} is not registered on this node`, { status: 422, where: { path: `agreement.recipients[${i}].orgId`, field: 'orgId' } });
  });
  const id = deterministicId('agreement', [terms.providerOrgId, terms.slug]);
  const now = new Date().toISOString();
  const db = gdb(store);
  const row = await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst();
    if (existing && existing.state !== 'draft') {
      throw new TesseraError('agreement_not_draft', `Agreement ${terms.slug} is ${existing.state}; its terms can no longer change. Draft a new agreement (another slug) to change the terms.`, { status: 409 });
    }
    const version = existing ? existing.version + 1 : 1;
    const hash = versionHash(terms, version);
    if (existing && existing.version_hash === versionHash(terms, existing.version)) return existing;
    if (existing) await trx.updateTable('agreements').set({ version, version_hash: hash, terms: JSON.stringify(terms), updated_at: now }).where('id', '=', id).execute();
    else await trx.insertInto('agreements').values({ id, slug: terms.slug, provider_org_id: terms.providerOrgId, version, version_hash: hash, terms: JSON.stringify(terms), state: 'draft', created_at: now, updated_at: now, revoked_at: null, revoked_by: null, revoked_reason: null }).execute();
    await trx.insertInto('agreement_versions').values({ agreement_id: id, version, version_hash: hash, terms: JSON.stringify(terms), created_at: now, created_by: actor.userId }).execute();
    return trx.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  });
  await appendAudit(store, [{ action: 'agreement.draft', decision: 'done', reason: `${actor.orgSlug} drafted version ${row.version} of agreement ${row.slug}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: terms.providerOrgId, agreement: { id, version: row.version, versionHash: row.version_hash }, resource: id }]);
  return viewOf(store, row, new Date());
}

/** Accepts the current version for the actor's organisation; the agreement takes effect when every party has accepted. */
export async function acceptAgreement(store: Store, actor: Principal, idOrSlug: string, expectedHash?: string): Promise<AgreementView> {
  requireAllowed(decide(actor, 'manage', 'agreement'));
  const row = await findRow(store, idOrSlug, actor);
  if (row.state !== 'draft') throw new TesseraError('agreement_not_draft', `Agreement ${row.slug} is ${row.state}; only a draft can be accepted.`, { status: 409 });
  if (expectedHash && expectedHash !== row.version_hash) {
    throw new TesseraError('version_changed', `Agreement ${row.slug} is now at version ${row.version} (${row.version_hash}), not the version you reviewed (${expectedHash}); review the current terms and accept again.`, { status: 409, where: { field: 'versionHash' } });
  }
  const terms = parseJson<AgreementTerms>(row.terms);
  const db = gdb(store);
  const now = new Date().toISOString();
  const after = await db.transaction().execute(async (trx) => {
    await trx.insertInto('agreement_acceptances').values({ agreement_id: row.id, version: row.version, org_id: actor.orgId, user_id: actor.userId, version_hash: row.version_hash, accepted_at: now }).onConflict((oc) => oc.columns(['agreement_id', 'version', 'org_id']).doNothing()).execute();
    const acc = await trx.selectFrom('agreement_acceptances').select('org_id').where('agreement_id', '=', row.id).where('version', '=', row.version).execute();
    const parties = [terms.providerOrgId, ...terms.recipients.map((r) => r.orgId)];
    if (parties.every((p) => acc.some((a) => a.org_id === p))) await trx.updateTable('agreements').set({ state: 'active', updated_at: now }).where('id', '=', row.id).where('state', '=', 'draft').execute();
    return trx.selectFrom('agreements').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
  });
  await appendAudit(store, [{ action: 'agreement.accept', decision: 'done', reason: `${actor.orgSlug} accepted version ${row.version} of agreement ${row.slug}${after.state === 'active' ? '; every party has accepted, so it is now active' : ''}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: terms.providerOrgId, agreement: { id: row.id, version: row.version, versionHash: row.version_hash }, resource: row.id }]);
  return viewOf(store, after, new Date());
}

/** Revokes an agreement (any party's steward or admin). Final: nothing may be read under it afterwards. */
export async function revokeAgreement(store: Store, actor: Principal, idOrSlug: string, reason: string): Promise<AgreementView> {
  requireAllowed(decide(actor, 'manage', 'agreement'));
  if (!reason || reason.trim().length < 5) throw new TesseraError('reason_required', 'Say why the agreement is revoked (at least 5 characters); the reason is kept in the audit log and shown to every party.', { where: { field: 'reason' } });
  const row = await findRow(store, idOrSlug, actor);
  if (row.state === 'revoked') throw new TesseraError('already_revoked', `Agreement ${row.slug} was already revoked.`, { status: 409 });
  const now = new Date().toISOString();
  await gdb(store).updateTable('agreements').set({ state: 'revoked', revoked_at: now, revoked_by: actor.userId, revoked_reason: reason.trim(), updated_at: now }).where('id', '=', row.id).execute();
  const terms = parseJson<AgreementTerms>(row.terms);
  await appendAudit(store, [{ action: 'agreement.revoke', decision: 'done', reason: `${actor.orgSlug} revoked agreement ${row.slug}: ${reason.trim()}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: terms.providerOrgId, agreement: { id: row.id, version: row.version, versionHash: row.version_hash }, resource: row.id }]);
  return viewOf(store, await gdb(store).selectFrom('agreements').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow(), new Date());
}

/** An agreement as a party sees it (anyone else gets "not found"). */
export async function getAgreement(store: Store, actor: Principal, idOrSlug: string, now = new Date()): Promise<AgreementView> {
  requireAllowed(decide(actor, 'read', 'agreement'));
  return viewOf(store, await findRow(store, idOrSlug, actor), now);
}

export async function listAgreements(store: Store, actor: Principal, now = new Date()): Promise<AgreementView[]> {
  requireAllowed(decide(actor, 'read', 'agreement'));
  const rows = await gdb(store).selectFrom('agreements').selectAll().orderBy('slug').execute();
  const mine = rows.filter((r) => isParty(parseJson<AgreementTerms>(r.terms), actor.orgId));
  return Promise.all(mine.map((r) => viewOf(store, r, now)));
}

export async function agreementAsJsonLd(store: Store, actor: Principal, idOrSlug: string): Promise<Record<string, unknown>> {
  const a = await getAgreement(store, actor, idOrSlug);
  return agreementJsonLd(a);
}

/** The agreement as the decision needs it (no access check: the decision is the check). */
export async function loadAgreement(store: Store, id: string, partyOrgId: string): Promise<LoadedAgreement | null> {
  const rows = await gdb(store).selectFrom('agreements').selectAll().where((eb) => eb.or([eb('id', '=', id), eb('slug', '=', id)])).orderBy('id').execute();
  // Only an agreement naming the actor's organisation is considered: others stay unknown to it.
  const row = rows.find((r) => isParty(parseJson<AgreementTerms>(r.terms), partyOrgId));
  if (!row) return null;
  const terms = parseJson<AgreementTerms>(row.terms);
  let awaiting: string[] = [];
  if (row.state === 'draft') {
    const acc = await gdb(store).selectFrom('agreement_acceptances').select('org_id').where('agreement_id', '=', row.id).where('version', '=', row.version).execute();
    const missing = [terms.providerOrgId, ...terms.recipients.map((r) => r.orgId)].filter((o) => !acc.some((a) => a.org_id === o));
    const orgs = missing.length ? await store.db.selectFrom('organisations').select(['id', 'slug']).where('id', 'in', missing).execute() : [];
    awaiting = missing.map((m) => orgs.find((o) => o.id === m)?.slug ?? m);
  }
  return {
    id: row.id, slug: row.slug, version: row.version, versionHash: row.version_hash, state: row.state as LoadedAgreement['state'], terms,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null, awaiting,
  };
}
