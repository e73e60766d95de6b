import type { Command } from 'commander';
import { demoLogins, seedDemo } from '../../demo/index.ts';
import { openStore } from '../../store/index.ts';
import { closeOnSignal, startServer } from '../../server/listen.ts';
import { globalsOf, storeOptions } from '../context.ts';
import { printResult, table } from '../output.ts';
import { createProgress } from '../progress.ts';
import { addServeOptions, serverBanner, type ServeOptions } from './serve.ts';

interface DemoOptions extends ServeOptions {
  seed: string;
  reports: string;
  contacts: string;
  serve: boolean;
  json?: boolean;
}

/** `tessera demo`: seed the synthetic demo ecosystem (once) and serve it. `npm start` runs this. */
export function register(program: Command): void {
  addServeOptions(
    program
      .command('demo')
      .description('load the synthetic demo ecosystem into the store (once) and start the node')
      .option('--seed <n>', 'generator seed', '42')
      .option('--reports <n>', 'synthetic reports to generate', '20000')
      .option('--contacts <n>', 'synthetic helpline contacts to generate', '5000')
      .option('--no-serve', 'seed and exit without starting the server')
      .option('--json', 'print JSON'),
  ).action(async (_o, cmd: Command) => {
    const opts = globalsOf<DemoOptions>(cmd);
    const store = await openStore(storeOptions(opts));
    try {
      const progress = { reports: createProgress('demo reports', Number(opts.reports)), contacts: createProgress('demo contacts', Number(opts.contacts)) };
      const summary = await seedDemo(store, {
        seed: Number(opts.seed), reports: Number(opts.reports), contacts: Number(opts.contacts),
        onProgress: (stage, done) => progress[stage as keyof typeof progress]?.tick(done),
      });
      progress.reports.done();
      progress.contacts.done();
      const logins = await demoLogins(store);
      const server = opts.serve ? await startServer(store, { host: opts.host, port: Number(opts.port), ...(opts.logLevel ? { logLevel: opts.logLevel } : {}) }) : null;
      printResult({ demo: summary, logins, server: server ? { url: server.url, api: server.apiUrl, openapi: server.openapiUrl } : null }, opts, (r) =>
        [
          r.demo.seeded
            ? `Synthetic demo loaded (seed ${r.demo.seed}): ${r.demo.organisations} organisations, ${r.demo.datasets} datasets, ${r.demo.users} users, ${r.demo.reports.toLocaleString('en')} reports, ${r.demo.contacts.toLocaleString('en')} helpline contacts.`
            : `Synthetic demo already loaded (seed ${r.demo.seed}).`,
          'All demo data is synthetic: metadata, hashes and pseudonyms only.',
          '',
          'Demo API tokens (new each start; send as "Authorization: Bearer <token>"):',
          table(r.logins.map((l) => ({ organisation: l.organisation, kind: l.kind, user: l.email, token: l.token }))),
          server ? serverBanner(store.location, server) : '',
          server ? `Try: curl -H "Authorization: Bearer ${r.logins[0]?.token ?? '<token>'}" ${server.apiUrl}/reports?limit=3` : '',
          server ? 'Press Ctrl-C to stop.' : '',
        ].join('\n'),
      );
      if (server) await closeOnSignal(server, store);
    } finally {
      if (!opts.serve) await store.close();
    }
  });
}
