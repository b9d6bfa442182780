import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';

/**
 * RFC 9457 problem details. `type` is a stable URI per kind of problem so clients can branch on it
 * without parsing `detail`.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://leadline.dev/problems/';

export class Problem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly extensions: Record<string, unknown>;
  /** Response header fields that go with this problem (e.g. RateLimit on a 429); not part of the body. */
  headers: Record<string, string> = {};
  constructor(status: number, slug: string, title: string, detail?: string, extensions: Record<string, unknown> = {}) {
    super(detail ?? title);
    this.status = status;
    this.type = TYPE_BASE + slug;
    this.title = title;
    this.extensions = extensions;
  }
  body(instance?: string): ProblemBody {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      instance,
      ...this.extensions,
    };
  }
}

export const badRequest = (detail: string, ext?: Record<string, unknown>) =>
  new Problem(400, 'bad-request', 'Bad request', detail, ext);
export const unauthorized = (detail = 'Authentication required') =>
  new Problem(401, 'unauthorized', 'Unauthorized', detail);
export const forbidden = (detail = 'You do not have access to this resource') =>
  new Problem(403, 'forbidden', 'Forbidden', detail);
export const notFound = (what = 'Resource') => new Problem(404, 'not-found', 'Not found', `${what} not found`);
export const conflict = (detail: string) => new Problem(409, 'conflict', 'Conflict', detail);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new Problem(429, 'rate-limited', 'Too many requests', `Try again in ${retryAfterSeconds} s`, {
    retryAfter: retryAfterSeconds,
  });

export function validationProblem(error: ZodError): Problem {
  const errors = error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
  return new Problem(422, 'validation', 'Invalid request', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    errors,
  });
}

export function sendProblem(res: Response, problem: Problem): void {
  res.set(problem.headers);
  if (problem.status === 429 && typeof problem.extensions.retryAfter === 'number')
    res.setHeader('Retry-After', String(problem.extensions.retryAfter));
  res.status(problem.status).type('application/problem+json').json(problem.body(res.req?.originalUrl));
}

/** Last middleware: everything thrown becomes problem+json; unknown errors are 500 and logged, never leaked. */
export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let problem: Problem;
  if (err instanceof Problem) problem = err;
  else if (err instanceof ZodError) problem = validationProblem(err);
  else if (err?.type === 'entity.parse.failed') problem = badRequest('Request body is not valid JSON');
  else if (err?.type === 'entity.invalid.utf8') problem = badRequest('Request body is not valid UTF-8');
  else if (err?.type === 'entity.too.large')
    problem = new Problem(413, 'too-large', 'Payload too large', 'Request body is too large');
  else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500)
    problem = new Problem(err.status, 'bad-request', 'Bad request', err.expose ? err.message : undefined);
  else {
    (req as { log?: { error: (o: unknown, m: string) => void } }).log?.error({ err }, 'unhandled error');
    problem = new Problem(500, 'internal', 'Internal server error', 'Something went wrong on our side');
  }
  if (res.headersSent) return;
  sendProblem(res, problem);
};
