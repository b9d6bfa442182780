import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubspotConnector } from '../../../connectors/hubspot/index.ts';
import { ConnectorError } from '../../../connectors/types.ts';
import { startHubspotStandin, type HubspotStandin } from '../../../testkit/hubspot-standin.ts';

const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const challenge = createHash('sha256').update(verifier).digest('base64url');

let standin: HubspotStandin;
beforeAll(async () => {
  standin = await startHubspotStandin({
    accounts: [
      {
        hubId: 777,
        token: 'at-1',
        refreshToken: 'rt-1',
        hubDomain: 'acme.example.com',
        user: 'owner@acme.test',
        scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
      },
    ],
    authCodes: {
      'code-ok': { hubId: 777, codeChallenge: challenge },
      'code-2': { hubId: 777, codeChallenge: challenge },
    },
  });
});
afterAll(() => standin.stop());

const connector = () =>
  createHubspotConnector({
    clientId: 'client-1',
    clientSecret: 's3cret',
    appBaseUrl: 'https://app.hubspot.test',
    apiBaseUrl: standin.url,
  });

describe('HubSpot OAuth against the stand-in', () => {
  it('builds the authorize URL with scopes, optional scopes, state and an S256 challenge', async () => {
    const url = new URL(
      await connector().oauth.authorizeUrl({
        state: 'st-1',
        codeChallenge: challenge,
        redirectUri: 'https://leadline.test/oauth/hubspot/callback',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://app.hubspot.test/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'client-1',
      redirect_uri: 'https://leadline.test/oauth/hubspot/callback',
      scope: 'crm.objects.contacts.read crm.objects.contacts.write oauth',
      optional_scope: 'crm.schemas.contacts.read crm.schemas.contacts.write crm.schemas.calls.write',
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(connector().oauth.requiredScopes).toEqual([
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'oauth',
    ]);
  });

  it('exchanges a code with its PKCE verifier and reads the granted scopes and account', async () => {
    const c = connector();
    const grant = await c.oauth.exchange({
      code: 'code-ok',
      codeVerifier: verifier,
      redirectUri: 'https://leadline.test/cb',
    });
    expect(grant.accessToken).toMatch(/^standin-/);
    expect(grant.refreshToken).toBe('rt-1');
    expect(grant.scopes).toEqual(['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write']);
    expect(grant.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 1700_000);
    expect(await c.account(grant)).toEqual({
      id: '777',
      name: 'acme.example.com',
      ownerEmail: 'owner@acme.test',
      timezone: null,
    });
  });

  it('refuses a code presented with the wrong verifier as an auth error', async () => {
    const err = await connector()
      .oauth.exchange({
        code: 'code-2',
        codeVerifier: 'wrong-verifier-wrong-verifier-wrong-verifier',
        redirectUri: 'https://leadline.test/cb',
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'auth', httpStatus: 400 });
  });

  it('refreshes, keeping the refresh token and scopes', async () => {
    const old = { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: new Date(), scopes: ['oauth'] };
    const grant = await connector().oauth.refresh(old);
    expect(grant.accessToken).not.toBe('at-1');
    expect(grant.refreshToken).toBe('rt-1');
    expect(grant.scopes).toEqual(['oauth']);
  });

  it('classifies BAD_REFRESH_TOKEN as auth (needs reconnect)', async () => {
    const err = await connector()
      .oauth.refresh({ accessToken: 'x', refreshToken: 'nope', expiresAt: null, scopes: [] })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: 'auth', httpStatus: 400 });
    expect(err.message).toContain('BAD_REFRESH_TOKEN');
  });

  it('revokes the refresh token, after which refresh fails; revoking twice is fine', async () => {
    const c = connector();
    const grant = { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: null, scopes: [] };
    await c.oauth.revoke(grant);
    await expect(c.oauth.refresh(grant)).rejects.toMatchObject({ kind: 'auth' });
    await expect(c.oauth.revoke(grant)).resolves.toBeUndefined();
  });

  it('never puts a token into an error message', async () => {
    const down = createHubspotConnector({
      clientId: 'c',
      clientSecret: 's',
      appBaseUrl: 'https://app.hubspot.test',
      apiBaseUrl: 'http://127.0.0.1:9',
    });
    const err = await down
      .account({ accessToken: 'super-secret-token', refreshToken: null, expiresAt: null, scopes: [] })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: 'transient' });
    expect(err.message).not.toContain('super-secret-token');
  });
});
