/**
 * Errors are values: a stable code a program can branch on, a message a person can act on,
 * and where the fault is (file, line, column, element path, field). The same shape travels
 * through the CLI (`--json`), the HTTP API and the quarantine.
 */
export interface ErrorLocation {
  /** File name or input label, when the error comes from a file. */
  file?: string;
  /** 1-based line number in the input. */
  line?: number;
  /** 1-based column number in the input. */
  column?: number;
  /** Element or JSON path, e.g. `/report/incidentSummary/incidentType` or `body.items[3].hash`. */
  path?: string;
  /** The field (CDM name or source name) at fault. */
  field?: string;
}

export interface Problem {
  code: string;
  message: string;
  where?: ErrorLocation;
  /** Extra, machine-readable context (closest valid values, limits). Never abuse content. */
  details?: Record<string, unknown>;
}

export class TesseraError extends Error implements Problem {
  readonly code: string;
  readonly where?: ErrorLocation;
  readonly details?: Record<string, unknown>;
  /** HTTP status the server maps this error to. */
  readonly status: number;

  constructor(code: string, message: string, opts: { where?: ErrorLocation; details?: Record<string, unknown>; status?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TesseraError';
    this.code = code;
    if (opts.where) this.where = opts.where;
    if (opts.details) this.details = opts.details;
    this.status = opts.status ?? 400;
  }

  toProblem(): Problem {
    const p: Problem = { code: this.code, message: this.message };
    if (this.where) p.where = this.where;
    if (this.details) p.details = this.details;
    return p;
  }
}

export class ValidationError extends TesseraError {
  readonly issues: Problem[];
  constructor(issues: Problem[], message?: string) {
    super('validation_failed', message ?? summarise(issues), { status: 400, details: { issues } });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export class NotFoundError extends TesseraError {
  constructor(what: string, id: string, details?: Record<string, unknown>) {
    super('not_found', `No ${what} with id "${id}".`, { status: 404, details: { what, id, ...details } });
    this.name = 'NotFoundError';
  }
}

export class AuthError extends TesseraError {
  constructor(code: 'unauthenticated' | 'forbidden', message: string) {
    super(code, message, { status: code === 'unauthenticated' ? 401 : 403 });
    this.name = 'AuthError';
  }
}

export function describeLocation(where: ErrorLocation | undefined): string {
  if (!where) return '';
  const parts: string[] = [];
  if (where.file) parts.push(where.file + (where.line ? `:${where.line}${where.column ? `:${where.column}` : ''}` : ''));
  else if (where.line) parts.push(`line ${where.line}${where.column ? `:${where.column}` : ''}`);
  if (where.path) parts.push(where.path);
  if (where.field && !(where.path ?? '').endsWith(where.field)) parts.push(`field ${where.field}`);
  return parts.join(' ');
}

function summarise(issues: Problem[]): string {
  const first = issues[0];
  if (!first) return 'Input is not valid.';
  const loc = describeLocation(first.where);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${loc ? loc + ': ' : ''}${first.message}${more}`;
}

export function isTesseraError(e: unknown): e is TesseraError {
  return e instanceof TesseraError;
}
