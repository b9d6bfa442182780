import type { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import type { ConnectorOAuth, Grant, OAuthParams } from '../types.ts';
import { ConnectorError } from '../types.ts';
import { classifyGoogleError, googleErrorInfo } from './errors.ts';
import { credentialsSchema, tokenInfoSchema } from './schema.ts';

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Default https://accounts.google.com (authorize at /o/oauth2/v2/auth). */
  oauthBaseUrl: string;
  /** Default https://oauth2.googleapis.com/token. */
  tokenUrl: string;
  /** Default: /revoke beside the token URL. */
  revokeUrl?: string;
  /** Default: /tokeninfo beside the token URL (Google serves both on https://oauth2.googleapis.com). */
  tokenInfoUrl?: string;
}

/**
 * The OpenID Connect `email` scope under the name Google reports it by: token responses and tokeninfo list
 * this URL (at times next to `email`) whichever spelling was asked for, and server/oauth compares granted
 * scopes to required ones literally, so asking for (and requiring) the URL keeps the two identical.
 */
export const GOOGLE_EMAIL_SCOPE = 'https://www.googleapis.com/auth/userinfo.email';

/**
 * The least Leadline needs, each required:
 * - calendar.events: create/update the appointment requests;
 * - calendar.freebusy: read busy times for scheduling;
 * - openid + email (both non-sensitive): tokeninfo then tells us the Google account's verified e-mail, which
 *   identifies the connection (a reconnect with another account) and the marketplace installer. Reading
 *   that e-mail off the primary calendar used to cost the calendar.calendars.readonly scope.
 */
export const GOOGLE_CALENDAR_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.freebusy',
  'openid',
  GOOGLE_EMAIL_SCOPE,
] as const;

/** Short OpenID Connect names Google has been seen to echo in `scope` next to (or instead of) the URLs. */
const SCOPE_ALIASES: Record<string, string> = {
  email: GOOGLE_EMAIL_SCOPE,
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};
const canonicalScopes = (scope: string) => [
  ...new Set(
    scope
      .split(/\s+/)
      .filter(Boolean)
      .map((s) => SCOPE_ALIASES[s] ?? s),
  ),
];

/**
 * google-auth-library is loaded on first use, not at import: a process that never talks to Google (a web
 * node serving the widget and Twilio webhooks) never pays for it.
 */
let library: Promise<typeof import('google-auth-library')> | null = null;
const loadLibrary = () => (library ??= import('google-auth-library'));

export async function oauthClient(cfg: GoogleOAuthConfig, redirectUri?: string): Promise<OAuth2Client> {
  const { OAuth2Client } = await loadLibrary();
  const token = new URL(cfg.tokenUrl);
  return new OAuth2Client({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: `${cfg.oauthBaseUrl.replace(/\/+$/, '')}/o/oauth2/v2/auth`,
      oauth2TokenUrl: cfg.tokenUrl,
      oauth2RevokeUrl: cfg.revokeUrl ?? new URL('/revoke', token).toString(),
      tokenInfoUrl: cfg.tokenInfoUrl ?? new URL('/tokeninfo', token).toString(),
    },
  });
}

export function grantFromCredentials(raw: unknown, previous: Grant | null, now = Date.now()): Grant {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConnectorError(
      'permanent',
      `Google token response is not what OAuth 2.0 documents: ${parsed.error.message}`,
    );
  const c = parsed.data;
  return {
    accessToken: c.access_token,
    // Google returns a refresh token on the first consent only (prompt=consent makes it every time);
    // a refresh response never has one, so the stored one stays.
    refreshToken: c.refresh_token ?? previous?.refreshToken ?? null,
    expiresAt: new Date(c.expiry_date ?? now + 3600_000),
    scopes: c.scope ? canonicalScopes(c.scope) : (previous?.scopes ?? []),
  };
}

export interface GoogleIdentity {
  /** The Google account's e-mail address, verified by Google. */
  email: string;
  /** Google's stable, never reused account id (survives an e-mail change). */
  sub: string | null;
}

/**
 * Who granted `accessToken`, from Google's tokeninfo endpoint through the library (at the configured URL):
 * with openid + email granted it answers the account's e-mail, whether Google verified it, and `sub`.
 * A Calendar API call would need a calendar-metadata scope for the same answer.
 */
export async function googleIdentity(cfg: GoogleOAuthConfig, accessToken: string): Promise<GoogleIdentity> {
  let raw: unknown;
  try {
    raw = await (await oauthClient(cfg)).getTokenInfo(accessToken);
  } catch (err) {
    const info = googleErrorInfo(err);
    // tokeninfo answers 400 invalid_token for a token it does not accept (revoked, expired, not Google's).
    if (info.status === 400 || info.status === 401) {
      throw new ConnectorError(
        'auth',
        `Google rejected a token that was just issued (tokeninfo ${info.status}${info.oauthError ? ` ${info.oauthError}` : ''})`,
        { httpStatus: info.status, cause: err },
      );
    }
    throw classifyGoogleError(err);
  }
  const parsed = tokenInfoSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConnectorError(
      'permanent',
      `Google tokeninfo answer is not what Google documents: ${parsed.error.message}`,
    );
  const { email, email_verified: verified, sub } = parsed.data;
  // No e-mail means the e-mail permission is missing from the grant: connecting again and allowing it fixes that.
  if (!email)
    throw new ConnectorError(
      'auth',
      "Google did not tell us the Google account's e-mail address; connect again and allow Leadline to see it",
    );
  // The e-mail decides which Leadline account a marketplace install lands in, so only Google's verified one counts.
  if (verified !== true)
    throw new ConnectorError(
      'permanent',
      `Google has not verified the e-mail address ${email} of this Google account; verify it with Google, then connect again`,
    );
  return { email, sub: sub ?? null };
}

export function createGoogleCalendarOAuth(cfg: GoogleOAuthConfig): ConnectorOAuth {
  return {
    requiredScopes: [...GOOGLE_CALENDAR_SCOPES],

    async authorizeUrl(p: OAuthParams): Promise<string> {
      return (await oauthClient(cfg, p.redirectUri)).generateAuthUrl({
        access_type: 'offline',
        // Without consent a returning user gets no refresh token and the connection dies in an hour.
        prompt: 'consent',
        // No include_granted_scopes: a token carries exactly what Leadline asks for now, never a broader
        // scope an earlier install (or another app of ours) was granted.
        scope: [...GOOGLE_CALENDAR_SCOPES],
        state: p.state,
        code_challenge: p.codeChallenge,
        code_challenge_method: 'S256' as CodeChallengeMethod.S256,
      });
    },

    async exchange(p): Promise<Grant> {
      try {
        const { tokens } = await (await oauthClient(cfg, p.redirectUri)).getToken({
          code: p.code,
          codeVerifier: p.codeVerifier,
          redirect_uri: p.redirectUri,
        });
        return grantFromCredentials(tokens, null);
      } catch (err) {
        throw classifyGoogleError(err);
      }
    },

    async refresh(grant: Grant): Promise<Grant> {
      if (!grant.refreshToken)
        throw new ConnectorError('auth', 'Google grant has no refresh token; reconnect the calendar');
      const client = await oauthClient(cfg);
      client.setCredentials({ refresh_token: grant.refreshToken });
      try {
        await client.getAccessToken();
        return grantFromCredentials(client.credentials, grant);
      } catch (err) {
        throw classifyGoogleError(err);
      }
    },

    async revoke(grant: Grant): Promise<void> {
      // Revoking the refresh token revokes the whole grant, access tokens included.
      try {
        await (await oauthClient(cfg)).revokeToken(grant.refreshToken ?? grant.accessToken);
      } catch (err) {
        const info = googleErrorInfo(err);
        // invalid_token: already revoked or expired, which is the state we wanted.
        if (info.status === 400 || info.oauthError === 'invalid_token') return;
        throw classifyGoogleError(err);
      }
    },
  };
}
