import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../src/server/errors.ts';
import { taxonomyRoutes } from '../src/server/routes/taxonomy.ts';

// The plugin on a bare Fastify (the node app adds authentication in front of it).
let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(fastifySwagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '0' } }, transform: jsonSchemaTransform, transformObject: jsonSchemaTransformObject });
  await app.register(taxonomyRoutes, { prefix: '/api/v1' });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe('taxonomy API', () => {
  it('is described in the OpenAPI document', () => {
    const doc = app.swagger() as { paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/taxonomy/crosswalk', '/api/v1/terminology/lint', '/api/v1/taxonomy/schemes/{id}']));
    expect(doc.paths['/api/v1/taxonomy/crosswalk']?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'code', 'jurisdiction']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['TaxonomyTranslation', 'TerminologyFinding']));
  });

  it('lists schemes', async () => {
    const r = await app.inject({ url: '/api/v1/taxonomy/schemes' });
    expect(r.statusCode).toBe(200);
    expect(r.json().schemes.map((s: { id: string }) => s.id)).toContain('ncmec-industry');
  });

  it('shows a scheme in a language with the fallback marked', async () => {
    const r = await app.inject({ url: '/api/v1/taxonomy/schemes/luxembourg?lang=es' });
    const codes = r.json().codes as Array<{ code: string; label: string; fallback: boolean }>;
    expect(codes.find((c) => c.code === 'csam')).toMatchObject({ label: 'Material de abuso sexual infantil', fallback: false });
    expect(codes.find((c) => c.code === 'grooming')?.fallback).toBe(true);
  });

  it('translates a code', async () => {
    const r = await app.inject({ url: '/api/v1/taxonomy/crosswalk?from=copine&to=uk-sap&code=10' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ relation: 'exact', codes: ['5'], lost: [], review: false });
  });

  it('answers an unknown code with 404 and the closest codes', async () => {
    const r = await app.inject({ url: '/api/v1/taxonomy/crosswalk?from=uk-2014&to=copine&code=D' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error).toMatchObject({ code: 'unknown_code', details: { closest: expect.arrayContaining(['A', 'B', 'C']) } });
  });

  it('translates in batches with errors in their slots', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/taxonomy/crosswalk/batch', payload: { to: 'uk-2014', jurisdiction: 'GB', items: [{ scheme: 'iccam', code: 'nationally-illegal' }, { scheme: 'iccam', code: 'illegal' }] } });
    expect(r.statusCode).toBe(200);
    const [a, b] = r.json().results;
    expect(a).toMatchObject({ relation: 'narrower', codes: ['A', 'B', 'C'] });
    expect(b.error.code).toBe('unknown_code');
  });

  it('exports SKOS JSON-LD', async () => {
    const r = await app.inject({ url: '/api/v1/taxonomy/schemes/iccam/skos' });
    expect(r.headers['content-type']).toMatch(/application\/ld\+json/);
    expect(r.json()['@graph']).toHaveLength(4);
    const x = await app.inject({ url: '/api/v1/taxonomy/crosswalk/skos?from=uk-sap&to=uk-2014' });
    expect(x.json()['@graph'][1]['skos:exactMatch']).toEqual([{ '@id': 'urn:tessera:scheme:uk-2014:C' }]);
  });

  it('validates an organisation scheme, with the line of a problem', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/v1/taxonomy/schemes/validate', payload: { text: '# scheme: org-a\n# version: 1\ncode,prefLabel@en,exactMatch\nX,Thing,copine:7\n' } });
    expect(ok.json()).toMatchObject({ valid: true, id: 'org-a', concepts: 1, mappings: 1 });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/taxonomy/schemes/validate', payload: { text: '# scheme: org-a\n# version: 1\ncode,prefLabel@en,exactMatch\nX,Thing,copine:77\n', file: 'a.csv' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0]).toMatchObject({ code: 'unknown_code', where: { file: 'a.csv', line: 4 } });
  });

  it('converts ages without inventing precision', async () => {
    expect((await app.inject({ url: '/api/v1/taxonomy/age?stage=pubescent' })).json()).toMatchObject({ range: { min: 8, max: 17, basis: 'developmental-stage' }, uncertainty: 'wide' });
    expect((await app.inject({ url: '/api/v1/taxonomy/age?min=12&max=12' })).json()).toMatchObject({ determinate: false });
    expect((await app.inject({ url: '/api/v1/taxonomy/age' })).statusCode).toBe(400);
  });
});

describe('terminology API', () => {
  it('lints text', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/terminology/lint', payload: { text: 'the kiddie porn case' } });
    expect(r.json()).toMatchObject({ errors: 1, findings: [{ line: 1, column: 5, term: 'kiddie porn', severity: 'error' }] });
  });

  it('fixes text where safe', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/terminology/lint', payload: { text: 'La pornografía infantil.', lang: 'es', fix: true } });
    expect(r.json()).toMatchObject({ text: 'El material de abuso sexual infantil.', errors: 0 });
  });

  it('refuses an unknown language', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/terminology/lint', payload: { text: 'x', lang: 'xx' } });
    expect(r.statusCode).toBe(400);
  });

  it('gives display labels beside source labels', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/terminology/display-labels', payload: { labels: ['Revenge Porn', 'Sextortion'] } });
    expect(r.json().labels[0]).toMatchObject({ original: 'Revenge Porn', display: 'Non-consensual sharing of intimate images', changed: true });
  });
});
