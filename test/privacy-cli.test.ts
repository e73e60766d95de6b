import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The privacy and linkage commands end to end, as an analyst would run them, on generated data in a fresh embedded store. */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const dir = mkdtempSync(join(tmpdir(), 'tessera-privacy-cli-'));
const data = join(dir, 'data');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA' && k !== 'TESSERA_USER'));

function tessera(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--data', data, ...args], { encoding: 'utf8', env, timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera link, case, stats, risk', () => {
  const as = ['--as', 'ana@chirp.example'];
  it('sets up a node with generated reports and an analyst', () => {
    expect(tessera('init', '--org', 'chirp-social', '--org-name', 'Chirp (synthetic)', '--kind', 'platform', '--jurisdiction', 'US', '--admin-email', 'admin@chirp.example').code).toBe(0);
    const g = tessera('generate', '--seed', '5', '--reports', '1500', '--contacts', '400', '--into-store', '--json');
    expect(g.code, g.err).toBe(0);
    const u = tessera('user', 'add', '--org', 'chirp-social', '--email', 'ana@chirp.example', '--name', 'Ana', '--roles', 'analyst,steward', '--data-protection-trained', '2026-10-01');
    expect(u.code, u.err).toBe(0);
  }, 400_000);

  it('link run finds links and cases in the organisation\'s own reports and says what they rest on', () => {
    const r = tessera('link', 'run', ...as);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/reports linked in .* s \(scope org:/);
    expect(r.out).toMatch(/links: content \d+, pdq \d+, account \d+, email \d+/);
    const j = JSON.parse(tessera('link', 'run', ...as, '--json').out);
    expect(j.cases).toBeGreaterThan(0);
    expect(j.newCases).toBe(0); // same data, same cases
    const list = JSON.parse(tessera('case', 'list', ...as, '--json').out) as Array<{ id: string; reports: number }>;
    expect(list.length).toBe(j.cases);
    const show = tessera('case', 'show', list[0]?.id as string, ...as);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toMatch(/both name the same (account|email|phone|ip)|both report the URL/);
    const flag = tessera('case', 'flag', list[0]?.id as string, '--note', 'synthetic operation', ...as);
    expect(flag.out).toMatch(/is now active; new reports that join it will be marked for urgent review/);
  }, 400_000);

  it('stats suppresses small cells, and with --dp spends budget', () => {
    const r = tessera('stats', 'kind,status', ...as);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/threshold 10/);
    expect(r.out).toMatch(/suppressed: \d+ small, \d+ to protect them/);
    const dp = JSON.parse(tessera('stats', 'kind', '--dp', '0.5', ...as, '--json').out);
    expect(dp.dp).toMatchObject({ epsilon: 0.5, scale: 2 });
    expect(dp.dp.budget[0].spent).toBe(0.5);
    const bad = tessera('stats', 'kind', '--dp', 'lots', ...as);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/ε must be a positive decimal/);
  }, 400_000);

  it('risk --export reads a JSON Lines file and proposes generalisations', () => {
    const g = tessera('generate', '--seed', '5', '--reports', '0', '--contacts', '300', '--out', join(dir, 'syn'));
    expect(g.code, g.err).toBe(0);
    const r = tessera('risk', '--export', join(dir, 'syn', 'contacts.jsonl'), '--k', '3');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/are in a combination shared by fewer than 3/);
    expect(r.out).toMatch(/generalisations that reduce the risk/);
    const missing = tessera('risk', '--export', join(dir, 'nope.jsonl'));
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/Cannot read .*nope.jsonl/);
  }, 400_000);
});
