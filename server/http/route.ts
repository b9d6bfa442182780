import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import { claimIdempotencyKey, releaseIdempotencyKey, storeIdempotentResponse } from './idempotency.ts';
import { validationProblem } from './problem.ts';
import { textInputProblem, unsafeText } from './text.ts';
import type { OpenApiRegistry, RouteDoc } from './openapi.ts';

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteSpec<B, Q, P> extends Omit<RouteDoc, 'body' | 'query' | 'params' | 'auth' | 'tag'> {
  body?: B;
  query?: Q;
  params?: P;
  tag?: string;
  auth?: boolean;
  /** Middleware run before validation (authentication, rate limits). Replaces the module default. */
  before?: RequestHandler[];
  /** Honours `Idempotency-Key`; default: POSTs that create (201) or accept work (202). */
  idempotent?: boolean;
}

export interface Input<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  req: Request;
  res: Response;
}

export interface RouteDefaults {
  prefix: string;
  tag: string;
  auth?: boolean;
  before?: RequestHandler[];
  /** Needed for `Idempotency-Key` (the stored responses live in PostgreSQL). */
  db?: Db;
  /**
   * Name a refused string in the body as the route's zod validation names body fields (`name`, not
   * `body.name`), for clients that show errors next to form fields by path (the widget). Query and path
   * parameters keep their prefix.
   */
  bareBodyPaths?: boolean;
}

/**
 * First on every route, ahead of its `before` middleware: those look rows up by what the request says
 * (an API key, a widget key), so unstorable text must be refused before any of them runs.
 */
const unsafeInput = (req: Request, bareBodyPaths = false) =>
  unsafeText(req.params, ['params']) ??
  unsafeText(req.query, ['query']) ??
  unsafeText(req.body, bareBodyPaths ? [] : ['body']);
const refuseUnstorableText =
  (bareBodyPaths?: boolean): RequestHandler =>
  (req, _res, next) => {
    const bad = unsafeInput(req, bareBodyPaths);
    next(bad ? textInputProblem(bad) : undefined);
  };

/**
 * Returns `route(spec, handler)` for one module. Each route refuses unstorable text anywhere in its input
 * (text.ts), validates body/query/params with zod (422 problem+json, before any handler code runs), is
 * registered in the OpenAPI document, and sends the handler's return value as JSON (204 when it returns nothing).
 */
export function routeBuilder(router: Router, registry: OpenApiRegistry, defaults: RouteDefaults) {
  return function route<
    B extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
    P extends z.ZodType | undefined = undefined,
  >(
    spec: RouteSpec<B, Q, P>,
    handler: (input: Input<Infer<B>, Infer<Q>, Infer<P>>) => Promise<unknown> | unknown,
  ): void {
    const auth = spec.auth ?? defaults.auth ?? false;
    const idempotent =
      Boolean(defaults.db) &&
      (spec.idempotent ?? (spec.method === 'post' && (spec.status === 201 || spec.status === 202)));
    registry.add({
      ...spec,
      tag: spec.tag ?? defaults.tag,
      path: defaults.prefix + spec.path,
      auth,
      idempotent,
    } as RouteDoc);
    const run = async (req: Request, res: Response, next: NextFunction) => {
      // Again here: a `before` middleware may have parsed a body of its own (the set-up page's form).
      const bad = unsafeInput(req, defaults.bareBodyPaths);
      if (bad) return next(textInputProblem(bad));
      const parts = {} as Record<'body' | 'query' | 'params', unknown>;
      for (const key of ['body', 'query', 'params'] as const) {
        const schema = spec[key] as z.ZodType | undefined;
        if (!schema) continue;
        const result = schema.safeParse(key === 'body' ? (req.body ?? {}) : req[key]);
        if (!result.success) return next(validationProblem(result.error));
        parts[key] = result.data;
      }
      const claim = idempotent ? await claimIdempotencyKey(defaults.db!, req) : ({ kind: 'none' } as const);
      if (claim.kind === 'replay') {
        res.setHeader('Idempotent-Replayed', 'true');
        if (claim.body === null) res.status(claim.status).end();
        else res.status(claim.status).json(claim.body);
        return;
      }
      let out: unknown;
      try {
        out = await handler({ ...(parts as { body: Infer<B>; query: Infer<Q>; params: Infer<P> }), req, res });
      } catch (err) {
        if (claim.kind === 'run') await releaseIdempotencyKey(defaults.db!, claim.rowKey);
        throw err;
      }
      const status = out === undefined ? (spec.status ?? 204) : (spec.status ?? 200);
      if (claim.kind === 'run') {
        if (res.headersSent) await releaseIdempotencyKey(defaults.db!, claim.rowKey);
        else await storeIdempotentResponse(defaults.db!, claim.rowKey, status, out ?? null);
      }
      if (res.headersSent) return;
      if (out === undefined) res.status(status).end();
      else res.status(status).json(out);
    };
    router[spec.method](
      defaults.prefix + spec.path,
      refuseUnstorableText(defaults.bareBodyPaths),
      ...(spec.before ?? defaults.before ?? []),
      run,
    );
  };
}
