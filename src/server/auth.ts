import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from '../identity/index.ts';

/** Paths under the API prefix that need no token. */
const PUBLIC = new Set(['/api/v1/health']);

/**
 * Authenticates every API call with a bearer token and attributes it: the principal is set
 * on the request and added to the request log, so each call is traceable to a person.
 */
export function installAuth(app: FastifyInstance, prefixes: string[]): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const path = req.url.split('?')[0] ?? '';
    if (!prefixes.some((p) => path === p || path.startsWith(p + '/')) || PUBLIC.has(path)) return;
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    req.principal = await authenticate(app.tessera.store, token);
    req.log = req.log.child({ user: req.principal.userId, org: req.principal.orgSlug });
  });
}
