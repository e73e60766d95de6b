import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Two organisations connect their nodes with the `tessera peer` commands, as docs/federation.md tells operators. */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA' && k !== 'TESSERA_USER'));
const dir = mkdtempSync(join(tmpdir(), 'tessera-fedcli-'));
const run = (data: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, '--data', join(dir, data), ...args], { encoding: 'utf8', env, timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('federation: tessera peer self | add | list | remove', () => {
  it('exchanges cards and tokens, and refuses a bad card with the reason', () => {
    expect(run('a', 'init', '--org', 'cli-hotline', '--org-name', 'CLI Hotline', '--kind', 'hotline', '--jurisdiction', 'NL', '--admin-email', 'admin@cli-hotline.example').code).toBe(0);
    expect(run('b', 'init', '--org', 'cli-platform', '--org-name', 'CLI Platform', '--kind', 'platform', '--jurisdiction', 'US', '--admin-email', 'admin@cli-platform.example').code).toBe(0);
    const cardA = run('a', 'peer', 'self', '--url', 'http://127.0.0.1:8081');
    expect(cardA.code, cardA.err).toBe(0);
    expect(JSON.parse(cardA.out)).toMatchObject({ tessera: 'peer-card/1', organisation: { slug: 'cli-hotline' }, url: 'http://127.0.0.1:8081' });
    writeFileSync(join(dir, 'a.card.json'), cardA.out);
    const cardB = run('b', 'peer', 'self', '--url', 'http://127.0.0.1:8082');
    writeFileSync(join(dir, 'b.card.json'), cardB.out);
    const addB = run('a', 'peer', 'add', '--card', join(dir, 'b.card.json'), '--as', 'admin@cli-hotline.example', '--json');
    expect(addB.code, addB.err).toBe(0);
    const tokenForB = (JSON.parse(addB.out) as { tokenForPeer: string }).tokenForPeer;
    expect(tokenForB).toMatch(/^tsr_/);
    const addA = run('b', 'peer', 'add', '--card', join(dir, 'a.card.json'), '--token', tokenForB, '--as', 'admin@cli-platform.example');
    expect(addA.code, addA.err).toBe(0);
    expect(addA.out).toMatch(/peer cli-hotline .* at http:\/\/127\.0\.0\.1:8081/);
    expect(addA.out).toMatch(/token for calling it: stored/);
    expect(addA.out).toMatch(/give this token to cli-hotline \(shown once\): tsr_/);
    const list = run('b', 'peer', 'list', '--json');
    expect(JSON.parse(list.out)).toMatchObject([{ orgSlug: 'cli-hotline', hasToken: true, state: 'active' }]);
    writeFileSync(join(dir, 'bad.card.json'), JSON.stringify({ ...JSON.parse(cardA.out), keyId: '0000000000000000' }));
    const bad = run('b', 'peer', 'add', '--card', join(dir, 'bad.card.json'), '--as', 'admin@cli-platform.example');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/error\[invalid_peer_key\].*does not match its public key/);
    const rm = run('b', 'peer', 'remove', 'cli-hotline', '--as', 'admin@cli-platform.example');
    expect(rm.out).toMatch(/peer cli-hotline removed/);
  }, 600_000);
  it('sync refuses a page size that is not a whole number from 1 to 10,000, saying which and why', () => {
    for (const size of ['abc', '0', '20000', '2.5']) {
      const r = run('c', 'sync', '--once', '--page-size', size);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain(`--page-size must be a whole number from 1 to 10000, got "${size}"`);
    }
  });
});
