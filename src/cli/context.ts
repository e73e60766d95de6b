import type { Command } from 'commander';
import { resolve } from 'node:path';
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
