import type { Store } from './index.ts';
import { insertReportBundles, type ReportBundle, type WriteCounts } from './repositories/records.ts';

export interface BulkLoadOptions {
  /** Transactions in flight at once. PGlite has one connection, so it always uses 1. */
  concurrency?: number;
  onBatch?: (counts: WriteCounts & { total: number }) => void;
}

/**
 * Loads a stream of report batches, one transaction per batch. On PostgreSQL a few batches are
 * in flight at once, so the server writes one batch while Node prepares the next; a batch is
 * still all-or-nothing, and a failure stops the load after the batches in flight settle.
 */
export async function bulkLoadReports(store: Store, batches: Iterable<ReportBundle[]> | AsyncIterable<ReportBundle[]>, opts: BulkLoadOptions = {}): Promise<WriteCounts> {
  const concurrency = store.kind === 'pglite' ? 1 : Math.max(1, opts.concurrency ?? 3);
  const totals = { inserted: 0, duplicates: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  for await (const batch of batches) {
    if (failure) break;
    const p: Promise<void> = store.db
      .transaction()
      .execute((trx) => insertReportBundles(trx, batch))
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
