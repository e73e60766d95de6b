import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AccessQuery, ContactAccessSummary, ContactAggregateRequest, ContactExportRequest, ContactFilter, SharedContact, aggregateContacts, exportContacts, getContact, listContacts } from '../../records/index.ts';
import { principalOf } from '../context.ts';
import { sendJsonLines } from '../ndjson.ts';

// Helpline contacts come back as the policy module's plan shows them, exactly like reports.
const ContactPage = z.object({ items: z.array(SharedContact), nextCursor: z.string().nullable(), access: ContactAccessSummary }).meta({ id: 'ContactPage' });

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/contacts', { schema: { tags: ['records'], summary: 'Helpline contacts you may read (own, or under ?agreement=&purpose=), newest first, with filters and cursor pagination', querystring: ContactFilter, response: { 200: ContactPage } } }, async (req) =>
    listContacts(app.tessera.store, principalOf(req), req.query),
  );

  app.get('/contacts/:id', { schema: { tags: ['records'], summary: 'One helpline contact as you may see it', params: z.object({ id: z.string().max(200) }), querystring: AccessQuery, response: { 200: z.object({ contact: SharedContact, access: ContactAccessSummary }) } } }, async (req) =>
    getContact(app.tessera.store, principalOf(req), req.params.id, req.query),
  );

  app.get('/export/contacts', { schema: { tags: ['governance'], summary: 'Export the helpline contacts you may read as JSON Lines; fields as the agreement shows them', querystring: ContactExportRequest.omit({ batchSize: true }) } }, async (req, reply) => {
    return sendJsonLines(reply, (write) => exportContacts(app.tessera.store, principalOf(req), req.query, write));
  });

  app.get('/aggregates/contacts', { schema: { tags: ['governance'], summary: 'Counts of the helpline contacts you may read, grouped by a field you may see in clear', querystring: ContactAggregateRequest, response: { 200: z.object({ groupBy: z.string(), groups: z.array(z.object({ key: z.string().nullable(), count: z.number() })), total: z.number(), access: ContactAccessSummary }) } } }, async (req) =>
    aggregateContacts(app.tessera.store, principalOf(req), req.query),
  );
};
