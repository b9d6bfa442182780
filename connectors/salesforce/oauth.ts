import type { OAuth2 } from 'jsforce';
import type { ConnectorOAuth, Grant, OAuthParams } from '../types.ts';
import { ConnectorError } from '../types.ts';
import { tokenResponseSchema, type TokenResponse } from './schema.ts';
import { classifySalesforceError } from './errors.ts';

export interface SalesforceOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** https://login.salesforce.com, https://test.salesforce.com (sandboxes) or a My Domain login URL. */
  loginUrl: string;
  /** Host suffixes `instance_url` and `id` may point at (default SALESFORCE_HOSTS; the login URL's host always). */
  allowedHosts?: readonly string[];
}

/** Salesforce's own domains (orgs, My Domains, Government Cloud). */
export const SALESFORCE_HOSTS = ['salesforce.com', 'force.com', 'cloudforce.com', 'salesforce.mil'] as const;

/**
 * The token response names the org's API host (`instance_url`) and identity URL (`id`); Leadline then sends the
 * access token there. Both must be https on a Salesforce domain (or the configured login host), so a response
 * that names some other host cannot collect the token or make us write leads elsewhere.
 */
export function pinSalesforceUrl(raw: string, what: string, loginUrl: string, allowed: readonly string[]): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConnectorError('permanent', `Salesforce ${what} is not a URL`);
  }
  const login = new URL(loginUrl);
  const host = u.hostname.toLowerCase();
  const isLoginHost = u.host === login.host && u.protocol === login.protocol;
  const onSalesforce = u.protocol === 'https:' && allowed.some((d) => host === d || host.endsWith(`.${d}`));
  if (!isLoginHost && !onSalesforce)
    throw new ConnectorError('permanent', `Salesforce ${what} ${u.origin} is not a Salesforce host; refused`);
  return raw;
}

/** `api` for REST, `refresh_token` so the connection outlives the session. */
export const SALESFORCE_SCOPES = ['api', 'refresh_token'] as const;

/**
 * Salesforce's token response carries no `expires_in`: the session lives until the org's session timeout
 * (Setup → Session Settings; 2 hours by default, 15 minutes to 24 hours possible) counted from last use.
 * We assume the documented default from `issued_at`. An org with a shorter timeout costs one rejected
 * request: the connector answers INVALID_SESSION_ID with a forced refresh and retries once, so a too
 * optimistic guess never fails a sync. (Introspection would give the exact `exp` at the price of one more
 * request per refresh; not worth it while the fallback is that cheap.)
 */
export const SALESFORCE_DEFAULT_SESSION_MS = 2 * 60 * 60 * 1000;

export function grantFromTokenResponse(
  raw: unknown,
  previous: Grant | null,
  now = Date.now(),
  pin: (url: string, what: string) => string = (url) => url,
): Grant {
  const parsed = tokenResponseSchema.safeParse(raw);
  if (!parsed.success)
    throw new ConnectorError(
      'permanent',
      `Salesforce token response is not what the OAuth flow documents: ${parsed.error.message}`,
    );
  const t: TokenResponse = parsed.data;
  const issuedAt = t.issued_at ? Number(t.issued_at) : now;
  const scopes = t.scope ? t.scope.split(/\s+/).filter(Boolean) : (previous?.scopes ?? []);
  return {
    accessToken: t.access_token,
    // A refresh response never repeats the refresh token; keep the one we have.
    refreshToken: t.refresh_token ?? previous?.refreshToken ?? null,
    expiresAt: new Date(issuedAt + SALESFORCE_DEFAULT_SESSION_MS),
    scopes,
    instanceUrl: pin(t.instance_url, 'instance_url'),
    idUrl: pin(t.id, 'id'),
  };
}

/** jsforce (~37 MB resident) is loaded on first use, so a process that never talks to Salesforce never pays for it. */
let jsforce: Promise<{ OAuth2: typeof OAuth2 }> | null = null;
const loadJsforce = () => (jsforce ??= import('jsforce'));

export function createSalesforceOAuth(cfg: SalesforceOAuthConfig): ConnectorOAuth {
  // One jsforce OAuth2 per call: the redirect URI is per request and the class keeps it as state.
  const client = async (redirectUri?: string) => {
    const { OAuth2 } = await loadJsforce();
    return new OAuth2({ clientId: cfg.clientId, clientSecret: cfg.clientSecret, loginUrl: cfg.loginUrl, redirectUri });
  };

  const allowed = cfg.allowedHosts ?? SALESFORCE_HOSTS;
  const pin = (url: string, what: string) => pinSalesforceUrl(url, what, cfg.loginUrl, allowed);

  return {
    requiredScopes: [...SALESFORCE_SCOPES],

    async authorizeUrl(p: OAuthParams): Promise<string> {
      // jsforce passes extra authorize parameters through. Salesforce documents `code_challenge` alone
      // (always SHA-256, base64url), which is exactly S256; we never let jsforce invent its own verifier.
      return (await client(p.redirectUri)).getAuthorizationUrl({
        scope: SALESFORCE_SCOPES.join(' '),
        state: p.state,
        code_challenge: p.codeChallenge,
      });
    },

    async exchange(p): Promise<Grant> {
      try {
        const res = await (await client(p.redirectUri)).requestToken(p.code, { code_verifier: p.codeVerifier });
        return grantFromTokenResponse(res, null, Date.now(), pin);
      } catch (err) {
        throw classifySalesforceError(err);
      }
    },

    async refresh(grant: Grant): Promise<Grant> {
      if (!grant.refreshToken)
        throw new ConnectorError('auth', 'Salesforce grant has no refresh token; reconnect the org');
      try {
        const res = await (await client()).refreshToken(grant.refreshToken);
        return grantFromTokenResponse(res, grant, Date.now(), pin);
      } catch (err) {
        throw classifySalesforceError(err);
      }
    },

    async revoke(grant: Grant): Promise<void> {
      // Revoking the refresh token also ends every session issued from it.
      const token = grant.refreshToken ?? grant.accessToken;
      try {
        await (await client()).revokeToken(token);
      } catch (err) {
        const classified = classifySalesforceError(err);
        // An already revoked or expired token is the outcome we wanted.
        if (classified.kind === 'auth') return;
        throw classified;
      }
    },
  };
}
