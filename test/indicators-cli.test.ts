import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `tessera indicators` and `tessera quality` end to end, on generated data in a fresh embedded store. */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const dir = mkdtempSync(join(tmpdir(), 'tessera-indicators-cli-'));
const data = join(dir, 'data');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA' && k !== 'TESSERA_USER'));

function tessera(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--data', data, ...args], { encoding: 'utf8', env, timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tessera indicators, quality', () => {
  const as = ['--as', 'ana@chirp.example'];
  it('sets up a node with generated reports and an analyst', () => {
    expect(tessera('init', '--org', 'chirp-social', '--org-name', 'Chirp (synthetic)', '--kind', 'platform', '--jurisdiction', 'US', '--admin-email', 'admin@chirp.example').code).toBe(0);
    const g = tessera('generate', '--seed', '5', '--reports', '800', '--into-store', '--json');
    expect(g.code, g.err).toBe(0);
    const u = tessera('user', 'add', '--org', 'chirp-social', '--email', 'ana@chirp.example', '--name', 'Ana', '--roles', 'analyst', '--data-protection-trained', '2026-10-01');
    expect(u.code, u.err).toBe(0);
  }, 400_000);

  it('lists, computes with coverage, follows a trend, and exports CSV with HXL hashtags', () => {
    const list = tessera('indicators', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/completeness-language/);
    const total = JSON.parse(tessera('indicators', 'compute', 'reports', '--from', '2024-11', '--to', '2026-10', '--grain', 'total', ...as, '--json').out);
    const byKind = JSON.parse(tessera('indicators', 'compute', 'reports', '--from', '2024-11', '--to', '2026-10', '--grain', 'total', '--by', 'kind', ...as, '--json').out);
    expect(total.values[0].value).toBeGreaterThan(0);
    expect(byKind.values.find((v: { dimensions: { kind: string } }) => v.dimensions.kind === '*').value).toBe(total.values[0].value);
    const human = tessera('indicators', 'compute', 'reports', '--from', '2026-01', '--to', '2026-03', '--by', 'kind', ...as);
    expect(human.code, human.err).toBe(0);
    expect(human.out).toMatch(/Reports received — reports, 2026-01-01 to 2026-04-01 \(exclusive\), by month and kind/);
    expect(human.out).toMatch(/scope: own \(organisation--/);
    const trend = tessera('indicators', 'trend', 'reports', '--from', '2026-01', '--to', '2026-06', ...as);
    expect(trend.code, trend.err).toBe(0);
    expect(trend.out).toMatch(/a year before/);
    const out = join(dir, 'reports.hxl.csv');
    const x = tessera('indicators', 'compute', 'reports', '--from', '2026-01', '--to', '2026-03', '--by', 'country', '--format', 'hxl', '--out', out, ...as);
    expect(x.code, x.err).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toMatch(/^indicator,period,country,value,unit,status/);
    expect(lines[1]).toMatch(/^#indicator\+code,#date,#country\+code,#indicator\+value\+num/);
  }, 400_000);

  it('refuses a definition with an unknown field and an impossible date, with where the fault is', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', title: 'bad', description: 'bad', unit: 'reports', measure: { kind: 'completeness', entity: 'reports', field: 'colour' } }));
    const bad = tessera('indicators', 'compute', '--definition', file, ...as, '--json');
    expect(bad.code).not.toBe(0);
    expect(bad.err + bad.out).toMatch(/unknown field .{0,2}"colour.{0,2}" of reports in measure\.field/);
    const date = tessera('indicators', 'compute', 'reports', '--from', '2026-13', ...as);
    expect(date.code).not.toBe(0);
    expect(date.err + date.out).toMatch(/has no month 13/);
  }, 400_000);

  it('reports quality per dataset, representation and minimisation', () => {
    const q = tessera('quality', '--from', '2024-11', '--to', '2026-10', ...as, '--json');
    expect(q.code, q.err).toBe(0);
    expect(JSON.parse(q.out).datasets.length).toBeGreaterThan(0);
    const ref = join(dir, 'ref.csv');
    writeFileSync(ref, 'value,population\nUS,330\nBR,200\nIN,1400\n');
    const r = tessera('quality', 'representation', '--dimension', 'country', '--reference', ref, '--from', '2024-11', '--to', '2026-10', ...as);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/under-represented or absent:/);
    const m = tessera('quality', 'minimisation', ...as, '--json');
    expect(m.code, m.err).toBe(0);
    expect(JSON.parse(m.out).rows.length).toBeGreaterThan(10);
  }, 400_000);
});
