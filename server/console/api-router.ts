/**
 * The router every console API module starts from: its routes live under /api/v1 in the OpenAPI document's
 * `console` tag and all need a signed-in principal, whatever page they serve.
 */
import { Router } from 'express';
import { requireAuth } from '../auth/principal.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { routeBuilder } from '../http/route.ts';

export function consoleApiRouter(ctx: AppContext, registry: OpenApiRegistry) {
  const router = Router();
  const route = routeBuilder(router, registry, {
    prefix: '/api/v1',
    tag: 'console',
    auth: true,
    before: [requireAuth(ctx)],
  });
  return { router, route };
}
