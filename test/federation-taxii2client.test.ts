import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, localPrincipal, upsertUser } from '../src/identity/index.ts';
import { acceptAgreement, draftAgreement } from '../src/policy/index.ts';
import { registerDatasetAsNode, registerOrganisation } from '../src/records/index.ts';
import { buildApp } from '../src/server/app.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { seedReports } from './support/fixtures.ts';

/**
 * A TAXII 2.1 client that is not ours pages through a collection: the OASIS reference client
 * (github.com/oasis-open/cti-taxii-client, `taxii2client.v21`: Server → api_roots →
 * collections → as_pages(get_objects, per_request=7)), run with Debian's python3-requests,
 * python3-six and python3-tz. Manual check: there is no PyPI here, so the test runs only when
 * TAXII2CLIENT_DIR points at a checkout's folder holding `taxii2client/` (see docs/federation.md).
 */
const CLIENT = process.env.TAXII2CLIENT_DIR;
// Debian's python (its python3-requests, python3-six, python3-tz), not another python on PATH.
const PYTHON = process.env.TAXII2CLIENT_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const usable = !!CLIENT && existsSync(`${CLIENT}/taxii2client/v21/__init__.py`) && spawnSync(PYTHON, ['-c', 'import requests, six, pytz'], { encoding: 'utf8' }).status === 0;

const SCRIPT = String.raw`
import json, sys
sys.path.insert(0, sys.argv[1])
from taxii2client.v21 import Server, as_pages
server = Server(sys.argv[2], user='any', password=sys.argv[3])
root = server.api_roots[0]
cols = root.collections
readable = [c for c in cols if c.can_read]
ids, pages = [], 0
for env in as_pages(readable[0].get_objects, per_request=7):
    pages += 1
    ids += [o['id'] for o in env.get('objects', [])]
manifest = readable[0].get_manifest()
print(json.dumps({'title': server.title, 'root': root.title, 'versions': root.versions, 'collections': [(c.id, c.can_read, c.can_write) for c in cols], 'pages': pages, 'ids': ids, 'manifest': len(manifest.get('objects', []))}))
`;

describe.skipIf(!usable)('federation: the OASIS TAXII 2.1 client pages through a collection', () => {
  let store: Store;
  let app: FastifyInstance;
  let url = '';
  let token = '';
  let shared: string[] = [];

  beforeAll(async () => {
    store = await openStore({});
    const prov = await registerOrganisation(store, { slug: 'tc-hotline', name: 'tc hotline', kind: 'hotline', jurisdiction: 'NL', languages: [] });
    const rec = await registerOrganisation(store, { slug: 'tc-platform', name: 'tc platform', kind: 'platform', jurisdiction: 'US', languages: [] });
    const ds = await registerDatasetAsNode(store, { ownerOrgId: prov.id, slug: 'tips', name: 'tips', recordType: 'report', purpose: 'content-removal', legalBasis: 'legitimate-interest', createdAt: '2026-01-01T00:00:00Z' });
    shared = (await seedReports(store, prov.id, ds.id, 25, 'TC')).map((b) => b.report.id);
    const ps = await upsertUser(store, { orgId: prov.id, name: 's', email: 'steward@tc-hotline.example', roles: ['steward'], dataProtectionTrainedAt: new Date().toISOString() });
    const rs = await upsertUser(store, { orgId: rec.id, name: 's', email: 'steward@tc-platform.example', roles: ['steward', 'analyst'], dataProtectionTrainedAt: new Date().toISOString() });
    const a = await draftAgreement(store, await localPrincipal(store, ps.email), { slug: 'tc-share', title: 'tc', recipients: [{ orgId: rec.id }], purposes: ['content-removal'], legalBasis: 'legitimate-interest', datasetIds: [ds.id], actions: ['export'], fields: { kind: 'visible', country: 'visible' }, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z', retention: { days: 36500, then: 'delete' } });
    await acceptAgreement(store, await localPrincipal(store, ps.email), a.id, a.versionHash);
    await acceptAgreement(store, await localPrincipal(store, rs.email), a.id, a.versionHash);
    token = (await issueToken(store, rs.id)).token;
    app = await buildApp({ store });
    url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('discovers, lists collections and pages through every object once', async () => {
    // Asynchronously: the server answering the client runs in this process.
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const c = spawn(PYTHON, ['-c', SCRIPT, CLIENT as string, `${url}/taxii2/`, token]);
      let stdout = '';
      let stderr = '';
      c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      c.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as { title: string; versions: string[]; collections: Array<[string, boolean, boolean]>; pages: number; ids: string[]; manifest: number };
    expect(got.versions).toEqual(['application/taxii+json;version=2.1']);
    expect(got.pages).toBe(4);
    expect(got.ids.map((i) => i.replace('tessera-report--', 'report--')).sort()).toEqual([...shared].sort());
    expect(got.manifest).toBe(25);
  }, 120_000);
});
