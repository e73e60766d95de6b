import { describe, expect, it } from 'vitest';
import { guessSignalType, parseHashList } from './hash-list.ts';
import { ListMatcher } from './list-matcher.ts';

const A = 'f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22';

describe('hash lists', () => {
  it('reads hashes with optional labels, skips comments and blank lines, and reports bad lines by number', () => {
    const text = `# header\r\n${A.toUpperCase()}\tbridge\r\n\r\n${A.slice(0, 60)}\n${A},second label\nzz${A.slice(2)}`;
    const l = parseHashList(text, { file: 'l.txt' });
    expect(l.entries).toEqual([{ line: 2, value: A, label: 'bridge' }, { line: 5, value: A, label: 'second label' }]);
    expect(l.problems.map((p) => [p.where?.line, p.message])).toEqual([
      [4, 'PDQ hash has 60 hex characters; a PDQ hash has exactly 64.'],
      [6, 'PDQ hash has a non-hex character "z" at position 1.'],
    ]);
  });

  it('caps the number of problems listed for a hopeless file', () => {
    const l = parseHashList(Array.from({ length: 50 }, () => 'nope').join('\n'), { maxProblems: 10 });
    expect(l.problems.length).toBe(11);
    expect(l.problems[10]?.code).toBe('too_many_problems');
  });

  it('reads other signal types and guesses types from the length', () => {
    const l = parseHashList('D41D8CD98F00B204E9800998ECF8427E\n', { signalType: 'md5' });
    expect(l.entries[0]?.value).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(guessSignalType(A)?.name).toBe('pdq');
    expect(guessSignalType('d41d8cd98f00b204e9800998ecf8427e')?.name).toBe('md5');
    expect(guessSignalType('hello')).toBeUndefined();
  });

  it('matches PDQ within the radius and other types exactly', () => {
    const near = A.slice(0, 63) + '3';
    const m = new ListMatcher([parseHashList(`${A}\tbridge`, { file: 'p.txt' }), parseHashList('d41d8cd98f00b204e9800998ecf8427e', { file: 'm.txt', signalType: 'md5' })]);
    expect(m.match('pdq', near)).toEqual([{ file: 'p.txt', line: 1, value: A, label: 'bridge', distance: 1 }]);
    expect(m.match('pdq', near, { radius: 0 })).toEqual([]);
    expect(m.match('md5', 'd41d8cd98f00b204e9800998ecf8427e').map((x) => x.file)).toEqual(['m.txt']);
    expect(m.match('sha1', 'a9993e364706816aba3e25717850c26c9cd0d89d')).toEqual([]);
  });
});
