import { describe, expect, it } from 'vitest';
import { CryptoRandom, LaplaceNoise, bernoulliExp, discreteLaplaceTheory, epsilonFraction } from '../src/privacy/index.ts';

/**
 * Statistical tests of the exact discrete Laplace sampler against theory, with fixed
 * tolerances chosen so a correct sampler fails with probability < 1e-6 per check, and so that
 * plausible wrong samplers (continuous Laplace rounded, scale 5 % off) fail — shown below.
 */
const N = 200_000;

interface Summary { mean: number; variance: number; tail: (k: number) => number; counts: Map<number, number>; positive: number; negative: number }
function summarise(draw: () => number, n = N): Summary {
  let s = 0;
  let s2 = 0;
  let positive = 0;
  let negative = 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const z = draw();
    s += z;
    s2 += z * z;
    if (z > 0) positive++;
    else if (z < 0) negative++;
    counts.set(z, (counts.get(z) ?? 0) + 1);
  }
  const mean = s / n;
  return {
    mean, variance: s2 / n - mean * mean, positive, negative, counts,
    tail: (k) => {
      let c = 0;
      for (const [z, m] of counts) if (Math.abs(z) >= k) c += m;
      return c / n;
    },
  };
}

/** The checks, as a list of failures (empty = consistent with DLap(scale)). */
function check(sm: Summary, scale: number, n = N): string[] {
  const th = discreteLaplaceTheory(scale);
  const failures: string[] = [];
  const sd = Math.sqrt(th.variance);
  if (Math.abs(sm.mean) > 5.5 * sd / Math.sqrt(n)) failures.push(`mean ${sm.mean}`);
  if (Math.abs(sm.variance / th.variance - 1) > 0.03) failures.push(`variance ${sm.variance} vs ${th.variance}`);
  for (const m of [1, 2, 3, 5]) {
    const k = Math.max(1, Math.round(m * scale));
    const p = th.tailAtLeast(k);
    if (Math.abs(sm.tail(k) - p) > 5.5 * Math.sqrt((p * (1 - p)) / n) + 1e-4) failures.push(`P[|Z|>=${k}] ${sm.tail(k)} vs ${p}`);
  }
  // Chi-square over the values within 4 scales, plus the two tails; critical value at p = 1e-6.
  const limit = Math.max(2, Math.ceil(4 * scale));
  let chi = 0;
  let df = -1;
  let rest = n;
  for (let z = -limit; z <= limit; z++) {
    const e = n * th.pmf(z);
    const o = sm.counts.get(z) ?? 0;
    rest -= o;
    chi += (o - e) ** 2 / e;
    df++;
  }
  const eTail = n * th.tailAtLeast(limit + 1);
  chi += (rest - eTail) ** 2 / eTail;
  df++;
  // Wilson–Hilferty approximation of the chi-square quantile at 1 - 1e-6 (z = 4.753).
  const crit = df * (1 - 2 / (9 * df) + 4.753 * Math.sqrt(2 / (9 * df))) ** 3;
  if (chi > crit) failures.push(`chi-square ${chi.toFixed(1)} > ${crit.toFixed(1)} (df ${df})`);
  if (Math.abs(sm.positive - sm.negative) > 5.5 * Math.sqrt(sm.positive + sm.negative)) failures.push(`asymmetric ${sm.positive} vs ${sm.negative}`);
  return failures;
}

describe('exact discrete Laplace sampler (Canonne–Kamath–Steinke)', () => {
  for (const eps of ['1', '0.5', '0.1', '2']) {
    it(`ε = ${eps}: mean, variance, tails and the whole distribution match theory`, () => {
      const noise = new LaplaceNoise(eps);
      const sm = summarise(() => noise.draw());
      expect(check(sm, noise.scale)).toEqual([]);
    });
  }

  it('sensitivity scales the noise: Δ = 3 at ε = 1 is DLap(3)', () => {
    const noise = new LaplaceNoise('1', 3);
    expect(noise.scale).toBe(3);
    expect(check(summarise(() => noise.draw()), 3)).toEqual([]);
  });

  it('the checks have power: wrong samplers fail them', () => {
    // Continuous Laplace rounded to an integer (a common shortcut): variance 2b² + 1/12 instead of 2p/(1-p)².
    const roundedContinuous = () => {
      const u = Math.random() - 0.5;
      return Math.round(-Math.sign(u) * Math.log(1 - 2 * Math.abs(u)));
    };
    expect(check(summarise(roundedContinuous), 1).length).toBeGreaterThan(0);
    // The right family with the scale 5 % too small.
    const off = new LaplaceNoise('1.05');
    expect(check(summarise(() => off.draw()), 1).length).toBeGreaterThan(0);
    // A geometric on one side only.
    const oneSided = new LaplaceNoise('1');
    expect(check(summarise(() => Math.abs(oneSided.draw())), 1).length).toBeGreaterThan(0);
  });

  it('Bernoulli(exp(-γ)) is exact for γ below and above 1', () => {
    const rng = new CryptoRandom();
    for (const [num, den] of [[3, 10], [1, 1], [5, 2]] as const) {
      const p = Math.exp(-num / den);
      let hits = 0;
      for (let i = 0; i < N; i++) if (bernoulliExp(rng, num, den)) hits++;
      expect(Math.abs(hits / N - p)).toBeLessThan(5.5 * Math.sqrt((p * (1 - p)) / N));
    }
  });

  it('uniform integers have no modulo bias (n = 3·2^30 would show 2:1 bias with %)', () => {
    const rng = new CryptoRandom();
    const n = 3 * 2 ** 30;
    let low = 0;
    for (let i = 0; i < N; i++) if (rng.below(n) < 2 ** 30) low++;
    expect(Math.abs(low / N - 1 / 3)).toBeLessThan(5.5 * Math.sqrt((1 / 3) * (2 / 3) / N));
  });

  it('ε is read as an exact fraction; bad values are refused with the reason', () => {
    expect(epsilonFraction('0.25')).toMatchObject({ num: 1, den: 4 });
    expect(epsilonFraction(1.5)).toMatchObject({ num: 3, den: 2 });
    expect(() => epsilonFraction('0')).toThrow(/greater than 0/);
    expect(() => epsilonFraction('-1')).toThrow(/positive decimal/);
    expect(() => epsilonFraction('1e-3')).toThrow(/positive decimal/);
    expect(() => epsilonFraction('500')).toThrow(/at most 100/);
  });
});
