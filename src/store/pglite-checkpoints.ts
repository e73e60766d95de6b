/**
 * Checkpoints for the embedded store.
 *
 * PGlite runs PostgreSQL as one stand-alone backend: there is no checkpointer process, and
 * PostgreSQL requests a checkpoint for WAL volume only under a postmaster (xlog.c, XLogWrite:
 * `IsUnderPostmaster && XLogCheckpointNeeded(...)`). Inside one PGlite session the WAL therefore
 * grows without bound, whatever `max_wal_size` says: loading 1,000,000 reports leaves ~7 GB of
 * WAL in `pg_wal`, every 16 MB segment is new (none can be recycled), and a process that dies
 * before `close()` (the only checkpoint) replays all of it on the next open. This asks for a
 * checkpoint once the WAL since the last one passes half of `max_wal_size` (PostgreSQL's own
 * trigger point with the default completion target), so `pg_wal` stays near `max_wal_size`.
 */
export interface CheckpointRunner {
  /** Runs one SQL statement on the store's single connection and returns its rows. */
  query<R>(text: string): Promise<R[]>;
}

export class PgliteCheckpoints {
  readonly #run: CheckpointRunner;
  #limitBytes: number | null = null;
  /** Checkpoints taken by this policy (for tests and diagnostics). */
  taken = 0;

  constructor(run: CheckpointRunner, limitBytes?: number) {
    this.#run = run;
    if (limitBytes !== undefined) this.#limitBytes = limitBytes;
  }

  /** WAL written since the last checkpoint's redo point, in bytes. */
  async walSinceCheckpoint(): Promise<number> {
    const [r] = await this.#run.query<{ bytes: number }>('SELECT (pg_current_wal_insert_lsn() - redo_lsn)::float8 AS bytes FROM pg_control_checkpoint()');
    return Number(r?.bytes ?? 0);
  }

  /**
   * Takes a checkpoint if the WAL since the last one passed the limit; returns whether it did.
   * Call it between transactions, never inside one (CHECKPOINT cannot run in a transaction).
   */
  async maybeCheckpoint(): Promise<boolean> {
    if (this.#limitBytes === null) {
      const [r] = await this.#run.query<{ bytes: number }>(`SELECT (pg_size_bytes(current_setting('max_wal_size')) / 2)::float8 AS bytes`);
      this.#limitBytes = Number(r?.bytes ?? 512 * 1024 * 1024);
    }
    if ((await this.walSinceCheckpoint()) < this.#limitBytes) return false;
    await this.#run.query('CHECKPOINT');
    this.taken++;
    return true;
  }
}
