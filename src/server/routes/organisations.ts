import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Dataset, DatasetEntity, Organisation } from '../../model/index.ts';
import { getDataset, getOrganisation, listDatasets, listOrganisations, registerDataset } from '../../records/index.ts';
import { principalOf } from '../context.ts';

const DatasetCreate = (DatasetEntity.input as unknown as z.ZodObject<z.ZodRawShape>).omit({ ownerOrgId: true, createdAt: true, id: true }).meta({ id: 'DatasetCreate', description: "A dataset of the caller's organisation." });

/** The directory (organisations) and catalogue (datasets). */
export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/organisations', { schema: { tags: ['directory'], summary: 'Organisations known to this node', response: { 200: z.object({ items: z.array(Organisation) }) } } }, async (req) => ({
    items: await listOrganisations(app.tessera.store, principalOf(req)),
  }));

  app.get('/organisations/:id', { schema: { tags: ['directory'], summary: 'One organisation, by id or slug', params: z.object({ id: z.string().max(200) }), response: { 200: Organisation } } }, async (req) =>
    getOrganisation(app.tessera.store, principalOf(req), req.params.id),
  );

  app.get('/datasets', { schema: { tags: ['catalogue'], summary: 'Datasets (descriptions only, never their records)', querystring: z.object({ ownerOrgId: z.string().max(100).optional() }), response: { 200: z.object({ items: z.array(Dataset) }) } } }, async (req) => ({
    items: await listDatasets(app.tessera.store, principalOf(req), req.query),
  }));

  app.get('/datasets/:id', { schema: { tags: ['catalogue'], summary: 'One dataset description', params: z.object({ id: z.string().max(200) }), response: { 200: Dataset } } }, async (req) =>
    getDataset(app.tessera.store, principalOf(req), req.params.id),
  );

  app.post('/datasets', { schema: { tags: ['catalogue'], summary: "Register a dataset of the caller's organisation (steward or admin)", body: DatasetCreate, response: { 201: Dataset } } }, async (req, reply) => {
    const ds = await registerDataset(app.tessera.store, principalOf(req), req.body as Parameters<typeof registerDataset>[2]);
    return reply.status(201).send(ds);
  });
};
