import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../../test/support/databases.ts';
import type { CopyValue } from './copy.ts';
import { copyStatement, CopyBinary, encodeCopyRows, isoTimestamptzSeconds, type BinaryColumnType } from './copy-binary.ts';

/**
 * The binary encoder must make PostgreSQL store exactly what it stores from the same rows as text
 * (copy.ts): every row here is copied both ways into the same table shape and read back.
 */

const COLUMNS: Array<[string, BinaryColumnType, string]> = [
  ['t', 'text', 'text COLLATE "C"'],
  ['i2', 'int2', 'smallint'],
  ['i4', 'int4', 'integer'],
  ['i8', 'int8', 'bigint'],
  ['f4', 'float4', 'real'],
  ['f8', 'float8', 'double precision'],
  ['b', 'bool', 'boolean'],
  ['ts', 'timestamptz', 'timestamptz'],
  ['d', 'date', 'date'],
  ['j', 'jsonb', 'jsonb'],
  ['u', 'uuid', 'uuid'],
  ['a', 'text[]', 'text[]'],
];
const TYPES = COLUMNS.map((c) => c[1]);
const NAMES = COLUMNS.map((c) => c[0]);

const AWKWARD = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', 'quote " and \' both', '{brace}, "q"', 'ünïcødé 😀 日本語', '', ' lead and trail ', 'NULL', 'x'.repeat(70_000)];

/** Rows covering every type, its limits, nulls and awkward text. */
function sampleRows(): CopyValue[][] {
  const rows: CopyValue[][] = [];
  const ints: Array<[number, number, number]> = [[0, 0, 0], [-32768, -2147483648, -9007199254740991], [32767, 2147483647, 9007199254740991], [-1, -1, -1], [1, 1, 4294967296], [-0, -0, -4294967297]];
  const floats4 = [0, -0, 1.5, -2.25, 3.3, 1e-40, 3.4028234663852886e38, -3.4028234663852886e38, 1 / 3, 0.1, 123456.789, 1.401298464324817e-45];
  const floats8 = [0, -0, 1e300, 5e-324, Number.MAX_VALUE, -Number.MIN_VALUE, 1 / 3, 16777217, 0.1, 2 ** 53 + 2, -7.25, 1e-310];
  const times = ['2025-06-03T09:53:17Z', '2025-06-03T09:53:17.123Z', '2025-06-03T09:53:17.123456Z', '2025-06-03 09:53:17+00', '2025-06-03T09:53:17+02:00', '2025-06-03T09:53:17-05:30',
    '2025-06-03T09:53:17+0530', '2025-06-03T09:53:17-11', '2025-06-03T09:53Z', '1999-12-31T23:59:59.999999Z', '2000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999Z',
    '2024-02-29T12:00:00Z', '2025-06-03T24:00:00Z', '2016-12-31T23:59:60Z', '2025-06-03T09:53:17.1234565Z', '2025-06-03T09:53:17.9999995Z', '2025-06-03T09:53:17.12345649999Z',
    '2025-06-03T09:53:17+15:59', '1600-03-01T00:00:00-15:00', '2300-01-01T00:00:00.000001Z'];
  const n = Math.max(ints.length, floats4.length, floats8.length, times.length, AWKWARD.length);
  for (let k = 0; k < n; k++) {
    const [i2, i4, i8] = ints[k % ints.length] as [number, number, number];
    rows.push([
      AWKWARD[k % AWKWARD.length] as string, i2, i4, i8, floats4[k % floats4.length] as number, floats8[k % floats8.length] as number, k % 2 === 0,
      times[k % times.length] as string, k % 3 ? '2024-02-29' : '0001-01-01',
      JSON.stringify({ k, s: AWKWARD[k % AWKWARD.length], nested: [1, 'two', null, { 'ü': true }] }),
      k % 2 ? '0e89c320-b7f5-274a-d278-2737a6651a39' : 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
      k % 4 === 0 ? [] : [AWKWARD[k % AWKWARD.length] as string, 'ok', ...(k % 3 ? [null] : [])],
    ]);
  }
  rows.push(NAMES.map(() => null));
  rows.push(NAMES.map(() => undefined));
  rows.push(['', 0, 0, 0, 0, 0, false, new Date('2025-01-02T03:04:05.678Z'), '9999-12-31', '[]', '00000000-0000-0000-0000-000000000000', ['']]);
  rows.push(['date', 1, 1, 1, 1, 1, true, new Date(Date.UTC(1, 0, 1)), '2000-01-01', { a: 'object, not text' }, null, [null]]);
  return rows;
}

let db: { url: string; drop(): Promise<void> } | undefined;
let client: pg.Client | undefined;
let problem: string | null = null;

beforeAll(async () => {
  try {
    db = await createScratchDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  } catch (e) {
    problem = (e as Error).message;
    if (process.env.CI === 'true') throw e;
  }
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

function copy(c: pg.Client, table: string, format: 'binary' | 'text', data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = c.query(copyFrom(copyStatement(table, ['n', ...NAMES], format)));
    s.on('finish', resolve);
    s.on('error', reject);
    s.end(data);
  });
}

/** Copies rows as text and as binary into two fresh tables; returns both tables' rows as text, in order. */
async function both(rows: CopyValue[][]): Promise<{ text: unknown[]; binary: unknown[]; format: string }> {
  const c = client as pg.Client;
  const cols = COLUMNS.map(([n, , t]) => `${n} ${t}`).join(', ');
  await c.query(`DROP TABLE IF EXISTS via_text, via_binary; CREATE TABLE via_text (n int, ${cols}); CREATE TABLE via_binary (n int, ${cols})`);
  const numbered = rows.map((r, i) => [i, ...r]);
  const enc = encodeCopyRows(['int4', ...TYPES], numbered);
  const { copyBytes } = await import('./copy.ts');
  await copy(c, 'via_text', 'text', copyBytes(numbered));
  await copy(c, 'via_binary', enc.format, enc.data);
  // Everything as text (exact: float8 and float4 print shortest round-trip digits; jsonb canonical).
  const read = async (t: string) => (await c.query({ text: `SELECT ${['n', ...NAMES].map((n) => `${n}::text`).join(', ')} FROM ${t} ORDER BY n`, rowMode: 'array' })).rows;
  return { text: await read('via_text'), binary: await read('via_binary'), format: enc.format };
}

describe('binary COPY encoder', () => {
  it('stores exactly what the text format stores, for every column type, limits, nulls and awkward text', async (ctx) => {
    if (problem) ctx.skip();
    const rows = sampleRows();
    const r = await both(rows);
    expect(r.format).toBe('binary');
    expect(r.binary).toHaveLength(rows.length);
    expect(r.binary).toEqual(r.text);
  });

  it('is binary COPY: same rows in fewer bytes of parsing (header, field counts, trailer)', () => {
    const b = new CopyBinary(['text', 'int4']);
    expect(b.row(['é', 7])).toBe(true);
    const bytes = Buffer.from(b.bytes());
    expect(bytes.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    // flags, extension, field count 2, "é" (2 bytes UTF-8), int4 7, trailer
    expect(bytes.subarray(11).toString('hex')).toBe('00000000' + '00000000' + '0002' + '00000002c3a9' + '0000000400000007' + 'ffff');
    expect(b.rows).toBe(1);
    expect(new CopyBinary(['text']).length).toBe(0);
  });

  it('grows its buffer without losing bytes', async (ctx) => {
    if (problem) ctx.skip();
    const b = new CopyBinary(TYPES, 32);
    const rows = sampleRows();
    for (const r of rows) expect(b.row(r)).toBe(true);
    const whole = encodeCopyRows(TYPES, rows);
    expect(Buffer.from(b.bytes()).equals(Buffer.from(whole.data))).toBe(true);
  });

  it('writes the same bytes field by field as from row arrays, and drops a row with a value that must go as text', () => {
    const rows = sampleRows();
    const byRow = new CopyBinary(TYPES);
    const byField = new CopyBinary();
    for (const r of rows) {
      expect(byRow.row(r)).toBe(true);
      const [t, i2, i4, i8, f4, f8, b, ts, d, j, u, a] = r as [string, number, number, number, number, number, boolean, string | Date, string, string, string, string[]];
      byField.text(t).int2(i2).int4(i4).int8(i8).float4(f4).float8(f8).bool(b).timestamptz(ts).date(d).jsonb(j).uuid(u).textArray(a);
      expect(byField.end()).toBe(true);
      // The text column as `code` (ASCII by its schema): the same bytes when it is ASCII; non-ASCII refuses the row.
      const ascii = /^[\x00-\x7f]*$/.test(t);
      const one = new CopyBinary(TYPES);
      expect(one.row(r)).toBe(true);
      const byCode = new CopyBinary();
      expect(byCode.code(t).int2(i2).int4(i4).int8(i8).float4(f4).float8(f8).bool(b).timestamptz(ts).date(d).jsonb(j).uuid(u).textArray(a).end()).toBe(ascii);
      if (ascii) expect(Buffer.from(byCode.bytes()).equals(Buffer.from(one.bytes()))).toBe(true);
      // Non-ASCII free text before and after ASCII codes and patched values; one row refused does not disturb the next.
      const mixed = [t, 'ASCII-ID', 'né', i4, 'Ü'.repeat(200), ts, j, 'x'.repeat(130), f4, u, -5, 200] as const;
      const m1 = new CopyBinary(['text', 'text', 'text', 'int4', 'text', 'timestamptz', 'jsonb', 'text', 'float4', 'uuid', 'int2', 'int8']);
      const m2 = new CopyBinary();
      expect(m1.row([...mixed])).toBe(true);
      expect(m2.code('é').int2(1).end()).toBe(false);
      expect(m2.text(mixed[0]).code(mixed[1]).text(mixed[2]).int4(mixed[3]).text(mixed[4]).timestamptz(mixed[5]).jsonb(mixed[6]).code(mixed[7]).float4(mixed[8]).uuid(mixed[9]).int2(mixed[10]).int8(mixed[11]).end()).toBe(true);
      expect(Buffer.from(m2.bytes()).equals(Buffer.from(m1.bytes()))).toBe(true);
    }
    // The same uuid row after row (its bytes are reused), across a growing buffer and a refused row.
    const ids = ['0e89c320-b7f5-274a-d278-2737a6651a39', '0e89c320-b7f5-274a-d278-2737a6651a39', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', 'ffffffff-ffff-ffff-ffff-fffffffffff', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'];
    const u1 = new CopyBinary(['uuid', 'text'], 32);
    const u2 = new CopyBinary([], 32);
    for (const id of ids) expect(u2.uuid(id).text('x'.repeat(50)).end()).toBe(u1.row([id, 'x'.repeat(50)]));
    expect(Buffer.from(u2.bytes()).equals(Buffer.from(u1.bytes()))).toBe(true);
    // A patched value (an array of long elements) before long text, in a buffer that must grow.
    const g1 = new CopyBinary(['text[]', 'text', 'text[]'], 32);
    const g2 = new CopyBinary([], 32);
    for (const r of [[['é'.repeat(3000), null, 'x'.repeat(9000)], 'y'.repeat(5000), ['z']], [[], 'ü', ['a', 'b']]] as const) {
      expect(g1.row([...r])).toBe(true);
      expect(g2.textArray(r[0]).text(r[1]).textArray(r[2]).end()).toBe(true);
    }
    expect(Buffer.from(g2.bytes()).equals(Buffer.from(g1.bytes()))).toBe(true);
    // A NUL character goes as text (which refuses it with its own error), in every field kind and row shape.
    for (const nul of ['a\0b', '\0', 'é\0', 'x'.repeat(100) + '\0']) {
      expect(new CopyBinary(['text']).row([nul])).toBe(false);
      expect(new CopyBinary(['text[]']).row([[nul]])).toBe(false);
      expect(new CopyBinary().code('id').text(nul).end()).toBe(false);
      expect(new CopyBinary().jsonb(JSON.stringify(nul).replace('\\u0000', '\0')).end()).toBe(false);
      expect(new CopyBinary().code('a').textArray(['x', nul]).end()).toBe(false);
    }
    // A row whose timestamp has no zone is dropped whole; the next row goes in as usual.
    expect(byField.text('x').timestamptz('2025-06-03T09:53:17').int2(1).end()).toBe(false);
    expect(byField.rows).toBe(rows.length);
    expect(Buffer.from(byField.bytes()).equals(Buffer.from(byRow.bytes()))).toBe(true);
    expect(() => new CopyBinary().end()).toThrow(/without fields/);
    const open = new CopyBinary(['text']).text('a');
    expect(() => open.row(['b'])).toThrow(/end\(\) it first/);
    expect(() => open.bytes()).toThrow(/end\(\) it first/);
  });

  it('reads ISO timestamps as PostgreSQL does (offsets, fractions, leap second, 24:00)', async (ctx) => {
    if (problem) ctx.skip();
    const c = client as pg.Client;
    const cases = ['2025-06-03T09:53:17Z', '2025-06-03T09:53:17.5+02:00', '2025-06-03T09:53:17.000001-15:59', '2016-12-31T23:59:60Z', '2025-06-03T24:00:00Z', '2025-06-03T09:53:17.99999950Z',
      '2025-06-03T09:53:17.00000050Z', '2025-06-03T09:53:17.00000150Z', '0001-01-01T00:00:00+15:00', '9999-12-31T23:59:59.999999-15:00', '1970-01-01T00:00:00Z', '2025-06-03 09:53+0100'];
    for (const s of cases) {
      const secs = isoTimestamptzSeconds(s);
      expect(Number.isNaN(secs), s).toBe(false);
      // Microseconds since 2000-01-01 as PostgreSQL reads the text (extract gives exact numeric).
      const pgMicros = (await c.query<{ us: string }>(`SELECT (extract(epoch FROM $1::timestamptz) * 1000000 - 946684800000000)::bigint::text AS us`, [s])).rows[0]?.us;
      const b = new CopyBinary(['timestamptz']);
      expect(b.row([s])).toBe(true);
      // header 19, field count 2, length 4
      expect(Buffer.from(b.bytes()).readBigInt64BE(25).toString(), s).toBe(pgMicros);
    }
  });

  it('leaves to the text format what it cannot write exactly as PostgreSQL would read it', () => {
    const cannot: Array<[BinaryColumnType, CopyValue]> = [
      ['timestamptz', '2025-06-03T09:53:17'], // no zone: the session's TimeZone decides
      ['timestamptz', '2025-06-03T09:53:17 Europe/Paris'], ['timestamptz', '2025-06-03t09:53:17z'], ['timestamptz', '2025-02-29T00:00:00Z'], ['timestamptz', '2025-06-03T25:00:00Z'],
      ['timestamptz', '2025-06-03T24:00:01Z'], ['timestamptz', '2025-06-03T09:60:00Z'], ['timestamptz', '2025-06-03T09:53:61Z'], ['timestamptz', '2025-06-03T09:53:17+16:00'], ['timestamptz', '0000-01-01T00:00:00Z'],
      ['timestamptz', '2025-06-03T09:53:17.Z'], ['timestamptz', 'now'], ['timestamptz', 12], ['timestamptz', new Date(Number.NaN)], ['timestamptz', new Date('+010000-01-01T00:00:00Z')],
      ['int2', 32768], ['int2', 1.5], ['int4', 2147483648], ['int8', 2 ** 53], ['int4', '12'], ['float4', 1e39], ['float4', 1e-46], ['float4', Number.NaN], ['float8', Number.POSITIVE_INFINITY],
      ['float4', 1 + 2 ** -24], // exactly halfway between two float4 values
      ['bool', 't'], ['date', '2025-13-01'], ['date', '2025-06-03T00:00:00Z'], ['uuid', '{0e89c320-b7f5-274a-d278-2737a6651a39}'], ['uuid', '0e89c320b7f5274ad2782737a6651a39'],
      ['uuid', '0e89c320-b7f5-274a-d278-2737a6651a3g'], ['text', 12], ['text', { a: 1 }], ['text[]', [1, 2]], ['text[]', 'a'], ['jsonb', 12],
    ];
    for (const [type, v] of cannot) {
      const b = new CopyBinary(['text', type]);
      expect(b.row(['before', v]), `${type} ${String(v)}`).toBe(false);
      expect(b.length, 'nothing appended').toBe(0);
    }
    expect(encodeCopyRows(['text', 'timestamptz'], [['a', '2025-06-03T09:53:17Z'], ['b', '2025-06-03T09:53:17']]).format).toBe('text');
    expect(() => new CopyBinary(['text']).row(['a', 'b'])).toThrow(/2 values for 1 columns/);
  });

  it('falls back to text for a whole batch, and the server then refuses a bad value as before', async (ctx) => {
    if (problem) ctx.skip();
    const rows: CopyValue[][] = [[0, ...sampleRows()[0]!.slice(0, -1), ['x']]];
    (rows[0] as CopyValue[])[2] = 40000; // smallint out of range
    const enc = encodeCopyRows(['int4', ...TYPES], rows);
    expect(enc.format).toBe('text');
    const c = client as pg.Client;
    await c.query(`DROP TABLE IF EXISTS refused; CREATE TABLE refused (n int, ${COLUMNS.map(([n, , t]) => `${n} ${t}`).join(', ')})`);
    await expect(copy(c, 'refused', enc.format, enc.data)).rejects.toThrow(/out of range for type smallint/);
  });
});

describe('copyStatement', () => {
  it('names the format and refuses identifiers that are not plain', () => {
    expect(copyStatement('contacts', ['id', 'contact_at'], 'binary')).toBe('COPY contacts (id, contact_at) FROM STDIN (FORMAT binary)');
    expect(copyStatement('contacts', ['id'], 'text')).toBe('COPY contacts (id) FROM STDIN');
    expect(() => copyStatement('contacts; DROP TABLE x', ['id'], 'text')).toThrow(/plain SQL identifier/);
  });
});

