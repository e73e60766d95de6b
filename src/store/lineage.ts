import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { CopyTransaction, CopyWriter } from './copy.ts';

/**
 * Lineage in two forms (migration 0940): reports, content items and contacts either carry their
 * whole lineage document (`lineage`), or, as the bulk writers store it, the id of a shared
 * context in `lineage_contexts` (everything but `receivedAt` and `rawDigest`, the same for a
 * whole load or run) plus `lineage_received_at` and `raw_digest`. Storing the ~420-byte document
 * once per context instead of once per row cut a content item's COPY cost by a third.
 *
 * Every reader selects `lineageSql(table)`, never the columns: it yields exactly the document
 * the writer was given, whichever form the row has.
 */

const IDENT = /^[a-z_][a-z0-9_]*$/;
function qualifier(table: string): string {
  if (!IDENT.test(table)) throw new TypeError(`Not a plain SQL table name or alias: ${table}`);
  return table;
}

/** The SQL text of a row's lineage document (jsonb), `table` being the table's name or alias. */
export function lineageSqlText(table: string): string {
  const t = qualifier(table);
  return `COALESCE(${t}.lineage, (SELECT lc.context FROM lineage_contexts lc WHERE lc.id = ${t}.lineage_context) || jsonb_build_object('receivedAt', ${t}.lineage_received_at, 'rawDigest', ${t}.raw_digest))`;
}

/** `lineageSqlText` for Kysely: select it `.as('lineage')`. */
export function lineageSql(table: string): RawBuilder<unknown> {
  return sql<unknown>`${sql.raw(lineageSqlText(table))}`;
}

/** The SQL text of a row's lineage raw digest (text), whichever form the row has. */
export function rawDigestSqlText(table: string): string {
  const t = qualifier(table);
  return `COALESCE(${t}.raw_digest, ${t}.lineage->>'rawDigest')`;
}

/** The columns a bulk writer fills for lineage, in this order (see `LineageCompactor.columns`). */
export const LINEAGE_COLUMNS = ['lineage', 'lineage_context', 'lineage_received_at', 'raw_digest'] as const;

/** Context JSON text → its id. Ids are a pure function of the text, so the cache never goes stale. */
const idOfText = new Map<string, string>();
function contextId(text: string): string {
  let id = idOfText.get(text);
  if (id === undefined) {
    const h = createHash('sha256').update(text).digest('hex');
    id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    if (idOfText.size >= 10_000) idOfText.clear();
    idOfText.set(text, id);
  }
  return id;
}

/** How many recent contexts a `LineageCompactor` compares a row's lineage with before serialising it. */
const RECENT_CONTEXTS = 16;

type LineageLike = { readonly rawDigest: string; readonly receivedAt?: unknown };

const isEmptyArray = (v: unknown) => Array.isArray(v) && v.length === 0;
/**
 * Whether two lineages have the same context (all members but receivedAt and rawDigest), cheaply
 * and without allocating: members are the same value (the adapter object is shared by every
 * record of a run or a generated dataset), or both are empty arrays (hops). Anything else is
 * "not the same" and takes the slow path, which is always right.
 */
function sameContext(a: LineageLike, b: LineageLike): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (k === 'rawDigest' || k === 'receivedAt') continue;
    const v = x[k];
    const w = y[k];
    if (v !== w && !(isEmptyArray(v) && isEmptyArray(w))) return false;
    n++;
  }
  for (const k in y) if (k !== 'rawDigest' && k !== 'receivedAt') n--;
  return n === 0;
}

/**
 * Turns the lineages of one bulk write into the compact form: `columns(lineage)` gives the four
 * `LINEAGE_COLUMNS` values of a row, and `writeContexts(tx)`, called in the same transaction
 * before the rows are copied, stores the batch's contexts that are not stored yet.
 *
 * A context's id is the first 128 bits of the SHA-256 of its JSON text as written here, so the
 * same context from the same writer is one row however many batches, loads or processes write
 * it. (A context written with its keys in another order gets a second row; both expand to the
 * same document.)
 */
export class LineageCompactor {
  /** Context id → JSON text, for this batch. */
  readonly #contexts = new Map<string, string>();
  /**
   * Lineages seen recently and their context ids, most recent first: rows of one load share a
   * few contexts (one per source or dataset), interleaved. Remembering only the previous row's
   * missed at every change of source, and a miss costs the context's JSON text and its hash.
   */
  readonly #recent: Array<{ lineage: LineageLike; id: string }> = [];

  /** [lineage, lineage_context, lineage_received_at, raw_digest] of one row. */
  columns(lineage: LineageLike): [string | null, string | null, string | null, string | null] {
    const id = this.contextOf(lineage);
    return id === null ? [JSON.stringify(lineage), null, null, null] : [null, id, lineage.receivedAt as string, lineage.rawDigest];
  }

  /** Writes the four `LINEAGE_COLUMNS` fields of one row (what `columns` gives). */
  write(w: CopyWriter, lineage: LineageLike): void {
    const id = this.contextOf(lineage);
    if (id === null) w.str(JSON.stringify(lineage)).str(null).str(null).str(null);
    // A context id is hex, receivedAt an ISO timestamp, rawDigest `sha256:` and hex (Lineage schema): nothing to escape.
    else w.safe(null).safe(id).safe(lineage.receivedAt as string).safe(lineage.rawDigest);
  }

  /**
   * The context id of a row's lineage (its `lineage_context`; `lineage_received_at` and
   * `raw_digest` are the lineage's own `receivedAt` and `rawDigest`), or null when the lineage
   * must be stored whole (`lineage`, its JSON): what `columns` gives, without an array per row.
   */
  contextOf(lineage: LineageLike): string | null {
    // Only string values can be put back as they were; anything else is stored whole.
    if (typeof lineage.rawDigest !== 'string' || typeof lineage.receivedAt !== 'string') return null;
    const recent = this.#recent;
    for (let i = 0; i < recent.length; i++) {
      const r = recent[i] as { lineage: LineageLike; id: string };
      if (r.lineage === lineage || sameContext(lineage, r.lineage)) {
        if (i > 0) {
          recent.splice(i, 1);
          recent.unshift(r);
        }
        return r.id;
      }
    }
    // Everything but the two per-row members, in the lineage's own key order.
    const context: Record<string, unknown> = {};
    for (const k in lineage) if (k !== 'rawDigest' && k !== 'receivedAt') context[k] = (lineage as Record<string, unknown>)[k];
    const text = JSON.stringify(context);
    const id = contextId(text);
    if (!this.#contexts.has(id)) this.#contexts.set(id, text);
    recent.unshift({ lineage, id });
    if (recent.length > RECENT_CONTEXTS) recent.pop();
    return id;
  }

  /**
   * Stores this batch's contexts (skipping those stored already). Call it first in the
   * transaction: a concurrent writer inserting the same new context waits here for the other's
   * commit, before it holds any other lock; ids are inserted in sorted order, so two writers
   * never wait on each other.
   */
  async writeContexts(tx: CopyTransaction): Promise<void> {
    const { ids, texts } = this.contexts();
    if (ids.length) await tx.query(WRITE_CONTEXTS, [ids, texts]);
  }

  /** This batch's contexts, ids in sorted order with their JSON texts (what `writeContexts` writes). */
  contexts(): { ids: string[]; texts: string[] } {
    const ids = [...this.#contexts.keys()].sort();
    return { ids, texts: ids.map((id) => this.#contexts.get(id) as string) };
  }
}

/**
 * Stores contexts ($1 ids, sorted; $2 their JSON texts), skipping those stored already: the
 * statement of `LineageCompactor.writeContexts`, for callers that put it in a statement of their own.
 */
export const WRITE_CONTEXTS = 'INSERT INTO lineage_contexts (id, context) SELECT id, context FROM unnest($1::uuid[], $2::jsonb[]) AS t(id, context) ORDER BY id ON CONFLICT (id) DO NOTHING';
