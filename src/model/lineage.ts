import { z } from 'zod';
import { field } from './labels.ts';
import { LegalBasis, Purpose, Timestamp, idOf } from './primitives.ts';

/** One step a record took between nodes: who passed it on, when, under which agreement. */
export const Hop = z
  .strictObject({
    orgId: idOf('organisation'),
    nodeId: z.string().max(200).optional(),
    agreementId: idOf('agreement').optional(),
    at: Timestamp,
  })
  .meta({ id: 'Hop', description: 'One transfer of a record between nodes.' });

/**
 * Where a record came from. Every CDM record carries its lineage, and lineage travels with
 * every shared copy (each transfer appends a hop).
 */
export const Lineage = z
  .strictObject({
    sourceOrgId: idOf('organisation').meta(field('Organisation that first held the data.', { en: 'Source organisation', fr: 'Organisation source', es: 'Organización de origen', pt: 'Organização de origem', de: 'Quellorganisation' })),
    sourceSystem: z.string().min(1).max(200).meta(field('System the data was exported from (e.g. "CyberTipline", "helpline CRM").', { en: 'Source system', fr: 'Système source', es: 'Sistema de origen', pt: 'Sistema de origem', de: 'Quellsystem' })),
    collectionPurpose: Purpose.meta(field('Purpose the data was originally collected for.', { en: 'Collection purpose', fr: 'Finalité de la collecte', es: 'Finalidad de la recogida', pt: 'Finalidade da coleta', de: 'Erhebungszweck' })),
    legalBasis: LegalBasis,
    adapter: z.strictObject({ name: z.string().min(1).max(100), version: z.string().min(1).max(50) }).meta({ description: 'Adapter (and its version) that mapped the input into the CDM.' }),
    receivedAt: Timestamp.meta(field('When this node received the data.', { en: 'Received at', fr: 'Reçu le', es: 'Recibido el', pt: 'Recebido em', de: 'Empfangen am' })),
    rawDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" followed by 64 lower-case hex digits').meta({ description: 'SHA-256 of the raw input the record was built from.' }),
    hops: z.array(Hop).max(64).default([]).meta({ description: 'Transfers between nodes, oldest first.' }),
  })
  .meta({ id: 'Lineage', ...field('Where a record came from, on what terms, and the path it travelled.', { en: 'Lineage', fr: 'Provenance', es: 'Procedencia', pt: 'Proveniência', de: 'Herkunft' }) });
export type Lineage = z.infer<typeof Lineage>;
