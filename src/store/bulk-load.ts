import type { Store } from './index.ts';
import { copyReportBundles } from './repositories/copy-bundles.ts';
import { insertReportBundles, type ReportBundle, type WriteCounts } from './repositories/records.ts';

export interface BulkLoadOptions {
  /**
   * Batches in flight at once, each in its own transaction on its own connection (PostgreSQL;
   * default 3, so the server writes one batch while Node encodes the next). PGlite has one
   * connection and always uses 1.
   */
  concurrency?: number;
  /**
   * 'copy' (default, fastest on both backends): COPY straight into the tables, falling back to
   * staging tables with ON CONFLICT DO NOTHING when an id exists; see `copyReportBundles`.
   * 'insert': one `INSERT … SELECT FROM unnest(…)` per table (`insertReportBundles`).
   * Both write the same rows.
   */
  method?: 'copy' | 'insert';
  /**
   * PostgreSQL only: commit each batch with `synchronous_commit = off`, so the loader does not
   * wait for the WAL flush. A server crash can then lose the last batches reported as committed
   * (never part of one); since loading is idempotent, re-running the same load fills the gap.
   * Default false. No effect on PGlite.
   */
  asyncCommit?: boolean;
  /** Called as each batch commits, with that batch's counts and the running total. */
  onBatch?: (counts: WriteCounts & { total: number }) => void;
}

/**
 * The fast path for large loads: writes a stream of report batches (sync or async iterable,
 * e.g. `generateReports({ seed, count, batchSize: 2000 })`), one transaction per batch.
 *
 * - Idempotent: ids are deterministic, so loading the same bundles again adds nothing (counted as
 *   duplicates); a bundle whose report is already stored has none of its children written.
 * - All or nothing per batch: a failing batch leaves no row behind. The load stops at the first
 *   failure after the batches in flight settle and throws that error; batches committed before
 *   it stay, so re-running the whole load resumes where it stopped.
 * - Lineage is written on every row.
 *
 * Batches of 1,000–5,000 reports work best (bigger batches hold more memory and a longer
 * transaction; smaller ones pay a round trip per table each). Generation and encoding run in
 * this thread; with PostgreSQL the server's CPU is the limit (see docs/operations.md).
 */
export async function bulkLoadReports(store: Store, batches: Iterable<ReportBundle[]> | AsyncIterable<ReportBundle[]>, opts: BulkLoadOptions = {}): Promise<WriteCounts> {
  const concurrency = store.kind === 'pglite' ? 1 : Math.max(1, opts.concurrency ?? 3);
  const method = opts.method ?? 'copy';
  const totals = { inserted: 0, duplicates: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const write = (batch: ReportBundle[]): Promise<WriteCounts> =>
    method === 'copy'
      ? store.copyTransaction((tx) => copyReportBundles(tx, batch), { asyncCommit: opts.asyncCommit ?? false })
      : store.db.transaction().execute((trx) => insertReportBundles(trx, batch));
  for await (const batch of batches) {
    if (failure) break;
    if (batch.length === 0) continue;
    const p: Promise<void> = write(batch)
      .then((c) => {
        totals.inserted += c.inserted;
        totals.duplicates += c.duplicates;
        opts.onBatch?.({ ...c, total: totals.inserted + totals.duplicates });
      })
      .catch((e: unknown) => {
        failure ??= e;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  return totals;
}
