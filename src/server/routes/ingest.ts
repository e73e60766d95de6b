import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import {
  ENCODINGS, INGEST_FORMATS, QuarantineFilter, builtinMapping, correctQuarantine, discardQuarantine, ingest, listQuarantine, recordSource, retryQuarantine, showQuarantine, streamInput,
  type IngestFormat, type IngestSummary,
} from '../../ingest/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import { ProblemSchema } from '../errors.ts';
import { principalOf } from '../context.ts';

const Summary = z.object({
  runId: z.string(), runs: z.array(z.string()), format: z.string(), files: z.array(z.string()), datasetId: z.string().nullable(), records: z.number(), accepted: z.number(), duplicates: z.number(),
  quarantined: z.number(), resumed: z.number(), flagged: z.number(), byReason: z.record(z.string(), z.number()), flags: z.record(z.string(), z.number()), seconds: z.number(), recordsPerSecond: z.number(), warnings: z.array(z.string()),
}).meta({ id: 'IngestSummary' });
const Where = z.object({ file: z.string().optional(), line: z.number().optional(), column: z.number().optional(), path: z.string().optional(), field: z.string().optional() });
const Entry = z.object({
  id: z.string(), status: z.string(), format: z.string(), datasetId: z.string().nullable(), runId: z.string().nullable(), error: ProblemSchema, problems: z.array(ProblemSchema), where: Where,
  attempts: z.number(), recordIds: z.array(z.string()).nullable(), createdAt: z.string(), updatedAt: z.string(), raw: z.string().optional(), rawTruncated: z.boolean().optional(),
  correctedRaw: z.string().nullable().optional(), context: z.record(z.string(), z.unknown()).optional(),
}).meta({ id: 'QuarantineEntry' });
const Outcome = z.object({ id: z.string(), status: z.string(), recordIds: z.array(z.string()), duplicate: z.boolean(), error: ProblemSchema.optional(), problems: z.array(ProblemSchema).optional() }).meta({ id: 'RetryOutcome' });
const IngestQuery = z.strictObject({
  dataset: z.string().max(200).optional(), mapping: z.string().max(100).optional().meta({ description: 'helpline-csv: a shipped mapping by name (chi-style); or send a multipart part "mapping" with the mapping JSON' }),
  encoding: z.enum(ENCODINGS).optional(), set: z.string().max(63).optional(), setName: z.string().max(200).optional(), hashType: z.string().max(40).optional(),
  source: z.string().max(200).optional(), sourceVersion: z.string().max(50).optional(), sourceRef: z.string().max(500).optional(),
  filename: z.string().max(300).optional().meta({ description: 'name recorded for a raw body (lineage, quarantine)' }),
});

const RAW_TYPES = ['application/xml', 'text/xml', 'text/csv', 'text/plain', 'application/stix+json', 'application/x-ndjson', 'application/octet-stream'];

/** Ingest uploads (raw body or multipart files, streamed) and the quarantine. Thin: every rule is in src/ingest. */
export const ingestRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: Number.MAX_SAFE_INTEGER, files: 100, fields: 20, fieldSize: 1024 * 1024 } });
  // Raw bodies are handed over as streams: ingest reads them with constant memory, so no body limit applies here.
  app.addContentTypeParser(RAW_TYPES, (_req, payload, done) => done(null, payload));

  app.post('/ingest/:format', {
    schema: {
      tags: ['ingest'], summary: 'Ingest an upload: raw body (XML, CSV, hash list, STIX JSON) or multipart files; rejected records go to quarantine',
      params: z.object({ format: z.enum(INGEST_FORMATS) }), querystring: IngestQuery, response: { 200: Summary },
      consumes: ['multipart/form-data', ...RAW_TYPES],
    },
  }, async (req) => {
    const actor = principalOf(req);
    const q = req.query;
    const format = req.params.format as IngestFormat;
    let mapping: string | ReturnType<typeof builtinMapping> | undefined = q.mapping ? builtinMapping(q.mapping) : undefined;
    if (q.mapping && !mapping) throw new TesseraError('unknown_mapping', `No shipped mapping "${q.mapping}" (there is chi-style); or send your mapping as a multipart part named "mapping".`, { where: { field: 'mapping' } });
    const base = {
      format, ...(q.dataset ? { dataset: q.dataset } : {}), ...(q.encoding ? { encoding: q.encoding } : {}), ...(q.set ? { set: q.set } : {}), ...(q.setName ? { setName: q.setName } : {}),
      ...(q.hashType ? { hashType: q.hashType } : {}),
      ...(q.source || q.sourceVersion || q.sourceRef ? { source: { ...(q.source ? { name: q.source } : {}), ...(q.sourceVersion ? { version: q.sourceVersion } : {}), ...(q.sourceRef ? { reference: q.sourceRef } : {}) } } : {}),
    };
    const summaries: IngestSummary[] = [];
    if (req.isMultipart()) {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (part.fieldname === 'mapping') mapping = String(part.value);
          continue;
        }
        if (part.fieldname === 'mapping') {
          mapping = (await part.toBuffer()).toString('utf8');
          continue;
        }
        const input = await streamInput(part.file, part.filename || q.filename || 'upload');
        summaries.push(await ingest(app.tessera.store, actor, { ...base, inputs: [input], ...(mapping ? { mapping, mappingFile: 'mapping' } : {}) }));
      }
      if (!summaries.length) throw new TesseraError('no_file', 'The multipart request has no file part.', { where: { field: 'file' } });
    } else {
      const body = req.body as Readable | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') throw new TesseraError('no_file', `Send the file as the raw body (Content-Type ${RAW_TYPES.join(', ')}) or as multipart/form-data.`, { status: 415 });
      const input = await streamInput(body, q.filename ?? `upload.${format}`);
      summaries.push(await ingest(app.tessera.store, actor, { ...base, inputs: [input], ...(mapping ? { mapping, mappingFile: 'mapping' } : {}) }));
    }
    return merge(summaries);
  });

  app.get('/quarantine', { schema: { tags: ['ingest'], summary: 'Quarantine entries (open by default) with their error and where it happened', querystring: QuarantineFilter, response: { 200: z.array(Entry) } } }, async (req) =>
    listQuarantine(app.tessera.store, principalOf(req), req.query),
  );
  app.get('/quarantine/:id', { schema: { tags: ['ingest'], summary: 'One quarantine entry with its raw text', params: z.object({ id: z.string().max(200) }), response: { 200: Entry } } }, async (req) =>
    showQuarantine(app.tessera.store, principalOf(req), req.params.id),
  );
  app.post('/quarantine/:id/correct', { schema: { tags: ['ingest'], summary: 'Save corrected raw text for a retry', params: z.object({ id: z.string().max(200) }), body: z.strictObject({ raw: z.string().max(16 * 1024 * 1024) }), response: { 200: Entry } } }, async (req) =>
    correctQuarantine(app.tessera.store, principalOf(req), req.params.id, req.body.raw),
  );
  app.post('/quarantine/:id/retry', { schema: { tags: ['ingest'], summary: 'Read an entry again and write it if it is now valid', params: z.object({ id: z.string().max(200) }), response: { 200: Outcome } } }, async (req) => {
    const [out] = await retryQuarantine(app.tessera.store, principalOf(req), { id: req.params.id });
    return out;
  });
  app.post('/quarantine/retry', { schema: { tags: ['ingest'], summary: 'Retry every open entry matching a filter', body: QuarantineFilter.omit({ status: true }), response: { 200: z.array(Outcome) } } }, async (req) =>
    retryQuarantine(app.tessera.store, principalOf(req), { filter: req.body }),
  );
  app.post('/quarantine/:id/discard', { schema: { tags: ['ingest'], summary: 'Close an entry without writing it (its text is kept)', params: z.object({ id: z.string().max(200) }), body: z.strictObject({ reason: z.string().min(3).max(500) }), response: { 200: Entry } } }, async (req) =>
    discardQuarantine(app.tessera.store, principalOf(req), req.params.id, req.body.reason),
  );
  app.get('/ingest/sources/:recordId', {
    schema: {
      tags: ['ingest'], summary: 'Where an ingested record came from: run, file, line or element path, raw digest, values kept verbatim', params: z.object({ recordId: z.string().max(200) }),
      response: { 200: z.object({ recordId: z.string(), runId: z.string(), format: z.string(), file: z.string(), line: z.number().nullable(), path: z.string().nullable(), rawDigest: z.string(), notes: z.array(z.object({ code: z.string(), message: z.string(), value: z.string().optional(), where: Where.optional() })), ingestedAt: z.string(), ingestedBy: z.string() }).meta({ id: 'RecordSource' }) },
    },
  }, async (req) => recordSource(app.tessera.store, principalOf(req), req.params.recordId));
};

function merge(list: IngestSummary[]): IngestSummary {
  const [first, ...rest] = list as [IngestSummary, ...IngestSummary[]];
  const out: IngestSummary = { ...first, runs: [...first.runs], files: [...first.files], byReason: { ...first.byReason }, flags: { ...first.flags }, warnings: [...first.warnings] };
  for (const s of rest) {
    out.runs.push(...s.runs);
    out.files.push(...s.files);
    for (const k of ['records', 'accepted', 'duplicates', 'quarantined', 'resumed', 'flagged', 'seconds'] as const) out[k] += s[k];
    for (const [k, v] of Object.entries(s.byReason)) out.byReason[k] = (out.byReason[k] ?? 0) + v;
    for (const [k, v] of Object.entries(s.flags)) out.flags[k] = (out.flags[k] ?? 0) + v;
    out.warnings.push(...s.warnings);
  }
  out.recordsPerSecond = out.seconds > 0 ? Math.round(out.records / out.seconds) : out.records;
  return out;
}
