import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../src/cli/program.ts';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const dir = mkdtempSync(join(tmpdir(), 'tessera-taxonomy-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('tessera crosswalk', () => {
  it('prints relation, codes, lost and assumed as JSON', async () => {
    expect(await run(['crosswalk', '--from', 'copine', '--to', 'uk-2014', '7', '--json'])).toBe(0);
    const j = JSON.parse(out);
    expect(j).toMatchObject({ relation: 'related', codes: ['A', 'B'] });
    expect(j.assumed.join('\n')).toMatch(/cannot be decided from the code/);
    expect(Array.isArray(j.lost)).toBe(true);
  });

  it('needs the jurisdiction for ICCAM "nationally illegal" and uses it when given', async () => {
    await run(['crosswalk', '--from', 'iccam', '--to', 'uk-2014', 'nationally-illegal', '--json']);
    expect(JSON.parse(out)).toMatchObject({ relation: 'none', codes: [] });
    out = '';
    await run(['crosswalk', '--from', 'iccam', '--to', 'uk-2014', 'nationally-illegal', '--jurisdiction', 'GB', '--json']);
    expect(JSON.parse(out)).toMatchObject({ relation: 'narrower', codes: ['A', 'B', 'C'], jurisdiction: 'GB' });
  });

  it('prints a readable answer, with unverified facts under warnings', async () => {
    expect(await run(['crosswalk', '--from', 'ncmec-industry', '--to', 'uk-2014', 'A2'])).toBe(0);
    expect(out).toMatch(/ncmec-industry:A2 → uk-2014: broader/);
    expect(out).toMatch(/uk-2014:C {2}broader {2}Category C/);
    expect(out).toMatch(/warnings \(unverified facts — not hard rules\)/);
  });

  it('exits non-zero on an unknown code and lists the closest', async () => {
    expect(await run(['crosswalk', '--from', 'ncmec-industry', '--to', 'uk-2014', 'A3', '--json'])).toBe(1);
    expect(JSON.parse(out).error).toMatchObject({ code: 'unknown_code', details: { closest: expect.arrayContaining(['A1', 'A2']) } });
    expect(await run(['crosswalk', '--from', 'uk2014', '--to', 'copine', 'A'])).toBe(1);
    expect(err).toMatch(/Closest scheme ids: uk-2014/);
  });

  it('translates several codes at once', async () => {
    await run(['crosswalk', '--from', 'uk-sap', '--to', 'uk-2014', '1', '4', '--json']);
    expect(JSON.parse(out).translations.map((t: { codes: string[] }) => t.codes)).toEqual([['C'], ['A']]);
  });
});

describe('tessera schemes', () => {
  it('lists the schemes', async () => {
    expect(await run(['schemes', '--json'])).toBe(0);
    const ids = JSON.parse(out).schemes.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['uk-2014', 'iccam', 'ncmec-incident', 'chi-helpline', 'luxembourg', 'arachnid']));
    out = '';
    await run(['schemes']);
    expect(out).toMatch(/unverified facts are warnings, not hard rules/i);
  });

  it('shows labels in a language with a visible English fallback', async () => {
    await run(['schemes', 'show', 'luxembourg', '--lang', 'fr']);
    expect(out).toMatch(/Exploitation sexuelle des enfants dans la prostitution/);
    expect(out).toMatch(/Live online child sexual abuse \(en\)/);
  });

  it('exports SKOS JSON-LD', async () => {
    await run(['schemes', 'export', 'uk-2014']);
    const doc = JSON.parse(out);
    expect(doc['@graph'][0]).toMatchObject({ '@type': 'skos:ConceptScheme', 'owl:versionInfo': '2014-04-01' });
    out = '';
    await run(['schemes', 'export', 'copine', '--to', 'uk-sap']);
    expect(JSON.parse(out)['@graph'].find((n: Record<string, unknown>) => n['skos:notation'] === '10')['skos:exactMatch']).toEqual([{ '@id': 'urn:tessera:scheme:uk-sap:5' }]);
  });

  it('validates an import and prints what it would register', async () => {
    const p = file('org.csv', '# scheme: org-hotline\n# version: 1\ncode,prefLabel@en,exactMatch\nS,Severe,uk-2014:A\n');
    expect(await run(['schemes', 'import', p, '--json'])).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ valid: true, wouldRegister: { id: 'org-hotline', version: '1' }, mappings: 1 });
  });

  it('refuses a malformed import with the line and reason', async () => {
    const p = file('bad.csv', '# scheme: org-hotline\n# version: 1\ncode,prefLabel@en,exactMatch\nS,Severe,uk-2014:Z\n');
    expect(await run(['schemes', 'import', p])).toBe(1);
    expect(err).toMatch(/bad\.csv:4.*uk-2014:Z/);
  });
});

describe('tessera lint', () => {
  it('prints findings as JSON with line, column, term, preferred, severity and reason; exits 1 on errors', async () => {
    const p = file('report.txt', 'Line one.\nThe site hosted child\npornography.\n');
    expect(await run(['lint', p, '--json'])).toBe(1);
    const j = JSON.parse(out);
    expect(j.findings).toHaveLength(1);
    expect(j.findings[0]).toMatchObject({ line: 2, column: 17, term: 'child\npornography', severity: 'error', preferred: expect.arrayContaining(['child sexual abuse material']) });
    expect(typeof j.findings[0].reason).toBe('string');
  });

  it('exits 0 when there are only warnings', async () => {
    const p = file('warn.txt', 'Nous luttons contre la pornografia infantil.');
    expect(await run(['lint', '--lang', 'pt', p])).toBe(0);
    expect(out).toMatch(/warn\.txt:1:24: warning "pornografia infantil"/);
  });

  it('--fix rewrites the file where safe and reports what is left', async () => {
    const p = file('fix.txt', 'Child pornography and "revenge porn".\n');
    expect(await run(['lint', '--fix', p])).toBe(0);
    expect(readFileSync(p, 'utf8')).toBe('Child sexual abuse material and "revenge porn".\n');
    expect(out).toMatch(/fixed 1/);
  });

  it('refuses an unknown language and a missing file', async () => {
    expect(await run(['lint', '--lang', 'xx', 'nothing.txt'])).toBe(1);
    expect(err).toMatch(/No terminology rules for "xx"/);
    expect(await run(['lint', join(dir, 'missing.txt')])).toBe(1);
    expect(err).toMatch(/Cannot read/);
  });
});
