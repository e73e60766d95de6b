import type { z } from 'zod';
import type { EntityDefinition } from './define.ts';
import {
  AgreementEntity, ChildEntity, ClassificationEntity, ConsentEntity, ContactEntity, ContentItemEntity, DatasetEntity,
  OrganisationEntity, OutcomeEntity, ReferralEntity, ReportEntity, SignalEntity, SubjectEntity,
} from './entities.ts';

/** Every CDM entity, in the order the data dictionary presents them. */
export const ENTITIES = [
  OrganisationEntity, DatasetEntity, ReportEntity, ContentItemEntity, SignalEntity, ChildEntity, SubjectEntity,
  ContactEntity, ClassificationEntity, ReferralEntity, OutcomeEntity, AgreementEntity, ConsentEntity,
] as const satisfies ReadonlyArray<EntityDefinition<z.ZodRawShape>>;

export type EntityName = (typeof ENTITIES)[number]['name'];

export function entityByName(name: string): EntityDefinition<z.ZodRawShape> | undefined {
  return (ENTITIES as ReadonlyArray<EntityDefinition<z.ZodRawShape>>).find((e) => e.name === name || e.type === name);
}
