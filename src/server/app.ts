import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type FastifyPluginAsyncZod, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { CDM_VERSION } from '../model/index.ts';
import { loadSavedSchemes } from '../taxonomy/index.ts';
import type { Store } from '../store/index.ts';
import { installAuth } from './auth.ts';
import type { NodeContext } from './context.ts';
import { ErrorResponse, errorHandler } from './errors.ts';
import { hashingRoutes, hmaCompatRoutes } from './routes/hashing.ts';
import { organisationRoutes } from './routes/organisations.ts';
import { reportRoutes } from './routes/reports.ts';
import { systemRoutes } from './routes/system.ts';
import { agreementRoutes } from './routes/agreements.ts';
import { auditRoutes } from './routes/audit.ts';
import { consentRoutes } from './routes/consent.ts';
import { contactRoutes } from './routes/contacts.ts';
import { governanceRoutes } from './routes/governance.ts';
import { taxonomyRoutes } from './routes/taxonomy.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { linkageRoutes } from './routes/linkage.ts';
import { statsRoutes } from './routes/stats.ts';
import { referralRoutes } from './routes/referral.ts';
import { catalogueRoutes } from './routes/catalogue.ts';
import { indicatorRoutes, qualityRoutes } from './routes/indicators.ts';
import { exchangeRoutes } from './routes/exchange.ts';
import { taxiiRoutes } from './routes/taxii.ts';
import { consoleRoutes } from './routes/console.ts';

export const API_PREFIX = '/api/v1';
export const VERSION = '0.1.0';

/** Feature route groups mounted under /api/v1. Add a feature's plugin here. */
const apiRoutes: FastifyPluginAsyncZod[] = [systemRoutes, organisationRoutes, reportRoutes, taxonomyRoutes, hashingRoutes, ingestRoutes, agreementRoutes, consentRoutes, governanceRoutes, contactRoutes, auditRoutes, privacyRoutes, linkageRoutes, statsRoutes, exchangeRoutes, indicatorRoutes, qualityRoutes, referralRoutes, catalogueRoutes];
/** Route groups mounted at the root (compatibility APIs with their own paths). */
const rootRoutes: FastifyPluginAsyncZod[] = [hmaCompatRoutes, taxiiRoutes, consoleRoutes];

export interface AppOptions {
  store: Store;
  nodeName?: string;
  /** pino logger options, or false for silence (tests). */
  logger?: boolean | object;
  bodyLimitBytes?: number;
}

/**
 * The node's HTTP API: thin routes over the modules, validated with the same zod schemas that
 * generate `/openapi.json`. Every error is JSON with a code, a message and where it happened.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes ?? 16 * 1024 * 1024,
    // A malformed request never takes the node down: limits on what a client can make us parse.
    routerOptions: { maxParamLength: 500 },
    // Errors raised before routing (bad URL encoding, over-long parameters) get the same JSON shape.
    frameworkErrors: (error, _req, reply: FastifyReply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void reply.code(status).send({ error: { code: String((error as { code?: string }).code ?? 'bad_request').toLowerCase(), message: `The request URL could not be handled: ${error.message.slice(0, 200)}` } });
    },
  }).withTypeProvider<ZodTypeProvider>();
  const context: NodeContext = { store: opts.store, node: { name: opts.nodeName ?? 'tessera', version: VERSION, startedAt: new Date().toISOString() } };
  app.decorate('tessera', context);
  // The organisations' own classification schemes this node keeps (built-in ones are always there).
  await loadSavedSchemes(opts.store);
  app.setValidatorCompiler(validatorCompiler);
  // Responses are documented by their zod schemas but serialised as plain JSON: our records are
  // already validated on the way in, and re-validating every row on the way out halves read speed.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'route_not_found', message: `No route ${req.method} ${req.url.split('?')[0]}; see /openapi.json for the API.`, where: { path: req.url.split('?')[0] } } });
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Tessera node API', version: VERSION, description: `HTTP API of a Tessera node (Common Data Model ${CDM_VERSION}). Every route but /api/v1/health needs "Authorization: Bearer <token>".` },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token, "tsr_…"' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  installAuth(app, [API_PREFIX, '/h', '/m']);
  // Document the error shape on every route that documents its responses.
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Record<string, unknown> | undefined;
    if (response && !response['4XX']) response['4XX'] = ErrorResponse;
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(
    async (api) => {
      for (const routes of apiRoutes) await api.register(routes);
    },
    { prefix: API_PREFIX },
  );
  for (const routes of rootRoutes) await app.register(routes);
  return app;
}
