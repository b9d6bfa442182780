/**
 * Google's extras on the local OAuth server: tokeninfo (access-token introspection, which the Google connector's
 * account() asks for the e-mail) and a protected Calendar resource; both authenticate the bearer token through
 * the library, so they also prove the issued access token works.
 */
import { createHash } from 'node:crypto';
import OAuth2Server from '@node-oauth/oauth2-server';

const { Response, OAuthError } = OAuth2Server;

/** The OpenID Connect `email` scope as Google grants and reports it, whichever spelling was asked for. */
export const EMAIL_SCOPE = 'https://www.googleapis.com/auth/userinfo.email';
/** Google's `sub` is a decimal number of up to 21 digits; derived from the e-mail so it is stable across grants. */
const subFor = (email: string) =>
  '1' +
  BigInt(`0x${createHash('sha256').update(email).digest('hex').slice(0, 16)}`)
    .toString()
    .padStart(20, '0');

/** GET /calendar/v3/calendars/primary for the token's user, or Google's 401 shape. */
export async function calendarAnswer(oauth: OAuth2Server, req: OAuth2Server.Request): Promise<OAuth2Server.Response> {
  const r = new Response();
  try {
    const { user } = await oauth.authenticate(req, r);
    r.body = {
      kind: 'calendar#calendar',
      id: user.email,
      summary: user.name ?? user.email,
      timeZone: user.timeZone ?? 'UTC',
      etag: '"1"',
    };
  } catch (e) {
    if (!(e instanceof OAuthError)) throw e;
    // Google's error shape, with the library's status and WWW-Authenticate (RFC 6750 §3).
    r.status = e.code;
    r.body = {
      error: {
        code: e.code,
        message: 'Request had invalid authentication credentials.',
        status: 'UNAUTHENTICATED',
        errors: [{ reason: 'authError', message: e.message, domain: 'global' }],
      },
    };
  }
  return r;
}

/**
 * Google's tokeninfo for an access token: numbers and booleans as strings, `email` / `email_verified` only when
 * the grant has the e-mail scope; an unknown, revoked or expired token → 400 invalid_token.
 */
export async function tokenInfoAnswer(
  oauth: OAuth2Server,
  req: OAuth2Server.Request,
  clientId: string,
): Promise<OAuth2Server.Response> {
  const r = new Response({ headers: { 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' } });
  try {
    const t = await oauth.authenticate(req, r, { allowBearerTokensInQueryString: true });
    const user = t.user as { email: string; sub?: string; emailVerified?: boolean };
    const scopes = (t.scope ?? []) as string[];
    const exp = Math.floor(t.accessTokenExpiresAt!.getTime() / 1000);
    r.body = {
      azp: clientId,
      aud: clientId,
      sub: user.sub ?? subFor(user.email),
      scope: scopes.join(' '),
      exp: String(exp),
      expires_in: String(Math.max(0, exp - Math.floor(Date.now() / 1000))),
      ...(scopes.includes(EMAIL_SCOPE)
        ? { email: user.email, email_verified: String(user.emailVerified ?? true) }
        : {}),
      access_type: 'offline',
    };
  } catch (e) {
    if (!(e instanceof OAuthError)) throw e;
    r.status = 400;
    r.body = { error: 'invalid_token', error_description: 'Invalid Value' };
  }
  return r;
}
