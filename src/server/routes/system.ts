import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../identity/principal.ts';
import { CDM_VERSION, cdmJsonSchema, dataDictionary } from '../../model/index.ts';
import { principalOf } from '../context.ts';

const Health = z.object({ status: z.literal('ok'), node: z.string(), version: z.string(), cdmVersion: z.string(), store: z.enum(['pglite', 'postgres']), startedAt: z.string() }).meta({ id: 'Health' });
const Me = z
  .object({
    userId: z.string(), name: z.string(), email: z.string(), roles: z.array(z.enum(ROLES)),
    organisation: z.object({ id: z.string(), slug: z.string(), jurisdiction: z.string() }),
    dataProtectionTrainedAt: z.string().nullable(), safeguardingTrainedAt: z.string().nullable(),
  })
  .meta({ id: 'WhoAmI' });

/** Health, who-am-I and the model's own description. */
export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/health', { schema: { tags: ['system'], summary: 'Is the node up (no authentication)', security: [], response: { 200: Health } } }, async () => ({
    status: 'ok' as const, node: app.tessera.node.name, version: app.tessera.node.version, cdmVersion: CDM_VERSION, store: app.tessera.store.kind, startedAt: app.tessera.node.startedAt,
  }));

  app.get('/me', { schema: { tags: ['system'], summary: 'Who am I: the person, organisation and roles behind the token', response: { 200: Me } } }, async (req) => {
    const p = principalOf(req);
    return { userId: p.userId, name: p.name, email: p.email, roles: p.roles, organisation: { id: p.orgId, slug: p.orgSlug, jurisdiction: p.orgJurisdiction }, dataProtectionTrainedAt: p.dataProtectionTrainedAt, safeguardingTrainedAt: p.safeguardingTrainedAt };
  });

  app.get('/model/schema', { schema: { tags: ['model'], summary: 'The Common Data Model as JSON Schema 2020-12' } }, async () => cdmJsonSchema());
  app.get('/model/dictionary', { schema: { tags: ['model'], summary: 'The data dictionary: entities, fields, types and labels in several languages' } }, async () => dataDictionary());
};
