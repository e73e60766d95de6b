import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CatalogueEntry, CatalogueEntryInput, CatalogueSearch, dataDictionaryHtml, getEntry, publishEntry, searchCatalogue } from '../../catalogue/index.ts';
import { principalOf } from '../context.ts';

/** The data catalogue: who holds what, on what terms; the data dictionary as HTML. */
export const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  const store = () => app.tessera.store;
  app.get('/catalogue', { schema: { tags: ['catalogue'], summary: 'Find who holds what: full-text words (web-search syntax), a dictionary field or entity, a topic, a holder, a country', querystring: CatalogueSearch, response: { 200: z.object({ items: z.array(CatalogueEntry) }) } } }, async (req) => ({
    items: await searchCatalogue(store(), principalOf(req), req.query),
  }));
  app.get('/catalogue/dictionary.html', { schema: { tags: ['catalogue'], summary: 'The data dictionary as an HTML page in en, fr, es, pt or de', querystring: z.object({ lang: z.string().max(10).default('en') }) } }, async (req, reply) => {
    principalOf(req);
    return reply.type('text/html; charset=utf-8').send(dataDictionaryHtml(req.query.lang, { linkFor: (l) => `dictionary.html?lang=${l}` }));
  });
  app.get('/catalogue/:datasetId', { schema: { tags: ['catalogue'], summary: 'The catalogue entry of one dataset', params: z.object({ datasetId: z.string().max(200) }), response: { 200: CatalogueEntry } } }, async (req) => getEntry(store(), principalOf(req), req.params.datasetId));
  app.post('/catalogue', { schema: { tags: ['catalogue'], summary: "Publish or replace the catalogue entry of one of your organisation's datasets (steward or admin)", body: CatalogueEntryInput, response: { 201: CatalogueEntry } } }, async (req, reply) =>
    reply.status(201).send(await publishEntry(store(), principalOf(req), req.body)),
  );
};
