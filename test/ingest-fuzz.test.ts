import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateContacts } from '../src/generator/index.ts';
import { CHI_STYLE_MAPPING, contactCsvRow, contactsCsvHeader, ingest, memoryInput } from '../src/ingest/index.ts';
import { Child, Classification, Contact, ContentItem, Report, Signal, Subject, type Contact as ContactT } from '../src/model/index.ts';
import { describeEachStore } from './support/databases.ts';
import { fixture, mapInput, seedIngestWorld, type IngestWorld } from './fixtures/ingest/support.ts';

/**
 * Fuzzing the XML and CSV adapters with thousands of mutated inputs: whatever the damage, the
 * reader never throws, every record ends up either accepted whole (every entity valid against
 * its CDM schema) or quarantined with a reason and where, and nothing of the input goes missing.
 */
const strip = (x: string) => x.replace(/^<\?xml[^>]*\?>\s*(<!--.*?-->\s*)?/s, '');
const seedXml = `<?xml version="1.0" encoding="UTF-8"?>\n<cyberTiplineBatch xmlns:tessera="urn:tessera:cybertipline-batch:1">\n${strip(readFileSync(fixture('report-sample.xml'), 'utf8')).replace('<report>', '<report tessera:sourceRef="1000001">')}${strip(readFileSync(fixture('filedetails-sample.xml'), 'utf8'))}</cyberTiplineBatch>\n`;
const contacts: ContactT[] = [];
for (const b of generateContacts({ seed: 8, count: 12, batchSize: 12 })) contacts.push(...b);
const seedCsv = contactsCsvHeader + contacts.map(contactCsvRow).join('');

const XML_TOKENS = ['<', '>', '&', '&amp;', '&lol;', '&#0;', '&#xD800;', '</report>', '<report>', '<fileDetails>', '</fileDetails>', '<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]>', '<![CDATA[', ']]>', '"', "'", '=', '/>', '\u0000', '\uFEFF', '\uD800', '😀', 'é', '\r\n', '<incidentType>', '</incidentSummary>', '<victim><victimPerson><age>99</age></victimPerson></victim>', '<?pi x?>', '<!-- c -->', 'tessera:sourceRef="1000001"'];
const CSV_TOKENS = [',', '"', '""', '\n', '\r\n', '\r', ';', '\t', ' ', 'é', '\uFEFF', '\u0000', '"a\nb"', ',,,,', 'Violence/Nope', '2026-13-40T99:99:99Z', 'Phone', '-1', '999', 'XX'];

type Op = { kind: 'del'; at: number; len: number } | { kind: 'ins'; at: number; text: string } | { kind: 'dup'; at: number; len: number } | { kind: 'cut'; at: number };
function mutate(s: string, ops: Op[]): string {
  let out = s;
  for (const op of ops) {
    const at = Math.floor((op.at % 1) * (out.length + 1));
    if (op.kind === 'del') out = out.slice(0, at) + out.slice(at + op.len);
    else if (op.kind === 'ins') out = out.slice(0, at) + op.text + out.slice(at);
    else if (op.kind === 'dup') out = out.slice(0, at + op.len) + out.slice(at, at + op.len) + out.slice(at + op.len);
    else out = out.slice(0, at);
  }
  return out;
}
const ops = (tokens: string[]) =>
  fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('del' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }), len: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('ins' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }), text: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })) }),
      fc.record({ kind: fc.constant('dup' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }), len: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0.05, max: 0.999, noNaN: true }) }),
    ),
    { minLength: 1, maxLength: 6 },
  );

function checkWhole(w: Awaited<ReturnType<typeof mapInput>>): void {
  expect(w.good.length + w.bad.length).toBe(w.read.length);
  for (const b of w.bad) {
    expect(b.problems.length).toBeGreaterThan(0);
    for (const p of b.problems) {
      expect(p.code).toMatch(/^[a-z_]+$/);
      expect(p.message.length).toBeGreaterThan(5);
    }
    expect(b.problems[0]?.where?.file ?? b.rec.where.file).toBeDefined();
  }
  for (const g of w.good) {
    for (const u of g.mapped.units) {
      if (u.kind === 'report') {
        Report.parse(u.bundle.report);
        for (const x of u.bundle.signals ?? []) Signal.parse(x);
        for (const x of u.bundle.children ?? []) Child.parse(x);
        for (const x of u.bundle.subjects ?? []) Subject.parse(x);
        for (const x of u.bundle.contentItems ?? []) ContentItem.parse(x);
      } else if (u.kind === 'file') {
        ContentItem.parse(u.item);
        for (const c of u.classifications) Classification.parse(c);
      } else if (u.kind === 'contact') Contact.parse(u.contact);
    }
  }
}

describe('fuzzing the XML and CSV adapters', () => {
  it('CyberTipline XML: 2,500 mutated documents — no crash, no partial record', async () => {
    await fc.assert(
      fc.asyncProperty(ops(XML_TOKENS), async (o) => {
        const w = await mapInput('cybertipline-xml', mutate(seedXml, o), { file: 'fuzz.xml' });
        checkWhole(w);
      }),
      { numRuns: 2500, seed: 20261122 },
    );
  }, 240_000);

  it('CyberTipline XML: 500 byte-level mutations (encodings, BOMs, broken UTF-8/16) — no crash', async () => {
    const bytes = Buffer.from(seedXml, 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ at: fc.nat(bytes.length - 1), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }), fc.constantFrom('', '\xef\xbb\xbf', '\xff\xfe', '\xfe\xff'), async (flips, prefix) => {
        const b = Buffer.from(bytes);
        for (const f of flips) b[f.at] = f.byte;
        const w = await mapInput('cybertipline-xml', Buffer.concat([Buffer.from(prefix, 'latin1'), b]));
        checkWhole(w);
      }),
      { numRuns: 500, seed: 7 },
    );
  }, 120_000);

  it('helpline CSV: 2,500 mutated exports — no crash, no partial record, every character of the input in exactly one record', async () => {
    await fc.assert(
      fc.asyncProperty(ops(CSV_TOKENS), async (o) => {
        const text = contactsCsvHeader + mutate(seedCsv.slice(contactsCsvHeader.length), o);
        const w = await mapInput('helpline-csv', text, { mapping: CHI_STYLE_MAPPING, file: 'fuzz.csv' });
        checkWhole(w);
        // As the bytes read back: lone surrogates become U+FFFD, NUL is kept as U+F700.
        const body = Buffer.from(text.slice(contactsCsvHeader.length), 'utf8').toString('utf8').replace(/\u0000/g, '\uF700');
        // Nothing lost: the records' raw texts, in order, are the input (less blank lines).
        expect(w.read.map((r) => r.raw).join('').replace(/\s/g, '')).toBe(body.replace(/\s/g, ''));
      }),
      { numRuns: 2500, seed: 99 },
    );
  }, 240_000);
});

describeEachStore('fuzzing through the database', (fx) => {
  let w: IngestWorld;
  beforeAll(async () => {
    w = await seedIngestWorld(fx.store());
  });
  it('60 mutated XML and CSV inputs ingested: every record accepted, a duplicate or quarantined; no run fails', async () => {
    await fc.assert(
      fc.asyncProperty(ops(XML_TOKENS), ops(CSV_TOKENS), async (ox, oc) => {
        const x = await ingest(fx.store(), w.steward, { format: 'cybertipline-xml', dataset: w.orgs.platform.datasetId, inputs: [memoryInput(mutate(seedXml, ox), 'fuzz.xml')] });
        expect(x.accepted + x.duplicates + x.quarantined).toBe(x.records);
        const c = await ingest(fx.store(), w.steward, { format: 'helpline-csv', mapping: CHI_STYLE_MAPPING, dataset: 'contacts', inputs: [memoryInput(contactsCsvHeader + mutate(seedCsv.slice(contactsCsvHeader.length), oc), 'fuzz.csv')] });
        expect(c.accepted + c.duplicates + c.quarantined).toBe(c.records);
      }),
      { numRuns: 30, seed: 5 },
    );
    // Every stored report has its provenance, and every file its report (nothing half-written).
    const orphans = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports r LEFT JOIN ingest_sources s ON s.record_id = r.id WHERE r.dataset_id = ${w.orgs.platform.datasetId} AND s.record_id IS NULL`.execute(fx.store().db);
    expect(orphans.rows[0]?.n).toBe(0);
  }, 240_000);
});
