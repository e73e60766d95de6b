import { describe, expect, it } from 'vitest';
import { readCsvRecord, readCsvRecords } from './csv-reader.ts';
import type { RawRecord } from './types.ts';
import type { CsvRow } from './csv-reader.ts';

async function* chunked(text: string, sizes: () => number): AsyncIterable<string> {
  for (let i = 0; i < text.length; ) {
    const n = sizes();
    yield text.slice(i, i + n);
    i += n;
  }
}

async function all(text: AsyncIterable<string>, delimiter = ',', header = true): Promise<Array<RawRecord<CsvRow>>> {
  const out: Array<RawRecord<CsvRow>> = [];
  for await (const r of readCsvRecords(text, { file: 'r.csv', delimiter, header, onHeader: (h) => (h.includes('b') ? [] : [{ code: 'no_b', message: 'no b', where: { file: 'r.csv' } }]), contextExtra: { extra: 1 } })) out.push(r);
  return out;
}

// Rows with every kind of record the reader knows: quoted newlines and quotes, stray and unclosed quotes, ragged rows, blank lines, CRLF, a BOM.
const rows = [
  'a,b,c\n', '1,2,3\n', '"x\ny","q""q",z\r\n', '\n', '  \n', '4,5\n', '6,7,8,9\n', '"t"x,2,3\n', 'a"b,2,3\n', '\uFEFF7,8,9\n', '\r\n', '"open,2,3\n', '10,11,12\n', '13,"14\r\n15",16\r\n',
];
const text = rows.join('') + Array.from({ length: 300 }, (_, i) => `${i},"v${i}",w\n`).join('') + '"never closed,1,2\n' + Array.from({ length: 250 }, (_, i) => `${i},x,y\n`).join('') + 'last,1,2';

describe('readCsvRecords', () => {
  it('cuts the same records wherever the chunks of text break', async () => {
    const whole = await all(chunked(text, () => text.length));
    expect(whole.length).toBeGreaterThan(500);
    // Every character after the header is in one record, in order, except the blank lines skipped.
    let at = 'a,b,c\n'.length;
    for (const r of whole) {
      const found = text.indexOf(r.raw, at);
      expect(text.slice(at, found).trim()).toBe('');
      at = found + r.raw.length;
    }
    expect(at).toBe(text.length);
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
    for (const sizes of [() => 1, () => 2, () => 7, () => 1 + Math.floor(rnd() * 40), () => 1 + Math.floor(rnd() * 4000)]) {
      expect(JSON.stringify(await all(chunked(text, sizes)))).toBe(JSON.stringify(whole));
    }
    // Each record read again alone gives the same fields and problems.
    for (const r of whole.filter((x) => x.parsed)) {
      const again = readCsvRecord(r.raw, r.context ?? {}, r.where);
      expect(again.parsed?.fields).toEqual(r.parsed?.fields);
    }
  });

  it('reads only as much text as the records asked for need, and closes the text when the reader stops early', async () => {
    let chunks = 0;
    let closed = false;
    const source = (async function* () {
      try {
        for (let i = 0; i < 100; i++) {
          chunks++;
          yield `h${i},b\n${i},1\n`;
        }
      } finally {
        closed = true;
      }
    })();
    for await (const r of readCsvRecords(source, { file: 'r.csv', delimiter: ',', header: true })) {
      expect(r.raw).toBe('0,1\n');
      break;
    }
    expect(chunks).toBe(1);
    expect(closed).toBe(true);
  });

  it('gives records in order to calls of next that overlap, and passes on an error of the text', async () => {
    const it = readCsvRecords(chunked('a,b\n1,2\n3,4\n5,6\n', () => 3), { file: 'r.csv', delimiter: ',', header: true })[Symbol.asyncIterator]();
    const got = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
    expect(got.map((g) => (g.done ? null : g.value.raw))).toEqual(['1,2\n', '3,4\n', '5,6\n', null]);
    const failing = (async function* () {
      yield 'a,b\n1,2\n';
      throw new Error('bad bytes');
    })();
    const seen: string[] = [];
    await expect((async () => {
      for await (const r of readCsvRecords(failing, { file: 'r.csv', delimiter: ',', header: true })) seen.push(r.raw);
    })()).rejects.toThrow('bad bytes');
    expect(seen).toEqual(['1,2\n']);
  });
});
