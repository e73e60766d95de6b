import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPglite } from './connection.ts';
import { isStoreFailure, type StoreFailure } from './pglite-failure.ts';

describe('embedded store failures', () => {
  let dir = '';
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a data file the store cannot open marks the store failed, loudly, once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-pglite-fail-'));
    let conn = await openPglite(dir);
    await conn.exec("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)");
    const path = (await sql<{ p: string }>`SELECT pg_relation_filepath('t') AS p`.execute(conn.db)).rows[0]?.p as string;
    await conn.close();
    rmSync(join(dir, path)); // what the 1M exchange run met: `could not open file "base/5/…"`

    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    conn = await openPglite(dir);
    try {
      const told: StoreFailure[] = [];
      conn.onFailure?.((f) => told.push(f));
      expect(conn.failure).toBeNull();
      await expect(sql`SELECT count(*) FROM t`.execute(conn.db)).rejects.toThrow(/could not open file/);
      expect(conn.failure).toMatchObject({ code: '58P01', message: expect.stringContaining(path) });
      expect(told).toHaveLength(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/TESSERA STORE FAILURE .*could not open file/);
      // Said once; a listener added later hears it at once.
      await expect(conn.exec('SELECT count(*) FROM t')).rejects.toThrow();
      expect(told).toHaveLength(1);
      conn.onFailure?.((f) => told.push(f));
      expect(told).toHaveLength(2);
    } finally {
      await conn.close();
    }
  });

  it('a bad statement is not a store failure', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-pglite-fail-'));
    const conn = await openPglite(dir);
    try {
      await expect(conn.exec('SELECT * FROM no_such_table')).rejects.toThrow();
      await expect(conn.copyTransaction((tx) => tx.exec('SELECT 1/0'))).rejects.toThrow();
      expect(conn.failure).toBeNull();
    } finally {
      await conn.close();
    }
    expect(isStoreFailure({ code: '58030' })).toBe(true);
    expect(isStoreFailure({ code: '23505' })).toBe(false);
    expect(isStoreFailure(Object.assign(new Error('unreachable'), { name: 'RuntimeError' }))).toBe(true);
  });
});
