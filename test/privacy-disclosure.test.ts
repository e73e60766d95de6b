import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOTAL, cellKey, protectTable, type ProtectedTable, type TableInput } from '../src/privacy/index.ts';

const table1 = (values: Record<string, number>): TableInput => ({ dims: ['country'], domains: [Object.keys(values).sort()], counts: new Map(Object.entries(values).map(([k, v]) => [cellKey([k]), v])) });
const entry = (t: ProtectedTable, cell: Record<string, string>) => t.entries.find((e) => Object.entries(cell).every(([k, v]) => e.cell[k] === v));

/**
 * The attacker's algorithm: publish-time equations (each line sums to its total) solved one
 * unknown at a time until nothing changes. Returns the suppressed entries it recovers exactly.
 */
function attack(t: ProtectedTable, dims: string[]): Set<string> {
  const key = (cell: Record<string, string>) => dims.map((d) => cell[d]).join('|');
  const known = new Map<string, number>();
  for (const e of t.entries) if (e.value !== null) known.set(key(e.cell), e.value);
  const lines = new Map<string, string[]>();
  for (const e of t.entries) {
    for (const d of dims) {
      const lineKey = d + ':' + dims.map((x) => (x === d ? '·' : e.cell[x])).join('|');
      const list = lines.get(lineKey) ?? [];
      list.push(key(e.cell));
      lines.set(lineKey, list);
    }
  }
  const recovered = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const [lk, members] of lines) {
      const d = lk.slice(0, lk.indexOf(':'));
      const i = dims.indexOf(d);
      const total = members.find((m) => m.split('|')[i] === TOTAL) as string;
      const cells = members.filter((m) => m !== total);
      const unknown = members.filter((m) => !known.has(m));
      if (unknown.length !== 1) continue;
      const u = unknown[0] as string;
      const sumCells = cells.filter((c) => c !== u).reduce((s, c) => s + (known.get(c) as number), 0);
      known.set(u, u === total ? sumCells : (known.get(total) as number) - sumCells);
      recovered.add(u);
      changed = true;
    }
  }
  return recovered;
}

describe('small-cell and secondary suppression', () => {
  it('suppresses a small cell and, so the total cannot give it back, the next smallest', () => {
    const t = protectTable(table1({ BR: 60, FR: 3, NL: 50 }), { threshold: 10 });
    expect(entry(t, { country: 'FR' })).toMatchObject({ value: null, status: 'primary' });
    expect(entry(t, { country: 'NL' })).toMatchObject({ value: null, status: 'secondary' });
    expect(entry(t, { country: 'BR' })).toMatchObject({ value: 60, status: 'shown' });
    expect(entry(t, { country: TOTAL })).toMatchObject({ value: 113, status: 'shown' });
    expect(attack(t, ['country'])).toEqual(new Set());
  });

  it('zeros are published (they reveal no one) and never chosen as protectors', () => {
    const t = protectTable(table1({ BR: 0, FR: 4, NL: 0 }), { threshold: 10 });
    expect(entry(t, { country: 'BR' })?.value).toBe(0);
    // The only other positive entry is the total (itself small): it goes too.
    expect(entry(t, { country: TOTAL })?.value).toBeNull();
    const u = protectTable(table1({ BR: 0, FR: 4, NL: 0, DE: 0 }), { threshold: 3 });
    expect(entry(u, { country: 'FR' })?.value).toBe(4);
  });

  it('2-D and 3-D tables: no line holds exactly one suppressed entry, no suppressed cell can be solved from the margins, shown values are true', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((d) => fc.tuple(fc.constant(d), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: d, maxLength: d }))).chain(([d, sizes]) =>
          fc.tuple(fc.constant(d), fc.constant(sizes), fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 10, max: 200 })), { minLength: sizes.reduce((a, b) => a * b, 1), maxLength: sizes.reduce((a, b) => a * b, 1) })),
        ),
        ([d, sizes, values]) => {
          const dims = ['a', 'b', 'c'].slice(0, d);
          const domains = sizes.map((n, i) => Array.from({ length: n }, (_, j) => `${dims[i]}${j}`));
          const counts = new Map<string, number>();
          const truth = new Map<string, number>();
          values.forEach((v, idx) => {
            let rest = idx;
            const coords = [...sizes].reverse().map((n) => {
              const c = rest % n;
              rest = Math.floor(rest / n);
              return c;
            }).reverse();
            const vals = coords.map((c, i) => (domains[i] as string[])[c] as string);
            counts.set(cellKey(vals), v);
            truth.set(vals.join('|'), v);
          });
          const t = protectTable({ dims, domains, counts }, { threshold: 10 });
          for (const e of t.entries) {
            const k = dims.map((x) => e.cell[x]).join('|');
            const isCell = !k.split('|').includes(TOTAL);
            if (isCell) {
              const v = truth.get(k) as number;
              if (v > 0 && v < 10) expect(e.status).toBe('primary');
              if (e.value !== null) expect(e.value).toBe(v);
            }
          }
          const primaries = new Set(t.entries.filter((e) => e.status === 'primary').map((e) => dims.map((x) => e.cell[x]).join('|')));
          for (const r of attack(t, dims)) expect(primaries.has(r)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('differencing two queries: a count that differs from an earlier release by a small number is suppressed', () => {
    // Query 1, released earlier: reports from FR of kind cybertip = 101 (and BR = 40).
    const q1 = protectTable(table1({ BR: 40, FR: 101 }), { threshold: 10, filters: { kind: 'cybertip' } });
    expect(entry(q1, { country: 'FR' })?.value).toBe(101);
    const released = new Map(q1.releases.map((r) => [r.population, r.value]));
    // Query 2, all kinds: FR = 105 would reveal that 4 FR reports are of another kind.
    const q2 = protectTable(table1({ BR: 70, DE: 30, FR: 105 }), { threshold: 10, released });
    expect(entry(q2, { country: 'FR' })).toMatchObject({ value: null, status: 'differencing' });
    // …and it is protected in its own table too (the total cannot give it back).
    expect(attack(q2, ['country'])).toEqual(new Set());
    expect(q2.entries.filter((e) => e.value === null).length).toBeGreaterThanOrEqual(2);
    // Without the register the difference would have been published.
    const naive = protectTable(table1({ BR: 70, DE: 30, FR: 105 }), { threshold: 10 });
    expect((entry(naive, { country: 'FR' })?.value as number) - (entry(q1, { country: 'FR' })?.value as number)).toBe(4);
  });

  it('an entry suppressed by an earlier query stays suppressed (its protector cannot be published later)', () => {
    const q1 = protectTable(table1({ BR: 60, FR: 3, NL: 50 }), { threshold: 10 });
    const released = new Map(q1.releases.map((r) => [r.population, r.value]));
    // A later query over the same population (same cells): NL was a protector; showing it now would give FR back.
    const q2 = protectTable(table1({ BR: 60, FR: 3, NL: 50 }), { threshold: 10, released });
    expect(entry(q2, { country: 'NL' })?.value).toBeNull();
    expect(entry(q2, { country: 'FR' })?.value).toBeNull();
  });

  it('with noise, suppression is decided on the noisy values, never the true ones; margins are sums of noisy cells', () => {
    const noise = [20, -10];
    let i = 0;
    const t = protectTable(table1({ BR: 15, FR: 3 }), { threshold: 10, noise: () => noise[i++ % 2] as number });
    // Sorted domain: BR (15 - … ) first gets +20, FR gets -10.
    expect(entry(t, { country: 'BR' })).toMatchObject({ value: 35, status: 'shown' });
    expect(entry(t, { country: 'FR' })).toMatchObject({ value: null, status: 'primary' }); // noisy -7 < 10
    expect(entry(t, { country: TOTAL })).toMatchObject({ value: 28, status: 'shown' }); // 35 + (-7)
    const j = { n: 0 };
    const t2 = protectTable(table1({ BR: 15, FR: 3 }), { threshold: 10, noise: () => [-10, 20][j.n++ % 2] as number });
    expect(entry(t2, { country: 'FR' })).toMatchObject({ value: 23, status: 'shown' }); // true 3, noisy 23: shown
    expect(entry(t2, { country: 'BR' })).toMatchObject({ value: null, status: 'primary' }); // true 15, noisy 5: suppressed
  });
});
