import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { TesseraError } from '../shared/errors.ts';
import type { Connection } from './connection.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/** Advisory lock key so two nodes starting on one PostgreSQL database migrate one at a time. */
const MIGRATION_LOCK = 7_347_220_261;

export interface Migration {
  name: string;
  sql: string;
}

/** Migrations are plain SQL files `NNNN_name.sql`, applied in name order, each in its own transaction. */
export function loadMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.sql$/, ''), sql: readFileSync(new URL(f, MIGRATIONS_DIR), 'utf8') }));
}

/** Applies the pending migrations; returns the names applied. */
export async function migrate(conn: Connection, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  await conn.exec(`CREATE TABLE IF NOT EXISTS tessera_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());`);
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await conn.db.selectFrom('tessera_migrations').select('name').where('name', '=', m.name).executeTakeFirst();
    if (done) continue;
    const lock = conn.kind === 'postgres' ? `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});\n` : '';
    // Re-checked under the lock: the INSERT fails on the primary key if another node won the race,
    // which rolls the whole migration back.
    const script = `BEGIN;\n${lock}${m.sql}\n;INSERT INTO tessera_migrations (name) VALUES ('${m.name.replace(/'/g, "''")}');\nCOMMIT;`;
    try {
      await conn.exec(script);
      applied.push(m.name);
    } catch (e) {
      await conn.exec('ROLLBACK;').catch(() => {});
      const again = await conn.db.selectFrom('tessera_migrations').select('name').where('name', '=', m.name).executeTakeFirst();
      if (again) continue;
      throw new TesseraError('migration_failed', `Migration ${m.name} failed: ${(e as Error).message}`, { cause: e, status: 500, details: { migration: m.name } });
    }
  }
  return applied;
}

export async function appliedMigrations(conn: Connection): Promise<string[]> {
  const rows = await sql<{ name: string }>`SELECT name FROM tessera_migrations ORDER BY name`.execute(conn.db);
  return rows.rows.map((r) => r.name);
}
