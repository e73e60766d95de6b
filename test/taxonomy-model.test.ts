import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { AgeRange, LEGAL_STATUSES, SchemeCode } from '../src/model/index.ts';
import { bandToRange, registry, stageToRange, STAGES } from '../src/taxonomy/index.ts';

describe('taxonomy data fits the Common Data Model', () => {
  it('every age a scheme or conversion produces is a valid model AgeRange', () => {
    const ages = [
      ...registry().list().flatMap((s) => s.concepts.map((c) => c.axes.age).filter((a) => a !== undefined)),
      ...STAGES.map((s) => stageToRange(s.id).range),
      stageToRange('Tanner II').range,
      bandToRange('iwf', '16-17').range,
    ];
    expect(ages.length).toBeGreaterThan(20);
    for (const a of ages) expect(AgeRange.safeParse(a).success, JSON.stringify(a)).toBe(true);
  });

  it('every built-in code is a valid model SchemeCode, and legal statuses use the model\'s names', () => {
    for (const s of registry().list()) for (const c of s.concepts) expect(SchemeCode.safeParse({ scheme: s.id, code: c.code }).success, `${s.id}:${c.code}`).toBe(true);
    const used = new Set(registry().list().flatMap((s) => s.concepts.map((c) => c.axes.legal?.status).filter((x) => x !== undefined)));
    for (const st of used) if (st !== 'illegal-everywhere' && st !== 'no-assessment') expect(LEGAL_STATUSES as readonly string[]).toContain(st);
  });
});

describe('tessera lint on standard input', () => {
  it('reads "-" and exits 1 on errors', () => {
    const r = spawnSync(process.execPath, ['bin/tessera.js', 'lint', '--json', '-'], { input: 'La pédopornographie est un crime.\n', encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ line: 1, column: 4, term: 'pédopornographie', severity: 'error', rule: 'fr.pedopornographie' });
  });

  it('--fix with "-" writes the fixed text to stdout and the report to stderr', () => {
    const r = spawnSync(process.execPath, ['bin/tessera.js', 'lint', '--fix', '-'], { input: 'No more child porn.', encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('No more child sexual abuse material.');
    expect(r.stderr).toMatch(/fixed 1/);
  });
});
