import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors.ts';
import { builtinSchemes, registry, TaxonomyRegistry, validateScheme, type Scheme } from './index.ts';

const REQUIRED = ['uk-2014', 'uk-sap', 'copine', 'interpol-baseline', 'iccam', 'ncmec-industry', 'ncmec-incident', 'ncmec-file-annotation', 'arachnid', 'us-2256', 'eu-2011-93', 'chi-helpline', 'luxembourg', 'cdm'];

const tiny = (over: Partial<Scheme> = {}): Scheme => ({
  id: 'org-demo',
  version: '1',
  kind: 'content-severity',
  title: { en: 'Demo' },
  description: '',
  publisher: 'Demo',
  confidence: 'X',
  sources: [],
  concepts: [{ code: 'X', prefLabel: { en: 'X' }, axes: { act: ['posing'] }, confidence: 'X' }],
  ...over,
});

describe('scheme registry', () => {
  it('loads every required scheme, each valid and versioned', () => {
    const ids = registry().list().map((s) => s.id);
    for (const id of REQUIRED) expect(ids).toContain(id);
    for (const s of builtinSchemes()) {
      expect(validateScheme(s)).toEqual([]);
      expect(s.version).not.toBe('');
    }
  });

  it('keeps NCMEC incident types byte for byte', () => {
    expect(registry().get('ncmec-incident').concepts.map((c) => c.code)).toEqual([
      'Child Pornography (possession, manufacture, and distribution)',
      'Child Sex Trafficking',
      'Child Sex Tourism',
      'Child Sexual Molestation',
      'Misleading Domain Name',
      'Misleading Words or Digital Images on the Internet',
      'Online Enticement of Children for Sexual Acts',
      'Unsolicited Obscene Material Sent to a Child',
    ]);
  });

  it('shows a preferred display label beside a discouraged source label', () => {
    const c = registry().concept('ncmec-incident', 'Child Sex Tourism');
    expect(c?.sourceLabel).toBe('Child Sex Tourism');
    expect(c?.prefLabel.en).toBe('Sexual exploitation of children in the context of travel and tourism');
  });

  it('gives labels in fr, es, pt and de where the source gives them', () => {
    const s = registry().summaries().find((x) => x.id === 'luxembourg');
    expect(s?.languages).toEqual(['en', 'fr', 'es', 'pt', 'de']);
  });

  it('refuses a scheme with the problems listed, and changes nothing', () => {
    const reg = new TaxonomyRegistry();
    const bad = tiny({ id: 'Bad Id', concepts: [{ code: 'X', prefLabel: { en: '' }, broader: 'Y', axes: { act: ['nope'] }, confidence: 'X' }] });
    try {
      reg.register(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const codes = (e as ValidationError).issues.map((i) => i.code);
      expect(codes).toEqual(expect.arrayContaining(['invalid_scheme_id', 'missing_label', 'unknown_broader', 'unknown_atom']));
    }
    expect(reg.has('Bad Id')).toBe(false);
  });

  it('versions schemes: same content is a no-op, changed content needs a new version', () => {
    const reg = new TaxonomyRegistry();
    const rev = reg.revision;
    reg.register(tiny());
    reg.register(tiny());
    expect(reg.revision).toBe(rev + 1);
    expect(() => reg.register(tiny({ title: { en: 'Changed' } }))).toThrow(/already registered with different content/);
    reg.register(tiny({ version: '2', title: { en: 'Changed' } }));
    expect(reg.versionsOf('org-demo')).toEqual(['1', '2']);
    expect(reg.get('org-demo').title.en).toBe('Changed');
    expect(reg.get('org-demo', '1').title.en).toBe('Demo');
  });

  it('keeps built-in ids for the built-in schemes', () => {
    expect(() => new TaxonomyRegistry().register(tiny({ id: 'uk-2014' }))).toThrow(/built-in scheme id/);
  });

  it('finds codes forgivingly and suggests the closest ones', () => {
    expect(registry().resolve('uk-sap', '4').concept.code).toBe('4');
    expect(registry().resolve('chi-helpline', 'VIOLENCE/SEXUAL-VIOLENCE').concept.code).toBe('violence/sexual-violence');
    expect(() => registry().resolve('copine', '11')).toThrow(/Closest valid codes: "1"/);
  });
});
