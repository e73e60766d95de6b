import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Purpose } from '../../model/index.ts';
import { PSI_GROUPS, PSI_KINDS, PsiOpenRequest, QUASI_IDENTIFIERS, assessRisk, httpTransport, responderFor, runPsi } from '../../privacy/index.ts';
import { principalOf } from '../context.ts';

const Session = z.object({ id: z.string().max(200) });
const Page = z.object({ offset: z.coerce.number().int().min(0), limit: z.coerce.number().int().min(1).max(65_536).default(65_536) });

/** Private set intersection (both roles) and the pre-share risk report. */
export const privacyRoutes: FastifyPluginAsyncZod = async (app) => {
  const responder = () => responderFor(app.tessera.store);
  // Responder role: another node's initiator calls these.
  app.post('/psi/sessions', { bodyLimit: 64 * 1024, schema: { tags: ['psi'], summary: 'Open a set intersection session with this node as responder (policy decision, caps, rate limit, audit)', body: PsiOpenRequest } }, async (req) =>
    responder().open(principalOf(req), req.body),
  );
  app.post('/psi/sessions/:id/blinded', { bodyLimit: 4 * 1024 * 1024, schema: { tags: ['psi'], summary: "A batch of the initiator's blinded elements (32-byte u- or x-coordinates, base64)", params: Session, body: z.strictObject({ offset: z.int().min(0), points: z.base64().max(3_000_000) }) } }, async (req) =>
    responder().receiveBlinded(principalOf(req), req.params.id, req.body.offset, Buffer.from(req.body.points, 'base64')),
  );
  app.get('/psi/sessions/:id/set', { schema: { tags: ['psi'], summary: "A batch of this node's blinded set", params: Session, querystring: Page } }, async (req) => ({
    points: (await responder().peerSet(principalOf(req), req.params.id, req.query.offset, req.query.limit)).toString('base64'),
  }));
  app.get('/psi/sessions/:id/doubled', { schema: { tags: ['psi'], summary: "A batch of the initiator's elements blinded by both sides (shuffled unless the intersection itself was agreed)", params: Session, querystring: Page } }, async (req) => ({
    points: (await responder().doubled(principalOf(req), req.params.id, req.query.offset, req.query.limit)).toString('base64'),
  }));
  app.post('/psi/sessions/:id/finish', { schema: { tags: ['psi'], summary: 'Close the session, reporting the cardinality for the record', params: Session, body: z.strictObject({ cardinality: z.int().min(0) }) } }, async (req) =>
    responder().finish(principalOf(req), req.params.id, req.body),
  );
  // Initiator role: this node runs the protocol against a peer.
  app.post('/psi/run', {
    schema: {
      tags: ['psi'], summary: 'Run a set intersection against a peer node as initiator',
      body: z.strictObject({ peer: z.url().max(500), token: z.string().min(1).max(500), agreement: z.string().max(200), purpose: Purpose, kind: z.enum(PSI_KINDS), reveal: z.enum(['cardinality', 'intersection']).default('cardinality'), group: z.enum(PSI_GROUPS).default('x25519') }),
    },
  }, async (req) => {
    const b = req.body;
    return runPsi(app.tessera.store, principalOf(req), { transport: httpTransport(b.peer, b.token), peer: b.peer, agreement: b.agreement, purpose: b.purpose, kind: b.kind, reveal: b.reveal, group: b.group });
  });
  app.post('/privacy/risk', {
    schema: {
      tags: ['privacy'], summary: 'k-anonymity risk of microdata before it is shared: records at risk and generalisations that fix them',
      body: z.strictObject({ records: z.array(z.unknown()).min(1).max(200_000), k: z.int().min(2).max(1000).default(5), quasiIdentifiers: z.array(z.enum(QUASI_IDENTIFIERS)).min(1).optional() }),
    },
  }, async (req) => assessRisk(req.body.records.map((record, i) => ({ record, line: i + 1 })), { k: req.body.k, ...(req.body.quasiIdentifiers ? { quasiIdentifiers: req.body.quasiIdentifiers } : {}) }));
};
