import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Child, Classification, ContentItem, Report, Signal, Subject } from '../../model/index.ts';
import { ReportFilter, ReportWriteRequest, getReport, listReports, writeReports } from '../../records/index.ts';
import { principalOf } from '../context.ts';

const ReportPage = z.object({ items: z.array(Report), nextCursor: z.string().nullable() }).meta({ id: 'ReportPage' });
const ReportDetail = z
  .object({ report: Report, contentItems: z.array(ContentItem), signals: z.array(Signal), children: z.array(Child), subjects: z.array(Subject), classifications: z.array(Classification) })
  .meta({ id: 'ReportDetail' });
const WriteResult = z.object({ inserted: z.number(), duplicates: z.number() }).meta({ id: 'WriteResult' });

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/reports', { schema: { tags: ['records'], summary: 'Reports you may read, newest first, with filters and cursor pagination', querystring: ReportFilter, response: { 200: ReportPage } } }, async (req) =>
    listReports(app.tessera.store, principalOf(req), req.query),
  );

  app.get('/reports/:id', { schema: { tags: ['records'], summary: 'One report with its files (metadata and hashes only), signals, children and subjects', params: z.object({ id: z.string().max(200) }), response: { 200: ReportDetail } } }, async (req) =>
    getReport(app.tessera.store, principalOf(req), req.params.id),
  );

  app.post('/reports', { schema: { tags: ['records'], summary: 'Write report bundles, all or nothing (steward or admin)', body: ReportWriteRequest, response: { 200: WriteResult } } }, async (req) =>
    writeReports(app.tessera.store, principalOf(req), req.body, { system: 'tessera-api', adapter: 'api', version: app.tessera.node.version }),
  );
};
