import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { Principal } from '../identity/principal.ts';
import { CONTACT_CHANNELS, CountryCode, GENDERS, Purpose, Timestamp, type Contact } from '../model/index.ts';
import { contactRowFilter, withAccess, type AccessPlan, type AccessTools, type ContactField } from '../policy/index.ts';
import { NotFoundError, TesseraError } from '../shared/errors.ts';
import { lineageSql, type Store } from '../store/index.ts';
import type { ContactsTable } from '../store/tables.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/**
 * Reading helpline contacts under a plan from the policy module, exactly as reports are read:
 * the plan's row filter (provider, datasets, contact time within the agreement's retention,
 * the contact's own consent when the agreement requires it) goes into the WHERE clause, its
 * contact projection into the SELECT list (hidden columns are never read), and pseudonymised
 * values are replaced before anything leaves this module.
 */

const FIELD_COLUMNS: Record<ContactField, Array<keyof ContactsTable & string>> = {
  sourceRef: ['source_ref'], channel: ['channel'], contactAt: ['contact_at'], durationMinutes: ['duration_minutes'], age: ['age_min', 'age_max', 'age_basis', 'age_stage'],
  gender: ['gender'], country: ['country'], region: ['region'], language: ['language'], categories: ['categories'],
};
const ALWAYS: Array<keyof ContactsTable & string> = ['id', 'dataset_id', 'source_org_id'];

export const ContactAccessSummary = z
  .object({
    basis: z.enum(['own-organisation', 'agreement']),
    agreement: z.object({ id: z.string(), slug: z.string(), version: z.number(), versionHash: z.string() }).nullable(),
    purpose: z.string().nullable(),
    fields: z.record(z.string(), z.enum(['visible', 'pseudonymised', 'hidden'])),
  })
  .meta({ id: 'ContactAccessSummary', description: 'On what basis the contacts were returned, and which contact fields are visible, pseudonymised or hidden.' });
export type ContactAccessSummary = z.infer<typeof ContactAccessSummary>;

export const SharedContact = z
  .looseObject({ id: z.string(), datasetId: z.string(), sourceOrgId: z.string(), lineage: z.record(z.string(), z.unknown()) })
  .meta({ id: 'SharedContact', description: 'A helpline contact as the reader may see it: hidden fields are absent, a pseudonymised source reference starts with "pseu_". Your own contacts have every field.' });
export type SharedContact = Partial<Contact> & z.infer<typeof SharedContact>;

function summary(plan: AccessPlan): ContactAccessSummary {
  return { basis: plan.basis, agreement: plan.agreement, purpose: plan.purpose, fields: plan.contactFields };
}

/** The contact columns to select under a plan (lineage always, whichever form it is stored in). */
export function selectedContactColumns(plan: AccessPlan) {
  const cols = [...ALWAYS];
  for (const [f, c] of Object.entries(FIELD_COLUMNS)) if (plan.contactFields[f as ContactField] !== 'hidden') cols.push(...c);
  return [...cols, lineageSql('contacts').as('lineage')];
}

function requireVisibleContact(plan: AccessPlan, used: Array<[ContactField, string]>): void {
  for (const [field, param] of used) {
    if (plan.contactFields[field] !== 'visible') {
      throw new TesseraError('field_not_shared', `You cannot filter or group contacts on ${field} (parameter "${param}"): ${plan.agreement ? `agreement ${plan.agreement.slug} shares it ${plan.contactFields[field] === 'pseudonymised' ? 'only pseudonymised' : 'not at all'}` : 'it is not visible to you'}.`, { status: 403, where: { field: param } });
    }
  }
}

const iso = (d: Date | string) => new Date(d).toISOString();
const parseJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** A selected contact row, projected: only what the plan shows, a pseudonym in place of the source reference. */
export function projectContactRow(plan: AccessPlan, tools: Pick<AccessTools, 'pseudonymise'>, r: Partial<Selectable<ContactsTable>> & { id: string; dataset_id: string; source_org_id: string }): SharedContact {
  const f = plan.contactFields;
  const out: Record<string, unknown> = { id: r.id, datasetId: r.dataset_id, sourceOrgId: r.source_org_id };
  if (f.sourceRef !== 'hidden' && r.source_ref !== undefined) out.sourceRef = f.sourceRef === 'pseudonymised' ? tools.pseudonymise(r.source_ref) : r.source_ref;
  if (f.channel === 'visible') out.channel = r.channel;
  if (f.contactAt === 'visible' && r.contact_at) out.contactAt = iso(r.contact_at);
  if (f.durationMinutes === 'visible' && r.duration_minutes !== null && r.duration_minutes !== undefined) out.durationMinutes = r.duration_minutes;
  if (f.age === 'visible' && r.age_basis) out.age = { min: r.age_min ?? null, max: r.age_max ?? null, basis: r.age_basis, ...(r.age_stage ? { stage: r.age_stage } : {}) };
  if (f.gender === 'visible') out.gender = r.gender;
  if (f.country === 'visible' && r.country) out.country = r.country;
  if (f.region === 'visible' && r.region) out.region = r.region;
  if (f.language === 'visible' && r.language) out.language = r.language;
  if (f.categories === 'visible') out.categories = parseJson(r.categories);
  out.lineage = parseJson(r.lineage);
  return out as SharedContact;
}

// ---------------------------------------------------------------- list, search, one

export const ContactFilter = z
  .strictObject({
    datasetId: z.string().max(100).optional(),
    country: CountryCode.optional(),
    channel: z.enum(CONTACT_CHANNELS).optional(),
    gender: z.enum(GENDERS).optional(),
    from: Timestamp.optional().meta({ description: 'Contacts at or after this time.' }),
    to: Timestamp.optional().meta({ description: 'Contacts before this time.' }),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(500).optional().meta({ description: 'The nextCursor of the previous page.' }),
    agreement: z.string().max(200).optional().meta({ description: "Read under this agreement (id or slug) instead of your own organisation's contacts." }),
    purpose: Purpose.optional().meta({ description: 'The purpose you act for; required under an agreement.' }),
  })
  .meta({ description: 'Filters for listing helpline contacts (querystring parameters).' });
export type ContactFilter = z.input<typeof ContactFilter>;

export interface ContactPage {
  items: SharedContact[];
  nextCursor: string | null;
  access: ContactAccessSummary;
}

/**
 * Lists (and searches) helpline contacts the actor may read: their own organisation's, or
 * those an agreement grants for a stated purpose, with the agreement's contact fields only.
 * Newest first when the contact time is visible, else by id; filters on fields not visible in
 * clear are refused.
 */
export async function listContacts(store: Store, actor: Principal, filter: z.output<typeof ContactFilter>): Promise<ContactPage> {
  const details = Object.fromEntries(Object.entries({ ...filter, cursor: undefined, agreement: undefined, purpose: undefined }).filter(([, v]) => v !== undefined));
  return withAccess(store, actor, { action: 'read', records: 'contact', agreementId: filter.agreement, purpose: filter.purpose, resource: 'contacts', details: { filter: details } }, async (plan, tools) => {
    const used: Array<[ContactField, string]> = [];
    if (filter.country) used.push(['country', 'country']);
    if (filter.channel) used.push(['channel', 'channel']);
    if (filter.gender) used.push(['gender', 'gender']);
    if (filter.from) used.push(['contactAt', 'from']);
    if (filter.to) used.push(['contactAt', 'to']);
    requireVisibleContact(plan, used);
    const byTime = plan.contactFields.contactAt === 'visible';
    let q = store.db.selectFrom('contacts').select(selectedContactColumns(plan)).where(contactRowFilter(plan.rows));
    if (filter.datasetId) q = q.where('dataset_id', '=', filter.datasetId);
    if (filter.country) q = q.where('country', '=', filter.country);
    if (filter.channel) q = q.where('channel', '=', filter.channel);
    if (filter.gender) q = q.where('gender', '=', filter.gender);
    if (filter.from) q = q.where('contact_at', '>=', new Date(filter.from));
    if (filter.to) q = q.where('contact_at', '<', new Date(filter.to));
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      if (byTime) q = q.where((eb) => eb.or([eb('contact_at', '<', new Date(c.at)), eb.and([eb('contact_at', '=', new Date(c.at)), eb('id', '<', c.id)])]));
      else q = q.where('id', '<', c.id);
    }
    const rows = await (byTime ? q.orderBy('contact_at', 'desc').orderBy('id', 'desc') : q.orderBy('id', 'desc')).limit(filter.limit + 1).execute();
    const more = rows.length > filter.limit;
    const page = rows.slice(0, filter.limit);
    const items = page.map((r) => projectContactRow(plan, tools, r));
    const last = page[page.length - 1];
    // The cursor carries the contact time only when the reader may see it.
    const nextCursor = more && last ? encodeCursor(byTime && last.contact_at ? iso(last.contact_at) : '1970-01-01T00:00:00.000Z', last.id) : null;
    return { result: { items, nextCursor, access: summary(plan) }, viewed: items.map((i) => i.id) };
  });
}

/** One contact as the actor may see it; outside the plan it is "not found", whether or not it exists. */
export async function getContact(store: Store, actor: Principal, id: string, access: { agreement?: string | undefined; purpose?: z.infer<typeof Purpose> | undefined } = {}): Promise<{ contact: SharedContact; access: ContactAccessSummary }> {
  return withAccess(store, actor, { action: 'read', records: 'contact', agreementId: access.agreement, purpose: access.purpose, resource: id }, async (plan, tools) => {
    const row = await store.db.selectFrom('contacts').select(selectedContactColumns(plan)).where('id', '=', id).where(contactRowFilter(plan.rows)).executeTakeFirst();
    if (!row) throw new NotFoundError('contact', id);
    return { result: { contact: projectContactRow(plan, tools, row), access: summary(plan) }, viewed: [id] };
  });
}

// ---------------------------------------------------------------- export

export const ContactExportRequest = z.strictObject({
  agreement: z.string().max(200).optional(),
  purpose: Purpose.optional(),
  datasetId: z.string().max(100).optional(),
  batchSize: z.int().min(100).max(50_000).default(10_000),
});
export type ContactExportRequest = z.input<typeof ContactExportRequest>;

/**
 * Exports every contact the actor may read as JSON Lines through `write`, a batch at a time
 * (keyset on id); each line's lineage gains the recipient's hop under an agreement. One
 * decision, one audit event with the count and a digest of the ids.
 */
export async function exportContacts(store: Store, actor: Principal, request: ContactExportRequest, write: (chunk: string) => void | Promise<void>): Promise<{ records: number; access: ContactAccessSummary }> {
  const req = ContactExportRequest.parse(request);
  return withAccess(store, actor, { action: 'export', records: 'contact', agreementId: req.agreement, purpose: req.purpose, resource: 'contacts.export', details: { datasetId: req.datasetId ?? null } }, async (plan, tools) => {
    const cols = selectedContactColumns(plan);
    const hop = plan.agreement ? { orgId: actor.orgId, agreementId: plan.agreement.id, at: new Date().toISOString() } : null;
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      let q = store.db.selectFrom('contacts').select(cols).where(contactRowFilter(plan.rows));
      if (req.datasetId) q = q.where('dataset_id', '=', req.datasetId);
      if (after) q = q.where('id', '>', after);
      const rows = await q.orderBy('id').limit(req.batchSize).execute();
      if (rows.length === 0) break;
      let chunk = '';
      for (const r of rows) {
        const rec = projectContactRow(plan, tools, r);
        if (hop) (rec.lineage as { hops?: unknown[] }).hops = [...((rec.lineage as { hops?: unknown[] }).hops ?? []), hop];
        chunk += JSON.stringify(rec) + '\n';
        ids.push(r.id);
      }
      await write(chunk);
      after = (rows[rows.length - 1] as { id: string }).id;
      if (rows.length < req.batchSize) break;
    }
    return { result: { records: ids.length, access: summary(plan) }, viewed: ids };
  });
}

// ---------------------------------------------------------------- aggregates

export const CONTACT_AGGREGATE_KEYS = ['country', 'channel', 'gender', 'language', 'month', 'dataset'] as const;
export const ContactAggregateRequest = z.strictObject({
  groupBy: z.enum(CONTACT_AGGREGATE_KEYS),
  agreement: z.string().max(200).optional(),
  purpose: Purpose.optional(),
  country: CountryCode.optional(),
});
export type ContactAggregateRequest = z.input<typeof ContactAggregateRequest>;

/** Counts of contacts the actor may read, grouped by a field it may see in clear. */
export async function aggregateContacts(store: Store, actor: Principal, request: ContactAggregateRequest): Promise<{ groupBy: string; groups: Array<{ key: string | null; count: number }>; total: number; access: ContactAccessSummary }> {
  const req = ContactAggregateRequest.parse(request);
  return withAccess(store, actor, { action: 'aggregate', records: 'contact', agreementId: req.agreement, purpose: req.purpose, resource: 'contacts.aggregate', details: { groupBy: req.groupBy, country: req.country ?? null } }, async (plan) => {
    const field: ContactField | null = req.groupBy === 'month' ? 'contactAt' : req.groupBy === 'dataset' ? null : req.groupBy;
    const used: Array<[ContactField, string]> = field ? [[field, 'groupBy']] : [];
    if (req.country) used.push(['country', 'country']);
    requireVisibleContact(plan, used);
    const keyExpr = req.groupBy === 'month' ? sql<string>`to_char(date_trunc('month', contact_at AT TIME ZONE 'UTC'), 'YYYY-MM')` : req.groupBy === 'dataset' ? sql<string>`dataset_id` : sql<string>`${sql.ref(req.groupBy)}`;
    let q = store.db.selectFrom('contacts').select([keyExpr.as('key'), (eb) => eb.fn.countAll<number>().as('n')]).where(contactRowFilter(plan.rows));
    if (req.country) q = q.where('country', '=', req.country);
    // By month, group on the truncated timestamp and format once per group: to_char on every row
    // costs a fifth of the query at a million rows.
    const groupExpr = req.groupBy === 'month' ? sql`date_trunc('month', contact_at AT TIME ZONE 'UTC')` : sql`1`;
    const rows = await q.groupBy(groupExpr).orderBy(sql`1`).execute();
    const groups = rows.map((r) => ({ key: r.key ?? null, count: Number(r.n) }));
    return { result: { groupBy: req.groupBy, groups, total: groups.reduce((s, g) => s + g.count, 0), access: summary(plan) }, details: { groups: groups.length } };
  });
}
