import type { Command } from 'commander';
import { CDM_VERSION } from '../../model/index.ts';
import { openStore } from '../../store/index.ts';
import { closeOnSignal, startServer } from '../../server/listen.ts';
import { startSyncLoop } from '../../exchange/index.ts';
import { globalsOf, storeOptions } from '../context.ts';

export interface ServeOptions {
  host: string;
  port: string;
  logLevel?: string;
  syncInterval?: string;
}

export function addServeOptions(cmd: Command): Command {
  return cmd
    .option('--host <host>', 'address to listen on', process.env.TESSERA_HOST ?? '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', process.env.PORT ?? '8080')
    .option('--log-level <level>', 'request log level: silent, error, warn, info, debug', process.env.TESSERA_LOG_LEVEL ?? 'warn')
    .option('--sync-interval <seconds>', 'seconds between rounds of the background sync with peers (0 = no background sync; status at /api/v1/exchange/status)', process.env.TESSERA_SYNC_INTERVAL ?? '2');
}

/** `tessera serve`: runs the node's HTTP API until Ctrl-C. */
export function register(program: Command): void {
  addServeOptions(program.command('serve').description('run the node: HTTP API and its OpenAPI document')).action(async (_o, cmd: Command) => {
    const opts = globalsOf<ServeOptions>(cmd);
    const store = await openStore(storeOptions(opts));
    const server = await startServer(store, { host: opts.host, port: Number(opts.port), ...(opts.logLevel ? { logLevel: opts.logLevel } : {}) });
    process.stdout.write(serverBanner(store.location, server));
    // The background sync with peers (pull, push, feedback); stopped before the store closes.
    const every = Number(opts.syncInterval ?? '0');
    const loop = every > 0 ? startSyncLoop(store, { intervalMs: every * 1000 }) : null;
    const stopAll = async () => { await loop?.stop(); await server.close(); };
    // An embedded store that cannot use its files stops the node (exit code 70, the failure on
    // stderr) rather than leaving it up and answering with nothing.
    const failed = new Promise<void>((resolve) => store.onFailure?.(() => resolve()));
    await Promise.race([
      closeOnSignal({ ...server, close: stopAll }, store),
      failed.then(async () => {
        process.exitCode = 70;
        await stopAll().catch(() => {});
        await store.close().catch(() => {});
      }),
    ]);
  });
}

export function serverBanner(location: string, s: { url: string; apiUrl: string; openapiUrl: string; docsUrl: string; consoleUrl?: string }): string {
  return [
    '',
    `Tessera node running (Common Data Model ${CDM_VERSION}, ${location})`,
    ...(s.consoleUrl ? [`  Console:  ${s.consoleUrl}`] : []),
    `  API:      ${s.apiUrl}`,
    `  OpenAPI:  ${s.openapiUrl}`,
    `  API docs: ${s.docsUrl}`,
    '',
  ].join('\n');
}
