import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeChallengeS256,
  createCodeVerifier,
  createPkcePair,
  isValidCodeVerifier,
} from '../../../connectors/shared/pkce.ts';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { SALESFORCE_DEFAULT_SESSION_MS } from '../../../connectors/salesforce/oauth.ts';
import { ConnectorError } from '../../../connectors/types.ts';
import { type OAuthServer, type OAuthServerOptions, startOAuthServer } from '../../../testkit/oauth-server.ts';

const CLIENT = { id: '3MVG9-consumer-key', secret: 'consumer-secret' };
const REDIRECT = 'https://app.leadline.test/oauth/salesforce/callback';
const ISSUED_AT = 1767225600000;

describe('PKCE S256', () => {
  it('derives the challenge as base64url(sha256(verifier)) without padding', () => {
    // RFC 7636 appendix B test vector.
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const v = createCodeVerifier();
    expect(isValidCodeVerifier(v)).toBe(true);
    expect(v).toHaveLength(43);
    expect(codeChallengeS256(v)).toBe(createHash('sha256').update(v).digest('base64url'));
    expect(createPkcePair().method).toBe('S256');
    expect(() => codeChallengeS256('short')).toThrow(RangeError);
  });
});

describe('Salesforce OAuth against a local authorization server', () => {
  let server: OAuthServer;
  beforeAll(async () => {
    server = await startOAuthServer({
      dialect: 'salesforce',
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      clock: () => ISSUED_AT,
    });
  });
  afterAll(() => server.stop());

  const connector = () =>
    createSalesforceConnector({ clientId: CLIENT.id, clientSecret: CLIENT.secret, loginUrl: server.url });

  it('builds the authorize URL on loginUrl with the S256 challenge, scopes and state', async () => {
    const { codeVerifier, codeChallenge } = createPkcePair();
    const url = new URL(await connector().oauth.authorizeUrl({ state: 'st-1', codeChallenge, redirectUri: REDIRECT }));
    expect(`${url.origin}${url.pathname}`).toBe(`${server.url}/services/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CLIENT.id,
      redirect_uri: REDIRECT,
      scope: 'api refresh_token',
      state: 'st-1',
      code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    });
  });

  it('exchanges the code with the verifier, then refreshes and revokes', async () => {
    const c = connector();
    const { codeVerifier, codeChallenge } = createPkcePair();
    const { code, state } = await server.approve(
      await c.oauth.authorizeUrl({ state: 'st-2', codeChallenge, redirectUri: REDIRECT }),
    );
    expect(state).toBe('st-2');

    const grant = await c.oauth.exchange({ code, codeVerifier, redirectUri: REDIRECT });
    const tokenReq = server.requests.at(-1)!;
    expect(tokenReq.path).toBe('/services/oauth2/token');
    expect(tokenReq.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenReq.form).toMatchObject({
      grant_type: 'authorization_code',
      code,
      code_verifier: codeVerifier,
      client_id: CLIENT.id,
      client_secret: CLIENT.secret,
      redirect_uri: REDIRECT,
    });
    expect(grant).toMatchObject({
      instanceUrl: 'https://acme.my.salesforce.com',
      idUrl: `${server.url}/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS`,
      scopes: ['api', 'refresh_token'],
    });
    expect(grant.refreshToken).toMatch(/^rt-/);
    // No expires_in from Salesforce: issued_at + the documented default session timeout.
    expect(grant.expiresAt?.getTime()).toBe(ISSUED_AT + SALESFORCE_DEFAULT_SESSION_MS);
    expect(c.oauth.requiredScopes.every((s) => grant.scopes.includes(s))).toBe(true);

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
    expect(server.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/services/oauth2/revoke',
      form: { token: grant.refreshToken },
    });
    expect(server.revoked).toContain(grant.refreshToken);

    // Revoked refresh token: refresh is an auth failure (reconnect), revoking again is a no-op.
    const err = await c.oauth.refresh(refreshed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe('auth');
    await expect(c.oauth.revoke(refreshed)).resolves.toBeUndefined();
  });

  it('is refused a code exchange with the wrong verifier', async () => {
    const c = connector();
    const { codeChallenge } = createPkcePair();
    const { code } = await server.approve(
      await c.oauth.authorizeUrl({ state: 's', codeChallenge, redirectUri: REDIRECT }),
    );
    const err = await c.oauth
      .exchange({ code, codeVerifier: createCodeVerifier(), redirectUri: REDIRECT })
      .catch((e: unknown) => e);
    expect((err as ConnectorError).kind).toBe('auth');
    expect((err as ConnectorError).message).toMatch(/code verifier is invalid/);
  });
});

describe('Salesforce hosts are pinned', () => {
  let server: OAuthServer;
  const opts: OAuthServerOptions = { dialect: 'salesforce', clientId: CLIENT.id, clientSecret: CLIENT.secret };
  beforeAll(async () => {
    server = await startOAuthServer(opts);
  });
  afterAll(() => server.stop());
  const connector = (allowedHosts?: string[]) =>
    createSalesforceConnector({
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      loginUrl: server.url,
      ...(allowedHosts ? { allowedHosts } : {}),
    });

  async function exchangeWith(c: ReturnType<typeof connector>) {
    const { codeVerifier, codeChallenge } = createPkcePair();
    const { code } = await server.approve(
      await c.oauth.authorizeUrl({ state: 's', codeChallenge, redirectUri: REDIRECT }),
    );
    return c.oauth.exchange({ code, codeVerifier, redirectUri: REDIRECT });
  }

  it('refuses a token response whose instance_url or id is not on a Salesforce host', async () => {
    for (const bad of [
      { instance_url: 'https://collector.attacker.example' },
      { instance_url: 'https://salesforce.com.attacker.example' },
      { instance_url: 'http://acme.my.salesforce.com' },
      { id: 'https://attacker.example/id/00D/005' },
    ]) {
      opts.tokenOverrides = bad;
      const err = await exchangeWith(connector()).catch((e: unknown) => e);
      expect(err, JSON.stringify(bad)).toBeInstanceOf(ConnectorError);
      expect((err as ConnectorError).message).toMatch(/not a Salesforce host/);
    }
    delete opts.tokenOverrides;
    // Salesforce's own domains (and the configured login host, here the local server) pass.
    opts.tokenOverrides = { instance_url: 'https://acme.my.salesforce.com' };
    expect((await exchangeWith(connector())).instanceUrl).toBe('https://acme.my.salesforce.com');
    // A test or proxy host is allowed only when configured.
    opts.tokenOverrides = { instance_url: 'https://sf.proxy.internal' };
    await expect(exchangeWith(connector())).rejects.toThrow(/not a Salesforce host/);
    expect((await exchangeWith(connector(['salesforce.com', 'proxy.internal']))).instanceUrl).toBe(
      'https://sf.proxy.internal',
    );
    delete opts.tokenOverrides;
  });
});
