import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditSize, latestCheckpoint, listAuditEvents, proveConsistency, proveInclusion, signCheckpoint, signingKey, verifyLog } from '../../audit/index.ts';
import { decide, requireAllowed } from '../../policy/index.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { principalOf } from '../context.ts';

/** The audit log: checkpoints and proofs for anyone with a token; events and full verification for auditors. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/audit/checkpoint', { schema: { tags: ['audit'], summary: 'The latest signed checkpoint (tree size, root, Ed25519 signature) and the public key' } }, async () => {
    const s = app.tessera.store;
    const cp = (await latestCheckpoint(s)) ?? (await signCheckpoint(s));
    return { checkpoint: cp, publicKey: (await signingKey(s)).publicKeyPem, logSize: await auditSize(s) };
  });
  app.post('/audit/checkpoint', { schema: { tags: ['audit'], summary: 'Sign a checkpoint of the log as it is now' } }, async () => signCheckpoint(app.tessera.store));
  app.get('/audit/proof/consistency', { schema: { tags: ['audit'], summary: 'RFC 9162 consistency proof between two tree sizes', querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1).optional() }) } }, async (req) =>
    proveConsistency(app.tessera.store, req.query.from, req.query.to),
  );
  app.get('/audit/proof/inclusion', { schema: { tags: ['audit'], summary: 'RFC 9162 inclusion proof of one event (auditors and admins, for events by or about their organisation)', querystring: z.object({ seq: z.coerce.number().int().min(0), treeSize: z.coerce.number().int().min(1).optional() }) } }, async (req) => {
    const p = principalOf(req);
    requireAllowed(decide(p, 'read', 'audit'));
    const proof = await proveInclusion(app.tessera.store, req.query.seq, req.query.treeSize);
    const e = JSON.parse(proof.entry) as { actor?: { orgId?: string } | null; ownerOrgId?: string | null };
    // The entry names who did what: only the organisations it concerns see it.
    if (e.actor?.orgId !== p.orgId && e.ownerOrgId !== p.orgId) throw new NotFoundError('audit event by or about your organisation', String(req.query.seq));
    return proof;
  });
  app.get('/audit/events', { schema: { tags: ['audit'], summary: 'Audit events by or about your organisation (auditors and admins)', querystring: z.object({ agreement: z.string().max(200).optional(), afterSeq: z.coerce.number().int().min(-1).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }) } }, async (req) => {
    const p = principalOf(req);
    requireAllowed(decide(p, 'read', 'audit'));
    return { items: await listAuditEvents(app.tessera.store, { orgId: p.orgId, agreementId: req.query.agreement, afterSeq: req.query.afterSeq, limit: req.query.limit }) };
  });
  app.get('/audit/verify', { schema: { tags: ['audit'], summary: 'Recompute the whole log and check every node and checkpoint (auditors and admins)' } }, async (req) => {
    requireAllowed(decide(principalOf(req), 'read', 'audit'));
    return verifyLog(app.tessera.store);
  });
};
