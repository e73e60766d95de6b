import { describe, expect, it } from 'vitest';
import { bandToRange, compareRanges, isUnder, meetsThreshold, rangeToBands, rangeToStages, stageToRange, validateAgeRange } from './index.ts';

describe('age ranges', () => {
  it('a stage becomes a wide range, marked developmental-stage, never one age', () => {
    const r = stageToRange('prepubescent');
    expect(r.range).toEqual({ min: 0, max: 13, basis: 'developmental-stage', stage: 'prepubescent' });
    expect(r.uncertainty).toBe('wide');
    expect(r.warnings.join(' ')).toMatch(/assumed, not a measured age/);
    expect(stageToRange('Pre-pubescent').range.stage).toBe('prepubescent');
    expect(stageToRange('infant').range).toMatchObject({ min: 0, max: 2 });
  });

  it('refuses to derive an age from a Tanner stage', () => {
    const r = stageToRange('Tanner III');
    expect(r.range).toMatchObject({ min: null, max: null, stage: 'tanner:III' });
    expect(r.uncertainty).toBe('indeterminate');
    expect(r.warnings[0]).toMatch(/Rosenbloom & Tanner/);
  });

  it('an age gives every stage it could belong to, and is determinate only when one fits', () => {
    expect(rangeToStages({ min: 12, max: 12, basis: 'documented' })).toMatchObject({ determinate: false, candidates: ['prepubescent', 'pubescent', 'post-pubescent'] });
    expect(rangeToStages({ min: 1, max: 1, basis: 'documented' })).toMatchObject({ determinate: true, candidates: ['infant-toddler', 'prepubescent'] });
    expect(rangeToStages({ min: 5, max: 6, basis: 'estimated' })).toMatchObject({ determinate: true, candidates: ['prepubescent'] });
    expect(rangeToStages({ min: 16, max: 17, basis: 'reported' }).determinate).toBe(false);
  });

  it('numeric bands convert both ways, with unverified bands flagged', () => {
    expect(bandToRange('iwf', '7–10').range).toEqual({ min: 7, max: 10, basis: 'estimated' });
    expect(bandToRange('iwf', '14-15').warnings[0]).toMatch(/unverified/);
    expect(bandToRange('iwf', '3-6').warnings).toEqual([]);
    expect(rangeToBands({ min: 12, max: 14, basis: 'estimated' }, 'iwf')).toMatchObject({ bands: ['11-13', '14-15'], exact: false });
    expect(rangeToBands({ min: 8, max: 8, basis: 'documented' }, 'inhope')).toMatchObject({ bands: ['pre-pubescent'], exact: true });
    expect(() => bandToRange('iwf', '12-13')).toThrow(/bands: 0-2, 3-6/);
  });

  it('legal thresholds are predicates that can be indeterminate', () => {
    expect(isUnder({ min: 12, max: 12, basis: 'documented' }, 13)).toBe(true);
    expect(isUnder({ min: 10, max: 15, basis: 'estimated' }, 13)).toBe('indeterminate');
    expect(isUnder({ min: null, max: null, basis: 'estimated' }, 18)).toBe('indeterminate');
    expect(meetsThreshold({ min: 13, max: 13, basis: 'documented' }, 'interpol-baseline')).toMatchObject({ result: 'indeterminate', warnings: [expect.stringMatching(/13 and under/)] });
    expect(meetsThreshold({ min: 12, max: 12, basis: 'documented' }, 'interpol-baseline').result).toBe(true);
    expect(meetsThreshold({ min: 16, max: 17, basis: 'documented' }, 'minor')).toEqual({ result: true, warnings: [] });
    expect(meetsThreshold({ min: 15, max: 15, basis: 'documented' }, 'consent', 16).result).toBe(true);
    expect(() => meetsThreshold({ min: 15, max: 15, basis: 'documented' }, 'consent')).toThrow(/consent age/);
  });

  it('compares ranges as relations from the source', () => {
    expect(compareRanges({ min: 3, max: 5, basis: 'estimated' }, { min: 0, max: 13, basis: 'estimated' })).toBe('broader');
    expect(compareRanges({ min: 0, max: 17, basis: 'estimated' }, { min: 0, max: 13, basis: 'estimated' })).toBe('narrower');
    expect(compareRanges({ min: 14, max: 17, basis: 'estimated' }, { min: 0, max: 13, basis: 'estimated' })).toBe('none');
  });

  it('rejects impossible ranges', () => {
    expect(() => validateAgeRange({ min: 9, max: 3, basis: 'estimated' })).toThrow(/below min/);
    expect(() => validateAgeRange({ min: 3, max: 4, basis: 'developmental-stage' })).toThrow(/stage name/);
    expect(() => validateAgeRange({ min: 2.5, max: 4, basis: 'estimated' })).toThrow(/whole number/);
  });
});
