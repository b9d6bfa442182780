/**
 * OAuth install / callback / uninstall for every connector (authorization code + PKCE S256).
 * The redirect URI is exactly `${PUBLIC_BASE_URL}/oauth/<provider>/callback`.
 */
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Provider } from '../../connectors/types.ts';
import { ConnectorError } from '../../connectors/types.ts';
import { createPkcePair } from '../../connectors/shared/pkce.ts';
import type { RouteModule } from '../app.ts';
import { audit } from '../auth/audit.ts';
import { requireAuth } from '../auth/principal.ts';
import { requireBusinessRole } from '../businesses/access.ts';
import { decryptSecret, encryptSecret } from '../crypto/secrets.ts';
import { badRequest, notFound, Problem } from '../http/problem.ts';
import { hit } from '../http/rate-limit.ts';
import { routeBuilder } from '../http/route.ts';
import { parkWork } from '../sync/connection-state.ts';
import { grantOf, missingScopes } from '../sync/grants.ts';
import { requireConnector } from '../sync/registry.ts';
import { completeInstall, type InstallResult } from './install.ts';
import { mintTicket, readTicket, signState, STATE_TTL_MS, TICKET_TTL_S, verifyState } from './state.ts';
import { renderInstalled } from './page.ts';

const providerParam = z.object({ provider: z.string().min(1).max(40) });
const badState = (detail: string) => new Problem(400, 'oauth-state', 'OAuth state refused', detail);

/** Bearer auth when a header is sent; the install route also accepts a ticket or no session at all. */
const optionalAuth = (auth: RequestHandler): RequestHandler => (req, res, next) => (req.headers.authorization ? auth(req, res, next) : next());

export const oauthRoutes: RouteModule = (ctx, registry) => {
  const r = Router();
  const { db, config } = ctx;
  const route = routeBuilder(r, registry, { prefix: '/oauth', tag: 'oauth' });
  const api = routeBuilder(r, registry, { prefix: '/api/v1', tag: 'connections', auth: true, before: [requireAuth(ctx)] });
  const redirectUri = (provider: string) => `${config.PUBLIC_BASE_URL}/oauth/${provider}/callback`;

  api({
    method: 'post', path: '/businesses/:id/connections/:provider/install-link', summary: 'A short-lived, single-use link a browser can open to connect a provider',
    params: providerParam.extend({ id: z.uuid() }), response: z.object({ url: z.string(), expiresIn: z.number() }),
  }, async ({ params, req }) => {
    requireConnector(ctx, params.provider);
    const access = await requireBusinessRole(db, req, params.id, 'admin');
    const ticket = await mintTicket(config.jwtSecret, { accountId: access.accountId, businessId: params.id, provider: params.provider });
    const url = `${config.PUBLIC_BASE_URL}/oauth/${params.provider}/install?businessId=${params.id}&ticket=${encodeURIComponent(ticket)}`;
    return { url, expiresIn: TICKET_TTL_S };
  });

  route({
    method: 'get', path: '/:provider/install', summary: 'Start an install: from Leadline (businessId + bearer or ticket) or from the marketplace (no session)',
    params: providerParam, query: z.object({ businessId: z.uuid().optional(), ticket: z.string().max(2000).optional() }),
    before: [optionalAuth(requireAuth(ctx))],
  }, async ({ params, query, req, res }) => {
    const connector = requireConnector(ctx, params.provider);
    let businessId: string | null = null;
    let accountId: string | null = null;
    if (query.ticket) {
      const t = await readTicket(config.jwtSecret, query.ticket);
      if (!t || t.provider !== params.provider || (query.businessId && query.businessId !== t.businessId)) throw badRequest('This install link is not valid or has expired; open it again from Leadline');
      if ((await hit(db, `oauth-ticket:${t.jti}`, TICKET_TTL_S + 60)).count > 1) throw badRequest('This install link was already used; open a new one from Leadline');
      // The role may have changed since the link was made.
      const m = await db.membership.findUnique({ where: { accountId_businessId: { accountId: t.accountId, businessId: t.businessId } } });
      if (!m || m.role === 'member') throw notFound('Business');
      businessId = t.businessId;
      accountId = t.accountId;
    } else if (query.businessId) {
      const access = await requireBusinessRole(db, req, query.businessId, 'admin');
      businessId = access.businessId;
      accountId = access.accountId;
    }
    const pkce = createPkcePair();
    const row = await db.oAuthState.create({
      data: { provider: params.provider, businessId, accountId, codeVerifierEnc: encryptSecret(config, pkce.codeVerifier), redirectUri: redirectUri(params.provider), expiresAt: new Date(Date.now() + STATE_TTL_MS) },
    });
    res.redirect(302, connector.oauth.authorizeUrl({ state: signState(config.jwtSecret, row.id), codeChallenge: pkce.codeChallenge, redirectUri: row.redirectUri }));
  });

  route({
    method: 'get', path: '/:provider/callback', summary: 'OAuth redirect target: verifies state, exchanges the code (PKCE), stores the connection',
    params: providerParam,
    query: z.object({ code: z.string().max(4000).optional(), state: z.string().max(500).optional(), error: z.string().max(200).optional(), error_description: z.string().max(1000).optional() }).loose(),
  }, async ({ params, query, req, res }) => {
    const connector = requireConnector(ctx, params.provider);
    const provider = params.provider as Provider;
    if (!query.state) throw badState('The callback has no state parameter');
    const id = verifyState(config.jwtSecret, query.state);
    if (!id) throw badState('The state parameter was not issued by Leadline (tampered or malformed)');
    // Spend the state atomically: of two callbacks with the same state, one wins.
    const spent = await db.oAuthState.updateMany({ where: { id, provider, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
    const row = await db.oAuthState.findUnique({ where: { id } });
    if (!row || row.provider !== provider) throw badState('The state parameter names no install of this provider');
    if (spent.count !== 1) {
      // usedAt is only set by a successful spend, so a set usedAt means a replay; otherwise it expired.
      throw badState(row.usedAt ? 'This install was already completed (the state was used before)' : 'This install took longer than 10 minutes; start again');
    }
    if (query.error) throw new Problem(400, 'oauth-denied', 'Authorization not granted', `${connector.displayName} did not grant access: ${query.error}${query.error_description ? ` (${query.error_description})` : ''}`, { error: query.error });
    if (!query.code) throw badRequest('The callback has no authorization code');

    let grant;
    try {
      grant = await connector.oauth.exchange({ code: query.code, codeVerifier: decryptSecret(config, row.codeVerifierEnc), redirectUri: row.redirectUri });
    } catch (err) {
      throw exchangeProblem(connector.displayName, err);
    }
    const missing = missingScopes(connector.oauth.requiredScopes, grant.scopes);
    if (missing.length) {
      await connector.oauth.revoke(grant).catch(() => {});
      throw new Problem(400, 'oauth-missing-scopes', 'Required permissions not granted', `${connector.displayName} granted access without: ${missing.join(', ')}. Install again and allow all requested permissions.`, { missingScopes: missing });
    }
    let account;
    try {
      account = await connector.account(grant);
    } catch (err) {
      throw exchangeProblem(connector.displayName, err);
    }
    const result = await completeInstall(ctx, { provider, connector, grant, account, businessId: row.businessId, accountId: row.accountId, ip: req.ip });
    if (req.accepts(['json', 'html']) === 'html') {
      res.status(200).type('html').send(renderInstalled(connector.displayName, result));
      return;
    }
    return installView(result);
  });

  route({
    method: 'post', path: '/:provider/uninstall', summary: 'Disconnect: revoke at the provider and delete the tokens', auth: true,
    params: providerParam, body: z.object({ businessId: z.uuid() }), before: [requireAuth(ctx)],
  }, async ({ params, body, req }) => {
    const connector = requireConnector(ctx, params.provider);
    const access = await requireBusinessRole(db, req, body.businessId, 'admin');
    const conn = await db.connection.findUnique({ where: { businessId_provider: { businessId: body.businessId, provider: params.provider } } });
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
        ctx.log.warn({ connectionId: conn.id, err }, 'revocation at the provider failed; tokens deleted locally anyway');
      }
    }
    await db.$transaction(async (tx) => {
      await tx.connection.update({ where: { id: conn.id }, data: { status: 'disconnected', accessTokenEnc: null, refreshTokenEnc: null, tokenKeyId: null, expiresAt: null, lastError: revokeError } });
      await parkWork(tx, conn.id, 'connection disconnected');
    });
    await audit(db, { action: 'connection.disconnected', accountId: access.accountId, businessId: body.businessId, target: conn.id, meta: { provider: params.provider, revoked }, ip: req.ip });
    return { status: 'disconnected', revoked };
  });

  return r;
};

function exchangeProblem(name: string, err: unknown): Problem {
  const e = err instanceof ConnectorError ? err : null;
  if (e?.kind === 'transient') return new Problem(502, 'oauth-provider', 'Provider unavailable', `${name} could not be reached to finish the install; try again. (${e.message})`);
  return new Problem(400, 'oauth-exchange', 'Authorization failed', `${name} refused the authorization code: ${e?.message ?? String((err as Error)?.message ?? err)}`);
}

export function installView(r: InstallResult) {
  return {
    connection: { id: r.connection.id, provider: r.connection.provider, status: r.connection.status, externalAccountId: r.connection.externalAccountId, externalName: r.connection.externalName, scopes: r.connection.scopes },
    business: r.business,
    createdAccount: r.createdAccount,
    createdBusiness: r.createdBusiness,
    setupUrl: r.setupUrl,
    resumed: r.resumed,
    backfilled: r.backfilled,
  };
}
