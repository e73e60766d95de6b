import { describe, expect, it } from 'vitest';
import { parseContactDate } from './dates.ts';

const utc = { dateFormat: 'iso', timeZone: 'UTC' } as const;

describe('parseContactDate', () => {
  it('accepts exactly the calendar dates (leap years by the Gregorian rule) and refuses the rest', () => {
    for (let y = 1896; y <= 2204; y += 1) {
      for (let m = 1; m <= 12; m++) {
        for (const d of [28, 29, 30, 31, 32]) {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T10:00:00Z`;
          const real = new Date(Date.UTC(y, m - 1, d));
          const isDate = y >= 1900 && y <= 2200 && real.getUTCDate() === d && real.getUTCMonth() === m - 1;
          const r = parseContactDate(text, utc);
          expect('iso' in r, text).toBe(isDate);
          if ('iso' in r) expect(r.iso).toBe(real.toISOString().replace('T00:', 'T10:'));
        }
      }
    }
  });

  it('honours offsets and zones', () => {
    expect(parseContactDate('2026-03-05T14:22:00+03:00', utc)).toEqual({ iso: '2026-03-05T11:22:00.000Z' });
    expect(parseContactDate('2026-03-05 14:22', { dateFormat: 'iso', timeZone: 'Africa/Nairobi' })).toEqual({ iso: '2026-03-05T11:22:00.000Z' });
    expect(parseContactDate('05/03/2026 14:22', { dateFormat: 'DD/MM/YYYY HH:mm', timeZone: 'UTC' })).toEqual({ iso: '2026-03-05T14:22:00.000Z' });
    expect(parseContactDate('2026-03-05T24:00:00Z', utc)).toHaveProperty('error');
  });
});
