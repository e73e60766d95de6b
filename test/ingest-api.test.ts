import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { describeEachStore } from './support/databases.ts';
import { fixture, seedIngestWorld, type IngestWorld } from './fixtures/ingest/support.ts';

const report = readFileSync(fixture('report-sample.xml'), 'utf8');
const csv = 'contact_id,date_time,channel,duration_minutes,child_age,child_gender,country,region,language,categories\nA-1,2026-05-01T10:00:00Z,Chat,4,15,Boy,BR,,pt-BR,Violence/Cyberbullying\nA-2,not a date,Chat,4,15,Boy,BR,,pt-BR,Violence/Cyberbullying\n';

describeEachStore('ingest and quarantine over HTTP', (fx) => {
  let w: IngestWorld;
  let app: FastifyInstance;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  beforeAll(async () => {
    w = await seedIngestWorld(fx.store());
    app = await buildApp({ store: fx.store() });
  });
  afterAll(async () => {
    await app.close();
  });

  it('POST /ingest/cybertipline-xml with a raw XML body: the summary as numbers, lineage visible on the record', async () => {
    const r = await app.inject({ method: 'POST', url: `/api/v1/ingest/cybertipline-xml?dataset=${w.orgs.platform.datasetId}&filename=sample.xml`, headers: { ...auth(w.orgs.platform.tokens.steward), 'content-type': 'application/xml' }, payload: report });
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json();
    expect(s).toMatchObject({ accepted: 1, duplicates: 0, quarantined: 0, files: ['sample.xml'] });
    const row = await fx.store().db.selectFrom('reports').select('id').where('dataset_id', '=', w.orgs.platform.datasetId).executeTakeFirstOrThrow();
    const src = await app.inject({ url: `/api/v1/ingest/sources/${row.id}`, headers: auth(w.orgs.platform.tokens.steward) });
    expect(src.json()).toMatchObject({ recordId: row.id, format: 'cybertipline-xml', file: 'sample.xml', line: 3, path: '/report' });
  });

  it('POST /ingest/helpline-csv as multipart with the shipped mapping; quarantine list, show, correct, retry', async () => {
    const boundary = '----tessera';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contacts.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const r = await app.inject({ method: 'POST', url: '/api/v1/ingest/helpline-csv?dataset=contacts&mapping=chi-style', headers: { ...auth(w.orgs.platform.tokens.steward), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ accepted: 1, quarantined: 1, byReason: { invalid_date: 1 } });
    const list = await app.inject({ url: '/api/v1/quarantine?format=helpline-csv', headers: auth(w.orgs.platform.tokens.steward) });
    const entries = list.json() as Array<{ id: string; error: { code: string; where: Record<string, unknown> } }>;
    expect(entries).toHaveLength(1);
    expect(entries[0]?.error).toMatchObject({ code: 'invalid_date', where: { file: 'contacts.csv', line: 3, field: 'date_time' } });
    const id = entries[0]?.id as string;
    const one = await app.inject({ url: `/api/v1/quarantine/${id}`, headers: auth(w.orgs.platform.tokens.steward) });
    expect(one.json().raw).toBe('A-2,not a date,Chat,4,15,Boy,BR,,pt-BR,Violence/Cyberbullying\n');
    const fixed = await app.inject({ method: 'POST', url: `/api/v1/quarantine/${id}/correct`, headers: auth(w.orgs.platform.tokens.steward), payload: { raw: one.json().raw.replace('not a date', '2026-05-01T11:00:00+02:00') } });
    expect(fixed.statusCode, fixed.body).toBe(200);
    const retry = await app.inject({ method: 'POST', url: `/api/v1/quarantine/${id}/retry`, headers: auth(w.orgs.platform.tokens.steward) });
    expect(retry.json()).toMatchObject({ status: 'resolved' });
    expect(retry.json().recordIds[0]).toMatch(/^contact--/);
    const open = await app.inject({ url: '/api/v1/quarantine', headers: auth(w.orgs.platform.tokens.steward) });
    expect(open.json()).toEqual([]);
  });

  it('refuses what policy refuses, with the JSON error shape', async () => {
    const r = await app.inject({ method: 'POST', url: `/api/v1/ingest/cybertipline-xml?dataset=${w.orgs.platform.datasetId}`, headers: { ...auth(w.orgs.platform.tokens.analyst), 'content-type': 'application/xml' }, payload: report });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('forbidden');
    const other = await app.inject({ method: 'POST', url: `/api/v1/ingest/cybertipline-xml?dataset=${w.orgs.platform.datasetId}`, headers: { ...auth(w.orgs.hotline.tokens.steward), 'content-type': 'application/xml' }, payload: report });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('forbidden_dataset');
    const q = await app.inject({ url: '/api/v1/quarantine', headers: auth(w.orgs.platform.tokens.analyst) });
    expect(q.statusCode).toBe(403);
  });
});
