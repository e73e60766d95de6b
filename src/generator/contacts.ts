/**
 * Synthetic child-helpline contacts, streamed in batches. Contact i is drawn from its own
 * seeded stream, like reports.
 */
import type { Contact } from '../model/entities.ts';
import type { AgeRange } from '../model/primitives.ts';
import { GENERATOR_NAME, GENERATOR_VERSION } from './ecosystem.ts';
import { BR_OCSEA, CHI_CATEGORIES, CHI_OCSEA, CONTACT_AGE, CONTACT_GENDER } from './distributions.ts';
import { iso, producer, resolveBatchSize, resolveCount, resolveSeed, resolveWindow, timeIn, type Producer, type WindowOptions } from './context.ts';
import { fastId, sha256Json } from './ids.ts';
import { Rng, weighted, type Weighted } from './prng.ts';

export interface GenerateContactsOptions extends WindowOptions {
  count: number;
  batchSize?: number;
  /** Index of the first contact (default 0). */
  offset?: number;
}

interface Helpline {
  p: Producer;
  refPrefix: string;
  channels: Weighted<Contact['channel']>;
  regions: Weighted<string>;
  languages: Weighted<string>;
  /** The helpline's own scheme for OCSEA subcategories, kept beside the CHI code. */
  localScheme?: { scheme: string; codes: Weighted<string> };
}

const HELPLINES = weighted<Helpline>([
  [{
    p: producer('ipe-helpline', 'contacts'), refPrefix: 'IPE',
    channels: weighted<Contact['channel']>([['chat', 35], ['phone', 30], ['social-media', 20], ['web-form', 10], ['email', 5]]),
    regions: weighted<string>([['São Paulo', 30], ['Rio de Janeiro', 15], ['Minas Gerais', 12], ['Bahia', 9], ['Pernambuco', 7], ['Paraná', 7], ['Rio Grande do Sul', 7], ['Ceará', 6], ['Pará', 4], ['Amazonas', 3]]),
    languages: weighted<string>([['pt-BR', 98], ['es', 2]]),
    localScheme: { scheme: 'br-helpline', codes: BR_OCSEA },
  }, 65],
  [{
    p: producer('savanna-helpline', 'contacts'), refPrefix: 'SAV',
    channels: weighted<Contact['channel']>([['phone', 60], ['sms', 15], ['chat', 12], ['social-media', 8], ['in-person', 5]]),
    regions: weighted<string>([['Nairobi', 35], ['Mombasa', 12], ['Kisumu', 10], ['Nakuru', 10], ['Kiambu', 10], ['Machakos', 8], ['Kakamega', 8], ['Turkana', 4], ['Garissa', 3]]),
    languages: weighted<string>([['sw', 60], ['en', 40]]),
  }, 35],
]);

/** The helplines that produce contacts and their share of them. */
export const CONTACT_SOURCES: ReadonlyArray<{ orgSlug: string; share: number }> = HELPLINES.values.map((h) => ({ orgSlug: h.p.spec.slug, share: HELPLINES.share(h) }));

const CATEGORY_COUNT = weighted<number>([[1, 60], [2, 30], [3, 10]]);
const AGE_MODE = weighted<'exact' | 'band' | 'null' | 'absent'>([['exact', 70], ['band', 10], ['null', 5], ['absent', 15]]);
const AGE_BANDS_REPORTED: ReadonlyArray<readonly [number, number]> = [[7, 9], [10, 12], [13, 15], [16, 17]];

function drawAge(rng: Rng): AgeRange | undefined {
  switch (AGE_MODE.draw(rng)) {
    case 'exact': {
      const n = CONTACT_AGE.draw(rng);
      return { min: n, max: n, basis: 'reported' };
    }
    case 'band': {
      const [min, max] = rng.pick(AGE_BANDS_REPORTED);
      return { min, max, basis: 'reported' };
    }
    case 'null':
      return { min: null, max: null, basis: 'reported' };
    default:
      return undefined;
  }
}

function makeContact(seed: number, window: ReturnType<typeof resolveWindow>, index: number, capture?: (source: unknown) => void): Contact {
  const rng = Rng.for(seed, 'contact', index);
  const h = HELPLINES.draw(rng);
  const sourceRef = `${h.refPrefix}-${String(index).padStart(9, '0')}`;
  const channel = h.channels.draw(rng);
  const contactMs = timeIn(rng, window);
  const live = channel === 'phone' || channel === 'chat' || channel === 'in-person';
  const durationMinutes = live ? rng.range(2, 60) : rng.chance(0.3) ? rng.range(1, 20) : undefined;
  const age = drawAge(rng);
  const gender = CONTACT_GENDER.draw(rng);
  const country = rng.chance(0.97) ? h.p.spec.jurisdiction : rng.pick(['PT', 'AO', 'MZ', 'UG', 'TZ', 'US']);
  const region = country === h.p.spec.jurisdiction && rng.chance(0.85) ? h.regions.draw(rng) : undefined;
  const language = rng.chance(0.95) ? h.languages.draw(rng) : undefined;
  const categories: Contact['categories'] = [];
  const seen = new Set<string>();
  const n = CATEGORY_COUNT.draw(rng);
  for (let k = 0; k < n; k++) {
    const code = CHI_CATEGORIES.draw(rng);
    if (seen.has(code)) continue;
    seen.add(code);
    categories.push({ scheme: 'chi-helpline', code });
    if (code === CHI_OCSEA && h.localScheme) categories.push({ scheme: h.localScheme.scheme, code: h.localScheme.codes.draw(rng) });
  }
  const id = fastId('contact', [h.p.orgId, sourceRef]);
  const contactAt = iso(contactMs);
  const receivedMs = Math.min(window.endMs, contactMs + rng.range(3_600, 7 * 86_400) * 1000);
  // Source record with keys in sorted order (so JSON.stringify is canonical JSON).
  const source = {
    age: age ? { basis: age.basis, max: age.max, min: age.min } : undefined,
    categories: categories.map((c) => ({ code: c.code, scheme: c.scheme })),
    channel,
    contactAt,
    country,
    durationMinutes,
    gender,
    generator: { index, name: GENERATOR_NAME, seed, version: GENERATOR_VERSION },
    helpline: h.p.spec.slug,
    language,
    ref: sourceRef,
    region,
  };
  capture?.(source);
  const contact = { id, datasetId: h.p.datasetId, sourceOrgId: h.p.orgId, sourceRef, channel, contactAt } as Contact;
  if (durationMinutes !== undefined) contact.durationMinutes = durationMinutes;
  if (age) contact.age = age;
  contact.gender = gender;
  contact.country = country;
  if (region) contact.region = region;
  if (language) contact.language = language;
  contact.categories = categories;
  contact.lineage = { ...h.p.lineage, receivedAt: iso(receivedMs), rawDigest: sha256Json(source), hops: [] };
  return contact;
}

/** Contact `index` with the synthetic source record its lineage digest was computed from (tests, spot checks). */
export function contactWithSource(opts: WindowOptions & { index: number }): { contact: Contact; source: unknown } {
  let source: unknown;
  const contact = makeContact(resolveSeed(opts.seed), resolveWindow(opts), resolveCount('index', opts.index), (s) => (source = s));
  return { contact, source };
}

/** Helpline contacts in batches (default 1000), never more than one batch in memory. */
export function* generateContacts(opts: GenerateContactsOptions): Generator<Contact[], void, undefined> {
  const seed = resolveSeed(opts.seed);
  const count = resolveCount('count', opts.count);
  const offset = resolveCount('offset', opts.offset, 0);
  const batchSize = resolveBatchSize(opts.batchSize);
  const window = resolveWindow(opts);
  let batch: Contact[] = [];
  for (let i = offset; i < offset + count; i++) {
    batch.push(makeContact(seed, window, i));
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
