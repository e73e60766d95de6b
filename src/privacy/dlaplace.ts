import { randomFillSync } from 'node:crypto';
import { TesseraError } from '../shared/errors.ts';

/**
 * Exact sampling of the discrete Laplace distribution, after Canonne, Kamath and Steinke, "The
 * Discrete Gaussian for Differential Privacy" (NeurIPS 2020), Algorithms 1 and 2. Every step is
 * integer or rational arithmetic on uniform integers from the operating system's CSPRNG: no
 * floating point touches the distribution, so there is no Mironov-style floating-point attack.
 *
 * DLap(t/s): P[Z = z] = (e^{s/t} - 1) / (e^{s/t} + 1) * e^{-|z| s/t}. For a count with L1
 * sensitivity Δ and privacy ε (given as a fraction n/d), the scale is Δ/ε = Δ·d/n, so t = Δ·d
 * and s = n.
 */

/** Uniform integers from randomFillSync, drawn 64 KiB at a time (crypto.randomInt does the same per call, with more overhead). */
export class CryptoRandom {
  private buf = new Uint32Array(16384);
  private pos = this.buf.length;

  u32(): number {
    if (this.pos === this.buf.length) {
      randomFillSync(this.buf);
      this.pos = 0;
    }
    return this.buf[this.pos++] as number;
  }

  private bits = 0;
  private nbits = 0;

  /** One uniform bit (32 drawn at a time). */
  bit(): number {
    if (this.nbits === 0) {
      this.bits = this.u32();
      this.nbits = 32;
    }
    this.nbits--;
    const b = this.bits & 1;
    this.bits >>>= 1;
    return b;
  }

  /** Uniform in [0, n) for 1 <= n <= 2^53, by rejection (no modulo bias). */
  below(n: number): number {
    if (n === 1) return 0;
    if (n <= 0x1_0000_0000) {
      if ((n & (n - 1)) === 0 && n <= 0x8000_0000) return this.u32() & (n - 1);
      const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
      for (;;) {
        const x = this.u32();
        if (x < limit) return x % n;
      }
    }
    if (!Number.isSafeInteger(n)) throw new RangeError('below(n) needs n <= 2^53');
    // 53 uniform bits, then rejection against the largest multiple of n below 2^53.
    const limit = 2 ** 53 - (2 ** 53 % n);
    for (;;) {
      const x = (this.u32() & 0x1f_ffff) * 0x1_0000_0000 + this.u32();
      if (x < limit) return x % n;
    }
  }
}

/** Bernoulli(exp(-num/den)) exactly (CKS Algorithm 1), num >= 0, den >= 1, integers. */
export function bernoulliExp(rng: CryptoRandom, num: number, den: number): boolean {
  let n = num;
  while (n > den) {
    // e^{-γ} = e^{-1} · e^{-(γ-1)}: every factor must come up heads.
    if (!bernoulliExpFraction(rng, 1, 1)) return false;
    n -= den;
  }
  return bernoulliExpFraction(rng, n, den);
}

/** Bernoulli(exp(-γ)) for γ = num/den in [0, 1]: draw A_k ~ Bernoulli(γ/k) until one is 0; heads iff that k is odd. */
function bernoulliExpFraction(rng: CryptoRandom, num: number, den: number): boolean {
  if (num === 0) return true;
  let k = 1;
  for (;;) {
    // Bernoulli(num / (den·k)).
    if (rng.below(den * k) >= num) return k % 2 === 1;
    k++;
  }
}

/** One draw from DLap(t/s) (CKS Algorithm 2), s, t positive integers. */
export function sampleDiscreteLaplace(rng: CryptoRandom, s: number, t: number): number {
  for (;;) {
    const u = t === 1 ? 0 : rng.below(t);
    if (!bernoulliExp(rng, u, t)) continue;
    let v = 0;
    while (bernoulliExpFraction(rng, 1, 1)) v++;
    const x = u + t * v;
    const y = Math.floor(x / s);
    const negative = rng.bit() === 1;
    if (negative && y === 0) continue;
    return negative ? -y : y;
  }
}

/** ε as an exact fraction n/d from its decimal text ("0.5" → 1/2, "1.25" → 5/4), at most 6 decimals. */
export function epsilonFraction(epsilon: number | string): { num: number; den: number; value: number } {
  const text = typeof epsilon === 'number' ? String(epsilon) : epsilon.trim();
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) throw new TesseraError('invalid_epsilon', `ε must be a positive decimal with at most 6 decimals (e.g. 0.5), got "${text}"`, { where: { field: 'epsilon' } });
  const decimals = m[2] ?? '';
  let num = Number((m[1] as string) + decimals);
  let den = 10 ** decimals.length;
  if (num === 0) throw new TesseraError('invalid_epsilon', 'ε must be greater than 0', { where: { field: 'epsilon' } });
  if (num / den > 100) throw new TesseraError('invalid_epsilon', `ε = ${text} gives no meaningful privacy; use at most 100`, { where: { field: 'epsilon' } });
  const g = gcd(num, den);
  num /= g;
  den /= g;
  return { num, den, value: num / den };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A sampler of DLap(Δ/ε) for counts: the noise added to each cell. */
export class LaplaceNoise {
  readonly s: number;
  readonly t: number;
  /** The scale b = Δ/ε. */
  readonly scale: number;
  constructor(epsilon: number | string, sensitivity = 1, private readonly rng = new CryptoRandom()) {
    if (!Number.isInteger(sensitivity) || sensitivity < 1 || sensitivity > 1000) throw new TesseraError('invalid_sensitivity', `sensitivity must be a whole number from 1 to 1000, got ${sensitivity}`);
    const e = epsilonFraction(epsilon);
    this.s = e.num;
    this.t = sensitivity * e.den;
    this.scale = this.t / this.s;
  }
  draw(): number {
    return sampleDiscreteLaplace(this.rng, this.s, this.t);
  }
}

/** Theory, for tests and documentation: p = e^{-1/b}; variance 2p/(1-p)^2; P[|Z| >= k] = 2p^k/(1+p) for k >= 1. */
export function discreteLaplaceTheory(scale: number): { p: number; variance: number; pmf: (z: number) => number; tailAtLeast: (k: number) => number } {
  const p = Math.exp(-1 / scale);
  return {
    p,
    variance: (2 * p) / (1 - p) ** 2,
    pmf: (z) => ((1 - p) / (1 + p)) * p ** Math.abs(z),
    tailAtLeast: (k) => (k <= 0 ? 1 : (2 * p ** k) / (1 + p)),
  };
}
