import type { Command } from 'commander';
import { issueToken, upsertUser } from '../../identity/index.ts';
import { ORGANISATION_KINDS } from '../../model/index.ts';
import { registerOrganisation } from '../../records/index.ts';
import { appliedMigrations } from '../../store/index.ts';
import { globalsOf, withStore } from '../context.ts';
import { printResult } from '../output.ts';

interface InitOptions {
  org?: string;
  orgName?: string;
  kind?: string;
  jurisdiction?: string;
  adminEmail?: string;
  adminName?: string;
  json?: boolean;
}

/** `tessera init`: creates (or upgrades) the store; optionally registers this node's organisation and its first admin. */
export function register(program: Command): void {
  program
    .command('init')
    .description("create or upgrade the node's store; with --org, register the node's organisation and an admin (prints the admin's API token once)")
    .option('--org <slug>', "slug of this node's organisation")
    .option('--org-name <name>', 'display name of the organisation')
    .option('--kind <kind>', `organisation kind: ${ORGANISATION_KINDS.join(', ')}`)
    .option('--jurisdiction <CC>', 'ISO country code of the organisation')
    .option('--admin-email <email>', 'e-mail of the first administrator')
    .option('--admin-name <name>', 'name of the first administrator', 'Administrator')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const opts = globalsOf<InitOptions>(cmd);
      const result = await withStore(opts, async (store) => {
        const out: Record<string, unknown> = { store: store.location, migrations: await appliedMigrations(store) };
        if (opts.org) {
          const org = await registerOrganisation(store, { slug: opts.org, name: opts.orgName ?? opts.org, kind: (opts.kind ?? 'ngo') as (typeof ORGANISATION_KINDS)[number], jurisdiction: opts.jurisdiction ?? 'ZZ', languages: [] });
          await store.db.insertInto('node_settings').values({ key: 'node.organisation', value: JSON.stringify(org.id) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(org.id) })).execute();
          out.organisation = org;
          if (opts.adminEmail) {
            const user = await upsertUser(store, { orgId: org.id, name: opts.adminName ?? 'Administrator', email: opts.adminEmail, roles: ['admin', 'steward'] });
            const token = await issueToken(store, user.id, { label: 'init' });
            out.admin = { email: user.email, token: token.token };
          }
        }
        return out;
      });
      printResult(result, opts, (r) => {
        const lines = [`Tessera store ready: ${String(r.store)}`, `migrations applied: ${(r.migrations as string[]).join(', ')}`];
        if (r.organisation) lines.push(`organisation: ${(r.organisation as { slug: string; id: string }).slug} (${(r.organisation as { id: string }).id})`);
        if (r.admin) lines.push(`admin ${(r.admin as { email: string }).email} API token (shown once, keep it safe): ${(r.admin as { token: string }).token}`);
        return lines.join('\n');
      });
    });
}
