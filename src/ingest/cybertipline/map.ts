/**
 * CyberTipline `report` / `fileDetails` → CDM (Report, Subject, Child, Signal; ContentItem,
 * Classification). Source codes are kept verbatim (incident type, annotations, industry
 * classification); their CDM meaning is added beside them (flags). Personal identifiers
 * (account ids, screen names, e-mail, phone, IP, device ids) are pseudonymised before they
 * leave this function; names, addresses, free text and chat content are never mapped.
 *
 * Attributes in the `tessera:` prefix are Tessera's own batch extension (see export.ts): they
 * carry CDM fields the CyberTipline format has no place for, so a Tessera export reads back
 * exactly. NCMEC documents never have them.
 */
import { z } from 'zod';
import { fastId } from '../../generator/ids.ts';
import { entityOr, entityWithLineageOr, rawDigestOf } from '../entity.ts';
import {
  AGE_BASES, ChildEntity, ClassificationEntity, ContentItemEntity, ReportEntity, SchemeCode, SignalEntity, SubjectEntity,
  type Child, type Classification, type ContentItem, type Lineage, type Report, type Signal, type Subject,
} from '../../model/index.ts';
import type { Problem } from '../../shared/errors.ts';
import { registry } from '../../taxonomy/index.ts';
import type { MapEnv, Mapped, Note, RawRecord, Unit } from '../types.ts';
import type { XNode } from '../xml-reader.ts';
import { FILE_ANNOTATIONS, REPORT_ANNOTATIONS, child, children, flagValue, parseXsDate, parseXsDateTime, textOf, validateTree } from './schema.ts';

/** Report annotation → CDM flag (the scheme's own `flags` axis, see taxonomy ncmec-report-annotation). */
export const ANNOTATION_FLAGS: Record<(typeof REPORT_ANNOTATIONS)[number], string> = {
  sextortion: 'sextortion', csamSolicitation: 'csam-solicitation', minorToMinorInteraction: 'minor-to-minor', spam: 'spam', sadisticOnlineExploitation: 'sadistic-online-exploitation',
};
/** Built once: a zod schema built per record cost more than the validation itself. */
const INCIDENT_TYPES = z.array(SchemeCode).max(50);
/**
 * tessera:incidentTypes as read, per distinct text: the reports of a batch carry a few texts
 * (one per source scheme), and reading one was a JSON parse and a validation per report (a
 * single last-text cache missed whenever two schemes alternated). The parsed value is shared
 * by the reports that carry the same text: mapped records are encoded, never changed.
 */
const incidentTypesSeen = new Map<string, ReturnType<typeof INCIDENT_TYPES.safeParse>>();
function incidentTypesOf(text: string): ReturnType<typeof INCIDENT_TYPES.safeParse> {
  let r = incidentTypesSeen.get(text);
  if (r === undefined) {
    r = INCIDENT_TYPES.safeParse(safeJson(text));
    if (incidentTypesSeen.size >= 256) incidentTypesSeen.clear();
    // The key is a copy: the attribute's text is a slice of the input chunk, which it would keep alive.
    incidentTypesSeen.set(JSON.parse(JSON.stringify(text)) as string, r);
  }
  return r;
}
const LEGACY_COUNTRIES = new Set(['A1', 'A2', 'O1', 'AP', 'EU', 'FX', 'AN']);
const INDUSTRY = ['A1', 'A2', 'B1', 'B2'];
const HASH_TYPES = new Map<string, 'md5' | 'sha1' | 'sha256' | 'pdq'>([['MD5', 'md5'], ['SHA1', 'sha1'], ['SHA256', 'sha256'], ['PDQ', 'pdq']]);

const EXT_MEDIA: Array<[RegExp, ContentItem['mediaType']]> = [
  [/\.(jpe?g|png|gif|webp|bmp|heic|heif|tiff?|avif)$/i, 'image'],
  [/\.(mp4|m4v|mov|avi|mkv|webm|wmv|3gp|flv|mpe?g)$/i, 'video'],
  [/\.(mp3|wav|m4a|ogg|opus|flac|aac)$/i, 'audio'],
  [/\.(zip|rar|7z|tar|gz|tgz|bz2)$/i, 'archive'],
  [/\.(txt|html?|pdf|docx?)$/i, 'text'],
];

/** `tessera:<name>` per name, made once (a key built per lookup was a string to make and hash each time). */
const TESSERA_KEYS: Record<string, string> = Object.create(null) as Record<string, string>;

function attr(node: XNode, name: string): string | undefined {
  return node.attrs[(TESSERA_KEYS[name] ??= `tessera:${name}`)];
}

function pseudo(env: MapEnv, node: XNode, type: string, value: string): string {
  return node.attrs['tessera:pseudonymised'] === 'true' ? value : env.pseudonymise(type, value);
}

/** Maps one record. */
export function mapCyberTipline(rec: RawRecord<XNode>, env: MapEnv): Mapped | { problems: Problem[] } {
  const root = rec.parsed;
  if (!root) return { problems: rec.problems.length ? rec.problems : [{ code: 'unreadable', message: 'record could not be read', where: rec.where }] };
  const file = rec.where.file ?? '<input>';
  // The container's path (e.g. /cyberTiplineBatch) before the record's own step.
  const path = rec.where.path;
  const prefix = path && path !== `/${root.name}` ? path.slice(0, Math.max(0, path.lastIndexOf('/'))) : '';
  const problems = validateTree(root, root.name, file, prefix);
  if (problems.length) return { problems };
  const lineage: Pick<Lineage, 'rawDigest'> = { rawDigest: rawDigestOf(rec.raw) };
  return root.name === 'report' ? mapReport(root, env, lineage, file, prefix) : mapFileDetails(root, env, lineage, file, prefix);
}

function mapReport(root: XNode, env: MapEnv, lineage: Pick<Lineage, 'rawDigest'>, file: string, prefix: string): Mapped | { problems: Problem[] } {
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const at = locator(file, prefix);
  const summary = child(root, 'incidentSummary') as XNode;
  const typeNode = child(summary, 'incidentType') as XNode;
  const incidentType = typeNode.text.trim();
  const flags = new Set<string>();
  const tax = registry();
  if (!tax.concept('ncmec-incident', incidentType)) {
    let note = `incident type "${incidentType}" is not one of the ${'ncmec-incident'} codes; kept verbatim and flagged for review`;
    try {
      const r = tax.resolve('ncmec-incident', incidentType);
      note = `incident type "${incidentType}" is not the exact NCMEC value; it reads as "${r.concept.code}" — kept verbatim and flagged`;
    } catch {
      /* unknown: noted below */
    }
    flags.add('unknown-incident-type');
    notes.push({ code: 'unknown_category', message: note, value: incidentType, where: at(typeNode) });
  }
  const when = parseXsDateTime((child(summary, 'incidentDateTime') as XNode).text) as { iso: string; zoneUnknown: boolean };
  if (when.zoneUnknown) {
    flags.add('incident-time-zone-unknown');
    notes.push({ code: 'time_zone_unknown', message: 'incidentDateTime has no time zone: read as UTC and flagged', value: (child(summary, 'incidentDateTime') as XNode).text.trim(), where: at(child(summary, 'incidentDateTime') as XNode) });
  }
  for (const a of child(summary, 'reportAnnotations')?.children ?? []) flags.add(ANNOTATION_FLAGS[a.name as keyof typeof ANNOTATION_FLAGS]);
  if (child(summary, 'escalateToHighPriority')) flags.add('urgent');
  if (child(root, 'batchedReport')) flags.add('batched-viral-meme');
  const flagsAttr = attr(root, 'flags');
  if (flagsAttr !== undefined) for (const f of flagsAttr.split(/\s+/)) if (/^[a-z0-9-]{1,64}$/.test(f)) flags.add(f);

  const sourceRef = attr(root, 'sourceRef') ?? `sha256:${lineage.rawDigest.slice(7, 39)}`;
  let incidentTypes: Report['incidentTypes'] = [{ scheme: 'ncmec-incident', code: incidentType }];
  const extra = attr(root, 'incidentTypes');
  if (extra !== undefined) {
    const parsed = incidentTypesOf(extra);
    if (parsed.success) incidentTypes = parsed.data;
    else problems.push({ code: 'invalid_value', message: 'tessera:incidentTypes must be a JSON array of {scheme, code}', where: at(root, 'tessera:incidentTypes') });
  }
  const kind = attr(root, 'kind') ?? 'cybertip';
  const status = attr(root, 'status') ?? 'received';
  const incidentAt = attr(root, 'incidentAt') === 'unknown' ? undefined : when.iso;
  let country = attr(root, 'country');
  if (country === undefined) {
    for (const p of root.children) {
      if (p.name !== 'personOrUserReported') continue;
      const cc = textOf(child(p, 'estimatedLocation'), 'countryCode');
      if (cc && /^[A-Z]{2}$/.test(cc) && !LEGACY_COUNTRIES.has(cc)) {
        country = cc;
        break;
      }
    }
  }
  // Optional fields set one by one rather than spread in: a spread of a conditional object literal
  // was a temporary object and a copy per field (the schema's output has its own key order anyway).
  const value: Record<string, unknown> = { datasetId: env.datasetId, sourceOrgId: env.orgId, sourceRef, kind, status, reportedAt: attr(root, 'reportedAt') ?? env.receivedAt };
  if (incidentAt) value.incidentAt = incidentAt;
  if (country) value.country = country;
  const language = attr(root, 'language');
  if (language) value.language = language;
  value.incidentTypes = incidentTypes;
  value.flags = flags.size ? [...flags].sort() : [];
  const report = entityWithLineageOr(problems, ReportEntity, value, env.lineage, lineage.rawDigest, () => ({ file, line: root.line, path: prefix + root.path })) as Report | undefined;
  if (!report) return { problems };
  // Its files come next and name it by its sourceRef: their report id is this one (computed the same way).
  lastReportId = { orgId: env.orgId, ref: report.sourceRef, id: report.id };

  const signals = new Map<string, Signal>();
  const signal = signalAdder(problems, signals, report.id, at);
  for (const d of children(root, 'internetDetails')) {
    const inc = d.children[0] as XNode;
    for (const u of children(inc, 'url')) {
      const url = u.text.trim();
      if (!url) continue;
      signal('url', url, false, u);
      const host = hostOf(url);
      if (host) signal('domain', host, false, u);
    }
    for (const e of children(inc, 'emailAddress')) if (e.text.trim()) signal('email', pseudo(env, inc, 'email', e.text), true, e);
    const phone = child(inc, 'phoneNumber');
    if (phone?.text.trim()) signal('phone', pseudo(env, inc, 'phone', phone.text), true, phone);
    for (const ev of children(inc, 'ipCaptureEvent')) {
      const ip = child(ev, 'ipAddress') as XNode;
      signal('ip', pseudo(env, inc, 'ip', ip.text), true, ip);
    }
  }

  const subjects: Subject[] = [];
  let reportedNo = 0;
  let recipientNo = 0;
  // personOrUserReported first, then intendedRecipient (each in document order), without building the list.
  for (let pass = 0; pass < 2; pass++) for (const p of root.children) {
    const role = p.name === 'personOrUserReported' && pass === 0 ? 'reported' : p.name === 'intendedRecipient' && pass === 1 ? 'associated' : null;
    if (role === null) continue;
    const ref = attr(p, 'ref') ?? (role === 'reported' ? `reported-${++reportedNo}` : `recipient-${++recipientNo}`);
    const platform = textOf(p, 'espService') ?? textOf(summary, 'platform');
    const ids: Subject['identifiers'] = [];
    const add = identifierAdder(env, p, ids, platform);
    add('account', textOf(p, 'espIdentifier'), true);
    add('account', textOf(p, 'screenName'), true);
    const person = p.children.find((c) => c.name.endsWith('Person'));
    for (const e of children(person, 'email')) add('email', e.text, false);
    for (const ph of children(person, 'phone')) add('phone', ph.text, false);
    for (const ev of children(p, 'ipCaptureEvent')) add('ip', textOf(ev, 'ipAddress'), false);
    for (const dv of children(p, 'deviceId')) add('device', `${textOf(dv, 'idType') ?? ''}:${textOf(dv, 'idValue') ?? ''}`, false);
    const cc = textOf(child(p, 'estimatedLocation'), 'countryCode');
    let subjectCountry: string | undefined;
    if (cc && /^[A-Z]{2}$/.test(cc) && !LEGACY_COUNTRIES.has(cc)) subjectCountry = cc;
    else if (cc) notes.push({ code: 'legacy_country_code', message: `country code "${cc}" is a legacy geo-IP code or not ISO 3166-1; kept in this note only`, value: cc, where: at(p) });
    const kindAttr = attr(p, 'kind');
    const subject: Record<string, unknown> = { reportId: report.id, sourceRef: ref, kind: kindAttr ?? (textOf(p, 'espIdentifier') || textOf(p, 'screenName') ? 'account' : 'person'), role, identifiers: ids };
    const sc = attr(p, 'country') ?? subjectCountry;
    if (sc) subject.country = sc;
    const s = entityOr(problems, SubjectEntity, subject, () => at(p)) as Subject | undefined;
    if (s) subjects.push(s);
    for (const i of ids) signal(i.type === 'device' || i.type === 'other' ? 'keyword' : i.type, i.value, true, p);
  }

  const kids: Child[] = [];
  children(root, 'victim').forEach((v, i) => {
    const person = child(v, 'victimPerson');
    let age: Child['age'] = { min: null, max: null, basis: 'reported' };
    const basis = attr(v, 'ageBasis');
    if (basis !== undefined) {
      age = { min: ageNumber(attr(v, 'ageMin')), max: ageNumber(attr(v, 'ageMax')), basis: basis as Child['age']['basis'], ...(attr(v, 'ageStage') ? { stage: attr(v, 'ageStage') as string } : {}) };
      if (!(AGE_BASES as readonly string[]).includes(basis)) problems.push({ code: 'invalid_value', message: `tessera:ageBasis must be one of ${AGE_BASES.join(', ')}`, where: at(v, 'tessera:ageBasis') });
    } else {
      const ageText = textOf(person, 'age');
      const dob = textOf(person, 'dateOfBirth');
      if (ageText !== undefined) {
        const n = Number(ageText);
        age = { min: n, max: n, basis: 'reported' };
        if (n > 25 || n < 0) {
          problems.push({ code: 'invalid_value', message: `victim age ${n} is outside 0-25: a victim in a CyberTipline report is a child; check the value`, where: at(child(person, 'age') as XNode) });
          return;
        }
      } else if (dob) {
        const d = parseXsDate(dob) as { y: number; m: number; d: number };
        const ref = new Date(incidentAt ?? report.reportedAt);
        let years = ref.getUTCFullYear() - d.y;
        if (ref.getUTCMonth() + 1 < d.m || (ref.getUTCMonth() + 1 === d.m && ref.getUTCDate() < d.d)) years--;
        if (years < 0 || years > 25) {
          problems.push({ code: 'invalid_value', message: `dateOfBirth ${dob} gives age ${years} at the incident; expected 0-25`, where: at(child(person, 'dateOfBirth') as XNode) });
          return;
        }
        age = { min: years, max: years, basis: 'reported' };
      }
    }
    const gender = attr(v, 'gender') ?? 'unknown';
    const kid: Record<string, unknown> = { reportId: report.id, sourceRef: attr(v, 'ref') ?? `victim-${i + 1}`, age, gender };
    const kc = attr(v, 'country');
    if (kc) kid.country = kc;
    kid.identified = attr(v, 'identified') === 'true';
    const c = entityOr(problems, ChildEntity, kid, () => at(v)) as Child | undefined;
    if (c) kids.push(c);
  });
  if (problems.length) return { problems };
  const units: Unit[] = [{ kind: 'report', bundle: { report, signals: [...signals.values()], subjects, children: kids, contentItems: [], classifications: [] } }];
  return { units, notes, rawDigest: lineage.rawDigest };
}

function mapFileDetails(root: XNode, env: MapEnv, lineage: Pick<Lineage, 'rawDigest'>, file: string, prefix: string): Mapped | { problems: Problem[] } {
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const at = locator(file, prefix);
  const reportRef = textOf(root, 'reportId') ?? '';
  const fileId = textOf(root, 'fileId') ?? '';
  if (!/^[A-Za-z0-9._:-]{1,200}$/.test(reportRef)) problems.push({ code: 'invalid_value', message: `reportId "${reportRef.slice(0, 60)}" is not a report identifier (letters, digits, . _ : -)`, where: at(child(root, 'reportId') as XNode) });
  // The same id as identify(ReportEntity, …), by the fast path (both identity values are strings);
  // a report's files follow it, so the last one is remembered (one SHA-1 less per file).
  const reportId = reportIdOf(env.orgId, reportRef);
  const hashes: Record<string, string | number> = {};
  for (const h of children(root, 'originalFileHash')) {
    const typeText = h.attrs.hashType;
    if (typeText === undefined) {
      problems.push({ code: 'missing_attribute', message: '<originalFileHash> needs its hashType attribute (e.g. MD5, SHA1, SHA256)', where: at(h, 'hashType') });
      continue;
    }
    // As written by NCMEC and Tessera (MD5, SHA1, …) without normalising; other spellings (sha-256, Md5) normalised.
    const type = HASH_TYPES.get(typeText) ?? HASH_TYPES.get(typeText.trim().toUpperCase().replace(/[-_ ]/g, ''));
    const value = h.text.trim().toLowerCase();
    if (!type) {
      notes.push({ code: 'unknown_hash_type', message: `hash type "${typeText}" is not one Tessera stores (MD5, SHA1, SHA256, PDQ); kept verbatim in this note`, value: `${typeText}:${h.text.trim()}`, where: at(h, 'hashType') });
      continue;
    }
    if (hashes[type] !== undefined && hashes[type] !== value) {
      problems.push({ code: 'conflicting_values', message: `two different ${typeText} hashes for one file`, where: at(h) });
      continue;
    }
    hashes[type] = value;
  }
  for (const d of children(root, 'details')) {
    if (d.attrs.type !== 'HASH') continue;
    for (const nv of children(d, 'nameValuePair')) {
      const name = (textOf(nv, 'name') ?? '').toLowerCase().replace(/[\s_-]/g, '');
      if (name === 'pdqquality') {
        const q = Number(textOf(nv, 'value'));
        if (Number.isInteger(q)) hashes.pdqQuality = q;
        else problems.push({ code: 'invalid_value', message: 'PDQ quality must be a whole number 0-100', where: at(nv) });
      }
    }
  }
  const name = textOf(root, 'originalFileName') ?? textOf(root, 'fileName') ?? '';
  const mediaType = attr(root, 'mediaType') ?? EXT_MEDIA.find(([re]) => re.test(name))?.[1] ?? 'other';
  const size = attr(root, 'sizeBytes');
  const itemValue: Record<string, unknown> = { reportId, sourceRef: fileId, mediaType };
  if (size !== undefined) itemValue.sizeBytes = Number(size);
  itemValue.hashes = hashes;
  const item = entityWithLineageOr(problems, ContentItemEntity, itemValue, env.lineage, lineage.rawDigest, () => ({ file, line: root.line, path: prefix + root.path })) as ContentItem | undefined;
  const classifications: Classification[] = [];
  if (item) {
    const assessedAt = attr(root, 'assessedAt') ?? (child(root, 'uploadedToEspTimestamp') ? (parseXsDateTime((child(root, 'uploadedToEspTimestamp') as XNode).text) as { iso: string }).iso : env.receivedAt);
    const classify = classifier(problems, classifications, item.id, env.orgId, assessedAt, at);
    const ic = child(root, 'industryClassification');
    if (ic) {
      const code = ic.text.trim();
      if (!INDUSTRY.includes(code)) problems.push({ code: 'invalid_value', message: `industryClassification must be one of ${INDUSTRY.join(', ')} (NCMEC industry classification); got "${code.slice(0, 40)}"`, where: at(ic) });
      else {
        classify('ncmec-industry', code, ic);
        if (textOf(root, 'fileRelevance') === 'Supplemental Reported') notes.push({ code: 'ncmec_would_reject', message: 'an industryClassification on a "Supplemental Reported" file: NCMEC rejects this at /finish; kept as given', value: code, where: at(ic) });
      }
    }
    for (const a of child(root, 'fileAnnotations')?.children ?? []) if ((FILE_ANNOTATIONS as readonly string[]).includes(a.name)) classify('ncmec-file-annotation', a.name, a);
    const legacy = child(root, 'potentialMeme');
    if (legacy && flagValue(legacy.text) && legacy.text.trim() !== '0') classify('ncmec-file-annotation', 'potentialMeme', legacy);
  }
  if (problems.length || !item) return { problems };
  return { units: [{ kind: 'file', sourceReportRef: reportRef, item, classifications }], notes, rawDigest: lineage.rawDigest };
}

/*
 * The closures a record's mapping uses come from the factories below. The sources run through
 * tsx (esbuild with keepNames), which names every closure bound to a name, with
 * Object.defineProperty, each time it is made: about a microsecond each, several per report
 * (measured). A closure returned from a function has no name to keep.
 */
type Locator = (n: XNode, field?: string) => { file: string; line: number; column: number; path: string; field: string };

function locator(file: string, prefix: string): Locator {
  return (n, field = n.name) => ({ file, line: n.line, column: n.column, path: prefix + n.path, field });
}

/** Adds a report's signal once per type and value. */
function signalAdder(problems: Problem[], signals: Map<string, Signal>, reportId: string, at: Locator): (type: Signal['type'], value: string, pseudonymised: boolean, node: XNode) => void {
  return (type, value, pseudonymised, node) => {
    const key = `${type}\u0000${value}`;
    if (signals.has(key)) return;
    const s = entityOr(problems, SignalEntity, { reportId, type, value, pseudonymised }, () => at(node)) as Signal | undefined;
    if (s) signals.set(key, s);
  };
}

/** Adds a subject's pseudonymised identifier once per type and value. */
function identifierAdder(env: MapEnv, p: XNode, ids: Subject['identifiers'], platform: string | undefined): (type: Subject['identifiers'][number]['type'], value: string | undefined, withPlatform: boolean) => void {
  return (type, value, withPlatform) => {
    if (!value?.trim()) return;
    const v = pseudo(env, p, type, value);
    if (ids.some((i) => i.type === type && i.value === v)) return;
    ids.push({ type, value: v, ...(withPlatform && platform ? { platform } : {}) });
  };
}

/** Adds a file's classification. */
function classifier(problems: Problem[], classifications: Classification[], targetId: string, assessorOrgId: string, assessedAt: string, at: Locator): (scheme: string, code: string, node: XNode) => void {
  return (scheme, code, node) => {
    const c = entityOr(problems, ClassificationEntity, { targetId, scheme, code, assessorOrgId, assessedAt }, () => at(node)) as Classification | undefined;
    if (c) classifications.push(c);
  };
}

let lastReportId = { orgId: '', ref: '\u0000', id: '' };
function reportIdOf(orgId: string, ref: string): string {
  if (lastReportId.ref !== ref || lastReportId.orgId !== orgId) lastReportId = { orgId, ref, id: fastId(ReportEntity.type, [orgId, ref]) };
  return lastReportId.id;
}

/** tessera:ageMin / ageMax: empty or absent is unknown (null). */
function ageNumber(s: string | undefined): number | null {
  return s === undefined || s === '' ? null : Number(s);
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+)/i.exec(url);
  return m?.[1]?.toLowerCase();
}
