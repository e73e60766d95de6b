import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashBytes, type MediaHashes } from '../../hashing/media.ts';
import { signalTypes } from '../../hashing/signal-types.ts';
import { DEFAULT_QUALITY_FLOOR, DEFAULT_RADIUS, HashRegistry } from '../../matching/registry.ts';
import { TesseraError } from '../../shared/errors.ts';
import { principalOf } from '../context.ts';
import { ProblemSchema } from '../errors.ts';

/** Largest upload hashed (bytes). */
const MAX_UPLOAD = 64 * 1024 * 1024;

function registryOf(app: FastifyInstance): HashRegistry {
  const cache = process.env.TESSERA_HASH_INDEX;
  return HashRegistry.for(app.tessera.store, cache ? { indexCacheFile: cache } : {});
}

/**
 * The uploaded bytes of a request: one multipart file, or a raw body (application/octet-stream,
 * image/*). The buffer lives only for the request; it is never logged or stored.
 */
async function uploadedBytes(req: FastifyRequest): Promise<Uint8Array> {
  if (req.isMultipart()) {
    const part = await req.file({ limits: { fileSize: MAX_UPLOAD, files: 1 } });
    if (!part) throw new TesseraError('no_file', 'The multipart request has no file part.', { where: { field: 'file' } });
    const buf = await part.toBuffer();
    if (part.file.truncated) throw new TesseraError('input_too_large', `The upload is larger than ${MAX_UPLOAD} bytes.`, { status: 413, details: { maxBytes: MAX_UPLOAD } });
    return buf;
  }
  const body = req.body;
  if (body instanceof Uint8Array) return body;
  throw new TesseraError('no_file', 'Send the file as multipart/form-data (one file) or as the raw body with Content-Type application/octet-stream or image/*.', { status: 415 });
}

async function installUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 }, throwFileSizeLimit: false });
  for (const type of ['application/octet-stream', /^image\//]) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD }, (_req, body, done) => done(null, body));
  }
}

const Hex = z.string().max(20_000);
const MediaHashesSchema = z
  .object({
    md5: z.string(), sha1: z.string(), sha256: z.string(), bytes: z.number(),
    pdq: z.string().optional(), quality: z.number().optional(), width: z.number().optional(), height: z.number().optional(),
    pdqError: ProblemSchema.optional(),
  })
  .meta({ id: 'MediaHashes', description: 'Hashes of uploaded bytes. The bytes were hashed in memory and dropped; nothing was stored.' });

const Query = z.object({
  signalType: z.string().max(64).meta({ description: 'pdq, md5, sha1, sha256, url_sha256, photodna, tmk_pdqf, vpdq, ... (GET /hashing/signal-types)' }),
  value: Hex,
  quality: z.number().int().min(0).max(100).optional().meta({ description: 'PDQ quality of the query, when known; below the floor it is not matched.' }),
});
const MatchBody = z
  .object({
    queries: z.array(Query).min(1).max(10_000),
    radius: z.number().int().min(0).max(128).optional(),
    qualityFloor: z.number().int().min(0).max(100).optional(),
    sets: z.array(z.string().max(100)).max(100).optional(),
  })
  .meta({ id: 'HashMatchRequest' });
const Opinion = z.object({
  scheme: z.string(), code: z.string(), assessor: z.object({ id: z.string(), slug: z.string(), name: z.string() }), assessedBy: z.string(), assessedAt: z.string(),
  confidence: z.number().nullable(), note: z.string().nullable(), via: z.object({ signalType: z.string(), value: z.string(), distance: z.number(), entryId: z.string().nullable() }),
}).meta({ id: 'HashOpinion' });
const Assessment = z.object({
  previouslyAssessed: z.boolean(), exactlyAssessed: z.boolean(), consensus: z.enum(['none', 'single', 'agreeing', 'disputed']),
  schemes: z.array(z.object({ scheme: z.string(), status: z.enum(['single', 'agreeing', 'disputed']), codes: z.array(z.object({ code: z.string(), organisations: z.array(z.string()) })) })),
  opinions: z.array(Opinion),
}).meta({ id: 'HashAssessment' });
const Match = z.object({
  entryId: z.string(), seq: z.number(), signalType: z.string(), value: z.string(), distance: z.number(), label: z.string().nullable(), quality: z.number().nullable(), addedAt: z.string(),
  set: z.object({ id: z.string(), slug: z.string(), name: z.string(), owner: z.string() }), feedback: z.object({ truePositive: z.number(), falsePositive: z.number() }),
}).meta({ id: 'HashMatch' });
const Outcome = z.union([
  z.object({ ok: z.literal(true), query: Query, lowQuality: z.boolean().optional(), matches: z.array(Match), assessment: Assessment }),
  z.object({ ok: z.literal(false), query: z.object({ signalType: z.string(), value: z.string() }), error: ProblemSchema }),
]).meta({ id: 'HashMatchOutcome' });
const HashSet = z.object({
  id: z.string(), slug: z.string(), name: z.string(), description: z.string(), owner: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  sources: z.array(z.object({ name: z.string(), reference: z.string().optional(), version: z.string().optional(), file: z.string().optional(), lines: z.number().optional(), importedAt: z.string(), importedBy: z.string() })), createdAt: z.string(), createdBy: z.string(),
  withdrawn: z.object({ at: z.string(), by: z.string().nullable(), reason: z.string().nullable() }).nullable(), liveEntries: z.number().optional(), withdrawnEntries: z.number().optional(),
}).meta({ id: 'HashSet' });
const ImportBody = z.object({
  set: z.string().max(63), name: z.string().max(200).optional(), description: z.string().max(2000).optional(), signalType: z.string().max(64).optional(),
  text: z.string().max(64 * 1024 * 1024).meta({ description: 'The hash list: one hash per line, optional label after a tab or comma.' }),
  file: z.string().max(300).optional(),
  source: z.object({ name: z.string().max(200), reference: z.string().max(500).optional(), version: z.string().max(100).optional() }).optional(),
  classification: z.object({ scheme: z.string().max(64), code: z.string().max(200), confidence: z.number().min(0).max(1).optional() }).optional(),
}).meta({ id: 'HashSetImport' });

/** Hashing, matching and the hash registry under /api/v1. */
export const hashingRoutes: FastifyPluginAsyncZod = async (app) => {
  await installUploads(app);
  const tags = ['hashing'];

  app.post('/hashing/hash', {
    schema: {
      tags, summary: 'Hash an upload: MD5, SHA-1, SHA-256 and (images) PDQ. The bytes are dropped after hashing.', consumes: ['multipart/form-data', 'application/octet-stream', 'image/*'],
      querystring: z.object({ applyOrientation: z.enum(['true', 'false']).optional().meta({ description: 'Apply EXIF orientation before PDQ (default false, as the reference).' }) }),
      response: { 200: MediaHashesSchema },
    },
  }, async (req): Promise<MediaHashes> => {
    principalOf(req);
    const bytes = await uploadedBytes(req);
    return hashBytes(bytes, { applyOrientation: req.query.applyOrientation === 'true', maxBytes: MAX_UPLOAD });
  });

  app.get('/hashing/signal-types', { schema: { tags, summary: 'Signal types the registry accepts', response: { 200: z.object({ items: z.array(z.object({ name: z.string(), kind: z.string(), description: z.string(), defaultThreshold: z.number().optional() })) }) } } }, async () => ({
    items: signalTypes().map((t) => ({ name: t.name, kind: t.kind, description: t.description, ...(t.defaultThreshold !== undefined ? { defaultThreshold: t.defaultThreshold } : {}) })),
  }));

  app.get('/hashes/lookup', {
    schema: {
      tags, summary: 'Look up one hash: matches in every set, classifications and consensus ("previously assessed")',
      querystring: z.object({
        type: z.string().max(64).default('pdq'), value: Hex, quality: z.coerce.number().int().min(0).max(100).optional(),
        radius: z.coerce.number().int().min(0).max(128).default(DEFAULT_RADIUS), qualityFloor: z.coerce.number().int().min(0).max(100).default(DEFAULT_QUALITY_FLOOR),
      }),
      response: { 200: Outcome },
    },
  }, async (req) => {
    const q = req.query;
    const [out] = await registryOf(app).match(principalOf(req), [{ signalType: q.type, value: q.value, ...(q.quality !== undefined ? { quality: q.quality } : {}) }], { radius: q.radius, qualityFloor: q.qualityFloor });
    if (out && !out.ok) throw new TesseraError(out.error.code, out.error.message, { ...(out.error.where ? { where: { ...out.error.where, path: 'querystring.value' } } : {}) });
    return out;
  });

  app.post('/hashes/match', { schema: { tags, summary: 'Match a batch of hashes (up to 10,000); a malformed item gets its own error and the rest go on', body: MatchBody, response: { 200: z.object({ results: z.array(Outcome) }) } } }, async (req) => {
    const b = req.body;
    return { results: await registryOf(app).match(principalOf(req), b.queries, { ...(b.radius !== undefined ? { radius: b.radius } : {}), ...(b.qualityFloor !== undefined ? { qualityFloor: b.qualityFloor } : {}), ...(b.sets ? { sets: b.sets } : {}) }) };
  });

  app.post('/hashes/classifications', {
    schema: {
      tags, summary: "Record the caller's organisation's classification of a hash",
      body: z.object({ signalType: z.string().max(64).default('pdq'), value: Hex, scheme: z.string().max(64), code: z.string().max(200), confidence: z.number().min(0).max(1).optional(), note: z.string().max(2000).optional(), assessedAt: z.string().max(40).optional() }),
      response: { 201: Opinion },
    },
  }, async (req, reply) => reply.status(201).send(await registryOf(app).classify(principalOf(req), req.body)));

  app.post('/hashes/feedback', {
    schema: {
      tags, summary: 'Record whether a match was right (true_positive / false_positive), attributed to the caller',
      body: z.object({ signalType: z.string().max(64).default('pdq'), value: Hex, entry: z.string().max(100), verdict: z.enum(['true_positive', 'false_positive']), distance: z.number().int().min(0).max(256).optional(), note: z.string().max(2000).optional() }),
      response: { 201: z.object({ id: z.string(), verdict: z.string(), entryId: z.string(), organisation: z.string(), givenBy: z.string(), createdAt: z.string() }) },
    },
  }, async (req, reply) => reply.status(201).send(await registryOf(app).recordFeedback(principalOf(req), req.body)));

  app.get('/hash-sets', { schema: { tags, summary: 'Hash sets (banks) with owner, sources and counts', querystring: z.object({ includeWithdrawn: z.enum(['true', 'false']).optional(), owner: z.string().max(100).optional() }), response: { 200: z.object({ items: z.array(HashSet) }) } } }, async (req) => ({
    items: await registryOf(app).listHashSets(principalOf(req), { includeWithdrawn: req.query.includeWithdrawn === 'true', ...(req.query.owner ? { owner: req.query.owner } : {}) }),
  }));

  app.post('/hash-sets/import', {
    schema: {
      tags, summary: "Import a hash list into a set of the caller's organisation (steward or admin); bad lines are reported, the rest imported", body: ImportBody,
      response: { 200: z.object({ set: HashSet, signalType: z.string(), read: z.number(), added: z.number(), reinstated: z.number(), alreadyPresent: z.number(), classified: z.number(), problems: z.array(ProblemSchema) }) },
    },
  }, async (req) => registryOf(app).importHashSet(principalOf(req), req.body));

  app.post('/hash-sets/:set/withdraw', {
    schema: {
      tags, summary: 'Withdraw a set of your organisation, or only some of its hashes',
      params: z.object({ set: z.string().max(100) }),
      body: z.object({ reason: z.string().max(2000).optional(), signalType: z.string().max(64).default('pdq'), values: z.array(Hex).max(100_000).optional() }),
      response: { 200: z.object({ withdrawn: z.number(), set: HashSet.optional(), problems: z.array(ProblemSchema).optional() }) },
    },
  }, async (req) => {
    const reg = registryOf(app);
    const actor = principalOf(req);
    if (req.body.values?.length) return reg.withdrawEntries(actor, req.params.set, req.body.signalType, req.body.values, req.body.reason);
    const r = await reg.withdrawHashSet(actor, req.params.set, req.body.reason);
    return { withdrawn: r.entriesWithdrawn, set: r.set };
  });
};

/**
 * A subset of the Hasher-Matcher-Actioner (OpenMediaMatch) API so its users can switch:
 * POST /h/hash (upload -> {"pdq": ...}), GET /m/lookup?signal=&signal_type=[&banks=] and
 * POST /m/lookup (upload). Banks are hash-set slugs, bank_content_id the entry number.
 * Fetching media by URL (GET /h/hash?url=) is deliberately not offered: a Tessera node only
 * hashes bytes its caller sends.
 */
export const hmaCompatRoutes: FastifyPluginAsyncZod = async (app) => {
  await installUploads(app);
  const tags = ['hma-compatible'];
  const BankMatches = z.record(z.string(), z.array(z.object({ bank_content_id: z.number(), distance: z.string() })));

  const lookup = async (req: FastifyRequest, signalType: string, signal: string, banks?: string): Promise<z.infer<typeof BankMatches>> => {
    const sets = banks ? banks.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : undefined;
    const [out] = await registryOf(app).match(principalOf(req), [{ signalType, value: signal }], { ...(sets ? { sets } : {}) });
    if (!out) return {};
    if (!out.ok) throw new TesseraError(out.error.code, out.error.message, { where: { field: 'signal' } });
    const res: z.infer<typeof BankMatches> = {};
    for (const m of out.matches) (res[m.set.slug] ??= []).push({ bank_content_id: m.seq, distance: String(m.distance) });
    return res;
  };

  app.get('/h/hash', { schema: { tags, summary: 'Not offered: Tessera does not fetch media by URL; POST the bytes instead', querystring: z.object({ url: z.string().max(4000).optional() }) } }, async () => {
    throw new TesseraError('url_fetch_disabled', 'A Tessera node does not fetch media from URLs. POST the file to /h/hash (multipart/form-data) instead.', { where: { field: 'url' }, status: 400 });
  });

  app.post('/h/hash', { schema: { tags, summary: 'Hash an uploaded photo: {"pdq": "<hash>"} (bytes dropped after hashing)', response: { 200: z.record(z.string(), z.string()) } } }, async (req) => {
    principalOf(req);
    const h = await hashBytes(await uploadedBytes(req), { maxBytes: MAX_UPLOAD });
    if (!h.pdq) throw new TesseraError(h.pdqError?.code ?? 'not_an_image', h.pdqError?.message ?? 'Not an image.', { where: { field: 'file' } });
    return { pdq: h.pdq };
  });

  app.get('/m/lookup', {
    schema: { tags, summary: 'Look up a hash: {BANK: [{bank_content_id, distance}]}', querystring: z.object({ signal: Hex, signal_type: z.string().max(64), banks: z.string().max(2000).optional() }), response: { 200: BankMatches } },
  }, async (req) => lookup(req, req.query.signal_type, req.query.signal, req.query.banks));

  app.post('/m/lookup', {
    schema: { tags, summary: 'Look up an uploaded photo: {"pdq": {BANK: [...]}}', querystring: z.object({ banks: z.string().max(2000).optional() }), response: { 200: z.record(z.string(), BankMatches) } },
  }, async (req) => {
    const h = await hashBytes(await uploadedBytes(req), { maxBytes: MAX_UPLOAD });
    if (!h.pdq) throw new TesseraError(h.pdqError?.code ?? 'not_an_image', h.pdqError?.message ?? 'Not an image.', { where: { field: 'file' } });
    return { pdq: await lookup(req, 'pdq', h.pdq, req.query.banks) };
  });
};
