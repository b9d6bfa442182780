/**
 * The widget's endpoints answer only the sites a business listed: the `Origin` header must equal one of
 * its widgetOrigins exactly. The public key names the business; it is printed on every page, so alone it
 * proves nothing. CORS headers name that one origin (never `*`), and no credentials are ever allowed.
 */
import type { RequestHandler, Response } from 'express';
import type { Business } from '../db/generated/client.ts';
import type { Db } from '../db/client.ts';
import { Problem } from '../http/problem.ts';

export type WidgetBusiness = Pick<
  Business,
  'id' | 'name' | 'country' | 'timezone' | 'weeklyHours' | 'closedDates' | 'widgetOrigins' | 'widgetSettings' | 'active'
>;

export const originNotAllowed = () =>
  new Problem(403, 'origin-not-allowed', 'Origin not allowed', 'This website is not allowed to use this widget');
export const unknownKey = () =>
  new Problem(403, 'widget-key', 'Unknown widget key', 'This widget key is not valid (it may have been rotated)');

/** Pure: whether a request's Origin header is one of the business's origins. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): origin is string {
  return typeof origin === 'string' && origin !== 'null' && allowed.includes(origin);
}

export const CORS_ALLOW_HEADERS = 'content-type, accept, last-event-id';

/** CORS for an origin that passed the check; also lifts helmet's same-origin CORP for cross-site fetches. */
export const corsHeaders = (origin: string): [string, string][] => [
  ['Access-Control-Allow-Origin', origin],
  ['Access-Control-Expose-Headers', 'Retry-After, RateLimit, RateLimit-Policy'],
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
];

export function setCors(res: Response, origin: string): void {
  for (const [k, v] of corsHeaders(origin)) res.setHeader(k, v);
}

/** `Vary: Origin` on every widget API answer, allowed or not: caches must never mix origins. */
export const varyOrigin: RequestHandler = (_req, res, next) => {
  res.vary('Origin');
  next();
};

export const businessSelect = {
  id: true,
  name: true,
  country: true,
  timezone: true,
  closedDates: true,
  weeklyHours: true,
  widgetOrigins: true,
  widgetSettings: true,
  active: true,
} as const;

export async function businessByKey(db: Db, key: unknown): Promise<WidgetBusiness | null> {
  if (typeof key !== 'string' || key.length > 100) return null;
  const b = await db.business.findUnique({ where: { widgetPublicKey: key }, select: businessSelect });
  return b?.active ? b : null;
}

/** The business `requireWidgetOrigin` resolved for this request. */
export function widgetBusinessOf(res: Response): WidgetBusiness {
  const b = res.locals.widgetBusiness as WidgetBusiness | undefined;
  if (!b) throw new Error('requireWidgetOrigin must run first');
  return b;
}

/**
 * Middleware for routes that name their business by key: 403 unless the key is current and the Origin is
 * allowed; then CORS headers, so even the route's own 4xx answers (validation, limits) reach the widget.
 */
export function requireWidgetOrigin(
  db: Db,
  keyOf: (req: Parameters<RequestHandler>[0]) => unknown,
  opts: { sameOriginReads?: boolean } = {},
): RequestHandler {
  return async (req, res, next) => {
    try {
      const business = await businessByKey(db, keyOf(req));
      if (!business) return next(unknownKey());
      const origin = req.get('origin');
      // The console's widget preview is a page of Leadline's own origin: a browser sends no Origin on a
      // same-origin GET, and only it can say Sec-Fetch-Site: same-origin. Read-only, public data (config).
      if (
        opts.sameOriginReads &&
        origin === undefined &&
        req.method === 'GET' &&
        req.get('sec-fetch-site') === 'same-origin'
      ) {
        res.locals.widgetBusiness = business;
        res.locals.widgetPreview = true;
        return next();
      }
      if (!originAllowed(origin, business.widgetOrigins)) return next(originNotAllowed());
      setCors(res, origin);
      res.locals.widgetBusiness = business;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Preflight. The browser sends no body and no credentials, so for the callback POST the key is not
 * known yet: an origin registered by any active business is answered, and the POST itself then checks
 * the exact business. Other origins get 403 without CORS headers, which the browser reports as blocked.
 */
export function preflight(
  db: Db,
  businessOf: (req: Parameters<RequestHandler>[0]) => Promise<WidgetBusiness | null | undefined>,
): RequestHandler {
  return async (req, res, next) => {
    try {
      const origin = req.get('origin');
      if (!origin || origin === 'null') return next(originNotAllowed());
      const named = await businessOf(req);
      const ok =
        named !== undefined
          ? Boolean(named && originAllowed(origin, named.widgetOrigins))
          : (
              await db.$queryRaw<
                unknown[]
              >`select 1 from "Business" where "active" and ${origin} = any("widgetOrigins") limit 1`
            ).length > 0;
      if (!ok) return next(originNotAllowed());
      setCors(res, origin);
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', CORS_ALLOW_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  };
}
