import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addPeer, listReceived, selfCard } from '../src/exchange/index.ts';
import { localPrincipal, upsertUser } from '../src/identity/index.ts';
import { acceptAgreement, draftAgreement } from '../src/policy/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { makeBundles } from './support/fixtures.ts';
import { insertReportBundles } from '../src/store/repositories/records.ts';
import { freePort } from './support/ports.ts';

/**
 * A real crash: the provider runs `tessera serve` in a child process; the recipient runs
 * `tessera sync --once` in another, which is killed with SIGKILL after a few pages were
 * committed. Restarted, the sync brings exactly the records the agreement shares — none
 * lost, none twice, each with one lineage hop.
 */
const BIN = join(import.meta.dirname, '..', 'bin', 'tessera.js');
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TESSERA_DATA'));
const dir = mkdtempSync(join(tmpdir(), 'tessera-fedcrash-'));
const dataA = join(dir, 'a');
const dataB = join(dir, 'b');
const children: ChildProcess[] = [];
const N = 3000;

async function node(store: Store, slug: string, kind: 'hotline' | 'platform') {
  const org = await registerOrganisation(store, { slug, name: slug, kind, jurisdiction: 'NL', languages: ['en'] });
  await store.db.insertInto('node_settings').values({ key: 'node.organisation', value: JSON.stringify(org.id) }).execute();
  const admin = await upsertUser(store, { orgId: org.id, name: 'admin', email: `admin@${slug}.example`, roles: ['admin'], dataProtectionTrainedAt: new Date().toISOString() });
  const steward = await upsertUser(store, { orgId: org.id, name: 'steward', email: `steward@${slug}.example`, roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
  return { orgId: org.id, admin: await localPrincipal(store, admin.email), steward: await localPrincipal(store, steward.email) };
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('federation: a node killed mid-sync and restarted', () => {
  it('loses nothing and doubles nothing', async () => {
    const portA = await freePort();
    const urlA = `http://127.0.0.1:${portA}`;
    const a = await openStore({ dataDir: dataA });
    const b = await openStore({ dataDir: dataB });
    const A = await node(a, 'crash-hotline', 'hotline');
    const B = await node(b, 'crash-platform', 'platform');
    const ds = await registerDatasetAsNode(a, { ownerOrgId: A.orgId, slug: 'tips', name: 'tips', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
    const bundles = makeBundles(A.orgId, ds.id, N, 'K');
    await a.db.transaction().execute((trx) => insertReportBundles(trx, bundles));
    const cardA = await selfCard(a, urlA);
    const cardB = await selfCard(b, 'http://127.0.0.1:9');
    const onA = await addPeer(a, A.admin, { card: cardB });
    const onB = await addPeer(b, B.admin, { card: cardA, token: onA.tokenForPeer as string });
    await addPeer(a, A.admin, { card: cardB, token: onB.tokenForPeer as string });
    const ag = await draftAgreement(a, A.steward, {
      slug: 'crash-share', title: 'crash test (synthetic)', recipients: [{ orgId: B.orgId }], purposes: ['content-removal'], legalBasis: 'legitimate-interest', datasetIds: [ds.id],
      actions: ['export'], fields: { kind: 'visible', country: 'visible', reportedAt: 'visible' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' },
    });
    await acceptAgreement(a, A.steward, ag.id, ag.versionHash);
    const bSteward = await upsertUser(a, { orgId: B.orgId, name: 'b steward', email: 'steward@crash-platform.example', roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
    await acceptAgreement(a, await localPrincipal(a, bSteward.email), ag.id, ag.versionHash);
    await a.close();
    await b.close();

    const server = spawn(process.execPath, [BIN, '--data', dataA, 'serve', '--port', String(portA), '--sync-interval', '0'], { env });
    children.push(server);
    let out = '';
    server.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('provider did not start: ' + out)), 90_000);
      server.stdout?.on('data', () => {
        if (/API:/.test(out)) {
          clearTimeout(t);
          resolve();
        }
      });
    });

    // First sync: SIGKILL after the third committed page.
    const sync = spawn(process.execPath, [BIN, '--data', dataB, 'sync', '--once', '--page-size', '100', '--verbose'], { env });
    children.push(sync);
    let err = '';
    const killed = await new Promise<string>((resolve) => {
      sync.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
        if ((err.match(/page \d+ committed/g) ?? []).length >= 3 && sync.exitCode === null) sync.kill('SIGKILL');
      });
      sync.on('exit', (code, signal) => resolve(String(signal ?? code)));
    });
    expect(killed, err).toBe('SIGKILL');

    const mid = await openStore({ dataDir: dataB });
    const partial = (await listReceived(mid, await localPrincipal(mid, 'admin@crash-platform.example'), { limit: 10_000 })).length;
    await mid.close();
    expect(partial).toBeGreaterThanOrEqual(300);
    expect(partial).toBeLessThan(N);

    // Restarted: the sync goes on from the last committed page.
    const again = spawnSync(process.execPath, [BIN, '--data', dataB, 'sync', '--once', '--page-size', '500', '--json'], { env, encoding: 'utf8', timeout: 180_000 });
    expect(again.status, again.stderr + again.stdout).toBe(0);
    const report = JSON.parse(again.stdout) as Array<{ objects: number; error: string | null }>;
    expect(report.find((r) => r.objects > 0)?.objects).toBeLessThanOrEqual(N - partial + 100);

    const end = await openStore({ dataDir: dataB });
    const got = await listReceived(end, await localPrincipal(end, 'admin@crash-platform.example'), { limit: 10_000 });
    await end.close();
    expect(got.map((g) => g.recordId).sort()).toEqual(bundles.map((x) => x.report.id).sort());
    for (const g of got) expect((g.record.lineage as { hops: unknown[] }).hops).toHaveLength(1);
    server.kill('SIGTERM');
  }, 300_000);
});
