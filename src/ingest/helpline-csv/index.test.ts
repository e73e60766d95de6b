import { describe, expect, it } from 'vitest';
import { generateContacts } from '../../generator/index.ts';
import { deterministicId } from '../../model/index.ts';
import { pseudonymiserFromKey } from '../env.ts';
import { decode, memoryInput } from '../input.ts';
import type { MapEnv, RawRecord } from '../types.ts';
import type { CsvRow } from '../csv-reader.ts';
import { contactCsvRow, contactsCsvHeader } from './export.ts';
import { helplineCsvAdapter } from './index.ts';
import { CHI_STYLE_MAPPING, parseMapping, type HelplineMapping } from './mapping.ts';

const org = deterministicId('organisation', ['helpline-csv-test']);
const envOf = (datasetId: string | null, orgId = org): MapEnv => ({
  orgId, datasetId, pseudonymise: pseudonymiserFromKey('00'.repeat(32)), receivedAt: '2026-11-22T00:00:00.000Z',
  lineage: { sourceOrgId: orgId, sourceSystem: 'test', collectionPurpose: 'service-provision', legalBasis: 'consent', adapter: { name: 'tessera-ingest/helpline-csv', version: '1.0.0' }, hops: [], receivedAt: '2026-11-22T00:00:00.000Z' },
});
const env = envOf(deterministicId('dataset', ['helpline-csv-test']));

async function records(mapping: HelplineMapping, text: string): Promise<Array<RawRecord<CsvRow>>> {
  const out: Array<RawRecord<CsvRow>> = [];
  for await (const r of helplineCsvAdapter(mapping).read(decode(memoryInput(text, 'e.csv').bytes), { file: 'e.csv' })) out.push(r);
  return out;
}

/** Maps every record with the per-field checks and with the whole CDM schema: both must give the same, to the byte. */
async function same(mapping: HelplineMapping, text: string, e: MapEnv = env): Promise<{ good: number; bad: number; codes: string[] }> {
  const fast = helplineCsvAdapter(mapping);
  const schema = helplineCsvAdapter(mapping, { schemaOnly: true });
  let good = 0;
  let bad = 0;
  const codes: string[] = [];
  for (const rec of await records(mapping, text)) {
    if (rec.problems.length) continue;
    const a = fast.map(rec, e);
    const b = schema.map(rec, e);
    expect(JSON.stringify(a), rec.raw).toBe(JSON.stringify(b));
    if ('problems' in a) {
      bad++;
      codes.push(...a.problems.map((p) => p.code));
    } else good++;
  }
  return { good, bad, codes };
}

const row = (cells: Partial<Record<'id' | 'at' | 'channel' | 'duration' | 'age' | 'gender' | 'country' | 'region' | 'language' | 'categories', string>>, k: number) =>
  [cells.id ?? `E-${k}`, cells.at ?? '2026-03-05T14:22:00.000Z', cells.channel ?? 'Phone', cells.duration ?? '5', cells.age ?? '13', cells.gender ?? 'Girl', cells.country ?? 'KE', cells.region ?? 'Nairobi', cells.language ?? 'sw', cells.categories ?? 'Violence/Sexual violence']
    .map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',') + '\n';

describe('helpline CSV mapping: per-field checks against the CDM schema', () => {
  it('maps generated exports exactly as validating each contact with the schema does', async () => {
    const rows: string[] = [];
    for (const b of generateContacts({ seed: 11, count: 3000, batchSize: 1000 })) rows.push(...b.map(contactCsvRow));
    const r = await same(CHI_STYLE_MAPPING, contactsCsvHeader + rows.join(''));
    expect(r.good).toBe(3000);
  });

  it('gives the same contacts and the same problems (column, field, message) for values at and past every limit', async () => {
    const cells: Array<Parameters<typeof row>[0]> = [
      { id: 'x'.repeat(200) }, { id: 'x'.repeat(201) }, { duration: '1440' }, { duration: '1441' }, { duration: '1,5' }, { duration: '-1' }, { duration: 'abc' }, { duration: '' },
      { age: '25' }, { age: '26' }, { age: '13-15' }, { age: '15-13' }, { age: '3–40' }, { age: 'Unknown' }, { age: 'x' }, { age: '' },
      { gender: 'Boy' }, { gender: 'Zzz' }, { gender: 'constructor' }, { gender: 'toString' }, { gender: '' },
      { channel: 'toString' }, { channel: 'Carrier pigeon' }, { channel: 'chat' },
      { country: 'br' }, { country: 'B' }, { country: '12' }, { country: 'BRA' }, { country: '' },
      { region: 'r'.repeat(100) }, { region: 'r'.repeat(101) }, { region: '' },
      { language: 'pt-BR' }, { language: 'PT' }, { language: 'english' }, { language: '' },
      { categories: 'No such thing/at all' }, { categories: 'Violence; Violence; violence/sexual violence' }, { categories: '' }, { categories: ' ; ;' },
      { categories: Array.from({ length: 50 }, (_, i) => `Own ${i}`).join(';') }, { categories: Array.from({ length: 51 }, (_, i) => `Own ${i}`).join(';') },
      { at: '2026-03-05T14:22:00Z' }, { at: '2026-02-30T14:22:00.000Z' }, { at: 'tomorrow' }, { at: '2026-03-05 14:22' },
      { id: 'x'.repeat(201), duration: '2000', age: '30', country: 'b', language: 'x' },
    ];
    const text = contactsCsvHeader + cells.map(row).join('');
    const r = await same(CHI_STYLE_MAPPING, text);
    expect(r.good).toBeGreaterThan(20);
    expect(new Set(r.codes)).toEqual(new Set(['invalid_too_big', 'invalid_number', 'invalid_age', 'invalid_custom', 'invalid_invalid_format', 'invalid_invalid_value', 'invalid_date']));
  });

  it('the same for a mapping of the helpline\'s own scheme (a code mapped to nothing), seconds, and columns the header lacks', async () => {
    const mappingWith = (categories: unknown[]) => parseMapping(JSON.stringify({ ...CHI_STYLE_MAPPING, fields: { ...CHI_STYLE_MAPPING.fields, durationMinutes: { column: 'duration_minutes', unit: 'seconds' }, categories } }), 'own.json');
    const ownScheme = { column: 'categories', scheme: 'x-own', split: ';', values: { Blank: '', Bullying: 'bul' } };
    const text = contactsCsvHeader + [{ categories: 'Blank' }, { categories: 'Bullying; Other' }, { duration: '90000' }, { duration: '61' }].map(row).join('');
    const r = await same(mappingWith([ownScheme]), text);
    expect(r.good).toBe(2);
    expect(r.codes).toEqual(['invalid_too_small', 'invalid_too_big']);
    const lacking = await same(mappingWith([ownScheme, { column: 'topic', scheme: 'chi-helpline' }]), text);
    expect(lacking.codes.filter((c) => c === 'csv_missing_column')).toHaveLength(4);
  });

  it('the same when the run\'s dataset or organisation is not a valid identifier', async () => {
    const text = contactsCsvHeader + [{}, { age: '30' }].map(row).join('');
    expect((await same(CHI_STYLE_MAPPING, text, envOf(null))).bad).toBe(2);
    expect((await same(CHI_STYLE_MAPPING, text, envOf('dataset--nope'))).bad).toBe(2);
  });
});

describe('helpline CSV categories', () => {
  it('reads subcolumns and splits, drops repeats, and notes each row where it is (texts repeat, places do not)', async () => {
    const mapping = parseMapping(JSON.stringify({ ...CHI_STYLE_MAPPING, fields: { ...CHI_STYLE_MAPPING.fields, region: undefined, categories: [{ column: 'categories', subcolumn: 'region', scheme: 'chi-helpline', split: ';' }] } }), 'sub.json');
    const line = row({ categories: 'Violence; Mental Health; nonsense; Violence', region: 'Sexual violence; ; ; Sexual violence' }, 1);
    const adapter = helplineCsvAdapter(mapping);
    const got = [];
    for (const rec of await records(mapping, contactsCsvHeader + line + line.replace('E-1', 'E-2'))) {
      const m = adapter.map(rec, env);
      if ('problems' in m) throw new Error(JSON.stringify(m.problems));
      const c = m.units[0]?.kind === 'contact' ? m.units[0].contact : undefined;
      got.push({ labels: c?.categories.map((x) => `${x.scheme}:${x.label}`), notes: m.notes.map((n) => [n.code, n.value, n.where?.line, n.where?.column]) });
    }
    const labels = ['chi-helpline:Violence/Sexual violence', 'chi-helpline:Mental Health', 'x-unmapped:nonsense'];
    expect(got).toEqual([
      { labels, notes: [['unknown_category', 'nonsense', 2, 10]] },
      { labels, notes: [['unknown_category', 'nonsense', 3, 10]] },
    ]);
  });
});
