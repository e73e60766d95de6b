/**
 * Streaming XML reader that cuts a document into records (one element per record: `report`,
 * `fileDetails`), keeping each record's raw text, its line and element path, and a small element
 * tree. Memory is one record at a time, whatever the file size.
 *
 * Safety: `saxes` is a non-validating parser that never reads external entities or DTDs and only
 * knows the five predefined entities and character references, so XXE and entity expansion
 * ("billion laughs") cannot happen; on top of that any DOCTYPE is refused outright. A well-formedness
 * error marks the record it occurs in (which goes to quarantine); the reader carries on with the
 * next record, so one bad record never costs the rest of the file.
 *
 * Speed: plain input is read by the scanner of xml-scan.ts, which gives exactly the records saxes
 * gives (the tests compare the two on generated, mutated and cut input) at about half the cost;
 * at its first doubt saxes reads on, so everything above stays saxes' doing.
 */
import { SaxesParser } from 'saxes';
import type { ErrorLocation, Problem } from '../shared/errors.ts';
import type { RawRecord } from './types.ts';
import { DONE, DOUBT, MORE, XmlScanner, XNode } from './xml-scan.ts';

export { XNode };

export interface XmlReaderOptions {
  file: string;
  /** Element names that are records. */
  records: ReadonlySet<string>;
  maxRecordChars?: number;
  maxElements?: number;
  maxDepth?: number;
  /**
   * Element names the caller compares with its own string constants: a tag with one of these
   * names gets the caller's own string, so its comparisons are pointer comparisons instead of
   * comparing the characters of a fresh string cut from the input (a fifth of the structural
   * check of a CyberTipline record).
   */
  names?: Iterable<string>;
  /**
   * false: saxes reads everything (the tests compare both ways). By default the scanner of
   * xml-scan.ts reads the plain parts and hands the rest to saxes.
   */
  scanner?: boolean;
}

const MAX_RECORD_CHARS = 4 * 1024 * 1024;
const MAX_ELEMENTS = 20_000;
const MAX_DEPTH = 40;
const MAX_SNIPPET = 64 * 1024;
/**
 * The scanner hands over to saxes when more than this much input (never more than maxRecordChars)
 * waits since the last record: under MAX_SNIPPET and the record size limit, so that neither limit
 * can apply while the scanner reads (saxes applies them as before).
 */
const SCAN_PENDING = 48 * 1024;

interface Open {
  name: string;
  start: number;
  where: ErrorLocation;
  stack: XNode[];
  root: XNode;
  problems: Problem[];
  elements: number;
  head?: string;
}

/**
 * Reads records from decoded XML text. The scanner (xml-scan.ts) reads while the input is plain;
 * at its first doubt a saxes parser takes over from the last record boundary to the end of the
 * input, primed with the container's open tag so that it stands where a parser that had read
 * everything would stand, its places translated back to the input's.
 */
export async function* readXmlRecords(text: AsyncIterable<string>, opts: XmlReaderOptions): AsyncIterable<RawRecord<XNode>> {
  const maxChars = opts.maxRecordChars ?? MAX_RECORD_CHARS;
  const maxElements = opts.maxElements ?? MAX_ELEMENTS;
  const maxDepth = opts.maxDepth ?? MAX_DEPTH;
  const file = opts.file;
  const known = new Map<string, string>();
  for (const n of opts.names ?? []) known.set(n, n);
  for (const n of opts.records) known.set(n, n);
  let buf = '';
  let bufBase = 0;
  let keepFrom = 0;
  let index = 0;
  let depth = 0;
  let container: string | null = null;
  let counts = new Map<string, number>();
  let cur = null as Open | null;
  const out: Array<RawRecord<XNode>> = [];
  // Errors outside any record are gathered into one "document" record per stretch of input.
  let stray = null as { problems: Problem[]; start: number; where: ErrorLocation } | null;

  // The scanner's state: PROLOG (before the container's open tag is read), INSIDE (between
  // records), AFTER (after the container's end tag) or SAXES (saxes reads the rest). `mark` is the
  // input position after the last markup read (and the line, line start and astral characters
  // there): where saxes takes over.
  const PROLOG = 0;
  const INSIDE = 1;
  const AFTER = 2;
  const SAXES = 3;
  let phase = opts.scanner === false ? SAXES : PROLOG;
  let mark = 0;
  let markLine = 1;
  let markLineStart = 0;
  let markAstral = 0;
  const scanLimit = Math.min(maxChars, SCAN_PENDING);
  const sc = new XmlScanner(known.keys(), maxDepth, maxElements);
  /** Where the chunks read since `mark` end (input positions), for handing over. */
  const chunkEnds: number[] = [];
  /** The end of the input when the scanner last ran; the last chunk. */
  let tried = 0;
  let last = '';

  // saxes, and how its places map to the input's: it was given `pre` characters of its own before
  // the input from position `base` (line `baseLine`, column `baseColumn`).
  let parser = new SaxesParser({ position: true, fileName: undefined });
  let base = 0;
  let pre = 0;
  let baseLine = 1;
  let baseColumn = 0;
  const position = () => parser.position - pre + base;
  const lineNow = () => parser.line + baseLine - 1;
  const columnNow = () => (parser.line === 1 ? parser.column - pre + baseColumn : parser.column);

  const slice = (from: number, to: number) => buf.slice(Math.max(0, from - bufBase), Math.max(0, to - bufBase));
  const whereNow = (): ErrorLocation => ({ file, line: lineNow(), column: columnNow() + 1 });
  const flushStray = (to: number) => {
    if (!stray) return;
    const raw = slice(stray.start, Math.min(to, stray.start + MAX_SNIPPET));
    out.push({ index: index++, raw, truncated: to - stray.start > MAX_SNIPPET, where: stray.where, problems: stray.problems.slice(0, 50) });
    stray = null;
  };
  const strayProblem = (p: Problem, at: number) => {
    if (!stray) stray = { problems: [], start: Math.min(at, keepFrom), where: p.where ?? whereNow() };
    stray.problems.push(p);
  };

  const listen = () => {
    parser.on('doctype', () => {
      const p: Problem = { code: 'doctype_forbidden', message: 'DOCTYPE declarations are refused: Tessera never expands entities or reads external entities (XXE). Remove the <!DOCTYPE …> and any entity references.', where: { ...whereNow(), path: '/' } };
      if (cur) cur.problems.push(p);
      else strayProblem(p, keepFrom);
    });
    parser.on('error', (e) => {
      // saxes begins its message with its own line and column: the input's instead.
      const own = `${parser.line}:${parser.column}: `;
      const msg = (e.message.startsWith(own) ? `${lineNow()}:${columnNow()}: ${e.message.slice(own.length)}` : e.message).replace(/^[^:]*:\d+:\d+: /, '');
      const where: ErrorLocation = { ...whereNow() };
      if (cur) {
        const top = cur.stack[cur.stack.length - 1];
        if (top) where.path = top.path;
        if (cur.problems.length < 20) cur.problems.push({ code: 'xml_malformed', message: `XML is not well-formed: ${msg}`, where });
      } else strayProblem({ code: 'xml_malformed', message: `XML is not well-formed: ${msg}`, where }, position());
    });
    parser.on('opentagstart', (tag) => {
      const start = position() - tag.name.length - 2;
      const line = lineNow();
      const column = Math.max(1, columnNow() - tag.name.length - 1);
      if (cur) {
        cur.elements++;
        const parent = cur.stack[cur.stack.length - 1] as XNode;
        const node = new XNode(known.get(tag.name) ?? tag.name, line, column, parent);
        if (cur.stack.length >= maxDepth || cur.elements > maxElements) {
          if (!cur.problems.some((p) => p.code === 'record_too_complex')) cur.problems.push({ code: 'record_too_complex', message: `The record has more than ${maxElements} elements or is nested deeper than ${maxDepth}; it is not read further.`, where: { file, line, column, path: node.path } });
        } else parent.addChild(node);
        cur.stack.push(node);
        depth++;
        return;
      }
      if (depth === 0 && container === null && !opts.records.has(tag.name)) {
        container = tag.name;
        depth++;
        return;
      }
      flushStray(start);
      const n = (counts.get(tag.name) ?? 0) + 1;
      counts.set(tag.name, n);
      const path = depth > 0 && container ? `/${container}/${tag.name}[${n}]` : `/${tag.name}`;
      const root = new XNode(known.get(tag.name) ?? tag.name, line, column, null);
      cur = { name: tag.name, start, where: { file, line, column, path }, stack: [root], root, problems: [], elements: 1 };
      keepFrom = start;
      if (!opts.records.has(tag.name)) {
        cur.problems.push({ code: 'unexpected_element', message: `<${tag.name}> is not a record: expected ${[...opts.records].map((r) => `<${r}>`).join(' or ')}${container ? ` inside <${container}>` : ''}.`, where: { file, line, column, path } });
      }
      depth++;
    });
    parser.on('opentag', (tag) => {
      if (!cur) return;
      // Without namespace processing (the parser's default) every attribute value is a string.
      (cur.stack[cur.stack.length - 1] as XNode).attrs = tag.attributes as Record<string, string>;
    });
    parser.on('text', (t) => {
      if (!cur) {
        if (depth === 0 || t.trim() === '') return;
        strayProblem({ code: 'unexpected_text', message: 'text outside any record', where: whereNow() }, position() - t.length);
        return;
      }
      const node = cur.stack[cur.stack.length - 1] as XNode;
      if (node.text.length < 100_000) node.text += t;
    });
    parser.on('cdata', (t) => {
      if (!cur) return;
      const node = cur.stack[cur.stack.length - 1] as XNode;
      if (node.text.length < 100_000) node.text += t;
    });
    parser.on('closetag', () => {
      depth = Math.max(0, depth - 1);
      if (!cur) return;
      cur.stack.pop();
      if (cur.stack.length > 0) return;
      const end = position();
      const raw = cur.head ?? slice(cur.start, end);
      out.push({ index: index++, raw, ...(cur.head ? { truncated: true } : {}), where: cur.where, parsed: cur.root, problems: cur.problems });
      cur = null;
      keepFrom = end;
    });
  };
  if (phase === SAXES) listen();

  /** saxes reads on from `mark`: the rest of the buffer now, everything after it later. */
  const handOver = () => {
    parser = new SaxesParser({ position: true, fileName: undefined });
    // Between records saxes has read the XML declaration (it keeps what it saw for a later
    // `<?xml`) and the container's open tag; after it, the container closed. Its events for these
    // characters of its own come before the listeners are on.
    const own = phase === INSIDE ? `${sc.declaration}<${container}>` : phase === AFTER ? `${sc.declaration}<${container}/>` : '';
    if (own) parser.write(own);
    base = mark;
    pre = own.length;
    baseLine = markLine;
    baseColumn = mark - markLineStart - markAstral;
    phase = SAXES;
    listen();
    // In the chunks the input came in: saxes reports some errors (text outside the root) where a
    // chunk ends.
    let from = mark;
    for (const end of chunkEnds) {
      if (end <= from) continue;
      parser.write(buf.slice(from - bufBase, end - bufBase));
      from = end;
    }
    chunkEnds.length = 0;
  };
  // The scanner reads the buffer, or once past the record that began in the previous chunk, the
  // chunk itself: the buffer is a concatenation (a cons string), and every charCodeAt on a cons
  // string costs more — 3 of the scanner's 20 µs per report (phase timer, CPU profile).
  let sBase = 0;
  const markAt = (at: number) => {
    mark = sBase + at;
    markLine = sc.line;
    markLineStart = sBase + sc.lineStart;
    markAstral = sc.astral;
  };
  /** Scans the buffer from `mark` as far as it is complete; hands over to saxes at a doubt. */
  const scan = (chunk: string) => {
    const chunkStart = bufBase + buf.length - chunk.length;
    for (;;) {
      const s = mark >= chunkStart ? chunk : buf;
      sBase = mark >= chunkStart ? chunkStart : bufBase;
      sc.s = s;
      sc.line = markLine;
      sc.lineStart = markLineStart - sBase;
      sc.astral = markAstral;
      const from = mark - sBase;
      let got: number;
      if (phase === PROLOG) {
        got = sc.prolog();
        // A record as the document's root: saxes reads it (only the quarantine retry does that).
        if (got === DONE && opts.records.has(sc.tagName)) got = DOUBT;
        if (got === DONE) {
          container = sc.tagName;
          depth = 1;
          phase = INSIDE;
          markAt(sc.at);
          continue;
        }
      } else {
        got = sc.gap(from);
        if (got === DONE && phase === AFTER) got = DOUBT;
        if (got === DONE) {
          const at = sc.at;
          if (sc.isEnd) {
            got = sc.endTag(at, container as string);
            if (got === DONE) {
              depth = 0;
              phase = AFTER;
              markAt(sc.at);
              continue;
            }
          } else {
            got = sc.record(at);
            const root = sc.root as XNode;
            if (got === DONE && !opts.records.has(root.name)) got = DOUBT;
            if (got === DONE) {
              const name = root.name;
              const n = (counts.get(name) ?? 0) + 1;
              counts.set(name, n);
              const start = at + sc.rootShift;
              out.push({ index: index++, raw: s.slice(start, sc.at), where: { file, line: root.line, column: root.column, path: `/${container}/${name}[${n}]` }, parsed: root, problems: [] });
              keepFrom = sBase + sc.at;
              markAt(sc.at);
              continue;
            }
          }
        }
      }
      if (got === DOUBT) handOver();
      return;
    }
  };

  for await (const chunk of text) {
    buf = buf.slice(Math.max(0, keepFrom - bufBase)) + chunk;
    bufBase = Math.max(bufBase, keepFrom);
    if (phase === SAXES) parser.write(chunk);
    else {
      if (chunkEnds.length > 0 && (chunkEnds[chunkEnds.length - 1] as number) <= mark) chunkEnds.length = 0;
      chunkEnds.push(bufBase + buf.length);
      // A record not complete yet is read again from its start when more input has come: only
      // once there is twice as much as last time, so that small chunks cannot make that quadratic.
      if (bufBase + buf.length - mark >= 2 * (tried - mark)) {
        scan(chunk);
        tried = bufBase + buf.length;
      }
      last = chunk;
      if (phase !== SAXES && bufBase + buf.length - keepFrom > scanLimit) handOver();
    }
    if (cur && !cur.head && bufBase + buf.length - cur.start > maxChars) {
      cur.head = slice(cur.start, cur.start + maxChars);
      cur.problems.push({ code: 'record_too_large', message: `The record is larger than ${maxChars} characters; only its beginning is kept in quarantine.`, where: cur.where });
      keepFrom = bufBase + buf.length;
    } else if (!cur && !stray && bufBase + buf.length - keepFrom > MAX_SNIPPET) keepFrom = bufBase + buf.length - MAX_SNIPPET;
    if (out.length) {
      for (const r of out) yield r;
      out.length = 0;
    }
  }
  if (phase !== SAXES && tried < bufBase + buf.length) scan(last);
  if (phase !== SAXES) {
    // A clean end: the container closed and nothing but white space after it. Anything else is
    // for saxes to report.
    sc.s = buf;
    sc.line = markLine;
    if (!(phase === AFTER && sc.gap(mark - bufBase) === MORE && sc.at === buf.length)) handOver();
  }
  if (phase === SAXES) parser.close();
  const endPos = bufBase + buf.length;
  if (cur) {
    const c = cur as Open;
    c.problems.unshift({ code: 'xml_truncated', message: `The input ends inside <${c.name}> opened at line ${c.where.line}: the file is truncated or the element is not closed.`, where: c.where });
    out.push({ index: index++, raw: c.head ?? slice(c.start, endPos), ...(c.head ? { truncated: true } : {}), where: c.where, problems: c.problems });
    cur = null;
  }
  flushStray(endPos);
  if (index === 0) {
    out.push({ index: index++, raw: slice(0, Math.min(endPos, MAX_SNIPPET)), where: { file, line: 1 }, problems: [{ code: 'no_records', message: `No ${[...opts.records].map((r) => `<${r}>`).join(' or ')} element found in the input.`, where: { file, line: 1 } }] });
  }
  for (const r of out) yield r;
  counts = new Map();
}

/** Parses one record's raw text on its own (quarantine retry). */
export async function readXmlRecordAsync(raw: string, records: ReadonlySet<string>, where: ErrorLocation): Promise<RawRecord<XNode>> {
  const got: Array<RawRecord<XNode>> = [];
  for await (const r of readXmlRecords((async function* () { yield raw; })(), { file: where.file ?? '<quarantine>', records })) got.push(r);
  const withTree = got.filter((r) => r.parsed);
  if (got.length === 1 && got[0]) return { ...got[0], raw, where: { ...where, ...(got[0].where.path ? { path: got[0].where.path } : {}) } };
  const problems = got.flatMap((r) => r.problems);
  if (withTree.length !== 1) problems.push({ code: 'not_one_record', message: `The corrected text holds ${withTree.length} records; it must hold exactly one.`, where });
  return { index: 0, raw, where, problems };
}
