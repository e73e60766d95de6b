import { sql } from 'kysely';
import type { Store } from '../store/index.ts';

/**
 * The rollup (migration 0850) is append-only deltas kept by triggers; folding them into one row
 * per key keeps reads small after large loads. Safe to run at any time, beside writers.
 */
export async function compactRollups(store: Store): Promise<{ rows: number }> {
  const r = await sql<{ n: number | string }>`SELECT tessera_indicator_compact() AS n`.execute(store.db);
  return { rows: Number(r.rows[0]?.n ?? 0) };
}
