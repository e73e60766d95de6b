import { describe, expect, it } from 'vitest';
import { isCanonicalUtc, parseContactDate } from './dates.ts';

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

describe('parseContactDate on dates written as toISOString writes them', () => {
  it('gives the same answer as the same instant written with an offset (the general path)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const p2 = (n: number) => String(n).padStart(2, '0');
    let valid = 0;
    for (let k = 0; k < 20_000; k++) {
      const text = `${1890 + rnd(320)}-${p2(rnd(14))}-${p2(rnd(33))}T${p2(rnd(25))}:${p2(rnd(61))}:${p2(rnd(61))}.${String(rnd(1000)).padStart(3, '0')}Z`;
      const r = parseContactDate(text, utc);
      const general = parseContactDate(text.replace('Z', '+00:00'), utc);
      expect('iso' in r, text).toBe('iso' in general);
      if ('iso' in r && 'iso' in general) {
        valid++;
        expect(r.iso).toBe(text);
        expect(general.iso).toBe(text);
      }
    }
    expect(valid).toBeGreaterThan(1000);
    for (const bad of ['2026-03-05T1a:22:00.000Z', '2026-03-05T14:2:00.0000Z', '2026-0x-05T14:22:00.000Z', '2026-03-05T14:22:00,000Z', '2026-02-29T10:00:00.000Z', '2026-03-05T14:22:00.00aZ']) {
      expect(parseContactDate(bad, utc), bad).toHaveProperty('error');
    }
    expect(parseContactDate('2024-02-29T23:59:59.999Z', utc)).toEqual({ iso: '2024-02-29T23:59:59.999Z' });
  });

  it('takes a text as its own answer exactly when the general path gives that text back (texts with characters changed)', () => {
    let seed = 11;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const alphabet = '0123456789012345678901234567890123-T:.Z z/+\u0660\uff10';
    const starts = ['2026-03-05T14:22:00.000Z', '1900-01-01T00:00:00.000Z', '2200-12-31T23:59:59.999Z', '2024-02-29T12:00:00.000Z', '2023-02-28T12:00:00.000Z', '2026-04-30T00:00:00.000Z', '2199-09-19T19:09:09.009Z'];
    let own = 0;
    for (let k = 0; k < 100_000; k++) {
      const chars = (starts[rnd(starts.length)] as string).split('');
      for (let j = rnd(3); j >= 0; j--) chars[rnd(chars.length)] = alphabet[rnd(alphabet.length)] as string;
      const text = chars.join('');
      const general = text.endsWith('Z') ? parseContactDate(text.slice(0, -1) + '+00:00', utc) : { error: '' };
      expect(isCanonicalUtc(text), text).toBe('iso' in general && general.iso === text);
      if (isCanonicalUtc(text)) own++;
    }
    expect(own).toBeGreaterThan(5_000);
  });
});
