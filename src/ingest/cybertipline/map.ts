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
import { entityAt, entityWithLineageOr, rawDigestOf } from '../entity.ts';
import {
  AGE_BASES, ChildEntity, ClassificationEntity, ContentItemEntity, ReportEntity, SchemeCode, SignalEntity, SubjectEntity,
  type Child, type Classification, type ContentItem, type Report, type Signal, type Subject,
} from '../../model/index.ts';
import type { ErrorLocation, Problem } from '../../shared/errors.ts';
import { registry } from '../../taxonomy/index.ts';
import type { MapEnv, Mapped, Note, RawRecord, Unit } from '../types.ts';
import type { XNode } from '../xml-reader.ts';
import { FILE_ANNOTATIONS, REPORT_ANNOTATIONS, child, flagValue, parseXsDate, parseXsDateTime, textOf, validateTree } from './schema.ts';

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

/** Maps one record. */
export function mapCyberTipline(rec: RawRecord<XNode>, env: MapEnv): Mapped | { problems: Problem[] } {
  const root = rec.parsed;
  if (!root) return { problems: rec.problems.length ? rec.problems : [{ code: 'unreadable', message: 'record could not be read', where: rec.where }] };
  const file = rec.where.file ?? '<input>';
  const prefix = prefixOf(rec.where.path, root.name);
  const problems = validateTree(root, root.name, file, prefix);
  if (problems.length) return { problems };
  const rawDigest = rawDigestOf(rec.raw);
  return root.name === 'report' ? mapReport(root, env, rawDigest, file, prefix) : mapFileDetails(root, env, rawDigest, file, prefix);
}

/** The container's path (e.g. /cyberTiplineBatch) before the record's own step; the records of a file share one, so the last is kept. */
let lastPrefix = { path: '\u0000', name: '', prefix: '' };
function prefixOf(path: string | undefined, name: string): string {
  if (!path) return '';
  if (path === lastPrefix.path && name === lastPrefix.name) return lastPrefix.prefix;
  const prefix = path !== `/${name}` ? path.slice(0, Math.max(0, path.lastIndexOf('/'))) : '';
  lastPrefix = { path, name, prefix };
  return prefix;
}

function mapReport(root: XNode, env: MapEnv, rawDigest: string, file: string, prefix: string): Mapped | { problems: Problem[] } {
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const at = locator(file, prefix);
  const summary = child(root, 'incidentSummary') as XNode;
  const typeNode = child(summary, 'incidentType') as XNode;
  const incidentType = typeNode.text.trim();
  // Flags in a plain list kept free of repeats (a Set and its spread per report were garbage); sorted at the end as before.
  const flags: string[] = [];
  const tax = registry();
  if (!tax.concept('ncmec-incident', incidentType)) {
    let note = `incident type "${incidentType}" is not one of the ${'ncmec-incident'} codes; kept verbatim and flagged for review`;
    try {
      const r = tax.resolve('ncmec-incident', incidentType);
      note = `incident type "${incidentType}" is not the exact NCMEC value; it reads as "${r.concept.code}" — kept verbatim and flagged`;
    } catch {
      /* unknown: noted below */
    }
    addFlag(flags, 'unknown-incident-type');
    notes.push({ code: 'unknown_category', message: note, value: incidentType, where: at(typeNode) });
  }
  const whenNode = child(summary, 'incidentDateTime') as XNode;
  const when = parseXsDateTime(whenNode.text) as { iso: string; zoneUnknown: boolean };
  if (when.zoneUnknown) {
    addFlag(flags, 'incident-time-zone-unknown');
    notes.push({ code: 'time_zone_unknown', message: 'incidentDateTime has no time zone: read as UTC and flagged', value: whenNode.text.trim(), where: at(whenNode) });
  }
  const annotations = child(summary, 'reportAnnotations');
  if (annotations) for (const a of annotations.children) addFlag(flags, ANNOTATION_FLAGS[a.name as keyof typeof ANNOTATION_FLAGS]);
  if (child(summary, 'escalateToHighPriority')) addFlag(flags, 'urgent');
  if (child(root, 'batchedReport')) addFlag(flags, 'batched-viral-meme');
  const flagsAttr = root.attrs['tessera:flags'];
  if (flagsAttr !== undefined) for (const f of flagsAttr.split(/\s+/)) if (/^[a-z0-9-]{1,64}$/.test(f)) addFlag(flags, f);

  const sourceRef = root.attrs['tessera:sourceRef'] ?? `sha256:${rawDigest.slice(7, 39)}`;
  let incidentTypes: Report['incidentTypes'] | undefined;
  const extra = root.attrs['tessera:incidentTypes'];
  if (extra !== undefined) {
    const parsed = incidentTypesOf(extra);
    if (parsed.success) incidentTypes = parsed.data;
    else problems.push({ code: 'invalid_value', message: 'tessera:incidentTypes must be a JSON array of {scheme, code}', where: at(root, 'tessera:incidentTypes') });
  }
  incidentTypes ??= [{ scheme: 'ncmec-incident', code: incidentType }];
  const kind = root.attrs['tessera:kind'] ?? 'cybertip';
  const status = root.attrs['tessera:status'] ?? 'received';
  const incidentAt = root.attrs['tessera:incidentAt'] === 'unknown' ? undefined : when.iso;
  let country = root.attrs['tessera:country'];
  if (country === undefined) {
    for (const p of root.children) {
      if (p.name !== 'personOrUserReported') continue;
      const cc = textOf(child(p, 'estimatedLocation'), 'countryCode');
      if (cc && isCountry(cc)) {
        country = cc;
        break;
      }
    }
  }
  // Optional fields set one by one rather than spread in: a spread of a conditional object literal
  // was a temporary object and a copy per field (the schema's output has its own key order anyway).
  const value: Record<string, unknown> = { datasetId: env.datasetId, sourceOrgId: env.orgId, sourceRef, kind, status, reportedAt: root.attrs['tessera:reportedAt'] ?? env.receivedAt };
  if (incidentAt) value.incidentAt = incidentAt;
  if (country) value.country = country;
  const language = root.attrs['tessera:language'];
  if (language) value.language = language;
  value.incidentTypes = incidentTypes;
  value.flags = flags.length > 1 ? flags.sort() : flags;
  const report = entityWithLineageOr(problems, ReportEntity, value, env.lineage, rawDigest, recordWhere(file, prefix, root)) as Report | undefined;
  if (!report) return { problems };
  // Its files come next and name it by its sourceRef: their report id is this one (computed the same way).
  lastReportId = { orgId: env.orgId, ref: report.sourceRef, id: report.id };

  const signals = new Signals(problems, report.id, at);
  const list = root.children;
  for (let c = 0; c < list.length; c++) {
    const d = list[c] as XNode;
    if (d.name !== 'internetDetails') continue;
    const inc = d.children[0] as XNode;
    const pseudonymised = inc.attrs['tessera:pseudonymised'] === 'true';
    const incList = inc.children;
    for (let k = 0; k < incList.length; k++) {
      const u = incList[k] as XNode;
      if (u.name !== 'url') continue;
      const url = u.text.trim();
      if (!url) continue;
      signals.add('url', url, false, u);
      const host = hostOf(url);
      if (host) signals.add('domain', host, false, u);
    }
    for (let k = 0; k < incList.length; k++) {
      const e = incList[k] as XNode;
      if (e.name === 'emailAddress' && e.text.trim()) signals.add('email', pseudonymised ? e.text : env.pseudonymise('email', e.text), true, e);
    }
    const phone = child(inc, 'phoneNumber');
    if (phone?.text.trim()) signals.add('phone', pseudonymised ? phone.text : env.pseudonymise('phone', phone.text), true, phone);
    for (let k = 0; k < incList.length; k++) {
      const ev = incList[k] as XNode;
      if (ev.name !== 'ipCaptureEvent') continue;
      const ip = child(ev, 'ipAddress') as XNode;
      signals.add('ip', pseudonymised ? ip.text : env.pseudonymise('ip', ip.text), true, ip);
    }
  }

  const subjects: Subject[] = [];
  let reportedNo = 0;
  let recipientNo = 0;
  // personOrUserReported first, then intendedRecipient (each in document order), without building the list.
  for (let pass = 0; pass < 2; pass++) for (let c = 0; c < list.length; c++) {
    const p = list[c] as XNode;
    const role = p.name === 'personOrUserReported' && pass === 0 ? 'reported' : p.name === 'intendedRecipient' && pass === 1 ? 'associated' : null;
    if (role === null) continue;
    const ref = p.attrs['tessera:ref'] ?? (role === 'reported' ? `reported-${++reportedNo}` : `recipient-${++recipientNo}`);
    const platform = textOf(p, 'espService') ?? textOf(summary, 'platform');
    const ids: Subject['identifiers'] = [];
    const pseudonymised = p.attrs['tessera:pseudonymised'] === 'true';
    const espIdentifier = textOf(p, 'espIdentifier');
    const screenName = textOf(p, 'screenName');
    addIdentifier(env, pseudonymised, ids, platform, 'account', espIdentifier, true);
    addIdentifier(env, pseudonymised, ids, platform, 'account', screenName, true);
    const pList = p.children;
    let person: XNode | undefined;
    for (let k = 0; k < pList.length; k++) {
      if ((pList[k] as XNode).name.endsWith('Person')) {
        person = pList[k];
        break;
      }
    }
    if (person) {
      for (const e of person.children) if (e.name === 'email') addIdentifier(env, pseudonymised, ids, platform, 'email', e.text, false);
      for (const ph of person.children) if (ph.name === 'phone') addIdentifier(env, pseudonymised, ids, platform, 'phone', ph.text, false);
    }
    for (let k = 0; k < pList.length; k++) {
      const ev = pList[k] as XNode;
      if (ev.name === 'ipCaptureEvent') addIdentifier(env, pseudonymised, ids, platform, 'ip', textOf(ev, 'ipAddress'), false);
    }
    for (let k = 0; k < pList.length; k++) {
      const dv = pList[k] as XNode;
      if (dv.name === 'deviceId') addIdentifier(env, pseudonymised, ids, platform, 'device', `${textOf(dv, 'idType') ?? ''}:${textOf(dv, 'idValue') ?? ''}`, false);
    }
    const cc = textOf(child(p, 'estimatedLocation'), 'countryCode');
    let subjectCountry: string | undefined;
    if (cc && isCountry(cc)) subjectCountry = cc;
    else if (cc) notes.push({ code: 'legacy_country_code', message: `country code "${cc}" is a legacy geo-IP code or not ISO 3166-1; kept in this note only`, value: cc, where: at(p) });
    const kindAttr = p.attrs['tessera:kind'];
    const subject: Record<string, unknown> = { reportId: report.id, sourceRef: ref, kind: kindAttr ?? (espIdentifier || screenName ? 'account' : 'person'), role, identifiers: ids };
    const sc = p.attrs['tessera:country'] ?? subjectCountry;
    if (sc) subject.country = sc;
    const s = entityAt(problems, SubjectEntity, subject, at, p) as Subject | undefined;
    if (s) subjects.push(s);
    for (const i of ids) signals.add(i.type === 'device' || i.type === 'other' ? 'keyword' : i.type, i.value, true, p);
  }

  const kids: Child[] = [];
  let victimNo = 0;
  for (let c = 0; c < list.length; c++) {
    const v = list[c] as XNode;
    if (v.name !== 'victim') continue;
    const i = victimNo++;
    const person = child(v, 'victimPerson');
    let age: Child['age'] | undefined;
    const basis = v.attrs['tessera:ageBasis'];
    if (basis !== undefined) {
      const min = ageNumber(v.attrs['tessera:ageMin']);
      const max = ageNumber(v.attrs['tessera:ageMax']);
      const stage = v.attrs['tessera:ageStage'];
      age = stage ? { min, max, basis: basis as Child['age']['basis'], stage } : { min, max, basis: basis as Child['age']['basis'] };
      if (!(AGE_BASES as readonly string[]).includes(basis)) problems.push({ code: 'invalid_value', message: `tessera:ageBasis must be one of ${AGE_BASES.join(', ')}`, where: at(v, 'tessera:ageBasis') });
    } else {
      const ageText = textOf(person, 'age');
      const dob = textOf(person, 'dateOfBirth');
      if (ageText !== undefined) {
        const n = Number(ageText);
        age = { min: n, max: n, basis: 'reported' };
        if (n > 25 || n < 0) {
          problems.push({ code: 'invalid_value', message: `victim age ${n} is outside 0-25: a victim in a CyberTipline report is a child; check the value`, where: at(child(person, 'age') as XNode) });
          continue;
        }
      } else if (dob) {
        const d = parseXsDate(dob) as { y: number; m: number; d: number };
        const ref = new Date(incidentAt ?? report.reportedAt);
        let years = ref.getUTCFullYear() - d.y;
        if (ref.getUTCMonth() + 1 < d.m || (ref.getUTCMonth() + 1 === d.m && ref.getUTCDate() < d.d)) years--;
        if (years < 0 || years > 25) {
          problems.push({ code: 'invalid_value', message: `dateOfBirth ${dob} gives age ${years} at the incident; expected 0-25`, where: at(child(person, 'dateOfBirth') as XNode) });
          continue;
        }
        age = { min: years, max: years, basis: 'reported' };
      }
    }
    const kid: Record<string, unknown> = { reportId: report.id, sourceRef: v.attrs['tessera:ref'] ?? `victim-${i + 1}`, age: age ?? { min: null, max: null, basis: 'reported' }, gender: v.attrs['tessera:gender'] ?? 'unknown' };
    const kc = v.attrs['tessera:country'];
    if (kc) kid.country = kc;
    kid.identified = v.attrs['tessera:identified'] === 'true';
    const k = entityAt(problems, ChildEntity, kid, at, v) as Child | undefined;
    if (k) kids.push(k);
  }
  if (problems.length) return { problems };
  const units: Unit[] = [{ kind: 'report', bundle: { report, signals: signals.list, subjects, children: kids, contentItems: [], classifications: [] } }];
  return { units, notes, rawDigest };
}

function addFlag(flags: string[], f: string): void {
  if (!flags.includes(f)) flags.push(f);
}

/** ISO 3166-1 alpha-2 as the mapper accepts it (two capitals, not a legacy geo-IP code). */
function isCountry(cc: string): boolean {
  if (cc.length !== 2) return false;
  const a = cc.charCodeAt(0);
  const b = cc.charCodeAt(1);
  return a >= 65 && a <= 90 && b >= 65 && b <= 90 && !LEGACY_COUNTRIES.has(cc);
}

function mapFileDetails(root: XNode, env: MapEnv, rawDigest: string, file: string, prefix: string): Mapped | { problems: Problem[] } {
  const problems: Problem[] = [];
  const notes: Note[] = [];
  const at = locator(file, prefix);
  const reportRef = textOf(root, 'reportId') ?? '';
  const fileId = textOf(root, 'fileId') ?? '';
  if (!isReportRef(reportRef)) problems.push({ code: 'invalid_value', message: `reportId "${reportRef.slice(0, 60)}" is not a report identifier (letters, digits, . _ : -)`, where: at(child(root, 'reportId') as XNode) });
  // The same id as identify(ReportEntity, …), by the fast path (both identity values are strings);
  // a report's files follow it, so the last one is remembered (one SHA-1 less per file).
  const reportId = reportIdOf(env.orgId, reportRef);
  const hashes: Record<string, string | number> = {};
  const list = root.children;
  for (let c = 0; c < list.length; c++) {
    const h = list[c] as XNode;
    if (h.name !== 'originalFileHash') continue;
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
  for (let c = 0; c < list.length; c++) {
    const d = list[c] as XNode;
    if (d.name !== 'details' || d.attrs.type !== 'HASH') continue;
    for (const nv of d.children) {
      if (nv.name !== 'nameValuePair') continue;
      if (pairName(textOf(nv, 'name') ?? '') === 'pdqquality') {
        const q = Number(textOf(nv, 'value'));
        if (Number.isInteger(q)) hashes.pdqQuality = q;
        else problems.push({ code: 'invalid_value', message: 'PDQ quality must be a whole number 0-100', where: at(nv) });
      }
    }
  }
  let mediaType = root.attrs['tessera:mediaType'];
  if (mediaType === undefined) {
    const name = textOf(root, 'originalFileName') ?? textOf(root, 'fileName') ?? '';
    mediaType = EXT_MEDIA.find(([re]) => re.test(name))?.[1] ?? 'other';
  }
  const size = root.attrs['tessera:sizeBytes'];
  const itemValue: Record<string, unknown> = { reportId, sourceRef: fileId, mediaType };
  if (size !== undefined) itemValue.sizeBytes = Number(size);
  itemValue.hashes = hashes;
  const item = entityWithLineageOr(problems, ContentItemEntity, itemValue, env.lineage, rawDigest, recordWhere(file, prefix, root)) as ContentItem | undefined;
  const classifications: Classification[] = [];
  if (item) {
    let assessedAt = root.attrs['tessera:assessedAt'];
    if (assessedAt === undefined) {
      const uploaded = child(root, 'uploadedToEspTimestamp');
      assessedAt = uploaded ? (parseXsDateTime(uploaded.text) as { iso: string }).iso : env.receivedAt;
    }
    const ic = child(root, 'industryClassification');
    if (ic) {
      const code = ic.text.trim();
      if (!INDUSTRY.includes(code)) problems.push({ code: 'invalid_value', message: `industryClassification must be one of ${INDUSTRY.join(', ')} (NCMEC industry classification); got "${code.slice(0, 40)}"`, where: at(ic) });
      else {
        classify(problems, classifications, item.id, env.orgId, assessedAt, at, 'ncmec-industry', code, ic);
        if (textOf(root, 'fileRelevance') === 'Supplemental Reported') notes.push({ code: 'ncmec_would_reject', message: 'an industryClassification on a "Supplemental Reported" file: NCMEC rejects this at /finish; kept as given', value: code, where: at(ic) });
      }
    }
    const annotations = child(root, 'fileAnnotations');
    if (annotations) for (const a of annotations.children) if ((FILE_ANNOTATIONS as readonly string[]).includes(a.name)) classify(problems, classifications, item.id, env.orgId, assessedAt, at, 'ncmec-file-annotation', a.name, a);
    const legacy = child(root, 'potentialMeme');
    if (legacy && flagValue(legacy.text) && legacy.text.trim() !== '0') classify(problems, classifications, item.id, env.orgId, assessedAt, at, 'ncmec-file-annotation', 'potentialMeme', legacy);
  }
  if (problems.length || !item) return { problems };
  return { units: [{ kind: 'file', sourceReportRef: reportRef, item, classifications }], notes, rawDigest };
}

/** `^[A-Za-z0-9._:-]{1,200}$`, character by character. */
function isReportRef(s: string): boolean {
  const n = s.length;
  if (n < 1 || n > 200) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 45)) return false;
  }
  return true;
}

/** A details name as compared (lower case, no spaces, _ or -); the files of a batch repeat one name ("PDQ quality"), so the last is kept. */
let lastPairName = { text: '\u0000', name: '' };
function pairName(text: string): string {
  if (text !== lastPairName.text) lastPairName = { text, name: text.toLowerCase().replace(/[\s_-]/g, '') };
  return lastPairName.name;
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

/** Where a record's own entity is (its element, no column): made only when there is a problem. */
function recordWhere(file: string, prefix: string, root: XNode): () => ErrorLocation {
  return () => ({ file, line: root.line, path: prefix + root.path });
}

/** A report's signals, each type and value once, in the order first added. */
class Signals {
  readonly list: Signal[] = [];
  /** The type and value each was added with (as given, whatever the schema made of them). */
  private readonly keys: string[] = [];

  constructor(private readonly problems: Problem[], private readonly reportId: string, private readonly at: Locator) {}

  add(type: Signal['type'], value: string, pseudonymised: boolean, node: XNode): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i += 2) if (keys[i] === type && keys[i + 1] === value) return;
    const s = entityAt(this.problems, SignalEntity, { reportId: this.reportId, type, value, pseudonymised }, this.at, node) as Signal | undefined;
    if (s) {
      keys.push(type, value);
      this.list.push(s);
    }
  }
}

/** Adds a subject's pseudonymised identifier once per type and value. */
function addIdentifier(env: MapEnv, pseudonymised: boolean, ids: Subject['identifiers'], platform: string | undefined, type: Subject['identifiers'][number]['type'], value: string | undefined, withPlatform: boolean): void {
  if (!value?.trim()) return;
  const v = pseudonymised ? value : env.pseudonymise(type, value);
  for (let i = 0; i < ids.length; i++) if ((ids[i] as Subject['identifiers'][number]).type === type && (ids[i] as Subject['identifiers'][number]).value === v) return;
  ids.push(withPlatform && platform ? { type, value: v, platform } : { type, value: v });
}

/** Adds a file's classification. */
function classify(problems: Problem[], classifications: Classification[], targetId: string, assessorOrgId: string, assessedAt: string, at: Locator, scheme: string, code: string, node: XNode): void {
  const c = entityAt(problems, ClassificationEntity, { targetId, scheme, code, assessorOrgId, assessedAt }, at, node) as Classification | undefined;
  if (c) classifications.push(c);
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
