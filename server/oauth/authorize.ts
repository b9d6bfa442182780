/**
 * Sending a browser to a provider's consent page: a fresh OAuthState row (PKCE verifier sealed for it, who is
 * installing where, bound to this browser) and the redirect, once the plan has room for the CRM.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { createPkcePair } from '../../connectors/shared/pkce.ts';
import { checkPlanLimit } from '../billing/limits.ts';
import type { Config } from '../config.ts';
import type { AppContext } from '../context.ts';
import { encryptSecret } from '../crypto/secrets.ts';
import { requireConnector } from '../sync/registry.ts';
import { bindBrowser } from './browser-binding.ts';
import { oauthStateSlot, signState, STATE_TTL_MS } from './state.ts';

/** Exactly `${PUBLIC_BASE_URL}/oauth/<provider>/callback`, as registered with each provider. */
export const redirectUri = (config: Config, provider: string) => `${config.PUBLIC_BASE_URL}/oauth/${provider}/callback`;

/** Refused before the provider's consent page rather than after it: the plan has no room for another CRM. */
export async function refuseOverPlan(ctx: AppContext, businessId: string, provider: string): Promise<void> {
  const existing = await ctx.db.connection.findUnique({
    where: { businessId_provider: { businessId, provider } },
    select: { status: true },
  });
  if (existing && existing.status !== 'disconnected') return;
  await checkPlanLimit(ctx.db, {
    businessId,
    limit: 'crmConnections',
    billingOn: Boolean(ctx.config.STRIPE_SECRET_KEY),
    provider,
  });
}

/** A new OAuthState (PKCE verifier, who is installing where) and the redirect to the provider's consent page. */
export async function toAuthorize(
  ctx: AppContext,
  res: Response,
  provider: string,
  businessId: string | null,
  accountId: string | null,
): Promise<void> {
  const { db, config } = ctx;
  const connector = requireConnector(ctx, provider);
  if (businessId) await refuseOverPlan(ctx, businessId, provider);
  const pkce = createPkcePair();
  const id = randomUUID(); // the verifier is sealed for its row, so the row id comes first
  const row = await db.oAuthState.create({
    data: {
      id,
      provider,
      businessId,
      accountId,
      browserNonceHash: bindBrowser(res, id),
      codeVerifierEnc: encryptSecret(config, pkce.codeVerifier, oauthStateSlot(id)),
      redirectUri: redirectUri(config, provider),
      expiresAt: new Date(Date.now() + STATE_TTL_MS),
    },
  });
  res.redirect(
    302,
    await connector.oauth.authorizeUrl({
      state: signState(config.jwtSecret, row.id),
      codeChallenge: pkce.codeChallenge,
      redirectUri: row.redirectUri,
    }),
  );
}
