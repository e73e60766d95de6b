import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStore, type Store, type StoreKind } from '../../src/store/index.ts';

/**
 * One suite, every database: `describeEachStore` runs the same tests on the embedded store
 * (PGlite) and on PostgreSQL (TEST_DATABASE_URL, a fresh database per suite, dropped after).
 * When PostgreSQL cannot be reached its tests are skipped with a loud warning, except under
 * CI=true, where they fail.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DIALECTS = (process.env.DIALECTS ?? 'pglite,postgres').split(',').map((s) => s.trim()) as StoreKind[];

async function probe(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresProblem = DIALECTS.includes('postgres') ? await probe(TEST_DATABASE_URL) : 'not selected in DIALECTS';
const mustHavePostgres = process.env.CI === 'true';
if (postgresProblem && DIALECTS.includes('postgres') && !mustHavePostgres) {
  process.stderr.write(`\n\x1b[33m!!! WARNING: PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${postgresProblem}); PostgreSQL tests are SKIPPED. Set TEST_DATABASE_URL or start PostgreSQL. !!!\x1b[0m\n\n`);
}

/** Creates an empty database next to TEST_DATABASE_URL's and returns its URL and a dropper. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tessera_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface StoreFixture {
  kind: StoreKind;
  /** The store for this suite (open after beforeAll). */
  store(): Store;
}

/** Opens a fresh, migrated store of the given kind; returns it with a closer that also drops scratch databases. */
export async function openTestStore(kind: StoreKind): Promise<{ store: Store; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const store = await openStore({});
    return { store, close: () => store.close() };
  }
  if (postgresProblem) throw new Error(`PostgreSQL is required (CI=true) but unreachable at ${TEST_DATABASE_URL}: ${postgresProblem}`);
  const db = await createScratchDatabase();
  const store = await openStore({ databaseUrl: db.url });
  return {
    store,
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
}

export function describeEachStore(name: string, body: (fx: StoreFixture) => void): void {
  for (const kind of DIALECTS) {
    const skip = kind === 'postgres' && postgresProblem !== null && !mustHavePostgres;
    (skip ? describe.skip : describe)(`${name} [${kind}]`, () => {
      let opened: { store: Store; close(): Promise<void> } | undefined;
      beforeAll(async () => {
        opened = await openTestStore(kind);
      });
      afterAll(async () => {
        await opened?.close();
      });
      body({
        kind,
        store: () => {
          if (!opened) throw new Error('store not open yet: use it inside tests or hooks');
          return opened.store;
        },
      });
    });
  }
}
