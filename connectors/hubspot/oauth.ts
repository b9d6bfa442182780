/**
 * HubSpot OAuth 2.0 (authorization code + PKCE S256). The authorize page lives on the app host; token
 * exchange, refresh, token info and revocation go through the SDK's oauth API on the API host.
 */
import type { ConnectorOAuth, Grant, OAuthParams } from '../types.ts';
import { ConnectorError } from '../types.ts';
import { classifyHubspotError, createHubspotClient } from './client.ts';
import { accessTokenInfoSchema, tokenResponseSchema } from './schema.ts';

/** Contacts read/write also cover call engagements (HubSpot's calls API lists exactly these two). */
export const REQUIRED_SCOPES = ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'oauth'] as const;
/**
 * Reading property definitions for the mapping editor, and creating the unique key properties that make
 * creates idempotent (unique-keys.ts): the contacts' on contacts, the calls' on calls (the properties API
 * checks the scope of the object type it is asked about). The install works without them.
 */
export const OPTIONAL_SCOPES = [
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.schemas.calls.write',
] as const;

export interface HubspotOAuthConfig {
  clientId: string;
  clientSecret: string;
  appBaseUrl: string;
  apiBaseUrl: string;
  optionalScopes?: readonly string[];
  timeoutMs?: number;
}

/**
 * The SDK's token call has no code_verifier argument; this call-time middleware appends it to the form body
 * the SDK already built (a URLSearchParams), so the request still goes through the SDK. It must be passed
 * per call: the SDK (13.5) never runs middleware given in the client configuration.
 */
function withFormField(name: string, value: string) {
  return {
    middlewareMergeStrategy: 'append' as const,
    middleware: [
      {
        async pre<C extends { getBody(): unknown }>(ctx: C): Promise<C> {
          const body = ctx.getBody();
          if (body instanceof URLSearchParams) body.append(name, value);
          return ctx;
        },
        post: async <R>(rsp: R): Promise<R> => rsp,
      },
    ],
  };
}

async function guarded<T>(what: string, work: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ConnectorError('transient', `HubSpot ${what} timed out after ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (e) {
    throw classifyHubspotError(e);
  } finally {
    clearTimeout(timer);
  }
}

export function createHubspotOAuth(cfg: HubspotOAuthConfig): ConnectorOAuth & {
  tokenInfo(accessToken: string): Promise<ReturnType<typeof accessTokenInfoSchema.parse>>;
} {
  const timeoutMs = cfg.timeoutMs ?? 30_000;
  const optional = cfg.optionalScopes ?? OPTIONAL_SCOPES;

  async function tokenInfo(accessToken: string) {
    const info = await guarded(
      'token info',
      async () => (await createHubspotClient({ basePath: cfg.apiBaseUrl })).oauth.accessTokensApi.get(accessToken),
      timeoutMs,
    );
    const parsed = accessTokenInfoSchema.safeParse(info);
    if (!parsed.success) throw new ConnectorError('transient', 'HubSpot token info had an unexpected shape');
    return parsed.data;
  }

  function toGrant(raw: unknown, previous: Grant | null, scopes: string[]): Grant {
    const parsed = tokenResponseSchema.safeParse(raw);
    if (!parsed.success) throw new ConnectorError('transient', 'HubSpot token response had an unexpected shape');
    return {
      accessToken: parsed.data.accessToken,
      refreshToken: parsed.data.refreshToken ?? previous?.refreshToken ?? null,
      expiresAt: new Date(Date.now() + parsed.data.expiresIn * 1000),
      scopes,
    };
  }

  return {
    requiredScopes: [...REQUIRED_SCOPES],

    async authorizeUrl(p: OAuthParams): Promise<string> {
      const url = new URL('/oauth/authorize', cfg.appBaseUrl);
      url.searchParams.set('client_id', cfg.clientId);
      url.searchParams.set('redirect_uri', p.redirectUri);
      url.searchParams.set('scope', REQUIRED_SCOPES.join(' '));
      if (optional.length > 0) url.searchParams.set('optional_scope', optional.join(' '));
      url.searchParams.set('state', p.state);
      url.searchParams.set('code_challenge', p.codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
      return url.toString();
    },

    async exchange(p): Promise<Grant> {
      const client = await createHubspotClient({ basePath: cfg.apiBaseUrl });
      const raw = await guarded(
        'token exchange',
        () =>
          client.oauth.tokensApi.create(
            'authorization_code',
            p.code,
            p.redirectUri,
            cfg.clientId,
            cfg.clientSecret,
            undefined,
            withFormField('code_verifier', p.codeVerifier),
          ),
        timeoutMs,
      );
      const provisional = toGrant(raw, null, []);
      // The token response does not list scopes; the token info endpoint does, and the install check needs them.
      const info = await tokenInfo(provisional.accessToken);
      return { ...provisional, scopes: info.scopes };
    },

    async refresh(grant: Grant): Promise<Grant> {
      if (!grant.refreshToken) throw new ConnectorError('auth', 'HubSpot grant has no refresh token');
      const refreshToken = grant.refreshToken;
      const client = await createHubspotClient({ basePath: cfg.apiBaseUrl });
      const raw = await guarded(
        'token refresh',
        () =>
          client.oauth.tokensApi.create(
            'refresh_token',
            undefined,
            undefined,
            cfg.clientId,
            cfg.clientSecret,
            refreshToken,
          ),
        timeoutMs,
      );
      return toGrant(raw, grant, grant.scopes);
    },

    async revoke(grant: Grant): Promise<void> {
      if (!grant.refreshToken) return;
      const refreshToken = grant.refreshToken;
      try {
        await guarded(
          'token revoke',
          async () =>
            (await createHubspotClient({ basePath: cfg.apiBaseUrl })).oauth.refreshTokensApi.archive(refreshToken),
          timeoutMs,
        );
      } catch (e) {
        // Already revoked or unknown: the goal (token unusable) is met.
        if (e instanceof ConnectorError && (e.httpStatus === 404 || e.httpStatus === 400)) return;
        throw e;
      }
    },

    tokenInfo,
  };
}
