import type { Selectable } from 'kysely';
import type { Child, Classification, Contact, ContentItem, Dataset, Lineage, Organisation, Report, SchemeCode, Signal, Subject } from '../../model/index.ts';
import { lineageSql } from '../lineage.ts';
import type {
  ChildrenTable, ClassificationsTable, ContactsTable, ContentItemsTable, DatasetsTable, OrganisationsTable, ReportsTable, SignalsTable, SubjectsTable,
} from '../tables.ts';

/**
 * What to select for the conversions below: every column they read, and the lineage read in
 * whichever form the row stores it (`lineageSql`; the bare `lineage` column is null in the
 * compact form). `db.selectFrom('reports').select(REPORT_COLUMNS)` and so on.
 */
export const REPORT_COLUMNS = [
  'id', 'dataset_id', 'source_org_id', 'source_ref', 'kind', 'status', 'reported_at', 'incident_at', 'country', 'language', 'incident_types', 'flags', lineageSql('reports').as('lineage'),
] as const;
export const CONTENT_ITEM_COLUMNS = [
  'id', 'report_id', 'source_ref', 'media_type', 'size_bytes', 'md5', 'sha1', 'sha256', 'pdq', 'pdq_quality', lineageSql('content_items').as('lineage'),
] as const;
export const CONTACT_COLUMNS = [
  'id', 'dataset_id', 'source_org_id', 'source_ref', 'channel', 'contact_at', 'duration_minutes', 'age_min', 'age_max', 'age_basis', 'age_stage', 'gender', 'country', 'region', 'language', 'categories', lineageSql('contacts').as('lineage'),
] as const;
type Row<T, C extends keyof Selectable<T>> = Pick<Selectable<T>, C> & { lineage: unknown };

/** Row → CDM record conversions. Optional fields are left out rather than set to null. */
const iso = (d: Date | string) => new Date(d).toISOString();
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
function opt<K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } {
  return v === null || v === undefined ? {} : ({ [key]: v } as { [P in K]?: V });
}

export function organisationFromRow(r: Selectable<OrganisationsTable>): Organisation {
  return { id: r.id, slug: r.slug, name: r.name, kind: r.kind as Organisation['kind'], jurisdiction: r.jurisdiction, languages: r.languages, ...opt('nodeUrl', r.node_url) };
}

export function datasetFromRow(r: Selectable<DatasetsTable>): Dataset {
  return {
    id: r.id, ownerOrgId: r.owner_org_id, slug: r.slug, name: r.name, description: r.description, recordType: r.record_type as Dataset['recordType'],
    purpose: r.purpose as Dataset['purpose'], legalBasis: r.legal_basis as Dataset['legalBasis'], retentionDays: r.retention_days, createdAt: iso(r.created_at),
  };
}

export function reportFromRow(r: Row<ReportsTable, Exclude<(typeof REPORT_COLUMNS)[number], object>>): Report {
  return {
    id: r.id, datasetId: r.dataset_id, sourceOrgId: r.source_org_id, sourceRef: r.source_ref, kind: r.kind as Report['kind'], status: r.status as Report['status'],
    reportedAt: iso(r.reported_at), ...opt('incidentAt', r.incident_at ? iso(r.incident_at) : null), ...opt('country', r.country), ...opt('language', r.language),
    incidentTypes: parseJson<SchemeCode[]>(r.incident_types), flags: r.flags, lineage: parseJson<Lineage>(r.lineage),
  };
}

export function contentItemFromRow(r: Row<ContentItemsTable, Exclude<(typeof CONTENT_ITEM_COLUMNS)[number], object>>): ContentItem {
  const hashes: ContentItem['hashes'] = { ...opt('md5', r.md5), ...opt('sha1', r.sha1), ...opt('sha256', r.sha256), ...opt('pdq', r.pdq), ...opt('pdqQuality', r.pdq_quality) };
  return { id: r.id, reportId: r.report_id, sourceRef: r.source_ref, mediaType: r.media_type as ContentItem['mediaType'], ...opt('sizeBytes', r.size_bytes === null ? null : Number(r.size_bytes)), hashes, lineage: parseJson<Lineage>(r.lineage) };
}

export function signalFromRow(r: Selectable<SignalsTable>): Signal {
  return { id: r.id, reportId: r.report_id, type: r.type as Signal['type'], value: r.value, pseudonymised: r.pseudonymised };
}

export function childFromRow(r: Selectable<ChildrenTable>): Child {
  return {
    id: r.id, reportId: r.report_id, sourceRef: r.source_ref,
    age: { min: r.age_min, max: r.age_max, basis: r.age_basis as Child['age']['basis'], ...opt('stage', r.age_stage) },
    gender: r.gender as Child['gender'], ...opt('country', r.country), identified: r.identified,
  };
}

export function subjectFromRow(r: Selectable<SubjectsTable>): Subject {
  return { id: r.id, reportId: r.report_id, sourceRef: r.source_ref, kind: r.kind as Subject['kind'], role: r.role as Subject['role'], identifiers: parseJson<Subject['identifiers']>(r.identifiers), ...opt('country', r.country) };
}

export function classificationFromRow(r: Selectable<ClassificationsTable>): Classification {
  return {
    id: r.id, targetId: r.target_id, scheme: r.scheme, code: r.code, assessorOrgId: r.assessor_org_id, assessedAt: iso(r.assessed_at),
    ...opt('jurisdiction', r.jurisdiction), legalStatus: r.legal_status as Classification['legalStatus'],
  };
}

export function contactFromRow(r: Row<ContactsTable, Exclude<(typeof CONTACT_COLUMNS)[number], object>>): Contact {
  return {
    id: r.id, datasetId: r.dataset_id, sourceOrgId: r.source_org_id, sourceRef: r.source_ref, channel: r.channel as Contact['channel'], contactAt: iso(r.contact_at),
    ...opt('durationMinutes', r.duration_minutes),
    ...(r.age_basis ? { age: { min: r.age_min, max: r.age_max, basis: r.age_basis as NonNullable<Contact['age']>['basis'], ...opt('stage', r.age_stage) } } : {}),
    gender: r.gender as Contact['gender'], ...opt('country', r.country), ...opt('region', r.region), ...opt('language', r.language),
    categories: parseJson<SchemeCode[]>(r.categories), lineage: parseJson<Lineage>(r.lineage),
  };
}
