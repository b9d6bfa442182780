/**
 * OAuth install / callback / uninstall for every connector (authorization code + PKCE S256).
 * The redirect URI is exactly `${PUBLIC_BASE_URL}/oauth/<provider>/callback`.
 */
import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { ExternalAccount, Grant, Provider } from '../../connectors/types.ts';
import { ConnectorError } from '../../connectors/types.ts';
import { createPkcePair } from '../../connectors/shared/pkce.ts';
import type { RouteModule } from '../http/route-module.ts';
import { audit } from '../auth/audit.ts';
import { requireAuth } from '../auth/principal.ts';
import { requireVerified } from '../auth/verified.ts';
import { checkPlanLimit } from '../billing/limits.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import { clientBucket } from '../http/client-bucket.ts';
import { limit } from '../http/rate-limit.ts';
import { decryptSecret, encryptSecret } from '../crypto/secrets.ts';
import { badRequest, notFound, Problem } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { parkWork } from '../sync/connection-state.ts';
import { grantOf, missingScopes } from '../sync/grants.ts';
import { requireConnector } from '../sync/registry.ts';
import { finishInstall, installOut, installView, pendingOut } from './install.ts';
import {
  asPage,
  formBody,
  installedPage,
  installPage,
  pendingPage,
  reconnectPage,
  sendPage,
  wantsHtml,
} from './page.ts';
import { heldInstallRoutes } from './held-installs.ts';
import { setupRoutes } from './setup-routes.ts';
import { bindBrowser, forgetBrowser, sameBrowser } from './browser-binding.ts';
import { oauthStateSlot, signState, STATE_TTL_MS, verifyState } from './state.ts';
import { acceptTicket, installUrl, mintTicket, spendTicket, TICKET_TTL_S } from './tickets.ts';

const providerParam = z.object({ provider: z.string().min(1).max(40) });
const badState = (detail: string) => new Problem(400, 'oauth-state', 'OAuth state refused', detail);

/** Bearer auth when a header is sent; the install route also accepts a ticket or no session at all. */
const optionalAuth =
  (auth: RequestHandler): RequestHandler =>
  (req, res, next) =>
    req.headers.authorization ? auth(req, res, next) : next();

export const oauthRoutes: RouteModule = (ctx, registry) => {
  const r = Router();
  const { db, config } = ctx;
  const route = routeBuilder(r, registry, { prefix: '/oauth', tag: 'oauth' });
  const api = routeBuilder(r, registry, {
    prefix: '/api/v1',
    tag: 'connections',
    auth: true,
    before: [requireAuth(ctx)],
  });
  const redirectUri = (provider: string) => `${config.PUBLIC_BASE_URL}/oauth/${provider}/callback`;

  api(
    {
      method: 'post',
      path: '/businesses/:id/connections/:provider/install-link',
      summary: 'A short-lived, single-use link a browser can open to connect a provider',
      params: providerParam.extend({ id: z.uuid() }),
      response: z.object({ url: z.string(), expiresIn: z.number() }),
    },
    async ({ params, req }) => {
      requireConnector(ctx, params.provider);
      const access = await requireBusinessRole(db, req, params.id, 'admin');
      await requireVerified(db, access);
      await refuseOverPlan(params.id, params.provider);
      const t = {
        accountId: access.accountId,
        businessId: params.id,
        provider: params.provider,
        use: 'install' as const,
      };
      return {
        url: installUrl(config.PUBLIC_BASE_URL, t, await mintTicket(config.jwtSecret, t)),
        expiresIn: TICKET_TTL_S.install,
      };
    },
  );

  /** Refused before the provider's consent page rather than after it: the plan has no room for another CRM. */
  async function refuseOverPlan(businessId: string, provider: string) {
    const existing = await db.connection.findUnique({
      where: { businessId_provider: { businessId, provider } },
      select: { status: true },
    });
    if (existing && existing.status !== 'disconnected') return;
    await checkPlanLimit(db, {
      businessId,
      limit: 'crmConnections',
      billingOn: Boolean(config.STRIPE_SECRET_KEY),
      provider,
    });
  }

  /** A new OAuthState (PKCE verifier, who is installing where) and the redirect to the provider's consent page. */
  async function toAuthorize(res: Response, provider: string, businessId: string | null, accountId: string | null) {
    const connector = requireConnector(ctx, provider);
    if (businessId) await refuseOverPlan(businessId, provider);
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
        redirectUri: redirectUri(provider),
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

  route(
    {
      method: 'get',
      path: '/:provider/install',
      summary:
        'Start an install: from Leadline (businessId + bearer or ticket) or from the marketplace (no session); an e-mailed reconnect ticket first shows a confirm page',
      status: 302,
      alsoAnswers: [
        {
          status: 200,
          description: 'A browser with a ticket: the page naming the business it connects',
          responseType: 'text/html',
        },
      ],
      params: providerParam,
      query: z.object({ businessId: z.uuid().optional(), ticket: z.string().max(2000).optional() }),
      before: [optionalAuth(requireAuth(ctx))],
    },
    async ({ params, query, req, res }) => {
      const connector = requireConnector(ctx, params.provider);
      const ticket = query.ticket;
      if (ticket) {
        return asPage(req, res, async () => {
          const t = await acceptTicket(ctx, ticket, params.provider, query.businessId);
          // A browser is shown which business it is connecting before it leaves for the provider; API clients
          // (and the app opening the link itself) go straight on.
          if (t.use === 'install' && !wantsHtml(req)) {
            await spendTicket(db, t);
            return toAuthorize(res, params.provider, t.businessId, t.accountId);
          }
          const business = await db.business.findUniqueOrThrow({ where: { id: t.businessId }, select: { name: true } });
          const probe = await connector.oauth.authorizeUrl({
            state: 'x',
            codeChallenge: 'x',
            redirectUri: redirectUri(params.provider),
          });
          if (t.use === 'install')
            return installPage({
              provider: connector.displayName,
              businessName: business.name,
              action: `/oauth/${params.provider}/install`,
              ticket,
              authorizeOrigin: new URL(probe).origin,
            });
          return reconnectPage({
            provider: connector.displayName,
            businessName: business.name,
            action: `/oauth/${params.provider}/install`,
            ticket,
            authorizeOrigin: new URL(probe).origin,
          });
        });
      }
      if (query.businessId) {
        const access = await requireBusinessRole(db, req, query.businessId, 'admin');
        await requireVerified(db, access);
        return toAuthorize(res, params.provider, access.businessId, access.accountId);
      }
      // Anonymous (marketplace): each request writes a state row, so it is rate-limited per client.
      await limit(db, `oauth-install:${clientBucket(req.ip)}`, config.AUTH_RATE_LIMIT_PER_MINUTE, 60);
      return toAuthorize(res, params.provider, null, null);
    },
  );

  route(
    {
      method: 'post',
      path: '/:provider/install',
      summary: 'Start an install with a ticket posted by the reconnect page (spends the ticket)',
      status: 302,
      params: providerParam,
      body: z.object({ ticket: z.string().max(2000) }),
      before: [formBody],
    },
    async ({ params, body, req, res }) =>
      asPage(req, res, async () => {
        requireConnector(ctx, params.provider);
        const t = await acceptTicket(ctx, body.ticket, params.provider);
        await spendTicket(db, t);
        return toAuthorize(res, params.provider, t.businessId, t.accountId);
      }),
  );

  route(
    {
      method: 'get',
      path: '/:provider/callback',
      summary: 'OAuth redirect target: verifies state, exchanges the code (PKCE), stores the connection',
      response: installOut,
      alsoAnswers: [
        { status: 200, description: 'A browser: the page saying it is connected', responseType: 'text/html' },
        { status: 202, description: 'Held until the owner of the matching account confirms it', response: pendingOut },
        { status: 202, description: 'A browser: the page saying so', responseType: 'text/html' },
      ],
      params: providerParam,
      query: z
        .object({
          code: z.string().max(4000).optional(),
          state: z.string().max(500).optional(),
          error: z.string().max(200).optional(),
          error_description: z.string().max(1000).optional(),
        })
        .loose(),
    },
    async ({ params, query, req, res }) => {
      const connector = requireConnector(ctx, params.provider);
      const provider = params.provider as Provider;
      if (!query.state) throw badState('The callback has no state parameter');
      const id = verifyState(config.jwtSecret, query.state);
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
          codeVerifier: decryptSecret(config, row.codeVerifierEnc, oauthStateSlot(row.id)),
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
      const result = await finishInstall(ctx, {
        provider,
        connector,
        grant,
        account,
        businessId: row.businessId,
        accountId: row.accountId,
        ip: req.ip,
      });
      if ('pending' in result) {
        if (wantsHtml(req)) return sendPage(res, pendingPage(connector.displayName, result));
        res
          .status(202)
          .json({ status: 'pending_confirmation', provider, confirmationEmailedTo: result.confirmationEmailedTo });
        return;
      }
      if (wantsHtml(req)) return sendPage(res, installedPage(connector.displayName, result));
      return installView(result);
    },
  );

  route(
    {
      method: 'post',
      path: '/:provider/uninstall',
      summary: 'Disconnect: revoke at the provider and delete the tokens',
      response: z.object({ status: z.literal('disconnected'), revoked: z.boolean() }),
      auth: true,
      params: providerParam,
      body: z.object({ businessId: z.uuid() }),
      before: [requireAuth(ctx)],
    },
    async ({ params, body, req }) => {
      const connector = requireConnector(ctx, params.provider);
      const access = await requireBusinessRole(db, req, body.businessId, 'admin');
      const conn = await db.connection.findUnique({
        where: { businessId_provider: { businessId: body.businessId, provider: params.provider } },
      });
      if (!conn) throw notFound('Connection');
      let revoked = false;
      let revokeError: string | null = null;
      if (conn.accessTokenEnc) {
        try {
          await connector.oauth.revoke(grantOf(config, conn));
          revoked = true;
        } catch (err) {
          // Local deletion still happens: we stop holding the tokens even if the provider is unreachable.
          revokeError = (err as Error)?.message ?? String(err);
          ctx.log.warn(
            { connectionId: conn.id, err },
            'revocation at the provider failed; tokens deleted locally anyway',
          );
        }
      }
      await db.$transaction(async (tx) => {
        await tx.connection.update({
          where: { id: conn.id },
          data: {
            status: 'disconnected',
            accessTokenEnc: null,
            refreshTokenEnc: null,
            tokenKeyId: null,
            expiresAt: null,
            lastError: revokeError,
          },
        });
        await parkWork(tx, conn.id, 'connection disconnected');
        await audit(tx, {
          action: 'connection.disconnected',
          accountId: access.accountId,
          businessId: body.businessId,
          target: conn.id,
          meta: { provider: params.provider, revoked },
          ip: req.ip,
        });
      });
      return { status: 'disconnected', revoked };
    },
  );

  setupRoutes(ctx, r, registry);
  heldInstallRoutes(ctx, r, registry);
  return r;
};

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
