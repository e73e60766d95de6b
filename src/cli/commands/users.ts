import type { Command } from 'commander';
import { issueToken, listUsers, revokeToken, upsertUser, ROLES, type Role } from '../../identity/index.ts';
import { ORGANISATION_KINDS, type Organisation } from '../../model/index.ts';
import { registerOrganisation } from '../../records/index.ts';
import { organisationFromRow } from '../../store/repositories/rows.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { Store } from '../../store/index.ts';
import { globalsOf, withStore } from '../context.ts';
import { printResult, table } from '../output.ts';

/**
 * `tessera org …` and `tessera user …`: the node operator's set-up commands. They act as the
 * node itself (whoever runs the CLI on the node's machine administers it), not through the API.
 */
export function register(program: Command): void {
  const org = program.command('org').description('organisations known to this node');
  org
    .command('add')
    .description('register an organisation')
    .requiredOption('--slug <slug>', 'short unique name')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--kind <kind>', ORGANISATION_KINDS.join(', '))
    .requiredOption('--jurisdiction <CC>', 'ISO 3166-1 alpha-2 country code')
    .option('--languages <list>', 'comma-separated BCP 47 language tags', '')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ slug: string; name: string; kind: string; jurisdiction: string; languages: string; json?: boolean }>(cmd);
      const created = await withStore(o, (store) =>
        registerOrganisation(store, { slug: o.slug, name: o.name, kind: o.kind as Organisation['kind'], jurisdiction: o.jurisdiction, languages: o.languages ? o.languages.split(',').map((s) => s.trim()) : [] }),
      );
      printResult(created, o, (x) => `organisation ${x.slug} registered: ${x.id}`);
    });
  org
    .command('list')
    .description('list organisations')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ json?: boolean }>(cmd);
      const rows = await withStore(o, async (store) => (await store.db.selectFrom('organisations').selectAll().orderBy('slug').execute()).map(organisationFromRow));
      printResult(rows, o, (xs) => table(xs.map((x) => ({ slug: x.slug, kind: x.kind, jurisdiction: x.jurisdiction, name: x.name, id: x.id }))));
    });

  const user = program.command('user').description('people who use this node, and their API tokens');
  user
    .command('add')
    .description('add a user to an organisation (or update the one with this e-mail)')
    .requiredOption('--org <slug>', 'organisation slug')
    .requiredOption('--email <email>', 'e-mail address (the login)')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--roles <list>', `comma-separated roles: ${ROLES.join(', ')}`)
    .option('--data-protection-trained <date>', 'date of the last data-protection training (ISO 8601)')
    .option('--safeguarding-trained <date>', 'date of the last safeguarding training (ISO 8601)')
    .option('--token', 'also issue an API token and print it (once)')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ org: string; email: string; name: string; roles: string; dataProtectionTrained?: string; safeguardingTrained?: string; token?: boolean; json?: boolean }>(cmd);
      const result = await withStore(o, async (store) => {
        const orgId = await orgIdOf(store, o.org);
        const u = await upsertUser(store, {
          orgId, email: o.email, name: o.name, roles: o.roles.split(',').map((r) => r.trim() as Role),
          dataProtectionTrainedAt: toIsoDate(o.dataProtectionTrained), safeguardingTrainedAt: toIsoDate(o.safeguardingTrained),
        });
        const token = o.token ? (await issueToken(store, u.id, { label: 'cli' })).token : undefined;
        return { ...u, ...(token ? { token } : {}) };
      });
      printResult(result, o, (u) => `user ${u.email} (${u.roles.join(', ')}) saved${'token' in u ? `\nAPI token (shown once, keep it safe): ${String(u.token)}` : ''}`);
    });
  user
    .command('list')
    .description('list users')
    .option('--org <slug>', 'only this organisation')
    .option('--json', 'print JSON')
    .action(async (_o, cmd: Command) => {
      const o = globalsOf<{ org?: string; json?: boolean }>(cmd);
      const users = await withStore(o, async (store) => listUsers(store, o.org ? await orgIdOf(store, o.org) : undefined));
      printResult(users, o, (xs) => table(xs.map((u) => ({ email: u.email, name: u.name, roles: u.roles.join(','), 'data-protection trained': u.dataProtectionTrainedAt?.slice(0, 10) ?? 'never' }))));
    });
  user
    .command('token <email>')
    .description('issue a new API token for a user (printed once; only its hash is kept)')
    .option('--label <label>', 'what the token is for', 'cli')
    .option('--expires <date>', 'expiry date (ISO 8601)')
    .option('--json', 'print JSON')
    .action(async (email: string, _o, cmd: Command) => {
      const o = globalsOf<{ label: string; expires?: string; json?: boolean }>(cmd);
      const t = await withStore(o, async (store) => {
        const u = await store.db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
        if (!u) throw new NotFoundError('user', email);
        return issueToken(store, u.id, { label: o.label, expiresAt: toIsoDate(o.expires) });
      });
      printResult(t, o, (x) => `API token ${x.id} (shown once, keep it safe):\n${x.token}`);
    });
  user
    .command('revoke-token <tokenId>')
    .description('revoke an API token')
    .option('--json', 'print JSON')
    .action(async (tokenId: string, _o, cmd: Command) => {
      const o = globalsOf<{ json?: boolean }>(cmd);
      await withStore(o, (store) => revokeToken(store, tokenId));
      printResult({ revoked: tokenId }, o, (x) => `token ${x.revoked} revoked`);
    });
}

async function orgIdOf(store: Store, slug: string): Promise<string> {
  const row = await store.db.selectFrom('organisations').select('id').where((eb) => eb.or([eb('slug', '=', slug), eb('id', '=', slug)])).executeTakeFirst();
  if (!row) throw new NotFoundError('organisation', slug, { hint: 'list them with `tessera org list`' });
  return row.id;
}

function toIsoDate(s: string | undefined): string | null {
  if (!s) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s;
}
