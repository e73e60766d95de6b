import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decide, requireAllowed, runRetention, tombstonesSince } from '../../policy/index.ts';
import { AccessSummary, AggregateRequest, ExportRequest, addReportNote, aggregateReports, exportReports } from '../../records/index.ts';
import { principalOf } from '../context.ts';
import { sendJsonLines } from '../ndjson.ts';

/** Export, aggregates, notes, retention and tombstones: thin routes over records and policy. */
export const governanceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/export/reports', {
    schema: {
      tags: ['governance'], summary: 'Export the reports you may read (own, or under ?agreement=&purpose=) as JSON Lines; fields as the agreement shows them',
      querystring: ExportRequest.omit({ batchSize: true, nested: true }).extend({ nested: z.enum(['true', 'false']).default('true') }),
    },
  }, async (req, reply) => {
    return sendJsonLines(reply, (write) => exportReports(app.tessera.store, principalOf(req), { agreement: req.query.agreement, purpose: req.query.purpose, datasetId: req.query.datasetId, nested: req.query.nested === 'true' }, write));
  });

  app.get('/aggregates/reports', { schema: { tags: ['governance'], summary: 'Counts of the reports you may read, grouped by a field you may see in clear', querystring: AggregateRequest, response: { 200: z.object({ groupBy: z.string(), groups: z.array(z.object({ key: z.string().nullable(), count: z.number() })), total: z.number(), access: AccessSummary }) } } }, async (req) =>
    aggregateReports(app.tessera.store, principalOf(req), req.query),
  );

  app.post('/reports/:id/notes', { schema: { tags: ['records'], summary: 'Add a free-text note to your report; sealed at rest (AES-256-GCM, per-dataset key)', params: z.object({ id: z.string().max(200) }), body: z.strictObject({ text: z.string().min(1).max(20_000) }), response: { 201: z.object({ reportId: z.string(), sealed: z.literal(true) }) } } }, async (req, reply) =>
    reply.status(201).send(await addReportNote(app.tessera.store, principalOf(req), req.params.id, req.body.text)),
  );

  app.post('/retention/run', { schema: { tags: ['governance'], summary: "Run retention over your organisation's datasets (admin); dryRun lists what would happen", body: z.strictObject({ dryRun: z.boolean().default(true) }) } }, async (req) => {
    const p = principalOf(req);
    requireAllowed(decide(p, 'manage', 'organisation'));
    return runRetention(app.tessera.store, { dryRun: req.body.dryRun, orgId: p.orgId, actor: { userId: p.userId, orgId: p.orgId, via: p.via } });
  });

  app.get('/tombstones', { schema: { tags: ['governance'], summary: "Tombstones of your organisation's deleted, anonymised or consent-withdrawn records (for peers), in sequence order after a cursor", querystring: z.object({ after: z.string().max(20).optional().meta({ description: 'The nextCursor of the previous page (a sequence number); omit to start from the beginning.' }), limit: z.coerce.number().int().min(1).max(5000).default(1000) }) } }, async (req) => {
    const p = principalOf(req);
    requireAllowed(decide(p, 'read', 'report'));
    // nextCursor is always returned (it stays put when nothing is new) so a peer can store it and poll.
    return tombstonesSince(app.tessera.store, { orgId: p.orgId, after: req.query.after ?? null, limit: req.query.limit });
  });
};
