import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
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
}

/**
 * First on every route, ahead of its `before` middleware: those look rows up by what the request says
 * (an API key, a widget key), so unstorable text must be refused before any of them runs.
 */
const unsafeInput = (req: Request) =>
  unsafeText(req.params, ['params']) ?? unsafeText(req.query, ['query']) ?? unsafeText(req.body, ['body']);
const refuseUnstorableText: RequestHandler = (req, _res, next) => {
  const bad = unsafeInput(req);
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
    registry.add({ ...spec, tag: spec.tag ?? defaults.tag, path: defaults.prefix + spec.path, auth } as RouteDoc);
    const run = async (req: Request, res: Response, next: NextFunction) => {
      // Again here: a `before` middleware may have parsed a body of its own (the set-up page's form).
      const bad = unsafeInput(req);
      if (bad) return next(textInputProblem(bad));
      const parts = {} as Record<'body' | 'query' | 'params', unknown>;
      for (const key of ['body', 'query', 'params'] as const) {
        const schema = spec[key] as z.ZodType | undefined;
        if (!schema) continue;
        const result = schema.safeParse(key === 'body' ? (req.body ?? {}) : req[key]);
        if (!result.success) return next(validationProblem(result.error));
        parts[key] = result.data;
      }
      const out = await handler({ ...(parts as { body: Infer<B>; query: Infer<Q>; params: Infer<P> }), req, res });
      if (res.headersSent) return;
      if (out === undefined) res.status(spec.status ?? 204).end();
      else res.status(spec.status ?? 200).json(out);
    };
    router[spec.method](
      defaults.prefix + spec.path,
      refuseUnstorableText,
      ...(spec.before ?? defaults.before ?? []),
      run,
    );
  };
}
