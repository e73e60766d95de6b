import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patternPixels } from '../src/hashing/pdq/fixtures/patterns.ts';
import { pdqFromPixels } from '../src/hashing/pdq/core.ts';

/** `tessera hash`, `match` and `hashset` end to end, on generated pictures and a fresh embedded store. */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const dir = mkdtempSync(join(tmpdir(), 'tessera-hash-cli-'));
const data = join(dir, 'data');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'TESSERA_DATA', 'TESSERA_USER', 'TESSERA_HASH_INDEX'].includes(k)));
const tessera = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, '--data', data, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const f = (name: string) => join(dir, name);
let pdqA = '';

beforeAll(async () => {
  const px = patternPixels({ name: 'a', width: 300, height: 200, channels: 3, seed: 21 });
  await sharp(Buffer.from(px), { raw: { width: 300, height: 200, channels: 3 } }).png().toFile(f('a.png'));
  pdqA = pdqFromPixels({ data: px, width: 300, height: 200, channels: 3 }).hash;
  const px2 = patternPixels({ name: 'b', width: 300, height: 200, channels: 3, seed: 22 });
  await sharp(Buffer.from(px2), { raw: { width: 300, height: 200, channels: 3 } }).jpeg().toFile(f('b.jpg'));
  writeFileSync(f('notes.txt'), 'not an image');
  writeFileSync(f('empty.jpg'), '');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera hash', () => {
  it('prints one JSON object per file, an error line per bad file, and exits 1 if any failed', () => {
    const r = tessera('hash', '--json', f('a.png'), f('notes.txt'), f('missing.png'), f('empty.jpg'), f('b.jpg'));
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.file)).toEqual([f('a.png'), f('notes.txt'), f('missing.png'), f('empty.jpg'), f('b.jpg')]);
    expect(lines[0]).toMatchObject({ pdq: pdqA, quality: expect.any(Number), md5: expect.stringMatching(/^[0-9a-f]{32}$/), sha1: expect.stringMatching(/^[0-9a-f]{40}$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(lines[1]).toMatchObject({ pdq: null, error: { code: 'not_an_image' }, md5: expect.any(String) });
    expect(lines[2]).toMatchObject({ error: { code: 'file_not_found', where: { file: f('missing.png') } } });
    expect(lines[3]).toMatchObject({ error: { code: 'empty_input' } });
    expect(lines[4]).toMatchObject({ pdq: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('prints tab-separated lines for people and exits 0 when all went well', () => {
    const r = tessera('hash', f('a.png'));
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\t')[0]).toBe(pdqA);
    expect(r.out.trim().endsWith(f('a.png'))).toBe(true);
  });
});

describe('tessera match and hashset', () => {
  it('matches files and hashes against hash-list files without a database', () => {
    writeFileSync(f('list.txt'), `# synthetic list\n${pdqA}\tpicture a\nnot-a-hash\n`);
    const r = tessera('match', '--json', '--list', f('list.txt'), f('a.png'), f('b.jpg'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/list\.txt:3 field hash: PDQ hash has a non-hex character/);
    const [a, b] = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(a.matches).toEqual([expect.objectContaining({ line: 2, label: 'picture a', distance: 0, signalType: 'pdq' })]);
    expect(b.matches).toEqual([]);
  });

  it('imports a set, matches with classifications, takes feedback and withdraws', () => {
    expect(tessera('init', '--org', 'test-hotline', '--org-name', 'Test Hotline', '--kind', 'hotline', '--jurisdiction', 'NL', '--admin-email', 'admin@hotline.example').code).toBe(0);
    const imp = tessera('hashset', 'import', f('list.txt'), '--set', 'bank-a', '--source', 'synthetic list', '--classification', 'uk-2014:A', '--json');
    expect(imp.code).toBe(1); // one bad line, reported
    expect(JSON.parse(imp.out)).toMatchObject({ added: 1, classified: 1, problems: [{ code: 'invalid_pdq_hash', where: { line: 3 } }] });
    const list = tessera('hashset', 'list');
    expect(list.out).toMatch(/test-hotline\s+bank-a\s+bank-a\s+1\s+0\s+synthetic list\s+active/);
    const m = tessera('match', '--json', f('a.png'));
    expect(m.code, m.err).toBe(0);
    const body = JSON.parse(m.out);
    expect(body.matches[0]).toMatchObject({ distance: 0, set: { slug: 'bank-a', owner: 'test-hotline' } });
    expect(body.assessment).toMatchObject({ previouslyAssessed: true, consensus: 'single', schemes: [{ scheme: 'uk-2014', codes: [{ code: 'A' }] }] });
    const fb = tessera('hashset', 'feedback', pdqA, '--entry', body.matches[0].entryId, '--verdict', 'false_positive', '--json');
    expect(JSON.parse(fb.out)).toMatchObject({ verdict: 'false_positive', organisation: 'test-hotline' });
    expect(tessera('hashset', 'withdraw', 'bank-a', '--reason', 'test').out).toMatch(/bank-a: withdrawn \(1 hashes\)/);
    const after = tessera('match', f('a.png'));
    expect(after.out).toMatch(/no match; previously assessed/);
    const bad = tessera('hashset', 'import', f('list.txt'), '--set', 'bank-b', '--classification', 'uk-2014:Z');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/"Z" is not a code of uk-2014/);
  }, 400_000);
});
