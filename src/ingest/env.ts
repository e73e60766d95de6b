/**
 * What an ingest run needs to know before it reads a byte: the dataset it writes into (checked
 * with the policy module: a steward or admin writes only into their own organisation's
 * datasets), the lineage every record gets, and the keyed pseudonymiser for personal identifiers.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Principal } from '../identity/principal.ts';
import type { Lineage } from '../model/index.ts';
import { decide, requireAllowed } from '../policy/index.ts';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';

export interface DatasetInfo {
  id: string;
  ownerOrgId: string;
  slug: string;
  recordType: string;
  purpose: Lineage['collectionPurpose'];
  legalBasis: Lineage['legalBasis'];
}

/**
 * The dataset to write into: by id or slug among the actor's organisation's datasets; when none
 * is named, the organisation's only dataset of a fitting record type.
 */
export async function resolveDataset(store: Store, actor: Principal, kind: 'report' | 'contact', idOrSlug: string | undefined): Promise<DatasetInfo> {
  const scope = requireAllowed(decide(actor, 'write', kind));
  const fits = (t: string) => t === kind || t === 'mixed';
  let q = store.db.selectFrom('datasets').selectAll();
  if (idOrSlug) q = q.where((eb) => eb.or([eb('id', '=', idOrSlug), eb.and([eb('slug', '=', idOrSlug), eb('owner_org_id', '=', actor.orgId)])]));
  else q = q.where('owner_org_id', 'in', scope.sourceOrgIds);
  const rows = await q.execute();
  if (idOrSlug) {
    const d = rows[0];
    if (!d) throw new NotFoundError('dataset', idOrSlug);
    if (!scope.sourceOrgIds.includes(d.owner_org_id)) throw new TesseraError('forbidden_dataset', `Dataset ${d.slug} belongs to another organisation; you may only ingest into your own organisation's datasets.`, { status: 403, where: { field: 'dataset' } });
    if (!fits(d.record_type)) throw new TesseraError('wrong_dataset', `Dataset ${d.slug} holds ${d.record_type} records; ${kind}s need a "${kind}" or "mixed" dataset.`, { where: { field: 'dataset' } });
    return info(d);
  }
  const candidates = rows.filter((d) => fits(d.record_type));
  if (candidates.length === 1 && candidates[0]) return info(candidates[0]);
  throw new TesseraError('dataset_required', candidates.length === 0
    ? `Your organisation has no dataset for ${kind}s; register one first (tessera dataset add or POST /api/v1/datasets).`
    : `Name the dataset with --dataset: your organisation has ${candidates.length} datasets for ${kind}s (${candidates.map((d) => d.slug).join(', ')}).`, { where: { field: 'dataset' }, details: { datasets: candidates.map((d) => ({ id: d.id, slug: d.slug })) } });
}

function info(d: { id: string; owner_org_id: string; slug: string; record_type: string; purpose: string; legal_basis: string }): DatasetInfo {
  return { id: d.id, ownerOrgId: d.owner_org_id, slug: d.slug, recordType: d.record_type, purpose: d.purpose as DatasetInfo['purpose'], legalBasis: d.legal_basis as DatasetInfo['legalBasis'] };
}

const KEY_SETTING = 'ingest.pseudonym-key';

/**
 * The node's pseudonymisation key (created once, kept in node_settings). Until the privacy module
 * owns keys, ingest keeps its own; identifiers are HMAC-SHA256(key, type:normalised value).
 */
export async function pseudonymiser(store: Store): Promise<(type: string, value: string) => string> {
  return pseudonymiserFromKey(await pseudonymKey(store));
}

/** The node's pseudonymisation key (hex), created on first use. */
export async function pseudonymKey(store: Store): Promise<string> {
  const read = async () => (await store.db.selectFrom('node_settings').select('value').where('key', '=', KEY_SETTING).executeTakeFirst())?.value as unknown;
  let v = await read();
  if (v === undefined) {
    await store.db.insertInto('node_settings').values({ key: KEY_SETTING, value: JSON.stringify(randomBytes(32).toString('hex')) }).onConflict((oc) => oc.column('key').doNothing()).execute();
    v = await read();
  }
  return typeof v === 'string' ? (v.startsWith('"') ? (JSON.parse(v) as string) : v) : String(v);
}

/** HMAC-SHA256(key, type:normalised value): the same function in the main thread and in mapping workers. */
export function pseudonymiserFromKey(hex: string): (type: string, value: string) => string {
  const key = Buffer.from(hex, 'hex');
  return (type, value) => createHmac('sha256', key).update(`${type}:${normaliseIdentifier(type, value)}`).digest('hex');
}

export function normaliseIdentifier(type: string, value: string): string {
  const v = value.normalize('NFC').trim();
  if (type === 'email') return v.toLowerCase();
  if (type === 'phone') return v.replace(/[^\d+]/g, '');
  if (type === 'ip') return v.toLowerCase();
  return v;
}
