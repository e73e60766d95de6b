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
 * Wired into the bulk writers in session 7 (src/ingest/encode-batch.ts, copy-bundles.ts): there
 * encoding a helpline contact row field by field costs Node ~3.6 µs against ~2.9 as text (5,000
 * rows, CPU, interleaved rounds, minimum; see `CopyBinary.#row` for how it got there).
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

/** A 32-bit big-endian integer (signed or unsigned) at `p`, without Buffer.writeInt32BE's checks. */
function put32(buf: Buffer, p: number, v: number): void {
  buf[p] = v >>> 24;
  buf[p + 1] = (v >>> 16) & 0xff;
  buf[p + 2] = (v >>> 8) & 0xff;
  buf[p + 3] = v & 0xff;
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

// The row string of a field-by-field row (see `CopyBinary.#row`): bytes below 0x80 as characters.
/** `\x01` × n: a placeholder for n bytes written over it in `end()`. */
const PLACE: string[] = Array.from({ length: 33 }, (_, n) => '\x01'.repeat(n));
/** The 4-byte length prefix of 0..127 bytes. */
const LEN: string[] = Array.from({ length: 128 }, (_, n) => `\0\0\0${String.fromCharCode(n)}`);
/** Length prefix and value of int2, int4, int8 and bool values 0..127 (bool: 0, 1). */
const INT2: string[] = Array.from({ length: 128 }, (_, n) => `\0\0\0\x02\0${String.fromCharCode(n)}`);
const INT4: string[] = Array.from({ length: 128 }, (_, n) => `\0\0\0\x04\0\0\0${String.fromCharCode(n)}`);
const INT8: string[] = Array.from({ length: 128 }, (_, n) => `\0\0\0\x08\0\0\0\0\0\0\0${String.fromCharCode(n)}`);
const BOOL = ['\0\0\0\x01\0', '\0\0\0\x01\x01'];
/** '{}'::text[]: length 12, no dimensions, no nulls, element type text (oid 25). */
const EMPTY_TEXT_ARRAY = '\0\0\0\x0c\0\0\0\0\0\0\0\0\0\0\0\x19';
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
/** Patches of a row string (`CopyBinary.#patch`): what `end()` writes over a field's placeholder. */
const NULL = 0; // -1 as the length
const FREE = 1; // text that may hold non-ASCII: its UTF-8 length
const JSONB = 2; // the same plus jsonb's version byte
const ASCII = 3; // text ASCII by its schema, 128 characters or more: its length
const TYPED = 4; // a value of the patch's type, written by the general writer (`#field`)

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
  /**
   * The row being written field by field, as one string of its bytes: every byte below 0x80 a
   * character (length prefixes of short fields, ASCII text, small integers, as they go), free
   * text as its characters, and placeholders where `end()` must write something else (nulls,
   * the UTF-8 length of free text, timestamps, floats, uuids): those are the row's patches, at
   * character offsets. `end()` writes the string into the buffer in one call, then the patches,
   * their offsets moved by the extra bytes of the non-ASCII text before them. Writing each
   * field's bytes from JavaScript instead cost a helpline contact row ~3 µs more than the text
   * encoder (`CopyWriter`), and recording every field for a pass in `end()` ~1.2 µs more (encode
   * only, 5,000 rows, CPU, interleaved rounds, minimum); see `code` and `text` for what is checked.
   */
  #row = '';
  #fields = 0;
  #patches = 0;
  #pAt = new Int32Array(32);
  #pKind = new Uint8Array(32);
  #pType: BinaryColumnType[] = [];
  #pValue: CopyValue[] = [];
  /** A value of the row was refused: `end()` drops the row. */
  #failed = false;
  /** Where the row being patched in `end()` ends (0: none). */
  #rowEnd = 0;
  /** The last uuid written by a patch and its 16 bytes (a batch's rows share a few lineage contexts). */
  #lastUuid: string | null = null;
  #lastUuidBytes: Uint8Array | null = null;
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
    // While `end()` writes a row's patches, the row's bytes after `#pos` are kept too.
    this.#buf.copy(grown, 0, 0, Math.max(this.#pos, this.#rowEnd));
    this.#buf = grown;
  }

  /** A patch at the row string's end, then its placeholder. */
  #patch(kind: number, type: BinaryColumnType, v: CopyValue, bytes: number): this {
    const k = this.#patches++;
    if (k === this.#pAt.length) {
      const at = new Int32Array(k * 2);
      at.set(this.#pAt);
      this.#pAt = at;
      const kind = new Uint8Array(k * 2);
      kind.set(this.#pKind);
      this.#pKind = kind;
    }
    this.#pAt[k] = this.#row.length;
    this.#pKind[k] = kind;
    this.#pType[k] = type;
    this.#pValue[k] = v;
    this.#row += bytes <= 32 ? PLACE[bytes] : '\x01'.repeat(bytes);
    return this;
  }
  #null(): this {
    this.#fields++;
    return this.#patch(NULL, 'text', null, 4);
  }
  /** A field written by the general writer in `end()`, `bytes` long with its prefix. */
  #typed(type: BinaryColumnType, v: CopyValue, bytes: number): this {
    this.#fields++;
    return this.#patch(TYPED, type, v, bytes);
  }
  /** int2, int4, int8: 0..127 straight into the row string. */
  #int(type: 'int2' | 'int4' | 'int8', table: string[], bytes: number, v: number | null | undefined): this {
    if (v === null || v === undefined) return this.#null();
    if (v >= 0 && v < 128 && Number.isInteger(v) && !Object.is(v, -0)) {
      this.#fields++;
      this.#row += table[v] as string;
      return this;
    }
    return this.#typed(type, v, bytes);
  }

  /**
   * A text field. A NUL character makes the row go as text (text COPY refuses it with its own
   * error; checked here, one search per free text field).
   */
  text(v: string | null | undefined): this {
    if (v === null || v === undefined) return this.#null();
    this.#fields++;
    if (typeof v !== 'string' || v.indexOf('\0') >= 0) this.#failed = true;
    else {
      this.#patch(FREE, 'text', v, 4);
      this.#row += v;
    }
    return this;
  }
  /**
   * A text field whose schema allows only ASCII (ids, enums, codes, digests, ISO timestamps;
   * NUL included, whose error PostgreSQL's text and binary COPY word alike): its length goes
   * into the row string with it. Should it hold non-ASCII after all, the row's byte count
   * shows it and the row is refused (its table then goes as text).
   */
  code(v: string | null | undefined): this {
    if (v === null || v === undefined) return this.#null();
    if (typeof v !== 'string') {
      this.#fields++;
      this.#failed = true;
    } else if (v.length < 128) {
      this.#fields++;
      this.#row = this.#row + (LEN[v.length] as string) + v;
    } else {
      this.#fields++;
      this.#patch(ASCII, 'text', v, 4);
      this.#row += v;
    }
    return this;
  }
  int2(v: number | null | undefined): this {
    return this.#int('int2', INT2, 6, v);
  }
  int4(v: number | null | undefined): this {
    return this.#int('int4', INT4, 8, v);
  }
  int8(v: number | null | undefined): this {
    return this.#int('int8', INT8, 12, v);
  }
  float4(v: number | null | undefined): this {
    return v === null || v === undefined ? this.#null() : this.#typed('float4', v, 8);
  }
  float8(v: number | null | undefined): this {
    return v === null || v === undefined ? this.#null() : this.#typed('float8', v, 12);
  }
  bool(v: boolean | null | undefined): this {
    if (v === null || v === undefined) return this.#null();
    if (typeof v !== 'boolean') return this.#typed('bool', v, 5);
    this.#fields++;
    this.#row += BOOL[v ? 1 : 0] as string;
    return this;
  }
  /** An ISO 8601 string with an explicit zone, or a Date. */
  timestamptz(v: string | Date | null | undefined): this {
    return v === null || v === undefined ? this.#null() : this.#typed('timestamptz', v, 12);
  }
  /** `YYYY-MM-DD`. */
  date(v: string | null | undefined): this {
    return v === null || v === undefined ? this.#null() : this.#typed('date', v, 8);
  }
  /** JSON text (or an object, as JSON.stringify writes it); a NUL character as in `text`. */
  jsonb(v: string | { readonly [k: string]: unknown } | null | undefined): this {
    if (v === null || v === undefined) return this.#null();
    const t = typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) ? JSON.stringify(v) : v;
    this.#fields++;
    if (typeof t !== 'string' || t.indexOf('\0') >= 0) this.#failed = true;
    else {
      // jsonb's version byte (1) is the placeholder's fifth byte.
      this.#patch(JSONB, 'jsonb', t, 5);
      this.#row += t;
    }
    return this;
  }
  uuid(v: string | null | undefined): this {
    return v === null || v === undefined ? this.#null() : this.#typed('uuid', v, 20);
  }
  /** A one-dimensional text[]; a NUL character in an element as in `text`. */
  textArray(v: ReadonlyArray<string | null> | null | undefined): this {
    if (v === null || v === undefined) return this.#null();
    if (Array.isArray(v) && v.length === 0) {
      this.#fields++;
      this.#row += EMPTY_TEXT_ARRAY;
      return this;
    }
    // Its size: prefix, header (no dimension when empty) and each element's prefix and UTF-8.
    let bytes = v.length ? 24 : 16;
    if (Array.isArray(v)) for (const e of v) bytes += 4 + (typeof e === 'string' ? Buffer.byteLength(e) : 0);
    return this.#typed('text[]', v, bytes);
  }

  /** Ends the row written field by field: false (row dropped) if one of its values must go as text. */
  end(): boolean {
    const n = this.#fields;
    if (n === 0) throw new Error('CopyBinary.end() without fields');
    const row = this.#row;
    const start = this.#pos;
    let ok = !this.#failed;
    if (ok) {
      // UTF-8 needs at most 3 bytes per UTF-16 code unit.
      this.#ensure(2 + row.length * 3);
      let buf = this.#buf;
      const base = start + 2;
      // Bytes beyond one per character: non-ASCII free text, found patch by patch below.
      const extra = buf.write(row, base) - row.length;
      this.#rowEnd = base + row.length + extra;
      let shift = 0;
      const at = this.#pAt;
      const kinds = this.#pKind;
      const values = this.#pValue;
      for (let k = 0; k < this.#patches && ok; k++) {
        const p = base + (at[k] as number) + shift;
        const kind = kinds[k] as number;
        if (kind === NULL) {
          buf[p] = buf[p + 1] = buf[p + 2] = buf[p + 3] = 0xff;
        } else if (kind === TYPED) {
          const type = this.#pType[k] as BinaryColumnType;
          const v = values[k];
          let secs: number;
          let total: number;
          if (type === 'timestamptz' && typeof v === 'string' && !Number.isNaN((secs = isoTimestamptzSeconds(v))) && Number.isSafeInteger((total = secs * 1_000_000 + lastMicros))) {
            // The commonest typed field, written here without the general writer's calls.
            const hi = Math.floor(total / TWO_32);
            put32(buf, p, 8);
            put32(buf, p + 4, hi);
            put32(buf, p + 8, total - hi * TWO_32);
          } else if (type === 'int8' && typeof v === 'number' && Number.isSafeInteger(v)) {
            const hi = Math.floor(v / TWO_32);
            put32(buf, p, 8);
            put32(buf, p + 4, hi);
            put32(buf, p + 8, v - hi * TWO_32);
          } else if (type === 'int4' && typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) {
            put32(buf, p, 4);
            put32(buf, p + 4, v);
          } else if (type === 'float4' && typeof v === 'number' && Math.fround(v) === v && Number.isFinite(v)) {
            // Exactly a float4 (whole minutes, halves...): no rounding to check. String(-0) is "0".
            put32(buf, p, 4);
            F32[0] = v === 0 ? 0 : v;
            put32(buf, p + 4, U32[0] as number);
          } else if (type === 'uuid' && v === this.#lastUuid && this.#lastUuidBytes) {
            put32(buf, p, 16);
            buf.set(this.#lastUuidBytes, p + 4);
          } else {
            const was = this.#pos;
            this.#pos = p;
            ok = this.#field(type, v);
            if (ok && type === 'uuid') {
              this.#lastUuid = v as string;
              this.#lastUuidBytes = Uint8Array.prototype.slice.call(this.#buf, p + 4, p + 20);
            }
            this.#pos = was;
            buf = this.#buf;
          }
        } else {
          let len = (values[k] as string).length;
          if (kind !== ASCII && extra > 0) {
            const bytes = Buffer.byteLength(values[k] as string);
            shift += bytes - len;
            len = bytes;
          }
          put32(buf, p, kind === JSONB ? len + 1 : len);
        }
      }
      // Non-ASCII in a field given as ASCII (`code`): its prefix is wrong, refuse the row.
      if (ok && shift !== extra) ok = false;
      if (ok) {
        buf[start] = n >>> 8;
        buf[start + 1] = n & 0xff;
        this.#pos = base + row.length + extra;
        this.#rows++;
      }
    }
    if (!ok) this.#pos = start;
    this.#rowEnd = 0;
    this.#fields = 0;
    this.#patches = 0;
    this.#row = '';
    this.#failed = false;
    return ok;
  }

  /**
   * A length-prefixed UTF-8 field; false (nothing written) for a string with a NUL character,
   * which text COPY refuses with its own error (the batch then goes as text and gets it).
   */
  #string(s: string, prefix: number): boolean {
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
        if (c === 0 || c >= 0x80) break;
        buf[p + n] = c;
      }
    }
    if (n < len) {
      if (s.indexOf('\0', n) >= 0) return false;
      n = buf.write(s, p);
    }
    buf.writeInt32BE(p + n - at - 4, at);
    this.#pos = p + n;
    return true;
  }

  /** Appends one row; false (nothing appended) if a value must go as text. */
  row(values: readonly CopyValue[]): boolean {
    const types = this.#types;
    if (this.#fields > 0) throw new Error('CopyBinary.row() inside a row written field by field: end() it first');
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
        return typeof v === 'string' && this.#string(v, -1);
      case 'jsonb':
        // Version 1 and the JSON text: jsonb_recv parses the same text jsonb_in would.
        if (typeof v === 'string') return this.#string(v, 1);
        if (typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v)) return this.#string(JSON.stringify(v), 1);
        return false;
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
      } else if (!this.#string(e as string, -1)) return false;
    }
    this.#buf.writeInt32BE(this.#pos - at - 4, at);
    return true;
  }

  /** The COPY data: header, rows, trailer (a view: append nothing after taking it). */
  bytes(): Uint8Array {
    if (this.#fields > 0) throw new Error('CopyBinary.bytes() inside a row written field by field: end() it first');
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

/**
 * The COPY statement for data in `format`, read from `source` (the client's stream, or PGlite's
 * query blob `'/dev/blob'`). Table and columns must be plain SQL identifiers (checked).
 */
export function copyStatement(table: string, columns: readonly string[], format: 'binary' | 'text' = 'text', source: 'STDIN' | "'/dev/blob'" = 'STDIN'): string {
  for (const n of [table, ...columns]) if (!/^[a-z_][a-z0-9_]*$/.test(n)) throw new TypeError(`Not a plain SQL identifier: ${n}`);
  return `COPY ${table} (${columns.join(', ')}) FROM ${source}${format === 'binary' ? ' (FORMAT binary)' : ''}`;
}
