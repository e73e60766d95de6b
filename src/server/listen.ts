import { startRollupCompaction } from '../indicators/index.ts';
import type { Store } from '../store/index.ts';
import { API_PREFIX, buildApp } from './app.ts';

export interface RunningServer {
  url: string;
  apiUrl: string;
  openapiUrl: string;
  docsUrl: string;
  /** The steward console (static files served by the node). */
  consoleUrl: string;
  close(): Promise<void>;
}

/** Starts the HTTP API on host:port (port 0 picks a free one). */
export async function startServer(store: Store, opts: { host?: string; port?: number; nodeName?: string; logLevel?: string }): Promise<RunningServer> {
  const level = opts.logLevel ?? process.env.TESSERA_LOG_LEVEL ?? 'info';
  const app = await buildApp({ store, ...(opts.nodeName ? { nodeName: opts.nodeName } : {}), logger: level === 'silent' ? false : { level } });
  const address = await app.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 8080 });
  const url = address.replace('[::1]', 'localhost');
  // A running node keeps its indicator rollup compact; stopped before the server (and the store) close.
  const compaction = startRollupCompaction(store);
  const close = async () => { await compaction.stop(); await app.close(); };
  return { url, apiUrl: url + API_PREFIX, openapiUrl: url + '/openapi.json', docsUrl: url + '/docs', consoleUrl: url + '/console/', close };
}

/** Closes the server and the store on Ctrl-C or SIGTERM, once. */
export function closeOnSignal(server: RunningServer, store: Store): Promise<void> {
  return new Promise((resolvePromise) => {
    let closing = false;
    const stop = async () => {
      if (closing) return;
      closing = true;
      process.stderr.write('\nstopping Tessera node…\n');
      await server.close().catch(() => {});
      await store.close().catch(() => {});
      resolvePromise();
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}
