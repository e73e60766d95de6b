import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authenticate, type Principal } from '../../identity/index.ts';
import { nodeKey, TAXII_MEDIA_TYPE, taxiiService as taxii } from '../../exchange/index.ts';
import { signBody, signatureFrom, signatureHeaders, SIG_HEADERS } from '../../exchange/signing.ts';
import { AuthError, TesseraError } from '../../shared/errors.ts';

/**
 * TAXII 2.1 at /taxii2/ (discovery) and /taxii2/tessera/ (the API root). Every response is
 * `application/taxii+json;version=2.1`; errors are TAXII error resources; object pages carry
 * X-TAXII-Date-Added-First/Last. Authentication: `Authorization: Bearer <token>`, or HTTP Basic
 * with the token as password (for TAXII clients that only do Basic). A request carrying
 * `Tessera-Nonce` gets a signed response (Tessera-Signature), which peers verify.
 */
const ROOT = '/taxii2/tessera';

function tokenOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  if (h.startsWith('Bearer ')) return h.slice(7).trim();
  if (h.startsWith('Basic ')) {
    const [, pass] = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8').split(/:(.*)/s);
    return pass;
  }
  return undefined;
}

const principal = (req: FastifyRequest): Principal => req.principal as Principal;

function errorResource(status: number, code: string, message: string): Record<string, unknown> {
  const titles: Record<number, string> = { 400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 406: 'Not acceptable', 409: 'Conflict', 413: 'Payload too large', 415: 'Unsupported media type', 422: 'Unprocessable', 500: 'Internal error', 502: 'Bad gateway' };
  return { title: titles[status] ?? 'Error', description: message, error_code: code, http_status: String(status) };
}

export const taxiiRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(async (t) => {
    t.removeAllContentTypeParsers();
    t.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    t.addHook('onRequest', async (req, reply) => {
      const accept = req.headers.accept;
      if (accept && !/application\/taxii\+json|\*\/\*|application\/\*/.test(accept)) {
        await reply.code(406).header('content-type', TAXII_MEDIA_TYPE).send(JSON.stringify(errorResource(406, 'not_acceptable', `This server answers ${TAXII_MEDIA_TYPE}; the Accept header asked for ${accept.slice(0, 100)}.`)));
        return reply;
      }
      req.principal = await authenticate(app.tessera.store, tokenOf(req));
      return undefined;
    });
    t.addHook('onSend', async (req, reply, payload) => {
      reply.header('content-type', TAXII_MEDIA_TYPE);
      const nonce = req.headers[SIG_HEADERS.nonce];
      if (typeof nonce === 'string' && nonce.length <= 100 && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
        const key = await nodeKey(app.tessera.store);
        for (const [k, v] of Object.entries(signatureHeaders(signBody(key, 'response', req.method, req.url, payload, nonce)))) reply.header(k, v);
      }
      return payload;
    });
    t.setErrorHandler(async (err: Error & { statusCode?: number }, _req, reply: FastifyReply) => {
      const status = err instanceof TesseraError ? err.status : err instanceof AuthError ? 403 : (err.statusCode ?? 500);
      const code = err instanceof TesseraError ? err.code : status === 415 ? 'unsupported_media_type' : status === 413 ? 'payload_too_large' : 'internal_error';
      const message = status >= 500 && !(err instanceof TesseraError) ? 'The server could not answer this request; it is logged.' : err.message;
      if (status >= 500) reply.log.error(err);
      return reply.code(status).header('content-type', TAXII_MEDIA_TYPE).send(JSON.stringify(errorResource(status, code, message)));
    });
    const send = (reply: FastifyReply, status: number, body: unknown, range?: { first: string | null; last: string | null }) => {
      if (range?.first) reply.header('X-TAXII-Date-Added-First', range.first);
      if (range?.last) reply.header('X-TAXII-Date-Added-Last', range.last);
      // A page of objects comes serialised already (text): encoded once, then signed and sent as those bytes.
      return reply.code(status).send(typeof body === 'string' ? Buffer.from(body) : JSON.stringify(body));
    };
    const base = (req: FastifyRequest) => `${req.protocol}://${req.headers.host ?? 'localhost'}`;
    const opts = { schema: { hide: true } };
    type P = { id: string; objectId: string; statusId: string };

    t.get('/taxii2/', opts, async (req, reply) => send(reply, 200, taxii.discovery(base(req))));
    t.get(`${ROOT}/`, opts, async (_req, reply) => send(reply, 200, taxii.apiRoot()));
    t.get(`${ROOT}/collections/`, opts, async (req, reply) => send(reply, 200, await taxii.collections(app.tessera.store, principal(req))));
    t.get(`${ROOT}/collections/:id/`, opts, async (req, reply) => send(reply, 200, await taxii.collection(app.tessera.store, principal(req), (req.params as P).id)));
    t.get(`${ROOT}/collections/:id/objects/`, opts, async (req, reply) => {
      const r = await taxii.getObjects(app.tessera.store, principal(req), (req.params as P).id, req.query);
      return send(reply, 200, r.text ?? r.envelope, r);
    });
    t.post(`${ROOT}/collections/:id/objects/`, opts, async (req, reply) => {
      const ct = req.headers['content-type'] ?? '';
      if (!ct.startsWith('application/taxii+json')) throw new TesseraError('unsupported_media_type', `POST objects as ${TAXII_MEDIA_TYPE} (an envelope {"objects": [...]}), not ${ct.slice(0, 80) || 'no Content-Type'}.`, { status: 415 });
      const raw = typeof req.body === 'string' ? req.body : '';
      return send(reply, 202, await taxii.addObjects(app.tessera.store, principal(req), (req.params as P).id, raw, signatureFrom(req.headers), req.url));
    });
    t.get(`${ROOT}/collections/:id/objects/:objectId/`, opts, async (req, reply) => {
      const r = await taxii.getObject(app.tessera.store, principal(req), (req.params as P).id, (req.params as P).objectId, req.query);
      return send(reply, 200, r.envelope, r);
    });
    t.delete(`${ROOT}/collections/:id/objects/:objectId/`, opts, async () => {
      throw new AuthError('forbidden', 'Objects cannot be deleted over TAXII here: the provider withdraws a record with a tombstone (a revoked version), which every recipient receives.');
    });
    t.get(`${ROOT}/collections/:id/objects/:objectId/versions/`, opts, async (req, reply) => {
      const r = await taxii.versions(app.tessera.store, principal(req), (req.params as P).id, (req.params as P).objectId, req.query);
      return send(reply, 200, r.envelope, r);
    });
    t.get(`${ROOT}/collections/:id/manifest/`, opts, async (req, reply) => {
      const r = await taxii.manifest(app.tessera.store, principal(req), (req.params as P).id, req.query);
      return send(reply, 200, r.envelope, r);
    });
    t.get(`${ROOT}/status/:statusId/`, opts, async (req, reply) => send(reply, 200, await taxii.status(app.tessera.store, principal(req), (req.params as P).statusId)));
  });
};
