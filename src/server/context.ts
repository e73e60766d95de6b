import type { Principal } from '../identity/principal.ts';
import type { Store } from '../store/index.ts';

/** What route handlers may reach: the node's store and facts about the node itself. */
export interface NodeContext {
  store: Store;
  node: { name: string; version: string; startedAt: string };
}

declare module 'fastify' {
  interface FastifyInstance {
    tessera: NodeContext;
  }
  interface FastifyRequest {
    /** The authenticated person; set by the auth hook on every /api route but health. */
    principal: Principal | null;
  }
}

/** The principal of an authenticated request (the auth hook guarantees one on /api routes). */
export function principalOf(req: { principal: Principal | null }): Principal {
  if (!req.principal) throw new Error('route reached without authentication: the auth hook must run first');
  return req.principal;
}
