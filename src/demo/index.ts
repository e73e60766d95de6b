import { issueToken, upsertUser } from '../identity/index.ts';
import { generateContacts, generateEcosystem, generateReports } from '../generator/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../records/index.ts';
import { compactRollups } from '../indicators/index.ts';
import type { Store } from '../store/index.ts';
import { bulkLoadReports } from '../store/bulk-load.ts';
import { insertContacts } from '../store/repositories/records.ts';
import { seedReferralDemo } from './referrals.ts';

/**
 * The synthetic demo: the generator's ecosystem (a hotline, a child helpline, platforms, a
 * law-enforcement unit, a research NGO…) loaded into one node so a person can explore it.
 * Seeding is skipped when the same demo is already in the store.
 */
export interface DemoOptions {
  seed: number;
  reports: number;
  contacts: number;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface DemoSummary {
  seeded: boolean;
  seed: number;
  organisations: number;
  datasets: number;
  users: number;
  reports: number;
  contacts: number;
}

export interface DemoLogin {
  organisation: string;
  kind: string;
  email: string;
  roles: string[];
  token: string;
}

const SETTING = 'demo.seed';

export async function seedDemo(store: Store, opts: DemoOptions): Promise<DemoSummary> {
  const eco = generateEcosystem({ seed: opts.seed });
  const wanted = { seed: opts.seed, reports: opts.reports, contacts: opts.contacts };
  const existing = await store.db.selectFrom('node_settings').select('value').where('key', '=', SETTING).executeTakeFirst();
  const base = { seed: opts.seed, organisations: eco.organisations.length, datasets: eco.datasets.length, users: eco.users.length, reports: opts.reports, contacts: opts.contacts };
  if (existing && JSON.stringify(typeof existing.value === 'string' ? JSON.parse(existing.value) : existing.value) === JSON.stringify(wanted)) {
    // A store seeded before the referral demo existed gets it now (once).
    await seedReferralDemo(store, eco);
    return { seeded: false, ...base };
  }

  for (const org of eco.organisations) await registerOrganisation(store, org);
  for (const ds of eco.datasets) await registerDatasetAsNode(store, ds);
  const orgBySlug = new Map(eco.organisations.map((o) => [o.slug, o.id]));
  for (const u of eco.users) {
    const orgId = orgBySlug.get(u.orgSlug);
    if (!orgId) continue;
    await upsertUser(store, { orgId, name: u.name, email: u.email, roles: u.roles, dataProtectionTrainedAt: u.dataProtectionTrainedAt, safeguardingTrainedAt: u.safeguardingTrainedAt });
  }
  await bulkLoadReports(store, generateReports({ seed: opts.seed, count: opts.reports }), { onBatch: (c) => opts.onProgress?.('reports', c.total, opts.reports) });
  let done = 0;
  for (const batch of generateContacts({ seed: opts.seed, count: opts.contacts })) {
    await store.db.transaction().execute((trx) => insertContacts(trx, batch));
    done += batch.length;
    opts.onProgress?.('contacts', done, opts.contacts);
  }
  const value = JSON.stringify(wanted);
  await store.db.insertInto('node_settings').values({ key: SETTING, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  opts.onProgress?.('referrals and catalogue', 0, 1);
  await seedReferralDemo(store, eco);
  opts.onProgress?.('referrals and catalogue', 1, 1);
  // Fold the rollup deltas the load wrote, so the first indicator reads are already small.
  await compactRollups(store);
  return { seeded: true, ...base };
}

/**
 * Fresh API tokens for one steward-or-admin per demo organisation. Earlier demo tokens are
 * revoked, so only the ones just printed work (tokens are stored hashed and cannot be shown again).
 */
export async function demoLogins(store: Store): Promise<DemoLogin[]> {
  await store.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('label', '=', 'demo').where('revoked_at', 'is', null).execute();
  const users = await store.db
    .selectFrom('users as u')
    .innerJoin('organisations as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.email', 'u.roles', 'o.slug', 'o.kind'])
    .orderBy('o.slug')
    .orderBy('u.email')
    .execute();
  const logins: DemoLogin[] = [];
  const seen = new Set<string>();
  for (const u of users) {
    if (seen.has(u.slug) || !u.roles.some((r) => r === 'steward' || r === 'admin')) continue;
    seen.add(u.slug);
    const t = await issueToken(store, u.id, { label: 'demo' });
    logins.push({ organisation: u.slug, kind: u.kind, email: u.email, roles: u.roles, token: t.token });
  }
  return logins;
}
