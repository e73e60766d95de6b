import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  OutcomeFilter, OutcomeRecord, OutcomeView, ReferralCreate, ReferralFilter, ReferralUpdate, ReferralView, Service, ServiceInput, ServiceSearch,
  createReferral, getReferral, getService, importServicesCsv, listOutcomes, listReferrals, recordOutcome, searchServices, updateReferral, upsertService,
} from '../../referral/index.ts';
import { principalOf } from '../context.ts';

const ServiceMatch = Service.extend({ matched: z.array(z.string()).meta({ description: 'Why the service matched, criterion by criterion.' }) }).meta({ id: 'ServiceMatch', description: 'A service found for a child, with the criteria it meets.' });
const ServiceImport = z
  .strictObject({ csv: z.string().min(1).max(5_000_000).meta({ description: 'The CSV text; header columns: slug, name, kind, jurisdiction, countries, languages, age_min, age_max, needs, hours, phone, email, url, address, description, provider, node_url, accepts_referrals. Multi-valued cells separated by ";".' }), file: z.string().max(200).optional() })
  .meta({ id: 'ServiceImport', description: 'Directory entries as CSV, imported all or nothing.' });
const Id = z.object({ id: z.string().max(200) });

/** The service directory, referrals and their lifecycle, and outcomes fed back to the source. */
export const referralRoutes: FastifyPluginAsyncZod = async (app) => {
  const store = () => app.tessera.store;
  app.get('/services', { schema: { tags: ['referrals'], summary: "Search the service directory by a child's country, language, age and need (every criterion given must hold)", querystring: ServiceSearch, response: { 200: z.object({ items: z.array(ServiceMatch) }) } } }, async (req) => ({
    items: await searchServices(store(), principalOf(req), req.query),
  }));
  app.get('/services/:id', { schema: { tags: ['referrals'], summary: 'One service, by id (or by slug among your own entries)', params: Id, response: { 200: Service } } }, async (req) => getService(store(), principalOf(req), req.params.id));
  app.post('/services', { schema: { tags: ['referrals'], summary: "Add or update (same slug) one of your organisation's directory entries (steward or admin)", body: ServiceInput, response: { 201: Service } } }, async (req, reply) =>
    reply.status(201).send(await upsertService(store(), principalOf(req), req.body)),
  );
  app.post('/services/import', { schema: { tags: ['referrals'], summary: 'Import directory entries from CSV, all or nothing; every bad row is reported with its line and column', body: ServiceImport, response: { 201: z.object({ imported: z.number(), services: z.array(z.string()) }) } } }, async (req, reply) =>
    reply.status(201).send(await importServicesCsv(store(), principalOf(req), req.body.csv, req.body.file)),
  );

  app.get('/referrals', { schema: { tags: ['referrals'], summary: 'Referrals your organisation made or received, newest first', querystring: ReferralFilter, response: { 200: z.object({ items: z.array(ReferralView), nextCursor: z.string().nullable() }) } } }, async (req) =>
    listReferrals(store(), principalOf(req), req.query),
  );
  app.post('/referrals', { schema: { tags: ['referrals'], summary: 'Refer a child from a report or contact your organisation holds, with consent or a safeguarding override (steward or admin)', body: ReferralCreate, response: { 201: ReferralView } } }, async (req, reply) =>
    reply.status(201).send(await createReferral(store(), principalOf(req), req.body)),
  );
  app.get('/referrals/:id', { schema: { tags: ['referrals'], summary: 'One referral your organisation made or received, with its history', params: Id, response: { 200: ReferralView } } }, async (req) => getReferral(store(), principalOf(req), req.params.id));
  app.patch('/referrals/:id', { schema: { tags: ['referrals'], summary: 'The next step: sent or closed (referrer); accepted, declined or completed (provider)', params: Id, body: ReferralUpdate, response: { 200: ReferralView } } }, async (req) =>
    updateReferral(store(), principalOf(req), req.params.id, req.body),
  );

  app.get('/outcomes', { schema: { tags: ['referrals'], summary: 'Outcomes your organisation reported, or that concern its data', querystring: OutcomeFilter, response: { 200: z.object({ items: z.array(OutcomeView), nextCursor: z.string().nullable() }) } } }, async (req) =>
    listOutcomes(store(), principalOf(req), req.query),
  );
  app.post('/outcomes', { schema: { tags: ['referrals'], summary: 'Record an outcome for a record you can see; it is fed back to the data’s source', body: OutcomeRecord, response: { 201: OutcomeView } } }, async (req, reply) =>
    reply.status(201).send(await recordOutcome(store(), principalOf(req), req.body)),
  );
};
