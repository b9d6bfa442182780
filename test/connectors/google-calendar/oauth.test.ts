import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGoogleCalendarConnector,
  GOOGLE_CALENDAR_SCOPES,
  grantFromCredentials,
} from '../../../connectors/google-calendar/index.ts';
import { createPkcePair } from '../../../connectors/shared/pkce.ts';
import { ConnectorError } from '../../../connectors/types.ts';
import { startOAuthServer, type OAuthServer } from '../../../testkit/oauth-server.ts';

const CLIENT = { id: '1234-abc.apps.googleusercontent.com', secret: 'GOCSPX-secret' };
const REDIRECT = 'https://app.leadline.test/oauth/google/callback';

describe('Google Calendar OAuth against a local authorization server', () => {
  let server: OAuthServer;
  beforeAll(async () => {
    server = await startOAuthServer({ clientId: CLIENT.id, clientSecret: CLIENT.secret });
  });
  afterAll(() => server.stop());
  const connector = () =>
    createGoogleCalendarConnector({
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      oauthBaseUrl: server.url,
      tokenUrl: `${server.url}/token`,
    });

  it('asks for the least scopes: events, free/busy and the non-sensitive openid + email, all required', () => {
    // No calendar-metadata scope (calendar.calendars.readonly): the account's e-mail comes from tokeninfo.
    // `email` is spelled as the URL Google reports it by, so the granted-scopes check compares like with like.
    const least = [
      'https://www.googleapis.com/auth/calendar.events',
      'https://www.googleapis.com/auth/calendar.freebusy',
      'openid',
      'https://www.googleapis.com/auth/userinfo.email',
    ];
    expect([...GOOGLE_CALENDAR_SCOPES]).toEqual(least);
    expect(connector().oauth.requiredScopes).toEqual(least);
  });

  it('reads a short `email` / `profile` in a token response as the URL Google otherwise reports', () => {
    const grant = grantFromCredentials(
      { access_token: 'at', scope: 'email openid https://www.googleapis.com/auth/userinfo.email profile' },
      null,
    );
    expect(grant.scopes).toEqual([
      'https://www.googleapis.com/auth/userinfo.email',
      'openid',
      'https://www.googleapis.com/auth/userinfo.profile',
    ]);
  });

  it('asks for offline access with consent, the calendar scopes and an S256 challenge', async () => {
    const { codeVerifier, codeChallenge } = createPkcePair();
    const url = new URL(await connector().oauth.authorizeUrl({ state: 'st-g', codeChallenge, redirectUri: REDIRECT }));
    expect(`${url.origin}${url.pathname}`).toBe(`${server.url}/o/oauth2/v2/auth`);
    const q = Object.fromEntries(url.searchParams);
    expect(q.include_granted_scopes).toBeUndefined();
    expect(q).toMatchObject({
      access_type: 'offline',
      prompt: 'consent',
      response_type: 'code',
      client_id: CLIENT.id,
      redirect_uri: REDIRECT,
      state: 'st-g',
      code_challenge_method: 'S256',
      code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    });
    expect(q.scope?.split(' ')).toEqual([...GOOGLE_CALENDAR_SCOPES]);
  });

  it('exchanges, refreshes and revokes with the documented request shapes', async () => {
    const c = connector();
    const { codeVerifier, codeChallenge } = createPkcePair();
    const { code } = await server.approve(
      await c.oauth.authorizeUrl({ state: 's', codeChallenge, redirectUri: REDIRECT }),
    );
    const before = Date.now();
    const grant = await c.oauth.exchange({ code, codeVerifier, redirectUri: REDIRECT });
    expect(server.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/token',
      form: {
        grant_type: 'authorization_code',
        code,
        code_verifier: codeVerifier,
        redirect_uri: REDIRECT,
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
      },
    });
    expect(grant.scopes).toEqual([...GOOGLE_CALENDAR_SCOPES]);
    expect(grant.refreshToken).toMatch(/^rt-/);
    expect(grant.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 3_598_000);

    const refreshed = await c.oauth.refresh(grant);
    expect(server.requests.at(-1)!.form).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: grant.refreshToken,
      client_id: CLIENT.id,
      client_secret: CLIENT.secret,
    });
    expect(refreshed.accessToken).not.toBe(grant.accessToken);
    expect(refreshed.refreshToken).toBe(grant.refreshToken);

    await c.oauth.revoke(refreshed);
    const revokeReq = server.requests.at(-1)!;
    expect(revokeReq).toMatchObject({ method: 'POST', path: '/revoke' });
    expect(revokeReq.query.token ?? revokeReq.form.token).toBe(grant.refreshToken);

    const err = await c.oauth.refresh(refreshed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe('auth');
    await expect(c.oauth.revoke(refreshed)).resolves.toBeUndefined();
  });
});
