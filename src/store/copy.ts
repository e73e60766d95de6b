/**
 * COPY primitives shared by both backends: PostgreSQL's text COPY format, a transaction that can
 * stream it (`Connection.copyTransaction`), and a generic idempotent "COPY into a staging table,
 * then INSERT … SELECT … ON CONFLICT DO NOTHING" write. COPY carries rows as one text stream, so
 * neither the client nor the server builds and parses a parameter array per column; the staging
 * step keeps the properties COPY alone lacks: a repeated row adds nothing, and the write is part
 * of the caller's transaction (all or nothing).
 */

/** A value as COPY text can carry it. Arrays become PostgreSQL array literals, objects JSON. */
export type CopyValue = string | number | boolean | Date | null | undefined | readonly CopyValue[] | { readonly [k: string]: unknown };

/** One transaction on one connection, able to stream COPY data; see `Connection.copyTransaction`. */
export interface CopyTransaction {
  /** Several SQL statements without parameters (DDL, maintenance). */
  exec(script: string): Promise<void>;
  /** One SQL statement, optionally with parameters ($1, $2, …). */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /**
   * `COPY table (columns) FROM STDIN` of `data`: in text format (the default) rows made by
   * `copyRow`, `CopyText` or `CopyWriter`; in binary format a `CopyBinary`'s bytes (copy-binary.ts).
   */
  copyIn(table: string, columns: readonly string[], data: string | Uint8Array, format?: CopyFormat): Promise<void>;
}

/** COPY's data formats the writers use: text (copy.ts) and binary (copy-binary.ts). */
export type CopyFormat = 'text' | 'binary';

/** The data of one COPY into `table (columns)`, in `format`. */
export interface TableCopy {
  table: string;
  columns: readonly string[];
  format: CopyFormat;
  data: Uint8Array;
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeChar = (c: string) => ESCAPES[c] as string;

function arrayLiteral(values: readonly CopyValue[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else {
      const s = scalarText(v);
      out += '"' + s.replace(/["\\]/g, '\\$&') + '"';
    }
  }
  return out + '}';
}

function scalarText(v: Exclude<CopyValue, null | undefined>): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`COPY cannot carry the number ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return arrayLiteral(v as readonly CopyValue[]);
  return JSON.stringify(v);
}

/** One field in COPY text format: `\N` for null, backslash, newline, CR and tab escaped. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : scalarText(v);
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, escapeChar) : s;
}

/** One row in COPY text format, newline included. */
export function copyRow(values: readonly CopyValue[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i ? '\t' : '') + copyField(values[i]);
  return out + '\n';
}

/**
 * COPY text written row by row straight into UTF-8 bytes. Appending thousands of rows to one
 * string builds a rope of hundreds of thousands of pieces that has to be flattened before it can
 * be sent: on the bulk-load path that flattening was the largest single cost in Node (more than
 * encoding the rows). Each row here is a short string, written into a growing buffer at once.
 */
export class CopyText {
  #buf: Buffer;
  #length = 0;
  // Buffers of their own (never Node's shared pool), so the bytes can be transferred to another
  // thread (src/ingest/encode-batch.ts, `encodedTransfer`).
  constructor(initialBytes = 64 * 1024) {
    this.#buf = Buffer.allocUnsafeSlow(initialBytes);
  }
  /** Appends one row (see `copyRow`). */
  row(values: readonly CopyValue[]): void {
    const text = copyRow(values);
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const need = this.#length + text.length * 3;
    if (need > this.#buf.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(need, this.#buf.length * 2));
      this.#buf.copy(grown, 0, 0, this.#length);
      this.#buf = grown;
    }
    this.#length += this.#buf.write(text, this.#length);
  }
  /** Bytes written so far (0: no rows). */
  get length(): number {
    return this.#length;
  }
  /** The rows as bytes, for `CopyTransaction.copyIn` (a view: append nothing after taking it). */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#length);
  }
}

/**
 * COPY text written field by field: no row array and no `copyField` dispatch per value. A row
 * is built as one string and written into a growing buffer (UTF-8) when it ends; a field is
 * escaped only when the regex finds a character to escape. Gives exactly the bytes of `copyRow`
 * (tested).
 *
 * Measured (encode only, 100,000 helpline CSV rows mapped once, `encodeBatch` repeated, best of 8,
 * CPU): copying each field's characters into the buffer one by one from JavaScript (which is also
 * the escape check) cost ~12 µs per row against ~8.7 with row arrays and `CopyText`; writing each
 * field with its own `utf8Write` ~13; V8 builds and writes a short row string faster than either.
 */
export class CopyWriter {
  #buf: Buffer;
  #pos = 0;
  #row = '';
  // Buffers of their own (never Node's shared pool), so the bytes can be transferred to another thread.
  constructor(initialBytes = 64 * 1024) {
    this.#buf = Buffer.allocUnsafeSlow(Math.max(64, initialBytes));
  }

  /** A text field (null or undefined: `\N`), escaped as COPY needs. */
  str(s: string | null | undefined): this {
    if (s === null || s === undefined) this.#row += '\\N\t';
    else this.#row += (SPECIAL.test(s) ? s.replace(SPECIAL_ALL, escapeChar) : s) + '\t';
    return this;
  }

  /**
   * A text field whose value cannot hold a character COPY escapes (tab, newline, carriage
   * return, backslash) because its schema says so — ids, enums, ISO timestamps, hex digests,
   * country and language codes — written without the escape check (the regex test per field
   * was ~1.5 µs of a helpline row's ~9 µs of encoding, measured as in the class comment).
   */
  safe(s: string | null | undefined): this {
    this.#row += s === null || s === undefined ? '\\N\t' : s + '\t';
    return this;
  }

  /** A timestamp field: an ISO string as it is (the model's Timestamp: nothing to escape), anything else as `copyField` writes it. */
  ts(v: CopyValue): this {
    return typeof v === 'string' ? this.safe(v) : this.value(v);
  }

  /** A number field (null or undefined: `\N`); as `String(n)` writes it. */
  num(n: number | null | undefined): this {
    if (n === null || n === undefined) this.#row += '\\N\t';
    else this.#row += scalarText(n) + '\t';
    return this;
  }

  /** A boolean field (null or undefined: `\N`). */
  bool(v: boolean | null | undefined): this {
    this.#row += v === null || v === undefined ? '\\N\t' : v ? 't\t' : 'f\t';
    return this;
  }

  /** Any value, as `copyField` writes it (arrays as array literals, objects as JSON). */
  value(v: CopyValue): this {
    this.#row += copyField(v) + '\t';
    return this;
  }

  /** Ends the row (call after its last field): written into the buffer. */
  end(): void {
    const row = this.#row;
    this.#row = '';
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const need = this.#pos + row.length * 3;
    if (need > this.#buf.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(need, this.#buf.length * 2));
      this.#buf.copy(grown, 0, 0, this.#pos);
      this.#buf = grown;
    }
    this.#pos += this.#buf.write(row, this.#pos);
    // The row's last tab becomes its newline.
    this.#buf[this.#pos - 1] = 0x0a;
  }

  /** Bytes written so far (0: no rows). */
  get length(): number {
    return this.#pos;
  }

  /** The rows as bytes, for `CopyTransaction.copyIn` (a view: append nothing after taking it). */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#pos);
  }
}

/**
 * A number that orders ids as rows should go in: its first letter and the first 32 bits of the
 * UUID after `--`. Consecutive inserts into a primary key's B-tree then touch neighbouring pages
 * (~1.3-1.5 µs less server CPU per contact and per provenance row than random ids; signals,
 * children, subjects and classifications ~1.1-1.5 µs per row, ~7 µs per CyberTipline report —
 * measured on copies of the tables); comparing the strings, which share their prefix, cost 3-5 µs
 * per row of Node CPU, the numbers ~0.6. Only locality depends on the order, not correctness.
 */
export function idKey(id: string): number {
  const at = id.indexOf('--') + 2;
  // The 8 hex digits read from the character codes (no substring, no parseInt).
  let h = 0;
  for (let i = at; i < at + 8; i++) {
    const c = id.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return id.charCodeAt(0) * 4294967296;
    h = h * 16 + d;
  }
  return id.charCodeAt(0) * 4294967296 + h;
}

/** Positions 0..n-1 in the order of `keys` (ascending); null when they are in order already. */
export function keyOrder(keys: Float64Array): Uint32Array | null {
  const n = keys.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if ((keys[i] as number) < (keys[i - 1] as number)) sorted = false;
  if (sorted) return null;
  const order = new Uint32Array(n);
  // Key and position packed into one double (a whole key below 2^39, as `idKey` makes of ids
  // starting with an ASCII letter, times 2^14 plus the position stays an exact integer), sorted natively:
  // the same order as the comparator below (ties by position), in a third of its time.
  if (n <= PACK) {
    const packed = new Float64Array(n);
    let i = 0;
    for (; i < n; i++) {
      const k = keys[i] as number;
      if (!(k >= 0 && k < KEY_LIMIT) || k !== Math.floor(k)) break;
      packed[i] = k * PACK + i;
    }
    if (i === n) {
      packed.sort();
      for (let j = 0; j < n; j++) order[j] = (packed[j] as number) % PACK;
      return order;
    }
  }
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
}
const PACK = 16384;
const KEY_LIMIT = 2 ** 39;

/** Records in id order (see `idKey`); the same array when they are in order already. */
export function byId<T extends { readonly id: string }>(list: T[]): T[] {
  const keys = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) keys[i] = idKey((list[i] as T).id);
  const order = keyOrder(keys);
  return order ? Array.from(order, (i) => list[i] as T) : list;
}

/** Rows as COPY text bytes (see `CopyText`): what `copyIn` takes. */
export function copyBytes(rows: ReadonlyArray<readonly CopyValue[]>): Uint8Array {
  const t = new CopyText();
  for (const r of rows) t.row(r);
  return t.bytes();
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): string {
  if (!IDENT.test(name)) throw new TypeError(`Not a plain SQL identifier: ${name}`);
  return name;
}

/**
 * Writes rows into `table` through COPY, idempotently: rows are copied into a temporary staging
 * table shaped like the target, then inserted with `ON CONFLICT DO NOTHING`, so rows whose key
 * already exists (or repeats within `rows`) are skipped. Returns the number of rows inserted.
 * Run it inside `store.copyTransaction` together with the rest of the batch: a failure rolls
 * back everything. `columns` must be plain lower-case column names of `table`; values are
 * converted by PostgreSQL's input functions (ISO timestamps, JSON for jsonb, arrays for arrays).
 */
export async function copyInsertRows(tx: CopyTransaction, table: string, columns: readonly string[], rows: ReadonlyArray<readonly CopyValue[]>): Promise<number> {
  if (rows.length === 0) return 0;
  const t = ident(table);
  const cols = columns.map(ident).join(', ');
  const stage = `tessera_stage_${t}`;
  await tx.query(`CREATE TEMP TABLE IF NOT EXISTS ${stage} (LIKE ${t} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`);
  await tx.query(`TRUNCATE ${stage}`);
  await tx.copyIn(stage, columns, copyBytes(rows));
  const r = await tx.query(`INSERT INTO ${t} (${cols}) SELECT ${cols} FROM ${stage} ON CONFLICT DO NOTHING`);
  return r.rowCount;
}
