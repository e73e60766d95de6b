// Node.js flags for the processes that ingest (the `tessera ingest` command and the ingest
// benchmark, which must measure what the command does).
//
// Ingest makes many short-lived objects per record (parse events, mapped entities, COPY text),
// and a batch waiting for the database outlives V8's default young generation (16 MiB
// semi-spaces): it is copied into the old generation and collected there, and garbage
// collection was 25–30 % of Node's CPU. With 64 MiB semi-spaces, Node's CPU per CyberTipline
// report fell from ~400 to ~330 µs (side by side, issue 5), for ~100 MB more resident memory.

const SEMI_SPACE = '--max-semi-space-size';

/** Flags still to add to this process for ingest: none when the caller set the size already. */
export function ingestNodeFlags() {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((a) => a.startsWith(SEMI_SPACE)) ? [] : [`${SEMI_SPACE}=64`];
}
