import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors.ts';
import { builtinSchemes, exportCrosswalkSkos, exportSchemeSkos, importScheme, parseCsv, parseSkos, TaxonomyRegistry } from './index.ts';

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

function issuesOf(f: () => unknown): Array<{ code: string; message: string; where?: Record<string, unknown> }> {
  try {
    f();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues as never;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('SKOS export and round trip', () => {
  it('every built-in scheme round-trips through SKOS JSON-LD unchanged', () => {
    for (const s of builtinSchemes()) {
      const text = JSON.stringify(exportSchemeSkos(s));
      const back = parseSkos(text).scheme;
      expect(isDeepStrictEqual(plain(back), plain(s)), s.id).toBe(true);
    }
  });

  it('writes SKOS terms a SKOS tool understands', () => {
    const doc = exportSchemeSkos(builtinSchemes().find((s) => s.id === 'luxembourg')!);
    expect(doc['@context']).toMatchObject({ skos: 'http://www.w3.org/2004/02/skos/core#' });
    const scheme = doc['@graph'][0]!;
    expect(scheme['@type']).toBe('skos:ConceptScheme');
    const csam = doc['@graph'].find((n) => n['skos:notation'] === 'csam')!;
    expect(csam['skos:prefLabel']).toEqual(expect.arrayContaining([{ '@value': 'Child sexual abuse material', '@language': 'en' }, { '@value': 'Material de abuso sexual infantil', '@language': 'pt' }]));
    expect(csam['skos:inScheme']).toEqual({ '@id': 'urn:tessera:scheme:luxembourg' });
  });

  it('exports crosswalks as SKOS mapping relations with the notes', () => {
    const doc = exportCrosswalkSkos('copine', 'uk-2014');
    const byCode = (c: string) => doc['@graph'].find((n) => n['skos:notation'] === c)!;
    expect(byCode('10')['skos:broadMatch']).toEqual([{ '@id': 'urn:tessera:scheme:uk-2014:A' }]);
    expect(byCode('7')['skos:relatedMatch']).toEqual([{ '@id': 'urn:tessera:scheme:uk-2014:A' }, { '@id': 'urn:tessera:scheme:uk-2014:B' }]);
    expect(byCode('1')['skos:exactMatch']).toBeUndefined();
    expect(JSON.stringify(byCode('1')['tessera:crosswalk'])).toMatch(/no uk-2014 code covers/);
    const sap = exportCrosswalkSkos('uk-sap', 'uk-2014');
    expect(sap['@graph'].find((n) => n['skos:notation'] === '1')!['skos:exactMatch']).toEqual([{ '@id': 'urn:tessera:scheme:uk-2014:C' }]);
  });
});

const ORG_SKOS = {
  '@context': { skos: 'http://www.w3.org/2004/02/skos/core#', owl: 'http://www.w3.org/2002/07/owl#', label: { '@id': 'skos:prefLabel', '@container': '@language' } },
  '@graph': [
    { '@id': 'https://hotline.example/scheme', '@type': 'skos:ConceptScheme', 'http://purl.org/dc/terms/title': { '@value': 'Example hotline', '@language': 'en' }, 'owl:versionInfo': '2026-01', 'http://purl.org/dc/terms/identifier': 'example-hotline' },
    { '@id': 'https://hotline.example/scheme/S1', '@type': 'http://www.w3.org/2004/02/skos/core#Concept', 'skos:inScheme': { '@id': 'https://hotline.example/scheme' }, label: { en: 'Severe', fr: 'Grave' }, 'skos:exactMatch': { '@id': 'urn:tessera:scheme:uk-2014:A' } },
    { '@id': 'https://hotline.example/scheme/S2', '@type': 'skos:Concept', 'skos:notation': 'S2', 'skos:prefLabel': [{ '@value': 'Other', '@language': 'en' }], 'skos:broader': { '@id': 'https://hotline.example/scheme/S1' }, 'skos:broadMatch': [{ '@id': 'uk-2014:B' }] },
  ],
};

describe('importing an organisation scheme', () => {
  it('reads SKOS JSON-LD with prefixes, full IRIs, language maps and short mapping targets', () => {
    const reg = new TaxonomyRegistry();
    const r = importScheme({ text: JSON.stringify(ORG_SKOS), file: 'org.jsonld' }, reg);
    expect(r.scheme).toMatchObject({ id: 'example-hotline', version: '2026-01', imported: true });
    expect(r.scheme.concepts.map((c) => c.code)).toEqual(['S1', 'S2']);
    expect(r.scheme.concepts[0]!.prefLabel).toEqual({ en: 'Severe', fr: 'Grave' });
    expect(r.scheme.concepts[1]!.broader).toBe('S1');
    expect(r.mappings).toBe(2);
    expect(r.alreadyRegistered).toBe(false);
    expect(reg.has('example-hotline')).toBe(false); // validation only
    reg.register(r.scheme);
    expect(reg.get('example-hotline').concepts).toHaveLength(2);
  });

  it('reports a JSON syntax error with line and column, and imports nothing', () => {
    const reg = new TaxonomyRegistry();
    const text = '{\n  "@graph": [\n    {"@id": "x",}\n  ]\n}';
    const issues = issuesOf(() => importScheme({ text, file: 'broken.jsonld' }, reg));
    expect(issues[0]).toMatchObject({ code: 'invalid_json', where: { file: 'broken.jsonld', line: 3 } });
    expect(reg.list().some((s) => s.imported)).toBe(false);
  });

  it('names the node and the reason for every bad concept, all at once', () => {
    const doc = structuredClone(ORG_SKOS) as { '@graph': Array<Record<string, unknown>> };
    doc['@graph'][2]!['skos:prefLabel'] = [{ '@value': 'Autre', '@language': 'fr' }];
    doc['@graph'][1]!['skos:exactMatch'] = { '@id': 'urn:tessera:scheme:uk-2014:D' };
    const issues = issuesOf(() => importScheme({ text: JSON.stringify(doc), file: 'org.jsonld' }, new TaxonomyRegistry()));
    expect(issues.map((i) => i.code).sort()).toEqual(['missing_label', 'unknown_code']);
    expect(issues.find((i) => i.code === 'missing_label')?.where).toMatchObject({ path: '@graph[2].prefLabel' });
    expect(issues.find((i) => i.code === 'unknown_code')?.message).toMatch(/Closest valid codes: A, B, C/);
  });

  it('refuses documents without a scheme, with a remote context, or without a version', () => {
    expect(issuesOf(() => parseSkos('{"@graph": [{"@id": "a", "@type": "skos:Concept"}]}'))[0]?.code).toBe('missing_scheme');
    expect(issuesOf(() => parseSkos({ '@context': 'https://example.org/ctx.jsonld', '@graph': [{ '@id': 's', '@type': 'skos:ConceptScheme', 'owl:versionInfo': '1' }] })).map((i) => i.code)).toContain('remote_context');
    const noVersion = structuredClone(ORG_SKOS) as { '@graph': Array<Record<string, unknown>> };
    delete noVersion['@graph'][0]!['owl:versionInfo'];
    expect(issuesOf(() => parseSkos(noVersion)).map((i) => i.code)).toEqual(['missing_version']);
  });

  it('refuses a second, different import under the same version, and accepts a new version', () => {
    const reg = new TaxonomyRegistry();
    reg.register(importScheme({ text: JSON.stringify(ORG_SKOS) }, reg).scheme);
    const changed = JSON.stringify(ORG_SKOS).replace('Severe', 'Most severe');
    expect(issuesOf(() => importScheme({ text: changed }, reg))[0]?.code).toBe('scheme_version_conflict');
    reg.register(importScheme({ text: changed, version: '2026-02' }, reg).scheme);
    expect(reg.versionsOf('example-hotline')).toEqual(['2026-01', '2026-02']);
    expect(importScheme({ text: JSON.stringify(ORG_SKOS) }, reg).alreadyRegistered).toBe(true);
  });
});

const CSV = `# scheme: demo-helpline
# version: 3
# title: Demo helpline categories
code,broader,prefLabel@en,prefLabel@pt,definition@en,exactMatch,relatedMatch
online,,Online harms,Danos online,,,
online/grooming,online,Grooming,Aliciamento,"Adult contacting a child
for sexual purposes",luxembourg:grooming,
online/sextortion,online,Sextortion,Sextorsão,,luxembourg:sexual-extortion,ncmec-report-annotation:sextortion
`;

describe('CSV import', () => {
  it('reads metadata, labels in several languages, hierarchy and mappings', () => {
    const r = importScheme({ text: CSV, file: 'demo.csv' }, new TaxonomyRegistry());
    expect(r.format).toBe('csv');
    expect(r.scheme).toMatchObject({ id: 'demo-helpline', version: '3', title: { en: 'Demo helpline categories' } });
    const g = r.scheme.concepts[1]!;
    expect(g).toMatchObject({ code: 'online/grooming', broader: 'online', prefLabel: { en: 'Grooming', pt: 'Aliciamento' } });
    expect(g.definition?.en).toBe('Adult contacting a child\nfor sexual purposes');
    expect(g.axes.incident).toEqual(['grooming']);
    expect(r.mappings).toBe(3);
  });

  it('gives the line of a bad row even after a quoted line break', () => {
    const bad = CSV.replace('luxembourg:sexual-extortion', 'luxembourg:sextortion');
    const issues = issuesOf(() => importScheme({ text: bad, file: 'demo.csv' }, new TaxonomyRegistry()));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'unknown_code', where: { file: 'demo.csv', line: 8 } });
    expect(issues[0]?.message).toMatch(/sexual-extortion/);
  });

  it('rejects unknown columns, bad mapping syntax and missing metadata with their line', () => {
    const issues = issuesOf(() => importScheme({ text: 'code,prefLabel@en,colour,exactMatch\nX,Thing,red,uk-2014 A\n' }, new TaxonomyRegistry()));
    expect(issues.map((i) => [i.code, i.where?.line])).toEqual(
      expect.arrayContaining([
        ['unknown_column', 1],
        ['invalid_mapping', 2],
        ['missing_scheme_id', 1],
        ['missing_version', 1],
      ]),
    );
  });

  it('parses RFC 4180 quoting', () => {
    expect(parseCsv('a,"b ""q"", c",d\n1,2,3\n')).toEqual([
      { line: 1, cells: ['a', 'b "q", c', 'd'] },
      { line: 2, cells: ['1', '2', '3'] },
    ]);
    expect(() => parseCsv('a,"open\n')).toThrow(/not closed/);
  });
});

describe('SKOS parsing edge cases', () => {
  it('survives a context whose terms point at themselves or each other', () => {
    const doc = { '@context': { a: 'b', b: 'a', prefLabel: 'prefLabel' }, '@graph': [{ '@id': 's', '@type': 'skos:ConceptScheme', 'owl:versionInfo': '1' }] };
    expect(parseSkos(doc).scheme.concepts).toEqual([]);
  });
});
