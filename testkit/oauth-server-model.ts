/**
 * The local OAuth server's in-memory model for @node-oauth/oauth2-server: clients, authorization codes (PKCE
 * S256 required), access and refresh tokens, each tied to the grant that issued it.
 */
import OAuth2Server from '@node-oauth/oauth2-server';
import type { DialectSpec } from './oauth-dialects.ts';
import { EMAIL_SCOPE } from './oauth-server-google.ts';

const { InvalidRequestError } = OAuth2Server;

/** The resource owner of one grant; `grantId` ties the grant's code, access and refresh tokens together. */
export interface GrantUser {
  email: string;
  name?: string;
  timeZone?: string;
  sub?: string;
  emailVerified?: boolean;
  grantId: string;
  pkceMethod: string | null;
}
export interface TokenEntry {
  scopes: string[];
  expiresAt: number;
  user: GrantUser;
}
export interface RefreshEntry {
  scopes: string[];
  expiresAt: number;
  user: GrantUser;
}

/** The one client the server knows (see OAuthServerOptions). */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  redirectUris?: string[] | undefined;
  grantScopes?: string[] | undefined;
}

/** The model and the stores behind it; `opts` is read per request, so a test can change it between steps. */
export function oauthModel(opts: ClientRegistration, spec: DialectSpec) {
  const codes = new Map<string, OAuth2Server.AuthorizationCode>();
  const accessTokens = new Map<string, TokenEntry>();
  const refreshTokens = new Map<string, RefreshEntry>();
  const client = (): OAuth2Server.Client => ({
    id: opts.clientId,
    grants: ['authorization_code', 'refresh_token'],
    redirectUris: opts.redirectUris ?? ['urn:unregistered'],
  });

  const model: OAuth2Server.AuthorizationCodeModel & OAuth2Server.RefreshTokenModel = {
    generateAccessToken: async () => spec.accessToken(),
    generateRefreshToken: async () => spec.refreshToken(),
    // The authorize handler looks the client up by id alone (secret null); the token handler passes what the
    // client sent, and a confidential client must always send its secret (even with PKCE).
    getClient: async (id, secret) =>
      id === opts.clientId && (secret === null || secret === opts.clientSecret) ? client() : null,
    validateRedirectUri: async (uri) =>
      opts.redirectUris ? opts.redirectUris.includes(uri) : /^https?:\/\/[^/]/.test(uri),
    validateScope: async (_user, _client, scope) =>
      opts.grantScopes ?? (scope ?? []).map((s) => (s === 'email' ? EMAIL_SCOPE : s)),
    saveAuthorizationCode: async (code, c, user) => {
      // The library defaults a missing method to S256; RFC 7636 §4.3 says a missing method means plain, which we refuse.
      if (!code.codeChallenge || user.pkceMethod !== 'S256')
        throw new InvalidRequestError('Invalid request: PKCE with code_challenge_method=S256 is required');
      const saved = { ...code, client: c, user };
      codes.set(code.authorizationCode, saved);
      return saved;
    },
    getAuthorizationCode: async (code) => codes.get(code) ?? null,
    revokeAuthorizationCode: async (code) => codes.delete(code.authorizationCode),
    saveToken: async (token, c, user) => {
      const u = user as GrantUser;
      accessTokens.set(token.accessToken, {
        scopes: token.scope ?? [],
        expiresAt: token.accessTokenExpiresAt!.getTime(),
        user: u,
      });
      if (token.refreshToken)
        refreshTokens.set(token.refreshToken, {
          scopes: token.scope ?? [],
          expiresAt: token.refreshTokenExpiresAt!.getTime(),
          user: u,
        });
      return { ...token, client: c, user };
    },
    getAccessToken: async (t) => {
      const e = accessTokens.get(t);
      return e
        ? {
            accessToken: t,
            accessTokenExpiresAt: new Date(e.expiresAt),
            scope: e.scopes,
            client: client(),
            user: e.user,
          }
        : null;
    },
    getRefreshToken: async (t) => {
      const e = refreshTokens.get(t);
      return e
        ? {
            refreshToken: t,
            refreshTokenExpiresAt: new Date(e.expiresAt),
            scope: e.scopes,
            client: client(),
            user: e.user,
          }
        : null;
    },
    revokeToken: async (t) => refreshTokens.delete(t.refreshToken),
  };

  return { model, codes, accessTokens, refreshTokens, client };
}
