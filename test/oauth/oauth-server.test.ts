/**
 * The local OAuth 2.0 server itself stays strict: if Leadline sent a wrong code_verifier, a reused code, a
 * wrong redirect_uri or bad client credentials, the library behind testkit/oauth-server.ts refuses it.
 * Plain HTTP against the server, no Leadline in between.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPkcePair } from '../../connectors/shared/pkce.ts';
import { startOAuthServer, type OAuthServer, type OAuthServerOptions } from '../../testkit/oauth-server.ts';

const redirectUri = 'https://leadline.test/oauth/google-calendar/callback';
const opts: OAuthServerOptions = {
  clientId: 'strict-client',
  clientSecret: 'strict-secret',
  redirectUris: [redirectUri],
};
let srv: OAuthServer;

beforeAll(async () => {
  srv = await startOAuthServer(opts);
});
afterAll(async () => {
  await srv?.stop();
});

/** GET /authorize; returns the redirect's query (code or error, state), or the non-redirect answer. */
async function authorize(params: Record<string, string | undefined>) {
  const q = Object.fromEntries(
    Object.entries({
      response_type: 'code',
      client_id: opts.clientId,
      redirect_uri: redirectUri,
      scope: 'calendar',
      state: 'st-1',
      ...params,
    }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  const r = await fetch(`${srv.url}/authorize?${new URLSearchParams(q)}`, { redirect: 'manual' });
  const location = r.headers.get('location');
  return {
    status: r.status,
    location,
    query: location ? Object.fromEntries(new URL(location).searchParams) : {},
    body: location ? null : await r.json(),
  };
}

async function codeFor(challenge: string) {
  const a = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
  expect(a.status).toBe(302);
  expect(a.query.state).toBe('st-1');
  return a.query.code!;
}

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const r = await fetch(`${srv.url}/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
  return { status: r.status, body: (await r.json()) as Record<string, any> };
}

const client = { client_id: opts.clientId, client_secret: opts.clientSecret };
const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    ...client,
    ...extra,
  });

describe('authorization code + PKCE', () => {
  it('refuses a wrong code_verifier with invalid_grant, and the code is spent by the failed attempt', async () => {
    const pkce = createPkcePair();
    const code = await codeFor(pkce.codeChallenge);
    const wrong = await exchange(code, createPkcePair().codeVerifier);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.body.access_token).toBeUndefined();
    const right = await exchange(code, pkce.codeVerifier);
    expect(right.status).toBe(400);
    expect(right.body.error).toBe('invalid_grant');
  });

  it('issues tokens once for the right verifier and refuses the reused code', async () => {
    const pkce = createPkcePair();
    const code = await codeFor(pkce.codeChallenge);
    const ok = await exchange(code, pkce.codeVerifier);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', scope: 'calendar' });
    expect(ok.body.expires_in).toBeGreaterThan(3500);
    expect(srv.accessTokens.has(ok.body.access_token)).toBe(true);
    expect(srv.refreshTokens.has(ok.body.refresh_token)).toBe(true);
    const again = await exchange(code, pkce.codeVerifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('refuses a missing verifier, a redirect_uri other than the authorize one, and bad client credentials', async () => {
    const pkce = createPkcePair();
    const noVerifier = await token({
      grant_type: 'authorization_code',
      code: await codeFor(pkce.codeChallenge),
      redirect_uri: redirectUri,
      ...client,
    });
    expect(noVerifier.body.error).toBe('invalid_grant');

    // The library answers invalid_request here (RFC 6749 §5.2 would say invalid_grant); either way no token.
    const otherUri = await exchange(await codeFor(pkce.codeChallenge), pkce.codeVerifier, {
      redirect_uri: 'https://leadline.test/elsewhere',
    });
    expect(otherUri.status).toBe(400);
    expect(otherUri.body.error).toBe('invalid_request');

    const badSecret = await exchange(await codeFor(pkce.codeChallenge), pkce.codeVerifier, { client_secret: 'nope' });
    expect(badSecret.body.error).toBe('invalid_client');
    const basic = await token(
      {
        grant_type: 'authorization_code',
        code: await codeFor(pkce.codeChallenge),
        redirect_uri: redirectUri,
        code_verifier: pkce.codeVerifier,
      },
      { authorization: `Basic ${Buffer.from(`${opts.clientId}:nope`).toString('base64')}` },
    );
    expect(basic.status).toBe(401);
    expect(basic.body.error).toBe('invalid_client');
    // PKCE does not stand in for the secret of a confidential client.
    const publicStyle = await token({
      grant_type: 'authorization_code',
      code: await codeFor(pkce.codeChallenge),
      redirect_uri: redirectUri,
      code_verifier: pkce.codeVerifier,
      client_id: opts.clientId,
    });
    expect(publicStyle.body.error).toBe('invalid_client');
  });

  it('authorize requires S256 and a registered redirect_uri', async () => {
    const { codeChallenge, codeVerifier } = createPkcePair();
    for (const params of [
      { code_challenge: codeVerifier, code_challenge_method: 'plain' },
      { code_challenge: codeChallenge },
      { code_challenge_method: 'S256' },
      {},
    ]) {
      const a = await authorize(params);
      expect(a.status).toBe(302);
      expect(a.query).toMatchObject({ error: 'invalid_request', state: 'st-1' });
      expect(a.query.code).toBeUndefined();
    }
    // Never redirect to an unregistered URI (RFC 6749 §4.1.2.1).
    const elsewhere = await authorize({
      code_challenge: codeChallenge,
      code_challenge_method: 'S256',
      redirect_uri: 'https://evil.test/cb',
    });
    expect(elsewhere.location).toBeNull();
    expect(elsewhere.status).toBe(400);
    srv.denyNext();
    expect((await authorize({ code_challenge: codeChallenge, code_challenge_method: 'S256' })).query).toMatchObject({
      error: 'access_denied',
      state: 'st-1',
    });
  });
});

describe('refresh, revoke and the protected resource', () => {
  async function grant() {
    const pkce = createPkcePair();
    const r = await exchange(await codeFor(pkce.codeChallenge), pkce.codeVerifier);
    expect(r.status).toBe(200);
    return r.body as { access_token: string; refresh_token: string };
  }
  const refresh = (rt: string) => token({ grant_type: 'refresh_token', refresh_token: rt, ...client });
  const resource = (at: string) =>
    fetch(`${srv.url}/calendar/v3/calendars/primary`, { headers: { authorization: `Bearer ${at}` } });

  it('refreshes (keeping or rotating the refresh token) and refuses unknown or retired ones', async () => {
    const g = await grant();
    const kept = await refresh(g.refresh_token);
    expect(kept.status).toBe(200);
    expect(kept.body.refresh_token).toBeUndefined();
    expect((await resource(kept.body.access_token)).status).toBe(200);

    opts.rotateRefreshTokens = true;
    try {
      const rotated = await refresh(g.refresh_token);
      expect(rotated.body.refresh_token).toBeTruthy();
      expect((await refresh(g.refresh_token)).body.error).toBe('invalid_grant');
    } finally {
      delete opts.rotateRefreshTokens;
    }
    expect((await refresh('not-a-token')).body.error).toBe('invalid_grant');
    expect(
      (
        await token({
          grant_type: 'refresh_token',
          refresh_token: (await grant()).refresh_token,
          client_id: opts.clientId,
          client_secret: 'nope',
        })
      ).body.error,
    ).toBe('invalid_client');
  });

  it('revoking a refresh token retires its grant; expired access tokens get 401', async () => {
    const g = await grant();
    const other = await grant();
    const r = await fetch(`${srv.url}/revoke?token=${g.refresh_token}`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(srv.revoked).toContain(g.refresh_token);
    expect((await refresh(g.refresh_token)).body.error).toBe('invalid_grant');
    expect((await resource(g.access_token)).status).toBe(401);
    expect((await resource(other.access_token)).status).toBe(200);
    expect(
      (await fetch(`${srv.url}/revoke`, { method: 'POST', body: new URLSearchParams({ token: 'unknown' }) })).status,
    ).toBe(200);

    srv.expireAccessTokens();
    const expired = await resource(other.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });
});
