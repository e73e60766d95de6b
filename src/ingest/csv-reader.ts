/**
 * A streaming CSV record reader (RFC 4180: quoted fields, doubled quotes, newlines inside
 * quotes, CRLF or LF). Written here rather than taken from csv-parse because recovery matters
 * more than speed: csv-parse's skip-on-error mode resynchronises by swallowing the rows after a
 * bad quote into overlapping "raw" strings and drops some characters (checked with 6.2.1), so a
 * quarantined row could not be shown or corrected exactly. This reader cuts the input into
 * contiguous, non-overlapping raw records, so every character lands in exactly one record; a
 * quote that never closes is given up after MAX_QUOTED_LINES lines and only its own line is
 * quarantined, the rows after it are read normally.
 */
import type { ErrorLocation, Problem } from '../shared/errors.ts';
import type { RawRecord } from './types.ts';

export interface CsvRow {
  fields: string[];
}

const MAX_QUOTED_LINES = 200;
const MAX_RECORD_CHARS = 1024 * 1024;

interface Parsed {
  fields: string[];
  problems: Array<{ code: string; message: string; column: number }>;
}

/** Parses the fields of one record's text (without its line end). */
export function parseCsvFields(text: string, delimiter: string): Parsed {
  const fields: string[] = [];
  const problems: Parsed['problems'] = [];
  if (!text.includes('"')) return { fields: text.split(delimiter), problems };
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          value += text.slice(j);
          j = n;
          break;
        }
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        closed = true;
        break;
      }
      if (!closed) problems.push({ code: 'csv_unclosed_quote', message: `the quoted field starting at column ${i + 1} is never closed`, column: i + 1 });
      if (closed && j < n && text[j] !== delimiter) {
        problems.push({ code: 'csv_text_after_quote', message: `unexpected ${JSON.stringify(text[j])} after the closing quote at column ${j + 1} (expected the delimiter ${JSON.stringify(delimiter)} or the end of the row)`, column: j + 1 });
        const next = text.indexOf(delimiter, j);
        value += text.slice(j, next < 0 ? n : next);
        j = next < 0 ? n : next;
      }
      fields.push(value);
      if (j >= n) break;
      i = j + 1;
      if (i > n) break;
      if (i === n) {
        fields.push('');
        break;
      }
      continue;
    }
    const next = text.indexOf(delimiter, i);
    const value = text.slice(i, next < 0 ? n : next);
    const q = value.indexOf('"');
    if (q >= 0) problems.push({ code: 'csv_stray_quote', message: `a quote in the middle of an unquoted field at column ${i + q + 1}: quote the whole field and double the inner quote ("")`, column: i + q + 1 });
    fields.push(value);
    if (next < 0) break;
    i = next + 1;
    if (i === n) {
      fields.push('');
      break;
    }
  }
  return { fields, problems };
}

/** Finds the end of the record starting at pos: index just past its line end, or -1 when more input is needed. */
function recordEnd(buf: string, pos: number, final: boolean, nextQuote: number): { end: number; bodyEnd: number; gaveUp: boolean } | null {
  let i = pos;
  let inQuotes = false;
  let lines = 0;
  const n = buf.length;
  const nl0 = buf.indexOf('\n', pos);
  const firstLineEnd = nl0 < 0 ? n : nl0;
  // Fast path: no quote on the line.
  if (nextQuote < 0 || nextQuote >= firstLineEnd) {
    if (nl0 < 0) return final ? { end: n, bodyEnd: n, gaveUp: false } : null;
    return { end: nl0 + 1, bodyEnd: nl0 > pos && buf[nl0 - 1] === '\r' ? nl0 - 1 : nl0, gaveUp: false };
  }
  while (i < n) {
    const c = buf.charCodeAt(i);
    if (c === 34) {
      // A quote only opens a quoted field at the start of a field; elsewhere it is stray and literal.
      if (inQuotes) {
        if (buf.charCodeAt(i + 1) === 34) i++;
        else inQuotes = false;
      } else {
        const prev = i === pos ? -1 : buf.charCodeAt(i - 1);
        if (prev === -1 || prev === 10 || prev === 13 || prev === 44 || prev === 59 || prev === 9 || prev === 124) inQuotes = true;
      }
    } else if (c === 10) {
      if (!inQuotes) return { end: i + 1, bodyEnd: i > pos && buf.charCodeAt(i - 1) === 13 ? i - 1 : i, gaveUp: false };
      lines++;
      if (lines > MAX_QUOTED_LINES || i - pos > MAX_RECORD_CHARS) {
        // The quote never closes: give up on it and take only the first line as the (bad) record.
        return { end: firstLineEnd + 1, bodyEnd: firstLineEnd > pos && buf[firstLineEnd - 1] === '\r' ? firstLineEnd - 1 : firstLineEnd, gaveUp: true };
      }
    }
    i++;
  }
  if (!final) return null;
  if (inQuotes && lines > 0) return { end: firstLineEnd + (nl0 < 0 ? 0 : 1), bodyEnd: firstLineEnd > pos && buf[firstLineEnd - 1] === '\r' ? firstLineEnd - 1 : firstLineEnd, gaveUp: true };
  return { end: n, bodyEnd: n > pos && buf[n - 1] === '\r' ? n - 1 : n, gaveUp: inQuotes };
}

/**
 * `line.split(delimiter)`. For a one-character delimiter, cut with indexOf and slice: the same
 * strings, and 30% less CPU than the runtime's split (100,000 rows of the generated export:
 * 345 against 500 ns per row on Node 20).
 */
function splitLine(line: string, delimiter: string): string[] {
  if (delimiter.length !== 1) return line.split(delimiter);
  const fields: string[] = [];
  let from = 0;
  for (;;) {
    const at = line.indexOf(delimiter, from);
    if (at < 0) {
      fields.push(line.slice(from));
      return fields;
    }
    fields.push(line.slice(from, at));
    from = at + 1;
  }
}

/** Records without problems share this empty list (nothing adds to a record's problems after reading). */
const NO_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];

/** A parse problem placed in its record (`this`: the record's location). */
function located(this: ErrorLocation, p: Parsed['problems'][number]): Problem {
  return { code: p.code, message: p.message, where: { file: this.file, line: this.line, column: p.column } };
}

/** Whether text[from, to) is only white space (`text.slice(from, to).trim() === ''`, without the copy). */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // String.prototype.trim's white space and line terminators.
    if (!(c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff)) return false;
  }
  return true;
}

/**
 * Reads CSV records. The first non-empty record is the header (returned through onHeader, not as
 * a record); every other record carries the header in its context, so it can be read again alone.
 */
export function readCsvRecords(text: AsyncIterable<string>, opts: CsvReadOptions): AsyncIterable<RawRecord<CsvRow>> {
  return new CsvRecords(text, opts);
}

interface CsvReadOptions {
  file: string;
  delimiter: string;
  header: boolean;
  onHeader?: (fields: string[]) => Problem[] | void;
  contextExtra?: Record<string, unknown>;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined }) as IteratorReturnResult<undefined>;

/**
 * The records of `readCsvRecords`, cut one at a time as they are asked for. Two things make it
 * cheaper per row than an async generator that cut a whole chunk's records before yielding them
 * (measured with `npm run bench -- ingest-phases csv`, see docs/ingest.md):
 *  - a record is made only when the consumer asks for it, so its field strings die young: a
 *    chunk's worth of records (about 7,000 rows of 1 MiB) kept waiting to be yielded survived the
 *    garbage collector's young generation and was copied;
 *  - `next` answers a record it can cut from the text it has with an already resolved promise;
 *    an async generator's `yield` cost about 100 ns more per record (2 million records, 170 ns
 *    against 70 ns on Node 20).
 * A record is what the generator gave: same text, place, fields, problems and context.
 */
class CsvRecords implements AsyncIterableIterator<RawRecord<CsvRow>> {
  readonly #text: AsyncIterable<string>;
  readonly #opts: CsvReadOptions;
  readonly #file: string;
  readonly #delimiter: string;
  #source: AsyncIterator<string> | null = null;
  #buf = '';
  #pos = 0;
  /** A chunk whose first record was joined to the end of the last one (see `#more`): read on from `#restPos` once `#buf` is done. */
  #rest: string | null = null;
  #restPos = 0;
  #nextQuote = -1;
  #final = false;
  #done = false;
  #line = 1;
  #index = 0;
  #header: string[] | null;
  // Every record of a file carries the same context (header, delimiter): one object, not one per row.
  #rowContext: Record<string, unknown> | null = null;
  /** The read of more text under way (a `next` called before the last one settled waits for it). */
  #pending: Promise<IteratorResult<RawRecord<CsvRow>>> | null = null;

  constructor(text: AsyncIterable<string>, opts: CsvReadOptions) {
    this.#text = text;
    this.#opts = opts;
    this.#file = opts.file;
    this.#delimiter = opts.delimiter;
    this.#header = opts.header ? null : [];
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<RawRecord<CsvRow>>> {
    if (this.#pending) return this.#pending.then(() => this.next());
    if (this.#done) return Promise.resolve(DONE);
    let r: RawRecord<CsvRow> | null;
    try {
      r = this.#cut();
    } catch (e) {
      this.#done = true;
      return Promise.reject(e);
    }
    if (r) return Promise.resolve({ done: false, value: r });
    if (this.#final) {
      this.#done = true;
      return Promise.resolve(DONE);
    }
    const p = this.#more();
    this.#pending = p;
    const clear = () => {
      this.#pending = null;
    };
    p.then(clear, clear);
    return p;
  }

  async return(): Promise<IteratorResult<RawRecord<CsvRow>>> {
    if (!this.#done) {
      this.#done = true;
      if (this.#source && !this.#final) await this.#source.return?.();
    }
    return DONE;
  }

  /** Reads text until a record can be cut, or the text ends. */
  async #more(): Promise<IteratorResult<RawRecord<CsvRow>>> {
    try {
      this.#source ??= this.#text[Symbol.asyncIterator]();
      for (;;) {
        const chunk = await this.#source.next();
        if (chunk.done) this.#final = true;
        else this.#append(chunk.value);
        const r = this.#cut();
        if (r) return { done: false, value: r };
        if (this.#final) {
          this.#done = true;
          return DONE;
        }
      }
    } catch (e) {
      this.#done = true;
      throw e;
    }
  }

  /**
   * Adds a chunk of text to what is left of the last one. When the record the two share is a
   * plain line (no quote), only that line is joined and the chunk is read on from where it ends:
   * joining the whole chunk made V8 copy it (1 MiB) into one string when it was first searched.
   */
  #append(chunk: string): void {
    const left = this.#buf.length - this.#pos;
    if (left > 0 && this.#buf.indexOf('"', this.#pos) < 0) {
      const nl = chunk.indexOf('\n');
      const q = nl < 0 ? -1 : chunk.indexOf('"');
      if (nl >= 0 && (q < 0 || q > nl)) {
        this.#buf = this.#buf.slice(this.#pos) + chunk.slice(0, nl + 1);
        this.#pos = 0;
        this.#nextQuote = -1;
        this.#rest = chunk;
        this.#restPos = nl + 1;
        return;
      }
    }
    this.#buf = left > 0 ? (this.#pos ? this.#buf.slice(this.#pos) : this.#buf) + chunk : chunk;
    this.#pos = 0;
    this.#nextQuote = this.#buf.indexOf('"');
  }

  /** The next record in the text read so far, or null when it needs more text (or the text has ended). */
  #cut(): RawRecord<CsvRow> | null {
    for (;;) {
      const r = this.#cutIn();
      if (r || this.#rest === null || this.#pos < this.#buf.length) return r;
      // The joined line is done: on with the rest of its chunk.
      this.#buf = this.#rest;
      this.#pos = this.#restPos;
      this.#rest = null;
      this.#nextQuote = this.#buf.indexOf('"', this.#pos);
    }
  }

  #cutIn(): RawRecord<CsvRow> | null {
    const buf = this.#buf;
    const n = buf.length;
    const file = this.#file;
    const delimiter = this.#delimiter;
    let pos = this.#pos;
    while (pos < n) {
      if (this.#nextQuote >= 0 && this.#nextQuote < pos) this.#nextQuote = buf.indexOf('"', pos);
      const nextQuote = this.#nextQuote;
      const startLine = this.#line;
      let end: number;
      let gaveUp = false;
      let fields: string[];
      let parseProblems: Parsed['problems'] | null = null;
      const nl = buf.indexOf('\n', pos);
      if (nl >= 0 && (nextQuote < 0 || nextQuote > nl)) {
        // The common row: a whole line with no quote (recordEnd's fast path, without its object).
        end = nl + 1;
        this.#line++;
        const bodyEnd = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (isBlank(buf, pos, bodyEnd)) {
          pos = this.#pos = end;
          continue;
        }
        fields = splitLine(buf.slice(pos, bodyEnd), delimiter);
      } else {
        const r = recordEnd(buf, pos, this.#final, nextQuote);
        if (!r) return null;
        end = r.end;
        gaveUp = r.gaveUp;
        for (let k = buf.indexOf('\n', pos); k >= 0 && k < end; k = buf.indexOf('\n', k + 1)) this.#line++;
        const body = buf.slice(pos, r.bodyEnd);
        if (body.trim() === '') {
          pos = this.#pos = end;
          continue;
        }
        const parsed = parseCsvFields(body, delimiter);
        fields = parsed.fields;
        if (parsed.problems.length) parseProblems = parsed.problems;
      }
      const raw = buf.slice(pos, end);
      pos = this.#pos = end;
      const where: ErrorLocation = { file, line: startLine };
      let problems: Problem[] = NO_PROBLEMS;
      if (parseProblems) problems = parseProblems.map(located, where);
      if (gaveUp) problems = [{ code: 'csv_unclosed_quote', message: `a quote opened on line ${startLine} is not closed within ${MAX_QUOTED_LINES} lines; only this line is taken as the record and reading goes on with the next line`, where }, ...problems];
      const header = this.#header;
      if (header === null) {
        const h = (this.#header = fields.map((x) => x.trim()));
        const hp = this.#opts.onHeader?.(h) ?? [];
        if (problems.length || hp.length) {
          return { index: this.#index++, raw, where: { ...where, path: 'header' }, problems: [...problems, ...hp], context: { header: null, ...this.#opts.contextExtra } };
        }
        continue;
      }
      if (!problems.length && header.length && fields.length !== header.length) {
        problems = [{ code: 'csv_ragged_row', message: `the row has ${fields.length} field(s), the header has ${header.length}: a missing or extra delimiter ${JSON.stringify(delimiter)}, or an unquoted delimiter inside a value`, where }];
      }
      const context = (this.#rowContext ??= { header, delimiter, ...this.#opts.contextExtra });
      return { index: this.#index++, raw, where, parsed: { fields }, problems, context };
    }
    return null;
  }
}

/** One record again, alone, with the header from its context (quarantine retry). */
export function readCsvRecord(raw: string, context: Record<string, unknown>, where: ErrorLocation): RawRecord<CsvRow> {
  const delimiter = typeof context.delimiter === 'string' ? context.delimiter : ',';
  const header = Array.isArray(context.header) ? (context.header as string[]) : [];
  const body = raw.replace(/\r?\n$/, '');
  const parsed = parseCsvFields(body, delimiter);
  const problems: Problem[] = parsed.problems.map((p) => ({ code: p.code, message: p.message, where: { ...where, column: p.column } }));
  if (!header.length) problems.push({ code: 'csv_no_header', message: 'the header of this file was not readable; correct the file and ingest it again', where });
  else if (!problems.length && parsed.fields.length !== header.length) problems.push({ code: 'csv_ragged_row', message: `the row has ${parsed.fields.length} field(s), the header has ${header.length}`, where });
  return { index: 0, raw, where, parsed: { fields: parsed.fields }, problems, context };
}
