import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemsFromZod } from '../model/validate.ts';
import { isTesseraError, type Problem } from '../shared/errors.ts';

export const ProblemSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    where: z.object({ file: z.string().optional(), line: z.number().optional(), column: z.number().optional(), path: z.string().optional(), field: z.string().optional() }).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Problem', description: 'An error: a stable code, a message a person can act on, and where the fault is.' });

export const ErrorResponse = z.object({ error: ProblemSchema }).meta({ id: 'ErrorResponse' });

/** Every error leaves the server as `{ error: { code, message, where } }`; internals never leak. */
export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  const { status, problem } = toHttpProblem(err);
  if (status >= 500) req.log.error({ err }, 'request failed');
  else req.log.info({ code: problem.code, where: problem.where }, 'request rejected');
  void reply.status(status).send({ error: problem });
}

function toHttpProblem(err: FastifyError | Error): { status: number; problem: Problem } {
  if (isTesseraError(err)) return { status: err.status, problem: err.toProblem() };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const part = (err as FastifyError).validationContext ?? 'body';
    // The type provider flattens zod issues; rebuild them so the message names the same path and field as everywhere else.
    const rebuilt = err.validation.map((v) => ({ ...v.params, code: v.keyword, message: v.message, path: v.instancePath.split('/').filter(Boolean) })) as unknown as z.core.$ZodIssue[];
    const issues = problemsFromZod(new z.ZodError(rebuilt), { path: part });
    const first = issues[0];
    return {
      status: 400,
      problem: { code: 'validation_failed', message: `${first?.where?.path ?? part}: ${first?.message ?? 'invalid'}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, ...(first?.where ? { where: first.where } : {}), details: { issues } },
    };
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError)) {
    return { status: 400, problem: { code: 'malformed_json', message: `The request body is not valid JSON: ${err.message}`, where: { path: 'body' } } };
  }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { status: 413, problem: { code: 'body_too_large', message: 'The request body is larger than this node accepts; send fewer records per request.' } };
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, problem: { code: 'unsupported_media_type', message: `Content type ${String((fe as { message: string }).message)} is not accepted; send application/json.` } };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { status: fe.statusCode, problem: { code: (fe.code ?? 'bad_request').toLowerCase(), message: err.message } };
  return { status: 500, problem: { code: 'internal_error', message: 'The node hit an unexpected error; it has been logged. Try again, and report it if it persists.' } };
}
