/**
 * STIX 2.1 adapter. In: indicators whose patterns compare file hashes or URLs become hashes in a
 * hash set; observed-data with its file, url and user-account objects becomes a Report with
 * content items, signals and subjects; sightings and opinions become feedback on matching
 * hashes. Out (export.ts): reports as observed-data. Tessera's own fields travel in the
 * property-extension of extension.ts.
 *
 * Objects reference each other (object_refs, sighting_of_ref); the reader keeps the objects it
 * has seen (bounded) and holds back a referring object until its references have been read, so
 * the usual order (SCOs first) and the reverse both work.
 */
import { z } from 'zod';
import { entity } from '../entity.ts';
import {
  ChildEntity, ClassificationEntity, ContentItemEntity, Lineage, ReportEntity, SchemeCode, SignalEntity, SubjectEntity, sha256Digest,
  type Child, type Classification, type ContentItem, type Report, type Signal, type Subject,
} from '../../model/index.ts';
import { ValidationError, type Problem } from '../../shared/errors.ts';
import { readJsonObjects } from '../json-reader.ts';
import type { Adapter, MapEnv, Mapped, Note, RawRecord, Unit } from '../types.ts';
import { TESSERA_EXTENSION_ID } from './extension.ts';

type Obj = Record<string, unknown> & { __refs?: Record<string, Record<string, unknown>> };

const REF_TYPES = new Set(['file', 'url', 'user-account', 'indicator', 'domain-name']);
const CACHE = 100_000;
const HELD = 10_000;
const HASH_KEYS: Record<string, 'md5' | 'sha1' | 'sha256' | 'pdq'> = { MD5: 'md5', 'SHA-1': 'sha1', SHA1: 'sha1', 'SHA-256': 'sha256', SHA256: 'sha256', PDQ: 'pdq' };

function refsOf(o: Obj): string[] {
  const refs: string[] = [];
  if (Array.isArray(o.object_refs)) for (const r of o.object_refs) if (typeof r === 'string') refs.push(r);
  if (typeof o.sighting_of_ref === 'string') refs.push(o.sighting_of_ref);
  return refs;
}

async function* readStix(text: AsyncIterable<string>, file: string): AsyncIterable<RawRecord<Obj>> {
  const seen = new Map<string, Record<string, unknown>>();
  const held: Array<RawRecord<Obj>> = [];
  const remember = (o: Record<string, unknown>) => {
    if (typeof o.id !== 'string' || typeof o.type !== 'string' || !REF_TYPES.has(o.type)) return;
    seen.set(o.id, o);
    if (seen.size > CACHE) seen.delete(seen.keys().next().value as string);
  };
  const resolve = (r: RawRecord<Obj>): boolean => {
    const o = r.parsed as Obj;
    const refs = refsOf(o);
    if (!refs.every((id) => seen.has(id) || !REF_TYPES.has(id.split('--')[0] ?? ''))) return false;
    o.__refs = Object.fromEntries(refs.filter((id) => seen.has(id)).map((id) => [id, seen.get(id) as Record<string, unknown>]));
    return true;
  };
  for await (const r of readJsonObjects(text, { file })) {
    if (r.parsed) remember(r.parsed);
    if (r.parsed && refsOf(r.parsed).length) {
      if (!resolve(r as RawRecord<Obj>)) {
        if (held.length < HELD) {
          held.push(r as RawRecord<Obj>);
          continue;
        }
      }
    }
    // Held objects whose references have arrived since go out now, in their original order.
    for (let i = 0; i < held.length; ) {
      const h = held[i] as RawRecord<Obj>;
      if (resolve(h)) {
        held.splice(i, 1);
        yield h;
      } else i++;
    }
    yield r as RawRecord<Obj>;
  }
  for (const h of held) {
    resolve(h);
    const o = h.parsed as Obj;
    o.__refs ??= Object.fromEntries(refsOf(o).filter((id) => seen.has(id)).map((id) => [id, seen.get(id) as Record<string, unknown>]));
    yield h;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
function ext(o: Record<string, unknown>): Record<string, unknown> {
  const e = (o.extensions as Record<string, unknown> | undefined)?.[TESSERA_EXTENSION_ID];
  return e && typeof e === 'object' ? (e as Record<string, unknown>) : {};
}

/** The hash or URL comparisons of a STIX pattern: `[file:hashes.'SHA-256' = '…' OR url:value = '…']`. */
export function patternTerms(pattern: string): Array<{ signalType: string; value: string }> | string {
  const body = pattern.trim();
  if (!/^\[.*\]$/s.test(body)) return 'the pattern must be one observation expression in [ ]';
  const inner = body.slice(1, -1);
  const terms = inner.split(/\s+OR\s+/);
  const out: Array<{ signalType: string; value: string }> = [];
  for (const t of terms) {
    const m = /^\s*(file:hashes\.(?:'([^']+)'|"([^"]+)"|([A-Za-z0-9-]+))|url:value)\s*=\s*'((?:[^'\\]|\\.)*)'\s*$/.exec(t);
    if (!m) return `unsupported comparison "${t.trim().slice(0, 120)}": Tessera reads file:hashes.<MD5|SHA-1|SHA-256|PDQ> = '…' and url:value = '…', joined by OR`;
    const value = (m[5] ?? '').replace(/\\(.)/g, '$1');
    if (m[1] === 'url:value') out.push({ signalType: 'url_sha256', value });
    else {
      const alg = (m[2] ?? m[3] ?? m[4] ?? '').toUpperCase();
      const t2 = HASH_KEYS[alg];
      if (!t2) return `hash algorithm "${alg}" is not one Tessera holds (MD5, SHA-1, SHA-256, PDQ)`;
      out.push({ signalType: t2, value });
    }
  }
  return out;
}

function collect<T>(problems: Problem[], f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValidationError) problems.push(...e.issues);
    else throw e;
    return undefined;
  }
}

function mapStix(rec: RawRecord<Obj>, env: MapEnv): Mapped | { problems: Problem[] } {
  const o = rec.parsed;
  if (!o) return { problems: rec.problems };
  const where = { ...rec.where, ...(typeof o.id === 'string' ? { path: o.id } : {}) };
  const type = str(o.type);
  const id = str(o.id);
  if (!type || !id || !id.startsWith(`${type}--`)) return { problems: [{ code: 'invalid_stix', message: 'a STIX object needs "type" and an "id" of the form <type>--<uuid>', where }] };
  const rawDigest = sha256Digest(rec.raw);
  const notes: Note[] = [];
  const problems: Problem[] = [];
  const units: Unit[] = [];
  if (type === 'indicator') {
    if (o.pattern_type !== undefined && o.pattern_type !== 'stix') return { problems: [{ code: 'unsupported_pattern', message: `pattern_type "${String(o.pattern_type)}": Tessera reads STIX patterns only`, where: { ...where, field: 'pattern_type' } }] };
    const terms = typeof o.pattern === 'string' ? patternTerms(o.pattern) : 'the indicator has no pattern';
    if (typeof terms === 'string') return { problems: [{ code: 'unsupported_pattern', message: terms, where: { ...where, field: 'pattern' } }] };
    const e = ext(o);
    const cls = SchemeCode.safeParse(e.classification);
    const label = str(o.name) ?? (Array.isArray(o.indicator_types) ? o.indicator_types.filter((x) => typeof x === 'string').join(' ') : undefined);
    for (const t of terms) units.push({ kind: 'hash', hash: { ...t, ...(label ? { label } : {}), ...(cls.success ? { classification: { scheme: cls.data.scheme, code: cls.data.code } } : {}) } });
    return { units, notes, rawDigest };
  }
  if (type === 'sighting' || type === 'opinion') {
    const refs = o.__refs ?? {};
    const targets = (type === 'sighting' ? [o.sighting_of_ref] : Array.isArray(o.object_refs) ? o.object_refs : []).filter((x): x is string => typeof x === 'string');
    let verdict: 'true_positive' | 'false_positive' | undefined = 'true_positive';
    if (type === 'opinion') {
      const op = str(o.opinion);
      verdict = op === 'agree' || op === 'strongly-agree' ? 'true_positive' : op === 'disagree' || op === 'strongly-disagree' ? 'false_positive' : undefined;
      if (!op) return { problems: [{ code: 'invalid_stix', message: 'an opinion needs "opinion" (strongly-disagree … strongly-agree)', where: { ...where, field: 'opinion' } }] };
      if (!verdict) {
        notes.push({ code: 'neutral_opinion', message: 'a neutral opinion carries no verdict; kept in this note', value: op });
        return { units: [], notes, rawDigest };
      }
    }
    for (const t of targets) {
      const target = refs[t];
      if (!target || target.type !== 'indicator') {
        problems.push({ code: 'unknown_reference', message: `${t} is not an indicator in this bundle: feedback needs the indicator it is about (send both in one bundle)`, where: { ...where, field: type === 'sighting' ? 'sighting_of_ref' : 'object_refs' } });
        continue;
      }
      const terms = typeof target.pattern === 'string' ? patternTerms(target.pattern) : [];
      if (typeof terms === 'string') {
        problems.push({ code: 'unsupported_pattern', message: terms, where });
        continue;
      }
      const note = type === 'sighting' ? `STIX sighting ${id}${typeof o.count === 'number' ? ` (count ${o.count})` : ''}` : `STIX opinion ${id}: ${String(o.opinion)}${str(o.explanation) ? ` — ${String(o.explanation).slice(0, 300)}` : ''}`;
      for (const term of terms) units.push({ kind: 'feedback', feedback: { ...term, verdict: verdict as 'true_positive', note } });
    }
    if (problems.length) return { problems };
    return { units, notes, rawDigest };
  }
  if (type === 'observed-data') return mapObserved(o, id, env, where, rawDigest);
  // Objects referenced by others (file, url, user-account), identities, markings, the extension
  // definition: read, nothing of their own to store.
  return { units: [], notes, rawDigest };
}

const ReportExt = z.object({
  source_ref: z.string().optional(), kind: z.string().optional(), status: z.string().optional(), reported_at: z.string().optional(), incident_at: z.string().optional(),
  country: z.string().optional(), language: z.string().optional(), incident_types: z.array(SchemeCode).optional(), flags: z.array(z.string()).optional(),
  children: z.array(z.record(z.string(), z.unknown())).optional(),
}).passthrough();

function mapObserved(o: Obj, id: string, env: MapEnv, where: RawRecord['where'], rawDigest: string): Mapped | { problems: Problem[] } {
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const e = ReportExt.safeParse(ext(o));
  if (!e.success) return { problems: [{ code: 'invalid_extension', message: `the Tessera extension is not valid: ${e.error.issues[0]?.message ?? ''}`, where }] };
  const x = e.data;
  // A Tessera export carries the record's lineage: it travels on, with this transfer as a hop.
  const carried = Lineage.safeParse(x.lineage);
  const lineage: Lineage = carried.success ? { ...carried.data, hops: [...carried.data.hops, { orgId: env.orgId, at: env.receivedAt }].slice(-64) } : { ...env.lineage, rawDigest };
  const refs = o.__refs ?? {};
  const missing = (Array.isArray(o.object_refs) ? o.object_refs : []).filter((r) => typeof r === 'string' && !refs[r] && REF_TYPES.has(r.split('--')[0] ?? ''));
  if (missing.length) return { problems: [{ code: 'unknown_reference', message: `object_refs ${missing.slice(0, 5).join(', ')} are not in this bundle`, where: { ...where, field: 'object_refs' } }] };
  // With the Tessera extension, its incident time is authoritative (absent = unknown); otherwise first_observed.
  const incidentAt = x.source_ref !== undefined ? x.incident_at : (x.incident_at ?? str(o.first_observed));
  const report = collect(problems, () =>
    entity(ReportEntity, {
      datasetId: env.datasetId, sourceOrgId: env.orgId, sourceRef: x.source_ref ?? id, kind: x.kind ?? 'platform-report', status: x.status ?? 'received',
      reportedAt: x.reported_at ?? str(o.created) ?? env.receivedAt, ...(incidentAt ? { incidentAt } : {}),
      ...(x.country ? { country: x.country } : {}), ...(x.language ? { language: x.language } : {}), incidentTypes: x.incident_types ?? [], flags: x.flags ?? [], lineage,
    }, { ...where, path: `${id}` }) as Report,
  );
  if (!report) return { problems };
  const items: ContentItem[] = [];
  const classifications: Classification[] = [];
  const signals = new Map<string, Signal>();
  const subjects: Subject[] = [];
  const signal = (type: Signal['type'], value: string, pseudonymised: boolean) => {
    const k = `${type}\u0000${value}`;
    if (signals.has(k)) return;
    const s = collect(problems, () => entity(SignalEntity, { reportId: report.id, type, value, pseudonymised }, where) as Signal);
    if (s) signals.set(k, s);
  };
  let fileNo = 0;
  let accountNo = 0;
  for (const ref of Array.isArray(o.object_refs) ? o.object_refs : []) {
    const sco = refs[ref as string];
    if (!sco) continue;
    const se = ext(sco);
    if (sco.type === 'file') {
      fileNo++;
      const hashes: Record<string, string | number> = {};
      for (const [k, v] of Object.entries((sco.hashes as Record<string, unknown> | undefined) ?? {})) {
        const t = HASH_KEYS[k.toUpperCase()] ?? HASH_KEYS[k];
        if (t && typeof v === 'string') hashes[t] = v.toLowerCase();
        else notes.push({ code: 'unknown_hash_type', message: `file hash "${k}" is not one Tessera stores; kept in this note`, value: `${k}:${String(v)}` });
      }
      if (typeof se.pdq_quality === 'number') hashes.pdqQuality = se.pdq_quality;
      const item = collect(problems, () => entity(ContentItemEntity, {
        reportId: report.id, sourceRef: str(se.source_ref) ?? str(sco.name) ?? `file-${fileNo}`, mediaType: str(se.media_type) ?? 'other',
        ...(typeof sco.size === 'number' ? { sizeBytes: sco.size } : {}), hashes, lineage,
      }, { ...where, path: String(ref) }) as ContentItem);
      if (item) {
        items.push(item);
        for (const c of Array.isArray(se.classifications) ? se.classifications : []) {
          const cl = collect(problems, () => entity(ClassificationEntity, { ...(c as object), targetId: item.id, assessorOrgId: env.orgId, assessedAt: (c as { assessedAt?: string }).assessedAt ?? env.receivedAt }, { ...where, path: String(ref) }) as Classification);
          if (cl) classifications.push(cl);
        }
      }
    } else if (sco.type === 'url' && typeof sco.value === 'string' && !sco.value.startsWith('urn:tessera:')) {
      signal('url', sco.value, false);
      const host = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(sco.value)?.[1]?.toLowerCase();
      if (host) signal('domain', host, false);
    } else if (sco.type === 'user-account') {
      accountNo++;
      const pseudonymised = se.pseudonymised === true;
      const ids: Subject['identifiers'] = [];
      const raw = str(sco.user_id) ?? str(sco.account_login);
      const platform = str(sco.account_type);
      if (raw) ids.push({ type: 'account', value: pseudonymised ? raw : env.pseudonymise('account', raw), ...(platform ? { platform } : {}) });
      for (const extra of Array.isArray(se.identifiers) ? se.identifiers : []) {
        const t = (extra as { type?: string }).type;
        const v = (extra as { value?: string }).value;
        if (t && v && t !== 'account') ids.push({ type: t as 'email', value: pseudonymised ? v : env.pseudonymise(t, v) });
      }
      const s = collect(problems, () => entity(SubjectEntity, {
        reportId: report.id, sourceRef: str(se.source_ref) ?? `account-${accountNo}`, kind: str(se.kind) ?? 'account', role: str(se.role) ?? 'reported', identifiers: ids,
        ...(str(se.country) ? { country: se.country } : {}),
      }, { ...where, path: String(ref) }) as Subject);
      if (s) {
        subjects.push(s);
        for (const i of ids) signal(i.type === 'device' || i.type === 'other' ? 'keyword' : i.type, i.value, true);
      }
    }
  }
  const kids: Child[] = [];
  for (const c of x.children ?? []) {
    const k = collect(problems, () => entity(ChildEntity, { ...c, reportId: report.id }, { ...where, path: `${id}.children` }) as Child);
    if (k) kids.push(k);
  }
  if (problems.length) return { problems };
  return { units: [{ kind: 'report', bundle: { report, contentItems: items, classifications, signals: [...signals.values()], subjects, children: kids } }], notes, rawDigest };
}

export const stixAdapter: Adapter<Obj> = {
  format: 'stix',
  name: 'tessera-ingest/stix',
  version: '1.0.0',
  sourceSystem: 'STIX 2.1',
  read: (text, { file }) => readStix(text, file),
  readOne: async (raw, _context, where) => {
    const got: Array<RawRecord<Obj>> = [];
    for await (const r of readStix((async function* () { yield raw; })(), where.file ?? '<quarantine>')) got.push(r);
    const main = got.find((r) => r.parsed && refsOf(r.parsed).length) ?? got[got.length - 1];
    if (!main) return { index: 0, raw, where, problems: [{ code: 'no_records', message: 'no STIX object in the text', where }] };
    return { ...main, where: { ...where, ...(main.where.path ? { path: main.where.path } : {}) } };
  },
  map: mapStix,
};

export { TESSERA_EXTENSION_ID, tesseraExtensionDefinition } from './extension.ts';
export { exportStixBundle } from './export.ts';
