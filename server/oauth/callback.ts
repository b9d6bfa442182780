/**
 * The OAuth callback's checks before anything is stored: the state was issued by Leadline, to this browser,
 * and is spent exactly once; the provider granted access and every required scope; then the code is exchanged
 * (PKCE) and the CRM account read.
 */
import type { Request, Response } from 'express';
import type { Connector, ExternalAccount, Grant, Provider } from '../../connectors/types.ts';
import { ConnectorError } from '../../connectors/types.ts';
import { audit } from '../auth/audit.ts';
import type { AppContext } from '../context.ts';
import { decryptSecret } from '../crypto/secrets.ts';
import type { OAuthState } from '../db/generated/client.ts';
import { badRequest, Problem } from '../http/problem.ts';
import { missingScopes } from '../sync/grants.ts';
import { forgetBrowser, sameBrowser } from './browser-binding.ts';
import { oauthStateSlot, verifyState } from './state.ts';

const badState = (detail: string) => new Problem(400, 'oauth-state', 'OAuth state refused', detail);

/** The callback's query as the route declares it. */
export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

/** The install's OAuthState, spent by this request (or a 400 saying why not). */
export async function spendState(
  ctx: AppContext,
  req: Request,
  res: Response,
  provider: Provider,
  state: string | undefined,
): Promise<OAuthState> {
  const { db, config } = ctx;
  if (!state) throw badState('The callback has no state parameter');
  const id = verifyState(config.jwtSecret, state);
  if (!id) throw badState('The state parameter was not issued by Leadline (tampered or malformed)');
  // Before anything is spent or exchanged: the browser that started this install must be the one back here.
  // (A spent state is refused below as a replay, whichever browser brings it.)
  const started = await db.oAuthState.findUnique({
    where: { id },
    select: { browserNonceHash: true, usedAt: true },
  });
  if (started && !started.usedAt && !sameBrowser(req, id, started.browserNonceHash)) {
    await audit(db, { action: 'oauth.browser_mismatch', meta: { provider, stateId: id }, ip: req.ip });
    throw badState(
      'This install was started in another browser. Start it again from Leadline (or the marketplace) in this browser.',
    );
  }
  forgetBrowser(res, id);
  // Spend the state atomically: of two callbacks with the same state, one wins.
  const spent = await db.oAuthState.updateMany({
    where: { id, provider, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  const row = await db.oAuthState.findUnique({ where: { id } });
  if (!row || row.provider !== provider) throw badState('The state parameter names no install of this provider');
  if (spent.count !== 1) {
    // usedAt is only set by a successful spend, so a set usedAt means a replay; otherwise it expired.
    throw badState(
      row.usedAt
        ? 'This install was already completed (the state was used before)'
        : 'This install took longer than 10 minutes; start again',
    );
  }
  return row;
}

/** What the provider granted for a spent state, and the CRM account it belongs to. */
export async function grantOfCallback(
  ctx: AppContext,
  connector: Connector,
  row: OAuthState,
  query: CallbackQuery,
): Promise<{ grant: Grant; account: ExternalAccount }> {
  if (query.error)
    throw new Problem(
      400,
      'oauth-denied',
      'Authorization not granted',
      `${connector.displayName} did not grant access: ${query.error}${query.error_description ? ` (${query.error_description})` : ''}`,
      { error: query.error },
    );
  if (!query.code) throw badRequest('The callback has no authorization code');

  let grant: Grant;
  try {
    grant = await connector.oauth.exchange({
      code: query.code,
      codeVerifier: decryptSecret(ctx.config, row.codeVerifierEnc, oauthStateSlot(row.id)),
      redirectUri: row.redirectUri,
    });
  } catch (err) {
    throw exchangeProblem(connector.displayName, err);
  }
  const missing = missingScopes(connector.oauth.requiredScopes, grant.scopes);
  if (missing.length) {
    await connector.oauth.revoke(grant).catch(() => {});
    throw new Problem(
      400,
      'oauth-missing-scopes',
      'Required permissions not granted',
      `${connector.displayName} granted access without: ${missing.join(', ')}. Install again and allow all requested permissions.`,
      { missingScopes: missing },
    );
  }
  let account: ExternalAccount;
  try {
    account = await connector.account(grant);
  } catch (err) {
    throw exchangeProblem(connector.displayName, err);
  }
  return { grant, account };
}

function exchangeProblem(name: string, err: unknown): Problem {
  const e = err instanceof ConnectorError ? err : null;
  if (e?.kind === 'transient')
    return new Problem(
      502,
      'oauth-provider',
      'Provider unavailable',
      `${name} could not be reached to finish the install; try again. (${e.message})`,
    );
  return new Problem(
    400,
    'oauth-exchange',
    'Authorization failed',
    `${name} refused the authorization code: ${e?.message ?? String((err as Error)?.message ?? err)}`,
  );
}
