import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateReports } from '../generator/index.ts';
import type { ErrorLocation, Problem } from '../shared/errors.ts';
import { CYBERTIPLINE_RECORDS } from './cybertipline/index.ts';
import { batchClose, batchEntry, batchOpen } from './cybertipline/export.ts';
import { ELEMENT_NAMES } from './cybertipline/schema.ts';
import type { RawRecord } from './types.ts';
import { readXmlRecordAsync, readXmlRecords, XNode, type XmlReaderOptions } from './xml-reader.ts';

/*
 * The scanner of xml-scan.ts must give exactly the records saxes gives: same index, raw, where,
 * truncated, problems and trees. Every test reads each input three ways — the reader as it was
 * before the scanner (copied below), the reader with `scanner: false`, and the reader as used —
 * in chunks of many sizes, and compares all of it, element by element.
 */

const MAX_RECORD_CHARS = 4 * 1024 * 1024;
const MAX_ELEMENTS = 20_000;
const MAX_DEPTH = 40;
const MAX_SNIPPET = 64 * 1024;

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

/** The reader before the scanner (git 2be79f9), verbatim: what both ways of the new reader must match. */
async function* oracleRead(text: AsyncIterable<string>, opts: XmlReaderOptions): AsyncIterable<RawRecord<XNode>> {
  const maxChars = opts.maxRecordChars ?? MAX_RECORD_CHARS;
  const maxElements = opts.maxElements ?? MAX_ELEMENTS;
  const maxDepth = opts.maxDepth ?? MAX_DEPTH;
  const file = opts.file;
  const parser = new SaxesParser({ position: true, fileName: undefined });
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

  const slice = (from: number, to: number) => buf.slice(Math.max(0, from - bufBase), Math.max(0, to - bufBase));
  const whereNow = (): ErrorLocation => ({ file, line: parser.line, column: parser.column + 1 });
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

  parser.on('doctype', () => {
    const p: Problem = { code: 'doctype_forbidden', message: 'DOCTYPE declarations are refused: Tessera never expands entities or reads external entities (XXE). Remove the <!DOCTYPE …> and any entity references.', where: { ...whereNow(), path: '/' } };
    if (cur) cur.problems.push(p);
    else strayProblem(p, keepFrom);
  });
  parser.on('error', (e) => {
    const msg = e.message.replace(/^[^:]*:\d+:\d+: /, '');
    const where: ErrorLocation = { ...whereNow() };
    if (cur) {
      const top = cur.stack[cur.stack.length - 1];
      if (top) where.path = top.path;
      if (cur.problems.length < 20) cur.problems.push({ code: 'xml_malformed', message: `XML is not well-formed: ${msg}`, where });
    } else strayProblem({ code: 'xml_malformed', message: `XML is not well-formed: ${msg}`, where }, parser.position);
  });
  parser.on('opentagstart', (tag) => {
    const start = parser.position - tag.name.length - 2;
    const line = parser.line;
    const column = Math.max(1, parser.column - tag.name.length - 1);
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
      strayProblem({ code: 'unexpected_text', message: 'text outside any record', where: whereNow() }, parser.position - t.length);
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
    const end = parser.position;
    const raw = cur.head ?? slice(cur.start, end);
    out.push({ index: index++, raw, ...(cur.head ? { truncated: true } : {}), where: cur.where, parsed: cur.root, problems: cur.problems });
    cur = null;
    keepFrom = end;
  });

  for await (const chunk of text) {
    buf = buf.slice(Math.max(0, keepFrom - bufBase)) + chunk;
    bufBase = Math.max(bufBase, keepFrom);
    parser.write(chunk);
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
  parser.close();
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


type Opts = Omit<XmlReaderOptions, 'file' | 'records' | 'names' | 'scanner'>;

interface PlainNode { name: string; line: number; column: number; path: string; attrs: Record<string, string>; text: string; children: PlainNode[] }
function plain(n: XNode): PlainNode {
  expect(n).toBeInstanceOf(XNode);
  expect(Object.getPrototypeOf(n.attrs)).toBe(null);
  return { name: n.name, line: n.line, column: n.column, path: n.path, attrs: { ...n.attrs }, text: n.text, children: n.children.map(plain) };
}
const norm = (r: RawRecord<XNode>) => ({ ...r, parsed: r.parsed ? plain(r.parsed) : undefined, keys: Object.keys(r).join() });

async function* chunked(s: string, cuts: number[]): AsyncIterable<string> {
  let at = 0;
  for (const c of cuts) {
    if (c <= at || c >= s.length) continue;
    yield s.slice(at, c);
    at = c;
  }
  yield s.slice(at);
}
async function collect(it: AsyncIterable<RawRecord<XNode>>) {
  const got = [];
  for await (const r of it) got.push(r);
  return got;
}

const base = { file: 'in.xml', records: CYBERTIPLINE_RECORDS };
/** Reads `s` three ways (cut at `cuts`) and expects the same records; returns them. */
async function same(s: string, cuts: number[] = [], opts: Opts = {}) {
  const want = await collect(oracleRead(chunked(s, cuts), { ...base, names: ELEMENT_NAMES, ...opts }));
  const pure = await collect(readXmlRecords(chunked(s, cuts), { ...base, names: ELEMENT_NAMES, ...opts, scanner: false }));
  const write = vi.spyOn(SaxesParser.prototype, 'write');
  const got = await collect(readXmlRecords(chunked(s, cuts), { ...base, names: ELEMENT_NAMES, ...opts }));
  const writes = write.mock.calls.length;
  write.mockRestore();
  const w = want.map(norm);
  expect(pure.map(norm)).toEqual(w);
  expect(got.map(norm)).toEqual(w);
  // The names the caller gave come back as its own strings.
  const names = [...ELEMENT_NAMES];
  const walk = (n: XNode) => {
    const i = names.indexOf(n.name);
    if (i >= 0) expect(Object.is(n.name, names[i])).toBe(true);
    n.children.forEach(walk);
  };
  for (const r of got) if (r.parsed) walk(r.parsed);
  return Object.assign(got, { writes });
}

const INCIDENT = 'Child Pornography (possession, manufacture, and distribution)';
function generated(count: number, seed: number): string {
  let s = batchOpen;
  for (const batch of generateReports({ seed, count, batchSize: count })) for (const b of batch) s += batchEntry(b, { incidentType: INCIDENT });
  return s + batchClose;
}
const GEN = generated(60, 11);

/** A small document with a bit of everything the scanner reads itself. */
const SMALL = `<?xml version="1.0" encoding="UTF-8"?>
<batch xmlns:t="urn:x" a = 'b'>
  <report t:ref="r&amp;1" t:q='say "hi"' t:n="a&#10;b&#x9;c&lt;&gt;&apos;&quot;">
    <incidentSummary><incidentType>Caf\u00e9 \ud83d\ude00 &#x1F600; &#233; x]&gt; ]]&amp;gt;</incidentType>
      <empty/><empty2 x="1" /></incidentSummary>
    <reporter
      k="v"><name >A</name  ><name2  a="1"  b='2' >B</name2><e  /><f	/></reporter>
  </report>
  <fileDetails><reportId>1</reportId></fileDetails>
</batch>
`;

afterEach(() => vi.restoreAllMocks());

describe('XML reader: scanner and saxes agree', () => {
  it('the generator\'s CyberTipline batches, in chunks of many sizes, without saxes', async () => {
    const all = await same(GEN);
    expect(all.length).toBeGreaterThan(100);
    expect(all.every((r) => r.parsed && r.problems.length === 0)).toBe(true);
    expect(all.writes).toBe(0);
    const head = GEN.slice(0, GEN.indexOf('\n<report ', 6000) + 1) + batchClose;
    expect((await same(head, Array.from({ length: head.length }, (_, i) => i))).writes).toBe(0);
    for (const size of [5, 64, 333, 1000, 4096, 65_536]) {
      const cuts = [];
      for (let i = size; i < GEN.length; i += size) cuts.push(i);
      expect((await same(GEN, cuts)).writes).toBe(0);
    }
  });

  it('CR LF line ends, tabs and line ends in attribute values, non-ASCII and astral characters', async () => {
    const crlf = SMALL.replace(/\n/g, '\r\n');
    const tabs = SMALL.replace('a = \'b\'', 'a="b\tc\nd\r\ne"');
    for (const s of [SMALL, crlf, tabs, (GEN.slice(0, GEN.indexOf('\n<report ', 20_000) + 1) + batchClose).replace(/\n/g, '\r\n')]) {
      const r = await same(s);
      expect(r.every((x) => x.problems.length === 0)).toBe(true);
      expect(r.writes).toBe(0);
    }
    const r = await same(SMALL);
    expect(r[0]?.parsed?.attrs).toEqual({ 't:ref': 'r&1', 't:q': 'say "hi"', 't:n': 'a\nb\tc<>\'"' });
    expect(r[0]?.parsed?.children[0]?.children[0]?.text).toBe('Caf\u00e9 \ud83d\ude00 \ud83d\ude00 \u00e9 x]> ]]&gt;');
  });

  it('every cut of small documents into two and three chunks', async () => {
    const docs = [SMALL, SMALL.replace(/\n/g, '\r\n'), SMALL.replace('<fileDetails>', '<!-- c --><fileDetails>'), SMALL.replace('</fileDetails>', '</fileDetails><![CDATA[x]]>'), SMALL.replace('</batch>', '</batch')];
    for (const s of docs) for (let i = 1; i < s.length; i++) await same(s, [i]);
    const s = docs[1] as string;
    for (let i = 1; i < s.length; i += 5) for (let j = i + 1; j < s.length; j += 7) await same(s, [i, j]);
  }, 120_000);

  it('doubtful input goes to saxes: comments, CDATA, PIs, DOCTYPE, entities, odd characters, bad nesting', async () => {
    const rec = '<report t:a="1">\n  <x>v</x>\n</report>';
    const doc = (mid: string) => `<?xml version="1.0"?>\n<batch>\n${rec}\n${mid}\n${rec}\n</batch>\n`;
    const mids = [
      '<!-- comment -->', '<report><![CDATA[a]]>b</report>', '<?pi x?>', '<!DOCTYPE x [<!ENTITY a "b">]>', '<report>&lol;</report>', '<report>&#0;</report>', '<report>&#xD800;</report>',
      ...['&lg;', '&gl;', '&at;', '&lt', '&ampx;', '&amq;', '&quo;', '&quox;', '&qout;', '&apot;', '&aqos;', '&AMP;', '&#x;', '&#;', '&#x41', '&#0065;', '&#x0041;', '&#9;', '&#13;', '&#x10FFFF;', '&#1114112;'].map((e) => `<report a="${e}">${e}</report>`),
      '<report>&#X41;</report>', '<report>&#65</report>', '<report>]]></report>', '<report a="1" a="2"/>', '<report a="<"/>', '<report><a></b></report>', '<report><a></report>', '<report>\u0001</report>',
      '<report/>', '<report a="1" />', '<report\r\n a="1"><x\r\n/></report>', '<report\n a="1"><x\n>y</x\n></report>', '<report\ta="\ud83d\ude00"><x>\ud83d\ude00<y/></x></report>', '<fileDetails></fileDetails>', '<report>\ud800</report>', '<report>\udc00x</report>', '<report>\uffff</report>', '<report>a\rb</report>', '<report a="x"b="y"/>', '<report a=x/>', '<report a/>', '<report/ >', '<r\u00e9port/>', '<report><\u00e9/></report>',
      'stray text', '\u00a0', '<other/>', '</report>', '<report>&amp</report>', '<report>&#x110000;</report>', '<report>&#99999999;</report>', '<report xmlns:a="b" a:b="c"/>', '<report>\uFEFF</report>', '<fileDetails>\u0085\u2028</fileDetails>',
    ];
    // The plain ones among them the scanner reads itself.
    for (const m of mids.slice(mids.indexOf('<report/>'), mids.indexOf('<report>\ud800</report>'))) expect((await same(doc(m))).writes).toBe(0);
    for (const m of mids) {
      await same(doc(m));
      await same(doc(m), [doc(m).length >> 1]);
    }
    // Before and after the container, and documents that are not batches.
    for (const s of ['\uFEFF' + doc(''), doc('').replace('<?xml version="1.0"?>', '<?xml version="1.1"?>'), doc('').replace('<?xml version="1.0"?>', '<?xml version=\'1.0\'?>'), doc('').replace('<?xml version="1.0"?>\n', '<!-- c -->'),
      doc('') + 'tail', doc('') + '<!-- c -->', doc('') + '<batch/>', doc('').replace('</batch>\n', ''), doc('').replace('</batch>', '</batch >'), doc('').replace('</batch>', '</batc>'), rec, `<batch>${rec}`, '', '   ', '<batch/>', '<batch></batch>', '<report/>', 'x', '<',
      doc('').replace('<batch>', '<batch a="1" a="1">'), doc('').replace('<batch>', '<report>').replace('</batch>', '</report>'), doc('').replace(/\n/g, '\r'), `${doc('')}\r`]) {
      await same(s);
      for (let i = 1; i < Math.min(s.length, 80); i++) await same(s, [i]);
    }
  }, 120_000);

  it('limits: record size, element count and depth, long white space', async () => {
    const r = '<report>' + '<a>x</a>'.repeat(50) + '<b><c><d><e/></d></c></b></report>';
    const s = `<batch>\n${r}\n${r}\n</batch>`;
    for (const o of [{ maxRecordChars: 100 }, { maxRecordChars: 300 }, { maxElements: 10 }, { maxElements: 54 }, { maxElements: 55 }, { maxDepth: 3 }, { maxDepth: 4 }, { maxDepth: 5 }]) {
      await same(s, [], o);
      await same(s, [50, 200, 400], o);
      await same(s, [150], o);
    }
    const ws = ' '.repeat(70_000);
    for (const t of [`<batch>${ws}${r}</batch>`, `<batch>${r}${ws}${r}</batch>`, `<batch>${r}</batch>${ws}`, `${ws}<batch>${r}</batch>`, `<batch>${ws}</batch>`, `<batch>${r}${ws}x</batch>`, `<batch>${ws}x${r}</batch>`]) {
      await same(t);
      await same(t, [10_000, 30_000, 50_000, 60_000, 68_000, 69_990, 70_010]);
    }
    const big = `<batch>${r}<report>${'<a>x</a>'.repeat(10_000)}</report>${r}</batch>`;
    await same(big, [20_000, 40_000, 60_000, 80_000]);
    await same(big, [20_000, 40_000, 60_000, 80_000], { maxRecordChars: 50_000 });
    const text = `<batch><report><a>${'y'.repeat(150_000)}</a><b>${'z'.repeat(60_000)}<c/>${'z'.repeat(60_000)}</b></report></batch>`;
    await same(text);
  }, 120_000);

  it('a record read on its own (the quarantine retry) still works', async () => {
    const got = await readXmlRecordAsync('<report a="1"><x>y</x></report>', CYBERTIPLINE_RECORDS, { file: 'q', line: 7 });
    expect(got.problems).toEqual([]);
    expect(got.where).toMatchObject({ file: 'q', line: 7, path: '/report' });
    expect(got.parsed?.children[0]?.text).toBe('y');
  });
});

const TOKENS = ['<', '>', '&', '&amp;', '&lol;', '&#0;', '&#65;', '&#x1F600;', '&#xD800;', '</report>', '<report>', '<fileDetails>', '</fileDetails>', '<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]>', '<![CDATA[', ']]>', ']]', '"', "'", '=', '/>', '\u0000', '\uFEFF', '\uD800', '\uDC00', '\uFFFE', '😀', 'é', '\u00a0', '\r\n', '\r', '\n', '\t', ' x="1"', ' x="1" x="2"', ' y="a\tb\nc\r\nd"', '<incidentType>', '</incidentSummary>', '<a/>', '<a>t</a>', '<?pi x?>', '<!-- c -->', '<?xml version="1.0"?>', 'tessera:sourceRef="1000001"'];
type Op = { kind: 'del'; at: number; len: number } | { kind: 'ins'; at: number; text: string } | { kind: 'dup'; at: number; len: number } | { kind: 'cut'; at: number } | { kind: 'char'; at: number; code: number };
function mutate(s: string, ops: Op[]): string {
  let out = s;
  for (const op of ops) {
    const at = Math.floor(op.at * (out.length + 1));
    if (op.kind === 'del') out = out.slice(0, at) + out.slice(at + op.len);
    else if (op.kind === 'ins') out = out.slice(0, at) + op.text + out.slice(at);
    else if (op.kind === 'dup') out = out.slice(0, at + op.len) + out.slice(at, at + op.len) + out.slice(at + op.len);
    else if (op.kind === 'char') out = out.slice(0, at) + String.fromCharCode(op.code) + out.slice(at + 1);
    else out = out.slice(0, at);
  }
  return out;
}
const at = fc.double({ min: 0, max: 0.999, noNaN: true });
const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('del' as const), at, len: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('ins' as const), at, text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })) }),
    fc.record({ kind: fc.constant('dup' as const), at, len: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0.05, max: 0.999, noNaN: true }) }),
    fc.record({ kind: fc.constant('char' as const), at, code: fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })) }),
  ),
  { minLength: 1, maxLength: 6 },
);
const cutsOf = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 });

describe('XML reader: scanner and saxes agree on mutated documents', () => {
  const seeds = [GEN.slice(0, GEN.indexOf('\n<report ', 9000) + 1) + batchClose, SMALL, SMALL.replace(/\n/g, '\r\n')];
  it('3,000 mutated documents, cut into random chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: seeds.length - 1 }), ops, cutsOf, async (k, o, c) => {
        const s = mutate(seeds[k] as string, o);
        await same(s, c.map((x) => Math.floor(x * s.length)).sort((a, b) => a - b));
      }),
      { numRuns: 3000 },
    );
  }, 300_000);
  it('mutated documents with small limits', async () => {
    await fc.assert(
      fc.asyncProperty(ops, cutsOf, fc.integer({ min: 50, max: 2000 }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 2, max: 8 }), async (o, c, maxRecordChars, maxElements, maxDepth) => {
        const s = mutate(seeds[1] as string, o);
        await same(s, c.map((x) => Math.floor(x * s.length)).sort((a, b) => a - b), { maxRecordChars, maxElements, maxDepth });
      }),
      { numRuns: 500 },
    );
  }, 300_000);
});
