import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PGliteDriver, PostgresDialect, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TesseraError } from '../shared/errors.ts';
import type { CopyTransaction } from './copy.ts';
import { Mutex } from './mutex.ts';
import type { CoreDatabase } from './tables.ts';

export type StoreKind = 'pglite' | 'postgres';

export interface Connection {
  kind: StoreKind;
  db: Kysely<CoreDatabase>;
  /** Runs a multi-statement SQL script without parameters (migrations, maintenance). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in one transaction on one connection that can stream COPY data (the bulk-load
   * path): committed when `fn` resolves, rolled back when it throws. On PGlite it takes the
   * store's turn like any Kysely query, so it never interleaves with other transactions; inside
   * `fn` use only `tx` (a query through `db` would wait for this transaction and never run).
   */
  copyTransaction<T>(fn: (tx: CopyTransaction) => Promise<T>, opts?: CopyTransactionOptions): Promise<T>;
  /** Human description of where the data lives, without secrets. */
  location: string;
  close(): Promise<void>;
}

export interface CopyTransactionOptions {
  /**
   * `SET LOCAL synchronous_commit = off` for this transaction (PostgreSQL only): the commit
   * returns before its WAL reaches disk. A crash can lose the last few hundred milliseconds of
   * committed transactions, never part of one; for an idempotent, resumable bulk load that is
   * a fair trade (reload the same input to fill the gap). Default false.
   */
  asyncCommit?: boolean;
}

/**
 * Kysely's PGlite driver hands the single PGlite connection to every caller at once; a query
 * issued while another caller's transaction is open would run inside that transaction. This
 * driver makes callers take turns, so a transaction is atomic against concurrent requests.
 */
class SerialPGliteDriver extends PGliteDriver {
  readonly #mutex: Mutex;
  readonly #releases: Array<() => void> = [];
  constructor(config: ConstructorParameters<typeof PGliteDriver>[0], mutex: Mutex) {
    super(config);
    this.#mutex = mutex;
  }
  override async acquireConnection(): Promise<DatabaseConnection> {
    this.#releases.push(await this.#mutex.lock());
    return super.acquireConnection();
  }
  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#releases.shift()?.();
  }
}

class SerialPGliteDialect extends PGliteDialect {
  readonly #config: ConstructorParameters<typeof PGliteDialect>[0];
  readonly #mutex: Mutex;
  constructor(config: ConstructorParameters<typeof PGliteDialect>[0], mutex: Mutex) {
    super(config);
    this.#config = config;
    this.#mutex = mutex;
  }
  override createDriver(): Driver {
    return new SerialPGliteDriver(this.#config, this.#mutex);
  }
}

/** Opens the embedded store in `dataDir` (created if missing), or in memory when dataDir is undefined. */
export async function openPglite(dataDir: string | undefined): Promise<Connection> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir ? { dataDir } : {});
  } catch (e) {
    throw new TesseraError('store_unavailable', `Could not open the embedded store at ${dataDir ?? 'memory'}: ${(e as Error).message}. Is another Tessera process using this folder?`, { cause: e, status: 503 });
  }
  const mutex = new Mutex();
  const db = new Kysely<CoreDatabase>({ dialect: new SerialPGliteDialect({ pglite }, mutex) });
  return {
    kind: 'pglite',
    db,
    location: dataDir ? `embedded store in ${dataDir}` : 'embedded store in memory',
    exec: (script) => mutex.run(async () => void (await pglite.exec(script))),
    copyTransaction: (fn) =>
      mutex.run(() =>
        pglite.transaction((tx) =>
          fn({
            exec: async (script) => void (await tx.exec(script)),
            query: async <R>(text: string, params?: unknown[]) => {
              const r = await tx.query<R>(text, params);
              return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
            },
            copyIn: async (table, columns, data) => {
              // PGlite reads COPY input from the query's blob: no parameter marshalling at all.
              await tx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([data]) });
            },
          }),
        ),
      ),
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Same conversions on both drivers: int8 and numeric as numbers (our counts stay far below 2^53). */
function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v));
  return pg.types.getTypeParser(oid, format as 'text');
}

export async function openPostgres(databaseUrl: string): Promise<Connection> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8, types: { getTypeParser: typeParser as typeof pg.types.getTypeParser } });
  // An idle connection dropped by the server (restart, admin command) must not crash the node;
  // the pool replaces it on the next query.
  pool.on('error', (e) => process.emitWarning(`PostgreSQL connection lost: ${e.message}`, { code: 'TESSERA_PG_IDLE' }));
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new TesseraError('store_unavailable', `Could not connect to PostgreSQL at ${redactUrl(databaseUrl)}: ${(e as Error).message}. Check DATABASE_URL and that the server is running.`, { cause: e, status: 503 });
  }
  const db = new Kysely<CoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    location: `PostgreSQL at ${redactUrl(databaseUrl)}`,
    exec: async (script) => {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    copyTransaction: async (fn, opts) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A connection lost mid-batch emits 'error' on the client as well as failing the query in
      // progress; the failed query carries it to the caller, so the event must not crash Node.
      const onError = (e: Error) => void (broken = e);
      client.on('error', onError);
      try {
        await client.query(opts?.asyncCommit ? 'BEGIN; SET LOCAL synchronous_commit = off' : 'BEGIN');
        const result = await fn({
          exec: async (script) => void (await client.query(script)),
          query: async <R>(text: string, params?: unknown[]) => {
            const r = await client.query(text, params);
            return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
          },
          copyIn: (table, columns, data) =>
            new Promise<void>((resolve, reject) => {
              const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
              stream.on('finish', resolve);
              stream.on('error', reject);
              stream.end(data);
            }),
        });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (e2) {
          // The connection is unusable (lost mid-COPY): drop it rather than return it to the pool.
          broken = e2 as Error;
        }
        throw e;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    close: () => db.destroy(),
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return `${u.host}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
