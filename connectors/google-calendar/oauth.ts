import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import type { ConnectorOAuth, Grant, OAuthParams } from '../types.ts';
import { ConnectorError } from '../types.ts';
import { classifyGoogleError, googleErrorInfo } from './errors.ts';
import { credentialsSchema } from './schema.ts';

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Default https://accounts.google.com (authorize at /o/oauth2/v2/auth). */
  oauthBaseUrl: string;
  /** Default https://oauth2.googleapis.com/token. */
  tokenUrl: string;
  /** Default: /revoke beside the token URL. */
  revokeUrl?: string;
}

/**
 * events: create/update the appointment requests; freebusy: read busy times for scheduling;
 * calendars.readonly: calendars.get('primary') for the owner's e-mail and time zone (neither of the
 * other two scopes covers that method).
 */
export const GOOGLE_CALENDAR_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events',
  'https://www.googleapis.com/auth/calendar.freebusy',
  'https://www.googleapis.com/auth/calendar.calendars.readonly',
] as const;

export function oauthClient(cfg: GoogleOAuthConfig, redirectUri?: string): OAuth2Client {
  const token = new URL(cfg.tokenUrl);
  return new OAuth2Client({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: `${cfg.oauthBaseUrl.replace(/\/+$/, '')}/o/oauth2/v2/auth`,
      oauth2TokenUrl: cfg.tokenUrl,
      oauth2RevokeUrl: cfg.revokeUrl ?? new URL('/revoke', token).toString(),
    },
  });
}

export function grantFromCredentials(raw: unknown, previous: Grant | null, now = Date.now()): Grant {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) throw new ConnectorError('permanent', `Google token response is not what OAuth 2.0 documents: ${parsed.error.message}`);
  const c = parsed.data;
  return {
    accessToken: c.access_token,
    // Google returns a refresh token on the first consent only (prompt=consent makes it every time);
    // a refresh response never has one, so the stored one stays.
    refreshToken: c.refresh_token ?? previous?.refreshToken ?? null,
    expiresAt: new Date(c.expiry_date ?? now + 3600_000),
    scopes: c.scope ? c.scope.split(/\s+/).filter(Boolean) : (previous?.scopes ?? []),
  };
}

export function createGoogleCalendarOAuth(cfg: GoogleOAuthConfig): ConnectorOAuth {
  return {
    requiredScopes: [...GOOGLE_CALENDAR_SCOPES],

    authorizeUrl(p: OAuthParams): string {
      return oauthClient(cfg, p.redirectUri).generateAuthUrl({
        access_type: 'offline',
        // Without consent a returning user gets no refresh token and the connection dies in an hour.
        prompt: 'consent',
        include_granted_scopes: true,
        scope: [...GOOGLE_CALENDAR_SCOPES],
        state: p.state,
        code_challenge: p.codeChallenge,
        code_challenge_method: CodeChallengeMethod.S256,
      });
    },

    async exchange(p): Promise<Grant> {
      try {
        const { tokens } = await oauthClient(cfg, p.redirectUri).getToken({ code: p.code, codeVerifier: p.codeVerifier, redirect_uri: p.redirectUri });
        return grantFromCredentials(tokens, null);
      } catch (err) {
        throw classifyGoogleError(err);
      }
    },

    async refresh(grant: Grant): Promise<Grant> {
      if (!grant.refreshToken) throw new ConnectorError('auth', 'Google grant has no refresh token; reconnect the calendar');
      const client = oauthClient(cfg);
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
        await oauthClient(cfg).revokeToken(grant.refreshToken ?? grant.accessToken);
      } catch (err) {
        const info = googleErrorInfo(err);
        // invalid_token: already revoked or expired, which is the state we wanted.
        if (info.status === 400 || info.oauthError === 'invalid_token') return;
        throw classifyGoogleError(err);
      }
    },
  };
}
