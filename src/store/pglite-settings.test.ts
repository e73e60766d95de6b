import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, pgliteSharedBuffers } from './connection.ts';

describe('embedded store: TESSERA_PGLITE_SHARED_BUFFERS', () => {
  let dir = '';
  const saved = process.env.TESSERA_PGLITE_SHARED_BUFFERS;
  afterEach(() => {
    if (saved === undefined) delete process.env.TESSERA_PGLITE_SHARED_BUFFERS;
    else process.env.TESSERA_PGLITE_SHARED_BUFFERS = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a bad value is refused with the variable, the value and the rule, before the store is touched', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-pglite-settings-'));
    for (const bad of ['lots', '512', '512 MB', '64kB', '4GB', '-1MB']) {
      process.env.TESSERA_PGLITE_SHARED_BUFFERS = bad;
      const e = await openPglite(join(dir, 'store')).then(() => null, (x: unknown) => x as { code?: string; message?: string });
      expect(e?.code, bad).toBe('invalid_config');
      expect(e?.message).toContain('TESSERA_PGLITE_SHARED_BUFFERS');
      expect(e?.message).toContain(`"${bad}"`);
      expect(e?.message).toContain('128kB to 1GB');
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a good value is what the store runs with; unset, a data folder gets 512MB', async () => {
    expect(pgliteSharedBuffers({})).toBe('512MB');
    dir = mkdtempSync(join(tmpdir(), 'tessera-pglite-settings-'));
    process.env.TESSERA_PGLITE_SHARED_BUFFERS = '128MB';
    const conn = await openPglite(dir);
    try {
      const r = await sql<{ shared_buffers: string }>`SHOW shared_buffers`.execute(conn.db);
      expect(r.rows[0]?.shared_buffers).toBe('128MB');
    } finally {
      await conn.close();
    }
  });
});
