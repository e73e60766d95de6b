import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { pdqFromPixels } from '../src/hashing/pdq/core.ts';
import { patternPixels } from '../src/hashing/pdq/fixtures/patterns.ts';
import { describeEachStore } from './support/databases.ts';
import { seedTwoOrgs, type TwoOrgs } from './support/fixtures.ts';

/** A generated test picture (no real content) and the PDQ of its exact pixels. */
async function picture(seed: number) {
  const spec = { name: 't', width: 320, height: 240, channels: 3 as const, seed };
  const px = patternPixels(spec);
  const png = await sharp(Buffer.from(px), { raw: { width: 320, height: 240, channels: 3 } }).png().toBuffer();
  return { png, pdq: pdqFromPixels({ data: px, width: 320, height: 240, channels: 3 }).hash };
}

function multipart(bytes: Buffer, field = 'file', filename = 'upload.png') {
  const boundary = '----tessera' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachStore('hashing and registry API', (fx) => {
  let app: FastifyInstance;
  let orgs: TwoOrgs;
  let pic: { png: Buffer; pdq: string };
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    orgs = await seedTwoOrgs(fx.store());
    app = await buildApp({ store: fx.store() });
    pic = await picture(77);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('hashes an upload (raw body or multipart) without storing anything', async () => {
    const raw = await app.inject({ method: 'POST', url: '/api/v1/hashing/hash', payload: pic.png, headers: { ...auth(orgs.hotline.tokens.analyst), 'content-type': 'image/png' } });
    expect(raw.statusCode, raw.body).toBe(200);
    expect(raw.json()).toMatchObject({ pdq: pic.pdq, sha256: createHash('sha256').update(pic.png).digest('hex'), width: 320, height: 240 });
    expect(raw.json().quality).toBeGreaterThanOrEqual(50);
    const mp = multipart(pic.png);
    const viaForm = await app.inject({ method: 'POST', url: '/api/v1/hashing/hash', payload: mp.payload, headers: { ...auth(orgs.hotline.tokens.analyst), ...mp.headers } });
    expect(viaForm.json().pdq).toBe(pic.pdq);
    // Not an image: exact hashes, and the reason there is no PDQ.
    const text = await app.inject({ method: 'POST', url: '/api/v1/hashing/hash', payload: Buffer.from('hello'), headers: { ...auth(orgs.hotline.tokens.analyst), 'content-type': 'application/octet-stream' } });
    expect(text.json()).toMatchObject({ md5: '5d41402abc4b2a76b9719d911017c592', pdqError: { code: 'not_an_image' } });
    // A truncated image.
    const cut = await app.inject({ method: 'POST', url: '/api/v1/hashing/hash', payload: pic.png.subarray(0, 400), headers: { ...auth(orgs.hotline.tokens.analyst), 'content-type': 'image/png' } });
    expect(cut.json().pdqError.code).toMatch(/image_corrupt|not_an_image/);
    const nothing = await app.inject({ method: 'POST', url: '/api/v1/hashing/hash', headers: auth(orgs.hotline.tokens.analyst) });
    expect(nothing.statusCode).toBe(415);
    const rows = await fx.store().db.withTables<{ hash_entries: { id: string } }>().selectFrom('hash_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(0);
  });

  it('imports, matches in batches, classifies and takes feedback', async () => {
    const forbidden = await app.inject({ method: 'POST', url: '/api/v1/hash-sets/import', payload: { set: 'bank-a', text: pic.pdq }, headers: auth(orgs.hotline.tokens.auditor) });
    expect(forbidden.statusCode).toBe(403);
    const imp = await app.inject({
      method: 'POST', url: '/api/v1/hash-sets/import', headers: auth(orgs.hotline.tokens.steward),
      payload: { set: 'bank-a', text: `${pic.pdq}\tknown\nnot a hash\n`, file: 'bank-a.txt', source: { name: 'synthetic' }, classification: { scheme: 'uk-2014', code: 'B', confidence: 0.8 } },
    });
    expect(imp.statusCode, imp.body).toBe(200);
    expect(imp.json()).toMatchObject({ added: 1, classified: 1, problems: [{ code: 'invalid_pdq_hash', where: { file: 'bank-a.txt', line: 2 } }] });
    const sets = await app.inject({ url: '/api/v1/hash-sets', headers: auth(orgs.platform.tokens.analyst) });
    expect(sets.json().items).toMatchObject([{ slug: 'bank-a', owner: { slug: 'test-hotline' }, liveEntries: 1 }]);

    const other = (await picture(78)).pdq;
    const m = await app.inject({
      method: 'POST', url: '/api/v1/hashes/match', headers: auth(orgs.platform.tokens.analyst),
      payload: { queries: [{ signalType: 'pdq', value: pic.pdq }, { signalType: 'pdq', value: 'xyz' }, { signalType: 'pdq', value: other }] },
    });
    expect(m.statusCode, m.body).toBe(200);
    const [hit, bad, miss] = m.json().results;
    expect(hit).toMatchObject({ ok: true, matches: [{ distance: 0, label: 'known', set: { slug: 'bank-a', owner: 'test-hotline' } }], assessment: { previouslyAssessed: true, consensus: 'single' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_pdq_hash', where: { path: 'queries[1].value' } } });
    expect(miss).toMatchObject({ ok: true, matches: [], assessment: { previouslyAssessed: false } });

    const cls = await app.inject({ method: 'POST', url: '/api/v1/hashes/classifications', headers: auth(orgs.platform.tokens.analyst), payload: { value: pic.pdq, scheme: 'uk-2014', code: 'C' } });
    expect(cls.statusCode, cls.body).toBe(201);
    const look = await app.inject({ url: `/api/v1/hashes/lookup?value=${pic.pdq}`, headers: auth(orgs.hotline.tokens.analyst) });
    expect(look.json().assessment).toMatchObject({ consensus: 'disputed', schemes: [{ scheme: 'uk-2014', codes: [{ code: 'B', organisations: ['test-hotline'] }, { code: 'C', organisations: ['test-platform'] }] }] });
    const badCode = await app.inject({ method: 'POST', url: '/api/v1/hashes/classifications', headers: auth(orgs.platform.tokens.analyst), payload: { value: pic.pdq, scheme: 'uk-2014', code: 'Q' } });
    expect(badCode.statusCode).toBe(422);
    expect(badCode.json().error.details.closest).toBeDefined();

    const entry = hit.matches[0].entryId as string;
    const fb = await app.inject({ method: 'POST', url: '/api/v1/hashes/feedback', headers: auth(orgs.platform.tokens.analyst), payload: { value: pic.pdq, entry, verdict: 'true_positive' } });
    expect(fb.statusCode, fb.body).toBe(201);
    expect(fb.json()).toMatchObject({ organisation: 'test-platform', verdict: 'true_positive' });
    const after = await app.inject({ url: `/api/v1/hashes/lookup?value=${pic.pdq}`, headers: auth(orgs.hotline.tokens.analyst) });
    expect(after.json().matches[0].feedback).toEqual({ truePositive: 1, falsePositive: 0 });
    const lookBad = await app.inject({ url: '/api/v1/hashes/lookup?value=12', headers: auth(orgs.hotline.tokens.analyst) });
    expect(lookBad.statusCode).toBe(400);
    expect(lookBad.json().error.code).toBe('invalid_pdq_hash');
  });

  it('offers the HMA-compatible /h/hash and /m/lookup', async () => {
    const mp = multipart(pic.png, 'photo');
    const h = await app.inject({ method: 'POST', url: '/h/hash', payload: mp.payload, headers: { ...auth(orgs.platform.tokens.analyst), ...mp.headers } });
    expect(h.statusCode, h.body).toBe(200);
    expect(h.json()).toEqual({ pdq: pic.pdq });
    const l = await app.inject({ url: `/m/lookup?signal_type=pdq&signal=${pic.pdq}`, headers: auth(orgs.platform.tokens.analyst) });
    expect(l.json()).toEqual({ 'bank-a': [{ bank_content_id: expect.any(Number), distance: '0' }] });
    expect((await app.inject({ url: `/m/lookup?signal_type=pdq&signal=${pic.pdq}&banks=other`, headers: auth(orgs.platform.tokens.analyst) })).json()).toEqual({});
    const mp2 = multipart(pic.png);
    const pl = await app.inject({ method: 'POST', url: '/m/lookup', payload: mp2.payload, headers: { ...auth(orgs.platform.tokens.analyst), ...mp2.headers } });
    expect(Object.keys(pl.json().pdq)).toEqual(['bank-a']);
    const url = await app.inject({ url: '/h/hash?url=https://example.org/x.jpg', headers: auth(orgs.platform.tokens.analyst) });
    expect(url.statusCode).toBe(400);
    expect(url.json().error.code).toBe('url_fetch_disabled');
    expect((await app.inject({ url: `/m/lookup?signal_type=pdq&signal=${pic.pdq}` })).statusCode).toBe(401);
    const withdraw = await app.inject({ method: 'POST', url: '/api/v1/hash-sets/bank-a/withdraw', headers: auth(orgs.hotline.tokens.steward), payload: { reason: 'test' } });
    expect(withdraw.json().withdrawn).toBe(1);
    expect((await app.inject({ url: `/m/lookup?signal_type=pdq&signal=${pic.pdq}`, headers: auth(orgs.platform.tokens.analyst) })).json()).toEqual({});
  });
});
