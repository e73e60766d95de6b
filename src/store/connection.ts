import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PGliteDriver, PostgresDialect, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { TesseraError } from '../shared/errors.ts';
import type { CopyTransaction } from './copy.ts';
import { copyStatement } from './copy-binary.ts';
import { Mutex } from './mutex.ts';
import { PgliteCheckpoints } from './pglite-checkpoints.ts';
import { StoreFailureMonitor, type StoreFailure } from './pglite-failure.ts';
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
  /**
   * Embedded store only: the first failure of the store itself (a data file it could not open,
   * read or write, a corrupt page, an aborted engine; see pglite-failure.ts), or null.
   */
  readonly failure?: StoreFailure | null;
  /** Embedded store only: calls `listener` once the store has failed (at once if it has). */
  onFailure?(listener: (f: StoreFailure) => void): () => void;
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

export interface PgliteOptions {
  /** Server settings for this instance (`-c name=value` at start), on top of PGlite's own. */
  settings?: Record<string, string | number>;
  /** WAL since the last checkpoint that makes the store take one (default: half of max_wal_size). */
  checkpointAfterWalBytes?: number;
}

const SHARED_BUFFERS_ENV = 'TESSERA_PGLITE_SHARED_BUFFERS';
/** 128 kB is PostgreSQL's floor (16 pages); 1 GB leaves room in PGlite's 2 GB of WebAssembly memory. */
const SHARED_BUFFERS_KB = { min: 128, max: 1024 * 1024 };
const UNIT_KB: Record<string, number> = { kB: 1, MB: 1024, GB: 1024 * 1024 };

/**
 * The embedded store's shared_buffers for a data folder: TESSERA_PGLITE_SHARED_BUFFERS, else
 * 512MB. Checked here, since PGlite refuses a bad value only by failing to start, which would
 * read as a store that cannot be opened.
 */
export function pgliteSharedBuffers(env: NodeJS.ProcessEnv): string {
  const v = env[SHARED_BUFFERS_ENV];
  if (v === undefined || v === '') return '512MB';
  const m = /^(\d+)(kB|MB|GB)$/.exec(v.trim());
  const kb = m ? Number(m[1]) * (UNIT_KB[m[2] as string] as number) : NaN;
  if (!(kb >= SHARED_BUFFERS_KB.min && kb <= SHARED_BUFFERS_KB.max)) {
    throw new TesseraError('invalid_config', `${SHARED_BUFFERS_ENV} must be a size from 128kB to 1GB written like 128MB (units kB, MB, GB), got "${v}"`, { details: { variable: SHARED_BUFFERS_ENV, value: v } });
  }
  return `${m?.[1]}${m?.[2]}`;
}

/** Opens the embedded store in `dataDir` (created if missing), or in memory when dataDir is undefined. */
export async function openPglite(dataDir: string | undefined, opts: PgliteOptions = {}): Promise<Connection> {
  // A store on disk gets 512 MB of shared buffers (PGlite: 128 MB): past ~100,000 reports the
  // indexes no longer fit and every evicted page is a write and a read through Node's fs; at
  // 200,000 reports this cut CPU per report by a third (docs/embedded-store.md). The memory is
  // WebAssembly memory within PGlite's 2 GB limit; it costs ~470 MB more resident memory per
  // process, so TESSERA_PGLITE_SHARED_BUFFERS (e.g. 128MB) gives it back on a small machine.
  const settings = { ...(dataDir ? { shared_buffers: pgliteSharedBuffers(process.env) } : {}), ...opts.settings };
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  let pglite: PGlite;
  const startParams = [...PGlite.defaultStartParams, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  try {
    pglite = await PGlite.create({ ...(dataDir ? { dataDir } : {}), startParams });
  } catch (e) {
    throw new TesseraError('store_unavailable', `Could not open the embedded store at ${dataDir ?? 'memory'}: ${(e as Error).message}. Is another Tessera process using this folder?`, { cause: e, status: 503 });
  }
  const location = dataDir ? `embedded store in ${dataDir}` : 'embedded store in memory';
  // Every way in (Kysely's queries and transactions, scripts, bulk COPY) passes the failure
  // monitor, so a store that cannot use its files says so loudly instead of failing quietly.
  const monitor = new StoreFailureMonitor(location);
  const tap = <F extends (...args: never[]) => Promise<unknown>>(f: F): F =>
    (async (...args: Parameters<F>) => {
      try {
        return await f(...args);
      } catch (e) {
        throw monitor.observe(e);
      }
    }) as F;
  pglite.query = tap(pglite.query.bind(pglite));
  pglite.exec = tap(pglite.exec.bind(pglite));
  pglite.transaction = tap(pglite.transaction.bind(pglite));
  const mutex = new Mutex();
  const db = new Kysely<CoreDatabase>({ dialect: new SerialPGliteDialect({ pglite }, mutex) });
  // PGlite never checkpoints by itself while open (see pglite-checkpoints.ts): after each bulk
  // transaction, and every minute for the other writers, take one once enough WAL has piled up.
  const checkpoints = new PgliteCheckpoints({ query: async <R>(text: string) => (await pglite.query<R>(text)).rows }, opts.checkpointAfterWalBytes);
  const reportCheckpointFailure = (e: unknown) => process.emitWarning(`embedded store checkpoint failed: ${(e as Error).message}`, { code: 'TESSERA_PGLITE_CHECKPOINT' });
  const checkpointTimer = setInterval(() => void mutex.run(() => checkpoints.maybeCheckpoint()).catch(reportCheckpointFailure), 60_000);
  checkpointTimer.unref();
  return {
    kind: 'pglite',
    db,
    location,
    get failure() {
      return monitor.failure;
    },
    onFailure: (listener) => monitor.onFailure(listener),
    exec: (script) => mutex.run(async () => void (await pglite.exec(script))),
    copyTransaction: (fn) =>
      mutex.run(async () => {
        const result = await pglite.transaction((tx) =>
          fn({
            exec: async (script) => void (await tx.exec(script)),
            query: async <R>(text: string, params?: unknown[]) => {
              const r = await tx.query<R>(text, params);
              return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
            },
            copyIn: async (table, columns, data, format) => {
              // PGlite reads COPY input from the query's blob: no parameter marshalling at all. It
              // reads binary COPY data as PostgreSQL does (tested in copy-binary.test.ts).
              await tx.query(copyStatement(table, columns, format, "'/dev/blob'"), [], { blob: new Blob([data]) });
            },
          }),
        );
        // The batch is committed whatever happens here: a failed checkpoint is reported, not thrown.
        await checkpoints.maybeCheckpoint().catch(reportCheckpointFailure);
        return result;
      }),
    close: async () => {
      clearInterval(checkpointTimer);
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
          copyIn: (table, columns, data, format) =>
            new Promise<void>((resolve, reject) => {
              const stream = client.query(copyFrom(copyStatement(table, columns, format)));
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
