import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addPeer, exchangeFlows, FeedbackInput, listFeedback, listPeers, listReceived, removePeer, selfCard, sendFeedback, syncLoopOf, syncOnce } from '../../exchange/index.ts';
import { requireExchange } from '../../exchange/peers.ts';
import { principalOf } from '../context.ts';

const Peer = z.object({ id: z.string(), orgId: z.string(), orgSlug: z.string(), url: z.string(), keyId: z.string(), publicKey: z.string(), hasToken: z.boolean(), pushRecords: z.boolean(), userId: z.string(), state: z.string(), createdAt: z.string() }).meta({ id: 'Peer' });
const Flow = z.object({
  peerId: z.string(), peerOrgId: z.string(), peerSlug: z.string(), agreementId: z.string(), agreementSlug: z.string().nullable(), direction: z.enum(['pull', 'push', 'send']),
  objects: z.number(), rejected: z.number(), lastRunAt: z.string().nullable(), lastOkAt: z.string().nullable(), lastObjectAt: z.string().nullable(), lastError: z.string().nullable(),
}).meta({ id: 'ExchangeFlow', description: 'One flow: a peer, an agreement and a direction (pull: records in; push: our records out; send: feedback out), with counts and times.' });

/** Tessera's management routes for the exchange (TAXII itself is at /taxii2/). */
export const exchangeRoutes: FastifyPluginAsyncZod = async (app) => {
  const store = () => app.tessera.store;
  app.get('/exchange/self', { schema: { tags: ['exchange'], summary: "This node's peer card (organisation, URL, Ed25519 key) to give to another organisation", querystring: z.strictObject({ url: z.url() }) } }, async (req) => {
    requireExchange(principalOf(req), 'manage-peers');
    return selfCard(store(), req.query.url);
  });
  app.get('/exchange/peers', { schema: { tags: ['exchange'], summary: 'Registered peers', response: { 200: z.object({ items: z.array(Peer) }) } } }, async (req) => {
    requireExchange(principalOf(req), 'read-flows');
    return { items: await listPeers(store()) };
  });
  app.post('/exchange/peers', {
    schema: { tags: ['exchange'], summary: 'Register or update a peer from its card; returns the token the peer must use (once)', body: z.strictObject({ card: z.record(z.string(), z.unknown()), token: z.string().max(200).optional(), pushRecords: z.boolean().optional(), trainedAt: z.iso.datetime({ offset: true }).optional() }) },
  }, async (req, reply) => {
    const r = await addPeer(store(), principalOf(req), req.body);
    return reply.code(201).send(r);
  });
  app.delete('/exchange/peers/:id', { schema: { tags: ['exchange'], summary: 'Stop exchanging with a peer (its tokens stop working)', params: z.object({ id: z.string().max(200) }) } }, async (req) => removePeer(store(), principalOf(req), req.params.id));
  app.post('/exchange/sync', { schema: { tags: ['exchange'], summary: 'Run one sync round now (all peers, or one)', body: z.strictObject({ peer: z.string().max(200).optional() }).optional() } }, async (req) => {
    requireExchange(principalOf(req), 'manage-peers');
    return { links: await syncOnce(store(), { peer: req.body?.peer }) };
  });
  app.get('/exchange/status', { schema: { tags: ['exchange'], summary: 'The background sync loop and every flow' } }, async (req) => {
    const flows = await exchangeFlows(store(), principalOf(req));
    const loop = syncLoopOf(store());
    return { loop: loop ? { running: true, ...loop.last() } : { running: false }, flows };
  });
  app.get('/exchange/flows', { schema: { tags: ['exchange'], summary: 'Live flows per peer, agreement and direction: objects, rejected, last times', response: { 200: z.object({ items: z.array(Flow) }) } } }, async (req) => ({ items: await exchangeFlows(store(), principalOf(req)) }));
  app.post('/exchange/feedback', { schema: { tags: ['exchange'], summary: 'Send feedback on a received record to its source (attributed unless anonymous)', body: FeedbackInput } }, async (req, reply) => reply.code(202).send(await sendFeedback(store(), principalOf(req), req.body)));
  app.get('/exchange/feedback', { schema: { tags: ['exchange'], summary: "Feedback peers sent about your organisation's records", querystring: z.strictObject({ recordId: z.string().max(200).optional(), type: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(5000).optional() }) } }, async (req) => ({ items: await listFeedback(store(), principalOf(req), req.query) }));
  app.get('/exchange/received', { schema: { tags: ['exchange'], summary: 'Copies received from peers, as their agreements let them travel', querystring: z.strictObject({ agreementId: z.string().max(200).optional(), recordId: z.string().max(200).optional(), after: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(10_000).optional() }) } }, async (req) => ({ items: await listReceived(store(), principalOf(req), req.query) }));
};
