import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { localPrincipal, type Principal } from '../identity/index.ts';
import { TesseraError } from '../shared/errors.ts';
import { loadSavedSchemes } from '../taxonomy/index.ts';
import { openStore, type Store, type StoreOptions } from '../store/index.ts';

/** Options every command inherits from the program. */
export interface GlobalOptions {
  data?: string;
  json?: boolean;
}

export const DEFAULT_DATA_DIR = '.tessera/data';

/** PostgreSQL when DATABASE_URL is set; otherwise the embedded store in --data, TESSERA_DATA or ./.tessera/data. */
export function storeOptions(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): StoreOptions {
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL };
  return { dataDir: resolve(opts.data ?? env.TESSERA_DATA ?? DEFAULT_DATA_DIR) };
}

/** Opens the node's store (creating and migrating it on first use: `init` is implied), runs fn, closes. */
export async function withStore<T>(opts: GlobalOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeOptions(opts));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The command's own options merged with the program's (`--data`, `--json`). */
export function globalsOf<T extends object>(cmd: Command): T & GlobalOptions {
  return cmd.optsWithGlobals<T & GlobalOptions>();
}

/**
 * Who a local command acts as: `--as EMAIL`, else $TESSERA_USER, else (where the command allows
 * it) the first steward, then admin, of the node's own organisation. The shell account on the
 * node is trusted as that person; everything the command reads or changes is audited in their name.
 */
export async function actingPrincipal(store: Store, email: string | undefined, opts: { defaultToNodeSteward: boolean }): Promise<Principal> {
  const who = email ?? process.env.TESSERA_USER;
  if (who) return localPrincipal(store, who);
  if (opts.defaultToNodeSteward) {
    const setting = await store.db.selectFrom('node_settings').select('value').where('key', '=', 'node.organisation').executeTakeFirst();
    const v = setting?.value as unknown;
    const orgId = typeof v === 'string' ? (v.startsWith('"') ? (JSON.parse(v) as string) : v) : undefined;
    if (orgId) {
      const users = await store.db.selectFrom('users').select(['email', 'roles']).where('org_id', '=', orgId).where('disabled_at', 'is', null).orderBy('email').execute();
      const pick = users.find((u) => u.roles.includes('steward')) ?? users.find((u) => u.roles.includes('admin'));
      if (pick) return localPrincipal(store, pick.email);
    }
    throw new TesseraError('no_actor', 'No user to act as: pass --as EMAIL (a user of this node) or set TESSERA_USER; `tessera init --org SLUG` creates the first admin.', { where: { field: 'as' } });
  }
  throw new TesseraError('no_actor', 'Say who is acting: pass --as EMAIL (a user of this node) or set TESSERA_USER. Every read and change is audited in that person’s name.', { where: { field: 'as' } });
}

/** Registers the schemes this node keeps, when the node has a store (never creates one). */
export async function loadNodeSchemes(opts: GlobalOptions): Promise<void> {
  const so = storeOptions(opts);
  if (!so.databaseUrl && !(so.dataDir && existsSync(so.dataDir))) return;
  await withStore(opts, (store) => loadSavedSchemes(store));
}
