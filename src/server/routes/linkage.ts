import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseAccess, CaseFlagRequest, LinkRunRequest, explainReports, flagCase, getCase, listCases, runLinkage } from '../../linkage/index.ts';
import { principalOf } from '../context.ts';

export const linkageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/linkage/runs', { schema: { tags: ['linkage'], summary: 'Link the reports you may read (own, or under an agreement) and update cases', body: LinkRunRequest } }, async (req) => runLinkage(app.tessera.store, principalOf(req), req.body));
  app.get('/linkage/explain', { schema: { tags: ['linkage'], summary: 'Why two reports are linked: direct evidence or the chain through their case', querystring: CaseAccess.extend({ a: z.string().max(200), b: z.string().max(200) }) } }, async (req) => {
    const { a, b, ...access } = req.query;
    return explainReports(app.tessera.store, principalOf(req), a, b, access);
  });
  app.get('/cases', { schema: { tags: ['linkage'], summary: 'Cases with at least two reports you may read; urgent reviews first', querystring: CaseAccess.extend({ status: z.enum(['open', 'active', 'closed']).optional(), urgent: z.stringbool().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) } }, async (req) => {
    const { urgent, ...rest } = req.query;
    return { items: await listCases(app.tessera.store, principalOf(req), { ...rest, urgentOnly: urgent ?? false }) };
  });
  app.get('/cases/:id', { schema: { tags: ['linkage'], summary: 'One case: the reports you may read in it and the links between them, each explained', params: z.object({ id: z.string().max(200) }), querystring: CaseAccess } }, async (req) =>
    getCase(app.tessera.store, principalOf(req), req.params.id, req.query),
  );
  app.post('/cases/:id/flag', { schema: { tags: ['linkage'], summary: 'Flag a case active (investigation under way), or reopen or close it', params: z.object({ id: z.string().max(200) }), body: CaseFlagRequest } }, async (req) =>
    flagCase(app.tessera.store, principalOf(req), req.params.id, req.body),
  );
};
