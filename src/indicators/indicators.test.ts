import { describe, expect, it } from 'vitest';
import { BUILTIN_INDICATORS } from './builtin.ts';
import { parseDefinition } from './definition.ts';
import { exportIndicator } from './export.ts';
import { parseInstant, parsePeriod, periodDomain, splitMonths } from './period.ts';
import type { IndicatorResult } from './schemas.ts';

const base = { name: 'x', title: 'x', description: 'x', unit: 'reports' };

describe('indicator definitions', () => {
  it('accepts the built-in set and refuses unknown entities, fields and misplaced filters with where the fault is', () => {
    expect(BUILTIN_INDICATORS.length).toBeGreaterThanOrEqual(17);
    const err = (d: unknown) => {
      try {
        parseDefinition(d);
      } catch (e) {
        return e as { code: string; where?: { field?: string }; message: string };
      }
      throw new Error('accepted');
    };
    expect(err({ ...base, measure: { kind: 'count', entity: 'victims' } })).toMatchObject({ code: 'invalid_indicator', where: { field: 'measure.entity' } });
    expect(err({ ...base, measure: { kind: 'count', entity: 'reports' }, filters: { colour: 'red' } })).toMatchObject({ where: { field: 'filters.colour' } });
    expect(err({ ...base, measure: { kind: 'count', entity: 'reports' }, filters: { category: 'x:y' } }).message).toMatch(/several values/);
    expect(err({ ...base, measure: { kind: 'completeness', entity: 'children', field: 'dataset' } }).message).toMatch(/always recorded/);
    expect(err({ ...base, measure: { kind: 'timing', metric: 'report-to-removal' }, disaggregations: ['country'] }).message).toMatch(/no disaggregations/);
    expect(err({ ...base, name: 'Bad Name', measure: { kind: 'count', entity: 'reports' } })).toMatchObject({ where: { field: 'name' } });
  });
});

describe('periods', () => {
  it('refuses impossible dates and reads a year, month or day given as the end as the whole of it', () => {
    expect(() => parseInstant('2026-02-30', 'from')).toThrow(/2026-02 has no day 30/);
    expect(() => parseInstant('2026-13', 'from')).toThrow(/no month 13/);
    expect(() => parseInstant('2026-04-31T10:00:00Z', 'to')).toThrow(/not a valid date/);
    expect(() => parseInstant('yesterday', 'to')).toThrow(/is not a date/);
    expect(parsePeriod('2026-01', '2026-03')).toEqual({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') });
    expect(parsePeriod('2025', '2025').to).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(() => parsePeriod('2026-05', '2026-01')).toThrow(/the period is empty/);
    expect(periodDomain(parsePeriod('2025-11', '2026-02'), 'year')).toEqual(['2025', '2026']);
  });

  it('splits a period into whole months (rollup) and partial months at either end (rows)', () => {
    const d = (s: string) => new Date(s);
    expect(splitMonths(d('2026-01-15T00:00:00Z'), d('2026-04-10T00:00:00Z'))).toEqual({ edges: [[d('2026-01-15T00:00:00Z'), d('2026-02-01T00:00:00Z')], [d('2026-04-01T00:00:00Z'), d('2026-04-10T00:00:00Z')]], whole: [d('2026-02-01T00:00:00Z'), d('2026-04-01T00:00:00Z')] });
    expect(splitMonths(d('2026-01-01T00:00:00Z'), d('2026-03-01T00:00:00Z'))).toEqual({ edges: [], whole: [d('2026-01-01T00:00:00Z'), d('2026-03-01T00:00:00Z')] });
    expect(splitMonths(d('2026-01-05T00:00:00Z'), d('2026-01-20T00:00:00Z')).whole).toBeNull();
  });
});

describe('exports', () => {
  it('writes suppressed values as empty cells with their status, quotes commas and defuses formulas', () => {
    const r = {
      indicator: { ...base, name: 'reports', measure: { kind: 'count', entity: 'reports' }, filters: {}, dimensions: ['month'], disaggregations: ['category'] },
      unit: 'reports', period: { from: '', to: '' }, grain: 'month', by: 'category',
      values: [
        { period: '2026-01', dimensions: { category: 'a,b' }, value: null, status: 'primary', coverage: { records: 12, knownShare: null, datasetsReporting: 1, datasetsInScope: 1 } },
        { period: '2026-01', dimensions: { category: '=HYPERLINK("x")' }, value: 12, status: 'shown', coverage: { records: 12, knownShare: null, datasetsReporting: 1, datasetsInScope: 1 } },
      ],
      coverage: { method: 'rollup', scope: [], excluded: [], datasetsInScope: [], notes: [] }, disclosure: { threshold: 10, suppressed: { primary: 1, secondary: 0, differencing: 0 } },
    } as unknown as IndicatorResult;
    const lines = exportIndicator(r, 'hxl').body.split('\r\n');
    expect(lines[1]).toMatch(/^#indicator\+code,#date,#meta\+category,/);
    expect(lines[2]).toBe('reports,2026-01,"a,b",,reports,primary,12,,1,1');
    expect(lines[3]).toBe(`reports,2026-01,"'=HYPERLINK(""x"")",12,reports,shown,12,,1,1`);
  });
});
