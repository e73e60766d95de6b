/**
 * Tessera's STIX 2.1 extension: CDM fields that STIX has no property for (report kind and
 * source reference, incident types in their source scheme, flags, lineage, child age ranges,
 * classifications), carried as a property-extension (STIX 2.1 §7.3) under a fixed
 * extension-definition id, so any STIX consumer can ignore them and a Tessera node reads them back.
 */
import { uuidV5 } from '../../model/index.ts';

/** Fixed for the life of version 1 of the extension: consumers key on it. */
export const TESSERA_EXTENSION_ID = 'extension-definition--6a1c1e53-7c39-4b5e-9d2a-0f3e8b7c5d11';
export const TESSERA_IDENTITY_ID = 'identity--2f0b9e1a-4c7d-4e55-8a21-5d9c3b7e6f40';
/** STIX 2.1 §2.9: namespace of deterministic (UUIDv5) SCO identifiers. */
const SCO_NAMESPACE = Buffer.from('00abedb4aa42466c9c01fed23315a9b7', 'hex');

const CREATED = '2026-11-22T00:00:00.000Z';

export function tesseraExtensionDefinition(): Record<string, unknown> {
  return {
    type: 'extension-definition',
    spec_version: '2.1',
    id: TESSERA_EXTENSION_ID,
    created_by_ref: TESSERA_IDENTITY_ID,
    created: CREATED,
    modified: CREATED,
    name: 'Tessera Common Data Model fields',
    description:
      'Fields of the Tessera Common Data Model with no STIX property: on observed-data the report (source_ref, kind, status, reported_at, incident_types with their scheme, flags, lineage, children with age ranges); on file the content item (source_ref, media_type, pdq_quality, classifications); on user-account the subject (source_ref, kind, role, country, pseudonymised); on indicator the hash classification. Personal identifiers are keyed pseudonyms, never clear values.',
    schema: 'https://tessera.example/schemas/stix-extension/v1/tessera-cdm.json',
    version: '1.0.0',
    extension_types: ['property-extension'],
  };
}

export function tesseraIdentity(): Record<string, unknown> {
  return { type: 'identity', spec_version: '2.1', id: TESSERA_IDENTITY_ID, created: CREATED, modified: CREATED, name: 'Tessera project', identity_class: 'organization' };
}

/** JCS-style canonical JSON (sorted keys, no spaces) for the strings and objects SCO ids are built from. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Deterministic SCO id from its ID-contributing properties (STIX 2.1 §2.9). */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  return `${type}--${uuidV5(canonical(contributing), SCO_NAMESPACE)}`;
}

/** The one hash a file's id is built from, by the specification's priority. */
export function idHash(hashes: Record<string, string>): Record<string, string> {
  for (const k of ['MD5', 'SHA-1', 'SHA-256', 'SHA-512', 'SHA3-256', 'SHA3-512', 'SSDEEP', 'TLSH']) if (hashes[k]) return { [k]: hashes[k] as string };
  const first = Object.keys(hashes).sort()[0];
  return first ? { [first]: hashes[first] as string } : {};
}
