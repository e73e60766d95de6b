import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDatasetAsNode } from '../src/records/index.ts';
import { openStore } from '../src/store/index.ts';
import { fixture } from './fixtures/ingest/support.ts';

/** `tessera ingest` and `tessera quarantine` end to end, as a steward scripts them, on a fresh embedded store. */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const dir = mkdtempSync(join(tmpdir(), 'tessera-ingest-cli-'));
const data = join(dir, 'data');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA' && k !== 'TESSERA_USER'));
const path = (name: string) => fileURLToPath(fixture(name));

function tessera(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--data', data, ...args], { encoding: 'utf8', env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera ingest / quarantine (CLI)', () => {
  beforeAll(async () => {
    const init = tessera('init', '--org', 'cli-helpline', '--org-name', 'CLI Helpline (synthetic)', '--kind', 'helpline', '--jurisdiction', 'KE', '--admin-email', 'admin@cli-helpline.example', '--json');
    expect(init.code, init.err).toBe(0);
    const orgId = JSON.parse(init.out).organisation.id as string;
    const store = await openStore({ dataDir: data });
    await registerDatasetAsNode(store, { ownerOrgId: orgId, slug: 'contacts', name: 'contacts', recordType: 'contact', purpose: 'service-provision', legalBasis: 'consent', createdAt: '2026-01-01T00:00:00Z' });
    await registerDatasetAsNode(store, { ownerOrgId: orgId, slug: 'tips', name: 'tips', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
    await store.close();
  }, 120_000);

  it('ingest --json prints accepted, duplicates and quarantined as numbers', () => {
    const r = tessera('ingest', '--format', 'helpline-csv', '--mapping', 'chi-style', '--dataset', 'contacts', path('contacts-chi.csv'), '--json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({ accepted: 3, duplicates: 1, quarantined: 2, byReason: { invalid_date: 1, csv_ragged_row: 1 }, flags: { unknown_category: 1 } });
    for (const k of ['accepted', 'duplicates', 'quarantined']) expect(typeof s[k]).toBe('number');
  });

  it('ingest prints a readable summary; a mapping file of your own works as well as the shipped one', () => {
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ name: 'mine', fields: { sourceRef: 'contact_id', contactAt: 'date_time', channel: { column: 'channel', values: { Phone: 'phone', Chat: 'chat' } } } }));
    const r = tessera('ingest', '--format', 'helpline-csv', '--mapping', mapping, '--dataset', 'contacts', path('contacts-chi.csv'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/helpline-csv: 6 record\(s\) from 1 file\(s\)/);
    expect(r.out).toMatch(/quarantined\s+2/);
    expect(r.out).toMatch(/tessera quarantine list/);
  });

  it('quarantine list --json: each entry with its error and where it happened; show prints the raw text', () => {
    const r = tessera('quarantine', 'list', '--json');
    expect(r.code, r.err).toBe(0);
    const entries = JSON.parse(r.out) as Array<{ id: string; error: { code: string }; where: { file: string; line: number; field?: string } }>;
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const date = entries.find((e) => e.error.code === 'invalid_date');
    expect(date?.where).toMatchObject({ line: 6, field: 'date_time' });
    expect(date?.where.file).toMatch(/contacts-chi\.csv$/);
    const show = tessera('quarantine', 'show', date?.id ?? '');
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain('SYN-0004,2026-13-01T09:10:00+03:00');
    expect(show.out).toMatch(/error\[invalid_date\]/);
  });

  it('quarantine correct + retry writes the record; a retry that still fails exits 1 with the reason', () => {
    const entries = JSON.parse(tessera('quarantine', 'list', '--json', '--code', 'invalid_date').out) as Array<{ id: string }>;
    const id = entries[0]?.id ?? '';
    const still = tessera('quarantine', 'retry', id, '--json');
    expect(still.code).toBe(1);
    expect(JSON.parse(still.out)[0]).toMatchObject({ status: 'open', error: { code: 'invalid_date' } });
    const fixed = join(dir, 'fixed.csv');
    writeFileSync(fixed, 'SYN-0004,2026-03-01T09:10:00+03:00,Phone,7,12,Girl,KE,Kisumu,en,Violence/Bullying\n');
    expect(tessera('quarantine', 'correct', id, '--file', fixed).code).toBe(0);
    const ok = tessera('quarantine', 'retry', id, '--json');
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)[0]).toMatchObject({ status: 'resolved' });
  });

  it('bad input never crashes the command: a truncated XML file is quarantined and the summary says so', () => {
    const cut = join(dir, 'cut.xml');
    const xml = spawnSync('cat', [path('report-sample.xml')], { encoding: 'utf8' }).stdout;
    writeFileSync(cut, xml.slice(0, 900));
    const r = tessera('ingest', '--format', 'cybertipline-xml', '--dataset', 'tips', cut, '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ accepted: 0, quarantined: 1, byReason: { xml_truncated: 1 } });
    const bad = tessera('ingest', '--format', 'nope', cut, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).error.code).toBe('unknown_format');
  });
});
