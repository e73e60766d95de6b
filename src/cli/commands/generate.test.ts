import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../program.ts';
import { openStore } from '../../store/index.ts';
import { generateContacts, generateEcosystem, generateReports } from '../../generator/index.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-generate-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await run(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('tessera generate', () => {
  it('writes the JSON Lines files, byte-identical to the library output, and a --json summary', async () => {
    const dir = tmp();
    const r = await cli(['generate', '--seed', '9', '--reports', '350', '--contacts', '120', '--batch-size', '100', '--out', dir, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown> & { files: Record<string, { lines: number }> };
    expect(summary).toMatchObject({ seed: 9, reports: 350, contacts: 120, organisations: 9 });
    const eco = generateEcosystem({ seed: 9 });
    expect(summary.users).toBe(eco.users.length);
    expect(summary.files.reports!.lines).toBe(350);
    const reports = [...generateReports({ seed: 9, count: 350 })].flat();
    expect(lines(join(dir, 'reports.jsonl'))).toEqual(reports.map((b) => JSON.stringify(b)));
    expect(summary.contentItems).toBe(reports.reduce((s, b) => s + (b.contentItems?.length ?? 0), 0));
    const contacts = [...generateContacts({ seed: 9, count: 120 })].flat();
    expect(lines(join(dir, 'contacts.jsonl'))).toEqual(contacts.map((c) => JSON.stringify(c)));
    expect(lines(join(dir, 'organisations.jsonl'))).toEqual(eco.organisations.map((o) => JSON.stringify(o)));
    expect(lines(join(dir, 'datasets.jsonl'))).toHaveLength(eco.datasets.length);
    expect(lines(join(dir, 'users.jsonl'))).toHaveLength(eco.users.length);
  });

  it('prints a human summary without --json', async () => {
    const r = await cli(['generate', '--reports', '20', '--contacts', '5', '--out', tmp()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote synthetic data \(seed 1/);
    expect(r.stdout).toMatch(/reports\.jsonl\s+20/);
  });

  it('rejects a bad number with a precise error', async () => {
    const r = await cli(['generate', '--reports', 'lots', '--out', tmp(), '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'invalid_option', where: { field: 'reports' } } });
  });

  it('--into-store loads organisations, datasets, bundles and contacts; loading again adds nothing', { timeout: 300_000 }, async () => {
    const data = tmp();
    const first = await cli(['--data', data, 'generate', '--into-store', '--seed', '3', '--reports', '400', '--contacts', '150', '--batch-size', '128', '--json']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const s = JSON.parse(first.stdout) as Record<string, number>;
    expect(s).toMatchObject({ reports: 400, contacts: 150, duplicates: 0 });
    const again = await cli(['--data', data, 'generate', '--into-store', '--seed', '3', '--reports', '400', '--contacts', '150', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ duplicates: 550 });
    const store = await openStore({ dataDir: data });
    try {
      const n = async (table: 'organisations' | 'datasets' | 'reports' | 'content_items' | 'signals' | 'children' | 'subjects' | 'classifications' | 'contacts') =>
        Number((await store.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await n('organisations')).toBe(9);
      expect(await n('datasets')).toBe(generateEcosystem({ seed: 3 }).datasets.length);
      expect(await n('reports')).toBe(400);
      expect(await n('content_items')).toBe(s.contentItems);
      expect(await n('signals')).toBe(s.signals);
      expect(await n('children')).toBe(s.children);
      expect(await n('subjects')).toBe(s.subjects);
      expect(await n('classifications')).toBe(s.classifications);
      expect(await n('contacts')).toBe(150);
    } finally {
      await store.close();
    }
  });
});
