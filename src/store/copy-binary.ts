/**
 * PostgreSQL's binary COPY format, for the bulk writers' COPY data (`COPY t (cols) FROM STDIN
 * (FORMAT binary)`): a header, then per row a field count and each field as a length-prefixed
 * value in the type's binary form, then a trailer. The server reads a binary field with the
 * type's receive function instead of parsing text: no escape processing, no splitting on tabs,
 * timestamps, integers and uuids taken as they are. jsonb is still parsed from its text.
 *
 * Measured (session 6, the rows of a bench run re-COPYed into bare copies of the real tables in
 * batch-sized statements, backend CPU from /proc, 10 interleaved pairs, medians): server CPU per
 * row text → binary: contacts 6.2 → 5.2 µs, ingest_sources 3.2 → 2.5 (CSV) and 1.9 → 1.6 (XML),
 * reports 6.6 → 5.2, content_items 4.2 → 2.7, signals 1.4 → 1.25, subjects 4.9 → 4.7,
 * classifications 2.2 → 2.1, indicator_rollup 1.4 → 1.3, but children 1.9 → 2.3 (slower: small
 * rows of small integers). About 1.8 µs less per helpline contact, 6 µs per CyberTipline report.
 * Encoding costs Node the same as CopyText (contact rows: 2.2 µs per row either way).
 *
 * The rows are the same `CopyValue` rows the text encoder (copy.ts) takes, plus the column types,
 * and the result must be exactly what PostgreSQL would have stored from the text. So a value is
 * encoded only when its binary form is certain to equal what the type's input function would
 * make of its text; anything else (a timestamp not in plain ISO 8601 with an explicit zone, a
 * number out of the column's range, a non-string in a text column, a uuid not in its canonical
 * form...) makes `row` return false and append nothing: the caller then sends that batch as text
 * (`encodeCopyRows` does this), and the server accepts or refuses it exactly as before, with the
 * same error. Rejected values therefore never need a message of their own here.
 */
import { copyBytes, type CopyValue } from './copy.ts';

/** Column types the binary encoder writes (PostgreSQL type names; `text[]` is a one-dimensional text array). */
export type BinaryColumnType = 'text' | 'int2' | 'int4' | 'int8' | 'float4' | 'float8' | 'bool' | 'timestamptz' | 'date' | 'jsonb' | 'uuid' | 'text[]';

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // "PGCOPY\n\377\r\n\0"
/** Signature, flags (no OIDs), header extension length 0. */
const HEADER_BYTES = 19;
const TEXT_OID = 25;
const TWO_32 = 4294967296;
/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for dates and timestamps. */
const PG_EPOCH_DAYS = 10957;

/** Days from 1970-01-01 of a proleptic Gregorian date (PostgreSQL's calendar too). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits at s[i, i+n) as a number, or -1 if any is not an ASCII digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** `YYYY-MM-DD` at the start of s: days since 2000-01-01, or NaN when it is not a valid date in that form. */
function isoDate(s: string): number {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return Number.NaN;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  // Year 0 is not a year PostgreSQL reads without BC; months and days are checked as ValidateDate does.
  if (y < 1 || m < 1 || m > 12 || d < 1) return Number.NaN;
  if (d > (m === 2 && isLeap(y) ? 29 : (MONTH_DAYS[m - 1] as number))) return Number.NaN;
  return daysFromCivil(y, m, d) - PG_EPOCH_DAYS;
}

/** PostgreSQL's rint (round half to even) of a non-negative number. */
function rintPositive(x: number): number {
  const r = Math.floor(x);
  const f = x - r;
  if (f > 0.5) return r + 1;
  if (f < 0.5) return r;
  return r % 2 === 0 ? r : r + 1;
}

/**
 * The microseconds part (0..1,000,000) of the last successful `isoTimestamptzSeconds`: kept apart
 * because seconds × 10^6 + µs exceeds 2^53 outside about 1715–2285.
 */
let lastMicros = 0;

/**
 * Seconds since 2000-01-01 00:00 UTC of an ISO 8601 timestamp with an explicit zone, read as
 * PostgreSQL's timestamptz_in reads it; the fraction of a second is left in `lastMicros`.
 * Accepted: `YYYY-MM-DD` `T` or space, `HH:MM[:SS[.fraction]]`, then `Z` or `±HH`, `±HH:MM`,
 * `±HHMM`. NaN for anything else (no zone: it would depend on the session's TimeZone; names and
 * abbreviations; years outside 1–9999; values PostgreSQL refuses), which the caller sends as text.
 */
export function isoTimestamptzSeconds(s: string): number {
  const days = isoDate(s);
  const n = s.length;
  if (Number.isNaN(days) || n < 16) return Number.NaN;
  const sep = s.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || s.charCodeAt(13) !== 58) return Number.NaN; // 'T' or ' ', ':'
  const hh = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (hh < 0 || mi < 0) return Number.NaN;
  let i = 16;
  let ss = 0;
  let us = 0;
  if (s.charCodeAt(i) === 58) {
    ss = digits(s, i + 1, 2);
    if (ss < 0) return Number.NaN;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      const start = ++i;
      while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      const k = i - start;
      if (k === 0) return Number.NaN;
      if (k <= 6) us = digits(s, start, k) * 10 ** (6 - k);
      // More digits: as ParseFractionalSecond does, rint(strtod(".ddd…") × 10^6) (both parses are correctly rounded).
      else us = rintPositive(Number(s.slice(start - 1, i)) * 1_000_000);
    }
  }
  // DecodeTime's limits: 24:00:00 only exactly; a 60th second is accepted (and carried).
  if (hh > 24 || mi > 59 || ss > 60 || (hh === 24 && (mi > 0 || ss > 0 || us > 0))) return Number.NaN;
  let offset: number;
  const z = s.charCodeAt(i);
  if (z === 90 && i + 1 === n) offset = 0; // 'Z'
  else if (z === 43 || z === 45) {
    const rest = n - i - 1;
    const oh = digits(s, i + 1, 2);
    let om = 0;
    if (rest === 2) om = 0;
    else if (rest === 5 && s.charCodeAt(i + 3) === 58) om = digits(s, i + 4, 2);
    else if (rest === 4) om = digits(s, i + 3, 2);
    else return Number.NaN;
    // DecodeTimezone's limits: hours up to 15, minutes below 60.
    if (oh < 0 || om < 0 || oh > 15 || om > 59) return Number.NaN;
    offset = (oh * 60 + om) * 60 * (z === 45 ? -1 : 1);
  } else return Number.NaN;
  lastMicros = us;
  return days * 86400 + hh * 3600 + mi * 60 + ss - offset;
}

/** Whether a double lies exactly halfway between two adjacent float4 values (strtof of its text may round the other way). */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function float4Midpoint(v: number): boolean {
  const f = Math.fround(v);
  if (f === v) return false;
  f32[0] = f;
  const bits = u32[0] as number;
  // The neighbour on v's side of f: one unit of the last place further from zero or nearer to it.
  u32[0] = (v > f) === (f > 0 || (f === 0 && v > 0)) ? bits + 1 : bits - 1;
  const other = f32[0] as number;
  return (f + other) / 2 === v;
}

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[65 + i] = HEX[97 + i] = 10 + i;

/**
 * COPY rows in binary format, written straight into a growing buffer. `row` returns false (and
 * appends nothing) for a row with a value whose binary form might differ from what PostgreSQL
 * makes of its text: send the batch as text then (`encodeCopyRows`).
 *
 * Rows can also be written field by field, without a row array, in the table's column order:
 * `b.text(id).timestamptz(at).int2(age)…` then `b.end()`, which returns false (and drops the
 * row) under the same rule. A row is either all `row` or all fields.
 */
export class CopyBinary {
  readonly #types: readonly BinaryColumnType[];
  #buf: Buffer;
  #pos = HEADER_BYTES;
  #rows = 0;
  /** Field-by-field row in progress: where it starts (-1: none), its fields, whether one failed. */
  #rowStart = -1;
  #fields = 0;
  #failed = false;
  /** `types`: the columns, for `row` (the field-by-field methods do not need them). */
  constructor(types: readonly BinaryColumnType[] = [], initialBytes = 64 * 1024) {
    this.#types = types;
    // A buffer of its own (never Node's shared pool), so the bytes can be transferred to another thread.
    this.#buf = Buffer.allocUnsafeSlow(Math.max(initialBytes, HEADER_BYTES + 2));
    for (let i = 0; i < SIGNATURE.length; i++) this.#buf[i] = SIGNATURE[i] as number;
    this.#buf.writeInt32BE(0, 11);
    this.#buf.writeInt32BE(0, 15);
  }

  /** Rows appended so far. */
  get rows(): number {
    return this.#rows;
  }

  /** Bytes of the rows so far (without header and trailer; 0: no rows). */
  get length(): number {
    return this.#pos - HEADER_BYTES;
  }

  #ensure(extra: number): void {
    const need = this.#pos + extra + 2; // room for the trailer
    if (need <= this.#buf.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(need, this.#buf.length * 2));
    this.#buf.copy(grown, 0, 0, this.#pos);
    this.#buf = grown;
  }

  /** One field of the row being written field by field. */
  #put(type: BinaryColumnType, v: CopyValue): this {
    if (this.#rowStart < 0) {
      this.#rowStart = this.#pos;
      this.#ensure(2);
      this.#pos += 2;
    }
    this.#fields++;
    if (!this.#failed && !this.#field(type, v)) this.#failed = true;
    return this;
  }

  text(v: string | null | undefined): this {
    return this.#put('text', v);
  }
  int2(v: number | null | undefined): this {
    return this.#put('int2', v);
  }
  int4(v: number | null | undefined): this {
    return this.#put('int4', v);
  }
  int8(v: number | null | undefined): this {
    return this.#put('int8', v);
  }
  float4(v: number | null | undefined): this {
    return this.#put('float4', v);
  }
  float8(v: number | null | undefined): this {
    return this.#put('float8', v);
  }
  bool(v: boolean | null | undefined): this {
    return this.#put('bool', v);
  }
  /** An ISO 8601 string with an explicit zone, or a Date. */
  timestamptz(v: string | Date | null | undefined): this {
    return this.#put('timestamptz', v);
  }
  /** `YYYY-MM-DD`. */
  date(v: string | null | undefined): this {
    return this.#put('date', v);
  }
  /** JSON text (or an object, as JSON.stringify writes it). */
  jsonb(v: string | { readonly [k: string]: unknown } | null | undefined): this {
    return this.#put('jsonb', v);
  }
  uuid(v: string | null | undefined): this {
    return this.#put('uuid', v);
  }
  textArray(v: ReadonlyArray<string | null> | null | undefined): this {
    return this.#put('text[]', v);
  }

  /** Ends the row written field by field: false (row dropped) if one of its values must go as text. */
  end(): boolean {
    const start = this.#rowStart;
    if (start < 0) throw new Error('CopyBinary.end() without fields');
    const ok = !this.#failed;
    if (ok) {
      this.#buf.writeInt16BE(this.#fields, start);
      this.#rows++;
    } else this.#pos = start;
    this.#rowStart = -1;
    this.#fields = 0;
    this.#failed = false;
    return ok;
  }

  /** A length-prefixed UTF-8 field. */
  #string(s: string, prefix: number): void {
    const len = s.length;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    this.#ensure(5 + len * 3);
    const buf = this.#buf;
    const at = this.#pos;
    let p = at + 4;
    if (prefix >= 0) buf[p++] = prefix;
    // Short ASCII strings (ids, codes, digests: most fields) byte by byte: Buffer.write's own
    // overhead per call is larger than the copy for them.
    let n = 0;
    if (len <= 96) {
      for (; n < len; n++) {
        const c = s.charCodeAt(n);
        if (c >= 0x80) break;
        buf[p + n] = c;
      }
    }
    if (n < len) n = buf.write(s, p);
    buf.writeInt32BE(p + n - at - 4, at);
    this.#pos = p + n;
  }

  /** Appends one row; false (nothing appended) if a value must go as text. */
  row(values: readonly CopyValue[]): boolean {
    const types = this.#types;
    if (this.#rowStart >= 0) throw new Error('CopyBinary.row() inside a row written field by field: end() it first');
    if (values.length !== types.length) throw new TypeError(`COPY row has ${values.length} values for ${types.length} columns`);
    const start = this.#pos;
    this.#ensure(2 + types.length * 4);
    this.#buf.writeInt16BE(types.length, this.#pos);
    this.#pos += 2;
    for (let i = 0; i < types.length; i++) {
      if (!this.#field(types[i] as BinaryColumnType, values[i])) {
        this.#pos = start;
        return false;
      }
    }
    this.#rows++;
    return true;
  }

  #field(type: BinaryColumnType, v: CopyValue): boolean {
    if (v === null || v === undefined) {
      this.#ensure(4);
      this.#buf.writeInt32BE(-1, this.#pos);
      this.#pos += 4;
      return true;
    }
    switch (type) {
      case 'text':
        if (typeof v !== 'string') return false;
        this.#string(v, -1);
        return true;
      case 'jsonb':
        // Version 1 and the JSON text: jsonb_recv parses the same text jsonb_in would.
        if (typeof v === 'string') this.#string(v, 1);
        else if (typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v)) this.#string(JSON.stringify(v), 1);
        else return false;
        return true;
      case 'int2':
      case 'int4':
      case 'int8':
        return this.#integer(type, v);
      case 'float4':
      case 'float8':
        return this.#float(type, v);
      case 'bool':
        if (typeof v !== 'boolean') return false;
        this.#ensure(5);
        this.#buf.writeInt32BE(1, this.#pos);
        this.#buf[this.#pos + 4] = v ? 1 : 0;
        this.#pos += 5;
        return true;
      case 'timestamptz':
        return this.#timestamptz(v);
      case 'date': {
        if (typeof v !== 'string' || v.length !== 10) return false;
        const d = isoDate(v);
        if (Number.isNaN(d)) return false;
        this.#ensure(8);
        this.#buf.writeInt32BE(4, this.#pos);
        this.#buf.writeInt32BE(d, this.#pos + 4);
        this.#pos += 8;
        return true;
      }
      case 'uuid':
        return typeof v === 'string' && this.#uuid(v);
      case 'text[]':
        return Array.isArray(v) && this.#textArray(v as readonly CopyValue[]);
    }
  }

  #integer(type: 'int2' | 'int4' | 'int8', v: CopyValue): boolean {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return false;
    if (type === 'int2') {
      if (v < -32768 || v > 32767) return false;
      this.#ensure(6);
      this.#buf.writeInt32BE(2, this.#pos);
      this.#buf.writeInt16BE(v, this.#pos + 4);
      this.#pos += 6;
    } else if (type === 'int4') {
      if (v < -2147483648 || v > 2147483647) return false;
      this.#ensure(8);
      this.#buf.writeInt32BE(4, this.#pos);
      this.#buf.writeInt32BE(v, this.#pos + 4);
      this.#pos += 8;
    } else {
      // String(-0) is "0" (and -0 has no sign bit as an integer anyway).
      const hi = Math.floor(v / TWO_32);
      this.#int64(hi, v - hi * TWO_32);
    }
    return true;
  }

  /** An 8-byte field from its high (signed) and low (unsigned) 32 bits. */
  #int64(hi: number, lo: number): void {
    this.#ensure(12);
    this.#buf.writeInt32BE(8, this.#pos);
    this.#buf.writeInt32BE(hi, this.#pos + 4);
    this.#buf.writeUInt32BE(lo, this.#pos + 8);
    this.#pos += 12;
  }

  #float(type: 'float4' | 'float8', v: CopyValue): boolean {
    if (typeof v !== 'number') return false;
    // The text encoder refuses these with its own error: let it.
    if (!Number.isFinite(v)) return false;
    // String(-0) is "0": the text path stores +0.
    const x = v === 0 ? 0 : v;
    if (type === 'float4') {
      const f = Math.fround(x);
      // float4in refuses a value that overflows or underflows to zero; a double exactly halfway
      // between two floats may be rounded the other way from its shortest decimal text.
      if (!Number.isFinite(f) || (f === 0 && x !== 0) || float4Midpoint(x)) return false;
      this.#ensure(8);
      this.#buf.writeInt32BE(4, this.#pos);
      this.#buf.writeFloatBE(f, this.#pos + 4);
      this.#pos += 8;
    } else {
      this.#ensure(12);
      this.#buf.writeInt32BE(8, this.#pos);
      this.#buf.writeDoubleBE(x, this.#pos + 4);
      this.#pos += 12;
    }
    return true;
  }

  #timestamptz(v: CopyValue): boolean {
    let secs: number;
    let us: number;
    if (typeof v === 'string') {
      secs = isoTimestamptzSeconds(v);
      if (Number.isNaN(secs)) return false;
      us = lastMicros;
    } else if (v instanceof Date) {
      const ms = v.getTime();
      // Invalid dates and years the text path would write with a sign (toISOString) go as text.
      if (Number.isNaN(ms) || ms < -62135596800000 || ms >= 253402300800000) return false;
      const s = Math.floor(ms / 1000);
      secs = s - PG_EPOCH_DAYS * 86400;
      us = (ms - s * 1000) * 1000;
    } else return false;
    const total = secs * 1_000_000 + us;
    if (Number.isSafeInteger(total)) {
      const hi = Math.floor(total / TWO_32);
      this.#int64(hi, total - hi * TWO_32);
    } else {
      const big = BigInt(secs) * 1_000_000n + BigInt(us);
      this.#ensure(12);
      this.#buf.writeInt32BE(8, this.#pos);
      this.#buf.writeBigInt64BE(big, this.#pos + 4);
      this.#pos += 12;
    }
    return true;
  }

  /** Canonical `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case) only. */
  #uuid(s: string): boolean {
    if (s.length !== 36) return false;
    this.#ensure(20);
    const buf = this.#buf;
    let p = this.#pos + 4;
    for (let i = 0; i < 36; ) {
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        if (s.charCodeAt(i) !== 45) return false;
        i++;
        continue;
      }
      const a = s.charCodeAt(i);
      const b = s.charCodeAt(i + 1);
      const h = a < 128 ? (HEX[a] as number) : -1;
      const l = b < 128 ? (HEX[b] as number) : -1;
      if (h < 0 || l < 0) return false;
      buf[p++] = h * 16 + l;
      i += 2;
    }
    buf.writeInt32BE(16, this.#pos);
    this.#pos += 20;
    return true;
  }

  /** A one-dimensional text[] (lower bound 1); elements strings or null. */
  #textArray(a: readonly CopyValue[]): boolean {
    let nulls = 0;
    for (const e of a) {
      if (e === null || e === undefined) nulls = 1;
      else if (typeof e !== 'string') return false;
    }
    this.#ensure(28);
    const at = this.#pos;
    const buf = this.#buf;
    // An empty array has no dimensions, as array_in makes of '{}'.
    buf.writeInt32BE(a.length ? 1 : 0, at + 4);
    buf.writeInt32BE(nulls, at + 8);
    buf.writeInt32BE(TEXT_OID, at + 12);
    this.#pos = at + 16;
    if (a.length) {
      buf.writeInt32BE(a.length, at + 16);
      buf.writeInt32BE(1, at + 20);
      this.#pos = at + 24;
    }
    for (const e of a) {
      if (e === null || e === undefined) {
        this.#ensure(4);
        this.#buf.writeInt32BE(-1, this.#pos);
        this.#pos += 4;
      } else this.#string(e as string, -1);
    }
    this.#buf.writeInt32BE(this.#pos - at - 4, at);
    return true;
  }

  /** The COPY data: header, rows, trailer (a view: append nothing after taking it). */
  bytes(): Uint8Array {
    if (this.#rowStart >= 0) throw new Error('CopyBinary.bytes() inside a row written field by field: end() it first');
    this.#buf.writeInt16BE(-1, this.#pos);
    return this.#buf.subarray(0, this.#pos + 2);
  }
}

/** COPY data of rows and the format it is in: binary when every row can be, else text for all of them. */
export interface EncodedCopyRows {
  format: 'binary' | 'text';
  data: Uint8Array;
}

/**
 * Rows as binary COPY data, or as text COPY data (copy.ts) when a value cannot be written in
 * binary exactly as PostgreSQL would read its text: the server then reads (or refuses) the
 * batch as it always did.
 */
export function encodeCopyRows(types: readonly BinaryColumnType[], rows: ReadonlyArray<readonly CopyValue[]>): EncodedCopyRows {
  const b = new CopyBinary(types);
  for (const r of rows) if (!b.row(r)) return { format: 'text', data: copyBytes(rows) };
  return { format: 'binary', data: b.bytes() };
}

/** The COPY statement for data in `format`. Table and columns must be plain SQL identifiers (checked). */
export function copyStatement(table: string, columns: readonly string[], format: 'binary' | 'text'): string {
  for (const n of [table, ...columns]) if (!/^[a-z_][a-z0-9_]*$/.test(n)) throw new TypeError(`Not a plain SQL identifier: ${n}`);
  return `COPY ${table} (${columns.join(', ')}) FROM STDIN${format === 'binary' ? ' (FORMAT binary)' : ''}`;
}
