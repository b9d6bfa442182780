/**
 * The owner console: its page at /app/… (every client-side route gets the same HTML), its assets at
 * /console/assets/… (hashed names, cached forever), `/` sending browsers to it, and the console's own
 * API routes (sessions, inbox, call triage, onboarding).
 */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { notFound } from '../http/problem.ts';
import { type ConsoleBundle, indexHtml, loadConsoleBundle } from './assets.ts';
import { CONSOLE_CSP } from './csp.ts';
import { callbackRoutes } from './callback-routes.ts';
import { inboxRoutes } from './inbox-routes.ts';
import { onboardingRoutes } from './onboarding-routes.ts';
import { ownerRoutes } from './owner-routes.ts';
import { triageRoutes } from './triage-routes.ts';

export interface ConsoleRouteOptions {
  loadBundle?: () => Promise<ConsoleBundle>;
}

export { consoleSessionRoutes } from './session-routes.ts';

/** The console's pages and its own API, as mounted by app.ts. */
export const consoleRoutes = consolePageRoutes();

export function consolePageRoutes(opts: ConsoleRouteOptions = {}) {
  return (ctx: AppContext, registry: OpenApiRegistry): Router => {
    const r = Router();
    r.use(
      inboxRoutes(ctx, registry),
      triageRoutes(ctx, registry),
      onboardingRoutes(ctx, registry),
      ownerRoutes(ctx, registry),
      callbackRoutes(ctx, registry),
    );
    const load = opts.loadBundle ?? (() => loadConsoleBundle());
    let cached: Promise<ConsoleBundle> | undefined;
    const bundle = () => {
      cached ??= load().catch((err) => {
        cached = undefined;
        throw err;
      });
      return cached;
    };
    // Built at start rather than on the first visit, so the first page view is not the slow one.
    if (ctx.config.NODE_ENV !== 'test') void bundle().catch((err) => ctx.log.error({ err }, 'console build failed'));

    r.get('/', (_req, res) => res.redirect(302, '/app/'));
    const page = async (_req: Request, res: Response) => {
      const html = indexHtml(await bundle());
      res.setHeader('Content-Security-Policy', CONSOLE_CSP);
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(html);
    };
    r.get('/app', page);
    r.get('/app/{*rest}', page);
    r.get('/console/assets/:name', async (req, res, next) => {
      const a = (await bundle()).assets.get(String(req.params.name));
      if (!a) return next(notFound('Console asset'));
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('Vary', 'Accept-Encoding');
      res.type(a.type);
      const gzip = /\bgzip\b/.test(req.get('accept-encoding') ?? '');
      if (gzip) res.setHeader('Content-Encoding', 'gzip');
      res.end(gzip ? a.gzip : a.body);
    });
    return r;
  };
}
