import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Where the console's built files are; `npm run build:console` writes them (web/dist). */
export const CONSOLE_PATH = '/console/';
export function consoleDir(): string {
  // Same relative position from src/server/routes and from dist/server/routes.
  return process.env.TESSERA_CONSOLE_DIR ?? fileURLToPath(new URL('../../../web/dist/', import.meta.url));
}
export function consoleBuilt(dir = consoleDir()): boolean {
  return existsSync(dir + '/index.html');
}

// The console talks only to this node's API: nothing is fetched from elsewhere.
const CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The steward console: static files of the React app at /console/ (it calls /api/v1 with the
 * person's token like any other client). `/` leads there. Without a build, a page says how to make one.
 */
export const consoleRoutes: FastifyPluginAsyncZod = async (app) => {
  const dir = consoleDir();
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect(CONSOLE_PATH));
  app.get('/console', { schema: { hide: true } }, async (_req, reply) => reply.redirect(CONSOLE_PATH));
  if (!consoleBuilt(dir)) {
    app.get('/console/*', { schema: { hide: true } }, async (_req, reply) =>
      reply.status(503).type('text/plain; charset=utf-8').send('The console is not built on this node. Run "npm run build:console" (npm start does it for you), then reload.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir, prefix: CONSOLE_PATH, index: ['index.html'], wildcard: true, decorateReply: false,
    setHeaders: (res, path) => {
      res.header('content-security-policy', CSP);
      res.header('x-content-type-options', 'nosniff');
      res.header('referrer-policy', 'no-referrer');
      // Hashed asset names never change; index.html must be re-read to pick up a new build.
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
};
