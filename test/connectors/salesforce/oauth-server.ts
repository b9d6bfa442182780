/**
 * A small but real OAuth 2.0 authorization server (authorization code + PKCE S256, refresh, revoke)
 * on 127.0.0.1, in the Salesforce or the Google dialect: paths and response shapes as each documents.
 * It checks what a provider checks (client credentials, redirect_uri, code_verifier against the stored
 * code_challenge, single-use codes), so a connector that gets the protocol wrong fails here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Dialect = 'salesforce' | 'google';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  headers: IncomingMessage['headers'];
}

export interface OAuthServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Simulates the user approving the consent screen: follows authorizeUrl, returns the redirect's code and state. */
  approve(authorizeUrl: string): Promise<{ code: string; state: string; redirectedTo: string }>;
  revoked: Set<string>;
  close(): Promise<void>;
}

const PATHS = {
  salesforce: { authorize: '/services/oauth2/authorize', token: '/services/oauth2/token', revoke: '/services/oauth2/revoke' },
  google: { authorize: '/o/oauth2/v2/auth', token: '/token', revoke: '/revoke' },
} as const;

export async function startOAuthServer(dialect: Dialect, client: { id: string; secret: string }): Promise<OAuthServer> {
  const paths = PATHS[dialect];
  const codes = new Map<string, { challenge: string; redirectUri: string; scope: string }>();
  const refreshTokens = new Set<string>();
  const revoked = new Set<string>();
  const requests: RecordedRequest[] = [];
  let baseUrl = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify(body));
  };
  const oauthError = (res: ServerResponse, error: string, description: string) => json(res, 400, { error, error_description: description });

  function tokenBody(scope: string, refresh: string | null) {
    const access = randomBytes(16).toString('hex');
    if (dialect === 'salesforce') {
      return {
        access_token: `00Dxx0000001gPL!${access}`,
        ...(refresh ? { refresh_token: refresh } : {}),
        signature: randomBytes(8).toString('base64'),
        scope,
        instance_url: 'https://acme.my.salesforce.com',
        id: `${baseUrl}/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS`,
        token_type: 'Bearer',
        issued_at: '1767225600000',
      };
    }
    return { access_token: `ya29.${access}`, expires_in: 3599, ...(refresh ? { refresh_token: refresh } : {}), scope, token_type: 'Bearer' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', baseUrl);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const form = Object.fromEntries(new URLSearchParams(raw));
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? '', path: url.pathname, query, form, headers: req.headers });

    if (req.method === 'GET' && url.pathname === paths.authorize) {
      if (query.client_id !== client.id || query.response_type !== 'code' || !query.redirect_uri) return oauthError(res, 'invalid_request', 'bad authorize request');
      if (!query.code_challenge || (query.code_challenge_method && query.code_challenge_method !== 'S256')) return oauthError(res, 'invalid_request', 'PKCE S256 required');
      const code = randomBytes(12).toString('hex');
      codes.set(code, { challenge: query.code_challenge, redirectUri: query.redirect_uri, scope: query.scope ?? '' });
      const to = new URL(query.redirect_uri);
      to.searchParams.set('code', code);
      if (query.state) to.searchParams.set('state', query.state);
      res.writeHead(302, { location: to.toString() });
      return res.end();
    }

    if (req.method === 'POST' && url.pathname === paths.token) {
      if (form.client_id !== client.id || form.client_secret !== client.secret) return json(res, 401, { error: 'invalid_client', error_description: 'invalid client credentials' });
      if (form.grant_type === 'authorization_code') {
        const issued = codes.get(form.code ?? '');
        codes.delete(form.code ?? '');
        if (!issued) return oauthError(res, 'invalid_grant', 'authorization code expired or already used');
        if (issued.redirectUri !== form.redirect_uri) return oauthError(res, 'invalid_grant', 'redirect_uri mismatch');
        const expected = createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
        if (expected !== issued.challenge) return oauthError(res, 'invalid_grant', 'invalid code verifier');
        const refresh = `rt-${randomBytes(8).toString('hex')}`;
        refreshTokens.add(refresh);
        return json(res, 200, tokenBody(issued.scope, refresh));
      }
      if (form.grant_type === 'refresh_token') {
        if (!refreshTokens.has(form.refresh_token ?? '')) return oauthError(res, 'invalid_grant', 'expired access/refresh token');
        return json(res, 200, tokenBody(dialect === 'salesforce' ? 'api refresh_token' : query.scope ?? 'https://www.googleapis.com/auth/calendar.events', null));
      }
      return oauthError(res, 'unsupported_grant_type', 'grant type not supported');
    }

    if (req.method === 'POST' && url.pathname === paths.revoke) {
      const token = form.token ?? query.token ?? '';
      if (!refreshTokens.delete(token)) {
        if (dialect === 'salesforce') {
          res.writeHead(400, { 'content-type': 'application/x-www-form-urlencoded' });
          return res.end('error=invalid_token&error_description=Invalid+token');
        }
        return oauthError(res, 'invalid_token', 'Token expired or revoked');
      }
      revoked.add(token);
      return json(res, 200, {});
    }
    json(res, 404, { error: 'not_found' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => json(res, 500, { error: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    requests,
    revoked,
    async approve(authorizeUrl) {
      const res = await fetch(authorizeUrl, { redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) throw new Error(`authorize refused: ${res.status} ${await res.text()}`);
      const to = new URL(location);
      return { code: to.searchParams.get('code') ?? '', state: to.searchParams.get('state') ?? '', redirectedTo: `${to.origin}${to.pathname}` };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
