/**
 * The HubSpot stand-in's OAuth endpoints: token exchange (authorization code with PKCE, refresh), access-token
 * introspection and refresh-token revocation, over the accounts the stand-in was started with.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { StandinAccount, StandinOptions } from './hubspot-standin-types.ts';

/**
 * `tokens` maps every access token handed out to its account; `dead` holds the ones a test invalidated.
 * Answers null for a path that is not an OAuth endpoint.
 */
export function oauthEndpoints(
  accounts: StandinAccount[],
  tokens: Map<string, StandinAccount>,
  dead: Set<string>,
  opts: Pick<StandinOptions, 'authCodes'>,
) {
  function tokenAnswer(account: StandinAccount): [number, unknown] {
    const token = `standin-${randomUUID()}`;
    const next: StandinAccount = { ...account, token };
    tokens.set(token, next);
    return [
      200,
      {
        access_token: token,
        refresh_token: account.refreshToken ?? 'standin-refresh',
        expires_in: 1800,
        token_type: 'bearer',
      },
    ];
  }

  function oauth(method: string, path: string, raw: string): [number, unknown] | null {
    const info = path.match(/^\/oauth\/v1\/access-tokens\/([^/]+)$/);
    if (method === 'GET' && info) {
      const a = tokens.get(decodeURIComponent(info[1] ?? ''));
      if (!a || dead.has(a.token))
        return [
          404,
          { status: 'error', message: 'Token not found', category: 'OBJECT_NOT_FOUND', correlationId: randomUUID() },
        ];
      return [
        200,
        {
          token: a.token,
          user: a.user ?? 'owner@standin.test',
          hub_domain: a.hubDomain ?? `standin-${a.hubId}.com`,
          scopes: a.scopes ?? ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
          hub_id: a.hubId,
          app_id: 1,
          expires_in: 1800,
          user_id: 1,
          token_type: 'access',
        },
      ];
    }
    const revoke = path.match(/^\/oauth\/v1\/refresh-tokens\/([^/]+)$/);
    if (method === 'DELETE' && revoke) {
      const rt = decodeURIComponent(revoke[1] ?? '');
      const a = accounts.find((x) => x.refreshToken === rt);
      if (!a) return [404, { status: 'error', message: 'refresh token not found' }];
      a.refreshToken = `revoked-${randomUUID()}`;
      return [204, null];
    }
    if (method === 'POST' && path === '/oauth/v1/token') {
      const form = new URLSearchParams(raw);
      if (form.get('grant_type') === 'refresh_token') {
        const a = accounts.find((x) => x.refreshToken && x.refreshToken === form.get('refresh_token'));
        return a
          ? tokenAnswer(a)
          : [
              400,
              { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token', correlationId: randomUUID() },
            ];
      }
      const code = opts.authCodes?.[form.get('code') ?? ''];
      const a = code && accounts.find((x) => x.hubId === code.hubId);
      const verifier = form.get('code_verifier') ?? '';
      const challengeOk =
        !code?.codeChallenge || createHash('sha256').update(verifier).digest('base64url') === code.codeChallenge;
      if (!a || !challengeOk)
        return [400, { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code', correlationId: randomUUID() }];
      delete opts.authCodes?.[form.get('code') ?? ''];
      return tokenAnswer(a);
    }
    return null;
  }

  return oauth;
}
