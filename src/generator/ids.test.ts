import { describe, expect, it } from 'vitest';
import { deterministicId, uuidV5 } from '../model/identifiers.ts';
import { fastId } from './ids.ts';

/**
 * What fastId has always computed: for values that are printable ASCII with no leading,
 * trailing or doubled space, SHA-1 over the name as written (no further normalisation, so a
 * timestamp-like value is hashed verbatim); anything else goes to the model's deterministicId.
 * Ids are how re-ingests stay idempotent, so this must never change.
 */
function expected(type: string, parts: readonly string[]): string {
  const plain = parts.every((p) => /^[\x20-\x7e]*$/.test(p) && !/^ | $| {2}/.test(p));
  return plain ? `${type}--${uuidV5(`${type}\u001e${parts.join('\u001e')}`)}` : deterministicId(type, parts);
}

/** A small deterministic generator, so a failure names its inputs. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fastId', () => {
  it('equals the name-based UUID for every length across the block boundaries, with and without the first-block state', () => {
    for (const type of ['report', 'signal', 'content-item', 'classification', 'x', 't'.repeat(46), 't'.repeat(47), 't'.repeat(48), 't'.repeat(63), 't'.repeat(64)]) {
      for (let len = 0; len < 260; len++) {
        const first = 'f'.repeat(len);
        for (const parts of [[first], [first, `y${len}`], [first, 'b', 'c'], ['', first]]) {
          expect(fastId(type, parts)).toBe(expected(type, parts));
          // The same first value again (the kept state is used) and a different one after it.
          expect(fastId(type, [...parts])).toBe(expected(type, parts));
        }
      }
    }
  });

  it('takes the model path for values normalisation would change, and hashes timestamp-like values verbatim', () => {
    const cases: string[][] = [
      ['Ünïcode  value '], [' lead'], ['trail '], ['two  spaces'], ['tab\there'], ['line\nbreak'], ['\u007f'], ['é'.repeat(60), 'x'],
      ['2024-03-05T14:22:00Z'], ['2024-03-05T14:22:00+01:00', 'a'], ['one space ok'], [''],
    ];
    for (const parts of cases) expect(fastId('signal', parts)).toBe(expected('signal', parts));
    // Unchanged by normalisation: the same as deterministicId.
    expect(fastId('signal', ['one space ok'])).toBe(deterministicId('signal', ['one space ok']));
  });

  it('equals the name-based UUID for random identities, with first values repeated and types interleaved as mappers make them', () => {
    const r = prng(42);
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789-:. /_\u001e\u00e9 ';
    const word = (n: number) => {
      let s = '';
      for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
      return s;
    };
    const types = ['report', 'signal', 'subject', 'child', 'content-item', 'classification', 'a-very-long-type-name-'.repeat(12)];
    let first = word(50);
    for (let i = 0; i < 20_000; i++) {
      if (r() < 0.2) first = r() < 0.5 ? word(Math.floor(r() * 120)) : `report--${word(36)}`;
      const type = types[Math.floor(r() * types.length)] as string;
      const parts = [first];
      const more = Math.floor(r() * 4);
      for (let k = 0; k < more; k++) parts.push(word(Math.floor(r() * (r() < 0.1 ? 300 : 70))));
      const got = fastId(type, parts);
      const want = expected(type, parts);
      if (got !== want) expect({ type, parts, got }).toEqual({ type, parts, got: want });
    }
  });
});
