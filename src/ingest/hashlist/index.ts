/**
 * Hash lists → hash sets in the registry (through its service): plain MD5 / SHA-1 / SHA-256
 * lists, PDQ lists as ThreatExchange publishes them (`hash` or `hash,quality` per line), and CSV
 * lists with a header naming hash, type, quality, label and classification columns. Each list
 * becomes (or extends) one hash set that records its source. A record is one line.
 */
import { getSignalType } from '../../hashing/signal-types.ts';
import { validateClassification } from '../../matching/registry.ts';
import { sha256Digest } from '../../model/index.ts';
import { TesseraError, type Problem } from '../../shared/errors.ts';
import { registry as taxonomy } from '../../taxonomy/index.ts';
import { parseCsvFields, readCsvRecord, readCsvRecords, type CsvRow } from '../csv-reader.ts';
import type { Adapter, HashUnit, MapEnv, Mapped, Note, RawRecord } from '../types.ts';

export interface HashListOptions {
  /** The type of every hash of a plain list; detected from the length when absent (32 MD5, 40 SHA-1, 64 SHA-256, or PDQ with a quality). */
  hashType?: string;
}

const HASH_COLUMNS = ['hash', 'value', 'signal', 'md5', 'sha1', 'sha-1', 'sha256', 'sha-256', 'pdq'];

interface Line {
  kind: 'plain' | 'csv';
  fields: string[];
  header?: string[];
}

function isCsvHeader(line: string): string[] | undefined {
  const sep = line.includes('\t') ? '\t' : line.includes(',') ? ',' : line.includes(';') ? ';' : undefined;
  if (!sep) return undefined;
  const fields = parseCsvFields(line, sep).fields.map((f) => f.trim().toLowerCase());
  return fields.some((f) => HASH_COLUMNS.includes(f)) ? fields : undefined;
}

export function hashlistAdapter(opts: HashListOptions): Adapter<Line> {
  const fixedType = opts.hashType ? getSignalType(opts.hashType, { field: 'hash-type' }).name : undefined;
  return {
    format: 'hashlist',
    name: 'tessera-ingest/hashlist',
    version: '1.0.0',
    sourceSystem: 'hash list',
    optionsKey: fixedType ?? 'auto',
    async *read(text, { file }) {
      // The first data line decides: a CSV header, or a plain list (one hash per line).
      let mode: 'unknown' | 'plain' | 'csv' = 'unknown';
      let header: string[] = [];
      let delimiter = ',';
      const lines = readCsvRecords(text, { file, delimiter: '\u0000', header: false });
      let index = 0;
      for await (const rec of lines) {
        const body = rec.raw.replace(/\r?\n$/, '');
        const trimmed = body.trim();
        if (!trimmed || trimmed.startsWith('#')) continue;
        if (mode === 'unknown') {
          const h = isCsvHeader(trimmed);
          if (h) {
            mode = 'csv';
            header = h;
            delimiter = trimmed.includes('\t') ? '\t' : trimmed.includes(',') ? ',' : ';';
            continue;
          }
          mode = 'plain';
        }
        if (mode === 'csv') {
          const p = parseCsvFields(body, delimiter);
          const problems: Problem[] = p.problems.map((x) => ({ code: x.code, message: x.message, where: { ...rec.where, column: x.column } }));
          if (!problems.length && p.fields.length !== header.length) problems.push({ code: 'csv_ragged_row', message: `the row has ${p.fields.length} field(s), the header has ${header.length}`, where: rec.where });
          yield { index: index++, raw: rec.raw, where: rec.where, parsed: { kind: 'csv', fields: p.fields, header }, problems, context: { mode, header, delimiter, ...(fixedType ? { hashType: fixedType } : {}) } };
        } else {
          const fields = trimmed.split(/\s*[,\t]\s*/);
          yield { index: index++, raw: rec.raw, where: rec.where, parsed: { kind: 'plain', fields }, problems: [], context: { mode, ...(fixedType ? { hashType: fixedType } : {}) } };
        }
      }
    },
    readOne: async (raw, context, where) => {
      const body = raw.replace(/\r?\n$/, '').trim();
      if (context.mode === 'csv') {
        const r = readCsvRecord(raw, context, where) as RawRecord<CsvRow>;
        return { ...r, parsed: { kind: 'csv', fields: r.parsed?.fields ?? [], header: (context.header as string[]) ?? [] } };
      }
      return { index: 0, raw, where, parsed: { kind: 'plain', fields: body.split(/\s*[,\t]\s*/) }, problems: [], context };
    },
    map: (rec, env: MapEnv): Mapped | { problems: Problem[] } => mapLine(rec, env, fixedType),
  };
}

function typeFor(value: string, quality: string | undefined, fixed: string | undefined, where: RawRecord['where']): string {
  if (fixed) return fixed;
  const v = value.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]+$/.test(v)) throw new TesseraError('invalid_hash', `"${value.slice(0, 80)}" is not a hexadecimal hash; give --hash-type for other signal types`, { where: { ...where, field: 'hash' } });
  if (v.length === 32) return 'md5';
  if (v.length === 40) return 'sha1';
  if (v.length === 64) return quality !== undefined ? 'pdq' : 'sha256';
  throw new TesseraError('invalid_hash', `a hash of ${v.length} hexadecimal digits is not MD5 (32), SHA-1 (40), SHA-256 or PDQ (64)`, { where: { ...where, field: 'hash' } });
}

function mapLine(rec: RawRecord<Line>, _env: MapEnv, fixed: string | undefined): Mapped | { problems: Problem[] } {
  const line = rec.parsed;
  if (!line) return { problems: rec.problems };
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const units: HashUnit[] = [];
  const where = rec.where;
  const add = (typeName: string, value: string, extra: Partial<HashUnit>, field: string) => {
    try {
      const t = getSignalType(typeName, { ...where, field });
      units.push({ signalType: t.name, value: t.normalise(value, { ...where, field }), ...extra });
    } catch (e) {
      if (e instanceof TesseraError) problems.push(e.toProblem());
      else throw e;
    }
  };
  if (line.kind === 'plain') {
    const [value = '', second, ...rest] = line.fields;
    let quality: number | undefined;
    let label: string | undefined;
    if (second !== undefined && /^\d{1,3}$/.test(second) && Number(second) <= 100) quality = Number(second);
    else if (second !== undefined) label = [second, ...rest].join(' ');
    try {
      const type = typeFor(value, quality === undefined ? undefined : String(quality), fixed, where);
      if (quality !== undefined && type !== 'pdq') {
        label = String(quality);
        quality = undefined;
      }
      add(type, value, { ...(quality !== undefined ? { quality } : {}), ...(label ? { label } : {}) }, 'hash');
      if (!fixed && type === 'sha256' && rec.index === 0) notes.push({ code: 'assumed_sha256', message: '64 hexadecimal digits without a quality read as SHA-256; give --hash-type pdq for a PDQ list without qualities', value });
    } catch (e) {
      if (e instanceof TesseraError) problems.push(e.toProblem());
      else throw e;
    }
  } else {
    const h = line.header ?? [];
    const col = (...names: string[]) => {
      for (const n of names) {
        const i = h.indexOf(n);
        if (i >= 0) return line.fields[i]?.trim() || undefined;
      }
      return undefined;
    };
    const qualityText = col('quality', 'pdq_quality', 'pdqquality');
    let quality: number | undefined;
    if (qualityText !== undefined) {
      if (!/^\d{1,3}$/.test(qualityText) || Number(qualityText) > 100) problems.push({ code: 'invalid_quality', message: `quality "${qualityText}" must be a whole number 0-100`, where: { ...where, field: 'quality' } });
      else quality = Number(qualityText);
    }
    let label = col('label', 'name', 'description');
    let classification: HashUnit['classification'];
    const pairScheme = col('scheme', 'classification_scheme');
    const pairCode = col('code', 'classification_code', 'category');
    const combined = col('classification');
    const tax = taxonomy();
    const candidates: Array<{ scheme: string; code: string; field: string }> = [];
    if (pairScheme && pairCode) candidates.push({ scheme: pairScheme, code: pairCode, field: 'code' });
    if (combined) {
      const i = combined.indexOf(':');
      if (i > 0) candidates.push({ scheme: combined.slice(0, i), code: combined.slice(i + 1), field: 'classification' });
      else problems.push({ code: 'invalid_classification', message: `classification "${combined}" must be SCHEME:CODE (e.g. uk-2014:A)`, where: { ...where, field: 'classification' } });
    }
    h.forEach((name, i) => {
      const v = line.fields[i]?.trim();
      if (v && (tax.has(name) || /^x-[a-z0-9][a-z0-9-]*$/.test(name))) candidates.push({ scheme: name, code: v, field: name });
    });
    const [first, ...more] = candidates;
    if (more.length) notes.push({ code: 'extra_classifications', message: `only the first classification is recorded per hash; ${more.map((c) => `${c.scheme}:${c.code}`).join(', ')} kept in the label`, value: more.map((c) => `${c.scheme}:${c.code}`).join(' ') });
    if (first) {
      try {
        const v = validateClassification(first.scheme, first.code, { ...where, field: first.field });
        classification = { scheme: v.scheme, code: v.code };
      } catch (e) {
        if (!(e instanceof TesseraError)) throw e;
        // Unknown codes are kept verbatim (in the label) and flagged, never dropped.
        notes.push({ code: 'unknown_category', message: `${e.message} The hash is kept without a classification; the source's code is kept in its label.`, value: `${first.scheme}:${first.code}` });
        label = [label, `${first.scheme}:${first.code} (unmapped)`].filter(Boolean).join(' ');
      }
    }
    if (more.length) label = [label, ...more.map((c) => `${c.scheme}:${c.code}`)].filter(Boolean).join(' ');
    const typeName = col('type', 'hash_type', 'signal_type', 'algorithm');
    const generic = col('hash', 'value', 'signal');
    const extra: Partial<HashUnit> = { ...(label ? { label } : {}), ...(classification ? { classification } : {}) };
    if (generic) {
      try {
        const t = typeName ? typeName.toLowerCase().replace(/-/g, '') : typeFor(generic, qualityText, fixed, where);
        add(t === 'sha256' || t === 'sha1' || t === 'md5' || t === 'pdq' ? t : typeName ?? t, generic, { ...extra, ...(quality !== undefined && t === 'pdq' ? { quality } : {}) }, 'hash');
      } catch (e) {
        if (e instanceof TesseraError) problems.push(e.toProblem());
        else throw e;
      }
    }
    for (const [t, names] of [['md5', ['md5']], ['sha1', ['sha1', 'sha-1']], ['sha256', ['sha256', 'sha-256']], ['pdq', ['pdq']]] as const) {
      const v = col(...names);
      if (v) add(t, v, { ...extra, ...(t === 'pdq' && quality !== undefined ? { quality } : {}) }, t);
    }
    if (!problems.length && !units.length) problems.push({ code: 'no_hash', message: `the row has no hash (columns ${HASH_COLUMNS.join(', ')} are empty)`, where });
  }
  if (problems.length) return { problems };
  return { units: units.map((hash) => ({ kind: 'hash' as const, hash })), notes, rawDigest: sha256Digest(rec.raw.replace(/\r?\n$/, '')) };
}
