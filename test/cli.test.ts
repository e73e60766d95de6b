import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** End to end through the real `tessera` command, as a steward would run it, on a fresh embedded store. */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
const data = join(dir, 'data');
// The embedded store only: no DATABASE_URL from the caller's environment.
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA'));

function tessera(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--data', data, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera CLI', () => {
  let adminToken = '';

  it('init creates the store, registers the organisation and prints the admin token once', () => {
    const r = tessera('init', '--org', 'test-hotline', '--org-name', 'Test Hotline', '--kind', 'hotline', '--jurisdiction', 'NL', '--admin-email', 'Admin@Test-Hotline.example', '--json');
    expect(r.code, r.err).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.migrations).toContain('0001_core');
    expect(body.organisation).toMatchObject({ slug: 'test-hotline', kind: 'hotline', jurisdiction: 'NL' });
    expect(body.admin.email).toBe('admin@test-hotline.example');
    adminToken = body.admin.token;
    expect(adminToken).toMatch(/^tsr_[A-Za-z0-9_-]{43}$/);
    // Only the hash is stored: the clear token appears nowhere in the data folder.
    const files = spawnSync('grep', ['-rl', adminToken, data], { encoding: 'utf8' });
    expect(files.stdout).toBe('');
  });

  it('adds users and lists them, in human and JSON form', () => {
    const add = tessera('user', 'add', '--org', 'test-hotline', '--email', 'ana@test-hotline.example', '--name', 'Ana Analyst', '--roles', 'analyst', '--data-protection-trained', '2026-03-01');
    expect(add.code, add.err).toBe(0);
    expect(add.out).toContain('ana@test-hotline.example (analyst) saved');
    const list = tessera('user', 'list', '--json');
    const users = JSON.parse(list.out) as Array<{ email: string; dataProtectionTrainedAt: string | null }>;
    expect(users.map((u) => u.email)).toEqual(['admin@test-hotline.example', 'ana@test-hotline.example']);
    expect(users[1]?.dataProtectionTrainedAt).toBe('2026-03-01T00:00:00.000Z');
    expect(tessera('user', 'list').out).toMatch(/ana@test-hotline\.example\s+Ana Analyst\s+analyst\s+2026-03-01/);
  });

  it('rejects bad input with the field and the reason, and exits non-zero', () => {
    const r = tessera('org', 'add', '--slug', 'x', '--name', 'X', '--kind', 'hotline', '--jurisdiction', 'Netherlands');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/jurisdiction/);
    expect(r.err).toMatch(/ISO 3166-1 alpha-2/);
    const j = tessera('user', 'add', '--org', 'nope', '--email', 'a@b.example', '--name', 'A', '--roles', 'analyst', '--json');
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out).error.code).toBe('not_found');
  });

  it('status reports the store, migrations and counts', () => {
    const r = tessera('status', '--json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.backend).toBe('pglite');
    expect(s.store).toContain(data);
    expect(s.counts).toMatchObject({ organisations: 1, users: 2, reports: 0 });
    expect(tessera('status').out).toMatch(/organisations:\s+1/);
  });

  it('model export writes the JSON Schema and the data dictionary', () => {
    const out = join(dir, 'model');
    const r = tessera('model', 'export', '--out', out);
    expect(r.code, r.err).toBe(0);
    const schema = JSON.parse(readFileSync(join(out, 'cdm.schema.json'), 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['Report', 'ContentItem', 'Child', 'Lineage', 'Agreement', 'Consent']));
    expect(readFileSync(join(out, 'data-dictionary.md'), 'utf8')).toContain('| `reportedAt` |');
  });

  it('demo loads the synthetic ecosystem once and issues working tokens', () => {
    const r = tessera('demo', '--no-serve', '--reports', '300', '--contacts', '50', '--json');
    expect(r.code, r.err).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.demo).toMatchObject({ seeded: true, reports: 300, contacts: 50 });
    const kinds = new Set((body.logins as Array<{ kind: string }>).map((l) => l.kind));
    for (const k of ['hotline', 'helpline', 'platform', 'law-enforcement', 'research']) expect(kinds).toContain(k);
    const again = JSON.parse(tessera('demo', '--no-serve', '--reports', '300', '--contacts', '50', '--json').out);
    expect(again.demo.seeded).toBe(false);
    const status = JSON.parse(tessera('status', '--json').out);
    expect(status.counts.reports).toBe(300);
    expect(status.counts.contacts).toBe(50);
  });

  it('serve answers over HTTP with the token from init, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--data', data, 'serve', '--port', '0'], { env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const api = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start: ' + out)), 60_000);
      child.stdout.on('data', () => {
        const m = /API:\s+(\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    expect(out).toMatch(/OpenAPI:\s+http:\/\/127\.0\.0\.1:\d+\/openapi\.json/);
    const me = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'admin@test-hotline.example', organisation: { slug: 'test-hotline' } });
    const openapi = await fetch(api.replace('/api/v1', '/openapi.json'));
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
