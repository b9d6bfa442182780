import type { RequestHandler, Request } from 'express';
import type { AppContext } from '../context.ts';
import { sha256 } from '../crypto/secrets.ts';
import { forbidden, unauthorized } from '../http/problem.ts';
import { verifyAccessToken } from './tokens.ts';

/**
 * What an API key may do in its business: `read` only reads (safe methods); `write` changes business data
 * as an admin would but cannot manage members or keys; `admin` can manage those too, up to admin.
 */
export const API_KEY_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export type Principal =
  | { kind: 'user'; accountId: string }
  | { kind: 'apiKey'; businessId: string; keyId: string; accountId: string; scope: ApiKeyScope };

export const API_KEY_PREFIX = 'll_sk_';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const asScope = (s: string): ApiKeyScope =>
  ((API_KEY_SCOPES as readonly string[]).includes(s) ? s : 'read') as ApiKeyScope;

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Bearer access token (JWT) or API key. Sets req.principal or answers 401. */
export function requireAuth(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    try {
      const header = req.headers.authorization ?? '';
      const [scheme, token] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token)
        throw unauthorized('Send `Authorization: Bearer <access token or API key>`');
      if (token.startsWith(API_KEY_PREFIX)) {
        const key = await ctx.db.apiKey.findUnique({ where: { keyHash: sha256(token) } });
        if (!key || key.revokedAt) throw unauthorized('API key is not valid');
        // Throttled write: at most one lastUsedAt update per key per minute.
        if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
          void ctx.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
        }
        const scope = asScope(key.scope);
        // Checked before any route runs, so a read key cannot reach a handler that writes.
        if (scope === 'read' && !SAFE_METHODS.has(req.method)) throw forbidden('This API key can only read');
        req.principal = {
          kind: 'apiKey',
          businessId: key.businessId,
          keyId: key.id,
          accountId: key.createdById,
          scope,
        };
      } else {
        req.principal = { kind: 'user', accountId: await verifyAccessToken(ctx.config.jwtSecret, token) };
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

export function userOf(req: Request): string {
  const p = principalOf(req);
  // The key did authenticate; it is not allowed here. 401 would tell a client to re-authenticate, in vain.
  if (p.kind !== 'user') throw forbidden('This route needs a user access token, not an API key');
  return p.accountId;
}
