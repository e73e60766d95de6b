/**
 * Failures of the embedded store itself, as opposed to a bad statement.
 *
 * A PostgreSQL server that cannot read or write its files logs it and its operator sees it; the
 * embedded store runs inside the node, so the node must say it. A statement that fails because
 * a data file cannot be opened, read or written (SQLSTATE class 58: `could not open file
 * "base/5/17562"`), because a page is corrupt (XX001, XX002), or because PGlite's WebAssembly
 * instance aborted (a `RuntimeError`, after which no query can run) marks the store failed:
 * the failure is printed once on stderr with what to do, listeners are told (`tessera serve`
 * stops with a non-zero exit code), and `Connection.failure` keeps it for status reports.
 */
export interface StoreFailure {
  /** When the failure was first seen. */
  at: string;
  /** SQLSTATE, or the JavaScript error name for an aborted instance. */
  code: string;
  message: string;
}

/** True when `e` says the store's files or engine failed, not the statement. */
export function isStoreFailure(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('58') || code === 'XX001' || code === 'XX002';
  // PGlite's WebAssembly instance aborted (RuntimeError: unreachable / Aborted()).
  return e instanceof Error && (e.name === 'RuntimeError' || /^Aborted\(/.test(e.message));
}

export class StoreFailureMonitor {
  #failure: StoreFailure | null = null;
  readonly #listeners = new Set<(f: StoreFailure) => void>();
  readonly #where: string;

  constructor(where: string) {
    this.#where = where;
  }

  get failure(): StoreFailure | null {
    return this.#failure;
  }

  /** Calls `listener` on the first failure (at once if the store has failed already). */
  onFailure(listener: (f: StoreFailure) => void): () => void {
    if (this.#failure) listener(this.#failure);
    else this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Records `e` if it is a store failure; always returns `e`, for rethrowing. */
  observe(e: unknown): unknown {
    if (this.#failure || !isStoreFailure(e)) return e;
    const err = e as { code?: unknown; name?: string; message?: string };
    this.#failure = { at: new Date().toISOString(), code: typeof err.code === 'string' ? err.code : (err.name ?? 'Error'), message: err.message ?? String(e) };
    process.stderr.write(
      `\nTESSERA STORE FAILURE (${this.#where}): ${this.#failure.message} [${this.#failure.code}]\n` +
        'The embedded store could not use its own files. Stop the node, check the disk and the data folder (free space, permissions, a file removed by hand; restore from a backup if a data file is gone), then restart it. See docs/embedded-store.md.\n',
    );
    for (const l of this.#listeners) l(this.#failure);
    this.#listeners.clear();
    return e;
  }
}
