import { describe, expect, it } from 'vitest';
import { TesseraError } from '../shared/errors.ts';
import { Crosswalk, importScheme, registry, SEVERITY_SCHEMES, TaxonomyRegistry, translate, translateBatch, type Translation } from './index.ts';

/**
 * Every pair of severity schemes, every code: relation and target codes ("/b" marks a code
 * whose own relation differs from the overall one: b broader, n narrower, e exact, r related).
 * Reviewed by hand against classification-schemes.md; a change here is a change in meaning.
 */
const GOLDEN = `
uk-2014 > uk-sap: A→narrower[4,5]  B→narrower[2,3]  C→exact[1]
uk-2014 > copine: A→related[10/n,7,9]  B→related[8/n,7,9]  C→narrower[4,5,6]
uk-2014 > ncmec-industry: A→related[A1,B1]  B→related[A1,B1]  C→narrower[A2,B2]
uk-2014 > interpol-baseline: A→related[baseline,worst-of-list]  B→related[baseline,worst-of-list]  C→related[baseline,worst-of-list]
uk-2014 > iccam: A→related[nationally-illegal/b,baseline]  B→related[nationally-illegal/b,baseline]  C→related[nationally-illegal/b,baseline]
uk-2014 > arachnid: A→related[csam]  B→related[csam]  C→related[csam]
uk-2014 > us-2256: A→related[2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iv),2256(8)(A),2256(8)(B),2256(8)(C)]  B→related[2256(2)(A)(iii),2256(8)(A),2256(8)(B),2256(8)(C)]  C→related[2256(2)(A)(v),2256(8)(A),2256(8)(B),2256(8)(C)]
uk-2014 > eu-2011-93: A→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  B→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  C→related[art2(c)(ii),art2(c)(iii),art2(c)(iv),art2(e)]
uk-sap > uk-2014: 1→exact[C]  2→broader[B]  3→broader[B]  4→broader[A]  5→broader[A]
uk-sap > copine: 1→narrower[4,5,6]  2→broader[7]  3→related[8/n,9]  4→related[7,9]  5→exact[10]
uk-sap > ncmec-industry: 1→narrower[A2,B2]  2→related[A1,B1]  3→related[A1,B1]  4→related[A1,B1]  5→related[A1,B1]
uk-sap > interpol-baseline: 1→related[baseline,worst-of-list]  2→related[baseline,worst-of-list]  3→related[baseline,worst-of-list]  4→related[baseline,worst-of-list]  5→related[baseline,worst-of-list]
uk-sap > iccam: 1→related[nationally-illegal/b,baseline]  2→related[nationally-illegal/b,baseline]  3→related[nationally-illegal/b,baseline]  4→related[nationally-illegal/b,baseline]  5→related[nationally-illegal/b,baseline]
uk-sap > arachnid: 1→related[csam]  2→related[csam]  3→related[csam]  4→related[csam]  5→related[csam]
uk-sap > us-2256: 1→related[2256(2)(A)(v),2256(8)(A),2256(8)(B),2256(8)(C)]  2→related[2256(2)(A)(iii),2256(8)(A),2256(8)(B),2256(8)(C)]  3→related[2256(2)(A)(iii),2256(8)(A),2256(8)(B),2256(8)(C)]  4→related[2256(2)(A)(i),2256(8)(A),2256(8)(B),2256(8)(C)]  5→related[2256(2)(A)(ii),2256(2)(A)(iv),2256(8)(A),2256(8)(B),2256(8)(C)]
uk-sap > eu-2011-93: 1→related[art2(c)(ii),art2(c)(iii),art2(c)(iv),art2(e)]  2→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  3→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  4→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  5→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]
copine > uk-2014: 1→none[]  2→related[C]  3→related[C]  4→broader[C]  5→broader[C]  6→broader[C]  7→related[A,B]  8→broader[B]  9→related[A,B]  10→broader[A]  10a→broader[A]  10b→broader[A]
copine > uk-sap: 1→none[]  2→related[1]  3→related[1]  4→broader[1]  5→broader[1]  6→broader[1]  7→related[2/n,4]  8→broader[3]  9→related[3,4]  10→exact[5]  10a→broader[5]  10b→broader[5]
copine > ncmec-industry: 1→none[]  2→none[]  3→none[]  4→none[]  5→none[]  6→narrower[A2,B2]  7→related[A1,B1]  8→none[]  9→related[A1,B1]  10→related[A1,B1]  10a→related[A1,B1]  10b→related[A1,B1]
copine > interpol-baseline: 1→none[]  2→none[]  3→none[]  4→none[]  5→none[]  6→related[baseline,worst-of-list]  7→related[baseline,worst-of-list]  8→related[baseline,worst-of-list]  9→related[baseline,worst-of-list]  10→related[baseline,worst-of-list]  10a→related[baseline,worst-of-list]  10b→related[baseline,worst-of-list]
copine > iccam: 1→none[]  2→none[]  3→none[]  4→none[]  5→none[]  6→related[baseline]  7→related[baseline]  8→related[baseline]  9→related[baseline]  10→related[baseline]  10a→related[baseline]  10b→related[baseline]
copine > arachnid: 1→none[]  2→none[]  3→none[]  4→none[]  5→none[]  6→none[]  7→none[]  8→none[]  9→none[]  10→none[]  10a→none[]  10b→none[]
copine > us-2256: 1→none[]  2→none[]  3→none[]  4→none[]  5→none[]  6→related[2256(2)(A)(v)/e,2256(8)(A)/b,2256(8)(B)/b,2256(8)(C)/b]  7→related[2256(8)(A)/b,2256(8)(B)/b,2256(8)(C)/b,2256(2)(A)(i),2256(2)(A)(iii)]  8→broader[2256(8)(A),2256(8)(B),2256(8)(C)]  9→related[2256(8)(A)/b,2256(8)(B)/b,2256(8)(C)/b,2256(2)(A)(i),2256(2)(A)(iii)]  10→related[2256(8)(A)/b,2256(8)(B)/b,2256(8)(C)/b,2256(2)(A)(ii)/n,2256(2)(A)(iv)/n]  10a→related[2256(2)(A)(iv)/e,2256(8)(A)/b,2256(8)(B)/b,2256(8)(C)/b]  10b→related[2256(2)(A)(ii)/e,2256(8)(A)/b,2256(8)(B)/b,2256(8)(C)/b]
copine > eu-2011-93: 1→none[]  2→none[]  3→none[]  4→none[]  5→none[]  6→related[art2(c)(ii)/e,art2(c)(iii)/b,art2(c)(iv)/b,art2(e)/b]  7→broader[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  8→broader[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  9→broader[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  10→broader[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  10a→broader[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  10b→broader[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]
ncmec-industry > uk-2014: A1→related[A,B]  A2→broader[C]  B1→related[A,B]  B2→broader[C]
ncmec-industry > uk-sap: A1→related[2,3,4,5]  A2→broader[1]  B1→related[2,3,4,5]  B2→broader[1]
ncmec-industry > copine: A1→related[7,9,10a,10b]  A2→broader[6]  B1→related[7,9,10a,10b]  B2→broader[6]
ncmec-industry > interpol-baseline: A1→broader[baseline,worst-of-list]  A2→broader[baseline,worst-of-list]  B1→related[baseline,worst-of-list]  B2→related[baseline,worst-of-list]
ncmec-industry > iccam: A1→broader[baseline]  A2→broader[baseline]  B1→related[baseline]  B2→related[baseline]
ncmec-industry > arachnid: A1→none[]  A2→none[]  B1→none[]  B2→none[]
ncmec-industry > us-2256: A1→related[2256(8)(A)/b,2256(8)(B)/b,2256(8)(C)/b,2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv)]  A2→broader[2256(2)(A)(v),2256(8)(A),2256(8)(B),2256(8)(C)]  B1→related[2256(8)(A)/b,2256(8)(B)/b,2256(8)(C)/b,2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv)]  B2→broader[2256(2)(A)(v),2256(8)(A),2256(8)(B),2256(8)(C)]
ncmec-industry > eu-2011-93: A1→broader[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  A2→broader[art2(c)(ii),art2(c)(iii),art2(c)(iv),art2(e)]  B1→broader[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  B2→broader[art2(c)(ii),art2(c)(iii),art2(c)(iv),art2(e)]
interpol-baseline > uk-2014: baseline→related[A,B,C]  worst-of-list→related[A,B,C]
interpol-baseline > uk-sap: baseline→related[1,2,3,4,5]  worst-of-list→related[1,2,3,4,5]
interpol-baseline > copine: baseline→related[6,7,8,9,10a,10b]  worst-of-list→related[6,7,8,9,10a,10b]
interpol-baseline > ncmec-industry: baseline→related[A1/n,A2/n,B1,B2]  worst-of-list→related[A1/n,A2/n,B1,B2]
interpol-baseline > iccam: baseline→exact[baseline]  worst-of-list→exact[baseline]
interpol-baseline > arachnid: baseline→broader[csam]  worst-of-list→broader[csam]
interpol-baseline > us-2256: baseline→related[2256(8)(A)/b,2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv),2256(2)(A)(v)]  worst-of-list→related[2256(8)(A)/b,2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv),2256(2)(A)(v)]
interpol-baseline > eu-2011-93: baseline→related[art2(c)(iii)/b,art2(e)/b,art2(c)(i),art2(c)(ii)]  worst-of-list→related[art2(c)(iii)/b,art2(e)/b,art2(c)(i),art2(c)(ii)]
iccam > uk-2014: baseline→related[A,B,C]  nationally-illegal→none[]  not-illegal→none[]
iccam > uk-sap: baseline→related[1,2,3,4,5]  nationally-illegal→none[]  not-illegal→none[]
iccam > copine: baseline→related[6,7,8,9,10a,10b]  nationally-illegal→none[]  not-illegal→none[]
iccam > ncmec-industry: baseline→related[A1/n,A2/n,B1,B2]  nationally-illegal→none[]  not-illegal→none[]
iccam > interpol-baseline: baseline→exact[baseline,worst-of-list]  nationally-illegal→none[]  not-illegal→none[]
iccam > arachnid: baseline→broader[csam]  nationally-illegal→none[]  not-illegal→related[harmful-abusive-material]
iccam > us-2256: baseline→related[2256(8)(A)/b,2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv),2256(2)(A)(v)]  nationally-illegal→none[]  not-illegal→none[]
iccam > eu-2011-93: baseline→related[art2(c)(iii)/b,art2(e)/b,art2(c)(i),art2(c)(ii)]  nationally-illegal→none[]  not-illegal→none[]
arachnid > uk-2014: csam→related[A,B,C]  harmful-abusive-material→none[]  no-known-match→none[]
arachnid > uk-sap: csam→related[1,2,3,4,5]  harmful-abusive-material→none[]  no-known-match→none[]
arachnid > copine: csam→none[]  harmful-abusive-material→none[]  no-known-match→none[]
arachnid > ncmec-industry: csam→none[]  harmful-abusive-material→none[]  no-known-match→none[]
arachnid > interpol-baseline: csam→narrower[baseline,worst-of-list]  harmful-abusive-material→none[]  no-known-match→none[]
arachnid > iccam: csam→narrower[baseline]  harmful-abusive-material→related[not-illegal]  no-known-match→none[]
arachnid > us-2256: csam→related[2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv),2256(2)(A)(v),2256(8)(A),2256(8)(B),2256(8)(C)]  harmful-abusive-material→none[]  no-known-match→none[]
arachnid > eu-2011-93: csam→related[art2(c)(i),art2(c)(ii),art2(c)(iii),art2(c)(iv),art2(e)]  harmful-abusive-material→none[]  no-known-match→none[]
us-2256 > uk-2014: 2256(2)(A)(i)→related[A]  2256(2)(A)(ii)→related[A]  2256(2)(A)(iii)→related[B]  2256(2)(A)(iv)→related[A]  2256(2)(A)(v)→related[C]  2256(8)(A)→related[A,B,C]  2256(8)(B)→related[A,B,C]  2256(8)(C)→related[A,B,C]
us-2256 > uk-sap: 2256(2)(A)(i)→related[4]  2256(2)(A)(ii)→related[5]  2256(2)(A)(iii)→related[2,3]  2256(2)(A)(iv)→related[5]  2256(2)(A)(v)→related[1]  2256(8)(A)→related[1,2,3,4,5]  2256(8)(B)→related[1,2,3,4,5]  2256(8)(C)→related[1,2,3,4,5]
us-2256 > copine: 2256(2)(A)(i)→related[7,9]  2256(2)(A)(ii)→exact[10b]  2256(2)(A)(iii)→related[7,9]  2256(2)(A)(iv)→exact[10a]  2256(2)(A)(v)→exact[6]  2256(8)(A)→narrower[6,7,8,9,10]  2256(8)(B)→narrower[6,7,8,9,10]  2256(8)(C)→narrower[6,7,8,9,10]
us-2256 > ncmec-industry: 2256(2)(A)(i)→related[A1,B1]  2256(2)(A)(ii)→related[A1,B1]  2256(2)(A)(iii)→related[A1,B1]  2256(2)(A)(iv)→related[A1,B1]  2256(2)(A)(v)→narrower[A2,B2]  2256(8)(A)→narrower[A1,A2,B1,B2]  2256(8)(B)→narrower[A1,A2,B1,B2]  2256(8)(C)→narrower[A1,A2,B1,B2]
us-2256 > interpol-baseline: 2256(2)(A)(i)→related[baseline,worst-of-list]  2256(2)(A)(ii)→related[baseline,worst-of-list]  2256(2)(A)(iii)→related[baseline,worst-of-list]  2256(2)(A)(iv)→related[baseline,worst-of-list]  2256(2)(A)(v)→related[baseline,worst-of-list]  2256(8)(A)→narrower[baseline,worst-of-list]  2256(8)(B)→none[]  2256(8)(C)→none[]
us-2256 > iccam: 2256(2)(A)(i)→related[nationally-illegal/b,baseline]  2256(2)(A)(ii)→related[nationally-illegal/b,baseline]  2256(2)(A)(iii)→related[nationally-illegal/b,baseline]  2256(2)(A)(iv)→related[nationally-illegal/b,baseline]  2256(2)(A)(v)→related[nationally-illegal/b,baseline]  2256(8)(A)→related[nationally-illegal/b,baseline/n]  2256(8)(B)→broader[nationally-illegal]  2256(8)(C)→broader[nationally-illegal]
us-2256 > arachnid: 2256(2)(A)(i)→related[csam]  2256(2)(A)(ii)→related[csam]  2256(2)(A)(iii)→related[csam]  2256(2)(A)(iv)→related[csam]  2256(2)(A)(v)→related[csam]  2256(8)(A)→related[csam]  2256(8)(B)→related[csam]  2256(8)(C)→related[csam]
us-2256 > eu-2011-93: 2256(2)(A)(i)→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  2256(2)(A)(ii)→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  2256(2)(A)(iii)→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  2256(2)(A)(iv)→related[art2(c)(i),art2(c)(iii),art2(c)(iv),art2(e)]  2256(2)(A)(v)→related[art2(c)(ii),art2(c)(iii),art2(c)(iv),art2(e)]  2256(8)(A)→related[art2(c)(i),art2(c)(ii),art2(c)(iii),art2(e)]  2256(8)(B)→related[art2(c)(iv)]  2256(8)(C)→related[art2(c)(iv)]
eu-2011-93 > uk-2014: art2(c)(i)→related[A,B]  art2(c)(ii)→related[C]  art2(c)(iii)→related[A,B,C]  art2(c)(iv)→related[A,B,C]  art2(d)→none[]  art2(e)→related[A,B,C]
eu-2011-93 > uk-sap: art2(c)(i)→related[2,3,4,5]  art2(c)(ii)→related[1]  art2(c)(iii)→related[1,2,3,4,5]  art2(c)(iv)→related[1,2,3,4,5]  art2(d)→none[]  art2(e)→related[1,2,3,4,5]
eu-2011-93 > copine: art2(c)(i)→narrower[7,8,9,10]  art2(c)(ii)→exact[6]  art2(c)(iii)→narrower[6,7,8,9,10]  art2(c)(iv)→narrower[6,7,8,9,10]  art2(d)→none[]  art2(e)→narrower[6,7,8,9,10]
eu-2011-93 > ncmec-industry: art2(c)(i)→narrower[A1,B1]  art2(c)(ii)→narrower[A2,B2]  art2(c)(iii)→narrower[A1,A2,B1,B2]  art2(c)(iv)→narrower[A1,A2,B1,B2]  art2(d)→none[]  art2(e)→narrower[A1,A2,B1,B2]
eu-2011-93 > interpol-baseline: art2(c)(i)→related[baseline,worst-of-list]  art2(c)(ii)→related[baseline,worst-of-list]  art2(c)(iii)→narrower[baseline,worst-of-list]  art2(c)(iv)→none[]  art2(d)→none[]  art2(e)→narrower[baseline,worst-of-list]
eu-2011-93 > iccam: art2(c)(i)→related[baseline]  art2(c)(ii)→related[baseline]  art2(c)(iii)→narrower[baseline]  art2(c)(iv)→none[]  art2(d)→none[]  art2(e)→narrower[baseline]
eu-2011-93 > arachnid: art2(c)(i)→related[csam]  art2(c)(ii)→related[csam]  art2(c)(iii)→related[csam]  art2(c)(iv)→related[csam]  art2(d)→none[]  art2(e)→related[csam]
eu-2011-93 > us-2256: art2(c)(i)→related[2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv),2256(8)(A)]  art2(c)(ii)→related[2256(2)(A)(v),2256(8)(A)]  art2(c)(iii)→related[2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv),2256(2)(A)(v),2256(8)(A)]  art2(c)(iv)→related[2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv),2256(2)(A)(v),2256(8)(B),2256(8)(C)]  art2(d)→none[]  art2(e)→related[2256(2)(A)(i),2256(2)(A)(ii),2256(2)(A)(iii),2256(2)(A)(iv),2256(2)(A)(v),2256(8)(A)]
`;

function line(s: string, t: string): string {
  const parts = registry()
    .get(s)
    .concepts.map((c) => {
      const r = translate(s, c.code, t);
      return `${c.code}→${r.relation}[${r.codes.map((x) => x.code + (x.relation !== r.relation ? '/' + x.relation[0] : '')).join(',')}]`;
    });
  return `${s} > ${t}: ${parts.join('  ')}`;
}

const notes = (r: Translation, list: 'lost' | 'assumed') => r[list].map((n) => `${n.axis}: ${n.note}`).join('\n');

describe('crosswalk between every pair of severity schemes', () => {
  const expected = new Map(GOLDEN.trim().split('\n').map((l) => [l.slice(0, l.indexOf(':')), l] as const));
  for (const s of SEVERITY_SCHEMES)
    for (const t of SEVERITY_SCHEMES) {
      if (s === t) continue;
      it(`${s} → ${t}`, () => {
        expect(line(s, t)).toBe(expected.get(`${s} > ${t}`));
      });
    }

  it('never returns a code outside the target scheme, and every non-exact result says what it lost or assumed', () => {
    for (const s of SEVERITY_SCHEMES)
      for (const t of SEVERITY_SCHEMES) {
        const codes = new Set(registry().get(t).concepts.map((c) => c.code));
        for (const c of registry().get(s).concepts) {
          const r = translate(s, c.code, t);
          for (const x of r.codes) expect(codes.has(x.code)).toBe(true);
          if (s !== t && r.relation !== 'exact') expect(r.lost.length + r.assumed.length).toBeGreaterThan(0);
          if (r.codes.length > 1) expect(r.review).toBe(true);
        }
      }
  });
});

describe('the lossy translations named in the reference notes', () => {
  it('UK 2014 categories replace SAP levels: A = 4 and 5, B = 2 and 3, C = 1', () => {
    expect(translate('uk-2014', 'A', 'uk-sap').codes.map((c) => c.code)).toEqual(['4', '5']);
    expect(translate('uk-2014', 'B', 'uk-sap').codes.map((c) => c.code)).toEqual(['2', '3']);
    expect(translate('uk-sap', '1', 'uk-2014')).toMatchObject({ relation: 'exact', codes: [{ code: 'C' }] });
    const four = translate('uk-sap', '4', 'uk-2014');
    expect(four).toMatchObject({ relation: 'broader', codes: [{ code: 'A' }] });
    expect(notes(four, 'lost')).toMatch(/sadistic/);
  });

  it('COPINE 1 is not indecent: no UK target, and the result says why', () => {
    const r = translate('copine', '1', 'uk-2014');
    expect(r.relation).toBe('none');
    expect(r.codes).toEqual([]);
    expect(notes(r, 'lost')).toMatch(/no uk-2014 code covers non-sexualised/);
  });

  it('COPINE 2–3 reach category C only on a condition the code cannot decide', () => {
    for (const code of ['2', '3']) {
      const r = translate('copine', code, 'uk-2014');
      expect(r.relation).toBe('related');
      expect(r.codes[0]).toMatchObject({ code: 'C', condition: expect.stringMatching(/indecent in context/) });
      expect(r.review).toBe(true);
    }
  });

  it('COPINE 4–6 collapse into one UK category and one SAP level, reporting the lost distinction', () => {
    for (const code of ['4', '5', '6']) {
      const r = translate('copine', code, 'uk-2014');
      expect(r).toMatchObject({ relation: 'broader', codes: [{ code: 'C' }] });
      expect(notes(r, 'lost')).toMatch(/finer distinction of copine:/);
      expect(translate('copine', code, 'uk-sap').codes.map((c) => c.code)).toEqual(['1']);
    }
  });

  it('COPINE 7 is "B or A" (SAP 2 or 4): both candidates, never one picked silently', () => {
    const r = translate('copine', '7', 'uk-2014');
    expect(r.codes.map((c) => c.code).sort()).toEqual(['A', 'B']);
    expect(r.relation).not.toBe('exact');
    expect(r.review).toBe(true);
    expect(notes(r, 'assumed')).toMatch(/cannot be decided from the code/);
    expect(translate('copine', '7', 'uk-sap').codes.map((c) => c.code).sort()).toEqual(['2', '4']);
  });

  it('COPINE 10 merges into A (sadism and bestiality lose their distinction) but is exactly SAP 5', () => {
    const a = translate('copine', '10', 'uk-2014');
    expect(a).toMatchObject({ relation: 'broader', codes: [{ code: 'A' }] });
    expect(notes(a, 'lost')).toMatch(/penetrative/);
    expect(translate('copine', '10', 'uk-sap')).toMatchObject({ relation: 'exact', codes: [{ code: '5' }] });
    expect(translate('uk-sap', '5', 'copine')).toMatchObject({ relation: 'exact', codes: [{ code: '10' }] });
  });

  it('COPINE crosswalks carry the "our synthesis, review" warning', () => {
    expect(translate('copine', '8', 'uk-2014').warnings.join(' ')).toMatch(/synthesis/);
  });

  it('NCMEC industry has no code for non-penetrative touching or post-pubescent minors, and says so', () => {
    const r = translate('uk-2014', 'B', 'ncmec-industry');
    expect(r.codes.map((c) => c.code)).toEqual(['A1', 'B1']);
    expect(notes(r, 'lost')).toMatch(/no ncmec-industry code covers: other non-penetrative sexual activity/);
    expect(notes(r, 'assumed')).toMatch(/age must be assessed, it is not derived/);
  });

  it('a developmental stage never becomes a single age', () => {
    for (const code of ['A1', 'A2', 'B1', 'B2']) {
      const r = translate('ncmec-industry', code, 'uk-2014');
      expect(notes(r, 'assumed')).toMatch(/wide assumed ranges, never through a single age/);
      expect(notes(r, 'lost')).toMatch(/age \d+–\d+ \(developmental-stage/);
    }
  });
});

describe('legal status is never invented', () => {
  it('"nationally illegal" without a jurisdiction translates to nothing illegal, and asks for the jurisdiction', () => {
    for (const t of ['uk-2014', 'us-2256', 'arachnid', 'eu-2011-93', 'interpol-baseline']) {
      const r = translate('iccam', 'nationally-illegal', t);
      expect(r.relation).toBe('none');
      expect(r.codes).toEqual([]);
    }
    expect(notes(translate('iccam', 'nationally-illegal', 'uk-2014'), 'lost')).toMatch(/--jurisdiction/);
  });

  it('"nationally illegal" in GB becomes the UK categories; elsewhere only "related"', () => {
    const gb = translate('iccam', 'nationally-illegal', 'uk-2014', { jurisdiction: 'GB' });
    expect(gb).toMatchObject({ relation: 'narrower', jurisdiction: 'GB' });
    expect(gb.codes.map((c) => c.code)).toEqual(['A', 'B', 'C']);
    const fr = translate('iccam', 'nationally-illegal', 'uk-2014', { jurisdiction: 'FR' });
    expect(fr.relation).toBe('related');
    expect(notes(fr, 'assumed')).toMatch(/illegal in FR; uk-2014 is defined by GB law/);
    expect(translate('iccam', 'nationally-illegal', 'uk-2014', { jurisdiction: 'uk' }).jurisdiction).toBe('GB');
  });

  it('"nationally illegal" never becomes Baseline, whatever the jurisdiction', () => {
    for (const j of [undefined, 'GB', 'US', 'FR']) expect(translate('iccam', 'nationally-illegal', 'interpol-baseline', j ? { jurisdiction: j } : {}).codes).toEqual([]);
  });

  it('a legal category of one country becomes ICCAM "nationally illegal" only for that country', () => {
    const r = translate('uk-2014', 'A', 'iccam');
    expect(r.codes.find((c) => c.code === 'nationally-illegal')).toMatchObject({ relation: 'broader', jurisdiction: 'GB' });
    expect(r.codes.find((c) => c.code === 'baseline')?.relation).toBe('related');
    expect(notes(r, 'assumed')).toMatch(/jurisdiction GB taken from the law uk-2014 is defined by/);
    const fr = translate('uk-2014', 'A', 'iccam', { jurisdiction: 'FR' });
    expect(fr.codes.map((c) => c.code)).toEqual(['baseline']);
    expect(notes(fr, 'assumed')).toMatch(/does not establish illegality in FR/);
    expect(translate('eu-2011-93', 'art2(c)(iv)', 'iccam').codes).toEqual([]);
    expect(translate('eu-2011-93', 'art2(c)(iv)', 'iccam', { jurisdiction: 'DE' }).codes.map((c) => c.code)).toEqual(['nationally-illegal']);
  });

  it('harmful-abusive material never maps to an illegal value in any scheme', () => {
    const illegal = new Set(['illegal', 'illegal-everywhere', 'nationally-illegal']);
    for (const s of registry().list()) {
      for (const j of [undefined, 'CA', 'GB']) {
        const r = translate('arachnid', 'harmful-abusive-material', s.id, j ? { jurisdiction: j } : {});
        for (const c of r.codes) expect(illegal.has(registry().concept(s.id, c.code)?.axes.legal?.status ?? '')).toBe(false);
      }
    }
    expect(translate('arachnid', 'harmful-abusive-material', 'uk-2014').relation).toBe('none');
  });

  it('illegal material maps to Arachnid "csam", never to harmful-abusive', () => {
    for (const [s, c] of [['uk-2014', 'A'], ['uk-sap', '1'], ['interpol-baseline', 'baseline'], ['us-2256', '2256(2)(A)(v)']] as const) {
      expect(translate(s, c, 'arachnid').codes.map((x) => x.code)).toEqual(['csam']);
    }
  });

  it('"no known match" carries no classification', () => {
    for (const s of registry().list()) if (s.id !== 'arachnid') expect(translate('arachnid', 'no-known-match', s.id).codes).toEqual([]);
  });

  it('Baseline is one-way: Baseline → ICCAM baseline exactly; the converse needs the criteria', () => {
    expect(translate('interpol-baseline', 'baseline', 'iccam')).toMatchObject({ relation: 'exact', codes: [{ code: 'baseline' }] });
    const r = translate('uk-2014', 'A', 'interpol-baseline');
    expect(r.relation).toBe('related');
    expect(notes(r, 'assumed')).toMatch(/under 13|0–13/);
    expect(r.warnings.join(' ')).toMatch(/13 and under/);
    expect(translate('us-2256', '2256(8)(B)', 'interpol-baseline').relation).toBe('none');
  });
});

describe('incident schemes', () => {
  it('NCMEC incident types map to Luxembourg concepts, the exact strings kept', () => {
    expect(translate('ncmec-incident', 'Child Sex Tourism', 'luxembourg')).toMatchObject({ relation: 'exact', codes: [{ code: 'travel-and-tourism' }] });
    const r = translate('luxembourg', 'csam', 'ncmec-incident');
    expect(r.codes[0]?.code).toBe('Child Pornography (possession, manufacture, and distribution)');
    expect(translate('luxembourg', 'sexual-extortion', 'ncmec-report-annotation').codes[0]?.code).toBe('sextortion');
  });

  it('a helpline category outside the CSEA scope translates to nothing, saying so', () => {
    const r = translate('chi-helpline', 'violence/bullying', 'luxembourg');
    expect(r.relation).toBe('none');
    expect(notes(r, 'lost')).toMatch(/outside the child sexual exploitation and abuse scope/);
  });

  it('the broad helpline OCSEA category spans several incident types', () => {
    const r = translate('chi-helpline', 'violence/online-child-sexual-abuse-and-exploitation', 'luxembourg');
    expect(r.relation).toBe('narrower');
    expect(r.codes.map((c) => c.code)).toEqual(expect.arrayContaining(['csam', 'grooming', 'sexual-extortion', 'live-online-abuse']));
  });

  it('content codes and incident codes do not translate into each other', () => {
    expect(translate('uk-2014', 'A', 'luxembourg').relation).toBe('none');
    expect(translate('eu-2011-93', 'art2(d)', 'uk-2014').relation).toBe('none');
  });
});

describe('errors and input', () => {
  it('an unknown code lists the closest valid codes', () => {
    try {
      translate('ncmec-industry', 'A3', 'uk-2014');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TesseraError);
      expect((e as TesseraError).code).toBe('unknown_code');
      expect((e as TesseraError).details?.closest).toEqual(expect.arrayContaining(['A1', 'A2']));
      expect((e as TesseraError).message).toMatch(/Closest valid codes/);
    }
  });

  it('an unknown scheme lists the closest scheme ids', () => {
    expect(() => translate('uk2014', 'A', 'copine')).toThrow(/Closest scheme ids: uk-2014/);
    expect(() => translate('copine', '7', 'ncmec')).toThrow(/ncmec-/);
  });

  it('codes are namespaced: NCMEC A1 is not a code of another scheme', () => {
    expect(() => translate('uk-2014', 'A1', 'copine')).toThrow(/not a code of uk-2014/);
  });

  it('rejects a jurisdiction that is not a country code', () => {
    expect(() => translate('iccam', 'nationally-illegal', 'uk-2014', { jurisdiction: 'France' })).toThrow(/ISO 3166-1/);
  });

  it('accepts older labels and a known misspelling, and says what it read', () => {
    const r = translate('ncmec-incident', 'Online Enticement of Children for Sexual Act', 'luxembourg');
    expect(r.from.code).toBe('Online Enticement of Children for Sexual Acts');
    expect(notes(r, 'assumed')).toMatch(/misspelling/);
    expect(translate('iccam', 'nationally illegal', 'iccam').from.code).toBe('nationally-illegal');
  });

  it('batch translation returns errors as values in their slot', () => {
    const out = translateBatch(
      [
        { scheme: 'copine', code: '9' },
        { scheme: 'copine', code: '11' },
        { scheme: 'uk-sap', code: '3' },
      ],
      'uk-2014',
    );
    expect(out).toHaveLength(3);
    expect('relation' in (out[0] as object)).toBe(true);
    expect(out[1]).toMatchObject({ error: { code: 'unknown_code', where: { path: '[1]' } } });
    expect(out[2]).toMatchObject({ relation: 'broader', codes: [{ code: 'B' }] });
  });
});

describe('the translation table', () => {
  it('answers from the precomputed table with the same frozen result', () => {
    const cw = new Crosswalk(new TaxonomyRegistry());
    const n = cw.precompute([undefined, 'GB']);
    expect(n).toBe(cw.size);
    const a = cw.translate('copine', '7', 'uk-2014');
    expect(cw.translate('copine', '7', 'uk-2014')).toBe(a);
    expect(Object.isFrozen(a.codes)).toBe(true);
  });

  it('drops stale results when a scheme is registered, and translates into and out of an imported scheme', () => {
    const reg = new TaxonomyRegistry();
    const cw = new Crosswalk(reg);
    expect(() => cw.translate('demo-hotline', 'H2', 'uk-2014')).toThrow(/not a known scheme/);
    const csv = ['# scheme: demo-hotline', '# version: 1', 'code,prefLabel@en,exactMatch,broadMatch,narrowMatch', 'H1,Most severe,,,uk-2014:A', 'H2,Contact,uk-2014:B,,', 'H3,Posing,,uk-2014:C,'].join('\n');
    reg.register(importScheme({ text: csv }, reg).scheme);
    expect(cw.translate('demo-hotline', 'H2', 'uk-2014')).toMatchObject({ relation: 'exact', codes: [{ code: 'B' }] });
    expect(cw.translate('uk-2014', 'C', 'demo-hotline')).toMatchObject({ relation: 'narrower', codes: [{ code: 'H3' }] });
    // not declared: derived from the axes the mappings imply
    expect(cw.translate('demo-hotline', 'H1', 'uk-sap').codes.map((c) => c.code)).toEqual(['4', '5']);
    const h3 = cw.translate('demo-hotline', 'H3', 'copine');
    expect(h3.relation).not.toBe('exact');
    expect(cw.translate('demo-hotline', 'H2', 'uk-sap').codes.map((c) => c.code)).toEqual(['2', '3']);
  });
});

describe('helpline labels from deployed forms', () => {
  it('read as Luxembourg concepts, the source label kept and the reading stated', () => {
    for (const [label, code] of [
      ['Aliciamento sexual infantil online', 'grooming'],
      ['Grooming - ASI en línea', 'grooming'],
      ['Sextorsão', 'sexual-extortion'],
      ['Revenge Porn', 'non-consensual-intimate-images'],
    ] as const) {
      const r = translate('luxembourg', label, 'luxembourg');
      expect(r.from.code).toBe(code);
      expect(r.assumed.map((n) => n.note).join(' ')).toContain(label);
    }
  });
});
