import type { EvidenceKind } from './engine.ts';
import { Evidence } from './engine.ts';

/** What the linkage reads of a report bundle (the shape the store and the generator share). */
export interface LinkableBundle {
  report: { id: string; reportedAt: string };
  contentItems?: ReadonlyArray<{ hashes: { sha256?: string | undefined; md5?: string | undefined; pdq?: string | undefined; pdqQuality?: number | undefined } }>;
  subjects?: ReadonlyArray<{ identifiers: ReadonlyArray<{ type: string; value: string; platform?: string | undefined }> }>;
  signals?: ReadonlyArray<{ type: string; value: string }>;
}

const IDENTIFIER_KINDS = new Set<EvidenceKind>(['account', 'email', 'phone', 'ip', 'url']);

/** The canonical key of an identifier: accounts are only equal on one platform. */
export function identifierKey(type: string, value: string, platform?: string | null): string {
  const v = value.trim().toLowerCase();
  return type === 'account' && platform ? `${platform.toLowerCase()}:${v}` : v;
}

/** Adds bundles' evidence (content hashes, PDQs, identifiers, URLs), each key once per report. */
export function addBundles(ev: Evidence, bundles: Iterable<LinkableBundle>, rekey?: (kind: EvidenceKind, key: string) => string): void {
  const seen = new Set<string>();
  const key = (r: number, kind: EvidenceKind, k: string) => {
    const kk = rekey ? rekey(kind, k) : k;
    const s = kind + '\u0001' + kk;
    if (seen.has(s)) return;
    seen.add(s);
    ev.key(r, kind, kk);
  };
  for (const b of bundles) {
    const r = ev.report(b.report.id, Date.parse(b.report.reportedAt));
    seen.clear();
    for (const c of b.contentItems ?? []) {
      const h = c.hashes;
      if (h.sha256) key(r, 'content', `sha256:${h.sha256.toLowerCase()}`);
      else if (h.md5) key(r, 'content', `md5:${h.md5.toLowerCase()}`);
      if (h.pdq) ev.pdq(r, h.pdq.toLowerCase(), h.pdqQuality ?? null);
    }
    for (const s of b.subjects ?? []) for (const i of s.identifiers) if (IDENTIFIER_KINDS.has(i.type as EvidenceKind)) key(r, i.type as EvidenceKind, identifierKey(i.type, i.value, i.platform));
    for (const s of b.signals ?? []) if (IDENTIFIER_KINDS.has(s.type as EvidenceKind) && s.type !== 'account') key(r, s.type as EvidenceKind, identifierKey(s.type, s.value));
  }
}
