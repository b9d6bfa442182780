/**
 * A local OAuth 2.0 authorization server over real HTTP: node:http in front of @node-oauth/oauth2-server,
 * which does the protocol work against an in-memory model defined here.
 * - GET  /o/oauth2/v2/auth (and /authorize): the library's authorize handler, auto-approved for `user`; it
 *   redirects to redirect_uri with code + state (RFC 6749 §4.1.2) or with an error (access_denied when told to
 *   deny). PKCE is required with code_challenge_method=S256 (the library refuses plain; the model refuses a
 *   missing challenge or method).
 * - POST /token: the library's token handler: authorization_code (client authenticated with its secret,
 *   redirect_uri identical to the authorize one, PKCE S256 verified per RFC 7636 §4.6, codes single-use and
 *   consumed even by a failed attempt) and refresh_token (optionally rotating); errors as §5.2 JSON.
 * - POST /revoke: RFC 7009, here (the library has none), on the same model; Google-style: token in the form or
 *   the query, client credentials checked only when sent, unknown tokens answer 200. Revoking a refresh token
 *   also retires the access tokens of its grant.
 * - GET|POST /tokeninfo: Google's access-token introspection, which the Google connector's account() asks for
 *   the account's e-mail (google-auth-library's getTokenInfo: POST with the token as a bearer header; Google
 *   also takes ?access_token= or a form field). The library authenticates the token, so this also proves the
 *   issued access token works. Google's shape: numbers and booleans as strings, `email` / `email_verified`
 *   only when the grant has the e-mail scope, an unknown, revoked or expired token → 400 invalid_token.
 * - GET  /calendar/v3/calendars/primary: a protected resource (bearer token authenticated by the library).
 * `dialect: 'salesforce'` serves the same protocol on Salesforce's paths and in its token-response shape
 * (see oauth-dialects.ts). Every request is recorded (`requests`) so tests can check what a connector sent.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OAuth2Server from '@node-oauth/oauth2-server';
import { DIALECTS, type Dialect } from './oauth-dialects.ts';
import { calendarAnswer, tokenInfoAnswer } from './oauth-server-google.ts';
import { type GrantUser, oauthModel, type RefreshEntry, type TokenEntry } from './oauth-server-model.ts';

export type { Dialect } from './oauth-dialects.ts';
export { EMAIL_SCOPE } from './oauth-server-google.ts';

const { Request, Response, OAuthError } = OAuth2Server;

export interface OAuthServerOptions {
  /** Whose paths and response shapes to speak; default Google's. */
  dialect?: Dialect;
  /** Milliseconds since the epoch, for Salesforce's `issued_at`; default Date.now. */
  clock?: () => number;
  clientId: string;
  clientSecret: string;
  /** The client's registered redirect URIs (exact match). Default: any absolute http(s) URI, which must then be sent. */
  redirectUris?: string[];
  /** Scopes granted whatever was asked (to test a user unticking one); default: exactly what was asked. */
  grantScopes?: string[];
  accessTokenTtlSeconds?: number;
  /** Issue a new refresh token on every refresh (and retire the old one). */
  rotateRefreshTokens?: boolean;
  /** The account behind the next grants. `sub` defaults to a stable number derived from the e-mail; `emailVerified` to true. */
  user?: { email: string; name?: string; timeZone?: string; sub?: string; emailVerified?: boolean };
  /** Milliseconds added before answering /token (to widen race windows in concurrency tests). */
  tokenLatencyMs?: number;
  /** Fields laid over every successful token response (a provider, or a man in the middle, answering oddly). */
  tokenOverrides?: Record<string, unknown>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  headers: IncomingMessage['headers'];
}

export interface OAuthServer {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** The user approving the consent screen: follows authorizeUrl, returns the redirect's code and state. */
  approve(authorizeUrl: string): Promise<{ code: string; state: string; redirectedTo: string }>;
  /** Requests per endpoint / grant type, e.g. `token:refresh_token`. */
  counts: Record<string, number>;
  accessTokens: Map<string, TokenEntry>;
  refreshTokens: Map<string, RefreshEntry>;
  revoked: string[];
  /** Next authorize answers error=access_denied. */
  denyNext(): void;
  /** Kills every refresh token (the user revoked the app): refreshes answer invalid_grant. */
  revokeAllRefreshTokens(): void;
  /** Expires every access token (resource calls answer 401). */
  expireAccessTokens(): void;
  stop(): Promise<void>;
}

type LibRequest = OAuth2Server.Request;
type LibResponse = OAuth2Server.Response;

export async function startOAuthServer(opts: OAuthServerOptions): Promise<OAuthServer> {
  const spec = DIALECTS[opts.dialect ?? 'google'];
  const requests: RecordedRequest[] = [];
  let baseUrl = '';
  const revoked: string[] = [];
  const counts: Record<string, number> = {};
  let deny = false;
  const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  // opts is read per request, so a test can change the account, scopes or latency between steps.
  const { model, accessTokens, refreshTokens } = oauthModel(opts, spec);
  const oauth = new OAuth2Server({ model, authorizationCodeLifetime: 60 });

  const send = (res: ServerResponse, r: LibResponse) => {
    const body = r.body && Object.keys(r.body).length ? JSON.stringify(r.body) : '';
    res.writeHead(r.status ?? 200, {
      ...(body ? { 'content-type': 'application/json;charset=UTF-8' } : {}),
      ...r.headers,
    });
    res.end(body);
  };
  /** Runs a library handler; an OAuthError it did not already turn into a redirect becomes a JSON error. */
  async function run(res: ServerResponse, r: LibResponse, handler: () => Promise<unknown>) {
    try {
      await handler();
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      if (!r.get('location')) {
        r.status = e.code;
        r.body = { error: e.name, error_description: e.message };
      }
    }
    send(res, r);
  }

  async function authorize(req: LibRequest, res: ServerResponse) {
    count('authorize');
    const r = new Response();
    if (!opts.redirectUris && !req.query?.redirect_uri) {
      r.status = 400;
      r.body = { error: 'invalid_request', error_description: 'redirect_uri is required (none registered)' };
      return send(res, r);
    }
    if (deny) {
      deny = false;
      req.query!.allowed = 'false'; // the library's own "user denied" path: error=access_denied (§4.1.2.1)
    }
    const authenticateHandler = {
      // Auto-approval by the configured account; the method as sent is kept for the PKCE check in the model.
      handle: (q: LibRequest): GrantUser => ({
        ...(opts.user ?? { email: 'owner@calendar.test', name: 'Owner calendar', timeZone: 'America/New_York' }),
        grantId: randomUUID(),
        pkceMethod: q.query?.code_challenge_method ?? spec.defaultPkceMethod,
      }),
    };
    await run(res, r, () => oauth.authorize(req, r, { authenticateHandler }));
  }

  async function token(req: LibRequest, res: ServerResponse) {
    count(`token:${req.body?.grant_type ?? ''}`);
    if (opts.tokenLatencyMs) await new Promise((ok) => setTimeout(ok, opts.tokenLatencyMs));
    const r = new Response();
    const options = {
      accessTokenLifetime: opts.accessTokenTtlSeconds ?? 3600,
      alwaysIssueNewRefreshToken: Boolean(opts.rotateRefreshTokens),
    };
    await run(res, r, async () => {
      await oauth.token(req, r, options);
      if (r.status === 200 && r.body)
        r.body = {
          ...spec.tokenBody(r.body, { url: baseUrl, now: (opts.clock ?? Date.now)() }),
          ...opts.tokenOverrides,
        };
    });
  }

  /** RFC 7009 on the model above. */
  function revoke(req: LibRequest, res: ServerResponse) {
    count('revoke');
    const r = new Response({ headers: { 'cache-control': 'no-store' } });
    const form = (req.body ?? {}) as Record<string, string>;
    const basic = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent)
      : [form.client_id, form.client_secret];
    if ((id !== undefined || secret !== undefined) && (id !== opts.clientId || secret !== opts.clientSecret)) {
      r.status = 401;
      r.body = { error: 'invalid_client', error_description: 'client authentication failed' };
      return send(res, r);
    }
    const t = form.token ?? req.query?.token ?? '';
    const rt = refreshTokens.get(t);
    if (rt) {
      // §2.1: revoking a refresh token SHOULD also invalidate the access tokens of the same grant.
      refreshTokens.delete(t);
      for (const [at, e] of accessTokens) if (e.user.grantId === rt.user.grantId) accessTokens.delete(at);
      revoked.push(t);
    } else if (accessTokens.delete(t)) revoked.push(t);
    else if (spec.unknownRevoke) {
      const { status, contentType, body } = spec.unknownRevoke;
      return void res.writeHead(status, { 'content-type': contentType }).end(body);
    }
    send(res, r);
  }

  async function calendar(req: LibRequest, res: ServerResponse) {
    count('resource');
    send(res, await calendarAnswer(oauth, req));
  }

  /** Google's tokeninfo for an access token (see the header comment). */
  async function tokenInfo(req: LibRequest, res: ServerResponse) {
    count('tokeninfo');
    send(res, await tokenInfoAnswer(oauth, req, opts.clientId));
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'http://oauth.local');
    const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
      : {};
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? '', path: url.pathname, query, form, headers: req.headers });
    const lib = new Request({
      method: req.method ?? 'GET',
      headers: req.headers as Record<string, string>,
      query,
      body: form,
    });
    const { paths } = spec;
    try {
      if (req.method === 'GET' && paths.authorize.includes(url.pathname)) return await authorize(lib, res);
      if (url.pathname === paths.token) return await token(lib, res);
      if (req.method === 'POST' && url.pathname === paths.revoke) return revoke(lib, res);
      if ((req.method === 'GET' || req.method === 'POST') && url.pathname === '/tokeninfo')
        return await tokenInfo(lib, res);
      if (req.method === 'GET' && url.pathname === '/calendar/v3/calendars/primary') return await calendar(lib, res);
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
    } catch (e) {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'server_error', error_description: String(e) }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    async approve(authorizeUrl) {
      const res = await fetch(authorizeUrl, { redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) throw new Error(`authorize refused: ${res.status} ${await res.text()}`);
      const to = new URL(location);
      const code = to.searchParams.get('code') ?? '';
      return { code, state: to.searchParams.get('state') ?? '', redirectedTo: `${to.origin}${to.pathname}` };
    },
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
