import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Streams an export as JSON Lines. A denial (or any error) before the first line becomes the usual
 * JSON error response; after the first line the stream is cut, since the status is already sent.
 */
export async function sendJsonLines(reply: FastifyReply, run: (write: (chunk: string) => Promise<void>) => Promise<{ records: number }>): Promise<FastifyReply> {
  const stream = new PassThrough();
  let started = false;
  let resolveFirst: () => void = () => {};
  const first = new Promise<void>((r) => (resolveFirst = r));
  const done = run(async (chunk) => {
    started = true;
    resolveFirst();
    if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
  });
  await Promise.race([first, done]);
  if (!started) {
    const summary = await done;
    stream.end();
    return reply.type('application/x-ndjson').header('x-tessera-records', String(summary.records)).send(stream);
  }
  done.then(() => stream.end(), (e: unknown) => stream.destroy(e as Error));
  return reply.type('application/x-ndjson').send(stream);
}
