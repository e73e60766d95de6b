import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AgreementTerms, AgreementTermsObject, acceptAgreement, agreementAsJsonLd, draftAgreement, getAgreement, listAgreements } from '../../policy/index.ts';
import { revokeAgreement } from '../../policy/index.ts';
import { principalOf } from '../context.ts';

const AgreementView = z
  .object({
    id: z.string(), slug: z.string(), version: z.number(), versionHash: z.string(),
    state: z.enum(['draft', 'active', 'revoked', 'expired', 'not-yet-valid']), storedState: z.enum(['draft', 'active', 'revoked']),
    terms: AgreementTerms,
    parties: z.array(z.object({ orgId: z.string(), slug: z.string(), role: z.enum(['provider', 'recipient']), acceptedVersionHash: z.string().nullable(), acceptedAt: z.string().nullable() })),
    revoked: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
    asOf: z.string(),
  })
  .meta({ id: 'AgreementView', description: 'An agreement as its parties see it; state is effective now (expired and not-yet-valid follow from the validity window).' });
const DraftBody = AgreementTermsObject.partial({ providerOrgId: true }).meta({ id: 'AgreementDraft', description: 'Terms of a new agreement, or of a new version of a draft (same slug). providerOrgId defaults to your organisation.' });
const Id = z.object({ id: z.string().max(200) });

/** Agreements: draft, read, accept, revoke; JSON-LD (ODRL + DPV). */
export const agreementRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/agreements', { schema: { tags: ['governance'], summary: 'Agreements your organisation is party to', response: { 200: z.object({ items: z.array(AgreementView) }) } } }, async (req) => ({
    items: await listAgreements(app.tessera.store, principalOf(req)),
  }));
  app.post('/agreements', { schema: { tags: ['governance'], summary: 'Draft an agreement, or a new version of a draft (steward or admin of the provider)', body: DraftBody, response: { 201: AgreementView } } }, async (req, reply) =>
    reply.status(201).send(await draftAgreement(app.tessera.store, principalOf(req), req.body as Parameters<typeof draftAgreement>[2])),
  );
  app.get('/agreements/:id', { schema: { tags: ['governance'], summary: 'One agreement (parties only)', params: Id, response: { 200: AgreementView } } }, async (req) => getAgreement(app.tessera.store, principalOf(req), req.params.id));
  app.get('/agreements/:id/jsonld', { schema: { tags: ['governance'], summary: 'The agreement as an ODRL Agreement in JSON-LD, with DPV purposes and legal basis', params: Id } }, async (req, reply) =>
    reply.type('application/ld+json').send(await agreementAsJsonLd(app.tessera.store, principalOf(req), req.params.id)),
  );
  app.post('/agreements/:id/accept', { schema: { tags: ['governance'], summary: "Accept the current version for your organisation; pass the versionHash you reviewed", params: Id, body: z.strictObject({ versionHash: z.string().max(100).optional() }), response: { 200: AgreementView } } }, async (req) =>
    acceptAgreement(app.tessera.store, principalOf(req), req.params.id, req.body.versionHash),
  );
  app.post('/agreements/:id/revoke', { schema: { tags: ['governance'], summary: 'Revoke an agreement (any party; final)', params: Id, body: z.strictObject({ reason: z.string().min(5).max(2000) }), response: { 200: AgreementView } } }, async (req) =>
    revokeAgreement(app.tessera.store, principalOf(req), req.params.id, req.body.reason),
  );
};
