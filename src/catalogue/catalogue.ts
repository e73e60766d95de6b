import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../audit/index.ts';
import type { Principal } from '../identity/principal.ts';
import { CountryCode, LanguageTag, Slug, Timestamp, dataDictionary, idOf, labelIn, LANGUAGES } from '../model/index.ts';
import { parseWith } from '../model/validate.ts';
import { AgreementTermsObject, decide, requireAllowed } from '../policy/index.ts';
import { NotFoundError, TesseraError, ValidationError, type Problem } from '../shared/errors.ts';
import type { CoreDatabase, Store } from '../store/index.ts';

/**
 * The data catalogue: who holds what, on what terms. One entry per dataset: a description,
 * the holder, the CDM fields it holds (names from the data dictionary, so "who holds age
 * ranges?" has one answer), coverage, update frequency, the access terms offered (agreement
 * templates of the policy module) and a contact. Entries describe datasets, never records, so
 * any member may search them; only the holder's stewards publish them.
 *
 * Search is PostgreSQL full text (the same SQL on PGlite): each entry keeps a weighted
 * tsvector of its title, topics, field names and their labels in every dictionary language
 * (weight A), description (B) and field descriptions (C), in the `simple` configuration (exact
 * words, any language) and in the entry's own language (stems).
 */
export type CatalogueTables = {
  catalogue_entries: {
    dataset_id: string; holder_org_id: string; title: string; description: string; topics: string[]; fields: string[];
    coverage: unknown; update_frequency: string; access_terms: unknown; contact: unknown; language: string; document: string; updated_at: Date | string; updated_by: string | null;
  };
};
type Db = Kysely<CoreDatabase & CatalogueTables>;
const cdb = (store: Store): Db => store.db.withTables<CatalogueTables>() as Db;

export const UPDATE_FREQUENCIES = ['continuous', 'daily', 'weekly', 'monthly', 'quarterly', 'annual', 'irregular', 'closed'] as const;

/** PostgreSQL text-search configurations for the languages entries are written in. */
const TS_CONFIG: Record<string, string> = { en: 'english', fr: 'french', es: 'spanish', pt: 'portuguese', de: 'german', nl: 'dutch', it: 'italian', sv: 'swedish' };
const tsConfig = (lang: string) => TS_CONFIG[lang.split('-')[0] ?? ''] ?? 'simple';

/** An agreement template: the terms a holder offers for a dataset, before any party is named (AgreementTerms of the policy module without parties, dates and datasets). */
export const AccessTermsTemplate = AgreementTermsObject.pick({ title: true, purposes: true, legalBasis: true, actions: true, fields: true, jurisdictions: true, retention: true, onwardSharing: true, duties: true, prohibitions: true, requirements: true })
  .extend({
    template: Slug.meta({ description: 'Name of the template; becomes the slug of an agreement drafted from it.' }),
    validForDays: z.int().min(1).max(3650).default(365).meta({ description: 'How long an agreement drafted from the template runs.' }),
  })
  .meta({ id: 'AccessTermsTemplate', description: 'Terms a holder offers for a dataset: an agreement template (purposes, legal basis, actions, fields, retention, duties); a recipient asks for an agreement drafted from it.' });
export type AccessTermsTemplate = z.output<typeof AccessTermsTemplate>;

export const Coverage = z
  .strictObject({
    countries: z.array(CountryCode).max(250).default([]).meta({ description: 'Countries the records come from or concern; empty = not stated.' }),
    languages: z.array(LanguageTag).max(100).default([]),
    from: Timestamp.optional().meta({ description: 'Earliest record.' }),
    to: Timestamp.nullable().default(null).meta({ description: 'Latest record; null = still growing.' }),
    records: z.int().min(0).nullable().default(null).meta({ description: 'About how many records, when the holder says.' }),
    populations: z.string().max(500).default('').meta({ description: 'Who is (and is not) represented, in words: e.g. "contacts by phone and chat, ages 8-18; no in-person contacts".' }),
  })
  .meta({ id: 'Coverage', description: 'What the dataset covers: where, which languages, when, how many, whom.' });

export const CatalogueContact = z.strictObject({ name: z.string().max(200).optional(), email: z.email().optional(), url: z.url().optional() }).meta({ id: 'CatalogueContact', description: 'Whom to ask about the dataset (a role, not a person’s private address).' });

export const CatalogueEntryInput = z
  .strictObject({
    datasetId: idOf('dataset'),
    title: z.string().trim().min(1).max(300).optional().meta({ description: 'Defaults to the dataset name.' }),
    description: z.string().max(5000).optional().meta({ description: 'Defaults to the dataset description.' }),
    topics: z.array(z.string().trim().min(2).max(60)).max(30).default([]).meta({ description: 'Topics in plain words: "sextortion", "helpline contacts", "hash list".' }),
    fields: z.array(z.string().regex(/^[A-Z][A-Za-z]+\.[a-zA-Z][A-Za-z0-9]*$/, 'must be Entity.field as in the data dictionary, e.g. "Child.age"')).max(300).default([]).meta({ description: 'CDM fields the dataset holds, as Entity.field from the data dictionary.' }),
    coverage: Coverage.default({ countries: [], languages: [], to: null, records: null, populations: '' }),
    updateFrequency: z.enum(UPDATE_FREQUENCIES),
    accessTerms: z.array(AccessTermsTemplate).max(20).default([]).meta({ description: 'Agreement templates offered for this dataset.' }),
    contact: CatalogueContact.default({}),
    language: LanguageTag.default('en').meta({ description: 'Language of the title and description (for stemming in search).' }),
  })
  .meta({ id: 'CatalogueEntryDraft', description: "A catalogue entry for one of your organisation's datasets." });
export type CatalogueEntryInput = z.input<typeof CatalogueEntryInput>;

export const CatalogueEntry = z
  .object({
    datasetId: z.string(), holderOrgId: z.string(), holder: z.object({ slug: z.string(), name: z.string(), kind: z.string(), jurisdiction: z.string() }).nullable(),
    title: z.string(), description: z.string(), topics: z.array(z.string()), fields: z.array(z.string()), coverage: Coverage, updateFrequency: z.enum(UPDATE_FREQUENCIES),
    accessTerms: z.array(AccessTermsTemplate), contact: CatalogueContact, language: z.string(), updatedAt: z.string(),
    recordType: z.string().nullable(), purpose: z.string().nullable(), legalBasis: z.string().nullable(),
    rank: z.number().optional().meta({ description: 'Full-text relevance, when found by words.' }),
  })
  .meta({ id: 'CatalogueEntry', description: 'Who holds what, on what terms: a dataset described, never its records.' });
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

export const CatalogueSearch = z
  .strictObject({
    q: z.string().trim().max(300).optional().meta({ description: 'Words, in web-search syntax: "age range" -research, sextortion OR grooming.' }),
    field: z.string().max(100).optional().meta({ description: 'Datasets holding this field (Entity.field) or any field of this entity (Entity).' }),
    topic: z.string().max(60).optional(),
    holder: z.string().max(100).optional().meta({ description: 'Holder organisation, by id or slug.' }),
    country: CountryCode.optional().meta({ description: 'Datasets whose coverage names this country.' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .meta({ description: 'Find who holds what: by words (full text), by field, by topic, by holder or country.' });
export type CatalogueSearch = z.input<typeof CatalogueSearch>;

/** Every field of the data dictionary as Entity.field, with what search should know of it. */
function dictionaryFields(): Map<string, { entity: string; words: string; description: string }> {
  const out = new Map<string, { entity: string; words: string; description: string }>();
  for (const e of dataDictionary().entities) {
    for (const f of e.fields) {
      const labels = LANGUAGES.map((l) => labelIn(f.labels, l).text);
      out.set(`${e.name}.${f.name}`, { entity: e.name, words: [e.name, f.name, f.name.replace(/([A-Z])/g, ' $1'), ...labels].join(' '), description: f.description });
    }
  }
  return out;
}
let FIELDS: ReturnType<typeof dictionaryFields> | null = null;
const fieldsIndex = () => (FIELDS ??= dictionaryFields());
const ENTITY_NAMES = () => new Set([...fieldsIndex().values()].map((f) => f.entity));

/** The field names of the data dictionary (Entity.field). */
export function dictionaryFieldNames(): string[] {
  return [...fieldsIndex().keys()];
}

const iso = (d: Date | string) => new Date(d).toISOString();
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function documentOf(e: { title: string; description: string; topics: string[]; fields: string[]; language: string; holderWords: string }): RawBuilder<string> {
  const idx = fieldsIndex();
  const fieldWords = e.fields.map((f) => idx.get(f)?.words ?? f).join(' ');
  const fieldDescriptions = e.fields.map((f) => idx.get(f)?.description ?? '').join(' ');
  const cfg = tsConfig(e.language);
  const a = [e.title, e.topics.join(' '), fieldWords, e.holderWords].join(' ');
  return sql<string>`setweight(to_tsvector('simple', ${a}), 'A') || setweight(to_tsvector(${cfg}::regconfig, ${a}), 'A')
    || setweight(to_tsvector('simple', ${e.description}), 'B') || setweight(to_tsvector(${cfg}::regconfig, ${e.description}), 'B')
    || setweight(to_tsvector('english', ${fieldDescriptions}), 'C')`;
}

/**
 * Publishes (or replaces) the catalogue entry of one of the actor's organisation's datasets.
 * Unknown fields, a dataset of another organisation and impossible coverage dates are precise
 * errors; nothing is written unless the whole entry is good.
 */
export async function publishEntry(store: Store, actor: Principal, input: CatalogueEntryInput): Promise<CatalogueEntry> {
  requireAllowed(decide(actor, 'write', 'catalogue'));
  const e = parseWith(CatalogueEntryInput, input, { path: 'entry' });
  const db = cdb(store);
  const ds = await db.selectFrom('datasets').selectAll().where('id', '=', e.datasetId).executeTakeFirst();
  if (!ds) throw new TesseraError('unknown_dataset', `There is no dataset ${e.datasetId} on this node; register it first (POST /api/v1/datasets).`, { status: 422, where: { path: 'entry.datasetId', field: 'datasetId' } });
  if (ds.owner_org_id !== actor.orgId) throw new TesseraError('not_your_dataset', `Dataset ${e.datasetId} is held by another organisation; only its holder describes it in the catalogue.`, { status: 403, where: { path: 'entry.datasetId', field: 'datasetId' } });
  const problems: Problem[] = [];
  const idx = fieldsIndex();
  e.fields.forEach((f, i) => {
    if (!idx.has(f)) {
      const entity = f.split('.')[0] ?? '';
      const near = [...idx.keys()].filter((k) => k.startsWith(entity + '.')).slice(0, 40);
      problems.push({ code: 'unknown_field', message: `"${f}" is not a field of the data dictionary${near.length ? `; ${entity} has ${near.join(', ')}` : `; entities are ${[...ENTITY_NAMES()].join(', ')}`}`, where: { path: `entry.fields[${i}]`, field: 'fields' } });
    }
  });
  const c = e.coverage;
  if (c.from && c.to && Date.parse(c.to) < Date.parse(c.from)) problems.push({ code: 'impossible_date', message: `coverage.to (${c.to}) is before coverage.from (${c.from})`, where: { path: 'entry.coverage.to', field: 'to' } });
  if (c.from && Date.parse(c.from) > Date.now() + 86_400_000) problems.push({ code: 'impossible_date', message: `coverage.from (${c.from}) is in the future`, where: { path: 'entry.coverage.from', field: 'from' } });
  if (problems.length) throw new ValidationError(problems, `Nothing was published: ${problems[0]?.where?.path}: ${problems[0]?.message}`);
  const org = await db.selectFrom('organisations').select(['slug', 'name', 'kind']).where('id', '=', actor.orgId).executeTakeFirst();
  const title = e.title ?? ds.name;
  const description = e.description ?? ds.description;
  const topics = [...new Set(e.topics.map((t) => t.toLowerCase()))];
  const fields = [...new Set(e.fields)].sort();
  const now = new Date().toISOString();
  const row = {
    dataset_id: ds.id, holder_org_id: actor.orgId, title, description, topics, fields, coverage: JSON.stringify(c), update_frequency: e.updateFrequency,
    access_terms: JSON.stringify(e.accessTerms), contact: JSON.stringify(e.contact), language: e.language,
    document: documentOf({ title, description, topics, fields, language: e.language, holderWords: org ? `${org.slug} ${org.name} ${org.kind}` : '' }), updated_at: now, updated_by: actor.userId,
  };
  const { dataset_id: _d, ...update } = row;
  await db.insertInto('catalogue_entries').values(row as never).onConflict((oc) => oc.column('dataset_id').doUpdateSet(update as never)).execute();
  await appendAudit(store, [{ action: 'catalogue.publish', decision: 'done', reason: `${actor.orgSlug} described dataset ${ds.slug} in the catalogue`, actor: { userId: actor.userId, orgId: actor.orgId, via: actor.via }, ownerOrgId: actor.orgId, resource: ds.id, details: { fields: fields.length, templates: e.accessTerms.length } }]);
  return getEntry(store, actor, ds.id);
}

type EntryRow = Selectable<CatalogueTables['catalogue_entries']> & { org_slug: string | null; org_name: string | null; org_kind: string | null; org_jurisdiction: string | null; record_type: string | null; purpose: string | null; legal_basis: string | null; rank?: number };

function baseQuery(db: Db) {
  return db
    .selectFrom('catalogue_entries as c')
    .leftJoin('organisations as o', 'o.id', 'c.holder_org_id')
    .leftJoin('datasets as d', 'd.id', 'c.dataset_id')
    .select(['c.dataset_id', 'c.holder_org_id', 'c.title', 'c.description', 'c.topics', 'c.fields', 'c.coverage', 'c.update_frequency', 'c.access_terms', 'c.contact', 'c.language', 'c.updated_at', 'c.updated_by'])
    .select(['o.slug as org_slug', 'o.name as org_name', 'o.kind as org_kind', 'o.jurisdiction as org_jurisdiction', 'd.record_type', 'd.purpose', 'd.legal_basis']);
}

function entryOf(r: Omit<EntryRow, 'document'>): CatalogueEntry {
  return {
    datasetId: r.dataset_id, holderOrgId: r.holder_org_id, holder: r.org_slug ? { slug: r.org_slug, name: r.org_name ?? '', kind: r.org_kind ?? '', jurisdiction: r.org_jurisdiction ?? '' } : null,
    title: r.title, description: r.description, topics: r.topics, fields: r.fields, coverage: parseJson(r.coverage), updateFrequency: r.update_frequency as CatalogueEntry['updateFrequency'],
    accessTerms: parseJson(r.access_terms), contact: parseJson(r.contact), language: r.language, updatedAt: iso(r.updated_at), recordType: r.record_type, purpose: r.purpose, legalBasis: r.legal_basis,
    ...(r.rank !== undefined ? { rank: Math.round(Number(r.rank) * 1e4) / 1e4 } : {}),
  };
}

export async function getEntry(store: Store, actor: Principal, datasetId: string): Promise<CatalogueEntry> {
  requireAllowed(decide(actor, 'read', 'catalogue'));
  const r = await baseQuery(cdb(store)).where('c.dataset_id', '=', datasetId).executeTakeFirst();
  if (!r) throw new NotFoundError('catalogue entry for dataset', datasetId);
  return entryOf(r as EntryRow);
}

/**
 * Finds who holds what. Words go through PostgreSQL full text (websearch syntax, exact words
 * and the entry language's stems), ranked; `field` finds datasets holding a dictionary field
 * (or any field of an entity); topic, holder and country narrow. An unknown field is an error
 * that lists the entity's fields, not an empty answer.
 */
export async function searchCatalogue(store: Store, actor: Principal, query: CatalogueSearch): Promise<CatalogueEntry[]> {
  requireAllowed(decide(actor, 'read', 'catalogue'));
  const s = parseWith(CatalogueSearch, query, { path: 'query' });
  const db = cdb(store);
  let q = baseQuery(db);
  if (s.field) {
    if (s.field.includes('.')) {
      if (!fieldsIndex().has(s.field)) {
        const entity = s.field.split('.')[0] ?? '';
        throw new TesseraError('unknown_field', `"${s.field}" is not a field of the data dictionary; ${ENTITY_NAMES().has(entity) ? `${entity} has ${[...fieldsIndex().keys()].filter((k) => k.startsWith(entity + '.')).join(', ')}` : `entities are ${[...ENTITY_NAMES()].join(', ')}`}.`, { status: 400, where: { field: 'field' } });
      }
      q = q.where(sql<boolean>`${s.field} = ANY(c.fields)`);
    } else {
      if (!ENTITY_NAMES().has(s.field)) throw new TesseraError('unknown_field', `"${s.field}" is neither an entity nor an Entity.field of the data dictionary; entities are ${[...ENTITY_NAMES()].join(', ')}.`, { status: 400, where: { field: 'field' } });
      q = q.where(sql<boolean>`EXISTS (SELECT 1 FROM unnest(c.fields) f WHERE f LIKE ${s.field + '.%'})`);
    }
  }
  if (s.topic) q = q.where(sql<boolean>`${s.topic.toLowerCase()} = ANY(c.topics)`);
  if (s.holder) q = q.where((eb) => eb.or([eb('c.holder_org_id', '=', s.holder as string), eb('o.slug', '=', s.holder as string)]));
  if (s.country) q = q.where(sql<boolean>`c.coverage->'countries' ? ${s.country}`);
  let rows: EntryRow[];
  if (s.q) {
    // Exact words in any language, or English stems; the entry's own stems are in its document too.
    const tsq = sql`(websearch_to_tsquery('simple', ${s.q}) || websearch_to_tsquery('english', ${s.q}))`;
    rows = (await q
      .select(sql<number>`ts_rank(c.document, ${tsq})`.as('rank'))
      .where(sql<boolean>`c.document @@ ${tsq}`)
      .orderBy(sql`ts_rank(c.document, ${tsq})`, 'desc')
      .orderBy('c.title')
      .limit(s.limit)
      .execute()) as EntryRow[];
  } else rows = (await q.orderBy('c.title').orderBy('c.dataset_id').limit(s.limit).execute()) as EntryRow[];
  return rows.map(entryOf);
}

/** The dictionary fields a dataset of a record type typically holds (a starting point for an entry; the holder trims it). */
export function fieldsForRecordType(recordType: string): string[] {
  const entities: Record<string, string[]> = {
    report: ['Report', 'ContentItem', 'Signal', 'Child', 'Subject', 'Classification'],
    contact: ['Contact'],
    'hash-set': ['ContentItem', 'Classification'],
    referral: ['Referral', 'Outcome'],
    mixed: ['Report', 'Contact'],
  };
  const wanted = new Set(entities[recordType] ?? []);
  return dictionaryFieldNames().filter((f) => wanted.has(f.split('.')[0] ?? '') && !f.endsWith('.id') && !f.endsWith('.lineage'));
}
