/**
 * Matching against hash-list files held in memory (no database): perceptual types through the
 * multi-index-hashing index, exact types through a map.
 */
import { getSignalType } from '../hashing/signal-types.ts';
import { MihIndex } from './mih-index.ts';
import type { ParsedHashList } from './hash-list.ts';

export interface ListMatch {
  file: string;
  line: number;
  value: string;
  label?: string;
  distance: number;
}

export interface ListMatchOptions {
  radius?: number;
  qualityFloor?: number;
}

export class ListMatcher {
  private readonly refs: Array<{ file: string; line: number; value: string; label?: string }> = [];
  private readonly pdq = new MihIndex();
  private readonly exact = new Map<string, number[]>();

  constructor(lists: ParsedHashList[] = []) {
    for (const l of lists) this.addList(l);
  }

  addList(list: ParsedHashList): void {
    const t = getSignalType(list.signalType);
    for (const e of list.entries) {
      const id = this.refs.length;
      this.refs.push({ file: list.file, line: e.line, value: e.value, ...(e.label ? { label: e.label } : {}) });
      if (t.name === 'pdq') this.pdq.add(e.value, id);
      else {
        const k = `${t.name}:${e.value}`;
        const ids = this.exact.get(k);
        if (ids) ids.push(id);
        else this.exact.set(k, [id]);
      }
    }
  }

  get size(): number {
    return this.refs.length;
  }

  /** Matches one canonical value of the given type. */
  match(signalType: string, value: string, opts: ListMatchOptions = {}): ListMatch[] {
    const t = getSignalType(signalType);
    if (t.name === 'pdq') {
      return this.pdq.search(value, { radius: opts.radius ?? 31, qualityFloor: opts.qualityFloor ?? 0 }).map((m) => ({ ...(this.refs[m.id] as ListMatch), distance: m.distance }));
    }
    return (this.exact.get(`${t.name}:${value}`) ?? []).map((id) => ({ ...(this.refs[id] as ListMatch), distance: 0 }));
  }
}
