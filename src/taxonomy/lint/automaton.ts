/**
 * Aho–Corasick automaton compiled to a dense DFA over a small alphabet.
 *
 * Why our own: the npm Aho–Corasick packages we know of (`ahocorasick`, `aho-corasick`,
 * `modern-ahocorasick`) match raw strings; we need matching over *folded* text (case,
 * diacritics, whitespace runs and line breaks, hyphenation) while reporting offsets in the
 * original text, and a dense transition table for speed. Folding on the fly inside the scan
 * loop avoids building a second copy of a 20 MB input. It is ~150 lines.
 *
 * Patterns are strings over the folded alphabet where ' ' stands for any run of separators.
 * The scan maps each UTF-16 unit through one Uint8Array to a symbol (0 = a letter no pattern
 * uses, 1 = separator, 255 = skip), steps the DFA and, only in states with output, reports.
 */
import { foldTable, SEP, SKIP } from './normalise.ts';

const SYM_OTHER = 0;
const SYM_SEP = 1;
const SYM_SKIP = 255;
const RING = 1024; // longest pattern in symbols must stay below this
const MASK = RING - 1;

/** Matches as parallel arrays (no object per hit: dense text has hundreds of thousands). */
export class Hits {
  pattern = new Int32Array(1024);
  /** Offset of the first character of the match in the original text. */
  start = new Int32Array(1024);
  /** Offset just after the last character (stems are extended to the end of the word). */
  end = new Int32Array(1024);
  length = 0;

  push(p: number, s: number, e: number): void {
    if (this.length === this.pattern.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.pattern = grow(this.pattern);
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.pattern[this.length] = p;
    this.start[this.length] = s;
    this.end[this.length] = e;
    this.length++;
  }
}

export class Automaton {
  private readonly sym: Uint8Array;
  private readonly nSym: number;
  private readonly delta: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  private readonly patLen: Int32Array;
  private readonly patStem: Uint8Array;
  readonly states: number;

  /**
   * @param patterns folded patterns: words separated by single spaces; `stem` true when the
   * last word may continue (prefix match), false when it must end there.
   */
  constructor(patterns: ReadonlyArray<{ text: string; stem: boolean }>) {
    const fold = foldTable();
    // alphabet
    const symOf = new Map<number, number>();
    for (const p of patterns)
      for (const ch of p.text) {
        const c = ch.charCodeAt(0);
        if (c !== 32 && !symOf.has(c)) symOf.set(c, symOf.size + 2);
      }
    if (symOf.size + 2 >= SYM_SKIP) throw new Error('linter alphabet too large');
    this.nSym = symOf.size + 2;
    const sym = new Uint8Array(65536);
    for (let c = 0; c < 65536; c++) {
      const f = fold[c] as number;
      sym[c] = f === SKIP ? SYM_SKIP : f === SEP ? SYM_SEP : (symOf.get(f) ?? SYM_OTHER);
    }
    this.sym = sym;
    // trie; every pattern is " text" (+ " " when it must end on a word boundary)
    const goto: Array<Map<number, number>> = [new Map()];
    const outs: number[][] = [[]];
    const lens: number[] = [];
    const stems: number[] = [];
    patterns.forEach((p, id) => {
      const full = ' ' + p.text + (p.stem ? '' : ' ');
      if (full.length >= RING) throw new Error(`linter pattern too long: ${p.text.slice(0, 40)}…`);
      let s = 0;
      for (const ch of full) {
        const a = ch === ' ' ? SYM_SEP : (symOf.get(ch.charCodeAt(0)) as number);
        let nxt = goto[s]?.get(a);
        if (nxt === undefined) {
          nxt = goto.length;
          goto.push(new Map());
          outs.push([]);
          goto[s]?.set(a, nxt);
        }
        s = nxt;
      }
      outs[s]?.push(id);
      lens.push(full.length);
      stems.push(p.stem ? 1 : 0);
    });
    const n = goto.length;
    this.states = n;
    const delta = new Int32Array(n * this.nSym);
    const fail = new Int32Array(n);
    // BFS: build the full DFA (goto + failure) and merge outputs along failure links
    const queue: number[] = [];
    for (let a = 0; a < this.nSym; a++) {
      const t = goto[0]?.get(a);
      if (t !== undefined) {
        delta[a] = t;
        fail[t] = 0;
        queue.push(t);
      } else delta[a] = 0;
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      const f = fail[s] as number;
      const merged = outs[s] as number[];
      for (const o of outs[f] as number[]) if (!merged.includes(o)) merged.push(o);
      for (let a = 0; a < this.nSym; a++) {
        const t = goto[s]?.get(a);
        if (t !== undefined) {
          fail[t] = delta[f * this.nSym + a] as number;
          delta[s * this.nSym + a] = t;
          queue.push(t);
        } else delta[s * this.nSym + a] = delta[f * this.nSym + a] as number;
      }
    }
    this.delta = delta;
    const starts = new Int32Array(n + 1);
    let total = 0;
    for (let s = 0; s < n; s++) {
      starts[s] = total;
      total += (outs[s] as number[]).length;
    }
    starts[n] = total;
    const list = new Int32Array(total);
    let k = 0;
    for (let s = 0; s < n; s++) for (const o of outs[s] as number[]) list[k++] = o;
    this.outStart = starts;
    this.outList = list;
    this.patLen = Int32Array.from(lens);
    this.patStem = Uint8Array.from(stems);
  }

  /** All matches in `text`, in order of their end. */
  scan(text: string): Hits {
    const hits = new Hits();
    const { sym, delta, nSym, outStart } = this;
    const ring = new Int32Array(RING);
    let pos = 0;
    ring[0] = -1; // the virtual separator before the text
    let state = delta[SYM_SEP] as number;
    let prevSep = true;
    const len = text.length;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      const s = sym[c] as number;
      if (s === SYM_SKIP) continue;
      if (s === SYM_SEP) {
        if (prevSep) continue;
        // a hyphen at a line end joins the word ("porno-\ngraphy")
        if (c === 45 && (text.charCodeAt(i + 1) === 10 || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10))) {
          i += text.charCodeAt(i + 1) === 13 ? 2 : 1;
          while (i + 1 < len && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) i++;
          continue;
        }
        prevSep = true;
      } else prevSep = false;
      pos++;
      ring[pos & MASK] = i;
      state = delta[state * nSym + s] as number;
      if (outStart[state + 1] !== outStart[state]) this.report(text, state, pos, ring, hits);
    }
    // the virtual separator after the text
    if (!prevSep) {
      pos++;
      ring[pos & MASK] = len;
      state = delta[state * nSym + SYM_SEP] as number;
      if (outStart[state + 1] !== outStart[state]) this.report(text, state, pos, ring, hits);
    }
    return hits;
  }

  private report(text: string, state: number, pos: number, ring: Int32Array, hits: Hits): void {
    for (let k = this.outStart[state] as number; k < (this.outStart[state + 1] as number); k++) {
      const p = this.outList[k] as number;
      const L = this.patLen[p] as number;
      const start = ring[(pos - L + 2) & MASK] as number; // first symbol after the leading separator
      let end: number;
      if (this.patStem[p]) {
        end = (ring[pos & MASK] as number) + 1;
        while (end < text.length) {
          const s = this.sym[text.charCodeAt(end)] as number;
          if (s === SYM_SEP) break;
          end++;
        }
      } else {
        end = (ring[(pos - 1) & MASK] as number) + 1;
      }
      hits.push(p, start, end);
    }
  }
}
