import { describe, expect, it } from 'vitest';
import { ALL_RULES, displayLabel, expandPattern, lint, linter, TermLinter, type LintLang } from '../index.ts';

const terms = (text: string, lang?: LintLang) => lint(text, lang ? { lang } : {}).map((f) => [f.term, f.severity, f.rule] as const);

describe('terminology linter — English', () => {
  it('flags the terms the field itself flags, with preferred terms and the reason', () => {
    const f = lint('Analysts found child pornography.');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 1, column: 16, term: 'child pornography', severity: 'error', preferred: expect.arrayContaining(['child sexual abuse material']) });
    expect(f[0]!.reason).toMatch(/trivialises/);
    expect(terms('a child prostitute; revenge porn; dark web offending; sex tourism').map((t) => t[2])).toEqual(['en.child-prostitute', 'en.revenge-porn', 'en.dark-web-offending', 'en.sex-tourism']);
  });

  it('matches across case, inflection, hyphens, line breaks, whitespace runs and hyphenation', () => {
    expect(terms('CHILD   PORNOGRAPHY')[0]?.[0]).toBe('CHILD   PORNOGRAPHY');
    expect(terms('Child\r\n   Pornography')[0]?.[2]).toBe('en.child-pornography');
    expect(terms('kiddie-porn')[0]?.[2]).toBe('en.child-pornography');
    expect(terms('child porno-\ngraphy')[0]?.[2]).toBe('en.child-pornography');
    expect(terms('child prostitutes')[0]?.[2]).toBe('en.child-prostitute');
    expect(terms('child pornographers')[0]?.[0]).toBe('child pornographers');
    expect(terms('Two teen hookers')[0]?.[0]).toBe('teen hookers');
  });

  it('does not flag words that merely start the same', () => {
    expect(lint('The child portrait and the child prostate; pornographic novels for adults.')).toEqual([]);
    expect(lint('Use grooming and child sexual abuse material.')).toEqual([]);
  });

  it('reports line and column of each finding', () => {
    const f = lint('first line\n  second: child porn here\nthird: revenge\nporn');
    expect(f.map((x) => [x.line, x.column, x.endLine])).toEqual([
      [2, 11, 2],
      [3, 8, 4],
    ]);
  });

  it('matches "CP" only as the capitalised acronym, as a context warning', () => {
    expect(terms('the CP folder')).toEqual([['CP', 'warning', 'en.cp-acronym']]);
    expect(lint('run cp to copy; CPU load')).toEqual([]);
  });
});

describe('terminology linter — exemptions', () => {
  it('keeps NCMEC incident types (protocol constants) and statute titles as info', () => {
    const f = lint('incidentType: Child Pornography (possession, manufacture, and distribution) and Child Sex Tourism.');
    expect(f.map((x) => [x.severity, x.exempt])).toEqual([
      ['info', 'protocol constant: NCMEC CyberTipline incidentType value'],
      ['info', 'protocol constant: NCMEC CyberTipline incidentType value'],
    ]);
    const t = lint('the Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography');
    expect(t.every((x) => x.severity === 'info' && x.exempt?.startsWith('legal title'))).toBe(true);
    expect(t).toHaveLength(2);
  });

  it('the same words written in prose are not exempt', () => {
    expect(lint('they call it child sex tourism')[0]?.severity).toBe('error');
  });

  it('exempts quotations and legal citations, never fixing them', () => {
    expect(lint('the term "child pornography" is outdated')[0]).toMatchObject({ severity: 'info', exempt: 'quoted', fixable: false });
    expect(lint('le terme « pédopornographie » banalise')[0]).toMatchObject({ severity: 'info', exempt: 'quoted' });
    expect(lint('Under 18 U.S.C. § 2252A, child pornography means')[0]).toMatchObject({ severity: 'info', exempt: 'legal citation' });
    expect(lint('nach § 184b StGB ist Kinderpornografie strafbar')[0]).toMatchObject({ severity: 'info', exempt: 'legal citation' });
    expect(linter().fix('the term "child pornography" is outdated').applied).toEqual([]);
  });
});

describe('terminology linter — other languages', () => {
  it('French: pédopornographie and its variants, diacritics optional', () => {
    expect(terms('La pédopornographie et la PEDOPORNOGRAPHIE, des contenus pédopornographiques.', 'fr').map((t) => t[0])).toEqual(['pédopornographie', 'PEDOPORNOGRAPHIE', 'pédopornographiques']);
    expect(terms('la pornographie juvénile et la prostitution enfantine', 'fr').map((t) => t[2])).toEqual(['fr.pedopornographie', 'fr.prostitution-enfantine']);
    expect(terms('des mineures prostituées', 'fr')[0]?.[0]).toBe('mineures prostituées');
    expect(terms('le tourisme sexuel impliquant des enfants', 'fr')[0]).toEqual(['tourisme sexuel impliquant des enfants', 'error', 'fr.tourisme-sexuel']);
  });

  it('Spanish: pornografía infantil as an error with a safe fix; inflected "prostituidas"', () => {
    expect(terms('la PORNOGRAFIA INFANTIL', 'es')[0]?.[2]).toBe('es.pornografia-infantil');
    expect(terms('niñas prostituidas', 'es')[0]).toEqual(['niñas prostituidas', 'error', 'es.prostitucion-infantil']);
    expect(linter().fix('Luchamos contra la pornografía infantil.', { lang: 'es' }).text).toBe('Luchamos contra el material de abuso sexual infantil.');
    expect(terms('turismo sexual infantil', 'es')[0]?.[1]).toBe('warning');
  });

  it('Portuguese: unverified rules are warnings and say so', () => {
    const f = lint('combate à pornografia infantil e à prostituição infantil', { lang: 'pt' });
    expect(f.map((x) => [x.rule, x.severity])).toEqual([
      ['pt.pornografia-infantil', 'warning'],
      ['pt.prostituicao-infantil', 'warning'],
    ]);
    expect(f[0]!.reason).toMatch(/warning, not an error \(basis: unverified/);
    expect(lint('pornografia de vingança', { lang: 'pt' })[0]?.preferred).toEqual(['compartilhamento não consensual de imagens íntimas']);
  });

  it('German: Kinderpornografie in every spelling and compound', () => {
    expect(terms('Kinderpornografie, Kinderpornographie, kinderpornografische Bilder, Kinderpornos', 'de').map((t) => t[0])).toEqual(['Kinderpornografie', 'Kinderpornographie', 'kinderpornografische', 'Kinderpornos']);
    expect(terms('Kinderprostitution', 'de')[0]?.[1]).toBe('warning');
  });

  it('mixed-language text: picks the language whose spelling was written', () => {
    expect(lint('pornografia infantil')[0]?.rule).toBe('pt.pornografia-infantil');
    expect(lint('pornografía infantil')[0]?.rule).toBe('es.pornografia-infantil');
    expect(lint('Kannerpornographie')[0]?.rule).toBe('lb.kannerpornographie');
  });

  it('--lang restricts the rules, and an unknown language is refused', () => {
    expect(lint('child pornography and Kinderpornografie', { lang: 'de' }).map((f) => f.rule)).toEqual(['de.kinderpornografie']);
    expect(() => lint('x', { lang: 'xx' as never })).toThrow(/available: en, fr, es, pt, de/);
  });
});

describe('terminology linter — fixing and display labels', () => {
  it('rewrites verified errors to the first preferred term, keeping case and plural', () => {
    const r = linter().fix('Child pornography and child prostitutes; CHILD PORN.');
    expect(r.text).toBe('Child sexual abuse material and children exploited in prostitution; CHILD SEXUAL ABUSE MATERIAL.');
    expect(r.applied).toHaveLength(3);
  });

  it('leaves warnings, context-sensitive and unverified-wording rules for a person', () => {
    const r = linter().fix('revenge porn, child prostitution, paedophile, pornografia infantil');
    expect(r.text).toBe('revenge porn, child prostitution, paedophile, pornografia infantil');
    expect(r.remaining.map((f) => f.rule)).toEqual(['en.revenge-porn', 'en.child-prostitution', 'en.paedophile', 'pt.pornografia-infantil']);
  });

  it('adds a display label beside an ingested source label, keeping the original', () => {
    expect(displayLabel('Revenge Porn')).toMatchObject({ original: 'Revenge Porn', display: 'Non-consensual sharing of intimate images', changed: true });
    expect(displayLabel('Victim of online child pornography').display).toBe('Victim of child sexual abuse material online');
    expect(displayLabel('Online grooming')).toMatchObject({ display: 'Online grooming', changed: false });
    expect(displayLabel('Child Sex Tourism').changed).toBe(false); // protocol constant
  });
});

describe('the automaton', () => {
  it('compiles every rule of every language into one automaton', () => {
    const l = new TermLinter();
    expect(ALL_RULES.length).toBeGreaterThan(30);
    expect(l.states).toBeGreaterThan(1000);
    expect(new Set(ALL_RULES.map((r) => r.lang))).toEqual(new Set(['en', 'fr', 'es', 'pt', 'de', 'nl', 'it', 'lb']));
  });

  it('expands alternatives and optional parts', () => {
    expect(expandPattern('{a|b} c {d|}')).toEqual(['a c d', 'a c', 'b c d', 'b c']);
  });

  it('handles decomposed accents, soft hyphens and text without findings', () => {
    expect(lint('pe\u0301dopornographie')[0]?.rule).toBe('fr.pedopornographie');
    expect(lint('child porno\u00adgraphy')[0]?.rule).toBe('en.child-pornography');
    expect(lint('')).toEqual([]);
    expect(lint('😀 child pornography 😀')[0]?.column).toBe(4);
  });
});
