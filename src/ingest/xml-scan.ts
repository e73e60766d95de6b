/**
 * A hand-written scanner for a strict, well-formed subset of XML, run by xml-reader.ts in front of
 * `saxes`. Own code because of speed: saxes' per-character state machine, its event handlers and
 * the tree they built cost ~38 µs of CPU per CyberTipline report (~2.7 KB of XML) of the reader
 * thread's ~180, and the reader thread is the bottleneck of a CyberTipline ingest. Measured with
 * the phase timer (`npm run bench -- ingest-phases xml`: one thread, 100,000 generated reports, CPU time, old and new
 * interleaved, medians of 7 and 6 pairs): reading records (decoding included) 42.8 -> 22.9 µs per
 * report; the reader thread's whole work (decode, read, map, encode) 179.5 -> 146.4 µs per report
 * (less garbage as well: no attribute object for elements without attributes, no saxes tag objects).
 *
 * It only ever says "this record is exactly what saxes would have made of it" or "not sure" (DOUBT):
 * anything outside the subset (comments, CDATA, processing instructions, DOCTYPE, entities other than
 * the five predefined ones and plain character references, non-ASCII names, odd characters, `]]>`,
 * duplicate attributes, mismatched tags, records too deep or too large) is a doubt, and the reader
 * then hands the input from the last record boundary to saxes, which stays the authority on
 * everything doubtful and on every problem message. Hence no error handling here at all.
 *
 * Positions follow saxes exactly: `line` counts LF and CR LF; a column counts code points (an
 * astral character is one column) and is taken, as the reader did with saxes' events, from where
 * the parser stood after the character that ends the tag name.
 */

// Not frozen: a frozen array has its own element kind, which made every loop over children polymorphic.
const NO_CHILDREN: XNode[] = [];
export const NO_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * One element of a record. Built for every element of every record, so it holds only what the
 * mapper reads: the element path is worked out from the parent chain when asked for (an error
 * names it), leaves share one empty child list, and attributes are one prototype-less object per
 * tag (as saxes makes them) — per-element strings, arrays and copies were a large part of the
 * garbage of a CyberTipline ingest.
 */
export class XNode {
  attrs: Record<string, string> = NO_ATTRIBUTES;
  children: XNode[] = NO_CHILDREN;
  text = '';
  /** Private, so a tree still serialises (JSON) without a cycle. */
  readonly #parent: XNode | null;
  constructor(readonly name: string, readonly line: number, readonly column: number, parent: XNode | null) {
    this.#parent = parent;
  }

  /** Element path from the record's root, e.g. /report/incidentSummary/incidentType. */
  get path(): string {
    return this.#parent ? `${this.#parent.path}/${this.name}` : `/${this.name}`;
  }

  addChild(node: XNode): void {
    if (this.children === NO_CHILDREN) this.children = [node];
    else this.children.push(node);
  }
}

/** Results of a scanning step besides "done". */
export const DONE = 0;
export const MORE = 1;
export const DOUBT = 2;
export type Status = typeof DONE | typeof MORE | typeof DOUBT;

const TAB = 9;
const LF = 10;
const CR = 13;
const SP = 32;
const QUOT = 34;
const AMP = 38;
const APOS = 39;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const GT = 62;
const BRACKET = 93;

/** ASCII name characters of XML 1.0 (5th ed.): start characters 1, other name characters 2. */
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME[c] = 1;
  else if (/[0-9.-]/.test(ch)) NAME[c] = 2;
}
/** For a text run: 0 plain, 1 needs a closer look (controls, markup, surrogates and the rest above 0xD7FF are looked at separately). */
const TEXT_SPECIAL = new Uint8Array(128);
for (let c = 0; c < 32; c++) TEXT_SPECIAL[c] = 1;
TEXT_SPECIAL[LT] = TEXT_SPECIAL[AMP] = TEXT_SPECIAL[GT] = 1;
TEXT_SPECIAL[TAB] = 0;
const ATTR_SPECIAL = new Uint8Array(128);
for (let c = 0; c < 32; c++) ATTR_SPECIAL[c] = 1;
ATTR_SPECIAL[LT] = ATTR_SPECIAL[AMP] = ATTR_SPECIAL[QUOT] = ATTR_SPECIAL[APOS] = 1;

const MAX_TEXT = 100_000;

const NAMES_SIZE = 1024;
/** A name's hash as the scanner computes it while reading the name. */
function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0;
  return h;
}

/** The XML declarations taken as plain: version 1.0 (1.1 changes the character rules), double quotes. */
const XML_DECL = /<\?xml version="1\.0"(?: encoding="[A-Za-z][A-Za-z0-9._-]*")?(?: standalone="(?:yes|no)")?\?>/y;

/**
 * Scans a buffer of XML text (`s`, whose first character is at input position `base`). Positions
 * inside are indices into `s`; `line`, `lineStart` (index of the line's first character, may be
 * negative) and `astral` (surrogate pairs between `lineStart` and the cursor) follow the cursor.
 */
export class XmlScanner {
  s = '';
  line = 1;
  lineStart = 0;
  astral = 0;
  /** After a step: where the scanner stopped (DONE: just after the markup). */
  at = 0;
  // The open tag just read by openTag().
  tagName = '';
  tagLine = 0;
  tagColumn = 0;
  /** 1 when the tag name ended with CR LF: saxes' position then ran one ahead (see the reader). */
  tagShift = 0;
  tagAttrs: Record<string, string> = NO_ATTRIBUTES;
  tagEmpty = false;
  // The record just read by record().
  root: XNode | null = null;
  rootShift = 0;

  /**
   * Tag and attribute names seen, and the caller's own names, found again by a hash worked out
   * while reading the name (an open-addressed table, at most half full): no string is cut from the
   * input and hashed again for a name already seen, and the caller's names come back as its own
   * strings. Cutting and looking up every name was a fifth of the scanner's time.
   */
  private readonly names: string[] = new Array<string>(NAMES_SIZE).fill('');
  private readonly hashes = new Int32Array(NAMES_SIZE);
  private nameCount = 0;

  constructor(known: Iterable<string>, private readonly maxDepth: number, private readonly maxElements: number) {
    for (const k of known) this.name(k, 0, k.length, nameHash(k));
  }

  /** The name s[from, to) whose hash is h. */
  private name(s: string, from: number, to: number, h: number): string {
    const names = this.names;
    const len = to - from;
    let k = h & (NAMES_SIZE - 1);
    for (;;) {
      const e = names[k] as string;
      if (e === '') break;
      if (this.hashes[k] === h && e.length === len && s.slice(from, to) === e) return e;
      k = (k + 1) & (NAMES_SIZE - 1);
    }
    const name = from === 0 && to === s.length ? s : s.slice(from, to);
    if (this.nameCount < NAMES_SIZE / 2) {
      names[k] = name;
      this.hashes[k] = h;
      this.nameCount++;
    }
    return name;
  }

  /** The XML declaration read by prolog(), or ''. */
  declaration = '';
  /** The XML declaration (if any), white space and the container's open tag, from index 0. */
  prolog(): Status {
    const s = this.s;
    let j = 0;
    if (s.length < 2) return MORE;
    if (s.charCodeAt(0) === LT && s.charCodeAt(1) === 63 /* ? */) {
      XML_DECL.lastIndex = 0;
      if (!XML_DECL.test(s)) return s.indexOf('?>') < 0 && s.length < 256 ? MORE : DOUBT;
      j = XML_DECL.lastIndex;
    }
    this.declaration = s.slice(0, j);
    j = this.space(j);
    if (j < 0) return -j as Status;
    if (j + 1 >= s.length) return MORE;
    if (s.charCodeAt(j) !== LT || NAME[s.charCodeAt(j + 1)] !== 1) return DOUBT;
    const r = this.openTag(j);
    if (r !== DONE) return r;
    if (this.tagEmpty) return DOUBT;
    return DONE;
  }

  /**
   * White space from index j; returns the index after it, or -MORE / -DOUBT. Only what saxes takes
   * as plain white space: a lone CR (which XML turns into a line end) is a doubt.
   */
  space(j: number): number {
    const s = this.s;
    const n = s.length;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === SP || c === TAB) continue;
      if (c === LF) {
        this.line++;
        this.lineStart = j + 1;
        this.astral = 0;
        continue;
      }
      if (c === CR) {
        if (j + 1 >= n) return -MORE;
        if (s.charCodeAt(j + 1) !== LF) return -DOUBT;
        continue;
      }
      break;
    }
    return j;
  }

  /**
   * An open tag at index i (`<` followed by a name start character): name, place, attributes.
   * Leaves `at` just after the `>`.
   */
  openTag(i: number): Status {
    const s = this.s;
    const n = s.length;
    let j = i + 1;
    let c = 0;
    let h = 0;
    while (j < n && (c = s.charCodeAt(j)) < 128 && NAME[c] !== 0) {
      h = (Math.imul(h, 31) + c) | 0;
      j++;
    }
    if (j >= n) return MORE;
    this.tagName = this.name(s, i + 1, j, h);
    this.tagShift = 0;
    // The reader took an element's place from the parser's place after the character ending the
    // name: a line end there puts the element on the next line, column 1.
    if (c === GT || c === SLASH || c === SP || c === TAB) {
      this.tagLine = this.line;
      this.tagColumn = i - this.lineStart - this.astral + 1;
    } else if (c === LF) {
      this.tagLine = this.line + 1;
      this.tagColumn = 1;
    } else if (c === CR) {
      if (j + 1 >= n) return MORE;
      if (s.charCodeAt(j + 1) !== LF) return DOUBT;
      this.tagLine = this.line + 1;
      this.tagColumn = 1;
      this.tagShift = 1;
    } else return DOUBT;
    let attrs = NO_ATTRIBUTES;
    for (;;) {
      // j: after the name or after an attribute value's closing quote.
      const before = j;
      if (j >= n) return MORE;
      c = s.charCodeAt(j);
      // One space before an attribute is the common case: no call for it.
      let d = 0;
      if (c === SP && j + 1 < n && (d = s.charCodeAt(j + 1)) < 128 && NAME[d] === 1) {
        j++;
        c = d;
      } else if (c === SP || c === TAB || c === LF || c === CR) {
        j = this.space(j);
        if (j < 0) return -j as Status;
        if (j >= n) return MORE;
        c = s.charCodeAt(j);
      }
      if (c === GT) {
        this.tagEmpty = false;
        j++;
        break;
      }
      if (c === SLASH) {
        if (j + 1 >= n) return MORE;
        if (s.charCodeAt(j + 1) !== GT) return DOUBT;
        this.tagEmpty = true;
        j += 2;
        break;
      }
      if (j === before || c >= 128 || NAME[c] !== 1) return DOUBT;
      const k = j;
      h = 0;
      while (j < n && (c = s.charCodeAt(j)) < 128 && NAME[c] !== 0) {
        h = (Math.imul(h, 31) + c) | 0;
        j++;
      }
      if (j >= n) return MORE;
      if (c >= 128) return DOUBT;
      const name = this.name(s, k, j, h);
      let q = 0;
      if (c === EQ && j + 1 < n && ((q = s.charCodeAt(j + 1)) === QUOT || q === APOS)) j++;
      else {
        j = this.space(j);
        if (j < 0) return -j as Status;
        if (j >= n) return MORE;
        if (s.charCodeAt(j) !== EQ) return DOUBT;
        j = this.space(j + 1);
        if (j < 0) return -j as Status;
        if (j >= n) return MORE;
        q = s.charCodeAt(j);
      }
      if (q !== QUOT && q !== APOS) return DOUBT;
      // The value: saxes turns TAB, LF and CR LF into a space each and decodes references.
      let from = ++j;
      let value = '';
      for (;;) {
        if (j >= n) return MORE;
        c = s.charCodeAt(j);
        if (c < 128) {
          if (ATTR_SPECIAL[c] === 0) {
            j++;
            continue;
          }
          if (c === q) break;
          if (c === QUOT || c === APOS) {
            j++;
            continue;
          }
          if (c === AMP) {
            const r = this.reference(j);
            if (r === null) return this.refStatus;
            value += s.slice(from, j) + r;
            from = j = this.at;
            continue;
          }
          if (c === TAB || c === LF) {
            value += `${s.slice(from, j)} `;
            if (c === LF) {
              this.line++;
              this.lineStart = j + 1;
              this.astral = 0;
            }
            from = ++j;
            continue;
          }
          if (c === CR) {
            if (j + 1 >= n) return MORE;
            if (s.charCodeAt(j + 1) !== LF) return DOUBT;
            value += `${s.slice(from, j)} `;
            this.line++;
            this.lineStart = j + 2;
            this.astral = 0;
            from = j += 2;
            continue;
          }
          return DOUBT; // '<', other control characters
        }
        const r = this.wide(c, j);
        if (r !== DONE) return r;
        j = this.at;
      }
      value += s.slice(from, j);
      j++;
      if (attrs === NO_ATTRIBUTES) attrs = Object.create(null) as Record<string, string>;
      else if (attrs[name] !== undefined) return DOUBT;
      attrs[name] = value;
    }
    this.tagAttrs = attrs;
    this.at = j;
    return DONE;
  }

  /** A character at or above 0x80 at index j: plainly valid, or a doubt. Sets `at` after it. */
  private wide(c: number, j: number): Status {
    if (c < 0xd800) {
      this.at = j + 1;
      return DONE;
    }
    if (c <= 0xdbff) {
      if (j + 1 >= this.s.length) return MORE;
      const d = this.s.charCodeAt(j + 1);
      if (d < 0xdc00 || d > 0xdfff) return DOUBT;
      this.astral++;
      this.at = j + 2;
      return DONE;
    }
    if (c < 0xe000 || c > 0xfffd) return DOUBT;
    this.at = j + 1;
    return DONE;
  }

  refStatus: Status = DOUBT;
  /**
   * A reference at index j (`&`): the five predefined entities and plain character references of
   * characters XML allows. Returns the text and sets `at` after the `;`, or null with `refStatus`.
   */
  private reference(j: number): string | null {
    const s = this.s;
    const n = s.length;
    // The `;` within 12 characters (`&#x10FFFF;` is 10); indexOf and startsWith are calls into
    // the runtime, dearer than these few charCodeAt (an `&quot;` is common in attribute values).
    let semi = j + 1;
    const stop = Math.min(n, j + 13);
    while (semi < stop && s.charCodeAt(semi) !== 59 /* ; */) semi++;
    if (semi >= stop) {
      this.refStatus = stop === n ? MORE : DOUBT;
      return null;
    }
    this.refStatus = DOUBT;
    this.at = semi + 1;
    const len = semi - j - 1;
    const a = s.charCodeAt(j + 1);
    const b = s.charCodeAt(j + 2);
    if (a !== 35 /* # */) {
      if (len === 2 && b === 116 /* t */) return a === 108 /* l */ ? '<' : a === 103 /* g */ ? '>' : null;
      if (len === 3 && a === 97 /* a */ && b === 109 /* m */ && s.charCodeAt(j + 3) === 112 /* p */) return '&';
      if (len !== 4) return null;
      const c3 = s.charCodeAt(j + 3);
      const c4 = s.charCodeAt(j + 4);
      if (a === 113 /* q */ && b === 117 /* u */ && c3 === 111 /* o */ && c4 === 116 /* t */) return '"';
      if (a === 97 /* a */ && b === 112 /* p */ && c3 === 111 /* o */ && c4 === 115 /* s */) return "'";
      return null;
    }
    let cp = 0;
    if (b === 120 /* x */) {
      if (len < 3 || len > 8) return null;
      for (let k = j + 3; k < semi; k++) {
        const c = s.charCodeAt(k);
        const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
        if (d < 0) return null;
        cp = cp * 16 + d;
      }
    } else {
      if (len < 2 || len > 8) return null;
      for (let k = j + 2; k < semi; k++) {
        const c = s.charCodeAt(k);
        if (c < 48 || c > 57) return null;
        cp = cp * 10 + c - 48;
      }
    }
    if (!(cp === TAB || cp === LF || cp === CR || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff))) return null;
    return String.fromCodePoint(cp);
  }

  /** Set by gap(): the markup found is an end tag. */
  isEnd = false;
  /**
   * Between records (or after the container): white space from index j, then a `<` followed by
   * a name (DONE, `isEnd` false) or by `/` (DONE, `isEnd` true), `at` on the `<`. MORE with `at` at
   * the end of `s` when all was white space.
   */
  gap(j: number): Status {
    const s = this.s;
    this.at = -1;
    j = this.space(j);
    if (j < 0) return -j as Status;
    if (j >= s.length) {
      this.at = j;
      return MORE;
    }
    if (s.charCodeAt(j) !== LT) return DOUBT;
    if (j + 1 >= s.length) return MORE;
    const c = s.charCodeAt(j + 1);
    this.at = j;
    if (c === SLASH) this.isEnd = true;
    else if (c < 128 && NAME[c] === 1) this.isEnd = false;
    else return DOUBT;
    return DONE;
  }

  /** The end tag of `name` at index j (`</`); sets `at` after it. */
  endTag(j: number, name: string): Status {
    const s = this.s;
    const n = s.length;
    const k = j + 2 + name.length;
    if (k >= n) return MORE;
    if (s.slice(j + 2, k) !== name) return DOUBT;
    const c = s.charCodeAt(k);
    let e = k;
    if (c !== GT) {
      if (c !== SP && c !== TAB && c !== LF && c !== CR) return DOUBT;
      e = this.space(k);
      if (e < 0) return -e as Status;
      if (e >= n) return MORE;
      if (s.charCodeAt(e) !== GT) return DOUBT;
    }
    this.at = e + 1;
    return DONE;
  }

  /**
   * One record from index i (`<` and a name start character) to its end tag: the element tree as
   * the reader built it from saxes' events. On DONE `root` is the tree and `at` is just after it.
   */
  record(i: number): Status {
    const s = this.s;
    const n = s.length;
    const stack: XNode[] = [];
    let elements = 0;
    let j = i;
    for (;;) {
      // An open tag at j.
      const r = this.openTag(j);
      if (r !== DONE) return r;
      elements++;
      if (stack.length >= this.maxDepth || elements > this.maxElements) return DOUBT;
      const parent = stack.length > 0 ? (stack[stack.length - 1] as XNode) : null;
      const name = this.tagName;
      const node = new XNode(name, this.tagLine, this.tagColumn, parent);
      if (parent) parent.addChild(node);
      else {
        this.root = node;
        this.rootShift = this.tagShift;
      }
      node.attrs = this.tagAttrs;
      j = this.at;
      if (this.tagEmpty) {
        if (!parent) return DONE;
      } else stack.push(node);
      // Text and end tags until the next open tag (or the end of the record).
      for (;;) {
        let from = j;
        let text = '';
        let c = 0;
        for (;;) {
          if (j >= n) return MORE;
          c = s.charCodeAt(j);
          if (c < 128) {
            if (TEXT_SPECIAL[c] === 0) {
              j++;
              continue;
            }
            if (c === LT) break;
            if (c === LF) {
              this.line++;
              this.lineStart = ++j;
              this.astral = 0;
              continue;
            }
            if (c === AMP) {
              const ref = this.reference(j);
              if (ref === null) return this.refStatus;
              text += s.slice(from, j) + ref;
              from = j = this.at;
              continue;
            }
            if (c === GT) {
              // "]]>" is not allowed in text.
              if (s.charCodeAt(j - 1) === BRACKET && s.charCodeAt(j - 2) === BRACKET) return DOUBT;
              j++;
              continue;
            }
            if (c === CR) {
              if (j + 1 >= n) return MORE;
              if (s.charCodeAt(j + 1) !== LF) return DOUBT;
              text += `${s.slice(from, j)}\n`;
              this.line++;
              this.lineStart = from = j += 2;
              this.astral = 0;
              continue;
            }
            return DOUBT; // other control characters
          }
          const w = this.wide(c, j);
          if (w !== DONE) return w;
          j = this.at;
        }
        const top = stack[stack.length - 1] as XNode;
        if (from !== j) text += s.slice(from, j);
        if (text !== '' && top.text.length < MAX_TEXT) top.text += text;
        // '<' at j.
        if (j + 1 >= n) return MORE;
        c = s.charCodeAt(j + 1);
        if (c === SLASH) {
          const e = this.endTag(j, top.name);
          if (e !== DONE) return e;
          j = this.at;
          stack.pop();
          if (stack.length === 0) {
            this.at = j;
            return DONE;
          }
          continue;
        }
        if (c < 128 && NAME[c] === 1) break;
        return DOUBT; // comments, CDATA, processing instructions, non-ASCII names, stray '<'
      }
    }
  }
}
