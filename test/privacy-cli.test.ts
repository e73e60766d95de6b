import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { openStore } from '../src/store/index.ts';
import { seedPeople, seedTwoOrgs } from './support/fixtures.ts';

/** The privacy and linkage commands end to end, as an analyst would run them, on generated data in a fresh embedded store. */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const dir = mkdtempSync(join(tmpdir(), 'tessera-privacy-cli-'));
const data = join(dir, 'data');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA' && k !== 'TESSERA_USER'));

function tessera(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--data', data, ...args], { encoding: 'utf8', env, timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same, without blocking this process (a server in it must answer the command). */
function tesseraAsync(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, '--data', data, ...args], { env });
    let out = '';
    let err = '';
    c.stdout.on('data', (b: Buffer) => (out += b.toString()));
    c.stderr.on('data', (b: Buffer) => (err += b.toString()));
    c.on('close', (code) => resolve({ code, out, err }));
  });
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

  it('link run under an agreement: refused with the reason when the agreement does not name link, allowed when it does', () => {
    const sam = ['--as', 'sam@northsea.example'];
    expect(tessera('user', 'add', '--org', 'northsea-hotline', '--email', 'sam@northsea.example', '--name', 'Sam', '--roles', 'steward', '--data-protection-trained', '2026-10-01').code).toBe(0);
    for (const [slug, actions] of [['no-link', 'read'], ['with-link', 'read,link']] as const) {
      const d = tessera('agreement', 'draft', '--slug', slug, '--title', slug, '--to', 'chirp-social', '--purposes', 'investigation', '--legal-basis', 'legitimate-interest', '--datasets', 'hotline-reports', '--fields', 'reportedAt=visible,subjects=pseudonymised,contentItems=visible', '--actions', actions, ...sam, '--json');
      expect(d.code, d.err).toBe(0);
      const hash = JSON.parse(d.out).versionHash as string;
      expect(tessera('agreement', 'accept', slug, '--version-hash', hash, ...sam).code).toBe(0);
      expect(tessera('agreement', 'accept', slug, '--version-hash', hash, ...as).code).toBe(0);
    }
    const no = tessera('link', 'run', '--agreement', 'no-link', '--purpose', 'investigation', ...as);
    expect(no.code).not.toBe(0);
    expect(no.err).toMatch(/agreement no-link permits read, not link \(linking reports across organisations and seeing the cases\); the parties must add it to the agreement/);
    const cases = tessera('case', 'list', '--agreement', 'no-link', '--purpose', 'investigation', ...as);
    expect(cases.code).not.toBe(0);
    expect(cases.err).toMatch(/not link/);
    const yes = tessera('link', 'run', '--agreement', 'with-link', '--purpose', 'investigation', ...as);
    expect(yes.code, yes.err).toBe(0);
    expect(yes.out).toMatch(/\(scope agreement:/);
  }, 1_500_000);

  it('psi against a peer node: refused with the reason when the agreement does not name psi, the plain intersection\'s size when it does', async () => {
    const storeB = await openStore({});
    const orgsB = await seedTwoOrgs(storeB);
    const b = await seedPeople(storeB, orgsB.hotline.orgId, orgsB.hotline.datasetId, 'B', [...Array(30).keys()], (i) => i);
    const app = await buildApp({ store: storeB });
    try {
      const auth = { authorization: `Bearer ${orgsB.hotline.tokens.steward}` };
      const agree = async (slug: string, actions: string[]) => {
        const d = await app.inject({
          method: 'POST', url: '/api/v1/agreements', headers: auth,
          payload: { slug, title: slug, recipients: [{ orgId: orgsB.platform.orgId }], purposes: ['investigation'], legalBasis: 'legitimate-interest', datasetIds: [orgsB.hotline.datasetId], actions, fields: { subjects: 'pseudonymised' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' } },
        });
        for (const tok of [orgsB.hotline.tokens.steward, orgsB.platform.tokens.steward]) await app.inject({ method: 'POST', url: `/api/v1/agreements/${d.json().id}/accept`, headers: { authorization: `Bearer ${tok}` }, payload: {} });
      };
      await agree('cli-psi', ['psi']);
      await agree('cli-no-psi', ['read', 'aggregate']);
      const base = (await app.listen({ host: '127.0.0.1', port: 0 })) + '/api/v1';
      // Our set: 20 of B's e-mails and 25 others.
      const theirs = b.map((x) => x.subjects?.[0]?.identifiers[0]?.value as string);
      const file = join(dir, 'ids.txt');
      writeFileSync(file, [...theirs.slice(10), ...Array.from({ length: 25 }, (_, i) => `other-${i}@example.org`)].join('\n'));
      const psi = (agreement: string) => tesseraAsync('psi', '--peer', base, '--token', orgsB.platform.tokens.analyst, '--agreement', agreement, '--purpose', 'investigation', '--file', file, ...as);
      const no = await psi('cli-no-psi');
      expect(no.code).not.toBe(0);
      expect(no.err).toMatch(/The peer refused: Access denied: agreement cli-no-psi permits read, aggregate, not psi \(private set intersection with the provider's node\)/);
      const yes = await psi('cli-psi');
      expect(yes.code, yes.err).toBe(0);
      expect(yes.out).toMatch(/^20 of your 45 email identifiers are also held by the peer \(its set: 30\)/);
    } finally {
      await app.close();
      await storeB.close();
    }
  }, 1_500_000);

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
