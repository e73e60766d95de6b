import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EXPORT_FORMATS, IndicatorDefinition, IndicatorQuery, IndicatorResult, QualityRequest, RepresentationRequest, TrendResult, computeIndicator, datasetQuality, exportIndicator, indicatorTrend, listIndicators, minimisationReport, representationReport } from '../../indicators/index.ts';
import { principalOf } from '../context.ts';

const Name = z.object({ name: z.string().max(63) });
const TrendQuery = IndicatorQuery.omit({ grain: true }).extend({
  value: z.string().max(200).optional().meta({ description: 'With `by`: the breakdown value the series follows, e.g. by=country&value=BR.' }),
  baselineFrom: z.string().max(40).optional().meta({ description: 'Start of the baseline period (default: the first twelve months of the series).' }),
  baselineTo: z.string().max(40).optional(),
});

/** Indicators: the built-in set, values with coverage, monthly trends, and exports (CSV, JSON, HXL). */
export const indicatorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/indicators', { schema: { tags: ['indicators'], summary: 'The indicator definitions this node computes (definitions as data)', response: { 200: z.object({ items: z.array(IndicatorDefinition) }) } } }, async () => ({ items: [...listIndicators()] }));
  app.get('/indicators/:name', {
    schema: { tags: ['indicators'], summary: 'An indicator over a period: values by month, year or in total, optionally broken down, each with its coverage; shared counts are disclosure-controlled', params: Name, querystring: IndicatorQuery, response: { 200: IndicatorResult } },
  }, async (req) => computeIndicator(app.tessera.store, principalOf(req), req.params.name, req.query));
  app.get('/indicators/:name/trend', {
    schema: { tags: ['indicators'], summary: 'Monthly series with the same month a year before, year-on-year change and a baseline', params: Name, querystring: TrendQuery, response: { 200: TrendResult } },
  }, async (req) => {
    const { value, ...q } = req.query;
    return indicatorTrend(app.tessera.store, principalOf(req), req.params.name, { ...q, ...(value !== undefined ? { dimension: value } : {}) });
  });
  app.get('/indicators/:name/export', {
    schema: {
      tags: ['indicators'], summary: 'An indicator as a file: JSON, CSV, or CSV with HXL hashtags (a second header row) for humanitarian tools', params: Name,
      querystring: IndicatorQuery.extend({ format: z.enum(EXPORT_FORMATS).default('csv') }),
      produces: ['text/csv', 'application/json'],
    },
  }, async (req, reply) => {
    const { format, ...q } = req.query;
    const r = await computeIndicator(app.tessera.store, principalOf(req), req.params.name, q);
    const file = exportIndicator(r, format);
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="${req.params.name}.${file.extension}"`).send(file.body);
  });
  app.post('/indicators/compute', {
    schema: { tags: ['indicators'], summary: 'Compute an indicator from a definition given in the request (checked against the model: unknown fields are refused)', body: IndicatorQuery.extend({ definition: z.unknown() }), response: { 200: IndicatorResult } },
  }, async (req) => {
    const { definition, ...q } = req.body;
    return computeIndicator(app.tessera.store, principalOf(req), definition as IndicatorDefinition, q);
  });
};

/** Quality, representation and data-minimisation reports. */
export const qualityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/quality/datasets', { schema: { tags: ['quality'], summary: "Completeness and validity of each of your organisation's datasets", querystring: QualityRequest } }, async (req) => datasetQuality(app.tessera.store, principalOf(req), req.query));
  app.post('/quality/representation', { schema: { tags: ['quality'], summary: 'Coverage by country, language, gender, age or region compared with a reference population you supply; under-represented values flagged', body: RepresentationRequest } }, async (req) =>
    representationReport(app.tessera.store, principalOf(req), req.body),
  );
  app.get('/quality/minimisation', { schema: { tags: ['quality'], summary: 'Fields your organisation collects that no indicator, agreement or export uses' } }, async (req) => minimisationReport(app.tessera.store, principalOf(req)));
};
