import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The API error shape every route returns: a stable code, a message a person can act on, where. */
export interface ApiProblem { code: string; message: string; where?: Record<string, unknown> }
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: ApiProblem) {
    super(problem.message);
  }
}

const TOKEN_KEY = 'tessera.token';
/** The token lives in this tab's session only: closing the tab signs the person out. */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (t: string) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

const auth: Middleware = {
  onRequest({ request }) {
    const t = session.token();
    if (t) request.headers.set('Authorization', `Bearer ${t}`);
    return request;
  },
};

/** The typed client: paths and bodies come from the node's OpenAPI document (schema.d.ts). */
export const api = createClient<paths>({ baseUrl: location.origin });
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiError with the node's own message. */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const r = await p;
  if (r.error !== undefined || !r.response.ok) {
    const e = (r.error as { error?: ApiProblem } | undefined)?.error;
    throw new ApiError(r.response.status, e ?? { code: `http_${r.response.status}`, message: `The node answered ${r.response.status}.` });
  }
  return r.data as T;
}

let openapiPaths: Promise<Set<string>> | null = null;
/** Capabilities that arrive with later builds; probed directly if /openapi.json cannot be read. */
const OPTIONAL = ['/api/v1/indicators', '/api/v1/referrals', '/api/v1/catalogue', '/api/v1/exchange/flows'];
/** Which API paths this node serves (from its public /openapi.json), to show "not available" honestly. */
export function servedPaths(): Promise<Set<string>> {
  openapiPaths ??= (async () => {
    try {
      const r = await fetch('/openapi.json');
      if (r.ok) return new Set(Object.keys(((await r.json()) as { paths?: Record<string, unknown> }).paths ?? {}));
    } catch {
      // fall through to probing
    }
    const t = session.token();
    const found = await Promise.all(OPTIONAL.map(async (p) => {
      const r = await fetch(p, { headers: t ? { authorization: `Bearer ${t}` } : {} }).catch(() => null);
      if (!r || r.status !== 404) return r ? p : null;
      const body = (await r.json().catch(() => null)) as { error?: { code?: string } } | null;
      return body?.error?.code === 'route_not_found' ? null : p;
    }));
    return new Set(found.filter((p): p is string => p !== null));
  })();
  return openapiPaths;
}
