import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Child, Classification, ContentItem, Signal, Subject } from '../../model/index.ts';
import { AccessQuery, AccessSummary, ReportFilter, ReportWriteRequest, SharedReport, getReport, listReports, writeReports } from '../../records/index.ts';
import { principalOf } from '../context.ts';

// Records come back as the policy module's plan shows them: hidden fields absent, some pseudonymised.
const ReportPage = z.object({ items: z.array(SharedReport), nextCursor: z.string().nullable(), access: AccessSummary }).meta({ id: 'ReportPage' });
const ReportDetail = z
  .object({
    report: SharedReport, contentItems: z.array(ContentItem).optional(), signals: z.array(Signal).optional(), children: z.array(Child).optional(), subjects: z.array(Subject).optional(),
    classifications: z.array(Classification).optional(), access: AccessSummary,
  })
  .meta({ id: 'ReportDetail', description: 'One report with the groups of nested records the reader may see (a hidden group is absent).' });
const WriteResult = z.object({ inserted: z.number(), duplicates: z.number() }).meta({ id: 'WriteResult' });

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/reports', { schema: { tags: ['records'], summary: 'Reports you may read, newest first, with filters and cursor pagination', querystring: ReportFilter, response: { 200: ReportPage } } }, async (req) =>
    listReports(app.tessera.store, principalOf(req), req.query),
  );

  app.get('/reports/:id', { schema: { tags: ['records'], summary: 'One report with its files (metadata and hashes only), signals, children and subjects', params: z.object({ id: z.string().max(200) }), querystring: AccessQuery, response: { 200: ReportDetail } } }, async (req) =>
    getReport(app.tessera.store, principalOf(req), req.params.id, req.query),
  );

  app.post('/reports', { schema: { tags: ['records'], summary: 'Write report bundles, all or nothing (steward or admin)', body: ReportWriteRequest, response: { 200: WriteResult } } }, async (req) =>
    writeReports(app.tessera.store, principalOf(req), req.body, { system: 'tessera-api', adapter: 'api', version: app.tessera.node.version }),
  );
};
