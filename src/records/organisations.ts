import { DatasetEntity, OrganisationEntity, parseEntity, type Dataset, type DatasetInput, type Organisation, type OrganisationInput } from '../model/index.ts';
import type { Principal } from '../identity/principal.ts';
import { decide, requireAllowed } from '../policy/index.ts';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { datasetFromRow, organisationFromRow } from '../store/repositories/rows.ts';

/** Registers an organisation (node set-up and demo; not an API write). Idempotent by slug. */
export async function registerOrganisation(store: Store, input: OrganisationInput): Promise<Organisation> {
  const org = parseEntity(OrganisationEntity, input);
  await store.db
    .insertInto('organisations')
    .values({ id: org.id, slug: org.slug, name: org.name, kind: org.kind, jurisdiction: org.jurisdiction, languages: org.languages, node_url: org.nodeUrl ?? null })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: org.name, kind: org.kind, jurisdiction: org.jurisdiction, languages: org.languages, node_url: org.nodeUrl ?? null }))
    .execute();
  return org;
}

export async function listOrganisations(store: Store, actor: Principal): Promise<Organisation[]> {
  requireAllowed(decide(actor, 'read', 'directory'));
  const rows = await store.db.selectFrom('organisations').selectAll().orderBy('name').execute();
  return rows.map(organisationFromRow);
}

export async function getOrganisation(store: Store, actor: Principal, id: string): Promise<Organisation> {
  requireAllowed(decide(actor, 'read', 'directory'));
  const row = await store.db.selectFrom('organisations').selectAll().where((eb) => eb.or([eb('id', '=', id), eb('slug', '=', id)])).executeTakeFirst();
  if (!row) throw new NotFoundError('organisation', id);
  return organisationFromRow(row);
}

/** Registers a dataset for the system (set-up, demo): no access check. */
export async function registerDatasetAsNode(store: Store, input: DatasetInput): Promise<Dataset> {
  const ds = parseEntity(DatasetEntity, input);
  const owner = await store.db.selectFrom('organisations').select('id').where('id', '=', ds.ownerOrgId).executeTakeFirst();
  if (!owner) throw new TesseraError('unknown_organisation', `Dataset owner ${ds.ownerOrgId} is not a registered organisation; register the organisation first.`, { where: { field: 'ownerOrgId' }, status: 422 });
  await store.db
    .insertInto('datasets')
    .values({ id: ds.id, owner_org_id: ds.ownerOrgId, slug: ds.slug, name: ds.name, description: ds.description, record_type: ds.recordType, purpose: ds.purpose, legal_basis: ds.legalBasis, retention_days: ds.retentionDays, created_at: ds.createdAt })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: ds.name, description: ds.description, purpose: ds.purpose, legal_basis: ds.legalBasis, retention_days: ds.retentionDays }))
    .execute();
  return ds;
}

/** Registers a dataset on behalf of a person: only for their own organisation. */
export async function registerDataset(store: Store, actor: Principal, input: Omit<DatasetInput, 'ownerOrgId' | 'createdAt'> & { createdAt?: string }): Promise<Dataset> {
  const scope = requireAllowed(decide(actor, 'write', 'dataset'));
  const ownerOrgId = scope.sourceOrgIds[0] as string;
  return registerDatasetAsNode(store, { ...input, ownerOrgId, createdAt: input.createdAt ?? new Date().toISOString() });
}

export async function listDatasets(store: Store, actor: Principal, filter: { ownerOrgId?: string | undefined } = {}): Promise<Dataset[]> {
  requireAllowed(decide(actor, 'read', 'dataset'));
  let q = store.db.selectFrom('datasets').selectAll().orderBy('name');
  if (filter.ownerOrgId) q = q.where('owner_org_id', '=', filter.ownerOrgId);
  return (await q.execute()).map(datasetFromRow);
}

export async function getDataset(store: Store, actor: Principal, id: string): Promise<Dataset> {
  requireAllowed(decide(actor, 'read', 'dataset'));
  const row = await store.db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('dataset', id);
  return datasetFromRow(row);
}
