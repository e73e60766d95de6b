/** CDM reports → a STIX 2.1 bundle: observed-data with file, url and user-account objects, and the Tessera extension. */
import { uuidV5 } from '../../model/index.ts';
import type { ReportBundle } from '../../store/repositories/records.ts';
import { TESSERA_EXTENSION_ID, idHash, scoId, tesseraExtensionDefinition, tesseraIdentity } from './extension.ts';

const HASH_NAMES = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', pdq: 'PDQ' } as const;
const NS = Buffer.from('5c1b8e0f2a3d4b6c9e7f0a1b2c3d4e5f', 'hex');

const withExt = (props: Record<string, unknown>) => ({ extensions: { [TESSERA_EXTENSION_ID]: { extension_type: 'property-extension', ...props } } });
const ms = (iso: string) => new Date(iso).toISOString();

/** The STIX objects of one report bundle (SCOs first, then the observed-data). */
export function stixObjectsOf(b: ReportBundle): Array<Record<string, unknown>> {
  const r = b.report;
  const out: Array<Record<string, unknown>> = [];
  const refs: string[] = [];
  for (const item of b.contentItems ?? []) {
    const hashes: Record<string, string> = {};
    for (const k of ['md5', 'sha1', 'sha256', 'pdq'] as const) if (item.hashes[k]) hashes[HASH_NAMES[k]] = item.hashes[k] as string;
    const id = scoId('file', { hashes: idHash(hashes) });
    refs.push(id);
    const classifications = (b.classifications ?? []).filter((c) => c.targetId === item.id).map((c) => ({ scheme: c.scheme, code: c.code, assessedAt: c.assessedAt, legalStatus: c.legalStatus, ...(c.jurisdiction ? { jurisdiction: c.jurisdiction } : {}) }));
    out.push({
      type: 'file', spec_version: '2.1', id, hashes, ...(item.sizeBytes !== undefined ? { size: item.sizeBytes } : {}),
      ...withExt({ source_ref: item.sourceRef, media_type: item.mediaType, ...(item.hashes.pdqQuality !== undefined ? { pdq_quality: item.hashes.pdqQuality } : {}), ...(classifications.length ? { classifications } : {}) }),
    });
  }
  for (const s of b.signals ?? []) {
    if (s.type !== 'url') continue;
    const id = scoId('url', { value: s.value });
    refs.push(id);
    out.push({ type: 'url', spec_version: '2.1', id, value: s.value });
  }
  for (const s of b.subjects ?? []) {
    const account = s.identifiers.find((i) => i.type === 'account');
    const userId = account?.value ?? `${r.id}/${s.sourceRef}`;
    const accountType = account?.platform;
    const id = scoId('user-account', { ...(accountType ? { account_type: accountType } : {}), user_id: userId });
    refs.push(id);
    out.push({
      type: 'user-account', spec_version: '2.1', id, user_id: userId, ...(accountType ? { account_type: accountType } : {}),
      ...withExt({ source_ref: s.sourceRef, kind: s.kind, role: s.role, pseudonymised: true, ...(s.country ? { country: s.country } : {}), identifiers: s.identifiers.filter((i) => i !== account).map((i) => ({ type: i.type, value: i.value })) }),
    });
  }
  const seen = r.incidentAt ?? r.reportedAt;
  out.push({
    type: 'observed-data', spec_version: '2.1', id: `observed-data--${uuidV5(r.id, NS)}`, created: ms(r.reportedAt), modified: ms(r.reportedAt),
    first_observed: ms(seen), last_observed: ms(seen), number_observed: 1, object_refs: refs.length ? refs : [scoId('url', { value: `urn:tessera:${r.id}` })],
    ...withExt({
      source_ref: r.sourceRef, kind: r.kind, status: r.status, reported_at: r.reportedAt, ...(r.incidentAt ? { incident_at: r.incidentAt } : {}),
      ...(r.country ? { country: r.country } : {}), ...(r.language ? { language: r.language } : {}), incident_types: r.incidentTypes, flags: r.flags,
      lineage: r.lineage, children: (b.children ?? []).map((c) => ({ sourceRef: c.sourceRef, age: c.age, gender: c.gender, identified: c.identified, ...(c.country ? { country: c.country } : {}) })),
    }),
  });
  if (!refs.length) out.splice(out.length - 1, 0, { type: 'url', spec_version: '2.1', id: scoId('url', { value: `urn:tessera:${r.id}` }), value: `urn:tessera:${r.id}` });
  return out;
}

/** A whole bundle (for modest sizes; stream stixObjectsOf per report for large exports). */
export function exportStixBundle(bundles: Iterable<ReportBundle>, opts: { bundleId?: string } = {}): Record<string, unknown> {
  const objects: Array<Record<string, unknown>> = [tesseraIdentity(), tesseraExtensionDefinition()];
  for (const b of bundles) objects.push(...stixObjectsOf(b));
  return { type: 'bundle', id: opts.bundleId ?? `bundle--${uuidV5(objects.map((o) => String(o.id)).join(','), NS)}`, objects };
}
