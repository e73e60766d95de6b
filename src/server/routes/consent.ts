import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConsentRecordInput, SafeguardingOverrideInput, consentHistory, recordConsent, recordSafeguardingOverride } from '../../policy/index.ts';
import { principalOf } from '../context.ts';

const ConsentEvent = z
  .object({ id: z.string(), subjectRef: z.string(), givenBy: z.string(), event: z.string(), purposes: z.array(z.string()), agreementId: z.string().nullable(), at: z.string(), expiresAt: z.string().nullable(), reason: z.string().nullable() })
  .meta({ id: 'ConsentEvent' });

/** Consent events (ISO/IEC TS 27560) and safeguarding overrides. */
export const consentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/consents', { schema: { tags: ['governance'], summary: 'Record a consent event: given, withdrawn or expired (steward or admin of the holder)', body: ConsentRecordInput, response: { 201: ConsentEvent } } }, async (req, reply) =>
    reply.status(201).send(await recordConsent(app.tessera.store, principalOf(req), req.body)),
  );
  app.post('/consents/safeguarding-override', { schema: { tags: ['governance'], summary: 'Share without consent because a child is at risk: reason mandatory, always audited', body: SafeguardingOverrideInput, response: { 201: ConsentEvent } } }, async (req, reply) =>
    reply.status(201).send(await recordSafeguardingOverride(app.tessera.store, principalOf(req), req.body)),
  );
  app.get('/consents/:subjectRef', { schema: { tags: ['governance'], summary: 'Consent history of a child or contact your organisation holds', params: z.object({ subjectRef: z.string().max(200) }), response: { 200: z.object({ items: z.array(ConsentEvent) }) } } }, async (req) => ({
    items: await consentHistory(app.tessera.store, principalOf(req), req.params.subjectRef),
  }));
};
