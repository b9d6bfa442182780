/**
 * OAuth install / callback / uninstall for every connector (authorization code + PKCE S256).
 * The redirect URI is exactly `${PUBLIC_BASE_URL}/oauth/<provider>/callback`.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Provider } from '../../connectors/types.ts';
import type { RouteModule } from '../http/route-module.ts';
import { audit } from '../auth/audit.ts';
import { requireAuth } from '../auth/principal.ts';
import { requireVerified } from '../auth/verified.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import { clientBucket } from '../http/client-bucket.ts';
import { limit } from '../http/rate-limit.ts';
import { notFound } from '../http/problem.ts';
import { routeBuilder } from '../http/route.ts';
import { parkWork } from '../sync/connection-state.ts';
import { grantOf } from '../sync/grants.ts';
import { requireConnector } from '../sync/registry.ts';
import { redirectUri, refuseOverPlan, toAuthorize } from './authorize.ts';
import { grantOfCallback, spendState } from './callback.ts';
import { finishInstall } from './install.ts';
import { installOut, installView, pendingOut } from './install-view.ts';
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
import { acceptTicket, installUrl, mintTicket, spendTicket, TICKET_TTL_S } from './tickets.ts';

const providerParam = z.object({ provider: z.string().min(1).max(40) });

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
      await refuseOverPlan(ctx, params.id, params.provider);
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
            return toAuthorize(ctx, res, params.provider, t.businessId, t.accountId);
          }
          const business = await db.business.findUniqueOrThrow({ where: { id: t.businessId }, select: { name: true } });
          const probe = await connector.oauth.authorizeUrl({
            state: 'x',
            codeChallenge: 'x',
            redirectUri: redirectUri(config, params.provider),
          });
          const page = {
            provider: connector.displayName,
            businessName: business.name,
            action: `/oauth/${params.provider}/install`,
            ticket,
            authorizeOrigin: new URL(probe).origin,
          };
          return t.use === 'install' ? installPage(page) : reconnectPage(page);
        });
      }
      if (query.businessId) {
        const access = await requireBusinessRole(db, req, query.businessId, 'admin');
        await requireVerified(db, access);
        return toAuthorize(ctx, res, params.provider, access.businessId, access.accountId);
      }
      // Anonymous (marketplace): each request writes a state row, so it is rate-limited per client.
      await limit(db, `oauth-install:${clientBucket(req.ip)}`, config.AUTH_RATE_LIMIT_PER_MINUTE, 60);
      return toAuthorize(ctx, res, params.provider, null, null);
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
        return toAuthorize(ctx, res, params.provider, t.businessId, t.accountId);
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
      const row = await spendState(ctx, req, res, provider, query.state);
      const { grant, account } = await grantOfCallback(ctx, connector, row, query);
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
