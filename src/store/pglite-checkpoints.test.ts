import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, type Connection } from './connection.ts';
import { PgliteCheckpoints } from './pglite-checkpoints.ts';

const walSince = (conn: Connection) => new PgliteCheckpoints({ query: async <R>(text: string) => (await conn.copyTransaction((tx) => tx.query<R>(text))).rows }).walSinceCheckpoint();

describe('embedded store checkpoints', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the WAL since the last checkpoint bounded during a long session of bulk loads', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-pglite-ckpt-'));
    const limit = 4 * 1024 * 1024;
    const conn = await openPglite(dir, { checkpointAfterWalBytes: limit });
    try {
      await conn.exec('CREATE TABLE t (id int PRIMARY KEY, pad text)');
      // ~24 MB of WAL in 12 batches: without our checkpoints PGlite would keep all of it.
      const row = 'x'.repeat(900);
      let written = 0;
      for (let b = 0; b < 12; b++) {
        let data = '';
        for (let i = 0; i < 2000; i++) data += `${b * 2000 + i}\t${row}\n`;
        await conn.copyTransaction((tx) => tx.copyIn('t', ['id', 'pad'], data));
        written += data.length;
        expect(await walSince(conn)).toBeLessThan(limit + 2 * data.length);
      }
      expect(written).toBeGreaterThan(5 * limit);
      const r = await conn.copyTransaction((tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t'));
      expect(r.rows[0]?.n).toBe(24_000);
    } finally {
      await conn.close();
    }
  });
});
