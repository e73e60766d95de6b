import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BudgetRequest, StatsRequest, parseStatsQuery, runStats, setPrivacyBudget } from '../../privacy/index.ts';
import { principalOf } from '../context.ts';

const Entry = z.object({ cell: z.record(z.string(), z.string()), value: z.number().nullable(), status: z.enum(['shown', 'primary', 'secondary', 'differencing']) });
const StatsResponse = z
  .object({
    dims: z.array(z.string()), entries: z.array(Entry), suppressed: z.object({ primary: z.number(), secondary: z.number(), differencing: z.number() }),
    query: z.string(), threshold: z.number(), unit: z.string(), dp: z.unknown().nullable(), access: z.unknown(),
  })
  .meta({ id: 'StatsResult', description: 'Counts with their margins ("*" = total): suppressed entries have value null and say why; with ε, values are noisy.' });

export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/stats', { schema: { tags: ['privacy'], summary: 'Disclosure-controlled counts of reports by up to three dimensions (suppression, or differential privacy with ε)', body: StatsRequest.extend({ query: z.string().max(500).optional().meta({ description: 'Instead of dimensions and filters: "country,month where kind=cybertip".' }) }).partial({ dimensions: true }), response: { 200: StatsResponse } } }, async (req) => {
    const { query, ...rest } = req.body;
    const parsed = query ? parseStatsQuery(query) : null;
    return runStats(app.tessera.store, principalOf(req), { ...rest, dimensions: parsed?.dimensions ?? rest.dimensions ?? [], filters: { ...parsed?.filters, ...rest.filters } } as z.input<typeof StatsRequest>);
  });
  app.put('/stats/budgets/:datasetId', { schema: { tags: ['privacy'], summary: "Set a dataset's total privacy budget ε (steward or admin of its organisation)", params: z.object({ datasetId: z.string().max(100) }), body: BudgetRequest.pick({ epsilon: true }) } }, async (req) =>
    setPrivacyBudget(app.tessera.store, principalOf(req), req.params.datasetId, req.body.epsilon),
  );
};
