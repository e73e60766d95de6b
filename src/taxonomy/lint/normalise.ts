/**
 * Character folding for the linter: one table lookup per UTF-16 unit. Letters and digits are
 * lower-cased and stripped of diacritics (é→e, ß stays ß, ñ→n); combining marks and soft
 * hyphens are skipped (so decomposed input matches too); everything else is a word separator.
 */

export const SEP = 0;
export const SKIP = 0xffff;

let table: Uint16Array | undefined;

export function foldTable(): Uint16Array {
  if (table) return table;
  const t = new Uint16Array(65536);
  const letter = /[\p{L}\p{N}]/u;
  const mark = /\p{M}/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates: separators
    const ch = String.fromCharCode(c);
    if (c === 0xad || c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || mark.test(ch)) {
      t[c] = SKIP;
      continue;
    }
    if (!letter.test(ch)) continue;
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const first = base.length === 1 ? base.charCodeAt(0) : ch.toLowerCase().length === 1 ? ch.toLowerCase().charCodeAt(0) : c;
    t[c] = first === SKIP || first === SEP ? c : first;
  }
  table = t;
  return t;
}

/** Folds a whole string the way the automaton sees text (for patterns and tests). */
export function fold(s: string): string {
  const t = foldTable();
  let out = '';
  let sep = true;
  for (let i = 0; i < s.length; i++) {
    const f = t[s.charCodeAt(i)] as number;
    if (f === SKIP) continue;
    if (f === SEP) {
      if (!sep) out += ' ';
      sep = true;
    } else {
      out += String.fromCharCode(f);
      sep = false;
    }
  }
  return out.trimEnd();
}
