/**
 * A local OAuth 2.0 authorization server over real HTTP (node:http), for the install and refresh flows:
 * - GET  /o/oauth2/v2/auth (and /authorize): auto-approves and redirects to redirect_uri with code + state
 *   (RFC 6749 §4.1.2), or with error=access_denied when told to deny; requires code_challenge_method S256.
 * - POST /token: authorization_code (client auth, redirect_uri must match, PKCE S256 verified per RFC 7636
 *   §4.6, codes single-use and short-lived) and refresh_token (optionally rotating); errors as §5.2 JSON.
 * - POST /revoke: RFC 7009 (token in the form or query; unknown tokens still answer 200).
 * - GET  /calendar/v3/calendars/primary: a protected resource checking the bearer token, so a connector's
 *   account() call proves the issued access token works.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OAuthServerOptions {
  clientId: string;
  clientSecret: string;
  /** Scopes granted whatever was asked (to test a user unticking one); default: exactly what was asked. */
  grantScopes?: string[];
  accessTokenTtlSeconds?: number;
  /** Issue a new refresh token on every refresh (and retire the old one). */
  rotateRefreshTokens?: boolean;
  /** The account behind every grant. */
  user?: { email: string; name?: string; timeZone?: string };
  /** Milliseconds added before answering /token (to widen race windows in concurrency tests). */
  tokenLatencyMs?: number;
}

interface CodeEntry { clientId: string; redirectUri: string; challenge: string; scopes: string[]; expiresAt: number }
interface TokenEntry { scopes: string[]; expiresAt: number }

export interface OAuthServer {
  url: string;
  /** Requests per endpoint / grant type, e.g. `token:refresh_token`. */
  counts: Record<string, number>;
  accessTokens: Map<string, TokenEntry>;
  refreshTokens: Map<string, { scopes: string[] }>;
  revoked: string[];
  /** Next authorize answers error=access_denied. */
  denyNext(): void;
  /** Kills every refresh token (the user revoked the app): refreshes answer invalid_grant. */
  revokeAllRefreshTokens(): void;
  /** Expires every access token (resource calls answer 401). */
  expireAccessTokens(): void;
  stop(): Promise<void>;
}

const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

export async function startOAuthServer(opts: OAuthServerOptions): Promise<OAuthServer> {
  const codes = new Map<string, CodeEntry>();
  const accessTokens = new Map<string, TokenEntry>();
  const refreshTokens = new Map<string, { scopes: string[] }>();
  const revoked: string[] = [];
  const counts: Record<string, number> = {};
  let deny = false;
  const ttl = opts.accessTokenTtlSeconds ?? 3600;
  // Read per request, so a test can switch the account behind the next grant.
  const userOf = () => opts.user ?? { email: 'owner@calendar.test', name: 'Owner calendar', timeZone: 'America/New_York' };
  const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);

  const json = (res: ServerResponse, status: number, body: unknown) => {
    // RFC 6749 §5.1: token responses must not be cached.
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', pragma: 'no-cache' });
    res.end(JSON.stringify(body));
  };
  const oauthError = (res: ServerResponse, status: number, error: string, description: string) => json(res, status, { error, error_description: description });

  function issue(scopes: string[], withRefresh: boolean) {
    const access = token('at');
    accessTokens.set(access, { scopes, expiresAt: Date.now() + ttl * 1000 });
    const out: Record<string, unknown> = { access_token: access, token_type: 'Bearer', expires_in: ttl, scope: scopes.join(' ') };
    if (withRefresh) {
      const refresh = token('rt');
      refreshTokens.set(refresh, { scopes });
      out.refresh_token = refresh;
    }
    return out;
  }

  /** client_secret_basic or client_secret_post (RFC 6749 §2.3.1). */
  function clientOk(req: IncomingMessage, form: URLSearchParams): boolean {
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic?.[1]) {
      const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent);
      return id === opts.clientId && secret === opts.clientSecret;
    }
    return form.get('client_id') === opts.clientId && form.get('client_secret') === opts.clientSecret;
  }

  function authorize(url: URL, res: ServerResponse) {
    count('authorize');
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== opts.clientId || !redirectUri) return oauthError(res, 400, 'invalid_request', 'unknown client or missing redirect_uri');
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state) back.searchParams.set('state', state);
    if (deny) {
      deny = false;
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied access');
    } else if (q.get('response_type') !== 'code') {
      back.searchParams.set('error', 'unsupported_response_type');
    } else if (!q.get('code_challenge') || q.get('code_challenge_method') !== 'S256') {
      back.searchParams.set('error', 'invalid_request');
      back.searchParams.set('error_description', 'PKCE with S256 is required');
    } else {
      const code = token('code');
      const asked = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
      codes.set(code, { clientId: opts.clientId, redirectUri, challenge: q.get('code_challenge')!, scopes: opts.grantScopes ?? asked, expiresAt: Date.now() + 60_000 });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  async function tokenEndpoint(req: IncomingMessage, form: URLSearchParams, res: ServerResponse) {
    const grantType = form.get('grant_type') ?? '';
    count(`token:${grantType}`);
    if (opts.tokenLatencyMs) await new Promise((r) => setTimeout(r, opts.tokenLatencyMs));
    if (!clientOk(req, form)) return oauthError(res, 401, 'invalid_client', 'client authentication failed');
    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const entry = codes.get(code);
      codes.delete(code); // single use, even when the rest fails
      if (!entry || entry.expiresAt < Date.now()) return oauthError(res, 400, 'invalid_grant', 'authorization code is invalid, expired or used');
      if (form.get('redirect_uri') !== entry.redirectUri) return oauthError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request');
      const verifier = form.get('code_verifier') ?? '';
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return oauthError(res, 400, 'invalid_grant', 'code_verifier missing or malformed');
      if (createHash('sha256').update(verifier, 'ascii').digest('base64url') !== entry.challenge) return oauthError(res, 400, 'invalid_grant', 'PKCE verification failed');
      return json(res, 200, issue(entry.scopes, true));
    }
    if (grantType === 'refresh_token') {
      const rt = form.get('refresh_token') ?? '';
      const entry = refreshTokens.get(rt);
      if (!entry) return oauthError(res, 400, 'invalid_grant', 'Token has been expired or revoked.');
      const out = issue(entry.scopes, Boolean(opts.rotateRefreshTokens));
      if (opts.rotateRefreshTokens) refreshTokens.delete(rt);
      return json(res, 200, out);
    }
    return oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
  }

  function revoke(url: URL, form: URLSearchParams, res: ServerResponse) {
    count('revoke');
    const t = form.get('token') ?? url.searchParams.get('token') ?? '';
    if (refreshTokens.delete(t) || accessTokens.delete(t)) revoked.push(t);
    json(res, 200, {});
  }

  function calendar(req: IncomingMessage, res: ServerResponse) {
    count('resource');
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const t = accessTokens.get(bearer);
    if (!t || t.expiresAt < Date.now()) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' });
      return res.end(JSON.stringify({ error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED', errors: [{ reason: 'authError', message: 'Invalid Credentials', domain: 'global' }] } }));
    }
    const user = userOf();
    json(res, 200, { kind: 'calendar#calendar', id: user.email, summary: user.name ?? user.email, timeZone: user.timeZone ?? 'UTC', etag: '"1"' });
  }

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://oauth.local');
    const form = new URLSearchParams((req.headers['content-type'] ?? '').includes('application/json') ? (JSON.parse(raw || '{}') as Record<string, string>) : raw);
    try {
      if (req.method === 'GET' && (url.pathname === '/o/oauth2/v2/auth' || url.pathname === '/authorize')) return authorize(url, res);
      if (req.method === 'POST' && url.pathname === '/token') return await tokenEndpoint(req, form, res);
      if ((req.method === 'POST' || req.method === 'GET') && url.pathname === '/revoke') return revoke(url, form, res);
      if (req.method === 'GET' && url.pathname === '/calendar/v3/calendars/primary') return calendar(req, res);
      json(res, 404, { error: 'not_found' });
    } catch (e) {
      json(res, 500, { error: 'server_error', error_description: String(e) });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    accessTokens,
    refreshTokens,
    revoked,
    denyNext: () => void (deny = true),
    revokeAllRefreshTokens: () => refreshTokens.clear(),
    expireAccessTokens: () => {
      for (const t of accessTokens.values()) t.expiresAt = 0;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
