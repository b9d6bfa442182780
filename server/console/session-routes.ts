/**
 * Browser sessions for the console. Log-in and sign-up stay the JSON API's own routes (so whatever checks
 * they gain, e.g. two-factor, apply here too): a request that sends `X-Leadline-Session: cookie` gets the
 * refresh token as an HttpOnly cookie instead of in the body. Refresh and log-out are cookie-authenticated,
 * so they are the only routes that take the cookie, and they demand the CSRF header and a same-origin
 * request. Integrators' JSON-token API is unchanged.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { endSession, rotateSession } from '../auth/sessions.ts';
import { ACCESS_TOKEN_SECONDS, signAccessToken } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { Problem } from '../http/problem.ts';
import { rateLimit } from '../http/rate-limit.ts';
import { routeBuilder } from '../http/route.ts';
import {
  COOKIE_MODE_HEADER,
  CSRF_HEADER,
  csrfTokenOf,
  csrfValid,
  parseCookies,
  REFRESH_COOKIE,
  SESSION_PATH,
  secureCookies,
  sessionCookies,
} from './cookies.ts';

const csrfRefused = (detail: string) => new Problem(403, 'csrf', 'Cross-site request refused', detail);

/**
 * Fetch metadata and Origin, when the browser sends them, must say "this site". Browsers always send
 * Origin on cross-site POSTs, so a forged form or fetch from elsewhere stops here even before the token.
 */
export function sameOriginRequest(req: Request, publicBaseUrl: string): boolean {
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin') return false;
  const origin = req.get('origin');
  if (!origin) return true;
  const own = `${req.protocol}://${req.get('host')}`;
  return origin === own || origin === new URL(publicBaseUrl).origin;
}

const tokensOut = z.object({
  accessToken: z.string(),
  expiresIn: z.number(),
  tokenType: z.literal('Bearer'),
  csrfToken: z.string(),
});

export function consoleSessionRoutes(ctx: AppContext, registry: OpenApiRegistry): Router {
  const r = Router();
  const { db, config } = ctx;
  const secret = config.jwtSecret;
  const secure = (req: Request) => secureCookies(req.hostname, req.secure);
  const setSession = (req: Request, res: Response, refreshToken: string | null) =>
    res.append('Set-Cookie', sessionCookies(secret, refreshToken, secure(req)));

  // Log-in, sign-up (and any later auth route that answers with a refresh token) in cookie mode.
  r.use('/api/v1/auth', (req, res, next) => {
    if (req.get(COOKIE_MODE_HEADER) !== 'cookie') return next();
    if (!sameOriginRequest(req, config.PUBLIC_BASE_URL)) return next(csrfRefused('Cross-site session request'));
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode < 300 && body && typeof body === 'object' && 'refreshToken' in body) {
        const { refreshToken, ...rest } = body as { refreshToken: string };
        setSession(req, res, refreshToken);
        return json({ ...rest, csrfToken: csrfTokenOf(secret, refreshToken) });
      }
      return json(body);
    };
    next();
  });

  const guard: RequestHandler = (req, _res, next) => {
    if (!sameOriginRequest(req, config.PUBLIC_BASE_URL)) return next(csrfRefused('Cross-site session request'));
    const token = parseCookies(req.headers.cookie)[REFRESH_COOKIE];
    if (!csrfValid(secret, token, req.get(CSRF_HEADER)))
      return next(csrfRefused(`Send the ${CSRF_HEADER} header with the session's CSRF token`));
    next();
  };
  const route = routeBuilder(r, registry, {
    prefix: SESSION_PATH,
    tag: 'console',
    before: [rateLimit(db, 'auth', config.AUTH_RATE_LIMIT_PER_MINUTE, 60), guard],
  });
  const meta = (req: Request) => ({
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300) || undefined,
  });

  route(
    {
      method: 'post',
      path: '/refresh',
      summary: 'Console: rotate the refresh cookie, get an access token (CSRF header required)',
      response: tokensOut,
    },
    async ({ req, res }) => {
      const token = parseCookies(req.headers.cookie)[REFRESH_COOKIE]!;
      try {
        const next = await rotateSession(db, token, meta(req));
        setSession(req, res, next.refreshToken);
        return {
          accessToken: await signAccessToken(secret, next.accountId),
          expiresIn: ACCESS_TOKEN_SECONDS,
          tokenType: 'Bearer' as const,
          csrfToken: csrfTokenOf(secret, next.refreshToken),
        };
      } catch (err) {
        setSession(req, res, null); // a dead session's cookies are of no use to keep
        throw err;
      }
    },
  );

  route(
    {
      method: 'post',
      path: '/logout',
      summary: 'Console: end the session of the refresh cookie (CSRF header required)',
      status: 204,
    },
    async ({ req, res }) => {
      await endSession(db, parseCookies(req.headers.cookie)[REFRESH_COOKIE]!);
      setSession(req, res, null);
    },
  );
  return r;
}
