/**
 * TAXII collections: one per agreement and direction. `records` carries the provider's records
 * to the recipients (readable at the provider's node; writable at a recipient's node, for the
 * provider's pushes); `feedback` carries outcomes and other Tessera-extension objects back to
 * the provider (writable at the provider's node). The id is the same on every node.
 */
import type { Principal } from '../identity/index.ts';
import { uuidV5 } from '../model/index.ts';
import { listAgreements, type AgreementTerms } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import { nodeOrgId } from './peers.ts';
import { parseJson, xdb } from './tables.ts';

const NS = Buffer.from('1b7e3c5d9f2a4e6b8c0d2f4a6b8c0e1f', 'hex');
export type Direction = 'records' | 'feedback';

export const collectionId = (agreementId: string, direction: Direction): string => uuidV5(`${agreementId}|${direction}`, NS);

export interface CollectionInfo {
  id: string;
  agreementId: string;
  slug: string;
  direction: Direction;
  /** `serve`: we are the provider and the caller a recipient; `receive`: the caller is the provider pushing to us; `feedback`: the caller sends outcomes to us. */
  role: 'serve' | 'receive' | 'feedback';
  canRead: boolean;
  canWrite: boolean;
  title: string;
  description: string;
  state: string;
  terms: AgreementTerms;
}

/** The collections a caller may see on this node. */
export async function collectionsFor(store: Store, p: Principal): Promise<CollectionInfo[]> {
  const out: CollectionInfo[] = [];
  for (const a of await listAgreements(store, p)) {
    if (a.storedState === 'draft') continue;
    if (!a.terms.recipients.some((r) => r.orgId === p.orgId)) continue;
    out.push({ id: collectionId(a.id, 'records'), agreementId: a.id, slug: a.slug, direction: 'records', role: 'serve', canRead: true, canWrite: false, state: a.state, terms: a.terms,
      title: `${a.slug}: records`, description: `Records shared under agreement ${a.slug} v${a.version} (${a.versionHash}), with its field rules. State: ${a.state}.` });
    out.push({ id: collectionId(a.id, 'feedback'), agreementId: a.id, slug: a.slug, direction: 'feedback', role: 'feedback', canRead: false, canWrite: true, state: a.state, terms: a.terms,
      title: `${a.slug}: feedback to the provider`, description: `Outcomes and opinions on records of agreement ${a.slug}, back to its provider.` });
  }
  let mine: string | null = null;
  try {
    mine = await nodeOrgId(store);
  } catch {
    mine = null;
  }
  if (mine) {
    const mirrored = await xdb(store).selectFrom('exchange_agreements').selectAll().where('provider_org_id', '=', p.orgId).execute();
    for (const m of mirrored) {
      const terms = parseJson<AgreementTerms>(m.terms);
      if (!terms.recipients.some((r) => r.orgId === mine)) continue;
      out.push({ id: collectionId(m.id, 'records'), agreementId: m.id, slug: m.slug, direction: 'records', role: 'receive', canRead: false, canWrite: true, state: m.state, terms,
        title: `${m.slug}: records pushed by the provider`, description: `Records the provider pushes under agreement ${m.slug} to this node.` });
    }
  }
  return out;
}

export async function findCollection(store: Store, p: Principal, id: string): Promise<CollectionInfo | null> {
  return (await collectionsFor(store, p)).find((c) => c.id === id) ?? null;
}
