import { createHash } from 'node:crypto';

/**
 * Deterministic identifiers: a name-based UUID (RFC 9562 version 5, SHA-1) over the record's
 * normalised identity fields, in the STIX form `type--uuid`. The same thing ingested twice
 * gets the same id, on any node.
 */
export const TESSERA_NAMESPACE = Buffer.from('6f1a2c3e4b5d4e6f8a7b9c0d1e2f3a4b', 'hex');

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Normalises one identity value: Unicode NFC, trimmed, inner whitespace collapsed. */
export function normaliseIdentityValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normaliseIdentityValue).join('\u001f');
  // The same instant written in two time zones is one identity.
  if (typeof value === 'string' && ISO_DATETIME.test(value)) return new Date(value).toISOString();
  return String(value).normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function uuidV5(name: string, namespace: Buffer = TESSERA_NAMESPACE): string {
  const digest = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  const b = digest.subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `type--uuid` from the identity values, in order. */
export function deterministicId(type: string, identity: readonly unknown[]): string {
  return `${type}--${uuidV5(type + '\u001e' + identity.map(normaliseIdentityValue).join('\u001e'))}`;
}

export function sha256Digest(data: string | Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}
