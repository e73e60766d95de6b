/**
 * The registry's in-memory PDQ index, kept in step with the database.
 *
 * Every added, reinstated or withdrawn entry takes a number from the `hash_entry_changes`
 * sequence. The index remembers the last change it applied (its watermark); before each search
 * it asks for changes after it and applies only those (add or withdraw), so several processes
 * (the server, the CLI) sharing one database all see current data without rebuilding. The index
 * can be saved to a file with its watermark and loaded quickly at start-up.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { MihIndex, type MihMatch } from './mih-index.ts';
import { pdqChangesSince } from './registry-repository.ts';
import type { RegistryDb } from './registry-tables.ts';

const RESCAN_MARGIN = 10_000;
const RESCAN_EVERY_MS = 30_000;

interface Sidecar {
  format: 1;
  watermark: number;
  location: string;
}

export class RegistryPdqIndex {
  private index = new MihIndex();
  /** entry seq -> position in the index (live or withdrawn). */
  private bySeq = new Map<number, number>();
  private watermark = 0;
  private syncing: Promise<void> | undefined;
  private lastRescan = 0;

  /** `cacheFile`: where to persist (optional); `location` identifies the database it mirrors. */
  constructor(private readonly location: string, private readonly cacheFile?: string) {
    if (cacheFile) this.tryLoad(cacheFile);
  }

  private tryLoad(file: string): void {
    const side = `${file}.json`;
    if (!existsSync(file) || !existsSync(side)) return;
    try {
      const meta = JSON.parse(readFileSync(side, 'utf8')) as Sidecar;
      if (meta.format !== 1 || meta.location !== this.location) return;
      const idx = MihIndex.load(file);
      const bySeq = new Map<number, number>();
      for (let e = 0; e < idx.size; e++) bySeq.set(idx.idOf(e), e);
      this.index = idx;
      this.bySeq = bySeq;
      this.watermark = meta.watermark;
    } catch {
      // A damaged cache is only a cache: start empty and rebuild from the database.
      this.index = new MihIndex();
      this.bySeq = new Map();
      this.watermark = 0;
    }
  }

  get changeWatermark(): number {
    return this.watermark;
  }

  get liveCount(): number {
    return this.index.liveCount;
  }

  /** Applies every change after the watermark. Concurrent callers share one sync. */
  async sync(db: RegistryDb): Promise<void> {
    this.syncing ??= (async () => {
      try {
        // Changes are numbered when made but become visible when their transaction commits, so a
        // lower number can appear after a higher one. Re-reading a margin behind the watermark is
        // harmless (applying a change is idempotent: rows carry their current state).
        // The margin is re-read at most every RESCAN_EVERY_MS; in between, only newer changes.
        const now = Date.now();
        const rescan = now - this.lastRescan > RESCAN_EVERY_MS;
        if (rescan) this.lastRescan = now;
        let from = rescan ? Math.max(0, this.watermark - RESCAN_MARGIN) : this.watermark;
        for (;;) {
          const changes = await pdqChangesSince(db, from);
          if (changes.length === 0) break;
          for (const c of changes) {
            const at = this.bySeq.get(c.seq);
            if (c.live) {
              if (at === undefined || this.index.isWithdrawn(at)) this.bySeq.set(c.seq, this.index.add(c.value, c.seq, c.quality ?? undefined));
            } else if (at !== undefined) this.index.withdrawEntry(at);
            from = c.change_seq;
            if (c.change_seq > this.watermark) this.watermark = c.change_seq;
          }
        }
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  search(hex: string, radius: number, qualityFloor: number): MihMatch[] {
    return this.index.search(hex, { radius, qualityFloor });
  }

  /** Persists the index and its watermark (if a cache file was given). */
  save(): void {
    if (!this.cacheFile) return;
    this.index.save(this.cacheFile);
    const meta: Sidecar = { format: 1, watermark: this.watermark, location: this.location };
    writeFileSync(`${this.cacheFile}.json`, JSON.stringify(meta) + '\n');
  }
}
