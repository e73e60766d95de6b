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
export async function* readCsvRecords(text: AsyncIterable<string>, opts: { file: string; delimiter: string; header: boolean; onHeader?: (fields: string[]) => Problem[] | void; contextExtra?: Record<string, unknown> }): AsyncIterable<RawRecord<CsvRow>> {
  let buf = '';
  let line = 1;
  let index = 0;
  let header: string[] | null = opts.header ? null : [];
  // Every record of a file carries the same context (header, delimiter): one object, not one per row.
  let rowContext: Record<string, unknown> | null = null;
  const file = opts.file;
  const out: Array<RawRecord<CsvRow>> = [];
  const delimiter = opts.delimiter;
  const take = (final: boolean) => {
    let pos = 0;
    let nextQuote = buf.indexOf('"');
    const n = buf.length;
    while (pos < n) {
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = buf.indexOf('"', pos);
      const startLine = line;
      let end: number;
      let gaveUp = false;
      let fields: string[];
      let parseProblems: Parsed['problems'] | null = null;
      const nl = buf.indexOf('\n', pos);
      if (nl >= 0 && (nextQuote < 0 || nextQuote > nl)) {
        // The common row: a whole line with no quote (recordEnd's fast path, without its object).
        end = nl + 1;
        line++;
        const bodyEnd = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (isBlank(buf, pos, bodyEnd)) {
          pos = end;
          continue;
        }
        fields = buf.slice(pos, bodyEnd).split(delimiter);
      } else {
        const r = recordEnd(buf, pos, final, nextQuote);
        if (!r) break;
        end = r.end;
        gaveUp = r.gaveUp;
        for (let k = buf.indexOf('\n', pos); k >= 0 && k < end; k = buf.indexOf('\n', k + 1)) line++;
        const body = buf.slice(pos, r.bodyEnd);
        if (body.trim() === '') {
          pos = end;
          continue;
        }
        const parsed = parseCsvFields(body, delimiter);
        fields = parsed.fields;
        if (parsed.problems.length) parseProblems = parsed.problems;
      }
      const raw = buf.slice(pos, end);
      pos = end;
      const where: ErrorLocation = { file, line: startLine };
      let problems: Problem[] = NO_PROBLEMS;
      if (parseProblems) problems = parseProblems.map(located, where);
      if (gaveUp) problems = [{ code: 'csv_unclosed_quote', message: `a quote opened on line ${startLine} is not closed within ${MAX_QUOTED_LINES} lines; only this line is taken as the record and reading goes on with the next line`, where }, ...problems];
      if (header === null) {
        header = fields.map((h) => h.trim());
        const hp = opts.onHeader?.(header) ?? [];
        if (problems.length || hp.length) {
          out.push({ index: index++, raw, where: { ...where, path: 'header' }, problems: [...problems, ...hp], context: { header: null, ...opts.contextExtra } });
        }
        continue;
      }
      if (!problems.length && header.length && fields.length !== header.length) {
        problems = [{ code: 'csv_ragged_row', message: `the row has ${fields.length} field(s), the header has ${header.length}: a missing or extra delimiter ${JSON.stringify(delimiter)}, or an unquoted delimiter inside a value`, where }];
      }
      rowContext ??= { header, delimiter, ...opts.contextExtra };
      out.push({ index: index++, raw, where, parsed: { fields }, problems, context: rowContext });
    }
    buf = buf.slice(pos);
  };
  for await (const chunk of text) {
    buf += chunk;
    take(false);
    if (out.length) {
      for (const r of out) yield r;
      out.length = 0;
    }
  }
  take(true);
  for (const r of out) yield r;
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
