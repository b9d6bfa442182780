/**
 * account() against the local OAuth server (testkit/oauth-server.ts) over real HTTP: the code flow
 * issues a token, and google-auth-library's getTokenInfo() asks the server's /tokeninfo (derived from the
 * token URL) who granted it. No Calendar API call is involved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGoogleCalendarConnector,
  GOOGLE_CALENDAR_SCOPES,
  googleIdentity,
} from '../../../connectors/google-calendar/index.ts';
import { createPkcePair } from '../../../connectors/shared/pkce.ts';
import { ConnectorError } from '../../../connectors/types.ts';
import { startOAuthServer, type OAuthServer, type OAuthServerOptions } from '../../../testkit/oauth-server.ts';

const REDIRECT = 'https://app.leadline.test/oauth/google-calendar/callback';
const EMAIL = 'desk@bayheating.test';
const opts: OAuthServerOptions = {
  clientId: 'gcal-client',
  clientSecret: 'gcal-secret',
  redirectUris: [REDIRECT],
  user: { email: EMAIL },
};
let srv: OAuthServer;

beforeAll(async () => {
  srv = await startOAuthServer(opts);
});
afterAll(async () => {
  await srv?.stop();
});

const oauthCfg = () => ({
  clientId: opts.clientId,
  clientSecret: opts.clientSecret,
  oauthBaseUrl: srv.url,
  tokenUrl: `${srv.url}/token`,
});
const connector = () => createGoogleCalendarConnector({ ...oauthCfg(), apiBaseUrl: srv.url });

/** authorize (auto-approved) → code → the connector's own exchange. */
async function connect(user: OAuthServerOptions['user'] = { email: EMAIL }) {
  opts.user = user;
  const c = connector();
  const { codeVerifier, codeChallenge } = createPkcePair();
  const approved = await fetch(await c.oauth.authorizeUrl({ state: 's', codeChallenge, redirectUri: REDIRECT }), {
    redirect: 'manual',
  });
  expect(approved.status).toBe(302);
  const code = new URL(approved.headers.get('location')!).searchParams.get('code')!;
  return { c, grant: await c.oauth.exchange({ code, codeVerifier, redirectUri: REDIRECT }) };
}

describe('Google account identity through tokeninfo', () => {
  it('is the verified e-mail of the account that granted the token, with a stable sub', async () => {
    const resourceBefore = srv.counts.resource ?? 0;
    const tokenInfoBefore = srv.counts.tokeninfo ?? 0;
    const { c, grant } = await connect();
    expect(grant.scopes).toEqual([...GOOGLE_CALENDAR_SCOPES]);
    expect(await c.account(grant)).toEqual({ id: EMAIL, name: EMAIL, ownerEmail: EMAIL });
    expect(srv.counts.tokeninfo).toBe(tokenInfoBefore + 1);
    expect(srv.counts.resource ?? 0).toBe(resourceBefore);

    const first = await googleIdentity(oauthCfg(), grant.accessToken);
    const second = await googleIdentity(oauthCfg(), (await connect()).grant.accessToken);
    expect(first.sub).toMatch(/^\d{21}$/);
    expect(second).toEqual(first);
  });

  it('refuses an e-mail Google has not verified', async () => {
    const { c, grant } = await connect({ email: 'unverified@bayheating.test', emailVerified: false });
    const err = await c.account(grant).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'permanent', message: expect.stringContaining('unverified@bayheating.test') });
  });

  it('refuses a grant without the e-mail scope', async () => {
    opts.grantScopes = [
      'https://www.googleapis.com/auth/calendar.events',
      'https://www.googleapis.com/auth/calendar.freebusy',
      'openid',
    ];
    try {
      const { c, grant } = await connect();
      await expect(c.account(grant)).rejects.toMatchObject({
        kind: 'auth',
        message: expect.stringContaining('e-mail address'),
      });
    } finally {
      delete opts.grantScopes;
    }
  });

  it('refuses a revoked token as an auth problem', async () => {
    const { c, grant } = await connect();
    await c.oauth.revoke(grant);
    await expect(c.account(grant)).rejects.toMatchObject({ kind: 'auth', httpStatus: 400 });
  });

  it('the server grants a short `email` under the URL Google reports it by, like Google', async () => {
    const c = connector();
    const { codeVerifier, codeChallenge } = createPkcePair();
    const url = new URL(await c.oauth.authorizeUrl({ state: 's', codeChallenge, redirectUri: REDIRECT }));
    url.searchParams.set('scope', 'openid email');
    const code = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!;
    const grant = await c.oauth.exchange({ code, codeVerifier, redirectUri: REDIRECT });
    expect(grant.scopes).toEqual(['openid', 'https://www.googleapis.com/auth/userinfo.email']);
    expect((await c.account(grant)).ownerEmail).toBe(EMAIL);
  });

  it("the server's tokeninfo answers in Google's shape, by query parameter too", async () => {
    const { grant } = await connect();
    const r = await fetch(`${srv.url}/tokeninfo?access_token=${encodeURIComponent(grant.accessToken)}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      aud: opts.clientId,
      email: EMAIL,
      email_verified: 'true',
      scope: GOOGLE_CALENDAR_SCOPES.join(' '),
      access_type: 'offline',
    });
    expect(Number(body.expires_in)).toBeGreaterThan(3500);
    expect(Number(body.exp)).toBeGreaterThan(Date.now() / 1000);
    const bad = await fetch(`${srv.url}/tokeninfo?access_token=nope`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_token', error_description: 'Invalid Value' });
  });
});
