import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { authRoutes } from './auth/routes.ts';
import { billingRoutes } from './billing/routes.ts';
import { stripeWebhookRoutes } from './billing/webhook.ts';
import { businessRoutes } from './businesses/routes.ts';
import { callRoutes } from './calls/routes.ts';
import { leadListRoutes } from './campaigns/lists/routes.ts';
import { campaignRoutes } from './campaigns/routes.ts';
import { consoleRoutes, consoleSessionRoutes } from './console/routes.ts';
import { leadRoutes } from './leads/routes.ts';
import { oauthRoutes } from './oauth/routes.ts';
import { privacyRoutes } from './privacy/routes.ts';
import { syncRoutes } from './sync/routes.ts';
import { widgetRoutes } from './widget-api/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';
import type { AppContext } from './context.ts';
import { docsRoutes } from './http/docs.ts';
import { healthRoutes } from './http/health.ts';
import { OpenApiRegistry } from './http/openapi.ts';
import { notFound, problemHandler } from './http/problem.ts';
import type { RouteModule } from './http/route-module.ts';

/** Order = mount order. */
export const routeModules: RouteModule[] = [
  // Before authRoutes: it turns log-in answers into cookies for the console (console/session-routes.ts).
  consoleSessionRoutes,
  authRoutes,
  businessRoutes,
  billingRoutes,
  stripeWebhookRoutes,
  callRoutes,
  campaignRoutes,
  leadRoutes,
  privacyRoutes,
  leadListRoutes,
  syncRoutes,
  oauthRoutes,
  widgetRoutes,
  webhookRoutes,
  consoleRoutes,
];

/**
 * JSON bodies must be UTF-8 as sent: the decoder would otherwise store each invalid byte as U+FFFD, a
 * silent change of what the client wrote. body-parser turns the throw into an error `problemHandler` maps to 400.
 */
function refuseInvalidUtf8(_req: unknown, _res: unknown, buf: Buffer, encoding: string | null) {
  if ((encoding && !/^utf-?8$/i.test(encoding)) || !isUtf8(buf))
    throw Object.assign(new Error('Request body is not valid UTF-8'), { status: 400, type: 'entity.invalid.utf8' });
}

/** Builds the Express app from its parts. No business logic here. */
export function buildApp(ctx: AppContext, modules: RouteModule[] = routeModules): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.TRUST_PROXY);
  app.use(
    pinoHttp({
      logger: ctx.log,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Only what helps to trace a request; headers (and their secrets) are never logged.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(helmet());
  app.use(healthRoutes(ctx));
  // Stripe signs the exact bytes it sends: that one route gets them unparsed (express.json then skips it).
  app.use('/stripe/webhook', express.raw({ type: () => true, limit: '1mb' }));
  app.use(express.json({ limit: '200kb', verify: refuseInvalidUtf8 }));
  const registry = new OpenApiRegistry();
  for (const m of modules) app.use(m(ctx, registry));
  app.use(docsRoutes(registry, { title: 'Leadline', version: '1', serverUrl: ctx.config.PUBLIC_BASE_URL }));
  app.use((req, _res, next) => next(notFound(`Route ${req.method} ${req.path}`)));
  app.use(problemHandler);
  return app;
}
