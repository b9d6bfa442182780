/**
 * What differs between providers' OAuth servers, for the local one in oauth-server.ts: endpoint paths, the
 * look of issued tokens, extra fields in token responses, and how an unknown token's revocation is answered.
 * The protocol itself (codes, PKCE, client authentication, refresh) is the same library for every dialect.
 */
import { randomBytes } from 'node:crypto';

export type Dialect = 'google' | 'salesforce';

export interface DialectPaths {
  authorize: readonly string[];
  token: string;
  revoke: string;
}

export interface DialectSpec {
  paths: DialectPaths;
  accessToken(): string;
  refreshToken(): string;
  /**
   * A missing code_challenge_method: RFC 7636 §4.3 says plain (which Google's server refuses here);
   * Salesforce supports S256 only and takes a challenge without a method as S256.
   */
  defaultPkceMethod: 'S256' | null;
  /** Rewrites a successful token response body the way the provider shapes it. */
  tokenBody(body: Record<string, unknown>, ctx: { url: string; now: number }): Record<string, unknown>;
  /** Answer to revoking a token the server does not know. */
  unknownRevoke: { status: number; contentType: string; body: string } | null;
}

const hex = (n: number) => randomBytes(n).toString('hex');

export const DIALECTS: Record<Dialect, DialectSpec> = {
  google: {
    paths: { authorize: ['/o/oauth2/v2/auth', '/authorize'], token: '/token', revoke: '/revoke' },
    accessToken: () => `ya29.${hex(16)}`,
    refreshToken: () => `rt-${hex(8)}`,
    defaultPkceMethod: null,
    tokenBody: (body) => body,
    // Google answers 200 for a token it does not know (already revoked or expired).
    unknownRevoke: null,
  },
  salesforce: {
    paths: {
      authorize: ['/services/oauth2/authorize'],
      token: '/services/oauth2/token',
      revoke: '/services/oauth2/revoke',
    },
    accessToken: () => `00Dxx0000001gPL!${hex(16)}`,
    refreshToken: () => `rt-${hex(8)}`,
    defaultPkceMethod: 'S256',
    // Salesforce sends no expires_in (the session policy decides), but the org's instance, the identity URL,
    // when it was issued (ms since epoch, as a string) and an HMAC signature.
    tokenBody: ({ expires_in: _drop, ...body }, { url, now }) => ({
      ...body,
      signature: randomBytes(8).toString('base64'),
      instance_url: 'https://acme.my.salesforce.com',
      id: `${url}/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS`,
      issued_at: String(now),
    }),
    unknownRevoke: {
      status: 400,
      contentType: 'application/x-www-form-urlencoded',
      body: 'error=invalid_token&error_description=Invalid+token',
    },
  },
};
