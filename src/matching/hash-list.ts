/**
 * Hash-list files: one hash per line, optionally followed by a label after a tab or comma
 * (`hash<TAB>label`). Blank lines and lines starting with `#` are skipped. A malformed line is
 * reported with its file and line number and the rest of the list is still read.
 */
import { TesseraError, type Problem } from '../shared/errors.ts';
import { getSignalType, type SignalType } from '../hashing/signal-types.ts';

export interface HashListEntry {
  /** 1-based line in the file. */
  line: number;
  /** Canonical value (see the signal type). */
  value: string;
  label?: string;
}

export interface ParsedHashList {
  file: string;
  signalType: string;
  entries: HashListEntry[];
  problems: Problem[];
}

/** Guesses the signal type of a bare hex value from its length. */
export function guessSignalType(value: string): SignalType | undefined {
  const s = value.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]+$/.test(s)) return undefined;
  return s.length === 64 ? getSignalType('pdq') : s.length === 32 ? getSignalType('md5') : s.length === 40 ? getSignalType('sha1') : undefined;
}

export function parseHashList(text: string, opts: { file?: string; signalType?: string; maxProblems?: number } = {}): ParsedHashList {
  const file = opts.file ?? '<input>';
  const type = getSignalType(opts.signalType ?? 'pdq');
  const maxProblems = opts.maxProblems ?? 1000;
  const entries: HashListEntry[] = [];
  const problems: Problem[] = [];
  let line = 0;
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    line++;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (!raw || raw.startsWith('#')) {
      if (end === n) break;
      continue;
    }
    const sep = raw.search(/[\t,]/);
    const valueText = sep >= 0 ? raw.slice(0, sep) : raw;
    const label = sep >= 0 ? raw.slice(sep + 1).trim() : undefined;
    try {
      const value = type.normalise(valueText, { file, line, field: 'hash' });
      entries.push(label ? { line, value, label } : { line, value });
    } catch (e) {
      if (!(e instanceof TesseraError)) throw e;
      if (problems.length < maxProblems) problems.push(e.toProblem());
      else if (problems.length === maxProblems) problems.push({ code: 'too_many_problems', message: `More than ${maxProblems} bad lines; the rest are not listed.`, where: { file } });
    }
    if (end === n) break;
  }
  return { file, signalType: type.name, entries, problems };
}
