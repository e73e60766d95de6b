/**
 * CDM → CyberTipline XML. Two forms:
 *  - `reportDocument`: one `report` document as a platform files it with NCMEC (POST /submit),
 *    and `fileDetailsDocument` for each file (POST /fileinfo). Only elements of NCMEC's schema.
 *  - `batch`: many reports with their files in one `<cyberTiplineBatch>` file, with `tessera:`
 *    attributes carrying the CDM fields the CyberTipline format cannot hold (source reference,
 *    report time, kind, age ranges, pseudonymised identifiers), so Tessera reads it back exactly.
 *
 * What the CyberTipline cannot carry from a CDM report (documented loss): classifications in
 * schemes other than NCMEC's; in filing form, every pseudonymised identifier (they are keyed
 * hashes, not the account names NCMEC asks for) and age ranges that are not a single age.
 */
import type { Child, Classification, ContentItem, Report, Signal, Subject } from '../../model/index.ts';
import { TesseraError } from '../../shared/errors.ts';
import type { ReportBundle } from '../../store/repositories/records.ts';
import { FILE_ANNOTATIONS } from './schema.ts';
import { ANNOTATION_FLAGS } from './map.ts';

export const TESSERA_NS = 'urn:tessera:cybertipline-batch:1';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot hold at all are dropped (they cannot be in CDM text either).
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ESC[c] as string);
}

function el(name: string, value: string | undefined, indent: string): string {
  return value === undefined ? '' : `${indent}<${name}>${xmlEscape(value)}</${name}>\n`;
}
function attrs(a: Record<string, string | number | boolean | undefined | null>): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

const FLAG_ANNOTATION = Object.fromEntries(Object.entries(ANNOTATION_FLAGS).map(([a, f]) => [f, a]));

export interface ExportOptions {
  /** Batch form with tessera: attributes (default false: the filing form). */
  batch?: boolean;
  /** Incident type when the report has none in the ncmec-incident scheme. */
  incidentType?: string;
  /** The reporting person (filing form): NCMEC wants a contact at the platform. */
  reporter?: { firstName?: string; lastName?: string; email?: string };
  platform?: string;
}

function incidentTypeOf(r: Report, opts: ExportOptions): string {
  const t = r.incidentTypes.find((x) => x.scheme === 'ncmec-incident')?.code ?? opts.incidentType;
  if (!t) {
    throw new TesseraError('not_exportable', `Report ${r.id} has no incident type in the ncmec-incident scheme (it has ${r.incidentTypes.map((x) => `${x.scheme}:${x.code}`).join(', ') || 'none'}); give one with --incident-type.`, { where: { path: 'report.incidentTypes', field: 'incidentTypes' } });
  }
  return t;
}

/** The `<report>` element of one bundle (no XML declaration). */
export function reportElement(b: ReportBundle, opts: ExportOptions = {}): string {
  const r = b.report;
  const batch = opts.batch ?? false;
  const ind = '  ';
  const annotations = r.flags.filter((f) => FLAG_ANNOTATION[f]).map((f) => FLAG_ANNOTATION[f] as string);
  let x = `<report${batch ? attrs({
    'tessera:sourceRef': r.sourceRef, 'tessera:reportedAt': r.reportedAt, 'tessera:kind': r.kind, 'tessera:status': r.status,
    'tessera:incidentAt': r.incidentAt ? undefined : 'unknown', 'tessera:country': r.country, 'tessera:language': r.language,
    'tessera:flags': r.flags.length ? r.flags.join(' ') : undefined, 'tessera:incidentTypes': JSON.stringify(r.incidentTypes),
  }) : ''}>\n`;
  if (r.flags.includes('batched-viral-meme')) x += `${ind}<batchedReport reason="VIRAL_POTENTIAL_MEME"/>\n`;
  x += `${ind}<incidentSummary>\n`;
  x += el('incidentType', incidentTypeOf(r, opts), ind + ind);
  if (opts.platform) x += el('platform', opts.platform, ind + ind);
  if (r.flags.includes('urgent')) x += el('escalateToHighPriority', 'Escalated in Tessera (urgent flag).', ind + ind);
  if (annotations.length) x += `${ind}${ind}<reportAnnotations>\n${annotations.map((a) => `${ind}${ind}${ind}<${a}/>\n`).join('')}${ind}${ind}</reportAnnotations>\n`;
  x += el('incidentDateTime', r.incidentAt ?? r.reportedAt, ind + ind);
  x += `${ind}</incidentSummary>\n`;
  const urls = (b.signals ?? []).filter((s: Signal) => s.type === 'url');
  if (urls.length) x += `${ind}<internetDetails>\n${ind}${ind}<webPageIncident>\n${urls.map((u) => el('url', u.value, ind + ind + ind)).join('')}${ind}${ind}</webPageIncident>\n${ind}</internetDetails>\n`;
  x += `${ind}<reporter>\n${ind}${ind}<reportingPerson>\n`;
  if (opts.reporter) x += el('firstName', opts.reporter.firstName, ind.repeat(3)) + el('lastName', opts.reporter.lastName, ind.repeat(3)) + (opts.reporter.email ? `${ind.repeat(3)}<email type="Business">${xmlEscape(opts.reporter.email)}</email>\n` : '');
  x += `${ind}${ind}</reportingPerson>\n${ind}</reporter>\n`;
  for (const s of b.subjects ?? []) x += subjectElement(s, batch, ind);
  for (const c of b.children ?? []) x += victimElement(c, batch, ind);
  x += '</report>\n';
  return x;
}

function subjectElement(s: Subject, batch: boolean, ind: string): string {
  const name = s.role === 'associated' ? 'intendedRecipient' : 'personOrUserReported';
  const attrsOf = batch ? attrs({ 'tessera:ref': s.sourceRef, 'tessera:kind': s.kind, 'tessera:country': s.country, 'tessera:pseudonymised': 'true' }) : '';
  if (!batch) {
    // Filing form: pseudonyms are not account names; only the platform is told.
    const platform = s.identifiers.find((i) => i.platform)?.platform;
    return platform ? `${ind}<${name}>\n${el('espService', platform, ind + ind)}${ind}</${name}>\n` : '';
  }
  const by = (t: string) => s.identifiers.filter((i) => i.type === t);
  const accounts = by('account');
  const emails = by('email');
  const phones = by('phone');
  const ips = by('ip');
  const devices = by('device');
  let x = `${ind}<${name}${attrsOf}>\n`;
  const personName = name === 'personOrUserReported' ? 'personOrUserReportedPerson' : 'intendedRecipientPerson';
  if (emails.length || phones.length) x += `${ind}${ind}<${personName}>\n${phones.map((p) => el('phone', p.value, ind.repeat(3))).join('')}${emails.map((e) => el('email', e.value, ind.repeat(3))).join('')}${ind}${ind}</${personName}>\n`;
  const [first, second] = accounts;
  if (first) x += el('espIdentifier', first.value, ind + ind);
  const platform = first?.platform ?? second?.platform;
  if (platform) x += el('espService', platform, ind + ind);
  if (second) x += el('screenName', second.value, ind + ind);
  for (const ip of ips) x += `${ind}${ind}<ipCaptureEvent>\n${el('ipAddress', ip.value, ind.repeat(3))}${ind}${ind}</ipCaptureEvent>\n`;
  for (const d of devices) {
    const i = d.value.indexOf(':');
    x += `${ind}${ind}<deviceId>\n${el('idType', i > 0 ? d.value.slice(0, i) : 'other', ind.repeat(3))}${el('idValue', i > 0 ? d.value.slice(i + 1) : d.value, ind.repeat(3))}${ind}${ind}</deviceId>\n`;
  }
  return x + `${ind}</${name}>\n`;
}

function victimElement(c: Child, batch: boolean, ind: string): string {
  const a = c.age;
  const single = a.min !== null && a.min === a.max && (a.basis === 'reported' || a.basis === 'documented');
  const at = batch ? attrs({ 'tessera:ref': c.sourceRef, 'tessera:ageMin': a.min ?? '', 'tessera:ageMax': a.max ?? '', 'tessera:ageBasis': a.basis, 'tessera:ageStage': a.stage, 'tessera:gender': c.gender, 'tessera:country': c.country, 'tessera:identified': c.identified }) : '';
  return `${ind}<victim${at}>\n${ind}${ind}<victimPerson>\n${single ? el('age', String(a.min), ind.repeat(3)) : ''}${ind}${ind}</victimPerson>\n${ind}</victim>\n`;
}

const UPPER: Record<string, string> = { md5: 'MD5', sha1: 'SHA1', sha256: 'SHA256', pdq: 'PDQ' };

/** The `<fileDetails>` element of one content item. `reportId`: NCMEC's report id (filing) or the report's sourceRef (batch). */
export function fileDetailsElement(item: ContentItem, reportId: string, classifications: Classification[], opts: ExportOptions = {}): string {
  const batch = opts.batch ?? false;
  const ind = '  ';
  const mine = classifications.filter((c) => c.targetId === item.id);
  const industry = mine.find((c) => c.scheme === 'ncmec-industry');
  const annotations = mine.filter((c) => c.scheme === 'ncmec-file-annotation' && (FILE_ANNOTATIONS as readonly string[]).includes(c.code)).map((c) => c.code);
  let x = `<fileDetails${batch ? attrs({ 'tessera:mediaType': item.mediaType, 'tessera:sizeBytes': item.sizeBytes, 'tessera:assessedAt': mine[0]?.assessedAt }) : ''}>\n`;
  x += el('reportId', reportId, ind) + el('fileId', item.sourceRef, ind);
  x += el('fileRelevance', 'Reported', ind);
  if (annotations.length) x += `${ind}<fileAnnotations>\n${[...new Set(annotations)].map((a) => `${ind}${ind}<${a}/>\n`).join('')}${ind}</fileAnnotations>\n`;
  if (industry) x += el('industryClassification', industry.code, ind);
  for (const k of ['md5', 'sha1', 'sha256', 'pdq'] as const) {
    const v = item.hashes[k];
    if (v) x += `${ind}<originalFileHash hashType="${UPPER[k]}">${v}</originalFileHash>\n`;
  }
  if (item.hashes.pdqQuality !== undefined) x += `${ind}<details type="HASH">\n${ind}${ind}<nameValuePair><name>PDQ quality</name><value>${item.hashes.pdqQuality}</value></nameValuePair>\n${ind}</details>\n`;
  return x + '</fileDetails>\n';
}

/** A `report` document as filed with NCMEC (POST /submit). */
export function reportDocument(b: ReportBundle, opts: Omit<ExportOptions, 'batch'> = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${reportElement(b, { ...opts, batch: false })}`;
}

/** A `fileDetails` document (POST /fileinfo) for one file of a report NCMEC has numbered. */
export function fileDetailsDocument(item: ContentItem, ncmecReportId: string, classifications: Classification[] = []): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${fileDetailsElement(item, ncmecReportId, classifications, { batch: false })}`;
}

/** Batch form, streamed: the opening, one chunk per report (with its files) and the closing. */
export const batchOpen = `<?xml version="1.0" encoding="UTF-8"?>\n<cyberTiplineBatch xmlns:tessera="${TESSERA_NS}">\n`;
export const batchClose = '</cyberTiplineBatch>\n';
export function batchEntry(b: ReportBundle, opts: Omit<ExportOptions, 'batch'> = {}): string {
  let x = reportElement(b, { ...opts, batch: true });
  for (const item of b.contentItems ?? []) x += fileDetailsElement(item, b.report.sourceRef, b.classifications ?? [], { batch: true });
  return x;
}
