import { describe, expect, it } from 'vitest';
import { parseXsDateTime, parseXsDateTimeSlow } from './schema.ts';

describe('xs:dateTime', () => {
  it('the digit-by-digit reading of the common forms gives what the regular expression path gives, for every combination here', () => {
    const years = ['2025', '1899', '1900', '2200', '2201', '0025', '12025', '-2025', '2024'];
    const months = ['01', '02', '12', '13', '00', '1'];
    const days = ['01', '28', '29', '30', '31', '00', '1a'];
    const hours = ['00', '23', '24', '9'];
    const minutes = ['00', '59', '60'];
    const fractions = ['', '.0', '.000', '.123', '.1234', '.', '.12a'];
    const zones = ['', 'Z', 'z', '+00:00', '-00:00', '+01:00', '-14:00', '+14:00', '+14:01', '+15:00', '-05:30', '+0100', '+01:60', 'ZZ'];
    let compared = 0;
    let fast = 0;
    const different: string[] = [];
    for (const y of years) for (const mo of months) for (const d of days) for (const h of hours) for (const m of minutes) for (const f of fractions) for (const z of zones) {
      const s = `${y}-${mo}-${d}T${h}:${m}:${m === '60' ? '00' : m}${f}${z}`;
      const got = parseXsDateTime(s);
      if (JSON.stringify(got) !== JSON.stringify(parseXsDateTimeSlow(s))) different.push(s);
      compared++;
      if (typeof got !== 'string') fast++;
    }
    for (const s of [' 2025-07-07T05:23:14.000Z ', '2025-07-07 05:23:14Z', '', '2025-07-07T05:23:14.000Z\n', '2024-02-29T23:59:59.999-14:00']) expect(parseXsDateTime(s), s).toEqual(parseXsDateTimeSlow(s));
    expect(different).toEqual([]);
    expect(compared).toBeGreaterThan(100_000);
    expect(fast).toBeGreaterThan(1000);
    expect(parseXsDateTime('2025-07-07T05:23:14+02:00')).toEqual({ iso: '2025-07-07T03:23:14.000Z', zoneUnknown: false });
    expect(parseXsDateTime('2025-07-07T05:23:14')).toEqual({ iso: '2025-07-07T05:23:14.000Z', zoneUnknown: true });
  });
});
