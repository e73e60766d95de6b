import { sql, type Kysely, type Selectable } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { readCsvRecords } from '../ingest/csv-reader.ts';
import { CountryCode, LanguageTag, Slug, deterministicId, idOf } from '../model/index.ts';
import { parseWith } from '../model/validate.ts';
import { decide, requireAllowed } from '../policy/index.ts';
import { NotFoundError, TesseraError, ValidationError, type Problem } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';
import type { ReferralTables } from './tables.ts';

/**
 * The service directory: services a child can be referred to (helplines, counselling, medical,
 * legal aid, law enforcement, hotlines, shelters), with the countries, languages, ages and
 * needs they serve. Entries describe services, never children: any member may search them;
 * an organisation's stewards keep its own entries.
 */
export type Db = Kysely<CoreDatabase & ReferralTables>;
export const rdb = (store: Store): Db => store.db.withTables<ReferralTables>() as Db;

export const SERVICE_KINDS = ['child-helpline', 'counselling', 'medical', 'legal-aid', 'law-enforcement', 'hotline', 'shelter'] as const;
/** Needs a service meets and a referral names: a small shared list so search finds by need in any language. */
export const SERVICE_NEEDS = [
  'emotional-support', 'counselling', 'mental-health', 'medical-care', 'sexual-health', 'legal-advice', 'reporting-to-police', 'content-removal',
  'sextortion-support', 'safe-accommodation', 'family-support', 'emergency',
] as const;

export const ServiceContact = z
  .strictObject({
    phone: z.string().max(50).optional(),
    email: z.email().max(200).optional(),
    url: z.url().max(500).optional(),
    address: z.string().max(500).optional(),
  })
  .meta({ id: 'ServiceContact', description: 'How children, caregivers and referring organisations reach the service.' });

export const ServiceInput = z
  .strictObject({
    slug: Slug.meta({ description: 'Short name, unique among the entries your organisation keeps.' }),
    name: z.string().trim().min(1).max(200),
    kind: z.enum(SERVICE_KINDS).meta({ description: 'What kind of service this is.' }),
    jurisdiction: CountryCode.meta({ description: 'Country the service operates under.' }),
    countries: z.array(CountryCode).max(250).default([]).meta({ description: 'Countries served besides the jurisdiction.' }),
    languages: z.array(LanguageTag).min(1, 'name at least one language the service works in').max(50),
    ageMin: z.int().min(0).max(25).nullable().default(null).meta({ description: 'Youngest age served, in whole years; null = no lower limit.' }),
    ageMax: z.int().min(0).max(25).nullable().default(null).meta({ description: 'Oldest age served, in whole years; null = no upper limit.' }),
    needs: z.array(z.enum(SERVICE_NEEDS)).min(1, 'name at least one need the service meets').max(SERVICE_NEEDS.length),
    hours: z.string().max(200).default('').meta({ description: 'Opening hours as published, e.g. "24/7" or "Mo-Fr 09:00-17:00".' }),
    open247: z.boolean().default(false).meta({ description: 'Open around the clock, every day.' }),
    contact: ServiceContact.default({}),
    description: z.string().max(2000).default(''),
    providerOrgId: idOf('organisation').nullable().default(null).meta({ description: 'The Tessera organisation that receives referrals for this service; null when the service is outside Tessera (the referring organisation tracks the referral itself).' }),
    nodeUrl: z.url().max(500).nullable().default(null).meta({ description: "Node that receives referrals, when the provider runs its own node (defaults to the provider organisation's nodeUrl)." }),
    acceptsReferrals: z.boolean().default(true),
    active: z.boolean().default(true),
  })
  .superRefine((s, ctx) => {
    if (s.ageMin !== null && s.ageMax !== null && s.ageMin > s.ageMax) ctx.addIssue({ code: 'custom', path: ['ageMax'], message: `ageMax (${s.ageMax}) is below ageMin (${s.ageMin})` });
  })
  .meta({ id: 'ServiceDraft', description: 'A service in the directory, kept by your organisation (what you send to add or update it).' });
export type ServiceInput = z.input<typeof ServiceInput>;

export const Service = z
  .object({
    id: z.string(), listedByOrgId: z.string(), providerOrgId: z.string().nullable(), slug: z.string(), name: z.string(), kind: z.enum(SERVICE_KINDS), jurisdiction: z.string(),
    countries: z.array(z.string()), languages: z.array(z.string()), ageMin: z.number().nullable(), ageMax: z.number().nullable(), needs: z.array(z.string()), hours: z.string(), open247: z.boolean(),
    contact: ServiceContact, description: z.string(), nodeUrl: z.string().nullable(), acceptsReferrals: z.boolean(), active: z.boolean(), updatedAt: z.string(),
  })
  .meta({ id: 'Service', description: 'A service in the directory. `countries` always includes the jurisdiction.' });
export type Service = z.infer<typeof Service>;

export const ServiceSearch = z
  .strictObject({
    country: CountryCode.optional().meta({ description: "The child's country: services serving it." }),
    language: LanguageTag.optional().meta({ description: "A language the child speaks: services working in it (pt-BR matches pt)." }),
    age: z.coerce.number().int().min(0).max(25).optional().meta({ description: "The child's age in whole years: services whose range includes it." }),
    need: z.enum(SERVICE_NEEDS).optional().meta({ description: 'The need to meet.' }),
    kind: z.enum(SERVICE_KINDS).optional(),
    q: z.string().max(200).optional().meta({ description: 'Words in the name or description.' }),
    acceptsReferrals: z.coerce.boolean().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .meta({ description: 'Search the directory by a child’s country, language, age and need; every criterion given must hold.' });
export type ServiceSearch = z.input<typeof ServiceSearch>;

const iso = (d: Date | string) => new Date(d).toISOString();
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export function serviceFromRow(r: Selectable<ReferralTables['services']>): Service {
  return {
    id: r.id, listedByOrgId: r.listed_by_org_id, providerOrgId: r.provider_org_id, slug: r.slug, name: r.name, kind: r.kind as Service['kind'], jurisdiction: r.jurisdiction,
    countries: r.countries, languages: r.languages, ageMin: r.age_min, ageMax: r.age_max, needs: r.needs, hours: r.hours, open247: r.open_24_7,
    contact: parseJson<Service['contact']>(r.contact), description: r.description, nodeUrl: r.node_url, acceptsReferrals: r.accepts_referrals, active: r.active, updatedAt: iso(r.updated_at),
  };
}

export const serviceId = (listedByOrgId: string, slug: string) => deterministicId('service', [listedByOrgId, slug]);

/** Checks what the schema cannot: the provider organisation is registered here. */
async function checkProviders(db: Db, services: Array<z.output<typeof ServiceInput>>, at: (i: number) => Problem['where']): Promise<Problem[]> {
  const ids = [...new Set(services.map((s) => s.providerOrgId).filter((x): x is string => !!x))];
  const known = ids.length ? new Set((await db.selectFrom('organisations').select('id').where('id', 'in', ids).execute()).map((o) => o.id)) : new Set<string>();
  const problems: Problem[] = [];
  services.forEach((s, i) => {
    if (s.providerOrgId && !known.has(s.providerOrgId)) problems.push({ code: 'unknown_organisation', message: `provider organisation ${s.providerOrgId} is not registered on this node; register it (tessera org add) or leave the provider empty for a service outside Tessera`, where: { ...at(i), field: 'providerOrgId' } });
  });
  return problems;
}

function rowOf(actor: Principal, s: z.output<typeof ServiceInput>, now: string) {
  return {
    id: serviceId(actor.orgId, s.slug), listed_by_org_id: actor.orgId, provider_org_id: s.providerOrgId, slug: s.slug, name: s.name, kind: s.kind, jurisdiction: s.jurisdiction,
    countries: [...new Set([s.jurisdiction, ...s.countries])].sort(), languages: [...new Set(s.languages)], age_min: s.ageMin, age_max: s.ageMax, needs: [...new Set(s.needs)].sort(),
    hours: s.hours, open_24_7: s.open247 || /^24\s*\/\s*7$/.test(s.hours.trim()), contact: JSON.stringify(s.contact), description: s.description, node_url: s.nodeUrl,
    accepts_referrals: s.acceptsReferrals, active: s.active, created_at: now, updated_at: now,
  };
}

async function upsertRows(db: Db, rows: Array<ReturnType<typeof rowOf>>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      const { id: _id, created_at: _c, listed_by_org_id: _l, slug: _s, ...update } = r;
      await trx.insertInto('services').values(r).onConflict((oc) => oc.column('id').doUpdateSet(update)).execute();
    }
  });
}

/** Adds or updates (same slug) one of the actor's organisation's directory entries. */
export async function upsertService(store: Store, actor: Principal, input: ServiceInput): Promise<Service> {
  requireAllowed(decide(actor, 'write', 'service'));
  const s = parseWith(ServiceInput, input, { path: 'service' });
  const db = rdb(store);
  const problems = await checkProviders(db, [s], () => ({ path: 'service.providerOrgId' }));
  if (problems.length) throw new ValidationError(problems);
  const row = rowOf(actor, s, new Date().toISOString());
  await upsertRows(db, [row]);
  await appendAudit(store, [{ action: 'service.upsert', decision: 'done', reason: `${actor.orgSlug} listed service ${s.slug}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, resource: row.id }]);
  return getService(store, actor, row.id);
}

export async function getService(store: Store, actor: Principal, idOrSlug: string): Promise<Service> {
  requireAllowed(decide(actor, 'read', 'service'));
  const rows = await rdb(store).selectFrom('services').selectAll().where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)])).orderBy('id').execute();
  // A slug is unique per listing organisation: prefer the actor's own entry.
  const row = rows.find((r) => r.id === idOrSlug) ?? rows.find((r) => r.listed_by_org_id === actor.orgId) ?? (rows.length === 1 ? rows[0] : undefined);
  if (!row) {
    if (rows.length > 1) throw new TesseraError('ambiguous_service', `${rows.length} organisations list a service called "${idOrSlug}"; use its id (${rows.map((r) => r.id).join(', ')}).`, { status: 409, where: { field: 'service' } });
    throw new NotFoundError('service in the directory', idOrSlug);
  }
  return serviceFromRow(row);
}

export interface ServiceMatch extends Service {
  /** Why it matched, criterion by criterion, so a person can check the choice. */
  matched: string[];
}

/**
 * Services for a child: every criterion given must hold. Active services that accept
 * referrals first, then round-the-clock ones, then by name.
 */
export async function searchServices(store: Store, actor: Principal, query: ServiceSearch): Promise<ServiceMatch[]> {
  requireAllowed(decide(actor, 'read', 'service'));
  const q = parseWith(ServiceSearch, query, { path: 'query' });
  let s = rdb(store).selectFrom('services').selectAll().where('active', '=', true);
  const matched: string[] = [];
  if (q.country) {
    s = s.where(sql<boolean>`${q.country} = ANY(countries)`);
    matched.push(`serves ${q.country}`);
  }
  if (q.language) {
    const primary = q.language.split('-')[0] as string;
    s = s.where(sql<boolean>`EXISTS (SELECT 1 FROM unnest(languages) l WHERE l = ${q.language} OR split_part(l, '-', 1) = ${primary})`);
    matched.push(`works in ${q.language}`);
  }
  if (q.age !== undefined) {
    s = s.where((eb) => eb.and([eb.or([eb('age_min', 'is', null), eb('age_min', '<=', q.age as number)]), eb.or([eb('age_max', 'is', null), eb('age_max', '>=', q.age as number)])]));
    matched.push(`serves age ${q.age}`);
  }
  if (q.need) {
    s = s.where(sql<boolean>`${q.need} = ANY(needs)`);
    matched.push(`meets ${q.need}`);
  }
  if (q.kind) {
    s = s.where('kind', '=', q.kind);
    matched.push(`is a ${q.kind}`);
  }
  if (q.acceptsReferrals !== undefined) s = s.where('accepts_referrals', '=', q.acceptsReferrals);
  if (q.q) {
    s = s.where(sql<boolean>`to_tsvector('simple', name || ' ' || description) @@ websearch_to_tsquery('simple', ${q.q})`);
    matched.push(`mentions "${q.q}"`);
  }
  const rows = await s.orderBy('accepts_referrals', 'desc').orderBy('open_24_7', 'desc').orderBy('name').orderBy('id').limit(q.limit).execute();
  return rows.map((r) => ({ ...serviceFromRow(r), matched }));
}

export interface ImportSummary {
  imported: number;
  services: string[];
}

/** CSV columns of a directory import (multi-valued cells separated by ";"). */
export const SERVICE_CSV_COLUMNS = ['slug', 'name', 'kind', 'jurisdiction', 'countries', 'languages', 'age_min', 'age_max', 'needs', 'hours', 'phone', 'email', 'url', 'address', 'description', 'provider', 'node_url', 'accepts_referrals'] as const;
const REQUIRED_COLUMNS = ['slug', 'name', 'kind', 'jurisdiction', 'languages', 'needs'];

/**
 * Imports directory entries from CSV, all or nothing: every bad row is reported with its line
 * and column name, and nothing is written unless every row is good. `provider` is an
 * organisation slug or id on this node (empty = outside Tessera).
 */
export async function importServicesCsv(store: Store, actor: Principal, text: string, file = 'services.csv'): Promise<ImportSummary> {
  requireAllowed(decide(actor, 'write', 'service'));
  const db = rdb(store);
  const problems: Problem[] = [];
  let header: string[] = [];
  const rows: Array<{ line: number; cells: Record<string, string> }> = [];
  const source = (async function* () {
    yield text;
  })();
  for await (const rec of readCsvRecords(source, {
    file, delimiter: text.includes(';') && !text.split('\n')[0]?.includes(',') ? ';' : ',', header: true,
    onHeader: (h) => {
      header = h.map((x) => x.trim().toLowerCase());
      const out: Problem[] = [];
      for (const c of REQUIRED_COLUMNS) if (!header.includes(c)) out.push({ code: 'csv_missing_column', message: `the header has no "${c}" column; columns: ${SERVICE_CSV_COLUMNS.join(', ')}`, where: { file, line: 1, field: c } });
      for (const c of header) if (!(SERVICE_CSV_COLUMNS as readonly string[]).includes(c)) out.push({ code: 'csv_unknown_column', message: `unknown column "${c}"; columns: ${SERVICE_CSV_COLUMNS.join(', ')}`, where: { file, line: 1, field: c } });
      return out;
    },
  })) {
    if (rec.problems.length) {
      problems.push(...rec.problems);
      continue;
    }
    const cells = Object.fromEntries(header.map((h, i) => [h, (rec.parsed?.fields[i] ?? '').trim()]));
    rows.push({ line: rec.where.line ?? 0, cells });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ code: 'csv_empty', message: 'the file has no services after its header', where: { file } });
  const orgs = await db.selectFrom('organisations').select(['id', 'slug']).execute();
  const orgOf = (v: string) => orgs.find((o) => o.id === v || o.slug === v)?.id;
  const list = (v: string | undefined) => (v ? v.split(/[;|]/).map((x) => x.trim()).filter(Boolean) : []);
  const int = (v: string | undefined) => (v === undefined || v === '' ? null : /^\d+$/.test(v) ? Number(v) : v);
  const parsed: Array<z.output<typeof ServiceInput>> = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const provider = cells.provider ? orgOf(cells.provider) : null;
    if (cells.provider && !provider) {
      problems.push({ code: 'unknown_organisation', message: `provider "${cells.provider}" is not an organisation on this node (give its slug or id, or leave it empty for a service outside Tessera)`, where: { file, line, field: 'provider' } });
      continue;
    }
    const contact = Object.fromEntries((['phone', 'email', 'url', 'address'] as const).filter((k) => cells[k]).map((k) => [k, cells[k]]));
    const candidate = {
      slug: cells.slug, name: cells.name, kind: cells.kind, jurisdiction: cells.jurisdiction, countries: list(cells.countries), languages: list(cells.languages),
      ageMin: int(cells.age_min), ageMax: int(cells.age_max), needs: list(cells.needs), hours: cells.hours ?? '', contact, description: cells.description ?? '',
      providerOrgId: provider ?? null, nodeUrl: cells.node_url || null, acceptsReferrals: cells.accepts_referrals ? !/^(no|false|0|n)$/i.test(cells.accepts_referrals) : true,
    };
    const r = ServiceInput.safeParse(candidate);
    if (!r.success) {
      const cols: Record<string, string> = { ageMin: 'age_min', ageMax: 'age_max', providerOrgId: 'provider', nodeUrl: 'node_url', acceptsReferrals: 'accepts_referrals' };
      for (const issue of r.error.issues) {
        const key = String(issue.path[0] ?? '');
        const col = cols[key] ?? (['phone', 'email', 'url', 'address'].includes(String(issue.path[1])) ? String(issue.path[1]) : key);
        problems.push({ code: `invalid_${issue.code}`, message: `${col}: ${issue.code === 'invalid_value' && 'values' in issue ? `must be one of ${(issue.values as unknown[]).join(', ')}` : issue.message}`, where: { file, line, field: col } });
      }
      continue;
    }
    const dup = seen.get(r.data.slug);
    if (dup) problems.push({ code: 'duplicate_slug', message: `slug "${r.data.slug}" is already used on line ${dup}`, where: { file, line, field: 'slug' } });
    seen.set(r.data.slug, line);
    parsed.push(r.data);
  }
  if (problems.length) throw new ValidationError(problems, `Nothing was imported: ${problems.length} problem${problems.length > 1 ? 's' : ''} in ${file}. ${problems[0]?.where?.line ? `line ${problems[0].where.line}: ` : ''}${problems[0]?.message ?? ''}`);
  const now = new Date().toISOString();
  const out = parsed.map((s) => rowOf(actor, s, now));
  await upsertRows(db, out);
  await appendAudit(store, [{ action: 'service.import', decision: 'done', reason: `${actor.orgSlug} imported ${out.length} directory entries from ${file}`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, resource: 'services', details: { count: out.length } }]);
  return { imported: out.length, services: out.map((r) => r.id) };
}
