/**
 * The hash registry service: hash sets (banks) from many organisations with their provenance,
 * exact and perceptual matching, classifications reused across organisations with consensus,
 * a "previously assessed" answer and feedback on matches.
 *
 * Every operation starts with an explicit access check on the acting principal:
 *  - any member (admin, steward, analyst, auditor) may list sets and match;
 *  - stewards and admins import and withdraw their own organisation's sets;
 *  - analysts, stewards and admins classify and give feedback, always as their organisation.
 * (The policy module has no resource kind for hashes yet; these rules live here until it does.)
 *
 * Classifications are attached to the hashed content (type + value), not to one set, so the same
 * image classified by two organisations meets in one place, each opinion keeping its provenance.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../identity/principal.ts';
import { decide, type Action, type ResourceKind, type RowScope } from '../policy/index.ts';
import { AuthError, NotFoundError, TesseraError, ValidationError, type ErrorLocation, type Problem } from '../shared/errors.ts';
import type { Store } from '../store/index.ts';
import { registry as taxonomyRegistry } from '../taxonomy/index.ts';
import { getSignalType } from '../hashing/signal-types.ts';
import { parseHashList } from './hash-list.ts';
import * as repo from './registry-repository.ts';
import { RegistryPdqIndex } from './registry-index.ts';
import type { HashSetSource } from './registry-tables.ts';

export const DEFAULT_RADIUS = 31;
export const DEFAULT_QUALITY_FLOOR = 50;

// Who may do what is decided by the policy module; the registry only asks.
const READ = ['read', 'hash-set'] as const;
const CURATE = ['write', 'hash-set'] as const;
const ASSESS = ['write', 'hash-assessment'] as const;

function requireRoles(actor: Principal, [action, kind]: readonly [Action, ResourceKind], what: string): RowScope {
  const d = decide(actor, action, kind);
  if (!d.allowed || !d.scope) throw new AuthError('forbidden', `${what} is not allowed: ${d.reason}.`);
  return d.scope;
}

function digestId(prefix: string, ...parts: string[]): string {
  return prefix + createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

// ------------------------------------------------------------------ views

export interface HashSetView {
  id: string;
  slug: string;
  name: string;
  description: string;
  owner: { id: string; slug: string; name: string };
  sources: HashSetSource[];
  createdAt: string;
  createdBy: string;
  withdrawn: { at: string; by: string | null; reason: string | null } | null;
  liveEntries?: number;
  withdrawnEntries?: number;
}

function setView(r: repo.HashSetRow & { live_entries?: number; withdrawn_entries?: number }): HashSetView {
  return {
    id: r.id, slug: r.slug, name: r.name, description: r.description,
    owner: { id: r.owner_org_id, slug: r.owner_slug, name: r.owner_name },
    sources: typeof r.sources === 'string' ? (JSON.parse(r.sources) as HashSetSource[]) : r.sources,
    createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by,
    withdrawn: r.withdrawn_at ? { at: new Date(r.withdrawn_at).toISOString(), by: r.withdrawn_by, reason: r.withdrawn_reason } : null,
    ...(r.live_entries !== undefined ? { liveEntries: Number(r.live_entries), withdrawnEntries: Number(r.withdrawn_entries) } : {}),
  };
}

export interface Opinion {
  scheme: string;
  code: string;
  assessor: { id: string; slug: string; name: string };
  assessedBy: string;
  assessedAt: string;
  confidence: number | null;
  note: string | null;
  /** The hash this opinion was recorded against and how far it is from the query. */
  via: { signalType: string; value: string; distance: number; entryId: string | null };
}

export type ConsensusStatus = 'none' | 'single' | 'agreeing' | 'disputed';

export interface SchemeConsensus {
  scheme: string;
  status: Exclude<ConsensusStatus, 'none'>;
  /** Each code given, with the organisations whose latest opinion it is. */
  codes: Array<{ code: string; organisations: string[] }>;
}

export interface Assessment {
  /** Someone has classified this content (or a perceptually matching one) before. */
  previouslyAssessed: boolean;
  /** Classified under exactly this hash value. */
  exactlyAssessed: boolean;
  consensus: ConsensusStatus;
  schemes: SchemeConsensus[];
  opinions: Opinion[];
}

export interface RegistryMatch {
  entryId: string;
  seq: number;
  signalType: string;
  value: string;
  distance: number;
  label: string | null;
  quality: number | null;
  addedAt: string;
  set: { id: string; slug: string; name: string; owner: string };
  feedback: { truePositive: number; falsePositive: number };
}

export type QueryOutcome =
  | { ok: true; query: { signalType: string; value: string; quality?: number }; lowQuality?: boolean; matches: RegistryMatch[]; assessment: Assessment }
  | { ok: false; query: { signalType: string; value: string }; error: Problem };

/** Consensus from opinions: per scheme, the latest opinion of each organisation counts. */
export function consensusOf(opinions: Opinion[]): { consensus: ConsensusStatus; schemes: SchemeConsensus[] } {
  const latest = new Map<string, Opinion>();
  for (const o of opinions) {
    const k = `${o.scheme}\u0000${o.assessor.id}`;
    const prev = latest.get(k);
    if (!prev || prev.assessedAt <= o.assessedAt) latest.set(k, o);
  }
  const byScheme = new Map<string, Map<string, string[]>>();
  for (const o of latest.values()) {
    const codes = byScheme.get(o.scheme) ?? new Map<string, string[]>();
    codes.set(o.code, [...(codes.get(o.code) ?? []), o.assessor.slug]);
    byScheme.set(o.scheme, codes);
  }
  const schemes: SchemeConsensus[] = [...byScheme].sort(([a], [b]) => a.localeCompare(b)).map(([scheme, codes]) => {
    const orgs = [...codes.values()].reduce((n, l) => n + l.length, 0);
    const status = codes.size > 1 ? 'disputed' : orgs > 1 ? 'agreeing' : 'single';
    return { scheme, status, codes: [...codes].map(([code, organisations]) => ({ code, organisations: organisations.sort() })) };
  });
  const consensus: ConsensusStatus = schemes.length === 0 ? 'none'
    : schemes.some((s) => s.status === 'disputed') ? 'disputed'
      : schemes.some((s) => s.status === 'agreeing') ? 'agreeing' : 'single';
  return { consensus, schemes };
}

/**
 * Checks a classification against the taxonomy module: known schemes must use one of their
 * codes (aliases and spellings are resolved to the canonical code); organisation-private
 * schemes are accepted when named `x-<organisation>-<name>` and are marked unverified.
 */
export function validateClassification(scheme: string, code: string, where?: ErrorLocation): { scheme: string; code: string; verified: boolean } {
  const s = scheme.trim();
  const c = code.trim();
  const w = where ? { where } : {};
  if (!s || !c) throw new TesseraError('invalid_classification', 'A classification needs a scheme and a code.', w);
  const tax = taxonomyRegistry();
  if (tax.has(s)) {
    try {
      const r = tax.resolve(s, c);
      return { scheme: s, code: r.concept.code, verified: true };
    } catch (e) {
      if (e instanceof TesseraError) throw new TesseraError(e.code, e.message, { ...w, ...(e.details ? { details: e.details } : {}), status: 422 });
      throw e;
    }
  }
  if (/^x-[a-z0-9][a-z0-9-]*$/.test(s)) return { scheme: s, code: c, verified: false };
  const known = tax.list().map((x) => x.id);
  throw new TesseraError('unknown_scheme', `Unknown classification scheme ${JSON.stringify(s)}. Use one of ${known.join(', ')}, or an organisation-private scheme named x-<organisation>-<name>.`, { ...w, details: { known }, status: 422 });
}

/** `file:line` (as entries' source references are written) as an error location. */
function sourceLocation(ref: string): ErrorLocation {
  const m = /^(.*):(\d+)$/.exec(ref);
  return m ? { file: m[1] as string, line: Number(m[2]) } : {};
}

/** Parses `scheme:code` (split at the first colon). */
export function parseSchemeCode(text: string, where?: ErrorLocation): { scheme: string; code: string } {
  const i = text.indexOf(':');
  if (i <= 0 || i === text.length - 1) throw new TesseraError('invalid_classification', `Expected SCHEME:CODE (e.g. uk-2014:A), got ${JSON.stringify(text)}.`, where ? { where } : {});
  return { scheme: text.slice(0, i), code: text.slice(i + 1) };
}

// ------------------------------------------------------------------ inputs

export interface ImportInput {
  /** Slug of the set in the actor's organisation; created if missing. */
  set: string;
  name?: string;
  description?: string;
  signalType?: string;
  /** The hash list text (one hash per line, optional label after a tab or comma). */
  text: string;
  /** File name, for provenance and error locations. */
  file?: string;
  source?: { name: string; reference?: string; version?: string };
  /** Classification given by the importing organisation to every imported hash. */
  classification?: { scheme: string; code: string; confidence?: number };
}

export interface ImportResult {
  set: HashSetView;
  signalType: string;
  read: number;
  added: number;
  reinstated: number;
  alreadyPresent: number;
  classified: number;
  problems: Problem[];
}

/** One hash of an entries import: its own type, quality, label, classification and where it came from. */
export interface ImportEntry {
  signalType: string;
  value: string;
  /** PDQ quality 0-100 (PDQ only). */
  quality?: number;
  label?: string;
  /** Where the entry came from in its source, e.g. `list.csv:42` (stored with the entry). */
  sourceRef: string;
  classification?: { scheme: string; code: string; confidence?: number };
}

export interface ImportEntriesInput {
  /** Slug of the set in the actor's organisation; created if missing. */
  set: string;
  name?: string;
  description?: string;
  /**
   * The source, recorded on the set once per import: calls that give the same `importId` (the
   * batches of one ingest run) add to one source entry instead of appending one per call.
   */
  source: { name: string; reference?: string; version?: string; file?: string; importId?: string; lines?: number };
  entries: ImportEntry[];
}

export interface ImportEntriesResult {
  set: HashSetView;
  read: number;
  added: number;
  reinstated: number;
  alreadyPresent: number;
  classified: number;
  /** Entries refused, by their index in `entries`; the others are imported. */
  rejected: Array<{ index: number; problem: Problem }>;
}

export interface ClassifyInput {
  signalType: string;
  value: string;
  scheme: string;
  code: string;
  confidence?: number;
  note?: string;
  assessedAt?: string;
}

export interface FeedbackInput {
  /** The query that matched. */
  signalType: string;
  value: string;
  /** The matched entry (id or seq). */
  entry: string;
  verdict: 'true_positive' | 'false_positive';
  distance?: number;
  note?: string;
}

export interface MatchOptions {
  radius?: number;
  qualityFloor?: number;
  /** Only these sets (slugs or ids). */
  sets?: string[];
}

// ------------------------------------------------------------------ service

const instances = new WeakMap<Store, HashRegistry>();

export class HashRegistry {
  private readonly db: repo.RegistryDbType;
  private readonly pdq: RegistryPdqIndex;

  constructor(private readonly store: Store, opts: { indexCacheFile?: string } = {}) {
    this.db = repo.registryDb(store);
    this.pdq = new RegistryPdqIndex(store.location, opts.indexCacheFile);
  }

  /** One registry (and one in-memory index) per open store. */
  static for(store: Store, opts: { indexCacheFile?: string } = {}): HashRegistry {
    let r = instances.get(store);
    if (!r) {
      r = new HashRegistry(store, opts);
      instances.set(store, r);
    }
    return r;
  }

  /** Brings the PDQ index up to date and writes its cache file (CLI end, server shutdown). */
  async persistIndex(): Promise<void> {
    await this.pdq.sync(this.db);
    this.pdq.save();
  }

  async listHashSets(actor: Principal, opts: { includeWithdrawn?: boolean; owner?: string } = {}): Promise<HashSetView[]> {
    requireRoles(actor, READ, 'Listing hash sets');
    return (await repo.listHashSets(this.db, { ...(opts.includeWithdrawn ? { includeWithdrawn: true } : {}), ...(opts.owner ? { ownerOrgId: opts.owner } : {}) })).map(setView);
  }

  async getHashSet(actor: Principal, idOrSlug: string): Promise<HashSetView> {
    requireRoles(actor, READ, 'Reading a hash set');
    const r = await repo.findHashSet(this.db, idOrSlug, actor.orgId);
    if (!r) throw new NotFoundError('hash set', idOrSlug);
    return setView(r);
  }

  async importHashSet(actor: Principal, input: ImportInput): Promise<ImportResult> {
    requireRoles(actor, CURATE, 'Importing a hash set');
    const slug = input.set.trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) {
      throw new ValidationError([{ code: 'invalid_slug', message: 'A hash set slug is 1-63 lower-case letters, digits and hyphens, starting with a letter or digit.', where: { field: 'set' } }]);
    }
    const type = getSignalType(input.signalType ?? 'pdq', { field: 'signalType' });
    const cls = input.classification ? validateClassification(input.classification.scheme, input.classification.code, { field: 'classification' }) : undefined;
    const confidence = input.classification?.confidence;
    if (confidence !== undefined && !(confidence >= 0 && confidence <= 1)) throw new ValidationError([{ code: 'invalid_confidence', message: 'Confidence is a number from 0 to 1.', where: { field: 'classification.confidence' } }]);
    const file = input.file ?? '<upload>';
    const parsed = parseHashList(input.text, { file, signalType: type.name });
    // Duplicate lines in one list count once.
    const unique = new Map<string, (typeof parsed.entries)[number]>();
    for (const e of parsed.entries) if (!unique.has(e.value)) unique.set(e.value, e);

    const setId = digestId('hs_', actor.orgId, slug);
    const by = actor.userId;
    const result = await this.db.transaction().execute(async (trx) => {
      let set = await repo.findHashSet(trx, setId);
      if (set && set.withdrawn_at) {
        throw new TesseraError('hash_set_withdrawn', `Hash set ${slug} was withdrawn on ${new Date(set.withdrawn_at).toISOString()}; use a new slug.`, { where: { field: 'set' }, status: 409 });
      }
      if (!set) {
        await repo.insertHashSet(trx, { id: setId, owner_org_id: actor.orgId, slug, name: input.name ?? slug, description: input.description ?? '', created_by: by });
      }
      const rows: repo.NewEntry[] = [...unique.values()].map((e) => ({
        id: digestId('he_', setId, type.name, e.value), set_id: setId, signal_type: type.name, value: e.value,
        quality: null, label: e.label ?? null, source_ref: `${file}:${e.line}`, added_by: by,
      }));
      const { added, reinstated } = await repo.upsertEntries(trx, rows);
      let classified = 0;
      if (cls) {
        const at = new Date();
        await repo.insertClassifications(trx, rows.map((r) => ({
          id: 'hc_' + randomUUID(), signal_type: type.name, value: r.value, entry_id: r.id, scheme: cls.scheme, code: cls.code,
          assessor_org_id: actor.orgId, assessed_by: by, assessed_at: at, confidence: confidence ?? null, note: null,
        })));
        classified = rows.length;
      }
      await repo.appendHashSetSource(trx, setId, {
        name: input.source?.name ?? file, ...(input.source?.reference ? { reference: input.source.reference } : {}),
        ...(input.source?.version ? { version: input.source.version } : {}), file, lines: parsed.entries.length + parsed.problems.length,
        importedAt: new Date().toISOString(), importedBy: by,
      });
      set = await repo.findHashSet(trx, setId);
      return { set: set as repo.HashSetRow, added, reinstated, classified, total: rows.length };
    });
    return {
      set: setView(result.set), signalType: type.name, read: parsed.entries.length, added: result.added, reinstated: result.reinstated,
      alreadyPresent: result.total - result.added - result.reinstated, classified: result.classified, problems: parsed.problems,
    };
  }

  /**
   * Imports hashes given one by one (hash-list and STIX ingest): each entry keeps its own signal
   * type, PDQ quality, label, classification and source reference (`file:line` of the original
   * list). An entry with a bad value, a quality outside 0-100 (or on a non-PDQ hash) or an unknown
   * classification is refused alone, with its index. Idempotent: an entry already live in the set
   * is left alone (a withdrawn one is reinstated), and its classification by this organisation is
   * recorded once.
   */
  async importEntries(actor: Principal, input: ImportEntriesInput): Promise<ImportEntriesResult> {
    requireRoles(actor, CURATE, 'Importing a hash set');
    const slug = input.set.trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) {
      throw new ValidationError([{ code: 'invalid_slug', message: 'A hash set slug is 1-63 lower-case letters, digits and hyphens, starting with a letter or digit.', where: { field: 'set' } }]);
    }
    const setId = digestId('hs_', actor.orgId, slug);
    const by = actor.userId;
    const rejected: ImportEntriesResult['rejected'] = [];
    const classes = new Map<string, { scheme: string; code: string } | Problem>();
    const rows = new Map<string, repo.NewEntry & { cls?: { scheme: string; code: string; confidence: number | null } }>();
    input.entries.forEach((e, index) => {
      const where: ErrorLocation = { path: `entries[${index}]`, ...sourceLocation(e.sourceRef) };
      try {
        const type = getSignalType(e.signalType, { ...where, field: 'signalType' });
        const value = type.normalise(e.value, { ...where, field: 'value' });
        if (e.quality !== undefined && (type.name !== 'pdq' || !Number.isInteger(e.quality) || e.quality < 0 || e.quality > 100)) {
          throw new TesseraError('invalid_quality', type.name === 'pdq' ? `PDQ quality ${e.quality} must be a whole number 0-100.` : `A quality is given only for PDQ hashes, not ${type.name}.`, { where: { ...where, field: 'quality' } });
        }
        let cls: { scheme: string; code: string; confidence: number | null } | undefined;
        if (e.classification) {
          const c = e.classification.confidence;
          if (c !== undefined && !(c >= 0 && c <= 1)) throw new TesseraError('invalid_confidence', 'Confidence is a number from 0 to 1.', { where: { ...where, field: 'classification.confidence' } });
          const k = `${e.classification.scheme}\u0000${e.classification.code}`;
          let v = classes.get(k);
          if (!v) {
            try {
              v = validateClassification(e.classification.scheme, e.classification.code);
            } catch (err) {
              if (!(err instanceof TesseraError)) throw err;
              v = err.toProblem();
            }
            classes.set(k, v);
          }
          if ('message' in v) throw new TesseraError(v.code, v.message, { where: { ...where, field: 'classification' } });
          cls = { scheme: v.scheme, code: v.code, confidence: c ?? null };
        }
        const id = digestId('he_', setId, type.name, value);
        // The same hash twice in one import counts once (the first occurrence wins).
        if (!rows.has(id)) {
          rows.set(id, {
            id, set_id: setId, signal_type: type.name, value, quality: e.quality ?? null, label: e.label?.slice(0, 1000) ?? null,
            source_ref: e.sourceRef.slice(0, 500), added_by: by, ...(cls ? { cls } : {}),
          });
        }
      } catch (err) {
        if (!(err instanceof TesseraError)) throw err;
        const p = err.toProblem();
        rejected.push({ index, problem: { ...p, where: { ...where, ...p.where } } });
      }
    });
    const result = await this.db.transaction().execute(async (trx) => {
      await repo.ensureHashSet(trx, { id: setId, owner_org_id: actor.orgId, slug, name: input.name ?? slug, description: input.description ?? '', created_by: by });
      // Imports into one set take turns (the batches of an ingest run write concurrently): taking
      // the set's row lock first avoids the deadlock of two entry inserts (which share-lock the
      // set through the foreign key) both waiting to update the set's sources.
      await repo.lockHashSet(trx, setId);
      let set = await repo.findHashSet(trx, setId);
      if (set && set.withdrawn_at) {
        throw new TesseraError('hash_set_withdrawn', `Hash set ${slug} was withdrawn on ${new Date(set.withdrawn_at).toISOString()}; use a new slug.`, { where: { field: 'set' }, status: 409 });
      }
      const list = [...rows.values()];
      const { added, reinstated } = await repo.upsertEntries(trx, list.map(({ cls: _cls, ...r }) => r));
      const at = new Date();
      const classified = await repo.insertClassificationsOnce(trx, list.filter((r) => r.cls).map((r) => {
        const c = r.cls as { scheme: string; code: string; confidence: number | null };
        return {
          id: digestId('hc_', r.id, c.scheme, c.code, actor.orgId), signal_type: r.signal_type, value: r.value, entry_id: r.id, scheme: c.scheme, code: c.code,
          assessor_org_id: actor.orgId, assessed_by: by, assessed_at: at, confidence: c.confidence, note: null,
        };
      }));
      const s = input.source;
      await repo.mergeHashSetSource(trx, setId, {
        name: s.name, ...(s.reference ? { reference: s.reference } : {}), ...(s.version ? { version: s.version } : {}), ...(s.file ? { file: s.file } : {}),
        lines: s.lines ?? input.entries.length, importedAt: at.toISOString(), importedBy: by, ...(s.importId ? { importId: s.importId } : {}),
      });
      set = await repo.findHashSet(trx, setId);
      return { set: set as repo.HashSetRow, added, reinstated, classified, total: list.length };
    });
    return {
      set: setView(result.set), read: input.entries.length - rejected.length, added: result.added, reinstated: result.reinstated,
      alreadyPresent: result.total - result.added - result.reinstated, classified: result.classified, rejected,
    };
  }

  private async ownSet(actor: Principal, idOrSlug: string): Promise<repo.HashSetRow> {
    const set = await repo.findHashSet(this.db, idOrSlug, actor.orgId);
    if (!set) throw new NotFoundError('hash set', idOrSlug);
    const scope = requireRoles(actor, CURATE, `Changing hash set ${set.slug}`);
    if (!scope.sourceOrgIds.includes(set.owner_org_id)) throw new AuthError('forbidden', `Hash set ${set.slug} belongs to ${set.owner_slug}; only its owner can change it.`);
    return set;
  }

  async withdrawHashSet(actor: Principal, idOrSlug: string, reason?: string): Promise<{ set: HashSetView; entriesWithdrawn: number }> {
    requireRoles(actor, CURATE, 'Withdrawing a hash set');
    const set = await this.ownSet(actor, idOrSlug);
    if (set.withdrawn_at) return { set: setView(set), entriesWithdrawn: 0 };
    const n = await this.db.transaction().execute((trx) => repo.withdrawSet(trx, set.id, actor.userId, reason ?? null));
    return { set: setView((await repo.findHashSet(this.db, set.id)) as repo.HashSetRow), entriesWithdrawn: n };
  }

  async withdrawEntries(actor: Principal, idOrSlug: string, signalType: string, values: string[], reason?: string): Promise<{ withdrawn: number; problems: Problem[] }> {
    requireRoles(actor, CURATE, 'Withdrawing hashes');
    const set = await this.ownSet(actor, idOrSlug);
    const type = getSignalType(signalType);
    const ok: string[] = [];
    const problems: Problem[] = [];
    values.forEach((v, i) => {
      try {
        ok.push(type.normalise(v, { path: `values[${i}]` }));
      } catch (e) {
        if (e instanceof TesseraError) problems.push(e.toProblem());
        else throw e;
      }
    });
    return { withdrawn: await repo.withdrawEntries(this.db, set.id, type.name, ok, actor.userId, reason ?? null), problems };
  }

  async classify(actor: Principal, input: ClassifyInput): Promise<Opinion> {
    requireRoles(actor, ASSESS, 'Classifying');
    const type = getSignalType(input.signalType, { field: 'signalType' });
    const value = type.normalise(input.value, { field: 'value' });
    const cls = validateClassification(input.scheme, input.code);
    if (input.confidence !== undefined && !(input.confidence >= 0 && input.confidence <= 1)) throw new ValidationError([{ code: 'invalid_confidence', message: 'Confidence is a number from 0 to 1.', where: { field: 'confidence' } }]);
    const at = input.assessedAt ? new Date(input.assessedAt) : new Date();
    if (Number.isNaN(at.getTime())) throw new ValidationError([{ code: 'invalid_time', message: 'assessedAt is not a valid ISO 8601 time.', where: { field: 'assessedAt' } }]);
    const entries = await repo.liveEntriesByValue(this.db, type.name, [value]);
    const entryId = entries[0]?.id ?? null;
    await repo.insertClassifications(this.db, [{
      id: 'hc_' + randomUUID(), signal_type: type.name, value, entry_id: entryId, scheme: cls.scheme, code: cls.code,
      assessor_org_id: actor.orgId, assessed_by: actor.userId, assessed_at: at, confidence: input.confidence ?? null, note: input.note ?? null,
    }]);
    const org = await this.db.selectFrom('organisations').select('name').where('id', '=', actor.orgId).executeTakeFirst();
    return {
      scheme: cls.scheme, code: cls.code, assessor: { id: actor.orgId, slug: actor.orgSlug, name: org?.name ?? actor.orgSlug }, assessedBy: actor.userId,
      assessedAt: at.toISOString(), confidence: input.confidence ?? null, note: input.note ?? null, via: { signalType: type.name, value, distance: 0, entryId },
    };
  }

  async recordFeedback(actor: Principal, input: FeedbackInput): Promise<{ id: string; verdict: string; entryId: string; organisation: string; givenBy: string; createdAt: string }> {
    requireRoles(actor, ASSESS, 'Giving match feedback');
    if (input.verdict !== 'true_positive' && input.verdict !== 'false_positive') {
      throw new ValidationError([{ code: 'invalid_verdict', message: 'verdict is true_positive or false_positive.', where: { field: 'verdict' } }]);
    }
    const type = getSignalType(input.signalType, { field: 'signalType' });
    const value = type.normalise(input.value, { field: 'value' });
    const entry = await repo.findEntry(this.db, input.entry);
    if (!entry) throw new NotFoundError('hash entry', input.entry);
    const distance = input.distance ?? (type.distance && entry.signal_type === type.name ? type.distance(value, entry.value) : value === entry.value ? 0 : null);
    const id = 'hf_' + randomUUID();
    const createdAt = await repo.insertFeedback(this.db, {
      id, query_type: type.name, query_value: value, entry_id: entry.id, distance, verdict: input.verdict, org_id: actor.orgId, given_by: actor.userId, note: input.note ?? null,
    });
    return { id, verdict: input.verdict, entryId: entry.id, organisation: actor.orgSlug, givenBy: actor.userId, createdAt: new Date(createdAt).toISOString() };
  }

  /**
   * Matches a batch of hashes. Each query is normalised on its own: a malformed one gets an
   * error outcome and the others go on. PDQ queries with a known quality under the floor are
   * not matched (`lowQuality`): such hashes match too much.
   */
  async match(actor: Principal, queries: Array<{ signalType: string; value: string; quality?: number }>, opts: MatchOptions = {}): Promise<QueryOutcome[]> {
    requireRoles(actor, READ, 'Matching');
    const radius = opts.radius ?? DEFAULT_RADIUS;
    const floor = opts.qualityFloor ?? DEFAULT_QUALITY_FLOOR;
    if (!Number.isInteger(radius) || radius < 0 || radius > 128) throw new ValidationError([{ code: 'invalid_radius', message: 'radius is an integer from 0 to 128.', where: { field: 'radius' } }]);
    const setFilter = opts.sets?.length ? new Set(opts.sets) : undefined;
    type Norm = { i: number; type: string; value: string; quality?: number; low: boolean };
    const outcomes: QueryOutcome[] = new Array(queries.length);
    const norm: Norm[] = [];
    queries.forEach((q, i) => {
      try {
        const t = getSignalType(q.signalType, { path: `queries[${i}].signalType` });
        const value = t.normalise(q.value, { path: `queries[${i}].value` });
        const low = t.name === 'pdq' && q.quality !== undefined && q.quality < floor;
        norm.push({ i, type: t.name, value, ...(q.quality !== undefined ? { quality: q.quality } : {}), low });
      } catch (e) {
        if (!(e instanceof TesseraError)) throw e;
        outcomes[i] = { ok: false, query: { signalType: String(q.signalType), value: String(q.value).slice(0, 300) }, error: e.toProblem() };
      }
    });

    // Candidates: PDQ through the index, everything else by exact value.
    const hits = new Map<number, Array<{ seq?: number; type: string; value?: string; distance: number }>>();
    if (norm.some((n) => n.type === 'pdq' && !n.low)) await this.pdq.sync(this.db);
    const seqs = new Set<number>();
    const exactByType = new Map<string, Set<string>>();
    for (const n of norm) {
      if (n.low) continue;
      if (n.type === 'pdq') {
        const ms = this.pdq.search(n.value, radius, 0);
        hits.set(n.i, ms.map((m) => ({ seq: m.id, type: 'pdq', distance: m.distance })));
        for (const m of ms) seqs.add(m.id);
      } else {
        const s = exactByType.get(n.type) ?? new Set<string>();
        s.add(n.value);
        exactByType.set(n.type, s);
        hits.set(n.i, [{ type: n.type, value: n.value, distance: 0 }]);
      }
    }
    const bySeq = new Map<number, repo.EntryWithSet>();
    for (const e of await repo.liveEntriesBySeq(this.db, [...seqs])) bySeq.set(e.seq, e);
    const byValue = new Map<string, repo.EntryWithSet[]>();
    for (const [type, values] of exactByType) {
      for (const e of await repo.liveEntriesByValue(this.db, type, [...values])) {
        const k = `${type}\u0000${e.value}`;
        byValue.set(k, [...(byValue.get(k) ?? []), e]);
      }
    }
    const resolved = new Map<number, Array<{ e: repo.EntryWithSet; distance: number }>>();
    for (const n of norm) {
      const list: Array<{ e: repo.EntryWithSet; distance: number }> = [];
      for (const h of hits.get(n.i) ?? []) {
        if (h.seq !== undefined) {
          const e = bySeq.get(h.seq);
          if (e) list.push({ e, distance: h.distance });
        } else for (const e of byValue.get(`${h.type}\u0000${h.value}`) ?? []) list.push({ e, distance: 0 });
      }
      resolved.set(n.i, setFilter ? list.filter((x) => setFilter.has(x.e.set_slug) || setFilter.has(x.e.set_id)) : list);
    }
    // Opinions on the query values and on every matched value; feedback on matched entries.
    const keys = new Map<string, { signalType: string; value: string }>();
    for (const n of norm) keys.set(`${n.type}\u0000${n.value}`, { signalType: n.type, value: n.value });
    for (const list of resolved.values()) for (const { e } of list) keys.set(`${e.signal_type}\u0000${e.value}`, { signalType: e.signal_type, value: e.value });
    const opinionsByKey = new Map<string, repo.ClassificationRow[]>();
    for (const c of await repo.classificationsOf(this.db, [...keys.values()])) {
      const k = `${c.signal_type}\u0000${c.value}`;
      opinionsByKey.set(k, [...(opinionsByKey.get(k) ?? []), c]);
    }
    const entryIds = [...new Set([...resolved.values()].flat().map((x) => x.e.id))];
    const fb = new Map<string, { truePositive: number; falsePositive: number }>();
    for (const f of await repo.feedbackSummary(this.db, entryIds)) {
      const cur = fb.get(f.entry_id) ?? { truePositive: 0, falsePositive: 0 };
      if (f.verdict === 'true_positive') cur.truePositive += Number(f.n);
      else cur.falsePositive += Number(f.n);
      fb.set(f.entry_id, cur);
    }

    for (const n of norm) {
      const list = (resolved.get(n.i) ?? []).sort((a, b) => a.distance - b.distance || a.e.seq - b.e.seq);
      const matches: RegistryMatch[] = list.map(({ e, distance }) => ({
        entryId: e.id, seq: e.seq, signalType: e.signal_type, value: e.value, distance, label: e.label, quality: e.quality,
        addedAt: new Date(e.added_at).toISOString(), set: { id: e.set_id, slug: e.set_slug, name: e.set_name, owner: e.owner_slug },
        feedback: fb.get(e.id) ?? { truePositive: 0, falsePositive: 0 },
      }));
      // Opinions: exact value first, then each distinct matched value with its distance.
      const seen = new Set<string>();
      const opinions: Opinion[] = [];
      const addFrom = (type: string, value: string, distance: number) => {
        const k = `${type}\u0000${value}`;
        if (seen.has(k)) return;
        seen.add(k);
        for (const c of opinionsByKey.get(k) ?? []) {
          opinions.push({
            scheme: c.scheme, code: c.code, assessor: { id: c.assessor_org_id, slug: c.assessor_slug, name: c.assessor_name }, assessedBy: c.assessed_by,
            assessedAt: new Date(c.assessed_at).toISOString(), confidence: c.confidence, note: c.note, via: { signalType: c.signal_type, value: c.value, distance, entryId: c.entry_id },
          });
        }
      };
      addFrom(n.type, n.value, 0);
      const exactlyAssessed = opinions.length > 0;
      for (const m of matches) addFrom(m.signalType, m.value, m.distance);
      const { consensus, schemes } = consensusOf(opinions);
      outcomes[n.i] = {
        ok: true,
        query: { signalType: n.type, value: n.value, ...(n.quality !== undefined ? { quality: n.quality } : {}) },
        ...(n.low ? { lowQuality: true } : {}),
        matches,
        assessment: { previouslyAssessed: opinions.length > 0, exactlyAssessed, consensus, schemes, opinions },
      };
    }
    return outcomes;
  }

  /** "Has this been assessed before?" for one hash: the assessment part of a match. */
  async previouslyAssessed(actor: Principal, query: { signalType: string; value: string; quality?: number }, opts: MatchOptions = {}): Promise<Assessment & { matches: number }> {
    const [r] = await this.match(actor, [query], opts);
    if (!r) throw new TesseraError('internal_error', 'no outcome', { status: 500 });
    if (!r.ok) throw new TesseraError(r.error.code, r.error.message, { ...(r.error.where ? { where: r.error.where } : {}), status: 400 });
    return { ...r.assessment, matches: r.matches.length };
  }
}
