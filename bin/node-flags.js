// Node.js flags for the processes that bulk-load records into the store: `tessera ingest`,
// `tessera generate --into-store`, and the benchmarks of those loads (ingest, store), which must
// measure what the commands do. Not `tessera demo` or `serve`: they serve for as long as they
// run, and a node serving with 64 MiB semi-spaces held 70–100 MB more after seeding the demo
// (1.51–1.55 against 1.42–1.45 GB, side by side) for little saved on its 20,000 reports.
//
// A bulk load makes many short-lived objects per record (parse events, mapped entities, COPY
// text, rollup deltas), and a batch waiting for the database outlives V8's default young
// generation (16 MiB semi-spaces): it is copied into the old generation and collected there, and
// garbage collection was 25–30 % of Node's CPU. With 64 MiB semi-spaces, Node's CPU per
// CyberTipline report fell from ~400 to ~330 µs (side by side, issue 5), and per report of the
// store bench's bulk load from 24–28 to 20–22 µs (100,000 reports, alternating, issue 2), for
// ~100 MB more resident memory.

const SEMI_SPACE = '--max-semi-space-size';

/** Whether a `tessera` command line bulk-loads records into the store. */
export function bulkLoads(command, args) {
  return command === 'ingest' || (command === 'generate' && args.includes('--into-store'));
}

/** Flags still to add to this process for a bulk load: none when the caller set the size already. */
export function bulkLoadNodeFlags() {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((a) => a.startsWith(SEMI_SPACE)) ? [] : [`${SEMI_SPACE}=64`];
}
