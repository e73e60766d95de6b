import { openPglite, openPostgres, type Connection } from './connection.ts';
import { migrate } from './migrate.ts';

export type { Connection, StoreKind } from './connection.ts';
export type { CoreDatabase } from './tables.ts';
export { migrate, loadMigrations, appliedMigrations } from './migrate.ts';
export type { CopyTransactionOptions } from './connection.ts';
export { copyBytes, copyInsertRows, copyRow, copyField, type CopyTransaction, type CopyValue } from './copy.ts';
export { bulkLoadReports, type BulkLoadOptions } from './bulk-load.ts';
export { lineageSql, lineageSqlText, rawDigestSqlText } from './lineage.ts';
export { copyReportBundles } from './repositories/copy-bundles.ts';
export type Store = Connection;

export interface StoreOptions {
  /** PostgreSQL connection string; when set, the embedded store is not used. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded store; undefined with no databaseUrl means in memory (tests). */
  dataDir?: string | undefined;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
}

/** Opens the node's store: PostgreSQL when a URL is given, else the embedded PGlite store. */
export async function openStore(opts: StoreOptions): Promise<Store> {
  const conn = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir);
  if (opts.migrate !== false) {
    try {
      await migrate(conn);
    } catch (e) {
      await conn.close();
      throw e;
    }
  }
  return conn;
}
