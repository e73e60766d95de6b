import { sql } from 'kysely';
import type { Principal } from '../identity/principal.ts';
import { decide, requireAllowed } from '../policy/index.ts';
import { TesseraError } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import type { ImportedScheme } from './import.ts';
import { registry as defaultRegistry, type SchemeSummary, type TaxonomyRegistry } from './registry.ts';
import type { Scheme } from './types.ts';

/**
 * Organisations' own schemes, kept by the node: an imported scheme is validated and registered
 * (all or nothing, see import.ts), then stored so the node knows it again after a restart.
 */
export async function saveImportedScheme(store: Store, actor: Principal, imported: ImportedScheme, reg: TaxonomyRegistry = defaultRegistry()): Promise<SchemeSummary> {
  requireAllowed(decide(actor, 'write', 'scheme'));
  const s = imported.scheme;
  const existing = await sql<{ digest: string }>`SELECT digest FROM taxonomy_schemes WHERE id = ${s.id} AND version = ${s.version}`.execute(store.db);
  const stored = existing.rows[0];
  if (stored && stored.digest !== imported.digest) {
    throw new TesseraError('scheme_version_exists', `Scheme "${s.id}" version ${s.version} is already stored with different content; give the changed scheme a new version.`, { status: 409, where: { field: 'version' } });
  }
  const summary = reg.register(s);
  if (!stored) {
    await sql`INSERT INTO taxonomy_schemes (id, version, digest, body, imported_by_org, imported_by) VALUES (${s.id}, ${s.version}, ${imported.digest}, ${JSON.stringify(s)}::jsonb, ${actor.orgId}, ${actor.userId}) ON CONFLICT DO NOTHING`.execute(store.db);
  }
  return summary;
}

/** Registers every stored scheme (oldest first) in the registry; returns how many. */
export async function loadSavedSchemes(store: Store, reg: TaxonomyRegistry = defaultRegistry()): Promise<number> {
  const rows = await sql<{ body: unknown }>`SELECT body FROM taxonomy_schemes ORDER BY imported_at, id, version`.execute(store.db);
  for (const r of rows.rows) reg.register((typeof r.body === 'string' ? JSON.parse(r.body) : r.body) as Scheme);
  return rows.rows.length;
}
