import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.ts';

/**
 * A node whose embedded store cannot open one of its data files stops with exit code 70 and the
 * failure on stderr, instead of staying up and answering with nothing (what the 1,000,000-record
 * PGlite exchange run met: `could not open file "base/5/17562"`).
 */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const dir = mkdtempSync(join(tmpdir(), 'tessera-store-failure-'));
const data = join(dir, 'data');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera serve on a failing embedded store', () => {
  it('exits with code 70 and says why when a data file cannot be opened', async () => {
    const store = await openStore({ dataDir: data });
    // The token table and its indexes: every authenticated request reads one of them.
    const files = await sql<{ p: string }>`SELECT pg_relation_filepath(c.oid) AS p FROM pg_class c WHERE c.oid = 'api_tokens'::regclass OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'api_tokens'::regclass)`.execute(store.db);
    await store.close();
    expect(files.rows.length).toBeGreaterThan(1);
    for (const { p } of files.rows) rmSync(join(data, p));

    const child = spawn(process.execPath, [BIN, '--data', data, 'serve', '--port', '0', '--sync-interval', '0'], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const api = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start: ' + out + err)), 90_000);
      child.stdout.on('data', () => {
        const m = /API:\s+(\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const res = await fetch(`${api}/me`, { headers: { authorization: `Bearer tsr_${'A'.repeat(43)}` } }).catch(() => null);
    if (res) expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await exited).toBe(70);
    expect(err).toMatch(/TESSERA STORE FAILURE .*could not open file ".*".*\[58P01\]/);
  });
});
